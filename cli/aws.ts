import { LambdaClient } from "@aws-sdk/client-lambda";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { type AwsClients, createClients } from "../reconciler/engine/clients";
import type { RunContext } from "../reconciler/engine/types";
import { CliError } from "./local";
import { EXIT } from "./usage";

/** `--profile` and `--region`, as every command that calls AWS takes them. */
export interface AwsOptions {
  readonly profile?: string | undefined;
  readonly region?: string | undefined;
}

export const AWS_OPTION_SPEC = {
  profile: { type: "string" },
  region: { type: "string" },
} as const;

const profileOf = (o: AwsOptions) => (o.profile ? { profile: o.profile } : {});

/**
 * The Region: `--region`, else what the SDK finds (AWS_REGION, the profile's `region`). The SDK's own
 * "Region is missing" says nothing of how to give one; this says to pass it.
 */
export async function resolveRegion(options: AwsOptions): Promise<string> {
  if (options.region) return options.region;
  try {
    return await new STSClient(profileOf(options)).config.region();
  } catch (e) {
    if ((e as Error).message !== "Region is missing") throw e;
    const profile = options.profile ? ` of profile ${options.profile}` : "";
    throw new CliError(
      `no AWS Region: pass --region <region> (for example --region eu-west-1), or set AWS_REGION, or set the region${profile} in ~/.aws/config`,
      EXIT.failed,
    );
  }
}

/** The engine's clients and run context from the caller's credentials: account and partition from STS. */
export async function awsContext(
  options: AwsOptions,
  ownerId: string,
): Promise<{ clients: AwsClients; context: RunContext }> {
  const region = await resolveRegion(options);
  const sts = new STSClient({ region, ...profileOf(options) });
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  const partition = identity.Arn?.split(":")[1] ?? "aws";
  return {
    clients: createClients({ region, ...profileOf(options) }),
    context: { accountId: identity.Account ?? "", region, partition, ownerId },
  };
}

/** The Lambda client `invoke` uses. */
export async function lambdaClient(options: AwsOptions): Promise<LambdaClient> {
  return new LambdaClient({ region: await resolveRegion(options), ...profileOf(options) });
}

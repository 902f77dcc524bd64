import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { CUSTOM_RESOURCE_SOURCE, ENV } from "../common/constants";
import type { Report } from "../common/types";
import { SCHEDULE_INPUT } from "../component/constants";
import { createHandler, type Handler } from "../reconciler/handler";
import { createSimulatedClients, SimulatedAccount } from "../sim";

export const ACCOUNT = "111122223333";
export const REGION = "eu-west-1";
export const PARAM = "/echo-ptc/echo-cache/config";
export const ROLE = "echo-pullthrough-cache-role";
export const PREFIX = "echo";
const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:echo-cache-reconciler`;

/** The config every measurement deploys: defaults plus one user tag (so tag drift has something to fix). */
export const BASE_CONFIG = {
  version: 1,
  sourceRegistryAccountId: "123456789012",
  sourceRegistryRegion: "us-east-1",
  tags: { team: "platform" },
};

export const lambdaContext = {
  invokedFunctionArn: FUNCTION_ARN,
  functionName: "echo-cache-reconciler",
  getRemainingTimeInMillis: () => 300_000,
};

const CREATE_EVENT = {
  tf: { action: "create", prev_input: null },
  source: CUSTOM_RESOURCE_SOURCE,
  deletionPolicy: "delete",
  deploymentId: FUNCTION_ARN,
};

export interface Deployment {
  readonly account: SimulatedAccount;
  readonly handler: Handler;
  putConfig(config: unknown): void;
  /** One scheduled run (what EventBridge Scheduler sends): its report and wall time in ms. */
  scheduled(): Promise<{ report: Report; ms: number }>;
  /** One scheduled run of a new handler on the same account (SDK clients built from cold), in ms. */
  coldScheduled(): Promise<{ report: Report; ms: number }>;
}

export interface DeployOptions {
  readonly logger?: Logger;
  readonly metrics?: Metrics;
}

/**
 * A simulated account deployed by the custom resource's create, as `pulumi up` does, through the real
 * handler and SDK clients. Fails loudly if the deploy did not converge: every figure assumes it did.
 */
export async function deployed(options: DeployOptions = {}): Promise<Deployment> {
  const account = new SimulatedAccount({ accountId: ACCOUNT, region: REGION });
  const putConfig = (config: unknown) =>
    account.seed("ssm", "PutParameter", {
      Name: PARAM,
      Value: JSON.stringify(config),
      Type: "String",
      Overwrite: true,
    });
  putConfig(BASE_CONFIG);
  const makeHandler = () =>
    createHandler({
      clients: () => createSimulatedClients(account, { backoffMs: () => 0 }),
      logger: options.logger ?? new Logger({ logLevel: "SILENT" }),
      metrics: options.metrics ?? new Metrics({ namespace: "Bench", serviceName: "bench" }),
      env: {
        [ENV.configParameterName]: PARAM,
        [ENV.ownerId]: "bench/dev/echo-cache",
        [ENV.cacheName]: "echo-cache",
      },
      sleep: async () => {},
    });
  const handler = makeHandler();
  const created = await handler(CREATE_EVENT, lambdaContext);
  if (created.status !== "REMEDIATED") throw new Error(`deploy did not converge: ${created.status}`);
  const timed = async (run: Handler) => {
    const start = performance.now();
    const report = await run(SCHEDULE_INPUT, lambdaContext);
    return { report, ms: performance.now() - start };
  };
  const scheduled = () => timed(handler);
  const first = await scheduled(); // warms the clients; a run right after the deploy must be in sync
  if (first.report.status !== "IN_SYNC") throw new Error(`not in sync after deploy: ${first.report.status}`);
  account.resetCalls();
  return { account, handler, putConfig, scheduled, coldScheduled: () => timed(makeHandler()) };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

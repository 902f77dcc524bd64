import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { CUSTOM_RESOURCE_SOURCE, ENV } from "../common/constants";
import type { Report } from "../common/types";
import { createHandler } from "../reconciler/handler";
import { createSimulatedClients, SimulatedAccount } from "../sim";
import { formatFleetStep, runFleetDemo } from "./fleetDemo";
import { formatReport } from "./format";

/** The simulated customer account and function the demo runs in. */
export const DEMO = {
  accountId: "111122223333",
  region: "eu-west-1",
  echoAccountId: "123456789012",
  functionName: "echo-cache-reconciler",
  configParameterName: "/echo-ptc/echo-cache/config",
  ownerId: "demo/dev/echo-cache",
} as const;

const functionArn = `arn:aws:lambda:${DEMO.region}:${DEMO.accountId}:function:${DEMO.functionName}`;

export interface DemoStep {
  readonly title: string;
  readonly report?: Report;
  readonly error?: string;
}

function lambdaContext() {
  return {
    invokedFunctionArn: functionArn,
    functionName: DEMO.functionName,
    getRemainingTimeInMillis: () => 300_000,
  };
}

/**
 * The story a user lives through, on a simulated account, through the real handler and engine:
 * deploy → in sync → upstream refused → drift → detect → remediate → prefix change (with a repository
 * template) → invalid edit → destroy.
 */
export async function runDemo(emit: (step: DemoStep) => void): Promise<SimulatedAccount> {
  const account = new SimulatedAccount({ accountId: DEMO.accountId, region: DEMO.region });
  // The demo prints its own tables: the Lambda's log line and EMF metrics would repeat them.
  process.env.POWERTOOLS_METRICS_DISABLED = "true";
  // The simulated clients are real SDK clients; the SDK's Node-version notice is noise on a simulated account.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  const handler = createHandler({
    clients: () => createSimulatedClients(account, { backoffMs: () => 0 }),
    logger: new Logger({ logLevel: "SILENT" }),
    metrics: new Metrics({ namespace: "Demo", serviceName: "demo" }),
    env: {
      [ENV.configParameterName]: DEMO.configParameterName,
      [ENV.ownerId]: DEMO.ownerId,
      [ENV.cacheName]: "echo-cache",
    },
    sleep: async () => {},
  });
  const putConfig = (config: unknown) =>
    account.seed("ssm", "PutParameter", {
      Name: DEMO.configParameterName,
      Value: JSON.stringify(config),
      Type: "String",
      Overwrite: true,
    });
  const ssmChange = {
    source: "aws.ssm",
    "detail-type": "Parameter Store Change",
    detail: { name: DEMO.configParameterName, operation: "Update" },
  };
  const invoke = async (title: string, event: unknown) => {
    try {
      emit({ title, report: await handler(event, lambdaContext()) });
    } catch (e) {
      emit({ title, error: `${(e as Error).name}: ${(e as Error).message}` });
    }
  };
  const base = { version: 1, sourceRegistryAccountId: DEMO.echoAccountId, sourceRegistryRegion: "us-east-1" };

  putConfig(base);
  await invoke("1. pulumi up: the custom resource creates the role and the rule", {
    tf: { action: "create", prev_input: null },
    source: CUSTOM_RESOURCE_SOURCE,
    deletionPolicy: "delete",
    deploymentId: functionArn,
  });
  await invoke("2. the schedule runs 15 minutes later: in sync, zero writes", {
    action: "reconcile",
    trigger: "schedule",
  });

  // Echo's registry policy stops granting this account: ECR's validation says so before a pull fails.
  const upstream = `${DEMO.echoAccountId}.dkr.ecr.us-east-1.amazonaws.com`;
  account.deniedUpstreams.add(upstream);
  await invoke(
    "2b. Echo's registry no longer grants this account: DEGRADED, pulls fail until the grant is back",
    {
      action: "reconcile",
      trigger: "schedule",
    },
  );
  account.deniedUpstreams.delete(upstream);

  const roleName = "echo-pullthrough-cache-role";
  account.seed("iam", "UpdateAssumeRolePolicy", {
    RoleName: roleName,
    PolicyDocument: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "pullthroughcache.ecr.amazonaws.com" },
          Action: "sts:AssumeRole",
        },
        {
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${DEMO.accountId}:root` },
          Action: "sts:AssumeRole",
        },
      ],
    }),
  });
  account.seed("iam", "AttachRolePolicy", {
    RoleName: roleName,
    PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
  });
  account.seed("ecr", "DeletePullThroughCacheRule", { ecrRepositoryPrefix: "echo" });
  putConfig({ ...base, mode: "detect" });
  await invoke(
    "3. someone widens the trust policy, attaches AdministratorAccess and deletes the rule; mode is detect: reported, not fixed",
    ssmChange,
  );
  await invoke('4. an operator remediates by hand: {"action":"remediate"}', { action: "remediate" });

  const renamed = {
    ...base,
    repositoryPrefix: "echo-images",
    repositoryTemplate: { expireUntaggedAfterDays: 14, keepLastImages: 100 },
  };
  putConfig(renamed);
  await invoke(
    "5. an SSM edit changes the prefix to echo-images and adds repository settings: new rule, role and template, the old ones removed",
    ssmChange,
  );

  putConfig({ ...base, sourceRegistryAccountId: "12345", repositoryPrefix: "Echo//Images", colour: "blue" });
  const afterEdit = JSON.stringify(account.snapshot());
  await invoke("6. an invalid edit is rejected with every bad field, and nothing changes", ssmChange);
  emit({
    title: `6b. AWS state after the invalid edit is unchanged: ${JSON.stringify(account.snapshot()) === afterEdit}`,
  });

  putConfig(renamed);
  await invoke("7. pulumi destroy: the custom resource removes everything the reconciler owns", {
    tf: { action: "delete", prev_input: null },
    source: CUSTOM_RESOURCE_SOURCE,
    deletionPolicy: "delete",
    deploymentId: functionArn,
  });
  await invoke("8. destroy again: nothing left to remove", {
    tf: { action: "delete", prev_input: null },
    source: CUSTOM_RESOURCE_SOURCE,
    deletionPolicy: "delete",
    deploymentId: functionArn,
  });
  return account;
}

/** Prints the story as tables, or as one JSON report per line with `json`; then the fleet chapter. */
export async function printDemo(write: (text: string) => void, json: boolean): Promise<void> {
  await runDemo((step) => {
    if (json) {
      write(
        `${JSON.stringify({ step: step.title, ...(step.report ? { report: step.report } : {}), ...(step.error ? { error: step.error } : {}) })}\n`,
      );
      return;
    }
    write(`\n== ${step.title}\n`);
    if (step.report) write(`${formatReport(step.report)}\n`);
    if (step.error) write(`thrown: ${step.error}\n`);
  });
  await runFleetDemo((step) => {
    if (!json) {
      write(formatFleetStep(step));
      return;
    }
    const fleet = step.rows.map((r) => ({
      accountId: r.cache.accountId,
      region: r.cache.region,
      cache: r.cache.name,
      status: r.report.status,
      unhealthy: r.unhealthy,
      causes: r.causes,
      writes: r.report.writes,
    }));
    write(`${JSON.stringify({ step: step.title, fleet })}\n`);
  });
}

import { join } from "node:path";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { CUSTOM_RESOURCE_SOURCE, ENV } from "../../../common/constants";
import { createHandler, type Handler, type HandlerOptions } from "../../../reconciler/handler";
import { createSimulatedClients, SimulatedAccount } from "../../../sim";

export const ACCOUNT = "111122223333";
export const REGION = "eu-west-1";
export const PARAM = "/echo-ptc/echo-cache/config";
export const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:echo-cache-reconciler`;
export const OWNER = "proj/dev/echo-cache";

export const context = {
  invokedFunctionArn: FUNCTION_ARN,
  functionName: "echo-cache-reconciler",
  getRemainingTimeInMillis: () => 300_000,
};

export const customResource = (
  action: "create" | "update" | "delete",
  over: Record<string, unknown> = {},
) => ({
  tf: { action, prev_input: null },
  source: CUSTOM_RESOURCE_SOURCE,
  deletionPolicy: "delete",
  deploymentId: FUNCTION_ARN,
  ...over,
});

export const ssmChange = {
  version: "0",
  source: "aws.ssm",
  "detail-type": "Parameter Store Change",
  detail: { name: PARAM, type: "String", operation: "Update" },
};

/**
 * The handler as `npm run build` bundles it (dist/lambda/index.js, which npm test builds before jest), for the
 * tests about a whole run: what ships, not only the modules.
 */
export function builtCreateHandler(): (options: HandlerOptions) => Handler {
  // The bundle is CommonJS, loaded as Lambda loads it.
  return require(join(__dirname, "..", "..", "..", "dist", "lambda", "index.js")).createHandler;
}

export interface SetUpOptions {
  /** Run the built bundle's handler instead of the TypeScript modules. */
  readonly built?: boolean;
  readonly account?: SimulatedAccount;
  /** The handler's sleep (backoff, lease waits); default: resolves at once. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** A simulated account with the config parameter, and the real handler wired to it. */
export function setUp(
  config: unknown = { version: 1, sourceRegistryAccountId: "123456789012" },
  extraEnv: Record<string, string> = {},
  options: SetUpOptions = {},
) {
  const account = options.account ?? new SimulatedAccount({ accountId: ACCOUNT, region: REGION });
  const putConfig = (c: unknown) =>
    account.seed("ssm", "PutParameter", {
      Name: PARAM,
      Value: typeof c === "string" ? c : JSON.stringify(c),
      Type: "String",
      Overwrite: true,
    });
  if (config !== null) putConfig(config);
  const create = options.built ? builtCreateHandler() : createHandler;
  const handler = create({
    clients: () => createSimulatedClients(account),
    logger: new Logger({ serviceName: "test", logLevel: "SILENT" }),
    metrics: new Metrics({ namespace: "Test", serviceName: "test" }),
    env: {
      [ENV.configParameterName]: PARAM,
      [ENV.ownerId]: OWNER,
      [ENV.cacheName]: "echo-cache",
      ...extraEnv,
    },
    sleep: options.sleep ?? (async () => {}),
  });
  /** The writes since `mark`, as `service:Operation`; not the lease's (test/reconciler/engine/reconcile.test.ts). */
  const writesSince = (mark: number) =>
    account.calls
      .slice(mark)
      .filter(
        (c) =>
          c.write && !c.error && !(c.input as { Name?: string }).Name?.startsWith(`${PARAM}.state/lease/`),
      )
      .map((c) => `${c.service}:${c.operation}`);
  return { account, handler, putConfig, writesSince };
}

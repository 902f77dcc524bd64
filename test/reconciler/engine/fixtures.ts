import { ECRClient } from "@aws-sdk/client-ecr";
import { IAMClient } from "@aws-sdk/client-iam";
import { SSMClient } from "@aws-sdk/client-ssm";
import { type Config, parseConfig } from "../../../common/config/schema";
import { type DesiredState, desiredState } from "../../../reconciler/engine/desired";
import type { EngineDeps } from "../../../reconciler/engine/reconcile";
import type { RunContext } from "../../../reconciler/engine/types";

export const CONTEXT: RunContext = {
  accountId: "111122223333",
  region: "eu-west-1",
  partition: "aws",
  ownerId: "proj/dev/echo-cache",
};
export const CONFIG_PARAMETER = "/echo-ptc/echo-cache/config";
export const STATE_PARAMETER = `${CONFIG_PARAMETER}.state`;

/** A valid config with defaults applied, overridden by `over`. */
export function config(over: Record<string, unknown> = {}): Config {
  const r = parseConfig({ version: 1, sourceRegistryAccountId: "123456789012", ...over });
  if (!r.ok) throw new Error(r.errors.join("; "));
  return r.config;
}

export function desired(over: Record<string, unknown> = {}): DesiredState {
  return desiredState(config(over), CONTEXT);
}

export function newClients() {
  return {
    iam: new IAMClient({ region: CONTEXT.region }),
    ecr: new ECRClient({ region: CONTEXT.region }),
    ssm: new SSMClient({ region: CONTEXT.region }),
  };
}

export function deps(clients: ReturnType<typeof newClients>, over: Partial<EngineDeps> = {}): EngineDeps {
  return {
    clients,
    context: CONTEXT,
    configParameterName: CONFIG_PARAMETER,
    stateParameterName: STATE_PARAMETER,
    sleep: async () => {},
    ...over,
  };
}

import type { RunAction } from "../../common/types";
import type { ApplyOptions } from "./apply";
import type { AwsClients } from "./clients";
import type { LeaseRun } from "./lease";
import { type DocumentStore, type LeaseStore, SsmStore } from "./store";
import type { RunContext } from "./types";

/** What a run is built from: only entry points (the handler, the CLI, the demo) construct it. */
export interface EngineDeps {
  readonly clients: Pick<AwsClients, "iam" | "ecr" | "ssm">;
  readonly context: RunContext;
  readonly configParameterName: string;
  readonly stateParameterName: string;
  readonly sleep?: ApplyOptions["sleep"];
  readonly remainingMs?: ApplyOptions["remainingMs"];
  readonly propagationDelaysMs?: ApplyOptions["propagationDelaysMs"];
  /** Where config and record live; default: the two SSM parameters. */
  readonly store?: DocumentStore;
  /** The clock (the simulated account's, in tests). */
  readonly now?: () => Date;
  /**
   * Whether `adopt: true` in the config is honoured. The Lambda sets it only when the deployment allows
   * adopting (the component's args), so an SSM edit alone cannot take over other resources. Default true.
   */
  readonly allowAdopt?: boolean;
  /**
   * The execution role's policy may have been attached or changed seconds ago (the custom resource's create or
   * update): an access denial of the first read (engine/load.ts) or of a step (engine/apply.ts) is retried for
   * about a minute.
   */
  readonly youngPermissions?: boolean;
}

export interface RunRequest {
  readonly action: RunAction;
  /** Apply even in detect mode (the Pulumi custom resource's create/update: an explicit deploy). */
  readonly enforce?: boolean;
  /** Identity of the custom-resource deployment asking (engine/deployment.ts). */
  readonly deploymentId?: string;
  /** The custom resource's create or update (a create adds an instance: engine/deployment.ts). */
  readonly lifecycle?: "create" | "update";
  /** The run is the Pulumi custom resource's (see `RunFacts.deploy`). */
  readonly deploy?: boolean;
}

export function storeOf(deps: EngineDeps): DocumentStore {
  return (
    deps.store ??
    new SsmStore(deps.clients.ssm, deps.configParameterName, deps.stateParameterName, deps.context.ownerId)
  );
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The loop's timing: real sleeps and no deadline unless the entry point gives them. */
export function applyOptionsOf(deps: EngineDeps, recentlyPropagated?: boolean): ApplyOptions {
  return {
    sleep: deps.sleep ?? realSleep,
    remainingMs: deps.remainingMs ?? (() => Number.POSITIVE_INFINITY),
    ...(deps.propagationDelaysMs ? { propagationDelaysMs: deps.propagationDelaysMs } : {}),
    ...(recentlyPropagated !== undefined ? { recentlyPropagated } : {}),
    ...(deps.youngPermissions ? { youngPermissions: true } : {}),
  };
}

/** What the lease needs of a run: its clock, its deadline, its sleep. */
export function leaseRunOf(deps: EngineDeps, store: LeaseStore): LeaseRun {
  return {
    store,
    now: () => deps.now?.() ?? new Date(),
    remainingMs: deps.remainingMs ?? (() => Number.POSITIVE_INFINITY),
    sleep: deps.sleep ?? realSleep,
  };
}

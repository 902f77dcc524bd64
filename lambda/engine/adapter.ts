import type { Difference, Observation, ResourceType } from "../core/types";

/**
 * One AWS write call, as data: planned by an adapter (pure), printed by plan mode, sent by `execute`.
 */
export interface Step {
  /** `service:Operation`, e.g. `iam:UpdateAssumeRolePolicy`. */
  readonly operation: string;
  /** What the call acts on, for the report. */
  readonly target: string;
  /** The SDK command input. */
  readonly input: Readonly<Record<string, unknown>>;
  /** The call changes a role that ECR must be able to assume (IAM is eventually consistent). */
  readonly propagates?: boolean;
  /** The call may fail until an earlier `propagates` step has reached ECR: retry it with bounded backoff. */
  readonly awaitsPropagation?: boolean;
}

/**
 * What the generic loop needs of one kind of AWS resource (crossplane's Observe/Create/Update/Delete).
 *
 * Contract: `observe` never mutates and maps not-found to `{ exists: false }`; `diff`, `needsReplace` and the
 * `*Steps` functions are pure; `execute` sends exactly one call. Every step is idempotent given a fresh
 * observation, so a partial apply is finished by the next run.
 */
export interface ResourceAdapter<Desired, Actual> {
  readonly type: ResourceType;
  /** Lower orders are created/updated first and deleted last (a rule needs its role). */
  readonly order: number;
  /** Kinds that must be in place first: when one of them fails, this one waits for the next run. */
  readonly dependsOn: readonly ResourceType[];
  observe(id: string): Promise<Observation<Actual>>;
  diff(desired: Desired, actual: Actual): Difference[];
  needsReplace(differences: readonly Difference[]): boolean;
  createSteps(desired: Desired): Step[];
  updateSteps(desired: Desired, actual: Actual, differences: readonly Difference[]): Step[];
  deleteSteps(actual: Actual): Step[];
  execute(step: Step): Promise<void>;
}

import type { ResourceType } from "../../common/types";
import type { FieldDifference } from "./difference";
import { call } from "./errors";
import type { Observation } from "./types";

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
  /**
   * Why this kind is never replaced, if it is not: a difference that needs a replace is then a conflict
   * for a person to resolve, whatever `allowReplace` says.
   */
  readonly noReplace?: string;
  observe(id: string): Promise<Observation<Actual>>;
  diff(desired: Desired, actual: Actual): FieldDifference[];
  needsReplace(differences: readonly FieldDifference[]): boolean;
  createSteps(desired: Desired): Step[];
  updateSteps(desired: Desired, actual: Actual, differences: readonly FieldDifference[]): Step[];
  deleteSteps(actual: Actual): Step[];
  execute(step: Step): Promise<void>;
}

/** The SDK command class for each planned operation of one adapter. */
// biome-ignore lint/suspicious/noExplicitAny: command classes differ per operation; the step's input is checked by the SDK.
export type CommandTable = Readonly<Record<string, new (input: any) => any>>;

/** A client that sends any command of its service. */
export interface CommandSender {
  // biome-ignore lint/suspicious/noExplicitAny: see CommandTable.
  send(command: any): Promise<unknown>;
}

/** Sends one planned step with the adapter's client; a failure names the operation (see `call`). */
export async function sendStep(client: CommandSender, commands: CommandTable, step: Step): Promise<void> {
  const Command = commands[step.operation];
  if (!Command) throw new Error(`no command for ${step.operation}`);
  await call(step.operation, step.target, () => client.send(new Command(step.input)));
}

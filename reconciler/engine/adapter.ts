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
  /**
   * The call does not need the steps before it: when one of them fails, this one is still sent. Without it a
   * failed step stops the item's remaining steps (a policy cannot be put on a role that was not created).
   */
  readonly independent?: boolean;
}

/** What a step learnt that the record keeps: for a create, what identifies the thing it made. */
export interface StepResult {
  /** When AWS created the resource (a rule's `createdAt`, as ISO text). */
  readonly createdAt?: string;
}

/**
 * Which kind of resource: what the loop, the record and `dependsOn` tell kinds apart by. Two kinds may share
 * a report `type`: the role ECR pulls with and the role it creates repositories with are both IAM roles.
 */
export type KindName = "role" | "rule" | "template" | "templateRole";

/** How a report names a kind that another one waits for. */
export const KIND_LABELS: Readonly<Record<KindName, string>> = {
  role: "AWS::IAM::Role",
  rule: "AWS::ECR::PullThroughCacheRule",
  template: "AWS::ECR::RepositoryCreationTemplate",
  templateRole: "the template's AWS::IAM::Role",
};

/**
 * The pure facts of one kind of AWS resource, kept in its folder (`resources/<kind>/kind.ts`): where it goes
 * in the order, what it depends on, how it is compared and which calls fix it. No I/O.
 */
export interface ResourceKind<Desired, Actual> {
  readonly kind: KindName;
  /** The CloudFormation type reports show. */
  readonly type: ResourceType;
  /** Lower orders are created/updated first and deleted last (a rule needs its role). */
  readonly order: number;
  /** Kinds that must be in place first: when one of them fails, this one waits for the next run. */
  readonly dependsOn: readonly KindName[];
  /**
   * Why this kind is never replaced, if it is not: a difference that needs a replace is then a conflict
   * for a person to resolve, whatever `allowReplace` says.
   */
  readonly noReplace?: string;
  /**
   * What proves a resource of this kind ours, when more than "we created it" should be said: a conflict's
   * reason then says which evidence is missing.
   */
  readonly notOurs?: string;
  diff(desired: Desired, actual: Actual): FieldDifference[];
  needsReplace(differences: readonly FieldDifference[]): boolean;
  createSteps(desired: Desired): Step[];
  updateSteps(desired: Desired, actual: Actual, differences: readonly FieldDifference[]): Step[];
  deleteSteps(actual: Actual): Step[];
}

/**
 * What the generic loop needs of one kind of AWS resource (crossplane's Observe/Create/Update/Delete): the
 * kind's pure facts, and the two calls that do I/O.
 *
 * Contract: `observe` never mutates and maps not-found to `{ exists: false }`; `diff`, `needsReplace` and the
 * `*Steps` functions are pure; `execute` sends exactly one call. Every step is idempotent given a fresh
 * observation, so a partial apply is finished by the next run.
 */
export interface ResourceAdapter<Desired, Actual> extends ResourceKind<Desired, Actual> {
  observe(id: string): Promise<Observation<Actual>>;
  /**
   * Sends one step. A write whose response was lost is finished, not failed: a delete that meets
   * not-found is done, and a create that meets already-exists is done when the resource is as it asked.
   */
  execute(step: Step): Promise<StepResult | undefined>;
}

/** An adapter whose pure part is its kind's: subclasses add only `observe` and `execute`. */
export abstract class KindAdapter<Desired, Actual> implements ResourceAdapter<Desired, Actual> {
  readonly kind: KindName;
  readonly type: ResourceType;
  readonly order: number;
  readonly dependsOn: readonly KindName[];
  readonly noReplace?: string;
  readonly notOurs?: string;

  protected constructor(private readonly facts: ResourceKind<Desired, Actual>) {
    this.kind = facts.kind;
    this.type = facts.type;
    this.order = facts.order;
    this.dependsOn = facts.dependsOn;
    if (facts.noReplace !== undefined) this.noReplace = facts.noReplace;
    if (facts.notOurs !== undefined) this.notOurs = facts.notOurs;
  }

  abstract observe(id: string): Promise<Observation<Actual>>;
  abstract execute(step: Step): Promise<StepResult | undefined>;

  diff(desired: Desired, actual: Actual): FieldDifference[] {
    return this.facts.diff(desired, actual);
  }
  needsReplace(differences: readonly FieldDifference[]): boolean {
    return this.facts.needsReplace(differences);
  }
  createSteps(desired: Desired): Step[] {
    return this.facts.createSteps(desired);
  }
  updateSteps(desired: Desired, actual: Actual, differences: readonly FieldDifference[]): Step[] {
    return this.facts.updateSteps(desired, actual, differences);
  }
  deleteSteps(actual: Actual): Step[] {
    return this.facts.deleteSteps(actual);
  }
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
export async function sendStep(client: CommandSender, commands: CommandTable, step: Step): Promise<unknown> {
  const Command = commands[step.operation];
  if (!Command) throw new Error(`no command for ${step.operation}`);
  return call(step.operation, step.target, () => client.send(new Command(step.input)));
}

/**
 * Sends a delete step; not-found means done. The SDK retries a delete whose response was lost (a 5xx or a
 * timeout after AWS acted), and the retry then meets not-found: the thing is gone, as asked.
 */
export async function sendDelete(
  client: CommandSender,
  commands: CommandTable,
  step: Step,
  isNotFound: (e: unknown) => boolean,
): Promise<undefined> {
  try {
    await sendStep(client, commands, step);
  } catch (e) {
    if (!isNotFound((e as Error).cause ?? e)) throw e;
  }
  return undefined;
}

/**
 * The slice of a Pulumi stack the custom resource's lifecycle turns on (the config parameter, the reconciler
 * function, the Invocation), driven as the Pulumi engine drives it (docs/aws-facts.md, "Pulumi engine"):
 *
 * - `up` runs the program: creates what is new, updates what changed, replaces create-before-delete (the old
 *   resource is deleted at the end of the deployment, after every create and update), runs an update of a
 *   resource left with init errors even when nothing changed, and retries at the next `up` a deletion that
 *   failed; the first failure stops the deployment;
 * - `up({ refresh: true })` first reads what exists: a function deleted out of band leaves the state; the
 *   Invocation's read is a no-op, which clears its init errors;
 * - `destroy` does not run the program: it deletes what the state holds, the Invocation first (it depends on
 *   the rest), with the stored input; when that fails, what it depends on stays;
 * - `preview` says what `up` would do to the Invocation, changing nothing; `stateDelete` is
 *   `pulumi state delete` of the Invocation (nothing invoked); `up({ cancelDuringCreate: true })` is an `up`
 *   cancelled while the first create ran (it applied; Pulumi stored nothing).
 */
import type { InstanceIdentity } from "../../component/naming";
import type { SimulatedAccount } from "../../sim";
import {
  diffInvocation,
  type InvocationArgs,
  InvocationProvider,
  type InvocationState,
  InvocationUpdateFailedError,
  type SentInvocation,
} from "./invocationProvider";
import { LambdaService, VirtualClock } from "./lambdaService";
import { newlyAllowedBy } from "./policyChange";
import { type DesiredStack, type ProgramOptions, program } from "./program";

export interface UpOptions extends Omit<ProgramOptions, "args"> {
  /** `pulumi up --replace <urn of the Invocation>`. */
  readonly replace?: boolean;
  /** `pulumi up --refresh`. */
  readonly refresh?: boolean;
  /**
   * The deployment is cancelled (Ctrl-C, a lost connection) while the Invocation's first create runs: the Invoke
   * applies, and Pulumi stores nothing (a pending create, dropped at the next `up`).
   */
  readonly cancelDuringCreate?: boolean;
}

/** `pulumi up` was cancelled. */
export class DeploymentCancelledError extends Error {
  override readonly name = "DeploymentCancelled";
}

interface StackState {
  parameter?: { readonly name: string; readonly value: string };
  fn?: DesiredStack["fn"];
  invocation?: InvocationState;
  /** Replaced resources whose deletion has not succeeded yet. */
  readonly oldInvocations: InvocationState[];
  readonly oldFunctions: string[];
}

export interface StackOptions {
  /** Shared by the stacks of one world (several Regions). */
  readonly clock?: VirtualClock;
  /**
   * How long the execution role's policy takes to reach the services (IAM eventual consistency) once Pulumi
   * attached it (the function is new: every call is denied until then) or changed it (an update: what the
   * new statements allow is denied until then). Default 0.
   */
  readonly iamPropagationMs?: number;
}

/** One stack with one component instance, deploying into `account` (one account and Region). */
export class EmulatedStack {
  readonly clock: VirtualClock;
  /** StackOptions.iamPropagationMs, for the next `up`s. */
  iamPropagationMs: number;
  readonly lambda: LambdaService;
  readonly provider: InvocationProvider;
  readonly state: StackState = { oldInvocations: [], oldFunctions: [] };

  constructor(
    readonly account: SimulatedAccount,
    readonly identity: InstanceIdentity,
    options: StackOptions = {},
  ) {
    this.clock = options.clock ?? new VirtualClock();
    this.iamPropagationMs = options.iamPropagationMs ?? 0;
    account.clock = () => this.clock.now();
    this.lambda = new LambdaService(account, this.clock);
    this.provider = new InvocationProvider(this.lambda);
  }

  /** Every Invoke the provider sent, in order. */
  get sent(): readonly SentInvocation[] {
    return this.provider.sent;
  }

  /** `pulumi up` with the program's args. */
  async up(args: ProgramOptions["args"], options: UpOptions = {}): Promise<void> {
    if (options.refresh) this.refresh();
    const desired = program(this.identity, (n) => this.lambda.arnOf(n), { ...options, args });
    this.putParameter(desired.parameter);
    this.putFunction(desired.fn);
    await this.putInvocation(desired.invocation, options);
    await this.deleteReplaced();
  }

  /** `pulumi preview`: what the provider's diff says of the Invocation for these args; changes nothing. */
  preview(args: ProgramOptions["args"], options: Omit<UpOptions, "refresh" | "replace"> = {}) {
    const desired = program(this.identity, (n) => this.lambda.arnOf(n), { ...options, args });
    const stored = this.state.invocation;
    return stored === undefined ? "create" : diffInvocation(stored, desired.invocation);
  }

  /** `pulumi state delete <urn of the Invocation>`: forgets it, invoking nothing. */
  stateDelete(): void {
    this.state.invocation = undefined;
  }

  /** `pulumi destroy`: from the state alone. */
  async destroy(): Promise<void> {
    const { invocation } = this.state;
    if (invocation !== undefined) {
      await this.provider.delete(invocation);
      this.state.invocation = undefined;
    }
    await this.deleteReplaced();
    if (this.state.fn !== undefined) this.lambda.delete(this.state.fn.name);
    this.state.fn = undefined;
    if (this.state.parameter !== undefined) {
      this.account.seed("ssm", "DeleteParameter", { Name: this.state.parameter.name });
      this.state.parameter = undefined;
    }
  }

  private refresh(): void {
    if (this.state.fn !== undefined && !this.lambda.exists(this.state.fn.name)) this.state.fn = undefined;
    const { invocation } = this.state;
    if (invocation?.initErrors !== undefined) {
      const { initErrors: _cleared, ...read } = invocation;
      this.state.invocation = read;
    }
  }

  private putParameter(desired: DesiredStack["parameter"]): void {
    const stored = this.state.parameter;
    if (stored !== undefined && (desired.ignoreValueChanges || stored.value === desired.value)) return;
    this.account.seed("ssm", "PutParameter", {
      Name: desired.name,
      Value: desired.value,
      Type: "String",
      Overwrite: stored !== undefined,
    });
    this.state.parameter = { name: desired.name, value: desired.value };
  }

  /**
   * The execution role's policy, then the function (the Invocation depends on both, so Pulumi updates them
   * first and invokes at once).
   */
  private putFunction(desired: DesiredStack["fn"]): void {
    const stored = this.state.fn;
    const same = stored?.name === desired.name;
    if (stored !== undefined && !same) this.state.oldFunctions.push(stored.name);
    if (
      this.iamPropagationMs > 0 &&
      (!same || JSON.stringify(stored?.policy) !== JSON.stringify(desired.policy))
    )
      this.propagate(desired, same ? stored?.policy : undefined);
    const unchanged = same && JSON.stringify(stored?.env) === JSON.stringify(desired.env);
    if (!unchanged) this.lambda.put(desired.name, desired.env);
    this.state.fn = desired;
  }

  /** The policy attached to a new function's role, or changed from `before`, starts propagating now. */
  private propagate(desired: DesiredStack["fn"], before: DesiredStack["fn"]["policy"] | undefined): void {
    // The role name is illustrative: the emulation keeps no execution role; the denial only quotes it.
    const principalArn = `arn:aws:sts::${this.account.accountId}:assumed-role/${this.identity.name}-reconciler-1a2b3c4/${desired.name}`;
    const { accountId, region } = this.account;
    const site = {
      partition: "aws",
      accountId,
      region,
      roleTags: (name: string) => this.account.snapshot().roles[name]?.tags,
    };
    this.account.attachCallerPolicy(desired.name, {
      principalArn,
      propagationMs: this.iamPropagationMs,
      ...(before ? { newlyAllowed: newlyAllowedBy(before, desired.policy, site) } : {}),
    });
  }

  private async putInvocation(args: InvocationArgs, options: UpOptions): Promise<void> {
    const stored = this.state.invocation;
    if (stored === undefined) {
      const created = await this.provider.create(args);
      if (options.cancelDuringCreate) throw new DeploymentCancelledError("pulumi up was cancelled");
      this.state.invocation = created;
      return;
    }
    const diff = options.replace ? "replace" : diffInvocation(stored, args);
    if (diff === "replace") {
      const created = await this.provider.create(args);
      this.state.oldInvocations.push(stored);
      this.state.invocation = created;
      return;
    }
    if (diff === "none" && stored.initErrors === undefined) return;
    try {
      this.state.invocation = await this.provider.update(stored, args);
    } catch (e) {
      if (e instanceof InvocationUpdateFailedError) this.state.invocation = e.state;
      throw e;
    }
  }

  /** The end of a deployment: replaced Invocations, then replaced functions (dependents first). */
  private async deleteReplaced(): Promise<void> {
    for (const old of [...this.state.oldInvocations]) {
      await this.provider.delete(old);
      this.state.oldInvocations.splice(this.state.oldInvocations.indexOf(old), 1);
    }
    for (const name of this.state.oldFunctions.splice(0)) this.lambda.delete(name);
  }
}

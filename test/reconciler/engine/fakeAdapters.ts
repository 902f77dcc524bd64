/**
 * Adapters kept in memory for the loop's tests: the plan comes from the real diff functions, `execute`
 * records each step and may fail as AWS would.
 */
import type { Config } from "../../../common/config/schema";
import { RESOURCE_TYPES, type ResourceType } from "../../../common/types";
import type { KindName, ResourceAdapter, Step } from "../../../reconciler/engine/adapter";
import type { ApplyOptions } from "../../../reconciler/engine/apply";
import { desiredState } from "../../../reconciler/engine/desired";
import type { FieldDifference } from "../../../reconciler/engine/difference";
import { AwsCallError } from "../../../reconciler/engine/errors";
import type { Item } from "../../../reconciler/engine/plan";
import type { Observation } from "../../../reconciler/engine/types";
import { diffRole } from "../../../reconciler/resources/role/diff";
import type { DesiredRole, RoleActual } from "../../../reconciler/resources/role/types";
import { diffRule, ruleNeedsReplace } from "../../../reconciler/resources/rule/diff";
import type { DesiredRule, RuleActual } from "../../../reconciler/resources/rule/types";
import { CTX, configOf } from "../builders";

export type Fail = (step: Step, attempt: number) => unknown;

/** An adapter kept in memory: the plan comes from the real diff functions, `execute` records and may fail. */
export class FakeAdapter<D, A> implements ResourceAdapter<D, A> {
  readonly executed: Step[] = [];
  /** As the real adapters: a rule needs its role. */
  readonly dependsOn: readonly KindName[];
  readonly type: ResourceType;
  fail: Fail = () => undefined;

  constructor(
    readonly kind: KindName,
    readonly order: number,
    private readonly log: string[],
    private readonly spec: {
      diff(d: D, a: A): FieldDifference[];
      needsReplace(ds: readonly FieldDifference[]): boolean;
      create(d: D): Step[];
      update(d: D, a: A, ds: readonly FieldDifference[]): Step[];
      delete(a: A): Step[];
    },
  ) {
    this.dependsOn = kind === "rule" ? ["role"] : [];
    this.type = kind === "rule" ? RESOURCE_TYPES.rule : RESOURCE_TYPES.role;
  }

  observe(): Promise<Observation<A>> {
    throw new Error("planItems and applyPlan never observe");
  }
  diff(d: D, a: A): FieldDifference[] {
    return this.spec.diff(d, a);
  }
  needsReplace(ds: readonly FieldDifference[]): boolean {
    return this.spec.needsReplace(ds);
  }
  createSteps(d: D): Step[] {
    return this.spec.create(d);
  }
  updateSteps(d: D, a: A, ds: readonly FieldDifference[]): Step[] {
    return this.spec.update(d, a, ds);
  }
  deleteSteps(a: A): Step[] {
    return this.spec.delete(a);
  }
  async execute(step: Step): Promise<undefined> {
    const attempt = this.executed.filter((s) => s === step).length;
    this.executed.push(step);
    this.log.push(`${step.operation} ${step.target}`);
    const cause = this.fail(step, attempt);
    // Wrapped like the real adapters do (engine/errors.ts `call`).
    if (cause !== undefined) throw new AwsCallError(step.operation, step.target, cause);
    return undefined;
  }
}

/**
 * Role steps, simplified: each write is marked `propagates`, as the real adapter marks CreateRole, PutRolePolicy
 * and UpdateAssumeRolePolicy (they change what ECR can assume).
 */
export function fakeRoleAdapter(log: string[]): FakeAdapter<DesiredRole, RoleActual> {
  return new FakeAdapter<DesiredRole, RoleActual>("role", 1, log, {
    diff: diffRole,
    needsReplace: () => false,
    create: (d) => [
      { operation: "iam:CreateRole", target: d.name, input: {}, propagates: true },
      { operation: "iam:PutRolePolicy", target: d.name, input: {}, propagates: true },
    ],
    update: (d) => [{ operation: "iam:UpdateRole", target: d.name, input: {}, propagates: true }],
    delete: (a) => [{ operation: "iam:DeleteRole", target: a.name, input: {} }],
  });
}

/** Rule steps as the real adapter plans them: create and update may wait for the role to reach ECR. */
export function fakeRuleAdapter(log: string[]): FakeAdapter<DesiredRule, RuleActual> {
  return new FakeAdapter<DesiredRule, RuleActual>("rule", 2, log, {
    diff: diffRule,
    needsReplace: ruleNeedsReplace,
    create: (d) => [
      {
        operation: "ecr:CreatePullThroughCacheRule",
        target: d.ecrRepositoryPrefix,
        input: {},
        awaitsPropagation: true,
      },
    ],
    update: (d) => [
      {
        operation: "ecr:UpdatePullThroughCacheRule",
        target: d.ecrRepositoryPrefix,
        input: {},
        awaitsPropagation: true,
      },
    ],
    delete: (a) => [
      { operation: "ecr:DeletePullThroughCacheRule", target: a.ecrRepositoryPrefix, input: {} },
    ],
  });
}

export const awsError = (name: string): Error => Object.assign(new Error(`${name}: simulated`), { name });

export function item<D, A>(adapter: FakeAdapter<D, A>, id: string, desired: D | undefined, actual?: A): Item {
  return {
    adapter,
    id,
    ...(desired !== undefined ? { desired } : {}),
    observation: actual === undefined ? { exists: false } : { exists: true, actual },
    owned: true,
  };
}

/** A fresh world: desired state, adapters sharing one call log, and a sleep that only records. */
export function world(config: Config = configOf()) {
  const desired = desiredState(config, CTX);
  const log: string[] = [];
  const sleeps: number[] = [];
  const role = fakeRoleAdapter(log);
  const rule = fakeRuleAdapter(log);
  const options: ApplyOptions = {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    remainingMs: () => 900_000,
    propagationDelaysMs: [100, 200, 400],
  };
  const ruleActual: RuleActual = {
    ecrRepositoryPrefix: desired.rule.ecrRepositoryPrefix,
    upstreamRegistryUrl: desired.rule.upstreamRegistryUrl,
    customRoleArn: desired.rule.customRoleArn,
  };
  return { desired, log, sleeps, role, rule, options, ruleActual };
}

export const OPTIONS = { adopt: false, adoptRefused: false, allowReplace: true };

/**
 * What the reconciler may touch: every "is this ours?" rule, in one place, pure. Each kind's rule lives in
 * its folder (`resources/<kind>/ownership.ts`); this module gathers the evidence each needs from what was
 * observed and from the record, and turns observations into the items the plan decides on.
 *
 * - A role is ours while it carries our ownership tag (resources/role/ownership.ts): the template's role too.
 *   One whose tag names another owner is another deployment's (`claim`: another Region's, as IAM role names
 *   are account-wide).
 * - A rule is ours while the record names it (its creation time) and it points at a role carrying our tag
 *   (resources/rule/ownership.ts).
 * - A template is ours while its description is our mark (resources/template/ownership.ts).
 *
 * Anything else is not ours: it is never changed or deleted, only reported (a CONFLICT when the config wants
 * its name), unless the run policy allows adopting it.
 */

import type { RoleAdapter } from "../resources/role/adapter";
import { roleClaim, roleIsOurs, roleOwner } from "../resources/role/ownership";
import type { DesiredRole, RoleActual } from "../resources/role/types";
import { ruleIsOurs } from "../resources/rule/ownership";
import type { RuleActual } from "../resources/rule/types";
import { templateIsOurs } from "../resources/template/ownership";
import type { DesiredState } from "./desired";
import type { Adapters, Observed, Targets } from "./observe";
import type { Item } from "./plan";
import { type OwnershipRecord, pendingKey } from "./record";
import { failed, type Observation, type Settled } from "./types";

export interface OwnershipInput {
  readonly adapters: Adapters;
  readonly targets: Targets;
  readonly observed: Observed;
  readonly desired?: DesiredState;
  readonly record: OwnershipRecord;
  readonly ownerId: string;
  /** The run is the stack owner's deploy: it may trust entries of an older record (see `ruleOwnership`). */
  readonly trustOlderRecord?: boolean;
}

const actualOf = <T>(o: Settled<Observation<T>> | undefined): T | undefined =>
  o !== undefined && !failed(o) && o.exists ? o.actual : undefined;

/**
 * Templates, then roles, then template roles, then rules (the loop orders by kind; the report sorts): each
 * with `owned` decided.
 */
export function ownedItems(input: OwnershipInput): Item[] {
  const { adapters, targets, observed, desired } = input;
  return [
    ...templateItems(input),
    ...roleItems(input, adapters.role, targets.roleNames, observed.roles, desired?.role),
    ...roleItems(
      input,
      adapters.templateRole,
      targets.templateRoleNames,
      observed.templateRoles,
      desired?.templateRole,
    ),
    ...ruleItems(input),
  ];
}

function templateItems({ adapters, targets, observed, desired, ownerId }: OwnershipInput): Item[] {
  return targets.templatePrefixes.map((prefix) => {
    const observation = observed.templates.get(prefix) ?? { exists: false };
    const actual = actualOf(observation);
    const wanted = desired?.template !== undefined && desired.template.prefix === prefix;
    return {
      adapter: adapters.template,
      id: prefix,
      ...(wanted ? { desired: desired.template } : {}),
      observation,
      owned: actual !== undefined && templateIsOurs(actual, ownerId),
    };
  });
}

/** The items of one role kind: the pull role's, or the template role's (the same rule: our tag). */
function roleItems(
  { ownerId }: OwnershipInput,
  adapter: RoleAdapter,
  names: readonly string[],
  observations: Observed["roles"],
  desired: DesiredRole | undefined,
): Item[] {
  const field = adapter.kind === "templateRole" ? "repositoryTemplate.roleName" : "roleName";
  return names.map((name) => {
    const observation = observations.get(name) ?? { exists: false };
    const actual = actualOf(observation);
    const wanted = desired !== undefined && name.toLowerCase() === desired.name.toLowerCase();
    const claim = wanted && actual !== undefined ? roleClaim(actual, desired, ownerId, field) : undefined;
    return {
      adapter,
      id: name,
      ...(wanted ? { desired } : {}),
      observation,
      owned: actual !== undefined && roleIsOurs(actual, ownerId),
      ...(claim ? { claim } : {}),
    };
  });
}

/** The role a rule points at, as observed (by name among the targets, or read because the rule points at it). */
function pointedRole(observed: Observed, arn: string): Settled<Observation<RoleActual>> | undefined {
  for (const o of [...observed.roles.values(), ...observed.templateRoles.values()])
    if (actualOf(o)?.arn === arn) return o;
  return observed.pointedRoles.get(arn);
}

function ruleItems(input: OwnershipInput): Item[] {
  const { adapters, targets, observed, desired } = input;
  const rules = observed.rules;
  return targets.rulePrefixes.map((prefix) => {
    const actual: RuleActual | undefined = failed(rules) ? undefined : rules.get(prefix);
    const role =
      actual?.customRoleArn === undefined ? undefined : pointedRole(observed, actual.customRoleArn);
    // Whose the rule is depends on whose its role is: a role we could not read leaves the rule unknown.
    const observation: Settled<Observation<RuleActual>> = failed(rules)
      ? rules
      : role !== undefined && failed(role)
        ? role
        : actual
          ? { exists: true, actual }
          : { exists: false };
    const wanted = desired?.rule.ecrRepositoryPrefix === prefix;
    const owned =
      actual !== undefined &&
      !failed(observation) &&
      ruleIsOurs(ruleEvidence(input, prefix, actual, actualOf(role)), input.ownerId);
    return {
      adapter: adapters.rule,
      id: prefix,
      ...(wanted ? { desired: desired?.rule } : {}),
      observation,
      owned,
    };
  });
}

/** The evidence about one observed rule: what the record, ECR and IAM say of it. */
function ruleEvidence(
  input: OwnershipInput,
  prefix: string,
  actual: RuleActual,
  role: RoleActual | undefined,
) {
  const { record, desired, adapters } = input;
  const pendingSince = record.pendingSince?.[pendingKey("rule", prefix)];
  const recordedCreatedAt = record.ruleCreatedAt?.[prefix];
  const asWanted =
    desired?.rule.ecrRepositoryPrefix === prefix && adapters.rule.diff(desired.rule, actual).length === 0;
  return {
    listed: record.rules.includes(prefix),
    ...(recordedCreatedAt !== undefined ? { recordedCreatedAt } : {}),
    ...(pendingSince !== undefined ? { pendingSince } : {}),
    ...(actual.createdAt !== undefined ? { createdAt: actual.createdAt } : {}),
    asWanted,
    roleExists: role !== undefined,
    roleOwner: role === undefined ? undefined : roleOwner(role),
    trustOlderRecord: input.trustOlderRecord === true,
  };
}

import { DEFAULT_UPSTREAM_REPOSITORY_PREFIX } from "../../../common/constants";
import { difference, type FieldDifference } from "../../engine/difference";
import type { DesiredRule, RuleActual } from "./types";

/** Whether ECR can change a rule field in place (UpdatePullThroughCacheRule) or the rule must be replaced. */
export type FieldUpdate = "in-place" | "replace";

/**
 * The rule's fields we manage and how each can change (docs/aws-facts.md, "Pull-through cache rules":
 * Update changes only credentialArn and customRoleArn). `unset` is the value an absent field means: ECR
 * applies `ROOT` when no upstream prefix is given.
 */
export const RULE_FIELDS: ReadonlyArray<{
  readonly field: (keyof RuleActual & keyof DesiredRule) | "credentialArn";
  readonly update: FieldUpdate;
  readonly unset?: string;
}> = [
  { field: "upstreamRegistryUrl", update: "replace" },
  { field: "upstreamRegistry", update: "replace", unset: "ecr" },
  { field: "upstreamRepositoryPrefix", update: "replace", unset: DEFAULT_UPSTREAM_REPOSITORY_PREFIX },
  // Echo's registry needs no Secrets Manager credential; one set out of band is removed by a replace, since
  // an update cannot clear it.
  { field: "credentialArn", update: "replace" },
  { field: "customRoleArn", update: "in-place" },
];

/** Differences of a rule from the desired one, in field-table order. */
export function diffRule(desired: DesiredRule, actual: RuleActual): FieldDifference[] {
  const out: FieldDifference[] = [];
  for (const { field, unset } of RULE_FIELDS) {
    const e = field === "credentialArn" ? undefined : desired[field];
    const a = actual[field] ?? unset;
    if (e !== a) out.push(difference(field, undefined, e, a));
  }
  return out;
}

/** True when some difference can only be fixed by deleting and re-creating the rule. */
export function ruleNeedsReplace(differences: readonly FieldDifference[]): boolean {
  return differences.some((d) => RULE_FIELDS.find((f) => f.field === d.field)?.update === "replace");
}

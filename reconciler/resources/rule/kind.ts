import { RESOURCE_TYPES } from "../../../common/types";
import type { ResourceKind } from "../../engine/adapter";
import { diffRule, ruleNeedsReplace } from "./diff";
import { ruleCreateSteps, ruleDeleteSteps, ruleUpdateSteps } from "./steps";
import type { DesiredRule, RuleActual } from "./types";

/** The pull-through cache rule: it needs its role, so it comes after it and is removed before it. */
export const ruleKind: ResourceKind<DesiredRule, RuleActual> = {
  kind: "rule",
  type: RESOURCE_TYPES.rule,
  order: 2,
  dependsOn: ["role"],
  notOurs:
    "exists but is not proven this reconciler's: a rule is ours only while our record names it (its creation time) and it points at a role carrying our ownership tag",
  diff: diffRule,
  needsReplace: ruleNeedsReplace,
  createSteps: ruleCreateSteps,
  updateSteps: (desired, _actual, differences) => ruleUpdateSteps(desired, differences),
  deleteSteps: ruleDeleteSteps,
};

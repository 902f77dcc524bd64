import { DEFAULT_UPSTREAM_REPOSITORY_PREFIX } from "../../../common/constants";
import type { Step } from "../../engine/adapter";
import { differentAt, type FieldDifference } from "../../engine/difference";
import type { DesiredRule, RuleActual } from "./types";

/** CreatePullThroughCacheRule; it may fail until a role created or changed this run has reached ECR. */
export function ruleCreateSteps(desired: DesiredRule): Step[] {
  return [
    {
      operation: "ecr:CreatePullThroughCacheRule",
      target: desired.ecrRepositoryPrefix,
      input: {
        ecrRepositoryPrefix: desired.ecrRepositoryPrefix,
        upstreamRegistryUrl: desired.upstreamRegistryUrl,
        upstreamRegistry: desired.upstreamRegistry,
        customRoleArn: desired.customRoleArn,
        // ECR applies ROOT itself, and refuses an upstream prefix on a ROOT rule.
        ...(desired.upstreamRepositoryPrefix !== DEFAULT_UPSTREAM_REPOSITORY_PREFIX
          ? { upstreamRepositoryPrefix: desired.upstreamRepositoryPrefix }
          : {}),
      },
      awaitsPropagation: true,
    },
  ];
}

/** Only customRoleArn can change in place; an update that sends nothing to change is never made. */
export function ruleUpdateSteps(desired: DesiredRule, differences: readonly FieldDifference[]): Step[] {
  if (!differentAt(differences, "customRoleArn")) return [];
  return [
    {
      operation: "ecr:UpdatePullThroughCacheRule",
      target: desired.ecrRepositoryPrefix,
      input: { ecrRepositoryPrefix: desired.ecrRepositoryPrefix, customRoleArn: desired.customRoleArn },
      awaitsPropagation: true,
    },
  ];
}

/** Deleting a rule keeps the repositories it already cached (docs/aws-facts.md, "Pull-through cache rules"). */
export function ruleDeleteSteps(actual: RuleActual): Step[] {
  return [
    {
      operation: "ecr:DeletePullThroughCacheRule",
      target: actual.ecrRepositoryPrefix,
      input: { ecrRepositoryPrefix: actual.ecrRepositoryPrefix },
    },
  ];
}

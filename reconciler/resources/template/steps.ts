import type { Step } from "../../engine/adapter";
import { tagList } from "../tags";
import type { DesiredTemplate, TemplateActual } from "./types";

function fields(desired: DesiredTemplate): Record<string, unknown> {
  return {
    prefix: desired.prefix,
    description: desired.description,
    appliedFor: [...desired.appliedFor],
    imageTagMutability: desired.imageTagMutability,
    // An empty lifecycle policy clears it on update; on create it is simply left out.
    lifecyclePolicy: desired.lifecyclePolicy,
    encryptionConfiguration: { ...desired.encryptionConfiguration },
    resourceTags: tagList(desired.resourceTags),
  };
}

export function templateCreateSteps(desired: DesiredTemplate): Step[] {
  const { lifecyclePolicy, ...rest } = fields(desired);
  return [
    {
      operation: "ecr:CreateRepositoryCreationTemplate",
      target: desired.prefix,
      input: { ...rest, ...(lifecyclePolicy ? { lifecyclePolicy } : {}) },
    },
  ];
}

/** UpdateRepositoryCreationTemplate sets every field: one call fixes any difference. */
export function templateUpdateSteps(desired: DesiredTemplate): Step[] {
  return [
    { operation: "ecr:UpdateRepositoryCreationTemplate", target: desired.prefix, input: fields(desired) },
  ];
}

export function templateDeleteSteps(actual: TemplateActual): Step[] {
  return [
    {
      operation: "ecr:DeleteRepositoryCreationTemplate",
      target: actual.prefix,
      input: { prefix: actual.prefix },
    },
  ];
}

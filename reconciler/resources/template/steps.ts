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
    // No field unsets a role: "" takes it off, as Terraform's provider does (docs/aws-facts.md, "Repository
    // creation templates"); on create it is simply left out.
    customRoleArn: desired.customRoleArn ?? "",
  };
}

/** A template naming our role may be refused until the role (created this run) has reached ECR. */
const waitsForRole = (desired: DesiredTemplate) =>
  desired.customRoleArn !== undefined ? { awaitsPropagation: true } : {};

export function templateCreateSteps(desired: DesiredTemplate): Step[] {
  const { lifecyclePolicy, customRoleArn, ...rest } = fields(desired);
  return [
    {
      operation: "ecr:CreateRepositoryCreationTemplate",
      target: desired.prefix,
      input: {
        ...rest,
        ...(lifecyclePolicy ? { lifecyclePolicy } : {}),
        ...(customRoleArn ? { customRoleArn } : {}),
      },
      ...waitsForRole(desired),
    },
  ];
}

/** UpdateRepositoryCreationTemplate sets every field: one call fixes any difference. */
export function templateUpdateSteps(desired: DesiredTemplate): Step[] {
  return [
    {
      operation: "ecr:UpdateRepositoryCreationTemplate",
      target: desired.prefix,
      input: fields(desired),
      ...waitsForRole(desired),
    },
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

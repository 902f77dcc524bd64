import type { Config, RepositoryTemplate } from "../../../common/config/schema";
import type { RunContext } from "../../engine/types";
import { templateOwnerMark } from "./ownership";
import type { DesiredTemplate } from "./types";

/** ECR lifecycle rules from the two simple settings; "" when neither is set. */
export function lifecyclePolicy(settings: {
  expireUntaggedAfterDays?: number;
  keepLastImages?: number;
}): string {
  const rules: Record<string, unknown>[] = [];
  if (settings.expireUntaggedAfterDays !== undefined) {
    rules.push({
      rulePriority: rules.length + 1,
      description: `Expire untagged images ${settings.expireUntaggedAfterDays} days after push`,
      selection: {
        tagStatus: "untagged",
        countType: "sinceImagePushed",
        countUnit: "days",
        countNumber: settings.expireUntaggedAfterDays,
      },
      action: { type: "expire" },
    });
  }
  if (settings.keepLastImages !== undefined) {
    rules.push({
      rulePriority: rules.length + 1,
      description: `Keep the last ${settings.keepLastImages} images`,
      selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: settings.keepLastImages },
      action: { type: "expire" },
    });
  }
  return rules.length === 0 ? "" : JSON.stringify({ rules });
}

/**
 * Whether the template needs a role of its own: ECR's service-linked role for templates may only call
 * ecr:CreateRepository, so KMS encryption or resource tags need a `customRoleArn` (docs/aws-facts.md,
 * "Repository creation templates").
 */
export function templateNeedsRole(t: RepositoryTemplate): boolean {
  return t.encryption === "KMS" || Object.keys(t.resourceTags).length > 0;
}

/**
 * The template the config's `repositoryTemplate` block asks for, or undefined without the block; `roleArn` is
 * the role it names, when it needs one.
 */
export function desiredTemplate(
  config: Config,
  ctx: RunContext,
  roleArn?: string,
): DesiredTemplate | undefined {
  const t = config.repositoryTemplate;
  if (t === undefined) return undefined;
  return {
    prefix: config.repositoryPrefix,
    description: templateOwnerMark(ctx.ownerId),
    appliedFor: ["PULL_THROUGH_CACHE"],
    imageTagMutability: t.imageTagMutability,
    lifecyclePolicy: lifecyclePolicy(t),
    encryptionConfiguration: {
      encryptionType: t.encryption,
      ...(t.kmsKeyArn !== undefined ? { kmsKey: t.kmsKeyArn } : {}),
    },
    resourceTags: t.resourceTags,
    ...(roleArn !== undefined ? { customRoleArn: roleArn } : {}),
  };
}

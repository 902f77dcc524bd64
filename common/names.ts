/**
 * AWS names both the reconciler and the component derive: one definition each, so the component's policies
 * name exactly what the reconciler makes.
 */
import { INLINE_POLICY_NAME_SUFFIX, TEMPLATE_INLINE_POLICY_NAME_SUFFIX } from "./constants";

/**
 * A repository prefix as the start of an IAM name. IAM names cannot hold `/`; it becomes `+`, which no prefix
 * can contain, so two prefixes never share a name (`team/a` → `team+a`, while `team-a` keeps its `-`).
 */
export function iamNameStem(repositoryPrefix: string): string {
  return repositoryPrefix.replace(/\//g, "+");
}

/**
 * The name of the reconciler's inline policy on its role, derived from the prefix like the default role name.
 *
 * @example
 * inlinePolicyName("echo"); // "echo-pullthrough-cache-upstream-access"
 * inlinePolicyName("team/a"); // "team+a-pullthrough-cache-upstream-access"
 */
export function inlinePolicyName(repositoryPrefix: string): string {
  return `${iamNameStem(repositoryPrefix)}${INLINE_POLICY_NAME_SUFFIX}`;
}

/**
 * The name of the inline policy on the template's role, derived from the prefix like the default role name.
 *
 * @example
 * templateInlinePolicyName("team/a"); // "team+a-pullthrough-template-repositories"
 */
export function templateInlinePolicyName(repositoryPrefix: string): string {
  return `${iamNameStem(repositoryPrefix)}${TEMPLATE_INLINE_POLICY_NAME_SUFFIX}`;
}

import { COMMERCIAL_PARTITION } from "./constants";

/** DNS suffix of a Region's partition: `amazonaws.com.cn` in China, `amazonaws.com` elsewhere. */
export function dnsSuffixOf(region: string): string {
  return region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
}

/**
 * The partition a Region belongs to, from its name: `aws-cn` for `cn-*`, `aws-us-gov` for `us-gov-*`, `aws`
 * for the Regions the config schema accepts otherwise (docs/aws-facts.md, "Regions": ARNs carry the partition).
 *
 * @example
 * partitionOf("us-gov-west-1"); // "aws-us-gov"
 */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return COMMERCIAL_PARTITION;
}

/**
 * An ECR registry's host name.
 *
 * @example
 * registryUrl("123456789012", "us-east-1"); // "123456789012.dkr.ecr.us-east-1.amazonaws.com"
 */
export function registryUrl(accountId: string, region: string, dnsSuffix = dnsSuffixOf(region)): string {
  return `${accountId}.dkr.ecr.${region}.${dnsSuffix}`;
}

/**
 * ARN of an ECR repository, or of the repositories a pattern names (`echo/*`).
 *
 * @example
 * repositoryArn("aws", "eu-west-1", "111111111111", "echo/*"); // "arn:aws:ecr:eu-west-1:111111111111:repository/echo/*"
 */
export function repositoryArn(partition: string, region: string, accountId: string, name: string): string {
  return `arn:${partition}:ecr:${region}:${accountId}:repository/${name}`;
}

/**
 * ARN of an IAM role from its path and name.
 *
 * @example
 * roleArn("aws", "111111111111", "/", "r"); // "arn:aws:iam::111111111111:role/r"
 */
export function roleArn(partition: string, accountId: string, path: string, name: string): string {
  return `arn:${partition}:iam::${accountId}:role${path}${name}`;
}

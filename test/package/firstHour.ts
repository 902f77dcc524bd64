/**
 * A program of a user's first hour, written against the previous component's API and the way Pulumi
 * programs pass values around: a secret from the stack's config, a value read from another stack, the stack's
 * name in the tags, the old config type's name, and the role ARN where a string Input is expected.
 * test/package/stockProject.test.ts compiles it in a stock `pulumi new aws-typescript` project.
 */

import {
  EcrPullThroughCache,
  type EcrPullThroughCacheConfig,
} from "@buildecho/pulumi-onboarding-providers-ecr-pullthrough-cache";
import { parseConfig } from "@buildecho/pulumi-onboarding-providers-ecr-pullthrough-cache/config";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const platform = new pulumi.StackReference("acme/platform/prod");

const args: EcrPullThroughCacheConfig = {
  sourceRegistryAccountId: config.requireSecret("echoAccountId"),
  sourceRegistryRegion: platform.requireOutput("echoRegion").apply((r) => String(r)),
  repositoryPrefix: "echo",
  roleName: "echo-pullthrough-cache-role",
  tags: { stack: pulumi.getStack(), team: "platform" },
};
const cache = new EcrPullThroughCache("echo-cache", args);

// Output<string>, not Output<string | undefined>: both go where a string Input is expected.
const roleArn: pulumi.Output<string> = cache.roleArn;
const cachePrefix: pulumi.Output<string> = cache.cachePrefix;

const ci = new aws.iam.Role("ci-pulls", {
  assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "codebuild.amazonaws.com" }),
});
new aws.iam.RolePolicy("ci-pulls", {
  role: ci.name,
  policy: aws.iam.getPolicyDocumentOutput({
    statements: [{ actions: ["iam:GetRole"], resources: [roleArn] }],
  }).json,
});

// The document the reconciler reads, checked with its own schema.
const checked = parseConfig({ version: 1, sourceRegistryAccountId: "123456789012" });

export const cachedRepositories = pulumi.interpolate`${cachePrefix}/*`;
export const configValid = checked.ok;
export const usage = cache.usageInstructions;

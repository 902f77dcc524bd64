/**
 * Every option of the component. Pulumi owns the config here (`configSource: "pulumi"`): edits made
 * in SSM are reverted by the next `pulumi up`, and a change of the args re-runs the reconciler at
 * deploy time. Any argument but `schedule` and `configSource` may be an Output (here the topic's ARN and
 * the stack's name in the tags). `adopt` is left out: it is a migration-only switch (see the README,
 * "Moving from the previous component").
 */

import { EcrPullThroughCache } from "@buildecho/pulumi-onboarding-providers-ecr-pullthrough-cache";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const alerts = new aws.sns.Topic("echo-cache-alerts");

const cache = new EcrPullThroughCache("echo-cache", {
  // The config document (validated with the reconciler's own schema before anything is created).
  sourceRegistryAccountId: "123456789012",
  sourceRegistryRegion: "eu-west-1",
  repositoryPrefix: "echo/hardened",
  upstreamRepositoryPrefix: "images",
  roleName: "echo-hardened-pullthrough-cache-role",
  rolePath: "/echo/",
  tags: { team: "platform", "cost-center": "1234", stack: pulumi.getStack() },
  mode: "detect",
  allowReplace: false,
  repositoryTemplate: { imageTagMutability: "IMMUTABLE", expireUntaggedAfterDays: 14, keepLastImages: 200 },
  // The reconciler itself.
  schedule: "rate(1 hour)",
  deletionPolicy: "retain",
  configSource: "pulumi",
  alarmActions: [alerts.arn],
  logRetentionInDays: 90,
  lambdaMemorySize: 512,
  architecture: "x86_64",
  // $3.00 a month beyond the account's 3 free dashboards.
  dashboard: true,
});

export const cachePrefix = cache.cachePrefix;
export const roleArn = cache.roleArn;
export const cacheRule = cache.cacheRule;
export const status = cache.status;
export const functionName = cache.functionName;
export const configParameterName = cache.configParameterName;
export const logGroupName = cache.logGroupName;
export const dashboardName = cache.dashboardName;
export const usageInstructions = cache.usageInstructions;

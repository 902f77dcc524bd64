/**
 * The seed's program: one cache of Echo's images under the `echo/` prefix, with every default.
 * After `pulumi up`: docker pull <account>.dkr.ecr.<region>.amazonaws.com/echo/<image>:<tag>
 */
import { EcrPullThroughCache } from "@buildecho/pulumi-onboarding-providers-ecr-pullthrough-cache";

const cache = new EcrPullThroughCache("echo-cache", { sourceRegistryAccountId: "123456789012" });

export const cachePrefix = cache.cachePrefix;
export const roleArn = cache.roleArn;
export const cacheRule = cache.cacheRule;
export const status = cache.status;
export const functionName = cache.functionName;
export const configParameterName = cache.configParameterName;
export const logGroupName = cache.logGroupName;
export const usageInstructions = cache.usageInstructions;

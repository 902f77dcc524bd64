/**
 * Pulumi component for a self-healing Amazon ECR pull-through cache of Echo's images.
 *
 * @example
 * import { EcrPullThroughCache } from "@buildecho/pulumi-onboarding-providers-ecr-pullthrough-cache";
 *
 * const cache = new EcrPullThroughCache("echo-cache", { sourceRegistryAccountId: "123456789012" });
 * export const usageInstructions = cache.usageInstructions;
 */
export type { Config, ConfigInput, Mode } from "../common/config/schema";
export type { PolicyDocument, PolicyStatement } from "../common/policyDocument";
export type { CacheRuleOutput, ReportOutputs, ReportStatus } from "../common/types";
export { configHash, configParameterValue } from "./configDocument";
export { COMPONENT_TYPE } from "./constants";
export {
  type DashboardBody,
  type DashboardBodyInput,
  type DashboardWidget,
  dashboardBody,
  driftQuery,
  errorsQuery,
} from "./dashboard";
export { createEcrPullThroughCache, EcrPullThroughCache } from "./EcrPullThroughCache";
export { EcrPullThroughCacheArgsError } from "./errors";
export { type ExecutionRolePolicyInput, executionRolePolicy } from "./executionRolePolicy";
export { type InvocationInput, invocationInput, parseInvocationResult, reportOutputs } from "./invocation";
export { lambdaBundlePath, packageRoot } from "./lambdaBundle";
export {
  configParameterName,
  dashboardName,
  type InstanceIdentity,
  logGroupName,
  ownerId,
  stateParameterName,
} from "./naming";
export {
  configChangeEventPattern,
  configParameterOptions,
  lambdaEnvironment,
  metricDimensions,
} from "./resourceSettings";
export type {
  Architecture,
  ConfigSource,
  DeletionPolicy,
  EcrPullThroughCacheArgs,
  EcrPullThroughCacheOutputs,
  ResolvedArgs,
} from "./types";
export {
  consumerPolicy,
  type UsageInstructionsInput,
  usageInstructions,
} from "./usageInstructions";
export { scheduleError, validateArgs } from "./validateArgs";

/**
 * Pulumi component for a self-healing Amazon ECR pull-through cache of Echo's images.
 *
 * The package main exports the component, its function form, its error class, the fleet of them across
 * accounts and Regions (its errors are an `EcrPullThroughCacheArgsError`), and their types: every export is a promise. The pure helpers behind the component (names, policies, dashboard body, usage text) are
 * internal modules, free to change.
 *
 * @example
 * import { EcrPullThroughCache } from "@buildecho/pulumi-onboarding-providers-ecr-pullthrough-cache";
 *
 * const cache = new EcrPullThroughCache("echo-cache", { sourceRegistryAccountId: "123456789012" });
 * export const usageInstructions = cache.usageInstructions;
 */
export type {
  Config,
  ConfigInput,
  ImageTagMutability,
  Mode,
  RepositoryEncryption,
  RepositoryTemplate,
  RepositoryTemplateInput,
} from "../common/config/types";
export type { CacheRuleOutput, ReportStatus } from "../common/types";
export { createEcrPullThroughCache, EcrPullThroughCache } from "./EcrPullThroughCache";
export { EcrPullThroughCacheArgsError } from "./errors";
export { EcrPullThroughCacheFleet } from "./fleet/EcrPullThroughCacheFleet";
export type {
  EcrPullThroughCacheFleetArgs,
  FleetMonitoringAccount,
  FleetSummary,
  FleetTarget,
  FleetTargetOutput,
  FleetView,
} from "./fleet/types";
export type {
  Architecture,
  ConfigSource,
  DeletionPolicy,
  EcrPullThroughCacheArgs,
  EcrPullThroughCacheConfig,
  EcrPullThroughCacheOutputs,
  RepositoryTemplateArgs,
} from "./types";

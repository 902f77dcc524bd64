import type { ConfigInput, RepositoryTemplateInput } from "../common/config/types";
import type { EcrPullThroughCacheArgs, RepositoryTemplateArgs } from "./types";

/** The args that are fields of the config document, in the schema's vocabulary. */
export const CONFIG_FIELDS = [
  "sourceRegistryAccountId",
  "sourceRegistryRegion",
  "repositoryPrefix",
  "upstreamRepositoryPrefix",
  "roleName",
  "rolePath",
  "tags",
  "mode",
  "adopt",
  "allowReplace",
  "repositoryTemplate",
] as const satisfies readonly (keyof EcrPullThroughCacheArgs & keyof ConfigInput)[];

/**
 * The args that must be known when the program runs: they decide which resources exist (the heartbeat
 * alarm follows the schedule's kind) and what Pulumi diffs (`ignoreChanges` follows the config source).
 */
export const PLAIN_FIELDS = [
  "schedule",
  "configSource",
] as const satisfies readonly (keyof EcrPullThroughCacheArgs)[];

/** The component's own settings. */
export const COMPONENT_FIELDS = [
  ...PLAIN_FIELDS,
  "deletionPolicy",
  "alarmActions",
  "logRetentionInDays",
  "lambdaMemorySize",
  "architecture",
] as const satisfies readonly (keyof EcrPullThroughCacheArgs)[];

/** Every argument of the component. */
export const ARG_FIELDS = [...CONFIG_FIELDS, ...COMPONENT_FIELDS] as const;
export type ArgField = (typeof ARG_FIELDS)[number];

/** The fields of `repositoryTemplate`, in the schema's vocabulary. */
export const REPOSITORY_TEMPLATE_FIELDS = [
  "imageTagMutability",
  "expireUntaggedAfterDays",
  "keepLastImages",
  "encryption",
  "kmsKeyArn",
  "resourceTags",
] as const satisfies readonly (keyof RepositoryTemplateArgs & keyof RepositoryTemplateInput)[];

/** An arg of the interface missing from the lists above fails type checking here. */
export type Unlisted =
  | Exclude<keyof EcrPullThroughCacheArgs, ArgField>
  | Exclude<keyof RepositoryTemplateArgs, (typeof REPOSITORY_TEMPLATE_FIELDS)[number]>;
export const EVERY_ARG_LISTED: [Unlisted] extends [never] ? true : never = true;

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
 * alarm follows the schedule's kind, the dashboard and the Unhealthy alarm their switches) and what Pulumi diffs (`ignoreChanges`
 * follows the config source).
 */
export const PLAIN_FIELDS = [
  "schedule",
  "configSource",
  "dashboard",
  "unhealthyAlarm",
] as const satisfies readonly (keyof EcrPullThroughCacheArgs)[];

/** The component's own settings. */
export const COMPONENT_FIELDS = [
  ...PLAIN_FIELDS,
  "deletionPolicy",
  "alarmActions",
  "logRetentionInDays",
  "lambdaMemorySize",
  "architecture",
  "reservedConcurrency",
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
  "roleName",
] as const satisfies readonly (keyof RepositoryTemplateArgs & keyof RepositoryTemplateInput)[];

/** An arg of the interface missing from the lists above fails type checking here. */
export type Unlisted =
  | Exclude<keyof EcrPullThroughCacheArgs, ArgField>
  | Exclude<keyof RepositoryTemplateArgs, (typeof REPOSITORY_TEMPLATE_FIELDS)[number]>;
export const EVERY_ARG_LISTED: [Unlisted] extends [never] ? true : never = true;

/** Keys that are no argument, each with the argument it most likely meant. */
export function unknownArgErrors(args: object): string[] {
  return Object.keys(args)
    .filter((k) => !(ARG_FIELDS as readonly string[]).includes(k))
    .map((k) => {
      const guess = closestArg(k);
      return `${k}: unknown argument${guess ? ` (did you mean ${guess}?)` : ""}`;
    });
}

/** The argument a misspelt key most likely meant: same letters ignoring case, or at most two edits away. */
function closestArg(key: string): string | undefined {
  let best: { field: string; distance: number } | undefined;
  for (const field of ARG_FIELDS) {
    const distance = field.toLowerCase() === key.toLowerCase() ? 0 : editDistance(field, key);
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { field, distance };
  }
  return best?.field;
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] as number;
}

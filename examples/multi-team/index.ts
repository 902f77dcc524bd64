/**
 * One cache per team, each under its own prefix with its own role and reconciler. Each instance's
 * names derive from its component name, so they never collide. ECR allows 50 pull-through cache
 * rules per registry and Region.
 */

import { EcrPullThroughCache } from "@buildecho/pulumi-onboarding-providers-ecr-pullthrough-cache";
import * as pulumi from "@pulumi/pulumi";

const teams = ["payments", "search", "ml-platform"] as const;

const caches = teams.map(
  (team) =>
    [
      team,
      new EcrPullThroughCache(`echo-${team}`, {
        sourceRegistryAccountId: "123456789012",
        repositoryPrefix: `echo-${team}`,
        tags: { team },
      }),
    ] as const,
);

export const pullPrefixes = Object.fromEntries(caches.map(([team, cache]) => [team, cache.cachePrefix]));
export const roleArns = Object.fromEntries(caches.map(([team, cache]) => [team, cache.roleArn]));
export const configParameters = Object.fromEntries(
  caches.map(([team, cache]) => [team, cache.configParameterName]),
);
export const usageInstructions = pulumi
  .all(caches.map(([, cache]) => cache.usageInstructions))
  .apply((texts) => texts.join("\n\n"));

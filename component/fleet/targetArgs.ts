/**
 * The args of each account×Region's cache: the fleet's defaults, the target's own args over them, the Region's
 * role name, and the fleet's choice of alarms. Checked as the cache checks its own (`knownArgsErrors`) before
 * anything is created; a problem is named where it was written (`targets[1].repositoryPrefix` when the target
 * set it, `repositoryPrefix` when the fleet did).
 */
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../../common/names";
import type { EcrPullThroughCacheArgs } from "../types";
import { knownArgsErrors } from "../validateArgs";
import { actionsIn } from "./alarmActions";
import { FLEET_ROLE_NAME_MAX_LENGTH, regionalRoleName, regionalTemplateRoleName } from "./naming";
import type { Placement } from "./targets";
import type { EcrPullThroughCacheFleetArgs, FleetTarget } from "./types";

/** The default repository prefix, as the config schema applies it. */
const DEFAULT_PREFIX = "echo";

/** The fleet's own keys, and a target's: not cache args. */
const FLEET_KEYS = ["targets", "monitoringAccount"] as const;
const TARGET_KEYS = ["accountId", "regions", "roleArn"] as const;

function without<T extends object>(o: T, keys: readonly string[]): EcrPullThroughCacheArgs {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k))) as EcrPullThroughCacheArgs;
}

/** The fleet's args that every cache starts from. */
export function fleetDefaults(args: EcrPullThroughCacheFleetArgs): EcrPullThroughCacheArgs {
  return without(args, FLEET_KEYS);
}

/** A target's own cache args. */
export function targetOverrides(target: FleetTarget): EcrPullThroughCacheArgs {
  return without(target, TARGET_KEYS);
}

const isPending = (v: unknown) => pulumi.Output.isInstance(v) || v instanceof Promise;

/** The Region's role name, an Output when the name or the prefix it derives from is one. */
function roleNameOf(merged: EcrPullThroughCacheArgs, region: string): pulumi.Input<string> {
  const { roleName, repositoryPrefix } = merged;
  if (!isPending(roleName) && !isPending(repositoryPrefix)) {
    return regionalRoleName(
      roleName as string | undefined,
      (repositoryPrefix as string) ?? DEFAULT_PREFIX,
      region,
    );
  }
  return pulumi
    .all([roleName, repositoryPrefix])
    .apply(([name, prefix]) => regionalRoleName(name, prefix ?? DEFAULT_PREFIX, region));
}

/**
 * The Region's template, its role named for the Region like the pull role (a template with KMS or resource
 * tags has ECR assume a role of the reconciler's); an Output when the template or the prefix is pending.
 */
function templateOf(
  merged: EcrPullThroughCacheArgs,
  region: string,
): EcrPullThroughCacheArgs["repositoryTemplate"] {
  const { repositoryTemplate: template, repositoryPrefix } = merged;
  if (template === undefined) return undefined;
  const named = (t: { readonly roleName?: string | undefined }, prefix: string | undefined) => ({
    ...t,
    roleName: regionalTemplateRoleName(t.roleName, prefix ?? DEFAULT_PREFIX, region),
  });
  if (!isPending(template) && !isPending(repositoryPrefix)) {
    const t = template as Exclude<typeof template, pulumi.Output<unknown> | Promise<unknown>>;
    if (!isPending(t.roleName))
      return named(t as { roleName?: string }, repositoryPrefix as string | undefined);
  }
  return pulumi.all([template, repositoryPrefix]).apply(([t, prefix]) => named(t, prefix));
}

/**
 * The cache args of one placement. With a monitoring account the fleet alarm watches `Unhealthy`, so a cache
 * has no alarm of its own on it unless the fleet's or the target's args ask for one (`unhealthyAlarm: true`).
 */
export function cacheArgs(
  defaults: EcrPullThroughCacheArgs,
  overrides: EcrPullThroughCacheArgs,
  placement: Placement,
): EcrPullThroughCacheArgs {
  const merged = {
    ...(placement.view === "none" ? {} : { unhealthyAlarm: false }),
    ...defaults,
    ...overrides,
  };
  const repositoryTemplate = templateOf(merged, placement.region);
  const alarmActions = actionsIn(merged.alarmActions, placement.region);
  return {
    ...merged,
    roleName: roleNameOf(merged, placement.region),
    ...(repositoryTemplate !== undefined ? { repositoryTemplate } : {}),
    ...(alarmActions !== undefined ? { alarmActions } : {}),
  };
}

/** A role name the Region's code would push past IAM's 64 characters. */
function roleNameErrors(path: string, roleName: unknown): string[] {
  if (typeof roleName !== "string" || roleName.length <= FLEET_ROLE_NAME_MAX_LENGTH) return [];
  return [
    `${path}: must be at most ${FLEET_ROLE_NAME_MAX_LENGTH} characters in a fleet, which appends the Region's code ` +
      "(-euw1) so that the Regions of one account never share a role",
  ];
}

/** The template's roleName as written, when it is known. */
function templateRoleName(args: EcrPullThroughCacheArgs): unknown {
  const t = args.repositoryTemplate;
  return t === undefined || isPending(t) ? undefined : (t as { readonly roleName?: unknown }).roleName;
}

/** Both role names' problems, each named where it was written (`at` is the target's path, or none). */
function roleNamesErrors(at: string, args: EcrPullThroughCacheArgs): string[] {
  return [
    ...roleNameErrors(`${at}roleName`, args.roleName),
    ...roleNameErrors(`${at}repositoryTemplate.roleName`, templateRoleName(args)),
  ];
}

/** Echo's Region when the config schema applies its default. */
const DEFAULT_SOURCE_REGION = "us-east-1";

/**
 * A placement whose Echo Region is in another partition: partitions share no IAM and no network path, so a
 * pull-through cache there cannot reach Echo's registry (docs/aws-facts.md, "Regions").
 */
function partitionErrors(args: EcrPullThroughCacheArgs, p: Placement): string[] {
  const echo = args.sourceRegistryRegion ?? DEFAULT_SOURCE_REGION;
  if (typeof echo !== "string" || partitionOf(echo) === p.partition) return [];
  return [
    `${p.path}: ${p.region} is in the ${p.partition} partition, but Echo's registry (sourceRegistryRegion ` +
      `${echo}) is in ${partitionOf(echo)}; a cache reaches an upstream only in its own partition`,
  ];
}

/**
 * Every problem of the caches' args, each named where it was written; deduplicated (a fleet default that is
 * wrong is reported once, not once per cache).
 */
export function cacheArgsErrors(
  args: EcrPullThroughCacheFleetArgs,
  placements: readonly Placement[],
): string[] {
  const defaults = fleetDefaults(args);
  const fleetRoleErrors = roleNamesErrors("", defaults);
  const errors = [...fleetRoleErrors];
  for (const p of placements) {
    const overrides = targetOverrides(args.targets[p.targetIndex] as FleetTarget);
    const at = `targets[${p.targetIndex}]`;
    const ownRoleErrors = roleNamesErrors(`${at}.`, overrides);
    errors.push(...ownRoleErrors);
    // A role name too long for the Region's code fails the schema too: say it once, as above.
    if (fleetRoleErrors.length > 0 || ownRoleErrors.length > 0) continue;
    const own = new Set(Object.keys(overrides));
    const merged = cacheArgs(defaults, overrides, p);
    errors.push(...partitionErrors(merged, p));
    for (const e of knownArgsErrors(merged)) {
      errors.push(own.has(e.split(/[.:]/)[0] as string) ? `${at}.${e}` : e);
    }
  }
  return [...new Set(errors)];
}

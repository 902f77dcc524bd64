/**
 * The args of each account×Region's cache: the fleet's defaults, the target's own args over them, the Region's
 * role name, and the fleet's choice of alarms. Checked as the cache checks its own (`knownArgsErrors`) before
 * anything is created; a problem is named where it was written (`targets[1].repositoryPrefix` when the target
 * set it, `repositoryPrefix` when the fleet did).
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_REPOSITORY_PREFIX, DEFAULT_SOURCE_REGISTRY_REGION } from "../../common/constants";
import { partitionOf } from "../../common/names";
import type { EcrPullThroughCacheArgs } from "../types";
import { isPending, knownArgsErrors } from "../validateArgs";
import { actionsIn } from "./alarmActions";
import { FLEET_ROLE_NAME_MAX_LENGTH, regionalRoleName, regionalTemplate } from "./naming";
import type { Placement } from "./targets";
import type { EcrPullThroughCacheFleetArgs, FleetTarget } from "./types";

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

/**
 * The Region's names (the pull role's and, with a template, its role's): plain when the values they derive
 * from are, else Outputs. A template that resolves to nothing stays nothing.
 */
function namesOf(merged: EcrPullThroughCacheArgs, region: string): Partial<EcrPullThroughCacheArgs> {
  const { roleName, repositoryPrefix, repositoryTemplate: template } = merged;
  const role =
    isPending(roleName) || isPending(repositoryPrefix)
      ? pulumi
          .all([roleName, repositoryPrefix])
          .apply(([r, p]) => regionalRoleName(r, p ?? DEFAULT_REPOSITORY_PREFIX, region))
      : regionalRoleName(
          roleName as string | undefined,
          (repositoryPrefix as string) ?? DEFAULT_REPOSITORY_PREFIX,
          region,
        );
  if (template === undefined) return { roleName: role };
  const inner = (template as { readonly roleName?: unknown } | null)?.roleName;
  const named =
    isPending(template) || isPending(inner) || isPending(repositoryPrefix)
      ? pulumi.all([template, repositoryPrefix]).apply(([t, p]) => regionalTemplate(t, p, region))
      : regionalTemplate(template, repositoryPrefix as string | undefined, region);
  return { roleName: role, repositoryTemplate: named as EcrPullThroughCacheArgs["repositoryTemplate"] };
}

/** A placement's args before its alarm actions are narrowed to its Region: what the checks see. */
function mergedArgs(
  defaults: EcrPullThroughCacheArgs,
  overrides: EcrPullThroughCacheArgs,
  placement: Placement,
): EcrPullThroughCacheArgs {
  const merged = {
    ...(placement.view === "none" ? {} : { unhealthyAlarm: false }),
    ...defaults,
    ...overrides,
  };
  return { ...merged, ...namesOf(merged, placement.region) };
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
  const merged = mergedArgs(defaults, overrides, placement);
  const alarmActions = actionsIn(merged.alarmActions, placement.region);
  return { ...merged, ...(alarmActions !== undefined ? { alarmActions } : {}) };
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
  return typeof t !== "object" || t === null || isPending(t)
    ? undefined
    : (t as { readonly roleName?: unknown }).roleName;
}

/** Both role names' problems, each named where it was written (`at` is the target's path, or none). */
function roleNamesErrors(at: string, args: EcrPullThroughCacheArgs): string[] {
  return [
    ...roleNameErrors(`${at}roleName`, args.roleName),
    ...roleNameErrors(`${at}repositoryTemplate.roleName`, templateRoleName(args)),
  ];
}

/**
 * A placement whose Echo Region is in another partition: partitions share no IAM and no network path, so a
 * pull-through cache there cannot reach Echo's registry (docs/aws-facts.md, "Regions").
 */
function partitionErrors(args: EcrPullThroughCacheArgs, p: Placement): string[] {
  const echo = args.sourceRegistryRegion ?? DEFAULT_SOURCE_REGISTRY_REGION;
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
    // Checked before the alarm actions are narrowed to the Region, so that an index names what was written.
    const merged = mergedArgs(defaults, overrides, p);
    errors.push(...partitionErrors(merged, p));
    for (const e of knownArgsErrors(merged)) {
      errors.push(own.has(e.split(/[.:]/)[0] as string) ? `${at}.${e}` : e);
    }
  }
  return [...new Set(errors)];
}

import * as pulumi from "@pulumi/pulumi";
import { EcrPullThroughCache } from "../EcrPullThroughCache";
import { type InstanceIdentity, ownerId, ownerIdErrors } from "../naming";
import { checkSettingArgs, componentNameErrors, holdsPending, isPending } from "../validateArgs";
import { actionRegionErrors, unnotifiedRegions } from "./alarmActions";
import { type FleetContext, targetProviders } from "./build/context";
import { buildFleetOutputs } from "./build/outputs";
import { buildView } from "./build/view";
import { EcrPullThroughCacheFleetArgsError } from "./errors";
import { FLEET_NAME_MAX_LENGTH } from "./naming";
import { cacheArgs, cacheArgsErrors, fleetDefaults, targetOverrides } from "./targetArgs";
import { checkMonitoring, type Placement, placeTargets } from "./targets";
import type { EcrPullThroughCacheFleetArgs, FleetSummary, FleetTarget, FleetTargetOutput } from "./types";

/** Pulumi type token of the fleet component. */
export const FLEET_COMPONENT_TYPE = "buildecho:ecr:EcrPullThroughCacheFleet";

/** The fleet's name: a component name short enough that `<name>-<account>-<Region code>` is one too. */
function fleetNameErrors(name: string): string[] {
  const errors = componentNameErrors(name).filter((e) => !e.startsWith("name: must be at most"));
  if (typeof name === "string" && name.length > FLEET_NAME_MAX_LENGTH) {
    errors.push(
      `name: must be at most ${FLEET_NAME_MAX_LENGTH} characters (each cache is <name>-<account>-<Region code>)`,
    );
  }
  return errors;
}

/** The Regions of the alarms each list of actions goes on: fleet alarms, inherited by caches, a target's own. */
function actionLists(args: EcrPullThroughCacheFleetArgs, placements: readonly Placement[]) {
  // The fleet's own alarmActions reach only the caches of targets that do not set theirs.
  const inherited = placements
    .filter((p) => (args.targets[p.targetIndex] as FleetTarget).alarmActions === undefined)
    .map((p) => p.region);
  const fleetAlarms = args.monitoringAccount
    ? [
        {
          path: "monitoringAccount.alarmActions",
          actions: args.monitoringAccount.alarmActions,
          regions: placements.map((p) => p.region),
        },
      ]
    : [];
  return [
    ...fleetAlarms,
    { path: "alarmActions", actions: args.alarmActions, regions: inherited },
    ...args.targets.map((t, i) => ({
      path: `targets[${i}].alarmActions`,
      actions: t.alarmActions,
      regions: [...t.regions],
    })),
  ];
}

/** The alarm actions' problems: the monitoring account's list as the cache checks one, and each in its Region. */
function alarmActionErrors(args: EcrPullThroughCacheFleetArgs, placements: readonly Placement[]): string[] {
  const byRegion = actionLists(args, placements).flatMap((l) =>
    actionRegionErrors(l.path, l.actions, l.regions),
  );
  const actions = args.monitoringAccount?.alarmActions;
  if (actions === undefined || holdsPending(actions)) return byRegion;
  const shape = checkSettingArgs({ alarmActions: actions as string[] }).errors.map(
    (e) => `monitoringAccount.${e}`,
  );
  return [...shape, ...byRegion];
}

/**
 * Everything that can fail before a resource exists: the name, the targets and the monitoring account, and
 * every cache's args as the cache itself checks them.
 *
 * @throws {EcrPullThroughCacheFleetArgsError} listing every problem, each named where it was written.
 */
function prepare(name: string, args: EcrPullThroughCacheFleetArgs): Omit<FleetContext, "component"> {
  const identity: InstanceIdentity = { project: pulumi.getProject(), stack: pulumi.getStack(), name };
  const fail = (errors: readonly string[]): never => {
    throw new EcrPullThroughCacheFleetArgsError(String(name), [...new Set(errors)].sort());
  };
  if (typeof args !== "object" || args === null) return fail(["(root): args must be an object"]);
  if (isPending(args.targets) || isPending(args.monitoringAccount)) {
    return fail(["targets: targets and monitoringAccount must be plain values (they decide the providers)"]);
  }
  const monitoring = checkMonitoring(args.monitoringAccount);
  const placed = placeTargets(name, args.targets, monitoring.monitoring);
  const nameErrors = fleetNameErrors(name);
  const errors = [...nameErrors, ...monitoring.errors, ...placed.errors];
  if (errors.length === 0) errors.push(...alarmActionErrors(args, placed.placements));
  if (errors.length > 0) return fail(errors);
  const owners = placed.placements.flatMap((p) => ownerIdErrors(ownerId({ ...identity, name: p.name })));
  const argErrors = cacheArgsErrors(args, placed.placements);
  if (owners.length + argErrors.length > 0) return fail([...owners, ...argErrors]);
  const defaults = fleetDefaults(args);
  return {
    name,
    identity,
    placements: placed.placements,
    monitoring: monitoring.monitoring,
    defaults,
    argsOf: (p) => cacheArgs(defaults, targetOverrides(args.targets[p.targetIndex] as FleetTarget), p),
    monitoringAlarmActions: args.monitoringAccount?.alarmActions,
  };
}

/**
 * Echo's ECR pull-through cache in every account and Region of an organization, from one program, with one
 * view of them all.
 *
 * One {@link EcrPullThroughCache} per account×Region, each on its own `aws.Provider` (the target's role
 * assumed, only that account allowed), deployed in parallel by the Pulumi engine. The role ECR assumes is named
 * per Region (`<role>-<Region code>`), so the Regions of one account never claim one role. With a
 * `monitoringAccount`, CloudWatch cross-account observability (OAM) gives one view: a sink in each target
 * Region whose policy lists exactly the fleet's accounts there, a link from every cache sharing its metrics'
 * namespace and its log group, a fleet alarm per Region on the largest `Unhealthy`, and one dashboard; the
 * caches then have no `Unhealthy` alarm of their own (`unhealthyAlarm: true` brings it back).
 *
 * Invalid args (a bad account id, a Region name AWS does not have, an account×Region listed twice, any cache
 * arg the cache would refuse) throw {@link EcrPullThroughCacheFleetArgsError} before any resource is created.
 *
 * @example
 * import { EcrPullThroughCacheFleet } from "@buildecho/pulumi-onboarding-providers-ecr-pullthrough-cache";
 *
 * const fleet = new EcrPullThroughCacheFleet("platform", {
 *   sourceRegistryAccountId: "123456789012",
 *   targets: [{ accountId: "111111111111", regions: ["eu-west-1", "us-east-1"] }],
 *   monitoringAccount: { accountId: "999999999999", region: "eu-west-1" },
 * });
 * export const echoGrant = fleet.echoGrant; // send to Echo
 */
export class EcrPullThroughCacheFleet extends pulumi.ComponentResource {
  /** Each account×Region's cache, by `<account>/<region>`. */
  public readonly caches: Readonly<Record<string, EcrPullThroughCache>>;
  /** Per account×Region: the last deploy-time run's status, the role ECR assumes, the config and the function. */
  public readonly targets: pulumi.Output<FleetTargetOutput[]>;
  /** Caches, accounts, Regions, statuses, and what needs attention. */
  public readonly summary: pulumi.Output<FleetSummary>;
  /** The registry-policy statements Echo must add for the whole fleet, one per Echo registry, as JSON. */
  public readonly echoGrant: pulumi.Output<string>;
  /** The fleet dashboard in the monitoring account; undefined without one. */
  public readonly dashboardName: pulumi.Output<string | undefined>;

  public constructor(
    name: string,
    args: EcrPullThroughCacheFleetArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    // Validate before `super`: a throw here leaves no resource registered, not even the fleet.
    const prepared = prepare(name, args);
    super(FLEET_COMPONENT_TYPE, name, {}, opts);
    const ctx: FleetContext = { ...prepared, component: this };
    for (const l of actionLists(args, ctx.placements))
      for (const warning of unnotifiedRegions(l.path, l.actions, l.regions)) pulumi.log.warn(warning, this);
    const providers = targetProviders(ctx);
    const caches = new Map(
      ctx.placements.map((p) => [
        p.key,
        new EcrPullThroughCache(p.name, ctx.argsOf(p), { parent: this, provider: providers.get(p.key) }),
      ]),
    );
    const view = ctx.monitoring ? buildView(ctx, ctx.monitoring, providers) : undefined;
    const outputs = buildFleetOutputs(ctx, caches, view);

    this.caches = Object.fromEntries(caches);
    this.targets = outputs.targets;
    this.summary = outputs.summary;
    this.echoGrant = outputs.echoGrant;
    this.dashboardName = outputs.dashboardName;
    this.registerOutputs(outputs);
  }
}

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { METRIC } from "../../../common/constants";
import { regionCode } from "../../../common/regions";
import { DEFAULT_SCHEDULE } from "../../constants";
import { logGroupName } from "../../naming";
import { alarmPeriodSeconds } from "../../resourceSettings";
import { scheduleIntervalSeconds } from "../../validateArgs";
import { actionsIn } from "../alarmActions";
import { fleetDashboardBody } from "../dashboard";
import { fleetDashboardName, sinkName } from "../naming";
import {
  FLEET_ALARM_QUERY,
  LINK_LABEL_TEMPLATE,
  linkConfiguration,
  SHARED_RESOURCE_TYPES,
  sinkPolicy,
} from "../oam";
import type { Monitoring, Placement } from "../targets";
import { accountProvider, type FleetContext } from "./context";

/** The monitoring account's side of the view. */
export interface FleetView {
  readonly dashboard: aws.cloudwatch.Dashboard;
  /** The fleet alarm of each Region, by Region. */
  readonly alarms: ReadonlyMap<string, aws.cloudwatch.MetricAlarm>;
}

/** The monitoring account's provider in each Region, made on first use. */
function monitoringProviders(ctx: FleetContext, monitoring: Monitoring): (region: string) => aws.Provider {
  const made = new Map<string, aws.Provider>();
  return (region) => {
    let provider = made.get(region);
    if (!provider) {
      provider = accountProvider(ctx, `${ctx.name}-monitoring-${regionCode(region)}`, {
        ...monitoring,
        region,
      });
      made.set(region, provider);
    }
    return provider;
  };
}

const logGroupOf = (ctx: FleetContext, p: Placement) => logGroupName({ ...ctx.identity, name: p.name });

/** The longest alarm period of the caches (one schedule interval each): every cache runs once per period. */
function periodOf(ctx: FleetContext, placements: readonly Placement[]): number {
  return Math.max(
    ...placements.map((p) =>
      alarmPeriodSeconds(scheduleIntervalSeconds(ctx.argsOf(p).schedule ?? DEFAULT_SCHEDULE)),
    ),
  );
}

/**
 * The OAM sink of one Region with its policy (exactly the linked accounts), and one link from each linked
 * account's cache: its metrics' namespace and its log group. Links are made through the target's provider, in
 * the source account, after the policy that lets them (link creation fails before it is in place).
 */
function linkRegion(
  ctx: FleetContext,
  region: string,
  provider: aws.Provider,
  targets: ReadonlyMap<string, aws.Provider>,
): void {
  const linked = ctx.placements.filter((p) => p.region === region && p.view === "linked");
  if (linked.length === 0) return; // only the monitoring account itself here: its own data needs no link
  const code = regionCode(region);
  const opts = { parent: ctx.component, provider };
  const sink = new aws.oam.Sink(
    `${ctx.name}-sink-${code}`,
    { name: sinkName(ctx.identity), tags: ctx.defaults.tags },
    opts,
  );
  const policy = new aws.oam.SinkPolicy(
    `${ctx.name}-sink-${code}`,
    { sinkIdentifier: sink.arn, policy: JSON.stringify(sinkPolicy(linked.map((p) => p.accountId))) },
    opts,
  );
  for (const p of linked) {
    new aws.oam.Link(
      `${p.name}-link`,
      {
        sinkIdentifier: sink.arn,
        labelTemplate: LINK_LABEL_TEMPLATE,
        resourceTypes: [...SHARED_RESOURCE_TYPES],
        linkConfiguration: linkConfiguration(logGroupOf(ctx, p)),
        tags: ctx.argsOf(p).tags,
      },
      { parent: ctx.component, provider: targets.get(p.key), dependsOn: [policy] },
    );
  }
}

/**
 * The fleet alarm of one Region: a Metrics Insights alarm on the largest `Unhealthy` the monitoring account
 * sees there (alarms cannot watch another Region's metrics, so one per Region).
 */
function regionAlarm(ctx: FleetContext, region: string, provider: aws.Provider): aws.cloudwatch.MetricAlarm {
  const here = ctx.placements.filter((p) => p.region === region);
  const period = periodOf(ctx, here);
  const dashboard = fleetDashboardName(ctx.identity);
  return new aws.cloudwatch.MetricAlarm(
    `${ctx.name}-unhealthy-${regionCode(region)}`,
    {
      alarmDescription:
        `A reconciler of the Echo ECR pull-through cache fleet '${ctx.name}' in ${region} (${here.length} ` +
        `caches, and any other cache the monitoring account sees there) sent ${METRIC.unhealthy}: drift, a ` +
        `failed run, an invalid config or an upstream ECR refuses. Which cache and why: dashboard ${dashboard}, ` +
        "the Region's drift table (@log names the account and log group).",
      metricQueries: [{ id: "unhealthy", expression: FLEET_ALARM_QUERY, period, returnData: true }],
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      // The reconcilers send Unhealthy only when it is non-zero: no data is a healthy fleet.
      treatMissingData: "notBreaching",
      alarmActions: actionsIn(ctx.monitoringAlarmActions, region) ?? [],
      okActions: actionsIn(ctx.monitoringAlarmActions, region) ?? [],
      tags: ctx.defaults.tags,
    },
    { parent: ctx.component, provider },
  );
}

/**
 * The one view of the fleet, in the monitoring account: per target Region a sink, its policy, the links and the
 * fleet alarm; one dashboard. OAM works within a Region, so the monitoring account gets a sink in every Region
 * the fleet has targets in (sinks and links cost nothing).
 *
 * @example
 * const view = buildView(ctx, monitoring, providers); // view.dashboard, view.alarms.get("eu-west-1")
 */
export function buildView(
  ctx: FleetContext,
  monitoring: Monitoring,
  targets: ReadonlyMap<string, aws.Provider>,
): FleetView {
  const providerIn = monitoringProviders(ctx, monitoring);
  const regions = [...new Set(ctx.placements.map((p) => p.region))].sort();
  const alarms = new Map<string, aws.cloudwatch.MetricAlarm>();
  for (const region of regions) {
    linkRegion(ctx, region, providerIn(region), targets);
    alarms.set(region, regionAlarm(ctx, region, providerIn(region)));
  }
  const body = fleetDashboardBody({
    title: `Echo ECR pull-through cache fleet ${ctx.name} (${ctx.identity.project}/${ctx.identity.stack})`,
    period: periodOf(ctx, ctx.placements),
    caches: ctx.placements.map((p) => ({ ...p, logGroupName: logGroupOf(ctx, p) })),
  });
  const dashboard = new aws.cloudwatch.Dashboard(
    `${ctx.name}-dashboard`,
    { dashboardName: fleetDashboardName(ctx.identity), dashboardBody: pulumi.output(JSON.stringify(body)) },
    { parent: ctx.component, provider: providerIn(monitoring.region) },
  );
  return { dashboard, alarms };
}

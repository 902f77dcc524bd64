/**
 * The fleet dashboard's body, as a plain value: one view of every cache, in the monitoring account. Per Region,
 * `Unhealthy` per account and cache from the linked metrics (a Metrics Insights query grouped by account), and
 * the latest drift from the linked log groups; then every cache of the fleet, by account and Region.
 */
import { METRIC } from "../../common/constants";
import type { DashboardBody, DashboardWidget, LogWidget, MetricWidget } from "../dashboard";
import { fleetDriftQuery } from "../logQueries";
import { FLEET_DASHBOARD_QUERY } from "./oam";
import type { FleetView } from "./types";

/** Log groups one Logs Insights query may name (StartQuery: up to 50), so one drift table per 50 caches. */
export const LOG_GROUPS_PER_QUERY = 50;

const MAX_WIDGET_HEIGHT = 1000;

/** One cache as the dashboard shows it. */
export interface DashboardCache {
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  readonly name: string;
  readonly logGroupName: string;
  readonly view: FleetView;
}

export interface FleetDashboardInput {
  readonly title: string;
  /** Seconds per datapoint: the longest alarm period of the caches (one schedule interval). */
  readonly period: number;
  readonly caches: readonly DashboardCache[];
}

/** A log group's ARN: how a monitoring account's query names a source account's group. */
export function logGroupArn(c: DashboardCache): string {
  return `arn:${c.partition}:logs:${c.region}:${c.accountId}:log-group:${c.logGroupName}`;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const byPlace = (a: DashboardCache, b: DashboardCache) =>
  `${a.accountId}/${a.region}` < `${b.accountId}/${b.region}` ? -1 : 1;

function regionWidgets(
  region: string,
  caches: readonly DashboardCache[],
  period: number,
  y: number,
): DashboardWidget[] {
  const unhealthy: MetricWidget = {
    type: "metric",
    x: 0,
    y,
    width: 24,
    height: 6,
    properties: {
      title: `${region}: ${METRIC.unhealthy} per account and cache (drift, errors, invalid config, upstream refused)`,
      region,
      view: "timeSeries",
      stacked: false,
      stat: "Maximum",
      period,
      metrics: [[{ expression: FLEET_DASHBOARD_QUERY, id: "unhealthy", label: "" }]],
      yAxis: { left: { min: 0 } },
    },
  };
  const drift = chunks([...caches].sort(byPlace), LOG_GROUPS_PER_QUERY).map(
    (group, i, all): LogWidget => ({
      type: "log",
      x: 0,
      y: y + 6 + i * 8,
      width: 24,
      height: 8,
      properties: {
        title: `${region}: latest drift${all.length > 1 ? ` (${i + 1} of ${all.length})` : ""}, @log = <account>:<log group>`,
        region,
        query: fleetDriftQuery(group.map(logGroupArn)),
        view: "table",
      },
    }),
  );
  return [unhealthy, ...drift];
}

function cachesTable(caches: readonly DashboardCache[]): string[] {
  return [
    "| account | Region | cache | view |",
    "| --- | --- | --- | --- |",
    ...[...caches].sort(byPlace).map((c) => `| ${c.accountId} | ${c.region} | ${c.name} | ${c.view} |`),
  ];
}

/**
 * The fleet dashboard: a heading, each Region's `Unhealthy` and drift, and the table of every cache.
 *
 * @example
 * JSON.stringify(fleetDashboardBody({ title: "Echo fleet platform", period: 900, caches })); // the dashboardBody
 */
export function fleetDashboardBody(p: FleetDashboardInput): DashboardBody {
  const regions = [...new Set(p.caches.map((c) => c.region))].sort();
  const widgets: DashboardWidget[] = [
    {
      type: "text",
      x: 0,
      y: 0,
      width: 24,
      height: 3,
      properties: {
        markdown: [
          `# ${p.title}`,
          `Each cache is \`<fleet>-<account>-<Region code>\`. The reconcilers send \`${METRIC.unhealthy}\` only ` +
            "when it is non-zero, so a healthy fleet draws nothing. Why a cache was unhealthy, and what drifted, is " +
            "in each Region's drift table; every cache of the fleet is listed at the end.",
        ].join("\n"),
      },
    },
  ];
  let y = 3;
  for (const region of regions) {
    const placed = regionWidgets(
      region,
      p.caches.filter((c) => c.region === region),
      p.period,
      y,
    );
    widgets.push(...placed);
    y = Math.max(...placed.map((w) => w.y + w.height));
  }
  const table = cachesTable(p.caches);
  // A widget is at most 1,000 units high (PutDashboard, "Dashboard Body Structure and Syntax").
  const height = Math.min(MAX_WIDGET_HEIGHT, Math.ceil(table.length * 1.2) + 2);
  widgets.push({ type: "text", x: 0, y, width: 24, height, properties: { markdown: table.join("\n") } });
  return { widgets };
}

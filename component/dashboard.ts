import { METRIC } from "../common/constants";
import type { ResourceStatus } from "../common/types";
import {
  LAMBDA_FUNCTION_DIMENSION,
  LAMBDA_METRIC,
  LAMBDA_METRICS_NAMESPACE,
  LAMBDA_TIMEOUT_SECONDS,
} from "./constants";

export interface DashboardBodyInput {
  readonly region: string;
  /** Namespace of the reconciler's metrics. */
  readonly namespace: string;
  /** The full dimension set of the reconciler's metrics, as the alarms name it (`metricDimensions`). */
  readonly dimensions: Readonly<Record<string, string>>;
  readonly functionName: string;
  readonly logGroupName: string;
  /** Heading of the dashboard's text widget. */
  readonly title: string;
  /** Seconds per datapoint; the component passes the alarms' period (one schedule interval). Default 300. */
  readonly period?: number;
}

/** A metric row of a metric widget: namespace, name, dimension name/value pairs, then render options. */
export type MetricRow = readonly (string | Readonly<Record<string, unknown>>)[];

interface Placement {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface MetricWidget extends Placement {
  readonly type: "metric";
  readonly properties: {
    readonly title: string;
    readonly region: string;
    readonly view: "timeSeries";
    readonly stacked: false;
    readonly stat: string;
    readonly period: number;
    readonly metrics: readonly MetricRow[];
    readonly yAxis: { readonly left: { readonly min: 0 } };
    readonly annotations?: { readonly horizontal: readonly { label: string; value: number }[] };
  };
}

export interface LogWidget extends Placement {
  readonly type: "log";
  readonly properties: {
    readonly title: string;
    readonly region: string;
    readonly query: string;
    readonly view: "table";
  };
}

export interface TextWidget extends Placement {
  readonly type: "text";
  readonly properties: { readonly markdown: string };
}

export type DashboardWidget = MetricWidget | LogWidget | TextWidget;

/** The `dashboardBody` document of PutDashboard (CloudWatch API reference, "Dashboard Body Structure and Syntax"). */
export interface DashboardBody {
  readonly widgets: readonly DashboardWidget[];
}

const DEFAULT_PERIOD_SECONDS = 300;
/** Rows of the Logs Insights tables. */
const LOG_ROWS = 50;
/** The resource status that is no news: left out of the drift table. */
const IN_SYNC: ResourceStatus = "IN_SYNC";

interface Series {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

function metricRow(s: Series, options: Readonly<Record<string, unknown>>): MetricRow {
  // Sorted, so the same dimensions always give the same body.
  const pairs = Object.entries(s.dimensions)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flat();
  return [s.namespace, s.metricName, ...pairs, options];
}

/**
 * Each series drawn as `FILL(m, 0)`: the Lambda emits only non-zero metrics (no custom-metric charge
 * while in sync), so a run that found nothing leaves a gap, which reads as 0 rather than as a broken line.
 */
function filled(series: readonly Series[]): MetricRow[] {
  return series.flatMap((s, i) => [
    metricRow(s, { id: `m${i}`, visible: false }),
    [{ expression: `FILL(m${i}, 0)`, label: s.metricName, id: `e${i}` }],
  ]);
}

function metricWidget(
  p: DashboardBodyInput,
  placement: Placement,
  title: string,
  metrics: readonly MetricRow[],
  extra: Pick<MetricWidget["properties"], "annotations"> = {},
): MetricWidget {
  return {
    type: "metric",
    ...placement,
    properties: {
      title,
      region: p.region,
      view: "timeSeries",
      stacked: false,
      stat: "Sum",
      period: p.period ?? DEFAULT_PERIOD_SECONDS,
      metrics,
      yAxis: { left: { min: 0 } },
      ...extra,
    },
  };
}

/** A Logs Insights query as a dashboard stores it: `SOURCE '<group>' | <commands>`. */
function logQuery(logGroupName: string, commands: readonly string[]): string {
  return [`SOURCE '${logGroupName}'`, ...commands].join("\n| ");
}

/**
 * The latest resources that were not in sync, one row per resource (drifted, missing, stale, conflicting,
 * failed; fixed or removed this run), with the run's message and action. It reads only `@message`, which
 * every event has, and parses it with `jsonParse`, then `unnest`s the report's resources (docs/aws-facts.md,
 * "CloudWatch Logs Insights"). Discovered fields would not do: Logs Insights extracts at most 200 fields of
 * an event, and a report's sorted keys put `status` after every resource's differences; indexed fields
 * (`report.resources.0.id`) would also show only as many resources as there are columns. The first filter
 * keeps report lines (`reconcile <STATUS>`), not platform, metric or `reconcile not run` lines.
 *
 * @example
 * driftQuery("/echo-ptc/platform/prod/echo-cache");
 * // "SOURCE '/echo-ptc/platform/prod/echo-cache'\n| fields @timestamp, jsonParse(@message) as line\n| ..."
 */
export function driftQuery(logGroupName: string): string {
  return logQuery(logGroupName, [
    "fields @timestamp, jsonParse(@message) as line",
    "filter line.message like /^reconcile [A-Z_]+$/",
    "unnest line.report.resources into resource",
    `filter resource.status != "${IN_SYNC}"`,
    "sort @timestamp desc",
    `limit ${LOG_ROWS}`,
    "display @timestamp, line.message, line.report.action, resource.type, resource.id, resource.status, resource.reason",
  ]);
}

/**
 * The latest error lines: failed runs (`report.errors`, which sort first in the report), invalid
 * configs, and runs that never started (`reconcile not run`, logged with Powertools' `error` object).
 *
 * @example
 * errorsQuery("/echo-ptc/platform/prod/echo-cache");
 * // "SOURCE '/echo-ptc/platform/prod/echo-cache'\n| fields ...\n| filter level = \"ERROR\"\n| ..."
 */
export function errorsQuery(logGroupName: string): string {
  return logQuery(logGroupName, [
    "fields @timestamp, message, report.errors.0.operation, report.errors.0.name, report.errors.0.message, error.name, error.message",
    'filter level = "ERROR"',
    "sort @timestamp desc",
    `limit ${LOG_ROWS}`,
  ]);
}

/**
 * The body of the component's CloudWatch dashboard, as a plain value (the component `JSON.stringify`s it).
 * Metric names come from `METRIC` and `LAMBDA_METRIC`, so the dashboard shows exactly what the Lambda
 * emits; namespace and dimensions are the alarms' own.
 *
 * Widgets: a heading; drift detected and remediated; reconcile errors and invalid configs; upstream
 * invalid; the function's invocations, errors and throttles; its duration against the timeout; the
 * latest drift from the logs; the latest errors from the logs.
 *
 * @example
 * const body = dashboardBody({ region: "eu-west-1", namespace: "EchoPullThroughCache",
 *   dimensions: { service: "echo-pullthrough-cache", CacheName: "echo-cache" },
 *   functionName: "echo-cache-reconciler-1a2b3c4", logGroupName: "/echo-ptc/platform/prod/echo-cache",
 *   title: "Echo ECR pull-through cache echo-cache", period: 900 });
 * JSON.stringify(body); // the aws.cloudwatch.Dashboard's dashboardBody
 */
export function dashboardBody(p: DashboardBodyInput): DashboardBody {
  const custom = (metricName: string): Series => ({
    namespace: p.namespace,
    metricName,
    dimensions: p.dimensions,
  });
  const lambda = (metricName: string): Series => ({
    namespace: LAMBDA_METRICS_NAMESPACE,
    metricName,
    dimensions: { [LAMBDA_FUNCTION_DIMENSION]: p.functionName },
  });
  return {
    widgets: [
      {
        type: "text",
        x: 0,
        y: 0,
        width: 24,
        height: 2,
        properties: {
          markdown: [
            `# ${p.title}`,
            `Reconciler \`${p.functionName}\`, logs in \`${p.logGroupName}\`. ` +
              "The reconciler sends a metric only when it is non-zero, so a cache in sync sends none: gaps are drawn as 0.",
          ].join("\n"),
        },
      },
      metricWidget(
        p,
        { x: 0, y: 2, width: 12, height: 6 },
        "Drift detected and remediated",
        filled([custom(METRIC.driftDetected), custom(METRIC.driftRemediated)]),
      ),
      metricWidget(
        p,
        { x: 12, y: 2, width: 12, height: 6 },
        "Reconcile errors and invalid config",
        filled([custom(METRIC.reconcileErrors), custom(METRIC.configInvalid)]),
      ),
      metricWidget(
        p,
        { x: 0, y: 8, width: 8, height: 6 },
        "Upstream invalid (Echo's grant missing?)",
        filled([custom(METRIC.upstreamInvalid)]),
      ),
      metricWidget(
        p,
        { x: 8, y: 8, width: 8, height: 6 },
        "Reconciler invocations, errors and throttles",
        filled([
          lambda(LAMBDA_METRIC.invocations),
          lambda(LAMBDA_METRIC.errors),
          lambda(LAMBDA_METRIC.throttles),
        ]),
      ),
      metricWidget(
        p,
        { x: 16, y: 8, width: 8, height: 6 },
        "Reconciler duration (ms)",
        // Not filled: a period without a run has no duration, and 0 would read as a fast run.
        [
          metricRow(lambda(LAMBDA_METRIC.duration), { stat: "Average", label: "Average" }),
          metricRow(lambda(LAMBDA_METRIC.duration), { stat: "Maximum", label: "Maximum" }),
        ],
        { annotations: { horizontal: [{ label: "Timeout", value: LAMBDA_TIMEOUT_SECONDS * 1000 }] } },
      ),
      {
        type: "log",
        x: 0,
        y: 14,
        width: 24,
        height: 8,
        properties: {
          title: "Latest drift: resources not in sync, one row each, with the run that found them",
          region: p.region,
          query: driftQuery(p.logGroupName),
          view: "table",
        },
      },
      {
        type: "log",
        x: 0,
        y: 22,
        width: 24,
        height: 6,
        properties: {
          title: "Latest errors",
          region: p.region,
          query: errorsQuery(p.logGroupName),
          view: "table",
        },
      },
    ],
  };
}

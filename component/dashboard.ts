import { METRIC } from "../common/constants";
import {
  LAMBDA_FUNCTION_DIMENSION,
  LAMBDA_METRIC,
  LAMBDA_METRICS_NAMESPACE,
  LAMBDA_TIMEOUT_SECONDS,
} from "./constants";
import { driftQuery, errorsQuery, unhealthyQuery } from "./logQueries";

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

/** A Logs Insights table across the dashboard. */
function logWidget(
  p: DashboardBodyInput,
  y: number,
  height: number,
  title: string,
  query: string,
): LogWidget {
  return {
    type: "log",
    x: 0,
    y,
    width: 24,
    height,
    properties: { title, region: p.region, query, view: "table" },
  };
}

/**
 * The body of the component's CloudWatch dashboard, as a plain value (the component `JSON.stringify`s it).
 * Metric names come from `METRIC` and `LAMBDA_METRIC`, so the dashboard shows exactly what the Lambda
 * emits; namespace and dimensions are the alarms' own. The causes are not metrics (one custom metric per
 * cache, see `METRIC`): they come from the log group.
 *
 * Widgets: a heading; `Unhealthy`; the function's invocations, errors and throttles; its duration against
 * the timeout; the latest unhealthy runs with their causes, the latest drift, and the latest errors, from
 * the logs.
 *
 * @example
 * const body = dashboardBody({ region: "eu-west-1", namespace: "EchoPullThroughCache",
 *   dimensions: { service: "echo-pullthrough-cache", CacheName: "echo-cache" },
 *   functionName: "echo-cache-reconciler-1a2b3c4", logGroupName: "/echo-ptc/platform/prod/echo-cache",
 *   title: "Echo ECR pull-through cache echo-cache", period: 900 });
 * JSON.stringify(body); // the aws.cloudwatch.Dashboard's dashboardBody
 */
export function dashboardBody(p: DashboardBodyInput): DashboardBody {
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
              `The reconciler sends \`${METRIC.unhealthy}\` only when it is non-zero, so a healthy cache sends none: ` +
              "gaps are drawn as 0. Why a run was unhealthy is in the first table.",
          ].join("\n"),
        },
      },
      metricWidget(
        p,
        { x: 0, y: 2, width: 12, height: 6 },
        "Unhealthy: drift, errors, invalid config, upstream refused, timeouts",
        filled([{ namespace: p.namespace, metricName: METRIC.unhealthy, dimensions: p.dimensions }]),
      ),
      metricWidget(
        p,
        { x: 12, y: 2, width: 6, height: 6 },
        "Reconciler invocations, errors and throttles",
        filled([
          lambda(LAMBDA_METRIC.invocations),
          lambda(LAMBDA_METRIC.errors),
          lambda(LAMBDA_METRIC.throttles),
        ]),
      ),
      metricWidget(
        p,
        { x: 18, y: 2, width: 6, height: 6 },
        "Reconciler duration (ms)",
        // Not filled: a period without a run has no duration, and 0 would read as a fast run.
        [
          metricRow(lambda(LAMBDA_METRIC.duration), { stat: "Average", label: "Average" }),
          metricRow(lambda(LAMBDA_METRIC.duration), { stat: "Maximum", label: "Maximum" }),
        ],
        { annotations: { horizontal: [{ label: "Timeout", value: LAMBDA_TIMEOUT_SECONDS * 1000 }] } },
      ),
      logWidget(p, 8, 6, "Latest unhealthy runs and their causes", unhealthyQuery(p.logGroupName)),
      logWidget(
        p,
        14,
        8,
        "Latest drift: runs not in sync, with each resource's status and first difference",
        driftQuery(p.logGroupName),
      ),
      logWidget(p, 22, 6, "Latest errors", errorsQuery(p.logGroupName)),
    ],
  };
}

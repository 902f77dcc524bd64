/**
 * CloudWatch alarms and dashboards: alarms per metric they evaluate (a Metrics Insights alarm per metric its
 * query can match), dashboards flat, plus the Logs Insights scans of their tables (docs/aws-facts.md, "Prices").
 */
import { DEFAULT_METRICS_NAMESPACE, METRIC } from "../common/constants";
import { logWidgetScans } from "./logsPricing";
import { type Graph, item, type Rule, UnpricedResourceError } from "./pricingRule";

/**
 * Alarm metrics one alarm is billed for: 1 for a single metric, each metric a metric-math expression
 * references, 2 more for an anomaly band (docs/aws-facts.md, "Prices").
 *
 * @throws {UnpricedResourceError} for a Metrics Insights query alarm, billed per metric it analyses (see
 *   {@link metricsInsightsSeries}).
 * @example
 * alarmMetrics({ metricName: "Unhealthy" }); // 1
 */
// biome-ignore lint/suspicious/noExplicitAny: registered inputs are untyped JSON.
export function alarmMetrics(inputs: Record<string, any>): number {
  const queries: { metric?: unknown; expression?: string }[] = inputs.metricQueries ?? [];
  if (queries.length === 0) {
    if (typeof inputs.metricName !== "string") throw new UnpricedResourceError("an alarm without a metric");
    return 1;
  }
  const expressions = queries.flatMap((q) => (q.expression ? [q.expression] : []));
  if (expressions.some(isMetricsInsights)) {
    throw new UnpricedResourceError("a Metrics Insights alarm is billed per metric it analyses");
  }
  const anomaly = expressions.some((e) => e.includes("ANOMALY_DETECTION_BAND")) ? 2 : 0;
  return queries.filter((q) => q.metric !== undefined).length + anomaly;
}

const isMetricsInsights = (expression: string) => /\bSELECT\b/i.test(expression);

/**
 * The metrics a Metrics Insights alarm on the reconcilers' `Unhealthy` can analyse: one series per reconciler
 * of its Region in the graph, every hour, as if every cache were unhealthy all month. An upper bound: a
 * healthy cache sends no `Unhealthy` at all, and whether a query "matches" a metric without recent data is
 * UNCONFIRMED (docs/aws-facts.md, "Prices").
 *
 * @throws {UnpricedResourceError} for a query of any other metric: the bench cannot tell what it matches.
 */
export function metricsInsightsSeries(
  alarm: { inputs: Record<string, unknown> },
  region: string,
  graph: Graph,
): number {
  const queries = (alarm.inputs.metricQueries ?? []) as { expression?: string }[];
  const query = queries.find((q) => q.expression && isMetricsInsights(q.expression))?.expression ?? "";
  if (!query.includes(`MAX(${METRIC.unhealthy}) FROM SCHEMA("${DEFAULT_METRICS_NAMESPACE}"`)) {
    throw new UnpricedResourceError(`a Metrics Insights alarm on ${query}`);
  }
  return graph.resources.filter(
    (r) => r.type === "aws:lambda/function:Function" && graph.placeOf(r).region === region,
  ).length;
}

/** The shortest period the alarm evaluates: under 60 s it is a high-resolution alarm. */
// biome-ignore lint/suspicious/noExplicitAny: registered inputs are untyped JSON.
function alarmPeriod(inputs: Record<string, any>): number {
  const queries: { metric?: { period?: number } }[] = inputs.metricQueries ?? [];
  return Math.min(inputs.period ?? 60, ...queries.map((q) => q.metric?.period ?? 60));
}

export const metricAlarm: Rule = (r, graph) => {
  const queries = (r.inputs.metricQueries ?? []) as { expression?: string }[];
  if (queries.some((q) => q.expression && isMetricsInsights(q.expression))) {
    const { region } = graph.placeOf(r);
    const series = metricsInsightsSeries(r, region, graph);
    return [
      item(
        r,
        `metrics analysed (Metrics Insights, ${series} reconcilers in ${region}, at most)`,
        series,
        "metricsInsightsAlarmMetric",
      ),
    ];
  }
  return [
    item(
      r,
      `alarm metrics (${r.inputs.metricName ?? "metric math"})`,
      alarmMetrics(r.inputs),
      alarmPeriod(r.inputs) < 60 ? "highResolutionAlarmMetric" : "alarmMetric",
    ),
  ];
};

interface Widget {
  readonly type: string;
  readonly properties?: { readonly metrics?: unknown[][]; readonly query?: string };
}

export const dashboard: Rule = (r, graph) => {
  const { widgets } = JSON.parse(r.inputs.dashboardBody) as { widgets: Widget[] };
  const rows = widgets.flatMap((w) => w.properties?.metrics ?? []);
  const metrics = rows.filter((row) => typeof row[0] === "string").length;
  const insights = rows.filter((row) =>
    isMetricsInsights(String((row[0] as { expression?: string })?.expression ?? "")),
  ).length;
  // Above 50 metrics a dashboard is another usage type, whose price is UNCONFIRMED; so is whether the series a
  // Metrics Insights query returns count toward the 50.
  if (metrics > 50) throw new UnpricedResourceError(`a dashboard of ${metrics} metrics (over 50)`);
  const queries = widgets.flatMap((w) =>
    w.type === "log" && w.properties?.query ? [w.properties.query] : [],
  );
  return [
    item(
      r,
      `dashboard (${metrics} metrics${insights ? `, ${insights} Metrics Insights queries` : ""})`,
      1,
      "dashboard",
    ),
    ...logWidgetScans(r, queries, graph),
  ];
};

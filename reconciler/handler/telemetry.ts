import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { METRIC, METRIC_DIMENSION } from "../../common/constants";
import { DRIFT_STATUSES, type Report } from "../../common/types";

/** Drift a run found: what the report calls drift, and what it fixed. */
const DRIFTED: ReadonlySet<string> = new Set([...DRIFT_STATUSES, "REMEDIATED"]);

/**
 * The metric values of one run, as a plain value (what `publish` emits). A run that applies a change someone
 * asked for (a deploy, an edit of the config) is not drift: `intended` turns the drift counts off for it.
 */
export function metricValues(report: Report, intended = false): Record<string, number> {
  if (intended) {
    return {
      [METRIC.reconcileErrors]: report.status === "INVALID_CONFIG" ? 0 : report.errors.length,
      [METRIC.configInvalid]: report.status === "INVALID_CONFIG" ? 1 : 0,
      ...(report.upstream ? { [METRIC.upstreamInvalid]: report.upstream.valid ? 0 : 1 } : {}),
    };
  }
  return {
    [METRIC.driftDetected]: report.resources.filter(
      (r) => DRIFTED.has(r.status) || (r.status === "DELETED" && report.action !== "delete"),
    ).length,
    [METRIC.driftRemediated]: report.resources.filter((r) => r.applied && report.action !== "delete").length,
    [METRIC.reconcileErrors]: report.status === "INVALID_CONFIG" ? 0 : report.errors.length,
    [METRIC.configInvalid]: report.status === "INVALID_CONFIG" ? 1 : 0,
    ...(report.upstream ? { [METRIC.upstreamInvalid]: report.upstream.valid ? 0 : 1 } : {}),
  };
}

/**
 * The level of a run's log line: `error` when it failed or the config is invalid; `warn` when the cache is
 * broken (DEGRADED), drift was found, or drift was fixed; `info` otherwise. A deploy or a config edit that
 * applied what was asked (`intended`) fixed no drift: its REMEDIATED is `info`.
 */
export function logLevel(report: Report, intended = false): "error" | "warn" | "info" {
  switch (report.status) {
    case "FAILED":
    case "INVALID_CONFIG":
      return "error";
    case "DEGRADED":
    case "DRIFTED":
      return "warn";
    case "REMEDIATED":
      return intended ? "info" : "warn";
    default:
      return "info";
  }
}

/**
 * One structured log line carrying the report, and the run's EMF metrics. In sync: one info line, no
 * differences, and no metrics at all. Drift, found or fixed, or a broken upstream: a warning. Failure or
 * invalid config: an error.
 *
 * Only non-zero metrics are emitted. CloudWatch bills a custom metric for the hours in which it receives
 * data (prorated hourly), so a cache that stays in sync costs nothing in metrics, where five metrics sent
 * every 15 minutes would cost about $1.50 a month; alarms treat missing data as not breaching. The
 * function's own AWS/Lambda Invocations and Errors metrics (free) show that it runs.
 */
export function publish(
  report: Report,
  logger: Logger,
  metrics: Metrics,
  cacheName: string,
  intended = false,
): void {
  logger[logLevel(report, intended)](`reconcile ${report.status}`, { report });
  const nonZero = Object.entries(metricValues(report, intended)).filter(([, value]) => value !== 0);
  if (nonZero.length === 0) return;
  metrics.addDimension(METRIC_DIMENSION, cacheName);
  for (const [name, value] of nonZero) metrics.addMetric(name, MetricUnit.Count, value);
  metrics.publishStoredMetrics();
}

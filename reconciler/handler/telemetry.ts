import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { METRIC, METRIC_DIMENSION, UNHEALTHY_CAUSE, UNHEALTHY_CAUSES_KEY } from "../../common/constants";
import { DRIFT_STATUSES, type Report } from "../../common/types";

/** Drift a run found: what the report calls drift, and what it fixed. */
const DRIFTED: ReadonlySet<string> = new Set([...DRIFT_STATUSES, "REMEDIATED"]);

/** The causes that are told with `Unhealthy` but do not add to it. */
const NOT_COUNTED: ReadonlySet<string> = new Set([UNHEALTHY_CAUSE.driftRemediated]);

/**
 * The causes of one run, as a plain value (what `publish` emits). A run that applies a change someone
 * asked for (a deploy, an edit of the config) is not drift: `intended` turns the drift counts off for it.
 *
 * @example
 * unhealthyCauses(report); // { DriftDetected: 1, DriftRemediated: 1, ReconcileErrors: 0, ConfigInvalid: 0, UpstreamInvalid: 0 }
 */
export function unhealthyCauses(report: Report, intended = false): Record<string, number> {
  const always = {
    [UNHEALTHY_CAUSE.reconcileErrors]: report.status === "INVALID_CONFIG" ? 0 : report.errors.length,
    [UNHEALTHY_CAUSE.configInvalid]: report.status === "INVALID_CONFIG" ? 1 : 0,
    ...(report.upstream ? { [UNHEALTHY_CAUSE.upstreamInvalid]: report.upstream.valid ? 0 : 1 } : {}),
  };
  if (intended) return always;
  return {
    [UNHEALTHY_CAUSE.driftDetected]: report.resources.filter(
      (r) => DRIFTED.has(r.status) || (r.status === "DELETED" && report.action !== "delete"),
    ).length,
    [UNHEALTHY_CAUSE.driftRemediated]: report.resources.filter((r) => r.applied && report.action !== "delete")
      .length,
    ...always,
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
 * The value of `Unhealthy` for these causes: their sum, without the ones only told (`DriftRemediated`).
 *
 * @example
 * unhealthyValue({ DriftDetected: 1, DriftRemediated: 1, UpstreamInvalid: 1 }); // 2
 */
export function unhealthyValue(causes: Readonly<Record<string, number>>): number {
  return Object.entries(causes)
    .filter(([name]) => !NOT_COUNTED.has(name))
    .reduce((sum, [, n]) => sum + n, 0);
}

/**
 * One EMF line with `Unhealthy` and, beside it, its non-zero causes as the `UnhealthyCauses` property
 * (`"DriftDetected=1,UpstreamInvalid=1"`, sorted): one custom metric, whatever the cause. Nothing at all
 * when `Unhealthy` would be 0: CloudWatch bills a custom metric for the hours in which it receives data
 * (prorated hourly), so a healthy cache costs nothing in metrics, and the alarm treats missing data as
 * not breaching.
 *
 * @example
 * publishUnhealthy(metrics, "echo-cache", { [UNHEALTHY_CAUSE.timedOut]: 1 });
 */
export function publishUnhealthy(
  metrics: Metrics,
  cacheName: string,
  causes: Readonly<Record<string, number>>,
): void {
  const value = unhealthyValue(causes);
  if (value === 0) return;
  const told = Object.entries(causes)
    .filter(([, n]) => n !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, n]) => `${name}=${n}`);
  metrics.addDimension(METRIC_DIMENSION, cacheName);
  metrics.addMetadata(UNHEALTHY_CAUSES_KEY, told.join(","));
  metrics.addMetric(METRIC.unhealthy, MetricUnit.Count, value);
  metrics.publishStoredMetrics();
}

/**
 * One structured log line carrying the report, and the run's `Unhealthy` metric (see `publishUnhealthy`).
 * In sync: one info line, no differences, and no metric at all. Drift, found or fixed, or a broken upstream:
 * a warning (`logLevel`). Failure or invalid config: an error.
 */
export function publish(
  report: Report,
  logger: Logger,
  metrics: Metrics,
  cacheName: string,
  intended = false,
): void {
  logger[logLevel(report, intended)](`reconcile ${report.status}`, { report });
  publishUnhealthy(metrics, cacheName, unhealthyCauses(report, intended));
}

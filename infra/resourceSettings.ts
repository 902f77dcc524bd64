import type * as pulumi from "@pulumi/pulumi";
import {
  DEFAULT_METRICS_NAMESPACE,
  DEFAULT_SERVICE_NAME,
  ENV,
  METRIC,
  METRIC_DIMENSION,
} from "../lambda/core/constants";
import { stateParameterName } from "./naming";
import type { ConfigSource } from "./types";

/**
 * Resource options of the config parameter. With `ssm` the args only seed the value: later edits in
 * SSM win, so Pulumi must not diff the value. With `pulumi` the program owns it and `pulumi up`
 * restores it.
 */
export function configParameterOptions(
  configSource: ConfigSource,
): Pick<pulumi.CustomResourceOptions, "ignoreChanges"> {
  return configSource === "ssm" ? { ignoreChanges: ["value"] } : {};
}

/** The Lambda's environment (names in `ENV`, the contract with the handler). */
export function lambdaEnvironment(p: {
  configParameterName: string;
  ownerId: string;
  cacheName: string;
}): Record<string, string> {
  return {
    [ENV.configParameterName]: p.configParameterName,
    [ENV.stateParameterName]: stateParameterName(p.configParameterName),
    [ENV.ownerId]: p.ownerId,
    [ENV.cacheName]: p.cacheName,
    [ENV.serviceName]: DEFAULT_SERVICE_NAME,
    [ENV.metricsNamespace]: DEFAULT_METRICS_NAMESPACE,
  };
}

/** EventBridge pattern matching edits of exactly one parameter (DOMAIN.md: the value is not in the event). */
export function configChangeEventPattern(parameterName: string): Record<string, unknown> {
  return {
    source: ["aws.ssm"],
    "detail-type": ["Parameter Store Change"],
    detail: { name: [parameterName] },
  };
}

/** The alarms: one per metric that means someone should look. */
export const ALARMED_METRICS = [
  { suffix: "drift-detected", metricName: METRIC.driftDetected, what: "drift was detected" },
  { suffix: "reconcile-errors", metricName: METRIC.reconcileErrors, what: "a reconcile run failed" },
  { suffix: "config-invalid", metricName: METRIC.configInvalid, what: "the SSM config is invalid" },
] as const;

/**
 * Dimensions of the reconciler's EMF metrics. Powertools Metrics always adds a `service` dimension
 * (its serviceName, from POWERTOOLS_SERVICE_NAME) to every metric's dimension set, and a CloudWatch
 * alarm matches only the exact set, so the alarm names both.
 */
export function metricDimensions(cacheName: string): Record<string, string> {
  return { service: DEFAULT_SERVICE_NAME, [METRIC_DIMENSION]: cacheName };
}

/**
 * Alarm period: one schedule interval (so one run's datapoint keeps the alarm up until the next run),
 * within CloudWatch's 1 minute to 1 day. Cron schedules have no fixed interval: one hour.
 */
export function alarmPeriodSeconds(intervalSeconds: number | undefined): number {
  if (intervalSeconds === undefined) return 3600;
  return Math.min(86_400, Math.max(60, Math.ceil(intervalSeconds / 60) * 60));
}

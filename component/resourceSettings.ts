import type * as pulumi from "@pulumi/pulumi";
import {
  DEFAULT_METRICS_NAMESPACE,
  DEFAULT_SERVICE_NAME,
  ENV,
  METRIC,
  METRIC_DIMENSION,
} from "../common/constants";
import { LAMBDA_TIMEOUT_SECONDS } from "./constants";
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
  /** The args said `adopt: true`: only then does the Lambda honour `adopt` in the config (SSM edits alone cannot). */
  allowAdopt?: boolean;
}): Record<string, string> {
  return {
    ...(p.allowAdopt ? { [ENV.allowAdopt]: "true" } : {}),
    [ENV.configParameterName]: p.configParameterName,
    [ENV.stateParameterName]: stateParameterName(p.configParameterName),
    [ENV.ownerId]: p.ownerId,
    [ENV.cacheName]: p.cacheName,
    [ENV.serviceName]: DEFAULT_SERVICE_NAME,
    [ENV.metricsNamespace]: DEFAULT_METRICS_NAMESPACE,
  };
}

/** EventBridge pattern matching edits of exactly one parameter (docs/aws-facts.md, "SSM Parameter Store": the value is not in the event). */
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
  {
    suffix: "upstream-invalid",
    metricName: METRIC.upstreamInvalid,
    what:
      "ECR's ValidatePullThroughCacheRule says the upstream registry is not usable with the rule's role. " +
      "Most likely Echo's registry policy does not grant this account yet (usageInstructions shows the " +
      "statement Echo needs); a changed role is put back by the next run",
  },
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

/**
 * Period of the heartbeat alarm (AWS/Lambda `Invocations` < 1 for `HEARTBEAT_MISSED_PERIODS`
 * periods in a row, missing data breaching), or undefined when there is none.
 *
 * One schedule interval, so a healthy reconciler puts at least one invocation in most periods, but
 * never shorter than the Lambda timeout: with reserved concurrency 1 a long run holds back the next
 * start by up to that long. None for `cron()` (no fixed interval) and for intervals over a day
 * (CloudWatch periods stop at a day, and a longer interval would leave whole periods empty).
 * The CloudWatch limits hold for every value returned: three periods under an hour stay within one
 * day, three periods of at most a day within seven (PutMetricAlarm, `Period`).
 *
 * @example
 * heartbeatPeriodSeconds(900);       // 900: alarms after 45 minutes without a run
 * heartbeatPeriodSeconds(60);        // 300
 * heartbeatPeriodSeconds(undefined); // undefined (cron)
 */
export function heartbeatPeriodSeconds(intervalSeconds: number | undefined): number | undefined {
  if (intervalSeconds === undefined || intervalSeconds > 86_400) return undefined;
  return Math.max(Math.ceil(intervalSeconds / 60) * 60, Math.ceil(LAMBDA_TIMEOUT_SECONDS / 60) * 60);
}

/**
 * Whole seconds as people read them in an alarm description.
 *
 * @example
 * durationText(2700);  // "45 minutes"
 * durationText(10800); // "3 hours"
 */
export function durationText(seconds: number): string {
  if (seconds % 86_400 === 0 && seconds >= 2 * 86_400) return `${seconds / 86_400} days`;
  if (seconds % 3600 === 0 && seconds >= 2 * 3600) return `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}

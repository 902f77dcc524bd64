import type * as pulumi from "@pulumi/pulumi";
import {
  DEFAULT_METRICS_NAMESPACE,
  DEFAULT_SERVICE_NAME,
  ENV,
  METRIC,
  METRIC_DIMENSION,
  UNHEALTHY_CAUSE,
  UNHEALTHY_CAUSES_KEY,
} from "../common/constants";
import { LAMBDA_METRIC, LAMBDA_TIMEOUT_SECONDS } from "./constants";
import { UNHEALTHY_QUERY_COMMANDS } from "./logQueries";
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

/** What the alarm descriptions name: the instance and where its evidence is. */
export interface AlarmContext {
  /** The component's name (the metrics' `CacheName`). */
  readonly name: string;
  readonly logGroupName: string;
}

/** PutMetricAlarm: `AlarmDescription` is at most 1,024 characters. */
export const ALARM_DESCRIPTION_MAX_LENGTH = 1024;

/** The description naming the log group, or, if a long group name would overflow it, naming the output. */
function describe(text: (logGroup: string) => string, logGroupName: string): string {
  const full = text(`the log group ${logGroupName}`);
  return full.length <= ALARM_DESCRIPTION_MAX_LENGTH
    ? full
    : text("the log group in the logGroupName output");
}

/**
 * Description of the `Unhealthy` alarm: what adds to the metric, and where the cause is told.
 *
 * @example
 * unhealthyAlarmDescription({ name: "echo-cache", logGroupName: "/echo-ptc/p/s/echo-cache" });
 */
export function unhealthyAlarmDescription(p: AlarmContext): string {
  const causes = Object.values(UNHEALTHY_CAUSE).filter((c) => c !== UNHEALTHY_CAUSE.driftRemediated);
  return describe(
    (logGroup) =>
      `Echo ECR pull-through cache '${p.name}' is unhealthy: a run found drift (fixed or not), failed, ` +
      "could not start or neared the Lambda timeout; or the SSM config is invalid; or ECR's " +
      "ValidatePullThroughCacheRule refuses the upstream (most likely Echo's registry policy does not grant " +
      "this account yet: usageInstructions shows the statement Echo needs). Which one: the " +
      `${UNHEALTHY_CAUSES_KEY} field (${causes.join(", ")}) of the EMF line in ${logGroup}, next to the ` +
      `run's report. Logs Insights: ${UNHEALTHY_QUERY_COMMANDS.join(" | ")}`,
    p.logGroupName,
  );
}

/**
 * Description of the heartbeat alarm, and what neither alarm sees: a run that dies before our code can
 * report (out of memory, a runtime crash) still counts as an invocation.
 *
 * @example
 * heartbeatAlarmDescription({ name: "echo-cache", logGroupName: "/g" }, "rate(15 minutes)", 2700);
 * // "... has not been invoked for 45 minutes ..."
 */
export function heartbeatAlarmDescription(p: AlarmContext, schedule: string, silentSeconds: number): string {
  return describe(
    (logGroup) =>
      `Echo ECR pull-through cache '${p.name}': the reconciler has not been invoked for ` +
      `${durationText(silentSeconds)} (its schedule is ${schedule}). Check the schedule and the function's ` +
      `${LAMBDA_METRIC.throttles}. Seen by neither this alarm nor ${METRIC.unhealthy}: a run that dies before ` +
      "it can report (out of memory, a runtime crash) still counts as an invocation; see the function's " +
      `AWS/Lambda ${LAMBDA_METRIC.errors} metric, and the platform.report lines whose status is not success ` +
      `in ${logGroup}.`,
    p.logGroupName,
  );
}

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
 * never shorter than the Lambda timeout: with `reservedConcurrency: 1` a long run holds back the next
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

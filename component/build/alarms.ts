import * as aws from "@pulumi/aws";
import { DEFAULT_METRICS_NAMESPACE, METRIC } from "../../common/constants";
import {
  HEARTBEAT_MISSED_PERIODS,
  LAMBDA_FUNCTION_DIMENSION,
  LAMBDA_METRIC,
  LAMBDA_METRICS_NAMESPACE,
} from "../constants";
import { logGroupName } from "../naming";
import {
  alarmPeriodSeconds,
  heartbeatAlarmDescription,
  heartbeatPeriodSeconds,
  metricDimensions,
  unhealthyAlarmDescription,
} from "../resourceSettings";
import { scheduleIntervalSeconds } from "../validateArgs";
import type { BuildContext } from "./context";

/** What differs between the component's alarms; the rest (Sum, ≥ 1, one period, actions) is shared. */
type AlarmMetric = Pick<
  aws.cloudwatch.MetricAlarmArgs,
  | "namespace"
  | "metricName"
  | "dimensions"
  | "period"
  | "evaluationPeriods"
  | "comparisonOperator"
  | "treatMissingData"
>;

/** What the dashboard takes from the alarms. */
export interface Alarms {
  /** Seconds per datapoint of the alarms on counted metrics: one schedule interval, within CloudWatch's range. */
  readonly period: number;
}

/**
 * The alarms, one metric each, so a cache pays for at most two alarm metrics ($0.10 a month each,
 * docs/aws-facts.md, "Prices"):
 * - `Unhealthy`, the one metric the Lambda emits, only when a run found drift, failed, could not start or
 *   neared its timeout, met an invalid config or an upstream that ECR refuses (unless `unhealthyAlarm: false`
 *   leaves it to an alarm elsewhere, the fleet's);
 * - for `rate()` schedules of at most a day, a heartbeat on the function's free AWS/Lambda `Invocations`:
 *   it fires when the function stops running at all (schedule gone, permissions broken, throttled).
 * What neither sees, a run that dies before it can report (out of memory), is in the heartbeat's description.
 *
 * @example
 * const { period } = buildAlarms(ctx, fn); // 900 for the default rate(15 minutes)
 */
export function buildAlarms(ctx: BuildContext, fn: aws.lambda.Function): Alarms {
  const { name, resolved } = ctx;
  const interval = scheduleIntervalSeconds(resolved.schedule);
  const period = alarmPeriodSeconds(interval);
  const where = { name, logGroupName: logGroupName(ctx.identity) };
  const alarm = (suffix: string, description: string, metric: AlarmMetric) =>
    new aws.cloudwatch.MetricAlarm(
      `${name}-${suffix}`,
      {
        alarmDescription: description,
        statistic: "Sum",
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        // The Lambda emits Unhealthy only when it is non-zero.
        treatMissingData: "notBreaching",
        ...metric,
        alarmActions: resolved.alarmActions,
        okActions: resolved.alarmActions,
        tags: resolved.tags,
      },
      ctx.opts,
    );
  if (resolved.unhealthyAlarm) {
    alarm("unhealthy", unhealthyAlarmDescription(where), {
      namespace: DEFAULT_METRICS_NAMESPACE,
      metricName: METRIC.unhealthy,
      dimensions: metricDimensions(name),
      period,
    });
  }
  const heartbeatPeriod = heartbeatPeriodSeconds(interval);
  if (heartbeatPeriod !== undefined) {
    alarm(
      "heartbeat",
      heartbeatAlarmDescription(where, resolved.schedule, HEARTBEAT_MISSED_PERIODS * heartbeatPeriod),
      {
        namespace: LAMBDA_METRICS_NAMESPACE,
        metricName: LAMBDA_METRIC.invocations,
        dimensions: { [LAMBDA_FUNCTION_DIMENSION]: fn.name },
        period: heartbeatPeriod,
        evaluationPeriods: HEARTBEAT_MISSED_PERIODS,
        comparisonOperator: "LessThanThreshold",
        // No invocation means no datapoint at all: missing is exactly what this alarm looks for.
        treatMissingData: "breaching",
      },
    );
  }
  return { period };
}

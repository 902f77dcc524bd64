import * as aws from "@pulumi/aws";
import { DEFAULT_METRICS_NAMESPACE } from "../../common/constants";
import {
  HEARTBEAT_MISSED_PERIODS,
  LAMBDA_FUNCTION_DIMENSION,
  LAMBDA_METRIC,
  LAMBDA_METRICS_NAMESPACE,
} from "../constants";
import { logGroupName } from "../naming";
import {
  ALARMED_METRICS,
  alarmPeriodSeconds,
  durationText,
  heartbeatPeriodSeconds,
  metricDimensions,
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
 * The alarms: one per reconciler metric that means someone should look (`ALARMED_METRICS`), the function's
 * own AWS/Lambda errors, and, for `rate()` schedules of at most a day, a heartbeat on its invocations.
 *
 * @example
 * const { period } = buildAlarms(ctx, fn); // 900 for the default rate(15 minutes)
 */
export function buildAlarms(ctx: BuildContext, fn: aws.lambda.Function): Alarms {
  const { name, resolved } = ctx;
  const period = alarmPeriodSeconds(scheduleIntervalSeconds(resolved.schedule));
  const alarm = (suffix: string, what: string, metric: AlarmMetric) =>
    new aws.cloudwatch.MetricAlarm(
      `${name}-${suffix}`,
      {
        alarmDescription: `Echo ECR pull-through cache '${name}': ${what}. See the log group ${logGroupName(ctx.identity)}.`,
        statistic: "Sum",
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        // The Lambda emits only non-zero metrics, and AWS/Lambda has no datapoint without a run.
        treatMissingData: "notBreaching",
        ...metric,
        alarmActions: resolved.alarmActions,
        okActions: resolved.alarmActions,
        tags: resolved.tags,
      },
      ctx.opts,
    );
  for (const m of ALARMED_METRICS) {
    alarm(m.suffix, m.what, {
      namespace: DEFAULT_METRICS_NAMESPACE,
      metricName: m.metricName,
      dimensions: metricDimensions(name),
      period,
    });
  }
  const functionDimensions = { [LAMBDA_FUNCTION_DIMENSION]: fn.name };
  alarm(
    "function-errors",
    "the reconciler function failed (a crash, a timeout, an unknown event, or a failed deploy-time run)",
    {
      namespace: LAMBDA_METRICS_NAMESPACE,
      metricName: LAMBDA_METRIC.errors,
      dimensions: functionDimensions,
      period,
    },
  );
  const heartbeatPeriod = heartbeatPeriodSeconds(scheduleIntervalSeconds(resolved.schedule));
  if (heartbeatPeriod !== undefined) {
    alarm(
      "heartbeat",
      `the reconciler has not been invoked for ${durationText(HEARTBEAT_MISSED_PERIODS * heartbeatPeriod)} ` +
        `(its schedule is ${resolved.schedule}); check the schedule and the function's throttles`,
      {
        namespace: LAMBDA_METRICS_NAMESPACE,
        metricName: LAMBDA_METRIC.invocations,
        dimensions: functionDimensions,
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

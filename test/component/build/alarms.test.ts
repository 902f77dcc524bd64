import {
  DEFAULT_METRICS_NAMESPACE,
  DEFAULT_SERVICE_NAME,
  METRIC,
  METRIC_DIMENSION,
} from "../../../common/constants";
import { LAMBDA_METRIC } from "../../../component/constants";
import {
  ALARM_TOPIC,
  BASIC,
  type Built,
  componentFixture,
  FULL,
  LOG_GROUP,
  physical,
} from "../componentFixture";

const fixture = componentFixture();

describe("the alarms, with the seed's args", () => {
  // One component with the seed's args, built once: the tests below only read what it registered.
  let basic: Built;
  beforeAll(async () => {
    fixture.harness.reset();
    basic = await fixture.build("echo-cache", BASIC);
  });

  it("alarms on drift, errors, invalid config and an invalid upstream with the Lambda's metric names and dimensions", () => {
    const alarms = basic
      .many("aws:cloudwatch/metricAlarm:MetricAlarm")
      .map((a) => a.inputs)
      .filter((a) => a.namespace === DEFAULT_METRICS_NAMESPACE);

    expect(alarms.map((a) => a.metricName).sort()).toEqual(
      [METRIC.driftDetected, METRIC.reconcileErrors, METRIC.configInvalid, METRIC.upstreamInvalid].sort(),
    );
    for (const alarm of alarms) {
      expect(alarm).toEqual(
        expect.objectContaining({
          namespace: DEFAULT_METRICS_NAMESPACE,
          dimensions: { service: DEFAULT_SERVICE_NAME, [METRIC_DIMENSION]: "echo-cache" },
          statistic: "Sum",
          threshold: 1,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          evaluationPeriods: 1,
          period: 900,
          treatMissingData: "notBreaching",
          alarmActions: [],
          okActions: [],
        }),
      );
    }
  });

  it("says in the upstream alarm that Echo's registry policy most likely does not grant this account yet", () => {
    const upstream = basic.one(
      "aws:cloudwatch/metricAlarm:MetricAlarm",
      "echo-cache-upstream-invalid",
    ).inputs;

    expect(upstream.metricName).toBe(METRIC.upstreamInvalid);
    expect(upstream.alarmDescription).toContain("ValidatePullThroughCacheRule");
    expect(upstream.alarmDescription).toContain("Echo's registry policy does not grant this account");
    expect(upstream.alarmDescription).toContain(LOG_GROUP);
  });

  it("alarms on the function's own AWS/Lambda Errors, counted like the reconciler's metrics", () => {
    const errors = basic.one("aws:cloudwatch/metricAlarm:MetricAlarm", "echo-cache-function-errors").inputs;

    expect(errors).toEqual(
      expect.objectContaining({
        namespace: "AWS/Lambda",
        metricName: LAMBDA_METRIC.errors,
        dimensions: { FunctionName: physical(basic.one("aws:lambda/function:Function")) },
        statistic: "Sum",
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        evaluationPeriods: 1,
        period: 900,
        treatMissingData: "notBreaching",
        alarmActions: [],
        okActions: [],
      }),
    );
  });

  it("raises a heartbeat alarm when the function is not invoked for three schedule periods, missing data breaching", () => {
    const heartbeat = basic.one("aws:cloudwatch/metricAlarm:MetricAlarm", "echo-cache-heartbeat").inputs;

    expect(heartbeat).toEqual(
      expect.objectContaining({
        namespace: "AWS/Lambda",
        metricName: LAMBDA_METRIC.invocations,
        dimensions: { FunctionName: physical(basic.one("aws:lambda/function:Function")) },
        statistic: "Sum",
        threshold: 1,
        comparisonOperator: "LessThanThreshold",
        evaluationPeriods: 3,
        period: 900,
        treatMissingData: "breaching",
        alarmActions: [],
        okActions: [],
      }),
    );
    expect(heartbeat.datapointsToAlarm).toBeUndefined(); // all three periods must be empty
    expect(heartbeat.alarmDescription).toContain("45 minutes");
  });
});

describe("the alarms, with every option", () => {
  let full: Built;
  beforeAll(async () => {
    fixture.harness.reset();
    full = await fixture.build("echo-cache", FULL);
  });

  it("uses the given schedule, and an hourly alarm period for a cron schedule", () => {
    expect(full.one("aws:scheduler/schedule:Schedule").inputs.scheduleExpression).toBe("cron(0 4 * * ? *)");
    for (const alarm of full.many("aws:cloudwatch/metricAlarm:MetricAlarm")) {
      expect(alarm.inputs.period).toBe(3600);
    }
    expect(
      JSON.parse(full.one("aws:cloudwatch/dashboard:Dashboard").inputs.dashboardBody).widgets[1].properties
        .period,
    ).toBe(3600);
  });

  it("has no heartbeat alarm for a cron schedule, which has no fixed interval to miss", () => {
    const names = full.many("aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.name);

    expect(names.sort()).toEqual(
      [
        "echo-cache-config-invalid",
        "echo-cache-drift-detected",
        "echo-cache-function-errors",
        "echo-cache-reconcile-errors",
        "echo-cache-upstream-invalid",
      ].sort(),
    );
  });

  it("notifies the alarm actions on ALARM and OK", () => {
    for (const alarm of full.many("aws:cloudwatch/metricAlarm:MetricAlarm")) {
      expect(alarm.inputs).toEqual(
        expect.objectContaining({ alarmActions: [ALARM_TOPIC], okActions: [ALARM_TOPIC] }),
      );
    }
  });
});

import { alarmMetrics } from "../../../bench/resourcePricing";
import {
  DEFAULT_METRICS_NAMESPACE,
  DEFAULT_SERVICE_NAME,
  METRIC,
  METRIC_DIMENSION,
  UNHEALTHY_CAUSE,
  UNHEALTHY_CAUSES_KEY,
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
import { optionVariants } from "../optionSpace";

const fixture = componentFixture();
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

describe("the alarms, with the seed's args", () => {
  // One component with the seed's args, built once: the tests below only read what it registered.
  let basic: Built;
  beforeAll(async () => {
    fixture.harness.reset();
    basic = await fixture.build("echo-cache", BASIC);
  });

  it("are two: Unhealthy and the heartbeat", () => {
    expect(
      basic
        .many(ALARM)
        .map((a) => a.name)
        .sort(),
    ).toEqual(["echo-cache-heartbeat", "echo-cache-unhealthy"]);
  });

  it("alarm on the Lambda's Unhealthy metric with its dimensions, on any datapoint of one schedule period", () => {
    const unhealthy = basic.one(ALARM, "echo-cache-unhealthy").inputs;

    expect(unhealthy).toEqual(
      expect.objectContaining({
        namespace: DEFAULT_METRICS_NAMESPACE,
        metricName: METRIC.unhealthy,
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
  });

  it("says in the Unhealthy alarm what adds to it and where each cause is told", () => {
    const description: string = basic.one(ALARM, "echo-cache-unhealthy").inputs.alarmDescription;

    expect(description).toContain("Echo's registry policy does not grant this account");
    expect(description).toContain(LOG_GROUP);
    expect(description).toContain(UNHEALTHY_CAUSES_KEY);
    expect(description).toContain(`filter ispresent(${METRIC.unhealthy})`);
    for (const cause of Object.values(UNHEALTHY_CAUSE).filter((c) => c !== UNHEALTHY_CAUSE.driftRemediated)) {
      expect(description).toContain(cause);
    }
    // PutMetricAlarm: AlarmDescription is at most 1,024 characters.
    expect(description.length).toBeLessThanOrEqual(1024);
  });

  it("raises a heartbeat alarm when the function is not invoked for three schedule periods, missing data breaching", () => {
    const heartbeat = basic.one(ALARM, "echo-cache-heartbeat").inputs;

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

  it("says in the heartbeat what neither alarm sees, and where to look for it", () => {
    const description: string = basic.one(ALARM, "echo-cache-heartbeat").inputs.alarmDescription;

    expect(description).toContain("out of memory");
    expect(description).toContain(`AWS/Lambda ${LAMBDA_METRIC.errors}`);
    expect(description).toContain(LOG_GROUP);
    expect(description.length).toBeLessThanOrEqual(1024);
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
    for (const alarm of full.many(ALARM)) expect(alarm.inputs.period).toBe(3600);
  });

  it("has no heartbeat alarm for a cron schedule, which has no fixed interval to miss", () => {
    expect(full.many(ALARM).map((a) => a.name)).toEqual(["echo-cache-unhealthy"]);
  });

  it("notifies the alarm actions on ALARM and OK", () => {
    for (const alarm of full.many(ALARM)) {
      expect(alarm.inputs).toEqual(
        expect.objectContaining({ alarmActions: [ALARM_TOPIC], okActions: [ALARM_TOPIC] }),
      );
    }
  });
});

describe("the alarms, with unhealthyAlarm: false", () => {
  it("leave Unhealthy to an alarm elsewhere and keep the heartbeat, which only this account can see", async () => {
    // Prepare
    fixture.harness.reset();

    // Act
    const b = await fixture.build("echo-cache", { ...BASIC, unhealthyAlarm: false });

    // Assess
    expect(b.many(ALARM).map((a) => a.name)).toEqual(["echo-cache-heartbeat"]);
  });
});

describe("the alarms' bill", () => {
  it.each(optionVariants())(
    "evaluates at most 2 alarm metrics, and no composite alarm: $reason",
    async ({ args }) => {
      const built = await fixture.build("echo-cache", args);

      const metrics = built.many(ALARM).reduce((n, a) => n + alarmMetrics(a.inputs), 0);
      expect(metrics).toBeGreaterThanOrEqual(1);
      expect(metrics).toBeLessThanOrEqual(2);
      expect(built.many("aws:cloudwatch/compositeAlarm:CompositeAlarm")).toEqual([]);
    },
  );
});

import {
  ALARM_DESCRIPTION_MAX_LENGTH,
  alarmPeriodSeconds,
  configChangeEventPattern,
  configParameterOptions,
  durationText,
  heartbeatAlarmDescription,
  heartbeatPeriodSeconds,
  lambdaEnvironment,
  metricDimensions,
  unhealthyAlarmDescription,
} from "../../component/resourceSettings";

describe("resource settings", () => {
  it("ignores value changes only when SSM owns the config", () => {
    expect(configParameterOptions("ssm")).toEqual({ ignoreChanges: ["value"] });
    expect(configParameterOptions("pulumi")).toEqual({});
  });

  it("matches edits of exactly one parameter", () => {
    expect(configChangeEventPattern("/a/config")).toEqual({
      source: ["aws.ssm"],
      "detail-type": ["Parameter Store Change"],
      detail: { name: ["/a/config"] },
    });
  });

  it("names the state parameter after the config parameter in the environment", () => {
    expect(lambdaEnvironment({ configParameterName: "/a/config", ownerId: "p/s/n", cacheName: "n" })).toEqual(
      {
        CONFIG_PARAMETER_NAME: "/a/config",
        STATE_PARAMETER_NAME: "/a/config.state",
        OWNER_ID: "p/s/n",
        CACHE_NAME: "n",
        POWERTOOLS_SERVICE_NAME: "echo-pullthrough-cache",
        POWERTOOLS_METRICS_NAMESPACE: "EchoPullThroughCache",
      },
    );
  });

  it("lets the Lambda honour adopt only when the args allowed it", () => {
    const base = { configParameterName: "/a/config", ownerId: "p/s/n", cacheName: "n" };

    expect(lambdaEnvironment({ ...base, allowAdopt: true }).ALLOW_ADOPT).toBe("true");
    expect(lambdaEnvironment({ ...base, allowAdopt: false })).not.toHaveProperty("ALLOW_ADOPT");
  });

  it("adds Powertools' service dimension to the cache name", () => {
    expect(metricDimensions("n")).toEqual({ service: "echo-pullthrough-cache", CacheName: "n" });
  });

  it.each([
    [60, 60],
    [900, 900],
    [30, 60],
    [7 * 86_400, 86_400],
    [undefined, 3600],
  ])(
    "uses an alarm period of one schedule interval within CloudWatch's range: %s s → %s s",
    (interval, period) => {
      expect(alarmPeriodSeconds(interval)).toBe(period);
    },
  );

  it.each([
    { reason: "the default 15-minute schedule: one interval", interval: 900, period: 900 },
    { reason: "an hourly schedule", interval: 3600, period: 3600 },
    { reason: "a daily schedule, the longest CloudWatch period", interval: 86_400, period: 86_400 },
    { reason: "a 1-minute schedule waits at least the Lambda timeout per period", interval: 60, period: 300 },
    {
      reason: "a 2-day schedule would leave whole 1-day periods empty",
      interval: 2 * 86_400,
      period: undefined,
    },
    { reason: "a cron schedule has no fixed interval", interval: undefined, period: undefined },
  ])("heartbeat period: $reason", ({ interval, period }) => {
    expect(heartbeatPeriodSeconds(interval)).toBe(period);
  });

  it("keeps every heartbeat window within CloudWatch's evaluation range", () => {
    for (let minutes = 1; minutes <= 1440; minutes++) {
      const period = heartbeatPeriodSeconds(minutes * 60);
      if (period === undefined) throw new Error(`no heartbeat for ${minutes} minutes`);

      // PutMetricAlarm: Period × EvaluationPeriods ≤ 1 day under an hour's period, ≤ 7 days otherwise.
      expect(period % 60).toBe(0);
      expect(period * 3).toBeLessThanOrEqual(period < 3600 ? 86_400 : 604_800);
    }
  });

  it.each([
    [2700, "45 minutes"],
    [3600, "60 minutes"],
    [10_800, "3 hours"],
    [259_200, "3 days"],
    [90, "90 seconds"],
  ])("writes %s s as %s", (seconds, text) => {
    expect(durationText(seconds)).toBe(text);
  });
});

describe("alarm descriptions", () => {
  const short = { name: "echo-cache", logGroupName: "/echo-ptc/platform/prod/echo-cache" };
  // CloudWatch Logs allows 512-character group names; long project and stack names make ours long.
  const long = {
    name: "e".repeat(40),
    logGroupName: `/echo-ptc/${"p".repeat(230)}/${"s".repeat(230)}/${"e".repeat(40)}`,
  };
  const unhealthy = (p: typeof short) => unhealthyAlarmDescription(p);
  const heartbeat = (p: typeof short) => heartbeatAlarmDescription(p, "rate(15 minutes)", 2700);

  it.each([
    { reason: "Unhealthy, usual names: it names the log group", describe: unhealthy, p: short, names: true },
    {
      reason: "Unhealthy, the longest group: it names the output instead",
      describe: unhealthy,
      p: long,
      names: false,
    },
    { reason: "heartbeat, usual names", describe: heartbeat, p: short, names: true },
    { reason: "heartbeat, the longest group: it still fits", describe: heartbeat, p: long, names: true },
  ])("stays within CloudWatch's 1,024 characters: $reason", ({ describe: text, p, names }) => {
    const d = text(p);

    expect(d.length).toBeLessThanOrEqual(ALARM_DESCRIPTION_MAX_LENGTH);
    expect(d.includes(p.logGroupName)).toBe(names);
    expect(d.includes("logGroupName output")).toBe(!names);
  });
});

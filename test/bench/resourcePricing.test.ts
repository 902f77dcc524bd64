import { bill } from "../../bench/bill";
import {
  alarmMetrics,
  billedMsPerRun,
  type Graph,
  priceGraph,
  RESOURCE_PRICING,
  RUNTIME_PRICING,
  type RunProfile,
  UnpricedResourceError,
} from "../../bench/resourcePricing";
import { RESOURCE_TYPES } from "../../common/types";
import { BASIC, componentFixture, physical } from "../component/componentFixture";
import { buildFleet } from "../component/fleet/builtFleet";
import { FLEET } from "../component/fleet/fleetFixture";
import { optionVariants } from "../component/optionSpace";
import type { RecordedResource } from "../component/pulumiHarness";

const fixture = componentFixture();

/** About what the bench measures (INIT 93 ms, CPU 7 ms, waits 600 ms, 1.9 KB of logs), rounded up. */
const MEASURED: RunProfile = {
  initMs: 100,
  cpuMs: 10,
  waitMs: 600,
  logEvents: 4,
  logBytes: 2000,
  customMetrics: 0,
};
const usage = (run: RunProfile = MEASURED) => ({
  run,
  configEditsPerMonth: 2,
  deploysPerMonth: 1,
  dashboardViewsPerMonth: 300,
});
const graphOf = (resources: readonly RecordedResource[], run?: RunProfile): Graph => ({
  resources,
  usage: usage(run),
  physicalName: physical,
  placeOf: (r: RecordedResource) => fixture.harness.whereOf(r.provider),
});
const resource = (type: string, inputs: Record<string, unknown>, name = "r"): RecordedResource => ({
  type,
  name,
  custom: true,
  parent: "",
  provider: "",
  dependencies: [],
  ignoreChanges: [],
  secretInputs: [],
  inputs,
});
const ofPrice = (items: ReturnType<typeof priceGraph>, price: string) =>
  items.filter((i) => i.price === price);

describe("the bench's price table", () => {
  it.each(optionVariants())(
    "has a rule for every resource the component registers: $reason",
    async ({ args }) => {
      const built = await fixture.build("echo-cache", args);

      const unpriced = built.all.map((r) => r.type).filter((t) => !(t in RESOURCE_PRICING));
      expect(unpriced).toEqual([]);
      expect(() => priceGraph(graphOf(built.all))).not.toThrow();
    },
  );

  it("is reached by the options and a fleet: every priced type but the composite alarm is registered by one", async () => {
    const types = new Set<string>();
    for (const { args } of optionVariants()) {
      fixture.harness.reset();
      for (const r of (await fixture.build("echo-cache", args)).all) types.add(r.type);
    }
    fixture.harness.reset();
    for (const r of (await buildFleet(fixture.harness, "platform", FLEET)).all) types.add(r.type);

    expect([...types].sort()).toEqual(
      Object.keys(RESOURCE_PRICING)
        .filter((t) => t !== "aws:cloudwatch/compositeAlarm:CompositeAlarm")
        .sort(),
    );
  });

  it("prices what the reconciler makes at run time, one line per resource kind and its record", () => {
    expect(Object.keys(RUNTIME_PRICING).sort()).toEqual(
      [...Object.values(RESOURCE_TYPES), "AWS::SSM::Parameter"].sort(),
    );
  });

  it("refuses a resource type it has no rule for", () => {
    const key = resource("aws:kms/key:Key", {});

    expect(() => priceGraph(graphOf([key]))).toThrow(UnpricedResourceError);
  });

  it.each([
    {
      reason: "X-Ray tracing bills traces",
      type: "aws:lambda/function:Function",
      inputs: { tracingConfig: { mode: "Active" } },
    },
    {
      reason: "an advanced parameter costs a month",
      type: "aws:ssm/parameter:Parameter",
      inputs: { tier: "Advanced" },
    },
    {
      reason: "a SecureString costs KMS calls",
      type: "aws:ssm/parameter:Parameter",
      inputs: { type: "SecureString" },
    },
    {
      reason: "Infrequent Access logs have another price",
      type: "aws:cloudwatch/logGroup:LogGroup",
      inputs: { name: "g", logGroupClass: "INFREQUENT_ACCESS" },
    },
    {
      reason: "custom events cost per event",
      type: "aws:cloudwatch/eventRule:EventRule",
      inputs: { eventPattern: JSON.stringify({ source: ["my.app"] }) },
    },
    {
      reason: "a Metrics Insights alarm is billed per metric it analyses",
      type: "aws:cloudwatch/metricAlarm:MetricAlarm",
      inputs: { metricQueries: [{ id: "q", expression: "SELECT SUM(Unhealthy) FROM EchoPullThroughCache" }] },
    },
  ])("refuses a setting it cannot price: $reason", ({ type, inputs }) => {
    expect(() => priceGraph(graphOf([resource(type, inputs)]))).toThrow(UnpricedResourceError);
  });
});

describe("alarm metrics", () => {
  it.each([
    {
      reason: "a single-metric alarm evaluates one metric",
      inputs: { metricName: "Unhealthy", period: 900 },
      metrics: 1,
      price: "alarmMetric",
    },
    {
      reason: "metric math counts each metric it references, not the expression",
      inputs: {
        metricQueries: [
          { id: "a", metric: { period: 900 } },
          { id: "b", metric: { period: 900 } },
          { id: "e", expression: "a + b" },
        ],
      },
      metrics: 2,
      price: "alarmMetric",
    },
    {
      reason: "an anomaly band counts two more",
      inputs: {
        metricQueries: [
          { id: "m", metric: { period: 300 } },
          { id: "band", expression: "ANOMALY_DETECTION_BAND(m)" },
        ],
      },
      metrics: 3,
      price: "alarmMetric",
    },
    {
      reason: "a period under a minute is high resolution",
      inputs: { metricName: "Unhealthy", period: 10 },
      metrics: 1,
      price: "highResolutionAlarmMetric",
    },
  ])("$reason", ({ inputs, metrics, price }) => {
    const alarm = resource("aws:cloudwatch/metricAlarm:MetricAlarm", inputs);

    expect(alarmMetrics(inputs)).toBe(metrics);
    expect(ofPrice(priceGraph(graphOf([alarm])), price).map((i) => i.quantity)).toEqual([metrics]);
  });
});

describe("the reconciler's runs", () => {
  let items: ReturnType<typeof priceGraph>;
  beforeAll(async () => {
    fixture.harness.reset();
    items = priceGraph(
      graphOf((await fixture.build("echo-cache", BASIC)).all, { ...MEASURED, customMetrics: 1 }),
    );
  });

  it("counts the schedule's runs, two config edits and one deploy as requests", () => {
    expect(ofPrice(items, "lambdaRequest").map((i) => i.quantity)).toEqual([2920 + 2 + 1]);
    expect(ofPrice(items, "schedulerInvocation").map((i) => i.quantity)).toEqual([2920]);
  });

  it("bills every run as a cold start: INIT and CPU stretched by 256 MB's share of a vCPU, waits as they are", () => {
    expect(billedMsPerRun(MEASURED, 256)).toBe(Math.ceil(110 * (1769 / 256) + 600));
    expect(billedMsPerRun(MEASURED, 1769)).toBe(710);
    expect(billedMsPerRun(MEASURED, 4096)).toBe(710);
    const [duration] = ofPrice(items, "lambdaArm64");
    expect(duration?.quantity).toBeCloseTo(2923 * (billedMsPerRun(MEASURED, 256) / 1000) * 0.25, 6);
  });

  it("bills a custom metric sent every run for every hour of the month", () => {
    expect(ofPrice(items, "customMetric").map((i) => i.quantity)).toEqual([1]);
  });

  it("ingests each event with 26 bytes of overhead, and stores 30 days of it", () => {
    const gb = (2923 * (2000 + 26 * 4)) / 1024 ** 3;

    expect(ofPrice(items, "logIngestion")[0]?.quantity).toBeCloseTo(gb, 12);
    expect(ofPrice(items, "logStorage")[0]?.quantity).toBeCloseTo(gb * (30 / (730 / 24)), 12);
  });

  it.each([
    {
      reason: "a daily run has data in 30 hours or so",
      schedule: "rate(1 day)",
      metricMonths: 730 / 24 / 730,
    },
    { reason: "every two days, half as many", schedule: "rate(2 days)", metricMonths: 730 / 48 / 730 },
    { reason: "every minute, still one metric-month", schedule: "rate(1 minute)", metricMonths: 1 },
  ])("bills custom metrics by the hours with a run: $reason", async ({ schedule, metricMonths }) => {
    const built = await fixture.build("echo-cache", { ...BASIC, schedule });

    const priced = priceGraph(graphOf(built.all, { ...MEASURED, customMetrics: 1 }));
    expect(ofPrice(priced, "customMetric")[0]?.quantity).toBeCloseTo(metricMonths, 6);
  });
});

describe("the budget", () => {
  it("keeps a default cache under $0.25 a month with no free tier, at twice the measured run profile", async () => {
    const doubled: RunProfile = {
      initMs: 200,
      cpuMs: 20,
      waitMs: 1200,
      logEvents: 8,
      logBytes: 4000,
      customMetrics: 0,
    };
    const built = await fixture.build("echo-cache", BASIC);

    const total = bill(priceGraph(graphOf(built.all, doubled))).usd;
    expect(total).toBeGreaterThan(0.2); // the two alarm metrics alone are $0.20
    expect(total).toBeLessThanOrEqual(0.25);
  });

  it("adds $3.00 for the dashboard, and its tables' scans", async () => {
    const without = bill(priceGraph(graphOf((await fixture.build("echo-cache", BASIC)).all))).usd;
    fixture.harness.reset(); // the same name again: the next build must not see this one's resources
    const withDashboard = bill(
      priceGraph(graphOf((await fixture.build("echo-cache", { ...BASIC, dashboard: true })).all)),
    ).usd;

    // The dashboard, and what its three Logs Insights tables scan at 300 views a month: under a cent.
    expect(withDashboard - without).toBeGreaterThan(3);
    expect(withDashboard - without).toBeLessThan(3.01);
  });
});

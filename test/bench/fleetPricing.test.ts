import { bill } from "../../bench/bill";
import { type Graph, priceGraph, type RunProfile, UnpricedResourceError } from "../../bench/resourcePricing";
import { physical } from "../component/builtComponent";
import { buildFleet } from "../component/fleet/builtFleet";
import { FLEET } from "../component/fleet/fleetFixture";
import { type Harness, installHarness, type RecordedResource } from "../component/pulumiHarness";

const RUN: RunProfile = {
  initMs: 100,
  cpuMs: 10,
  waitMs: 600,
  logEvents: 4,
  logBytes: 2000,
  customMetrics: 0,
};

describe("the bench's fleet bill", () => {
  let harness: Harness;
  let graph: Graph;
  beforeAll(async () => {
    harness = await installHarness();
    const built = await buildFleet(harness, "platform", FLEET);
    graph = {
      resources: built.all,
      usage: { run: RUN, configEditsPerMonth: 2, deploysPerMonth: 1, dashboardViewsPerMonth: 300 },
      physicalName: physical,
      placeOf: (r: RecordedResource) => harness.whereOf(r.provider),
    };
  });

  it("prices every resource a fleet registers, the OAM sinks, policies and links at no charge", () => {
    // Act
    const items = priceGraph(graph);

    // Assess
    const oam = items.filter((i) => i.price === "oam");
    expect(oam.map((i) => i.resource.split(" ")[0]).sort()).toEqual(
      ["Link", "Link", "Link", "Link", "Sink", "Sink", "SinkPolicy", "SinkPolicy"].sort(),
    );
    expect(bill(oam).usd).toBe(0);
  });

  it("bills each Region's fleet alarm for every reconciler its query can match there, at most", () => {
    // Act
    const alarms = priceGraph(graph).filter((i) => i.price === "metricsInsightsAlarmMetric");

    // Assess: eu-west-1 has three caches (two accounts and the monitoring account), us-east-1 two.
    expect(alarms.map((i) => [i.resource, i.quantity])).toEqual([
      ["MetricAlarm platform-unhealthy-euw1", 3],
      ["MetricAlarm platform-unhealthy-use1", 2],
    ]);
  });

  it("counts what the reconcilers make once per reconciler", () => {
    // Act
    const runtime = priceGraph(graph).filter((i) => i.resource === "(made by the reconciler)");

    // Assess
    expect(runtime.map((i) => i.quantity)).toEqual([5, 5, 5, 5]);
  });

  it("prices the dashboard's drift tables from the log groups they name by ARN, in the accounts that hold them", () => {
    // Prepare: what the five caches' log groups ingest a month.
    const items = priceGraph(graph);
    const ingested = items.filter((i) => i.price === "logIngestion").reduce((n, i) => n + i.quantity, 0);

    // Act
    const scans = items.filter((i) => i.price === "logsInsightsScan");

    // Assess: every view scans 3 hours of each group once.
    expect(scans).toHaveLength(1);
    expect(scans[0]?.quantity).toBeCloseTo((300 * ingested * 3) / 730, 12);
  });

  it("refuses a Metrics Insights alarm on any other metric: it cannot tell what the query matches", () => {
    // Prepare
    const alarm = graph.resources.find((r) => r.name === "platform-unhealthy-euw1") as RecordedResource;
    const other = {
      ...alarm,
      inputs: {
        ...alarm.inputs,
        metricQueries: [{ id: "q", expression: 'SELECT AVG(CPUUtilization) FROM "AWS/EC2"' }],
      },
    };

    // Act
    const pricing = () => priceGraph({ ...graph, resources: [other] });

    // Assess
    expect(pricing).toThrow(UnpricedResourceError);
  });
});

import { DEFAULT_METRICS_NAMESPACE, METRIC, METRIC_DIMENSION } from "../../../common/constants";
import { LAMBDA_METRIC } from "../../../component/constants";
import { driftQuery } from "../../../component/logQueries";
import { dashboardName } from "../../../component/naming";
import { BASIC, type Built, componentFixture, LOG_GROUP, physical } from "../componentFixture";
import { PROJECT, promiseOf, REGION, STACK } from "../pulumiHarness";

const fixture = componentFixture();

describe("the dashboard, with the seed's args and dashboard: true", () => {
  // One component, built once: the tests below only read what it registered.
  let basic: Built;
  beforeAll(async () => {
    fixture.harness.reset();
    basic = await fixture.build("echo-cache", { ...BASIC, dashboard: true });
  });

  describe("dashboard", () => {
    interface Row {
      readonly namespace: string;
      readonly metricName: string;
      readonly dimensions: Record<string, string>;
    }
    // biome-ignore lint/suspicious/noExplicitAny: the parsed dashboard body is untyped JSON.
    let body: { widgets: any[] };
    let rows: Row[];
    beforeAll(() => {
      body = JSON.parse(basic.one("aws:cloudwatch/dashboard:Dashboard").inputs.dashboardBody);
      // Metric rows are [namespace, name, dim, value, ..., options?]; expression rows are [{ expression }].
      rows = body.widgets
        .filter((w) => w.type === "metric")
        .flatMap((w) => w.properties.metrics as unknown[][])
        .filter((row) => typeof row[0] === "string")
        .map((row) => {
          const strings = row.filter((x): x is string => typeof x === "string");
          const [namespace, metricName, ...pairs] = strings;
          const dimensions: Record<string, string> = {};
          for (let i = 0; i < pairs.length; i += 2) dimensions[pairs[i] as string] = pairs[i + 1] as string;
          return { namespace: namespace as string, metricName: metricName as string, dimensions };
        });
    });

    it("is one dashboard parented to the component, named after the owner id", () => {
      const dashboard = basic.one("aws:cloudwatch/dashboard:Dashboard");

      expect(dashboard.parent).toBe(basic.urn);
      expect(dashboard.name).toBe("echo-cache-dashboard");
      expect(dashboard.inputs.dashboardName).toBe(
        dashboardName({ project: PROJECT, stack: STACK, name: "echo-cache" }),
      );
      expect(dashboard.inputs.dashboardName).toMatch(/^[A-Za-z0-9_-]{1,255}$/);
    });

    it("draws only the metrics the Lambda emits and the function's AWS/Lambda metrics", () => {
      const custom = rows.filter((r) => r.namespace === DEFAULT_METRICS_NAMESPACE).map((r) => r.metricName);
      const lambda = rows.filter((r) => r.namespace === "AWS/Lambda").map((r) => r.metricName);

      expect(rows.length).toBe(custom.length + lambda.length);
      expect(new Set(custom)).toEqual(new Set(Object.values(METRIC)));
      for (const name of lambda) expect(Object.values(LAMBDA_METRIC)).toContain(name);
      expect(new Set(lambda)).toEqual(
        new Set([
          LAMBDA_METRIC.invocations,
          LAMBDA_METRIC.errors,
          LAMBDA_METRIC.duration,
          LAMBDA_METRIC.throttles,
        ]),
      );
    });

    it("uses the alarms' namespace and dimensions, and the alarmed function's name", () => {
      const alarms = basic.many("aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.inputs);

      for (const row of rows) {
        const sameNamespace = alarms.filter((a) => a.namespace === row.namespace);
        expect(sameNamespace.length).toBeGreaterThan(0);
        for (const alarm of sameNamespace) expect(row.dimensions).toEqual(alarm.dimensions);
      }
      for (const widget of body.widgets.filter((w) => w.type !== "text")) {
        expect(widget.properties.region).toBe(REGION);
      }
    });

    it("fills the gaps of every counted metric with 0, at the alarms' period", () => {
      for (const widget of body.widgets.filter((w) => w.type === "metric")) {
        expect(widget.properties.period).toBe(900);
        const expressions = widget.properties.metrics
          .map((row: unknown[]) => row[0])
          .filter((x: unknown) => typeof x === "object")
          .map((x: { expression: string }) => x.expression);
        for (const e of expressions) expect(e).toMatch(/^FILL\(m\d+, 0\)$/);
      }
    });

    it("queries the function's log group for the latest unhealthy runs, drift and errors", () => {
      const queries = body.widgets.filter((w) => w.type === "log").map((w) => w.properties.query as string);

      expect(queries).toHaveLength(3);
      expect(queries.some((q) => q.includes("filter ispresent(Unhealthy)"))).toBe(true);
      for (const query of queries) expect(query.startsWith(`SOURCE '${LOG_GROUP}'\n| `)).toBe(true);
      expect(queries).toContain(driftQuery(LOG_GROUP));
      expect(queries.some((q) => q.includes('filter level = "ERROR"'))).toBe(true);
    });
  });
});

describe("the dashboards of two instances in one stack", () => {
  it("get one dashboard each, with distinct names and each drawing only its own cache and function", async () => {
    const a = await fixture.build("team-a", { ...BASIC, repositoryPrefix: "team-a", dashboard: true });
    const b = await fixture.build("team-b", { ...BASIC, repositoryPrefix: "team-b", dashboard: true });

    const dashboardOf = (x: Built) => x.one("aws:cloudwatch/dashboard:Dashboard").inputs;
    expect(dashboardOf(a).dashboardName).not.toBe(dashboardOf(b).dashboardName);
    expect(await promiseOf(a.component.dashboardName)).toBe(dashboardOf(a).dashboardName);
    expect(await promiseOf(b.component.dashboardName)).toBe(dashboardOf(b).dashboardName);
    const bodyA = dashboardOf(a).dashboardBody as string;
    expect(bodyA).toContain(`"${METRIC_DIMENSION}","team-a"`);
    expect(bodyA).not.toContain("team-b");
    expect(bodyA).toContain(physical(a.one("aws:lambda/function:Function")));
  });
});

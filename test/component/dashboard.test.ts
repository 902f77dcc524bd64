import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import {
  DEFAULT_METRICS_NAMESPACE,
  METRIC,
  UNHEALTHY_CAUSE,
  UNHEALTHY_CAUSES_KEY,
} from "../../common/constants";
import { RESOURCE_TYPES, type ResourceReport } from "../../common/types";
import { LAMBDA_METRIC, LAMBDA_TIMEOUT_SECONDS } from "../../component/constants";
import { type DashboardBodyInput, type DashboardWidget, dashboardBody } from "../../component/dashboard";
import { driftQuery, errorsQuery, unhealthyQuery } from "../../component/logQueries";
import { metricDimensions } from "../../component/resourceSettings";
import { buildReport, type ReportParts } from "../../reconciler/engine/report";
import { publish, publishUnhealthy } from "../../reconciler/handler/telemetry";

const INPUT: DashboardBodyInput = {
  region: "eu-west-1",
  namespace: DEFAULT_METRICS_NAMESPACE,
  dimensions: metricDimensions("echo-cache"),
  functionName: "echo-cache-reconciler-1a2b3c4",
  logGroupName: "/echo-ptc/platform/prod/echo-cache",
  title: "Echo ECR pull-through cache echo-cache",
  period: 900,
};

type Row = readonly unknown[];
interface MetricRef {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly options: Record<string, unknown>;
}

function metricWidgets(widgets: readonly DashboardWidget[]) {
  return widgets.flatMap((w) => (w.type === "metric" ? [w] : []));
}

/** A metric row `[namespace, name, dim, value, ..., options]` as a value; undefined for expression rows. */
function metricRef(row: Row): MetricRef | undefined {
  if (typeof row[0] !== "string") return undefined;
  const strings = row.filter((x): x is string => typeof x === "string");
  const [namespace, metricName, ...pairs] = strings;
  const dimensions: Record<string, string> = {};
  for (let i = 0; i < pairs.length; i += 2) dimensions[pairs[i] as string] = pairs[i + 1] as string;
  const options = (row.find((x) => typeof x === "object") ?? {}) as Record<string, unknown>;
  return { namespace: namespace as string, metricName: metricName as string, dimensions, options };
}

const refs = (widgets: readonly DashboardWidget[]): MetricRef[] =>
  metricWidgets(widgets).flatMap((w) => w.properties.metrics.flatMap((r) => metricRef(r) ?? []));

describe("dashboardBody", () => {
  const body = dashboardBody(INPUT);

  it("is plain JSON: what JSON.stringify writes parses back to the same value", () => {
    expect(JSON.parse(JSON.stringify(body))).toEqual(body);
  });

  it("draws every metric the Lambda emits, in the given namespace with the given dimensions", () => {
    const custom = refs(body.widgets).filter((r) => r.namespace === INPUT.namespace);

    expect(new Set(custom.map((r) => r.metricName))).toEqual(new Set(Object.values(METRIC)));
    for (const r of custom) expect(r.dimensions).toEqual(INPUT.dimensions);
  });

  it("draws nothing but those and the function's AWS/Lambda metrics", () => {
    const others = refs(body.widgets).filter((r) => r.namespace !== INPUT.namespace);

    for (const r of others) {
      expect(r.namespace).toBe("AWS/Lambda");
      expect(Object.values(LAMBDA_METRIC)).toContain(r.metricName);
      expect(r.dimensions).toEqual({ FunctionName: INPUT.functionName });
    }
    expect(new Set(others.map((r) => r.metricName))).toEqual(new Set(Object.values(LAMBDA_METRIC)));
  });

  it("draws each counted metric as FILL(m, 0) of a hidden series in the same widget", () => {
    for (const widget of metricWidgets(body.widgets)) {
      const rows = widget.properties.metrics;
      const hidden = rows.flatMap((r) => metricRef(r) ?? []).filter((r) => r.options.visible === false);
      const expressions = rows
        .filter((r) => metricRef(r) === undefined)
        .map((r) => r[0] as { expression: string; id: string });
      const ids = [...hidden.map((r) => r.options.id), ...expressions.map((e) => e.id)];

      expect(new Set(ids).size).toBe(ids.length);
      expect(expressions.map((e) => e.expression).sort()).toEqual(
        hidden.map((r) => `FILL(${String(r.options.id)}, 0)`).sort(),
      );
    }
    const counted = refs(body.widgets).filter((r) => r.metricName !== LAMBDA_METRIC.duration);
    for (const r of counted) expect(r.options.visible).toBe(false);
  });

  it("shows duration unfilled, as average and maximum, against the Lambda timeout", () => {
    const widget = metricWidgets(body.widgets).find((w) =>
      w.properties.metrics.some((r) => metricRef(r)?.metricName === LAMBDA_METRIC.duration),
    );

    expect(widget?.properties.metrics.map((r) => metricRef(r)?.options.stat)).toEqual(["Average", "Maximum"]);
    expect(widget?.properties.annotations?.horizontal).toEqual([
      { label: "Timeout", value: LAMBDA_TIMEOUT_SECONDS * 1000 },
    ]);
  });

  it("sums over the given period, 300 s when none is given", () => {
    for (const w of metricWidgets(body.widgets)) {
      expect(w.properties).toEqual(
        expect.objectContaining({ stat: "Sum", period: 900, region: "eu-west-1" }),
      );
    }
    const { period: _, ...withoutPeriod } = INPUT;
    for (const w of metricWidgets(dashboardBody(withoutPeriod).widgets))
      expect(w.properties.period).toBe(300);
  });

  it("lays the widgets out on the 24-column grid without overlaps", () => {
    const cells = new Set<string>();
    for (const w of body.widgets) {
      expect(w.x + w.width).toBeLessThanOrEqual(24);
      for (let x = w.x; x < w.x + w.width; x++) {
        for (let y = w.y; y < w.y + w.height; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    }
  });

  it("is the same body whatever order the dimensions come in", () => {
    const reversed = Object.fromEntries(Object.entries(INPUT.dimensions).reverse());

    expect(JSON.stringify(dashboardBody({ ...INPUT, dimensions: reversed }))).toBe(JSON.stringify(body));
  });

  it("queries the log group in the three log widgets, in the Region given", () => {
    const logs = body.widgets.flatMap((w) => (w.type === "log" ? [w] : []));

    expect(logs.map((w) => w.properties.query)).toEqual([
      unhealthyQuery(INPUT.logGroupName),
      driftQuery(INPUT.logGroupName),
      errorsQuery(INPUT.logGroupName),
    ]);
    for (const w of logs) {
      expect(w.properties.query.startsWith(`SOURCE '${INPUT.logGroupName}'\n| fields `)).toBe(true);
      expect(w.properties.region).toBe("eu-west-1");
    }
  });

  it("names the function and the log group in the heading", () => {
    const text = body.widgets.find((w) => w.type === "text");

    expect(text?.type === "text" && text.properties.markdown).toContain(INPUT.functionName);
    expect(text?.type === "text" && text.properties.markdown).toContain(INPUT.logGroupName);
  });
});

/**
 * The queries against the log lines the Lambda really writes: Powertools' JSON, flattened the way
 * Logs Insights flattens it (nested keys joined with `.`, array items by index).
 */
describe("the dashboard's Logs Insights queries", () => {
  type Line = Record<string, unknown>;

  function flatten(value: unknown, prefix = "", out: Record<string, unknown> = {}): Record<string, unknown> {
    if (value !== null && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    } else {
      out[prefix] = value;
    }
    return out;
  }

  /** The Powertools lines `publish` (and the handler's catch) write, EMF included, as Logs Insights fields. */
  function logged(write: (logger: Logger, metrics: Metrics) => void): Record<string, unknown>[] {
    const lines: string[] = [];
    const capture = (chunk: string | Uint8Array) => {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      return true;
    };
    const spies = [
      jest.spyOn(process.stdout, "write").mockImplementation(capture),
      jest.spyOn(process.stderr, "write").mockImplementation(capture),
    ];
    process.env.POWERTOOLS_METRICS_DISABLED = "false";
    try {
      write(
        new Logger({ serviceName: "echo-pullthrough-cache", logLevel: "INFO" }),
        new Metrics({ namespace: "EchoPullThroughCache", serviceName: "echo-pullthrough-cache" }),
      );
    } finally {
      process.env.POWERTOOLS_METRICS_DISABLED = "true";
      for (const spy of spies) spy.mockRestore();
    }
    return lines.map((l) => flatten(JSON.parse(l) as Line));
  }

  const resource = (type: ResourceReport["type"], id: string, drifted: boolean): ResourceReport => ({
    type,
    id,
    status: drifted ? "DRIFTED" : "IN_SYNC",
    differences: drifted
      ? [{ path: "Tags[team]", expected: "platform", actual: undefined, type: "REMOVE" }]
      : [],
    actions: [],
    applied: false,
  });
  const parts = (over: Partial<ReportParts>): ReportParts => ({
    action: "plan",
    mode: "detect",
    resources: Object.values(RESOURCE_TYPES).map((t) => resource(t, `${t}-id`, false)),
    errors: [],
    writes: 0,
    ...over,
  });
  const drifted = buildReport(
    parts({ resources: Object.values(RESOURCE_TYPES).map((t) => resource(t, `${t}-id`, true)) }),
  );
  const failed = buildReport(
    parts({
      action: "reconcile",
      errors: [
        { operation: "iam:GetRole", name: "AccessDenied", message: "not authorized", retryable: false },
      ],
    }),
  );
  const inSync = buildReport(parts({}));
  const paused = buildReport(parts({ status: "PAUSED", resources: [], message: "paused" }));

  let lines: Record<string, unknown>[];
  let emf: Record<string, unknown>[];
  let [driftedLine, failedLine, inSyncLine, pausedLine, notRunLine]: (Record<string, unknown> | undefined)[] =
    [];
  beforeAll(() => {
    const all = logged((logger, metrics) => {
      for (const report of [drifted, failed, inSync, paused]) publish(report, logger, metrics, "echo-cache");
      // What the handler logs and emits when it cannot run at all (reconciler/handler/index.ts).
      logger.error(
        "reconcile not run",
        Object.assign(new Error("unknown event"), { name: "UnknownEventError" }),
      );
      publishUnhealthy(metrics, "echo-cache", { [UNHEALTHY_CAUSE.reconcileErrors]: 1 });
    });
    const isEmf = (l: Record<string, unknown>) => Object.keys(l).some((k) => k.startsWith("_aws."));
    lines = all.filter((l) => !isEmf(l));
    emf = all.filter(isEmf);
    [driftedLine, failedLine, inSyncLine, pausedLine, notRunLine] = lines;
  });

  it("lists the unhealthy runs, each with its causes: the drifted, the failed, the one that never started", () => {
    const { fields, filter } = parse(unhealthyQuery("/g"));
    const present = /^filter ispresent\((\w+)\)$/.exec(filter)?.[1] as string;

    expect(present).toBe(METRIC.unhealthy);
    const listed = [...lines, ...emf].filter((l) => l[present] !== undefined);
    expect(listed).toEqual(emf);
    expect(listed.map((l) => l[UNHEALTHY_CAUSES_KEY])).toEqual([
      `${UNHEALTHY_CAUSE.driftDetected}=${Object.keys(RESOURCE_TYPES).length}`,
      `${UNHEALTHY_CAUSE.reconcileErrors}=1`,
      `${UNHEALTHY_CAUSE.reconcileErrors}=1`,
    ]);
    for (const field of fields.filter((f) => !f.startsWith("@"))) {
      for (const line of listed) expect(line).toHaveProperty([field]);
    }
  });

  /** The `fields` columns and a predicate for the `filter` command of a query this module writes. */
  function parse(query: string) {
    const commands = query.split("\n| ");
    const fields = (commands.find((c) => c.startsWith("fields ")) ?? "").slice(7).split(", ");
    const filter = commands.find((c) => c.startsWith("filter ")) ?? "";
    return { fields, filter };
  }

  it("captures one line per run, and the line of a run that never started", () => {
    expect(lines).toHaveLength(5);
    expect(notRunLine?.message).toBe("reconcile not run");
  });

  it("lists error lines: failed runs with their first error, and runs that never started", () => {
    const { fields, filter } = parse(errorsQuery("/g"));

    expect(filter).toBe('filter level = "ERROR"');
    expect([driftedLine, failedLine, inSyncLine, pausedLine, notRunLine].map((l) => l?.level)).toEqual([
      "WARN",
      "ERROR",
      "INFO",
      "INFO",
      "ERROR",
    ]);
    for (const field of fields.filter((f) => f.startsWith("report.")))
      expect(failedLine).toHaveProperty([field]);
    for (const field of fields.filter((f) => f.startsWith("error.")))
      expect(notRunLine).toHaveProperty([field]);
    expect(failedLine?.["report.errors.0.operation"]).toBe("iam:GetRole");
    expect(notRunLine?.["error.name"]).toBe("UnknownEventError");
  });
});

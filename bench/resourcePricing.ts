/**
 * What each resource type the component can register costs a month, derived from its registered inputs
 * and the measured run profile: one rule per Pulumi type. A type missing here, or a setting a rule cannot
 * price (X-Ray tracing, an advanced parameter, a Metrics Insights alarm), is an error, not a $0 line:
 * test/bench/resourcePricing.test.ts builds the component under every option and prices what it registers.
 */
import { RESOURCE_TYPES, type ResourceType } from "../common/types";
import type { RecordedResource } from "../test/component/pulumiHarness";
import { HOURS_PER_MONTH, type PriceKey } from "./prices";
import { hoursWithRuns, runsPerMonth } from "./schedule";

/** What one run of the reconciler costs in time, logs and metrics: measured by the bench. */
export interface RunProfile {
  /** INIT at a full vCPU: every run is counted as a cold start, and INIT is billed. */
  readonly initMs: number;
  /** The handler's own CPU time of one run at a full vCPU, its SDK clients built from cold. */
  readonly cpuMs: number;
  /** Time spent waiting on AWS, which a smaller CPU share does not stretch. */
  readonly waitMs: number;
  /** Log events one run writes (the handler's lines, EMF, Lambda's platform lines) and their bytes. */
  readonly logEvents: number;
  readonly logBytes: number;
  /** Custom metrics (name × dimension set) one run sends. */
  readonly customMetrics: number;
}

/** How the component is used in a month, besides what its resources say. */
export interface Usage {
  readonly run: RunProfile;
  /** Edits of the config parameter: each starts a run through the EventBridge rule. */
  readonly configEditsPerMonth: number;
  /** `pulumi up`s that run the reconciler through the custom resource. */
  readonly deploysPerMonth: number;
}

/** The registered resources of one component, and what prices them. */
export interface Graph {
  readonly resources: readonly RecordedResource[];
  readonly usage: Usage;
  /** The physical name the resource got (its `name` input, or the mocks' autoname). */
  readonly physicalName: (r: RecordedResource) => string;
}

/** One billable quantity. `usd` is `quantity × PRICE[price].usd`. */
export interface LineItem {
  /** The resource's kind and logical name (`MetricAlarm echo-cache-unhealthy`), or the reconciler's. */
  readonly resource: string;
  readonly what: string;
  readonly quantity: number;
  readonly price: PriceKey;
}

/** The component registered something the bench cannot price. */
export class UnpricedResourceError extends Error {
  override readonly name = "UnpricedResourceError";
}

type Rule = (r: RecordedResource, graph: Graph) => LineItem[];

const item = (r: RecordedResource, what: string, quantity: number, price: PriceKey): LineItem => ({
  resource: `${r.type.split(":").at(-1)} ${r.name}`,
  what,
  quantity,
  price,
});
const flat =
  (price: PriceKey, what: string): Rule =>
  (r) => [item(r, what, 1, price)];

/** Lambda gives one vCPU at 1,769 MB and proportionally less below (docs/aws-facts.md, "Lambda"). */
const MB_PER_VCPU = 1769;
/** CloudWatch Logs counts each event as its UTF-8 bytes plus 26 (PutLogEvents): an upper bound of what is billed. */
const LOG_EVENT_OVERHEAD_BYTES = 26;
const GB = 1024 ** 3;
const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

/**
 * Alarm metrics one alarm is billed for: 1 for a single metric, each metric a metric-math expression
 * references, 2 more for an anomaly band (docs/aws-facts.md, "Prices").
 *
 * @throws {UnpricedResourceError} for a Metrics Insights query alarm, billed per metric it analyses.
 * @example
 * alarmMetrics({ metricName: "Unhealthy" }); // 1
 */
// biome-ignore lint/suspicious/noExplicitAny: registered inputs are untyped JSON.
export function alarmMetrics(inputs: Record<string, any>): number {
  const queries: { metric?: unknown; expression?: string }[] = inputs.metricQueries ?? [];
  if (queries.length === 0) {
    if (typeof inputs.metricName !== "string") throw new UnpricedResourceError("an alarm without a metric");
    return 1;
  }
  const expressions = queries.flatMap((q) => (q.expression ? [q.expression] : []));
  if (expressions.some((e) => /\bSELECT\b/i.test(e))) {
    throw new UnpricedResourceError("a Metrics Insights alarm is billed per metric it analyses");
  }
  const anomaly = expressions.some((e) => e.includes("ANOMALY_DETECTION_BAND")) ? 2 : 0;
  return queries.filter((q) => q.metric !== undefined).length + anomaly;
}

/** The shortest period the alarm evaluates: under 60 s it is a high-resolution alarm. */
// biome-ignore lint/suspicious/noExplicitAny: registered inputs are untyped JSON.
function alarmPeriod(inputs: Record<string, any>): number {
  const queries: { metric?: { period?: number } }[] = inputs.metricQueries ?? [];
  return Math.min(inputs.period ?? 60, ...queries.map((q) => q.metric?.period ?? 60));
}

const metricAlarm: Rule = (r) => [
  item(
    r,
    `alarm metrics (${r.inputs.metricName ?? "metric math"})`,
    alarmMetrics(r.inputs),
    alarmPeriod(r.inputs) < 60 ? "highResolutionAlarmMetric" : "alarmMetric",
  ),
];

const dashboard: Rule = (r) => {
  const body = JSON.parse(r.inputs.dashboardBody) as {
    widgets: { properties?: { metrics?: unknown[][] } }[];
  };
  const metrics = body.widgets
    .flatMap((w) => w.properties?.metrics ?? [])
    .filter((row) => typeof row[0] === "string").length;
  // Above 50 metrics a dashboard is another usage type, whose price is UNCONFIRMED.
  if (metrics > 50) throw new UnpricedResourceError(`a dashboard of ${metrics} metrics (over 50)`);
  return [item(r, `dashboard (${metrics} metrics)`, 1, "dashboard")];
};

/** Runs of a function a month: its schedules, its EventBridge targets (config edits) and the custom resource. */
function invocations(fn: RecordedResource, graph: Graph): { total: number; scheduledHours: number } {
  const name = graph.physicalName(fn);
  const targets = (arn: unknown) => typeof arn === "string" && arn.endsWith(`:function:${name}`);
  const of = (type: string) => graph.resources.filter((r) => r.type === type);
  const schedules = of("aws:scheduler/schedule:Schedule").filter((s) => targets(s.inputs.target?.arn));
  const edits = of("aws:cloudwatch/eventTarget:EventTarget").filter((t) => targets(t.inputs.arn));
  const deploys = of("aws:lambda/invocation:Invocation").filter((i) => i.inputs.functionName === name);
  const scheduled = schedules.reduce((n, s) => n + runsPerMonth(s.inputs.scheduleExpression), 0);
  const scheduledHours = schedules.reduce((n, s) => n + hoursWithRuns(s.inputs.scheduleExpression), 0);
  const { configEditsPerMonth, deploysPerMonth } = graph.usage;
  const total = scheduled + edits.length * configEditsPerMonth + deploys.length * deploysPerMonth;
  return { total, scheduledHours: Math.min(HOURS_PER_MONTH, scheduledHours) };
}

/** Billed milliseconds of one run: INIT and the handler's CPU stretched by the CPU share, plus the waits. */
export function billedMsPerRun(run: RunProfile, memoryMb: number): number {
  const slower = Math.max(1, MB_PER_VCPU / memoryMb);
  return Math.ceil((run.initMs + run.cpuMs) * slower + run.waitMs);
}

const lambdaFunction: Rule = (fn, graph) => {
  const { inputs } = fn;
  if (inputs.tracingConfig?.mode === "Active") throw new UnpricedResourceError("X-Ray tracing");
  if ((inputs.ephemeralStorage?.size ?? 512) > 512)
    throw new UnpricedResourceError("extra ephemeral storage");
  const architecture: string = inputs.architectures?.[0] ?? "x86_64";
  const memoryMb: number = inputs.memorySize ?? 128;
  const { run } = graph.usage;
  const runs = invocations(fn, graph);
  const ms = billedMsPerRun(run, memoryMb);
  return [
    item(
      fn,
      `duration: ${runs.total.toFixed(0)} runs × ${ms} ms at ${memoryMb} MB`,
      runs.total * (ms / 1000) * (memoryMb / 1024),
      architecture === "arm64" ? "lambdaArm64" : "lambdaX86",
    ),
    item(fn, "requests", runs.total, "lambdaRequest"),
    item(
      fn,
      `custom metrics (EMF): ${run.customMetrics} × ${runs.scheduledHours.toFixed(0)} hours with data`,
      (run.customMetrics * runs.scheduledHours) / HOURS_PER_MONTH,
      "customMetric",
    ),
  ];
};

const logGroup: Rule = (group, graph) => {
  const { inputs } = group;
  if ((inputs.logGroupClass ?? "STANDARD") !== "STANDARD")
    throw new UnpricedResourceError("a log class other than Standard");
  if (inputs.kmsKeyId) throw new UnpricedResourceError("a KMS-encrypted log group");
  const name = graph.physicalName(group);
  const writers = graph.resources.filter(
    (r) => r.type === "aws:lambda/function:Function" && r.inputs.loggingConfig?.logGroup === name,
  );
  const { run } = graph.usage;
  const bytesPerRun = run.logBytes + LOG_EVENT_OVERHEAD_BYTES * run.logEvents;
  const gbPerMonth = writers.reduce((n, fn) => n + invocations(fn, graph).total, 0) * (bytesPerRun / GB);
  const retention: number = inputs.retentionInDays ?? 0;
  // Never expiring (0), the stored logs grow: priced as they are after a year.
  const storedMonths = retention === 0 ? 12 : retention / DAYS_PER_MONTH;
  return [
    item(group, `ingestion: ${bytesPerRun} B a run`, gbPerMonth, "logIngestion"),
    item(
      group,
      `storage: ${retention === 0 ? "after a year, never expiring" : `${retention} days kept`}, uncompressed`,
      gbPerMonth * storedMonths,
      "logStorage",
    ),
  ];
};

const parameter: Rule = (r) => {
  if ((r.inputs.tier ?? "Standard") !== "Standard")
    throw new UnpricedResourceError(`an ${r.inputs.tier} parameter`);
  if (r.inputs.type === "SecureString") throw new UnpricedResourceError("a SecureString (KMS calls)");
  return [item(r, "standard parameter", 1, "ssmStandard")];
};

const eventRule: Rule = (r) => {
  const pattern = JSON.parse(r.inputs.eventPattern ?? "null") as { source?: string[] } | null;
  if (!pattern?.source?.every((s) => s.startsWith("aws."))) {
    throw new UnpricedResourceError("an EventBridge rule on anything but AWS service events");
  }
  return [item(r, "rule on AWS service events", 1, "serviceEvents")];
};

const schedule: Rule = (r) => [
  item(
    r,
    `invocations (${r.inputs.scheduleExpression})`,
    runsPerMonth(r.inputs.scheduleExpression),
    "schedulerInvocation",
  ),
];

/** Every Pulumi type the component may register, and its rule. */
export const RESOURCE_PRICING: Readonly<Record<string, Rule>> = {
  "buildecho:ecr:EcrPullThroughCache": flat("notAnAwsResource", "component"),
  "aws:cloudwatch/metricAlarm:MetricAlarm": metricAlarm,
  "aws:cloudwatch/compositeAlarm:CompositeAlarm": flat("compositeAlarm", "composite alarm"),
  "aws:cloudwatch/dashboard:Dashboard": dashboard,
  "aws:cloudwatch/logGroup:LogGroup": logGroup,
  "aws:cloudwatch/eventRule:EventRule": eventRule,
  "aws:cloudwatch/eventTarget:EventTarget": flat("includedInFunction", "target"),
  "aws:lambda/function:Function": lambdaFunction,
  "aws:lambda/permission:Permission": flat("includedInFunction", "permission"),
  "aws:lambda/invocation:Invocation": flat("includedInFunction", "deploy-time runs"),
  "aws:scheduler/schedule:Schedule": schedule,
  "aws:iam/role:Role": flat("iam", "role"),
  "aws:iam/rolePolicy:RolePolicy": flat("iam", "inline policy"),
  "aws:ssm/parameter:Parameter": parameter,
};

/** What the reconciler itself creates at run time, by kind: none of it is in Pulumi's graph. */
export const RUNTIME_PRICING = {
  [RESOURCE_TYPES.role]: "iam",
  [RESOURCE_TYPES.rule]: "ecrControlPlane",
  [RESOURCE_TYPES.template]: "ecrControlPlane",
  "AWS::SSM::Parameter": "ssmStandard",
} as const satisfies Record<ResourceType | "AWS::SSM::Parameter", PriceKey>;

/**
 * Every billable quantity of one component a month: each registered resource by its rule, and what the
 * reconciler creates in the account.
 *
 * @throws {UnpricedResourceError} when a resource has no rule or a setting its rule cannot price.
 */
export function priceGraph(graph: Graph): LineItem[] {
  const registered = graph.resources.flatMap((r) => {
    const rule = RESOURCE_PRICING[r.type];
    if (!rule)
      throw new UnpricedResourceError(`${r.type} (${r.name}) has no price in bench/resourcePricing.ts`);
    return rule(r, graph);
  });
  const runtime = Object.entries(RUNTIME_PRICING).map(([kind, price]) => ({
    resource: "(made by the reconciler)",
    what: kind === "AWS::SSM::Parameter" ? "the record parameter" : kind,
    quantity: 1,
    price,
  }));
  // Grouped by resource for reading; what the reconciler makes comes last.
  return [
    ...registered.sort((a, b) => (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0)),
    ...runtime,
  ];
}

import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { DEFAULT_METRICS_NAMESPACE, DEFAULT_SERVICE_NAME } from "../common/constants";
import { DEFAULT_ARCHITECTURE, DEFAULT_LAMBDA_MEMORY_SIZE, DEFAULT_SCHEDULE } from "../component/constants";
import { atMost, type Figure, format, info } from "./figures";
import { deployed, median } from "./sim";

// Prices, us-east-1. Lambda: https://aws.amazon.com/lambda/pricing/ (duration per GB-second by architecture,
// requests per 1M). CloudWatch: https://aws.amazon.com/cloudwatch/pricing/ (Standard log ingestion per GB,
// custom metrics per metric-month, first 10,000 tier). Free tiers are ignored.
const LAMBDA_USD_PER_GB_SECOND: Record<string, number> = { arm64: 0.0000133334, x86_64: 0.0000166667 };
const LAMBDA_USD_PER_REQUEST = 0.2 / 1_000_000;
const LOGS_USD_PER_GB_INGESTED = 0.5;
const METRIC_USD_PER_MONTH = 0.3;

/** AWS prices a month as 730 hours. */
const HOURS_PER_MONTH = 730;
/** Runs triggered by config edits (the SSM change event) besides the schedule: a couple a month. */
const CONFIG_EDITS_PER_MONTH = 2;
/** Realistic round trip of one AWS API call from inside the Region, for the budget figure. */
const REALISTIC_LATENCY_MS = 30;
/** Lambda gives one vCPU at 1,769 MB, proportionally less below (docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html). */
const MB_PER_VCPU = 1769;

/**
 * Lambda's own log lines per invocation with `logFormat: "JSON"` (a cold start adds platform.initStart), in the
 * shape AWS documents (docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html). Not
 * measurable here: an estimate, counted on every run as if every run were a cold start.
 */
const PLATFORM_LINES = [
  '{"time":"2025-06-01T12:00:00.000Z","type":"platform.initStart","record":{"initializationType":"on-demand","phase":"init","runtimeVersion":"nodejs:22.v48","runtimeVersionArn":"arn:aws:lambda:us-east-1::runtime:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","functionName":"echo-cache-reconciler-1a2b3c4","functionVersion":"$LATEST"}}',
  '{"time":"2025-06-01T12:00:00.400Z","type":"platform.start","record":{"requestId":"6d8e7f9a-1b2c-4d3e-8f4a-5b6c7d8e9f0a","version":"$LATEST"}}',
  '{"time":"2025-06-01T12:00:00.500Z","type":"platform.report","record":{"requestId":"6d8e7f9a-1b2c-4d3e-8f4a-5b6c7d8e9f0a","metrics":{"durationMs":95.12,"billedDurationMs":96,"memorySizeMB":256,"maxMemoryUsedMB":112,"initDurationMs":412.53},"status":"success"}}',
];

/** Scheduled runs a month for a `rate(N unit)` expression. */
export function runsPerMonth(schedule: string): number {
  const m = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(schedule);
  if (!m) throw new Error(`cannot count runs of ${schedule}`);
  const hours = { minute: 1 / 60, hour: 1, day: 24 }[m[2] as "minute" | "hour" | "day"] * Number(m[1]);
  return Math.round(HOURS_PER_MONTH / hours);
}

/** Median in-process wall time of an in-sync scheduled run, with `latencyMs` per AWS call. */
async function runMs(latencyMs: number, runs = 7): Promise<number> {
  const d = await deployed();
  d.account.latencyMs = latencyMs;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await d.scheduled()).ms);
  return median(times);
}

/** Runs `fn` with everything written to stdout and stderr captured as lines. */
async function captured<T>(fn: () => Promise<T>): Promise<{ lines: string[]; value: T }> {
  const chunks: string[] = [];
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((s) => s.write);
  for (const s of streams) {
    s.write = ((chunk: string | Uint8Array) => {
      chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      return true;
    }) as typeof s.write;
  }
  try {
    const value = await fn();
    return { lines: chunks.join("").split("\n").filter(Boolean), value };
  } finally {
    streams.forEach((s, i) => {
      s.write = writes[i] as typeof s.write;
    });
  }
}

interface EmfBlob {
  _aws: { CloudWatchMetrics: { Metrics: unknown[]; Dimensions: unknown[][] }[] };
}

/** Sets environment variables for the duration of `fn`, then restores them. */
async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.keys(vars).map((k) => [k, process.env[k]] as const);
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/**
 * The handler's real output for one in-sync scheduled run, with the real Powertools Logger (INFO, as deployed)
 * and Metrics (enabled only here): bytes of its log line and EMF blob, and the custom metrics the blob defines.
 */
function handlerOutput(): Promise<{
  logBytes: number;
  emfBytes: number;
  names: number;
  metrics: number;
  dimensionSets: number;
}> {
  // Lambda sets the trace header on every invocation; the Logger copies it into each line.
  const env = {
    POWERTOOLS_METRICS_DISABLED: "false",
    _X_AMZN_TRACE_ID: "Root=1-6835c2a0-6f1d2b3c4d5e6f7a8b9c0d1e;Parent=53995c3f42cd8ad8;Sampled=0",
  };
  return withEnv(env, async () => {
    const logger = new Logger({ serviceName: DEFAULT_SERVICE_NAME, logLevel: "INFO" });
    const metrics = new Metrics({ namespace: DEFAULT_METRICS_NAMESPACE, serviceName: DEFAULT_SERVICE_NAME });
    const { value: d } = await captured(() => deployed({ logger, metrics })); // the deploy's output is not counted
    const { lines } = await captured(() => d.scheduled());
    const bytes = (ls: string[]) => ls.reduce((n, l) => n + Buffer.byteLength(`${l}\n`), 0);
    const emf = lines.filter((l) => l.includes('"_aws"'));
    const directives = emf.flatMap((l) => (JSON.parse(l) as EmfBlob)._aws.CloudWatchMetrics);
    return {
      logBytes: bytes(lines.filter((l) => !l.includes('"_aws"'))),
      emfBytes: bytes(emf),
      names: directives.reduce((n, d) => n + d.Metrics.length, 0),
      dimensionSets: directives.reduce((n, d) => n + d.Dimensions.length, 0),
      // CloudWatch bills each metric name × dimension combination as one custom metric.
      metrics: directives.reduce((n, d) => n + d.Metrics.length * d.Dimensions.length, 0),
    };
  });
}

/**
 * Monthly cost of one cache at the default schedule, memory and architecture. The budget figure is compute
 * plus logs at a realistic 30 ms per AWS call; custom metrics are a fixed per-cache charge, shown apart.
 *
 * @param coldLoadMs measured time to require the bundle, for the pessimistic cold-start row
 */
export async function cost(coldLoadMs: number): Promise<Figure[]> {
  const invocations = runsPerMonth(DEFAULT_SCHEDULE) + CONFIG_EDITS_PER_MONTH;
  const gb = DEFAULT_LAMBDA_MEMORY_SIZE / 1024;
  const perGbSecond = LAMBDA_USD_PER_GB_SECOND[DEFAULT_ARCHITECTURE] as number;
  const out = await handlerOutput();
  const platformBytes = PLATFORM_LINES.reduce((n, l) => n + Buffer.byteLength(`${l}\n`), 0);
  const bytesPerRun = out.logBytes + out.emfBytes + platformBytes;
  const logs = ((invocations * bytesPerRun) / 1024 ** 3) * LOGS_USD_PER_GB_INGESTED;
  const requests = invocations * LAMBDA_USD_PER_REQUEST;
  // Lambda bills duration per started millisecond.
  const compute = (ms: number) => invocations * gb * (Math.ceil(ms) / 1000) * perGbSecond;
  const idleMs = await runMs(0);
  const realisticMs = await runMs(REALISTIC_LATENCY_MS);
  const metrics = out.metrics * METRIC_USD_PER_MONTH;
  // Pessimistic: the CPU-bound work slowed to 256 MB's share of a vCPU, and every run a cold start whose INIT
  // (loading the bundle) is billed, as Lambda does since August 2025.
  const cpuShare = MB_PER_VCPU / DEFAULT_LAMBDA_MEMORY_SIZE;
  const pessimisticMs = (idleMs + coldLoadMs) * cpuShare + 2 * REALISTIC_LATENCY_MS;
  const budgetFigure = compute(realisticMs) + requests + logs;
  const g = "cost / cache / month";
  const setup = `${DEFAULT_SCHEDULE} + ${CONFIG_EDITS_PER_MONTH} edits, ${DEFAULT_LAMBDA_MEMORY_SIZE} MB ${DEFAULT_ARCHITECTURE}`;
  return [
    info(g, "invocations", invocations, "", setup),
    info(g, "in-process run, 0 ms/call", idleMs, "ms", "median of 7 in-sync runs"),
    info(g, `in-process run, ${REALISTIC_LATENCY_MS} ms/call`, realisticMs, "ms", "median of 7 in-sync runs"),
    info(
      g,
      "log bytes per run",
      bytesPerRun,
      "B",
      `handler line ${out.logBytes} + EMF ${out.emfBytes} (measured) + Lambda platform lines ${platformBytes} (estimate)`,
    ),
    info(g, "compute+logs at 0 ms/call", compute(idleMs) + requests + logs, "$", "metrics excluded"),
    atMost(
      g,
      `compute+logs at ${REALISTIC_LATENCY_MS} ms/call`,
      budgetFigure,
      0.05,
      "$",
      `budget figure, metrics excluded: duration ${format(compute(realisticMs), "$")} + requests ${format(requests, "$")} + logs ${format(logs, "$")}`,
    ),
    info(
      g,
      "compute+logs, pessimistic",
      compute(pessimisticMs) + requests + logs,
      "$",
      `cold start every run, INIT billed, CPU ×${cpuShare.toFixed(1)} slower at ${DEFAULT_LAMBDA_MEMORY_SIZE} MB: ${pessimisticMs.toFixed(0)} ms/run`,
    ),
    info(
      g,
      "custom metrics (EMF)",
      metrics,
      "$",
      `${out.names} metrics × ${out.dimensionSets} dimension set × $${METRIC_USD_PER_MONTH.toFixed(2)} from an in-sync run (only non-zero metrics are emitted; a run that finds drift is billed for that hour only)`,
    ),
    atMost(
      g,
      "total incl. custom metrics",
      budgetFigure + metrics,
      0.05,
      "$",
      metrics > 0.05 ? "the custom-metric charge alone exceeds the budget" : "",
    ),
  ];
}

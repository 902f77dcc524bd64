/**
 * What one run of the reconciler writes and how long it takes, measured on the simulated account with the
 * real handler, Powertools Logger (INFO, as deployed) and Metrics: the log lines and EMF it prints in each
 * state, and its CPU and waiting time.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { DEFAULT_METRICS_NAMESPACE, DEFAULT_SERVICE_NAME } from "../common/constants";
import { registryUrl } from "../common/names";
import type { Report } from "../common/types";
import type { RunProfile } from "./resourcePricing";
import { BASE_CONFIG, type Deployment, deployed, median, PARAM, ROLE } from "./sim";

/**
 * Lambda's own lines per invocation with `logFormat: "JSON"` at the default system log level INFO (a cold
 * start adds platform.initStart), in the shape AWS documents (docs/aws-facts.md, "Lambda"). Not
 * measurable here: an estimate, counted on every run as if every run were a cold start.
 */
const PLATFORM_LINES = [
  '{"time":"2025-06-01T12:00:00.000Z","type":"platform.initStart","record":{"initializationType":"on-demand","phase":"init","runtimeVersion":"nodejs:22.v48","runtimeVersionArn":"arn:aws:lambda:us-east-1::runtime:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","functionName":"echo-cache-reconciler-1a2b3c4","functionVersion":"$LATEST"}}',
  '{"time":"2025-06-01T12:00:00.400Z","type":"platform.start","record":{"requestId":"6d8e7f9a-1b2c-4d3e-8f4a-5b6c7d8e9f0a","version":"$LATEST"}}',
  '{"time":"2025-06-01T12:00:00.500Z","type":"platform.report","record":{"requestId":"6d8e7f9a-1b2c-4d3e-8f4a-5b6c7d8e9f0a","metrics":{"durationMs":95.12,"billedDurationMs":96,"memorySizeMB":256,"maxMemoryUsedMB":112,"initDurationMs":412.53},"status":"success"}}',
];

/** A state a cache can stay in for a month, made out of band after a converged deploy. */
export interface State {
  readonly name: string;
  /** What its scheduled runs report, for the bench to check the state was made (e.g. `status: DRIFTED`). */
  readonly expect: { readonly what: string; readonly holds: (report: Report) => boolean };
  /** Whether its runs emit `Unhealthy` (a state that should and does not is a bench failure). */
  readonly unhealthy: boolean;
  readonly make: (d: Deployment) => void;
}

export const HEALTHY: State = {
  name: "healthy (in sync)",
  expect: { what: "status IN_SYNC", holds: (r) => r.status === "IN_SYNC" },
  unhealthy: false,
  make: () => {},
};

/** The standing faults: each emits `Unhealthy` on every run for as long as it lasts. */
export const STANDING_FAULTS: readonly State[] = [
  {
    name: "standing drift, detect mode (nobody fixes it)",
    expect: { what: "status DRIFTED", holds: (r) => r.status === "DRIFTED" },
    unhealthy: true,
    make: (d) => {
      d.putConfig({ ...BASE_CONFIG, mode: "detect" });
      d.account.seed("iam", "AttachRolePolicy", {
        RoleName: ROLE,
        PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
      });
    },
  },
  {
    name: "onboarding before Echo's grant exists",
    expect: { what: "upstream not valid", holds: (r) => r.upstream?.valid === false },
    unhealthy: true,
    make: (d) =>
      d.account.deniedUpstreams.add(
        registryUrl(BASE_CONFIG.sourceRegistryAccountId, BASE_CONFIG.sourceRegistryRegion, "amazonaws.com"),
      ),
  },
  {
    name: "invalid config left in SSM",
    expect: { what: "status INVALID_CONFIG", holds: (r) => r.status === "INVALID_CONFIG" },
    unhealthy: true,
    make: (d) =>
      d.account.seed("ssm", "PutParameter", { Name: PARAM, Value: "{", Type: "String", Overwrite: true }),
  },
];

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

interface EmfBlob {
  _aws: { CloudWatchMetrics: { Metrics: { Name: string }[]; Dimensions: unknown[][] }[] };
}

/** What one steady-state run of a state writes. */
export interface RunOutput {
  readonly logEvents: number;
  readonly logBytes: number;
  /** The handler's lines (the report), the EMF lines, and Lambda's platform lines, in bytes. */
  readonly parts: { readonly handler: number; readonly emf: number; readonly platform: number };
  /** Metric names the EMF defines; CloudWatch bills each name × dimension set as one custom metric. */
  readonly metricNames: readonly string[];
  readonly customMetrics: number;
}

const bytes = (ls: readonly string[]) => ls.reduce((n, l) => n + Buffer.byteLength(`${l}\n`), 0);

/**
 * The output of the second scheduled run after the state is made (the first may still be changing it),
 * with the Lambda's trace header set as it is on every invocation (the Logger copies it into each line).
 */
export function runOutput(state: State): Promise<RunOutput> {
  const env = {
    POWERTOOLS_METRICS_DISABLED: "false",
    _X_AMZN_TRACE_ID: "Root=1-6835c2a0-6f1d2b3c4d5e6f7a8b9c0d1e;Parent=53995c3f42cd8ad8;Sampled=0",
  };
  return withEnv(env, async () => {
    const logger = new Logger({ serviceName: DEFAULT_SERVICE_NAME, logLevel: "INFO" });
    const metrics = new Metrics({ namespace: DEFAULT_METRICS_NAMESPACE, serviceName: DEFAULT_SERVICE_NAME });
    const { value: d } = await captured(() => deployed({ logger, metrics }));
    state.make(d);
    await captured(() => d.scheduled());
    const { lines, value } = await captured(() => d.scheduled());
    if (!state.expect.holds(value.report)) {
      throw new Error(`${state.name}: expected ${state.expect.what}, got status ${value.report.status}`);
    }
    const emf = lines.filter((l) => l.includes('"_aws"'));
    const handler = lines.filter((l) => !l.includes('"_aws"'));
    if (emf.length > 0 !== state.unhealthy) throw new Error(`${state.name}: EMF lines ${emf.length}`);
    const directives = emf.flatMap((l) => (JSON.parse(l) as EmfBlob)._aws.CloudWatchMetrics);
    const parts = { handler: bytes(handler), emf: bytes(emf), platform: bytes(PLATFORM_LINES) };
    return {
      logEvents: lines.length + PLATFORM_LINES.length,
      logBytes: parts.handler + parts.emf + parts.platform,
      parts,
      metricNames: [...new Set(directives.flatMap((x) => x.Metrics.map((m) => m.Name)))],
      customMetrics: directives.reduce((n, x) => n + x.Metrics.length * x.Dimensions.length, 0),
    };
  });
}

/** The round trip of one AWS call in the pessimistic timing, and what a cold connection adds to it. */
export const PESSIMISTIC_LATENCY_MS = 100;
/** A fresh connection costs TCP's and TLS 1.3's handshakes: two more round trips before the request. */
const ROUND_TRIPS_PER_COLD_CALL = 3;

/** Timing of one run at a full vCPU, and how it was measured. */
export interface RunTiming {
  readonly cpuMs: number;
  readonly waitMs: number;
  readonly note: string;
}

/**
 * The handler's CPU time (a new handler's first run, its clients built from cold, at 0 ms per call) and its
 * waiting: the extra wall time at 100 ms per call, each round trip on the critical path counted three
 * times as if every connection were new.
 */
export async function runTiming(runs = 7): Promise<RunTiming> {
  const d = await deployed();
  const cold: number[] = [];
  for (let i = 0; i < runs; i++) cold.push((await d.coldScheduled()).ms);
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) warm.push((await d.scheduled()).ms);
  d.account.latencyMs = PESSIMISTIC_LATENCY_MS;
  const slow: number[] = [];
  for (let i = 0; i < runs; i++) slow.push((await d.scheduled()).ms);
  const waiting = Math.max(0, median(slow) - median(warm));
  return {
    cpuMs: median(cold),
    waitMs: waiting * ROUND_TRIPS_PER_COLD_CALL,
    note:
      `cold handler ${median(cold).toFixed(1)} ms at 0 ms/call; waits ${waiting.toFixed(0)} ms at ` +
      `${PESSIMISTIC_LATENCY_MS} ms/call × ${ROUND_TRIPS_PER_COLD_CALL} (new connections)`,
  };
}

/**
 * A run's profile: INIT from the measured cold load (Node's start-up, counted twice to cover Lambda's
 * runtime client, which cannot run here, plus requiring the bundle), the timing, and a state's output.
 */
export function runProfile(
  init: { bootMs: number; requireMs: number },
  timing: RunTiming,
  out: RunOutput,
): RunProfile {
  return {
    initMs: 2 * init.bootMs + init.requireMs,
    cpuMs: timing.cpuMs,
    waitMs: timing.waitMs,
    logEvents: out.logEvents,
    logBytes: out.logBytes,
    customMetrics: out.customMetrics,
  };
}

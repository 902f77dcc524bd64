import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type * as Esbuild from "esbuild";
import { RECONCILER_CALLS } from "../common/calls";
import { atMost, type Figure, info } from "./figures";
import { median } from "./sim";

/** The repository root: this file runs as dist/bench/bench.js. */
export const ROOT = join(__dirname, "..", "..");
export const LAMBDA_BUNDLE = join(ROOT, "dist", "lambda", "index.js");

/** Raw and gzip size of the Lambda bundle `npm run bench` just built. */
export function bundleSize(): Figure[] {
  const bytes = readFileSync(LAMBDA_BUNDLE);
  const kb = (n: number) => n / 1024;
  return [
    atMost("bundle", "dist/lambda/index.js raw", kb(bytes.length), 700, "KB"),
    info("bundle", "dist/lambda/index.js gzip", kb(gzipSync(bytes).length), "KB", "zlib default level"),
  ];
}

const PACKAGES = {
  iam: "@aws-sdk/client-iam",
  ecr: "@aws-sdk/client-ecr",
  ssm: "@aws-sdk/client-ssm",
} as const;
const CLIENTS = { iam: "IAMClient", ecr: "ECRClient", ssm: "SSMClient" } as const;
/** Permissions ECR and IAM use on the reconciler's behalf: no command of ours sends them. */
const NOT_SENT = new Set([
  "iam:PassRole",
  "iam:CreateServiceLinkedRole",
  "ecr:CreateRepository",
  "ecr:PutLifecyclePolicy",
]);

/** Source of the baseline: the three SDK clients and every command the reconciler sends, nothing else. */
function baselineSource(): string {
  const ops = new Set(
    Object.values(RECONCILER_CALLS)
      .flat()
      .filter((op) => !NOT_SENT.has(op)),
  );
  return (Object.keys(PACKAGES) as (keyof typeof PACKAGES)[])
    .map((service) => {
      const commands = [...ops]
        .filter((op) => op.startsWith(`${service}:`))
        .map((op) => `${op.slice(4)}Command`);
      return `export { ${[CLIENTS[service], ...commands].join(", ")} } from "${PACKAGES[service]}";`;
    })
    .join("\n");
}

/** Bundles the baseline exactly as esbuild.config.mjs bundles the Lambda (minified CJS, module-first). */
async function buildBaseline(outfile: string): Promise<void> {
  // Loaded at run time from node_modules: esbuild itself cannot be bundled into the benchmark.
  const esbuild = createRequire(join(ROOT, "package.json"))("esbuild") as typeof Esbuild;
  await esbuild.build({
    stdin: { contents: baselineSource(), resolveDir: ROOT, sourcefile: "baseline.js", loader: "js" },
    outfile,
    bundle: true,
    mainFields: ["module", "main"],
    platform: "node",
    target: "node20",
    format: "cjs",
    minify: true,
    logLevel: "warning",
  });
}

/**
 * In the child: `performance.now()` at the first line of user code is Node's own start-up (it counts from
 * the process's time origin); then `require` alone, timed with hrtime, so spawn and exit are not counted.
 */
const CHILD = `const boot = performance.now(); const t = process.hrtime.bigint(); require(process.argv[1]);
process.stdout.write(JSON.stringify({ boot, require: Number(process.hrtime.bigint() - t) / 1e6 }));`;

interface ChildTimes {
  readonly boot: number;
  readonly require: number;
}

function childTimes(file: string): ChildTimes {
  const run = spawnSync(process.execPath, ["-e", CHILD, file], {
    env: { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    encoding: "utf8",
  });
  const times = run.status === 0 ? (JSON.parse(run.stdout) as ChildTimes) : undefined;
  if (!times || !Number.isFinite(times.require)) throw new Error(`require ${file} failed: ${run.stderr}`);
  return times;
}

const requireMs = (file: string): number => childTimes(file).require;

/** What the cold load measured: the figures, and the medians the cost model uses for INIT. */
export interface ColdLoad {
  readonly figures: Figure[];
  /** Node's start-up before any of our code, median. */
  readonly bootMs: number;
  /** `require` of the Lambda bundle, median. */
  readonly requireMs: number;
}

/**
 * Median time for a fresh Node process to require the Lambda bundle, against a baseline bundle of only the
 * SDK clients and commands it uses, built the same way; runs alternate so drift in machine load hits both.
 */
export async function coldLoad(runs = 21): Promise<ColdLoad> {
  const dir = mkdtempSync(join(tmpdir(), "echo-ptc-bench-"));
  try {
    const baseline = join(dir, "baseline.js");
    await buildBaseline(baseline);
    requireMs(LAMBDA_BUNDLE); // warm the file cache, not counted
    requireMs(baseline);
    const bundleTimes: number[] = [];
    const bootTimes: number[] = [];
    const baselineTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      const times = childTimes(LAMBDA_BUNDLE);
      bundleTimes.push(times.require);
      bootTimes.push(times.boot);
      baselineTimes.push(requireMs(baseline));
    }
    const b = median(bundleTimes);
    const boot = median(bootTimes);
    const s = median(baselineTimes);
    const baselineKb = readFileSync(baseline).length / 1024;
    const g = "cold load";
    const figures = [
      info(g, "Node start-up (median)", boot, "ms", "performance.now() at the child's first line"),
      info(g, "require bundle (median)", b, "ms", `${runs} fresh processes, hrtime inside the child`),
      info(
        g,
        "require SDK baseline (median)",
        s,
        "ms",
        `SDK clients + commands only, ${baselineKb.toFixed(0)} KB`,
      ),
      atMost(
        g,
        "bundle / baseline",
        b / s,
        1.3,
        "×",
        "both bundled by esbuild: minified CJS, mainFields module,main",
      ),
    ];
    return { figures, bootMs: boot, requireMs: b };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `npm run bench`: measures the reconciler's API calls, critical path, writes per drift, scale, bundle,
 * cold load and monthly cost against their budgets, and prints the itemised bill of one cache. A
 * measurement, not a test: it exits 0 and marks misses.
 */
import "./env";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bundleSize, type ColdLoad, coldLoad, ROOT } from "./bundle";
import { driftWrites, inSync, scale } from "./calls";
import { cost } from "./cost";
import { type Figure, table } from "./figures";
import { fleetCost } from "./fleetCost";
import { criticalPath } from "./latency";

async function main(): Promise<void> {
  const started = performance.now();
  const figures: Figure[] = [];
  const step = async (name: string, measure: () => Promise<Figure[]> | Figure[]) => {
    process.stderr.write(`measuring ${name}…\n`);
    const measured = await measure();
    figures.push(...measured);
    return measured;
  };
  await step("API calls of an in-sync run", inSync);
  await step("critical path", () => criticalPath());
  await step("writes per drift", driftWrites);
  await step("scale", () => scale());
  await step("bundle size", bundleSize);
  let load: ColdLoad | undefined;
  await step("cold load", async () => {
    load = await coldLoad();
    return load.figures;
  });
  let costTable = "";
  let healthy: Awaited<ReturnType<typeof cost>>["healthy"] | undefined;
  await step("cost", async () => {
    const result = await cost(load as ColdLoad);
    costTable = result.text;
    healthy = result.healthy;
    return result.figures;
  });
  await step("fleet cost (100 accounts × 3 Regions, under the Pulumi mocks)", async () => {
    const result = await fleetCost(healthy as NonNullable<typeof healthy>);
    costTable = `${costTable}\n\n${result.text}`;
    return result.figures;
  });

  const misses = figures.filter((f) => f.ok === false);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`\n${table(figures)}\n\n${costTable}\n\n`);
  process.stdout.write(
    misses.length === 0
      ? "All budgets hold.\n"
      : `${misses.length} budget(s) MISSED: ${misses.map((f) => `${f.group} / ${f.name}`).join("; ")}\n`,
  );
  const dir = join(ROOT, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "latest.json");
  const result = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    seconds: Number(seconds.toFixed(1)),
    misses: misses.length,
    figures: figures.map((f) => ({ ...f, status: f.ok === undefined ? "info" : f.ok ? "ok" : "MISS" })),
    cost: costTable.split("\n"),
  };
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`JSON: ${file}\nTook ${seconds.toFixed(1)} s.\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});

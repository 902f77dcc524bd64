/**
 * The reconciler function's bill: its runs a month (schedules, config edits, deploys), each billed as a cold
 * start with INIT, and the custom metrics its runs send.
 */
import type { RecordedResource } from "../test/component/pulumiHarness";
import { HOURS_PER_MONTH } from "./prices";
import {
  type Graph,
  item,
  MB_PER_VCPU,
  type Rule,
  type RunProfile,
  UnpricedResourceError,
} from "./pricingRule";
import { hoursWithRuns, runsPerMonth } from "./schedule";

/** Runs of a function a month: its schedules, its EventBridge targets (config edits) and the custom resource. */
export function invocations(fn: RecordedResource, graph: Graph): { total: number; scheduledHours: number } {
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

export const lambdaFunction: Rule = (fn, graph) => {
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

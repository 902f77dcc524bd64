/**
 * The monthly bill of one cache: every resource the component registers (under the Pulumi mocks) priced by
 * its rule, with the run profile measured on the simulated account; for the default args in each state a
 * cache can stay in, and for each option that changes the bill.
 */
import type { EcrPullThroughCacheArgs } from "../component/types";
import { type Bill, bill } from "./bill";
import { atMost, type Figure, info, textTable } from "./figures";
import { physicalName, registeredResources } from "./graph";
import { PRICE, type PriceKey } from "./prices";
import { billedMsPerRun, priceGraph, type RunProfile, type Usage } from "./resourcePricing";
import { BASE_CONFIG } from "./sim";
import {
  HEALTHY,
  type RunOutput,
  runOutput,
  runProfile,
  runTiming,
  STANDING_FAULTS,
  type State,
} from "./usage";

/** The budget: default args, no free tier, everything included. */
export const BUDGET_USD = 0.25;
/** Config edits a month (each an EventBridge-triggered run), and `pulumi up`s that run the reconciler. */
const CONFIG_EDITS_PER_MONTH = 2;
const DEPLOYS_PER_MONTH = 1;
/** Views of each dashboard a month (ten a day): each runs its Logs Insights tables once. */
export const DASHBOARD_VIEWS_PER_MONTH = 300;

const DEFAULT_ARGS: EcrPullThroughCacheArgs = {
  sourceRegistryAccountId: BASE_CONFIG.sourceRegistryAccountId,
};

/** The options that change the bill, each on its own on top of the default args. */
const OPTIONS: readonly { readonly name: string; readonly args: Partial<EcrPullThroughCacheArgs> }[] = [
  { name: "dashboard: true", args: { dashboard: true } },
  { name: "unhealthyAlarm: false (a fleet alarm watches Unhealthy)", args: { unhealthyAlarm: false } },
  {
    name: "alarmActions: [an SNS topic]",
    args: { alarmActions: ["arn:aws:sns:us-east-1:111122223333:ops"] },
  },
  { name: 'schedule: "rate(5 minutes)"', args: { schedule: "rate(5 minutes)" } },
  { name: 'schedule: "rate(1 minute)"', args: { schedule: "rate(1 minute)" } },
  { name: 'schedule: "rate(1 hour)"', args: { schedule: "rate(1 hour)" } },
  { name: 'schedule: "cron(0 4 * * ? *)" (daily, no heartbeat)', args: { schedule: "cron(0 4 * * ? *)" } },
  { name: "lambdaMemorySize: 128", args: { lambdaMemorySize: 128 } },
  { name: "lambdaMemorySize: 512", args: { lambdaMemorySize: 512 } },
  { name: "lambdaMemorySize: 1024", args: { lambdaMemorySize: 1024 } },
  { name: 'architecture: "x86_64"', args: { architecture: "x86_64" } },
  { name: "logRetentionInDays: 365", args: { logRetentionInDays: 365 } },
  { name: "logRetentionInDays: 0 (never expire; after a year)", args: { logRetentionInDays: 0 } },
];

export const usd = (n: number) => `$${n.toFixed(4)}`;
const signed = (n: number) => `${n < 0 ? "−" : "+"}$${Math.abs(n).toFixed(4)}`;
export const quantity = (n: number) =>
  n === 0 ? "0" : n >= 100 ? Math.round(n).toLocaleString("en-US") : Number(n.toPrecision(4)).toString();
export function unitPrice(key: PriceKey): string {
  const { usd: rate, unit } = PRICE[key];
  if (rate === 0) return "no charge";
  return rate < 0.001 && rate * 1e6 >= 0.01 && key !== "lambdaArm64" && key !== "lambdaX86"
    ? `$${(rate * 1e6).toFixed(2)} per million ${unit}s`
    : `$${rate >= 0.01 ? rate.toFixed(2) : rate} per ${unit}`;
}

/** A month of use beyond what the resources say: the run profile, config edits, deploys, dashboard views. */
export function monthlyUsage(run: RunProfile): Usage {
  return {
    run,
    configEditsPerMonth: CONFIG_EDITS_PER_MONTH,
    deploysPerMonth: DEPLOYS_PER_MONTH,
    dashboardViewsPerMonth: DASHBOARD_VIEWS_PER_MONTH,
  };
}

async function billOf(args: Partial<EcrPullThroughCacheArgs>, run: RunProfile): Promise<Bill> {
  const { resources, placeOf } = await registeredResources({ ...DEFAULT_ARGS, ...args });
  return bill(priceGraph({ resources, usage: monthlyUsage(run), physicalName, placeOf }));
}

/** The sources of the prices a bill uses, numbered in order of first use. */
function sourceNumbers(bills: readonly Bill[]): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const b of bills) {
    for (const i of b.items) {
      const { source } = PRICE[i.price];
      if (!numbers.has(source)) numbers.set(source, numbers.size + 1);
    }
  }
  return numbers;
}

function itemised(b: Bill, sources: Map<string, number>): string {
  const rows = b.items.map((i) => [
    i.resource,
    i.what,
    quantity(i.quantity),
    unitPrice(i.price),
    usd(i.usd),
    usd(i.usdWithFreeTier),
    `[${sources.get(PRICE[i.price].source)}]`,
  ]);
  rows.push(["total", "", "", "", usd(b.usd), usd(b.usdWithFreeTier), ""]);
  return textTable(
    ["resource", "item", "quantity", "unit price", "no free tier", "free tier", "source"],
    rows,
  );
}

interface Row {
  readonly scenario: string;
  readonly bill: Bill;
  readonly note: string;
}

function scenarios(rows: readonly Row[], base: Bill): string {
  const lines = rows.map((r) => [
    r.scenario,
    usd(r.bill.usd),
    signed(r.bill.usd - base.usd),
    usd(r.bill.usdWithFreeTier),
    r.note,
  ]);
  return textTable(["scenario", "no free tier", "vs default", "free tier", "what changes"], lines);
}

/** What changed between two bills, by price key: "customMetric +$0.3000". */
function changes(b: Bill, base: Bill): string {
  const by = (x: Bill) => {
    const m = new Map<PriceKey, number>();
    for (const i of x.items) m.set(i.price, (m.get(i.price) ?? 0) + i.usd);
    return m;
  };
  const [now, before] = [by(b), by(base)];
  return [...new Set([...now.keys(), ...before.keys()])]
    .map((k) => [k, (now.get(k) ?? 0) - (before.get(k) ?? 0)] as const)
    .filter(([, d]) => Math.abs(d) >= 0.00005)
    .map(([k, d]) => `${k} ${signed(d)}`)
    .join(", ");
}

export interface CostResult {
  readonly figures: Figure[];
  /** The itemised table, the scenarios and the sources, as printed. */
  readonly text: string;
  /** The healthy run profile the bill was priced with: the fleet's bill uses it too. */
  readonly healthy: RunProfile;
}

/**
 * Prices the default cache in each state and each option, from the registered resources and the measured
 * run profile.
 *
 * @param init the measured cold load: Node's start-up and the bundle's `require`, in ms.
 */
export async function cost(init: { bootMs: number; requireMs: number }): Promise<CostResult> {
  const timing = await runTiming();
  const outputs = new Map<State, RunOutput>();
  for (const state of [HEALTHY, ...STANDING_FAULTS]) outputs.set(state, await runOutput(state));
  const profile = (s: State) => runProfile(init, timing, outputs.get(s) as RunOutput);
  const healthy = profile(HEALTHY);

  const base = await billOf({}, healthy);
  const rows: Row[] = [{ scenario: "default args, healthy", bill: base, note: "the budget figure" }];
  for (const fault of STANDING_FAULTS) {
    const b = await billOf({}, profile(fault));
    const names = (outputs.get(fault) as RunOutput).metricNames.join(", ");
    rows.push({
      scenario: `default args, ${fault.name}`,
      bill: b,
      note: `${names} every run; ${changes(b, base)}`,
    });
  }
  for (const option of OPTIONS) {
    const b = await billOf(option.args, healthy);
    rows.push({ scenario: option.name, bill: b, note: changes(b, base) || "nothing" });
  }
  const sources = sourceNumbers(rows.map((r) => r.bill));
  const text = [
    "Cost of one cache a month, default args, healthy; us-east-1 list prices",
    itemised(base, sources),
    "",
    "Each state and option on its own, a month",
    scenarios(rows, base),
    "",
    "Sources",
    ...[...sources].map(([source, n]) => `[${n}] ${source}`),
  ].join("\n");

  const out = outputs.get(HEALTHY) as RunOutput;
  const g = "cost / cache / month";
  const figures: Figure[] = [
    info(
      g,
      "INIT at a full vCPU",
      healthy.initMs,
      "ms",
      `2 × Node start-up ${init.bootMs.toFixed(1)} ms + require ${init.requireMs.toFixed(1)} ms`,
    ),
    info(g, "handler CPU at a full vCPU", healthy.cpuMs, "ms", timing.note),
    info(
      g,
      "billed per run at 256 MB",
      billedMsPerRun(healthy, 256),
      "ms",
      "cold start every run, INIT billed, CPU × 1769/256",
    ),
    info(
      g,
      "log bytes per run",
      healthy.logBytes,
      "B",
      `handler ${out.parts.handler} + EMF ${out.parts.emf} (measured) + platform ${out.parts.platform} (estimate), ${healthy.logEvents} events`,
    ),
    info(g, "custom metrics while healthy", healthy.customMetrics, "", "nothing emitted"),
    atMost(
      g,
      "default args, healthy, no free tier",
      base.usd,
      BUDGET_USD,
      "$",
      "everything included; itemised below",
    ),
    info(g, "the same with the free tier", base.usdWithFreeTier, "$", "this cache alone in the account"),
    ...rows.slice(1).map((r) => info(g, r.scenario, r.bill.usd, "$", r.note)),
  ];
  return { figures, text, healthy };
}

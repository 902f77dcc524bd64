/**
 * The monthly bill of a fleet of 100 accounts × 3 Regions with a monitoring account: every resource the fleet
 * registers under the Pulumi mocks (its providers, 300 caches and their children, the OAM sinks, policies and
 * links, the fleet alarms and dashboard), priced by the same rules as one cache's bill, with the measured run
 * profile. No free tier.
 */
import type { EcrPullThroughCacheFleetArgs } from "../component/fleet/types";
import { type Bill, bill } from "./bill";
import { monthlyUsage, quantity, unitPrice, usd } from "./cost";
import { atMost, type Figure, info, textTable } from "./figures";
import { physicalName, registeredFleet } from "./graph";
import { PRICE } from "./prices";
import { priceGraph, type RunProfile } from "./resourcePricing";
import { BASE_CONFIG } from "./sim";

/** The budget: 100 accounts × 3 Regions, all in, no free tier. */
export const FLEET_BUDGET_USD = 75;
const ACCOUNTS = 100;
const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"] as const;
const MONITORING_ACCOUNT = "999999999999";

/** The fleet priced: 100 member accounts in 3 Regions each, and a monitoring account outside them. */
export function benchFleet(extra: Partial<EcrPullThroughCacheFleetArgs> = {}): EcrPullThroughCacheFleetArgs {
  return {
    sourceRegistryAccountId: BASE_CONFIG.sourceRegistryAccountId,
    targets: Array.from({ length: ACCOUNTS }, (_, i) => ({
      accountId: String(100_000_000_000 + i),
      regions: [...REGIONS],
    })),
    monitoringAccount: { accountId: MONITORING_ACCOUNT, region: REGIONS[0] },
    ...extra,
  };
}

async function fleetBill(args: EcrPullThroughCacheFleetArgs, run: RunProfile): Promise<Bill> {
  const { resources, placeOf } = await registeredFleet(args);
  return bill(priceGraph({ resources, usage: monthlyUsage(run), physicalName, placeOf }));
}

/** The bill by kind of resource and price: 300 caches' lines summed, with how many resources each sums. */
function byKind(b: Bill): string {
  const rows = new Map<
    string,
    { kind: string; what: string; count: number; quantity: number; usd: number; price: keyof typeof PRICE }
  >();
  for (const i of b.items) {
    const kind = i.resource.startsWith("(") ? i.resource : (i.resource.split(" ")[0] as string);
    const what = i.what.replace(/[0-9][0-9,.]*/g, "N");
    const key = `${kind} ${i.price} ${what}`;
    const row = rows.get(key) ?? { kind, what, count: 0, quantity: 0, usd: 0, price: i.price };
    rows.set(key, {
      ...row,
      count: row.count + 1,
      quantity: row.quantity + i.quantity,
      usd: row.usd + i.usd,
    });
  }
  const sorted = [...rows.values()].sort((a, b) => b.usd - a.usd || (a.kind < b.kind ? -1 : 1));
  return textTable(
    ["resource", "×", "item", "quantity", "unit price", "no free tier"],
    [
      ...sorted.map((r) => [
        r.kind,
        String(r.count),
        r.what,
        quantity(r.quantity),
        unitPrice(r.price),
        usd(r.usd),
      ]),
      ["total", "", "", "", "", usd(b.usd)],
    ],
  );
}

export interface FleetCostResult {
  readonly figures: Figure[];
  readonly text: string;
}

/**
 * Prices the fleet with the fleet's defaults, and says what each cache's own `Unhealthy` alarm would add (what
 * the default leaves to the fleet alarms to stay in budget): one alarm metric per cache.
 *
 * @param healthy the measured run profile of a healthy cache.
 */
export async function fleetCost(healthy: RunProfile): Promise<FleetCostResult> {
  const base = await fleetBill(benchFleet(), healthy);
  const caches = ACCOUNTS * REGIONS.length;
  const ownAlarms = caches * PRICE.alarmMetric.usd;
  const g = "cost / fleet / month";
  const text = [
    `Cost of a fleet of ${ACCOUNTS} accounts × ${REGIONS.length} Regions (${REGIONS.join(", ")}) with a monitoring account, a month, healthy, no free tier`,
    byKind(base),
  ].join("\n");
  return {
    text,
    figures: [
      atMost(
        g,
        `${ACCOUNTS} accounts × ${REGIONS.length} Regions, healthy, no free tier`,
        base.usd,
        FLEET_BUDGET_USD,
        "$",
        "all in; by kind below",
      ),
      info(g, "per cache", base.usd / caches, "$", `${caches} caches, the fleet's view shared`),
      info(
        g,
        "with each cache's own Unhealthy alarm too (unhealthyAlarm: true)",
        base.usd + ownAlarms,
        "$",
        `+${usd(ownAlarms)} (${caches} alarm metrics): why the fleet leaves Unhealthy to its alarms`,
      ),
    ],
  };
}

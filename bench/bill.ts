import { FREE_TIER, PRICE } from "./prices";
import type { LineItem } from "./resourcePricing";

/** A line item with its monthly price, without and with the free tier. */
export interface PricedItem extends LineItem {
  readonly usd: number;
  /** What is left once the account's free tier has covered what it can (this cache alone in the account). */
  readonly usdWithFreeTier: number;
}

export interface Bill {
  readonly items: readonly PricedItem[];
  /** The figure: no free tier. */
  readonly usd: number;
  /** For information: the free tier spent on this cache alone. */
  readonly usdWithFreeTier: number;
}

/**
 * Prices line items at list prices, and again with the free tier's allowances spent in the order the
 * items come. The free tier is per account (and perhaps per organization): other workloads may use it up.
 *
 * @example
 * bill([{ resource: "a", what: "alarm metrics", quantity: 2, price: "alarmMetric" }]).usd; // 0.2
 */
export function bill(items: readonly LineItem[]): Bill {
  const left = FREE_TIER.map((a) => ({ ...a, quantity: a.quantity }));
  const priced = items.map((i) => {
    const rate = PRICE[i.price].usd;
    const allowance = left.find((a) => a.keys.includes(i.price));
    const covered = Math.min(allowance?.quantity ?? 0, i.quantity);
    if (allowance) allowance.quantity -= covered;
    return { ...i, usd: i.quantity * rate, usdWithFreeTier: (i.quantity - covered) * rate };
  });
  return {
    items: priced,
    usd: priced.reduce((n, i) => n + i.usd, 0),
    usdWithFreeTier: priced.reduce((n, i) => n + i.usdWithFreeTier, 0),
  };
}

import { bill } from "../../bench/bill";
import type { LineItem } from "../../bench/resourcePricing";
import { runsPerMonth } from "../../bench/schedule";

const line = (price: LineItem["price"], quantity: number): LineItem => ({
  resource: "r",
  what: "w",
  quantity,
  price,
});

describe("bill", () => {
  it("prices each item at its list price, and the total without the free tier", () => {
    const b = bill([line("alarmMetric", 2), line("dashboard", 1)]);

    expect(b.items.map((i) => i.usd)).toEqual([0.2, 3]);
    expect(b.usd).toBeCloseTo(3.2, 10);
  });

  it.each([
    {
      reason: "10 alarm metrics are free, the 11th and 12th are not",
      items: [line("alarmMetric", 12)],
      withFreeTier: 0.2,
    },
    { reason: "3 dashboards are free", items: [line("dashboard", 4)], withFreeTier: 3 },
    {
      reason: "the logs' 5 GB cover ingestion first, then storage",
      items: [line("logIngestion", 4), line("logStorage", 3)],
      withFreeTier: 2 * 0.03,
    },
    {
      reason: "high-resolution alarms have no free tier",
      items: [line("highResolutionAlarmMetric", 1)],
      withFreeTier: 0.3,
    },
  ])("spends the free tier's allowances in order: $reason", ({ items, withFreeTier }) => {
    expect(bill(items).usdWithFreeTier).toBeCloseTo(withFreeTier, 10);
  });
});

describe("runsPerMonth", () => {
  it.each([
    { expression: "rate(15 minutes)", runs: 2920 },
    { expression: "rate(1 minute)", runs: 43_800 },
    { expression: "rate(1 hour)", runs: 730 },
    { expression: "rate(2 days)", runs: 730 / 48 },
    { expression: "cron(0 4 * * ? *)", runs: 730 / 24 },
    { expression: "cron(0/15 * * * ? *)", runs: 2920 },
    { expression: "cron(0 9 ? * MON-FRI *)", runs: ((730 / 24) * 5) / 7 },
    { expression: "cron(0 4 1 * ? *)", runs: 1 },
    { expression: "cron(0 4 1 JAN,JUL ? *)", runs: 2 / 12 },
  ])("counts $runs runs of $expression in a 730-hour month", ({ expression, runs }) => {
    expect(runsPerMonth(expression)).toBeCloseTo(runs, 6);
  });

  it("refuses what is not a Scheduler expression", () => {
    expect(() => runsPerMonth("every 5 minutes")).toThrow("cannot count the runs");
  });
});

import { HOURS_PER_MONTH } from "./prices";

const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;
const NAMES: Readonly<Record<string, number>> = {
  SUN: 1,
  MON: 2,
  TUE: 3,
  WED: 4,
  THU: 5,
  FRI: 6,
  SAT: 7,
  JAN: 1,
  FEB: 2,
  MAR: 3,
  APR: 4,
  MAY: 5,
  JUN: 6,
  JUL: 7,
  AUG: 8,
  SEP: 9,
  OCT: 10,
  NOV: 11,
  DEC: 12,
};

const value = (text: string): number => NAMES[text.toUpperCase()] ?? Number(text);

/**
 * How many values one cron field takes out of `size` values starting at `min` (`*`, `?`, lists, ranges,
 * steps; `L`, `W` and `#` count as one).
 */
function fieldCount(field: string, size: number, min: number): number {
  return field.split(",").reduce((n, part) => {
    const [range = "*", step] = part.split("/");
    const [from = "", to] = range.split("-");
    const span =
      range === "*" || range === "?"
        ? size
        : to !== undefined
          ? value(to) - value(from) + 1
          : step === undefined
            ? 1
            : min + size - value(from);
    if (!Number.isFinite(span) || span < 1) return n + 1;
    return n + (step === undefined ? span : Math.ceil(span / Number(step)));
  }, 0);
}

/**
 * Runs a month of an EventBridge Scheduler expression: exact for `rate()`, an estimate for `cron()`
 * (minutes × hours × days of a 730-hour month × the share of months).
 *
 * @example
 * runsPerMonth("rate(15 minutes)");  // 2920
 * runsPerMonth("cron(0 4 * * ? *)"); // 30.4
 */
export function runsPerMonth(expression: string): number {
  const rate = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression);
  if (rate) {
    const hours =
      { minute: 1 / 60, hour: 1, day: 24 }[rate[2] as "minute" | "hour" | "day"] * Number(rate[1]);
    return HOURS_PER_MONTH / hours;
  }
  const cron = /^cron\((.*)\)$/.exec(expression);
  const fields = cron?.[1]?.trim().split(/\s+/);
  if (fields?.length !== 6) throw new Error(`cannot count the runs of ${expression}`);
  const [minutes, hours, dayOfMonth, month, dayOfWeek] = fields as [string, string, string, string, string];
  const days =
    dayOfMonth === "?"
      ? (fieldCount(dayOfWeek, 7, 1) * DAYS_PER_MONTH) / 7
      : dayOfMonth === "*"
        ? DAYS_PER_MONTH
        : fieldCount(dayOfMonth, 31, 1);
  return fieldCount(minutes, 60, 0) * fieldCount(hours, 24, 0) * days * (fieldCount(month, 12, 1) / 12);
}

/** Hours of the month in which at least one scheduled run happens (at most every hour). */
export function hoursWithRuns(expression: string): number {
  return Math.min(HOURS_PER_MONTH, runsPerMonth(expression));
}

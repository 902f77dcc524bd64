/** One measured figure, its budget, and whether it holds. `ok` undefined: reported for information only. */
export interface Figure {
  readonly group: string;
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** e.g. "≤ 6"; absent for informational figures. */
  readonly budget?: string;
  /** The budget's upper bound, in `unit`. */
  readonly max?: number;
  readonly ok?: boolean;
  readonly note?: string;
}

/** A figure whose budget is an upper bound. */
export function atMost(
  group: string,
  name: string,
  value: number,
  max: number,
  unit: string,
  note?: string,
): Figure {
  return {
    group,
    name,
    value,
    unit,
    budget: `≤ ${format(max, unit)}`,
    max,
    ok: value <= max,
    ...(note ? { note } : {}),
  };
}

export function info(group: string, name: string, value: number, unit: string, note?: string): Figure {
  return { group, name, value, unit, ...(note ? { note } : {}) };
}

export function format(value: number, unit: string): string {
  if (unit === "$") {
    const cents = value.toFixed(2);
    return `$${Number(cents) === value ? cents : value.toFixed(value < 0.01 ? 5 : value < 1 ? 4 : 2)}`;
  }
  if (unit === "×") return `${value.toFixed(2)}×`;
  if (unit === "ms") return `${value.toFixed(1)} ms`;
  if (unit === "KB") return `${value.toFixed(1)} KB`;
  return `${Number.isInteger(value) ? value : value.toFixed(2)}${unit ? ` ${unit}` : ""}`;
}

const status = (f: Figure) => (f.ok === undefined ? "info" : f.ok ? "ok" : "MISS");

/**
 * A plain-text table: columns padded to their widest cell, the last column left ragged, and a first
 * column shown only where it changes (rows grouped by it).
 */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number)))
      .join("  ")
      .trimEnd();
  const out = [line(header), line(widths.map((w) => "-".repeat(w)))];
  let group = "";
  for (const r of rows) {
    const g = r[0] ?? "";
    out.push(line([g === group ? "" : g, ...r.slice(1)]));
    group = g;
  }
  return out.join("\n");
}

/** A plain-text table, one row per figure, grouped. */
export function table(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [
    f.group,
    f.name,
    format(f.value, f.unit),
    f.budget ?? "",
    status(f),
    f.note ?? "",
  ]);
  return textTable(["group", "figure", "value", "budget", "status", "note"], rows);
}

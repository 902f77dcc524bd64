import type { Difference, Report } from "../common/types";

const WIDTH = 48;

/** One value in a table cell: JSON, shortened to fit; absent is "-". */
export function cell(value: unknown, width = WIDTH): string {
  if (value === undefined) return "-";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + " ".repeat(width - text.length);
}

/** Rows aligned in columns. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, c.length);
    });
  }
  return rows.map((row) =>
    row
      .map((c, i) => (i === row.length - 1 ? c : pad(c, widths[i] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
}

function statements(doc: unknown): string[] | undefined {
  const s = (doc as { Statement?: unknown })?.Statement;
  return Array.isArray(s) ? s.map((x) => JSON.stringify(x)) : undefined;
}

/** For two policy documents, the statements each has that the other lacks: the part a person needs to see. */
function policyDelta(d: Difference): { expected: string[]; actual: string[] } | undefined {
  const e = statements(d.expected);
  const a = statements(d.actual);
  if (!e || !a) return undefined;
  return { expected: e.filter((x) => !a.includes(x)), actual: a.filter((x) => !e.includes(x)) };
}

function differenceRows(differences: readonly Difference[]): string[][] {
  return [
    ["path", "type", "expected", "actual"],
    ...differences.map((d) => {
      const delta = policyDelta(d);
      return delta
        ? [
            d.path,
            d.type,
            `${delta.expected.length} statement(s) AWS lacks (+)`,
            `${delta.actual.length} statement(s) not in the config (-)`,
          ]
        : [d.path, d.type, cell(d.expected), cell(d.actual)];
    }),
  ];
}

function policyDetails(differences: readonly Difference[]): string[] {
  return differences.flatMap((d) => {
    const delta = policyDelta(d);
    if (!delta) return [];
    return [`${d.path}:`, ...delta.expected.map((x) => `  + ${x}`), ...delta.actual.map((x) => `  - ${x}`)];
  });
}

/**
 * A report as a person reads it in a terminal: a header line, then per resource its status, a drift table
 * (path, type, expected, actual) and the calls planned or made.
 */
export function formatReport(report: Report): string {
  const lines = [
    `status ${report.status}  mode ${report.mode === "unknown" ? "unknown (no valid config)" : report.mode}  action ${report.action}  writes ${report.writes}`,
  ];
  if (report.message) lines.push(`  ${report.message}`);
  for (const r of report.resources) {
    lines.push(`${r.type}  ${r.id}  ${r.status}${r.reason ? `  (${r.reason})` : ""}`);
    if (r.differences.length > 0) {
      lines.push(...table(differenceRows(r.differences)).map((l) => `    ${l}`));
      lines.push(...policyDetails(r.differences).map((l) => `    ${l}`));
    }
    if (r.actions.length > 0) {
      lines.push(`    ${r.applied ? "applied" : "planned"}:`);
      lines.push(...r.actions.map((a) => `      ${a}`));
    }
  }
  for (const action of report.recordActions ?? []) lines.push(`record  ${action}`);
  if (report.upstream) {
    lines.push(
      `upstream  ${report.upstream.valid ? "valid" : `INVALID: ${report.upstream.failure ?? "unknown"}`}`,
    );
  }
  for (const e of report.errors) {
    lines.push(
      `error  ${[e.resource, e.operation].filter(Boolean).join(" ")}${e.resource || e.operation ? ": " : ""}${e.name}: ${e.message}`,
    );
  }
  return lines.join("\n");
}

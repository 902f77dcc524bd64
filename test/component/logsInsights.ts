/**
 * A small evaluator of the CloudWatch Logs Insights commands the component's queries use, run over log events
 * as CloudWatch holds them, so that a query is tested against the lines the Lambda really writes. It models
 * what Logs Insights documents (docs/aws-facts.md, "CloudWatch Logs Insights"):
 * - every event has `@timestamp` and `@message`, the line as written;
 * - the fields of a JSON event are discovered flattened (`report.resources.0.id`), in the order they appear,
 *   and only the first 200: a field past them is not extracted and reads as absent;
 * - `jsonParse(@message)` gives the whole document as MAP and LIST values, reached with dots (`line.report`);
 * - `unnest <list> into <name>` makes one record per item, each keeping the other fields of its record;
 * - a condition on an absent field is false.
 * Anything else throws (another command or operator, indexing into a parsed LIST, unnest of an absent field):
 * a query that needs it is not one this model can vouch for.
 */

export interface LogEvent {
  readonly timestamp: number;
  readonly message: string;
}

export type Row = Record<string, unknown>;

/** Logs Insights extracts at most this many fields from one JSON event (CloudWatch Logs user guide, "parse"). */
export const DISCOVERED_FIELDS_MAX = 200;

/** The leaves of a JSON value as Logs Insights names them: keys joined with `.`, array items by index. */
export function flattened(value: unknown, prefix = "", out: [string, unknown][] = []): [string, unknown][] {
  if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) flattened(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out.push([prefix, value]);
  }
  return out;
}

/** The fields Logs Insights discovers in an event: the system fields and, for JSON, the first 200 leaves. */
export function discovered(event: LogEvent): Row {
  const row: Row = { "@timestamp": event.timestamp, "@message": event.message };
  let json: unknown;
  try {
    json = JSON.parse(event.message);
  } catch {
    return row;
  }
  for (const [name, value] of flattened(json).slice(0, DISCOVERED_FIELDS_MAX)) row[name] = value;
  return row;
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** A field of a record: a discovered or named field, or a dotted path into a structured (parsed) one. */
function resolve(row: Row, path: string): unknown {
  if (path in row) return row[path];
  const base = Object.keys(row)
    .filter((k) => path.startsWith(`${k}.`) && row[k] !== null && typeof row[k] === "object")
    .sort((a, b) => b.length - a.length)[0];
  if (base === undefined) return undefined;
  let value: unknown = row[base];
  for (const key of path.slice(base.length + 1).split(".")) {
    if (Array.isArray(value)) throw new Error(`${path}: indexing into a parsed LIST is not modelled`);
    value = isMap(value) ? value[key] : undefined;
  }
  return value;
}

/** The items of a comma-separated list, `expr [as name]` each. */
function items(text: string): { expr: string; name: string }[] {
  return text.split(/,\s*/).map((item) => {
    const m = /^(.+?)(?:\s+as\s+(\S+))?$/.exec(item.trim()) as RegExpExecArray;
    const expr = m[1] as string;
    return { expr, name: m[2] ?? expr };
  });
}

function evaluate(row: Row, expr: string): unknown {
  const parse = /^jsonParse\((\S+)\)$/.exec(expr);
  if (!parse) return resolve(row, expr);
  const text = resolve(row, parse[1] as string);
  if (typeof text !== "string") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** One condition: `field like /re/`, `field = "s"`, `field != "s"`; false when the field is absent. */
function holds(row: Row, condition: string): boolean {
  const like = /^(\S+) like \/(.*)\/$/.exec(condition);
  if (like) {
    const value = resolve(row, like[1] as string);
    return typeof value === "string" && new RegExp(like[2] as string).test(value);
  }
  const compare = /^(\S+) (=|!=) "([^"]*)"$/.exec(condition);
  if (!compare) throw new Error(`condition not modelled: ${condition}`);
  const value = resolve(row, compare[1] as string);
  if (value === undefined || value === null) return false;
  return (String(value) === compare[3]) === (compare[2] === "=");
}

type Command = (rows: Row[]) => Row[];

function command(text: string): Command {
  const [verb = "", ...rest] = text.trim().split(/\s+/);
  const args = text.trim().slice(verb.length).trim();
  switch (verb) {
    case "SOURCE":
      return (rows) => rows;
    case "fields":
      return (rows) =>
        rows.map((row) => {
          const out = { ...row };
          for (const { expr, name } of items(args)) out[name] = evaluate(row, expr);
          return out;
        });
    case "filter":
      return (rows) => rows.filter((row) => args.split(" and ").every((c) => holds(row, c.trim())));
    case "unnest": {
      const [path, into, name] = rest;
      if (into !== "into" || !path || !name) throw new Error(`unnest not modelled: ${text}`);
      return (rows) =>
        rows.flatMap((row) => {
          const value = resolve(row, path);
          if (value === undefined) throw new Error(`unnest of ${path}, absent from a record`);
          return (Array.isArray(value) ? value : [value]).map((item) => ({ ...row, [name]: item }));
        });
    }
    case "sort": {
      const [field = "", order = "asc"] = rest;
      const sign = order === "desc" ? -1 : 1;
      return (rows) =>
        [...rows].sort((a, b) => {
          const x = resolve(a, field) as number | string;
          const y = resolve(b, field) as number | string;
          return x === y ? 0 : x < y ? -sign : sign;
        });
    }
    case "limit":
      return (rows) => rows.slice(0, Number(args));
    case "display":
      return (rows) =>
        rows.map((row) => Object.fromEntries(items(args).map(({ expr }) => [expr, resolve(row, expr)])));
    default:
      throw new Error(`command not modelled: ${verb}`);
  }
}

/**
 * Runs a query (commands separated by `|`, one a line, as the component writes them) over events.
 *
 * @example
 * runQuery('fields @timestamp\n| filter level = "WARN"', [{ timestamp: 1, message: '{"level":"WARN"}' }]);
 */
export function runQuery(query: string, events: readonly LogEvent[]): Row[] {
  const commands = query.split(/\n\|\s*/).map(command);
  return commands.reduce((rows, run) => run(rows), events.map(discovered));
}

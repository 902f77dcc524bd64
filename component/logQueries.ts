/**
 * The Logs Insights queries of the reconciler's log group: what the dashboard's tables show and what the
 * alarm descriptions quote. They read the lines the Lambda writes (Powertools JSON; the EMF line of an
 * unhealthy run).
 */
import { METRIC, UNHEALTHY_CAUSES_KEY } from "../common/constants";
import type { ResourceStatus } from "../common/types";

/** Rows of the Logs Insights tables. */
const LOG_ROWS = 50;
/** The resource status that is no news: left out of the drift table. */
const IN_SYNC: ResourceStatus = "IN_SYNC";

/** A Logs Insights query as a dashboard stores it: `SOURCE '<group>' | … | <commands>`, one SOURCE per group. */
function logQuery(logGroups: string | readonly string[], commands: readonly string[]): string {
  const sources = (typeof logGroups === "string" ? [logGroups] : logGroups).map((g) => `SOURCE '${g}'`);
  return [...sources, ...commands].join("\n| ");
}

/**
 * The Logs Insights commands that list the runs that emitted `Unhealthy`, newest first, with their causes
 * (the EMF line's `UnhealthyCauses`). Without a `SOURCE`: the console takes the log group from its picker,
 * so the alarm's description quotes these; `unhealthyQuery` is the dashboard's form.
 */
export const UNHEALTHY_QUERY_COMMANDS = [
  `fields @timestamp, ${METRIC.unhealthy}, ${UNHEALTHY_CAUSES_KEY}`,
  `filter ispresent(${METRIC.unhealthy})`,
  "sort @timestamp desc",
] as const;

/**
 * The latest unhealthy runs and why (`UNHEALTHY_QUERY_COMMANDS`), as the dashboard stores the query.
 *
 * @example
 * unhealthyQuery("/echo-ptc/platform/prod/echo-cache");
 * // "SOURCE '/echo-ptc/platform/prod/echo-cache'\n| fields @timestamp, Unhealthy, UnhealthyCauses\n| ..."
 */
export function unhealthyQuery(logGroupName: string): string {
  return logQuery(logGroupName, [...UNHEALTHY_QUERY_COMMANDS, `limit ${LOG_ROWS}`]);
}

/**
 * The latest resources that were not in sync, one row per resource (drifted, missing, stale, conflicting,
 * failed; fixed or removed this run), with the run's message and action. It reads only `@message`, which
 * every event has, and parses it with `jsonParse`, then `unnest`s the report's resources (docs/aws-facts.md,
 * "CloudWatch Logs Insights"). Discovered fields would not do: Logs Insights extracts at most 200 fields of
 * an event, and a report's sorted keys put `status` after every resource's differences; indexed fields
 * (`report.resources.0.id`) would also show only as many resources as there are columns. The first filter
 * keeps report lines (`reconcile <STATUS>`), not platform, metric or `reconcile not run` lines.
 *
 * @example
 * driftQuery("/echo-ptc/platform/prod/echo-cache");
 * // "SOURCE '/echo-ptc/platform/prod/echo-cache'\n| fields @timestamp, jsonParse(@message) as line\n| ..."
 */
export function driftQuery(logGroupName: string): string {
  return logQuery(logGroupName, driftCommands(""));
}

/** The drift query's commands; `first` is a column shown before the others (none when empty). */
function driftCommands(first: string): string[] {
  return [
    `fields @timestamp, ${first ? `${first}, ` : ""}jsonParse(@message) as line`,
    "filter line.message like /^reconcile [A-Z_]+$/",
    "unnest line.report.resources into resource",
    `filter resource.status != "${IN_SYNC}"`,
    "sort @timestamp desc",
    `limit ${LOG_ROWS}`,
    `display @timestamp, ${first ? `${first}, ` : ""}line.message, line.report.action, resource.type, resource.id, resource.status, resource.reason`,
  ];
}

/**
 * The drift query over several caches' log groups at once (the fleet dashboard's, by ARN in a monitoring
 * account), with `@log`, the `<account>:<log group>` each row comes from, as the second column.
 *
 * @example
 * fleetDriftQuery(["arn:aws:logs:eu-west-1:111111111111:log-group:/echo-ptc/p/s/a"]);
 * // "SOURCE 'arn:aws:logs:…'\n| fields @timestamp, @log, jsonParse(@message) as line\n| ..."
 */
export function fleetDriftQuery(logGroups: readonly string[]): string {
  return logQuery(logGroups, driftCommands("@log"));
}

/**
 * The latest error lines: failed runs (`report.errors`, which sort first in the report), invalid
 * configs, and runs that never started (`reconcile not run`, logged with Powertools' `error` object).
 *
 * @example
 * errorsQuery("/echo-ptc/platform/prod/echo-cache");
 * // "SOURCE '/echo-ptc/platform/prod/echo-cache'\n| fields ...\n| filter level = \"ERROR\"\n| ..."
 */
export function errorsQuery(logGroupName: string): string {
  return logQuery(logGroupName, [
    "fields @timestamp, message, report.errors.0.operation, report.errors.0.name, report.errors.0.message, error.name, error.message",
    'filter level = "ERROR"',
    "sort @timestamp desc",
    `limit ${LOG_ROWS}`,
  ]);
}

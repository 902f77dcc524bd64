/**
 * The Logs Insights queries of the reconciler's log group: what the dashboard's tables show and what the
 * alarm descriptions quote. They read the lines the Lambda writes (Powertools JSON; the EMF line of an
 * unhealthy run).
 */
import { METRIC, UNHEALTHY_CAUSES_KEY } from "../common/constants";
import { RESOURCE_TYPES, type ReportStatus } from "../common/types";

/** Rows of the Logs Insights tables. */
const LOG_ROWS = 50;
/**
 * Runs whose status is no news: left out of the drift table so a paused cache does not push drift
 * out of its rows.
 */
const QUIET_STATUSES: readonly ReportStatus[] = ["IN_SYNC", "PAUSED"];

/**
 * Logs Insights flattens JSON arrays into indexed fields (`report.resources.0.id`; CloudWatch Logs
 * user guide, "Fields in JSON logs"): one column group per resource kind the report can carry.
 */
function resourceColumns(): string[] {
  return Object.keys(RESOURCE_TYPES).flatMap((_, i) => [
    `report.resources.${i}.id`,
    `report.resources.${i}.status`,
    `report.resources.${i}.differences.0.path`,
  ]);
}

/** A Logs Insights query as a dashboard stores it: `SOURCE '<group>' | <commands>`. */
function logQuery(logGroupName: string, commands: readonly string[]): string {
  return [`SOURCE '${logGroupName}'`, ...commands].join("\n| ");
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
 * The latest runs that found or fixed drift, failed, or were deleted, with each resource's id,
 * status and first difference. The filter is on the top-level `message` (`reconcile <STATUS>`), not
 * on `report.status`: report keys are sorted, so `status` comes after every resource's differences
 * and could fall past the fields Logs Insights extracts from one event (200, CloudWatch Logs user
 * guide, "parse"). `reconcile not run` lines are the errors query's.
 *
 * @example
 * driftQuery("/echo-ptc/platform/prod/echo-cache");
 * // "SOURCE '/echo-ptc/platform/prod/echo-cache'\n| fields @timestamp, message, ...\n| filter message like ..."
 */
export function driftQuery(logGroupName: string): string {
  const quiet = QUIET_STATUSES.map((s) => ` and message != "reconcile ${s}"`).join("");
  return logQuery(logGroupName, [
    `fields @timestamp, message, report.mode, report.action, ${resourceColumns().join(", ")}`,
    `filter message like /^reconcile [A-Z_]+$/${quiet}`,
    "sort @timestamp desc",
    `limit ${LOG_ROWS}`,
  ]);
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

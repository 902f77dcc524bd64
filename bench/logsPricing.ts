/**
 * CloudWatch Logs: what the reconcilers write and keep, and what the dashboards' Logs Insights tables scan
 * each time someone opens them.
 */
import { partitionOf } from "../common/names";
import type { RecordedResource } from "../test/component/pulumiHarness";
import { invocations } from "./lambdaPricing";
import { HOURS_PER_MONTH } from "./prices";
import {
  DAYS_PER_MONTH,
  GB,
  type Graph,
  item,
  type LineItem,
  LOG_EVENT_OVERHEAD_BYTES,
  type Rule,
  UnpricedResourceError,
} from "./pricingRule";

/**
 * The time range a dashboard opens with, which its Logs Insights widgets scan: the console's default, 3 hours
 * (an assumption: a wider range scans proportionally more).
 */
const DASHBOARD_RANGE_HOURS = 3;

const isStandard = (group: RecordedResource) => (group.inputs.logGroupClass ?? "STANDARD") === "STANDARD";

/** GB a log group ingests a month: the runs of the functions that write to it, each run's bytes and events. */
function ingestedGb(group: RecordedResource, graph: Graph): { gb: number; bytesPerRun: number } {
  const name = graph.physicalName(group);
  const writers = graph.resources.filter(
    (r) => r.type === "aws:lambda/function:Function" && r.inputs.loggingConfig?.logGroup === name,
  );
  const { run } = graph.usage;
  const bytesPerRun = run.logBytes + LOG_EVENT_OVERHEAD_BYTES * run.logEvents;
  const runs = writers.reduce((n, fn) => n + invocations(fn, graph).total, 0);
  return { gb: runs * (bytesPerRun / GB), bytesPerRun };
}

export const logGroup: Rule = (group, graph) => {
  if (!isStandard(group)) throw new UnpricedResourceError("a log class other than Standard");
  if (group.inputs.kmsKeyId) throw new UnpricedResourceError("a KMS-encrypted log group");
  const { gb, bytesPerRun } = ingestedGb(group, graph);
  const retention: number = group.inputs.retentionInDays ?? 0;
  // Never expiring (0), the stored logs grow: priced as they are after a year.
  const storedMonths = retention === 0 ? 12 : retention / DAYS_PER_MONTH;
  return [
    item(group, `ingestion: ${bytesPerRun} B a run`, gb, "logIngestion"),
    item(
      group,
      `storage: ${retention === 0 ? "after a year, never expiring" : `${retention} days kept`}, uncompressed`,
      gb * storedMonths,
      "logStorage",
    ),
  ];
};

/** The log group a Logs Insights `SOURCE` names: by name in its own account, or by ARN from a monitoring account. */
function sourceGroup(source: string, graph: Graph): RecordedResource {
  const found = graph.resources.find((r) => {
    if (r.type !== "aws:cloudwatch/logGroup:LogGroup") return false;
    const name = graph.physicalName(r);
    const { accountId, region } = graph.placeOf(r);
    return (
      source === name || source === `arn:${partitionOf(region)}:logs:${region}:${accountId}:log-group:${name}`
    );
  });
  if (!found)
    throw new UnpricedResourceError(`a Logs Insights query of ${source}, which the graph does not make`);
  return found;
}

/**
 * What a dashboard's Logs Insights widgets scan a month: every view runs each widget once over the opening time
 * range, which holds that share of each named log group's month.
 */
export function logWidgetScans(
  dashboard: RecordedResource,
  queries: readonly string[],
  graph: Graph,
): LineItem[] {
  if (queries.length === 0) return [];
  const gbPerView = queries.reduce((total, query) => {
    const sources = [...query.matchAll(/SOURCE '([^']+)'/g)].map((m) => sourceGroup(m[1] as string, graph));
    return (
      total +
      sources.reduce((n, g) => n + (ingestedGb(g, graph).gb * DASHBOARD_RANGE_HOURS) / HOURS_PER_MONTH, 0)
    );
  }, 0);
  const views = graph.usage.dashboardViewsPerMonth;
  return [
    item(
      dashboard,
      `Logs Insights: ${views} views × ${queries.length} tables over ${DASHBOARD_RANGE_HOURS} h`,
      views * gbPerView,
      "logsInsightsScan",
    ),
  ];
}

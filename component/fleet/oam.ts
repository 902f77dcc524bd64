/**
 * What the fleet's single view is made of, as plain values: the OAM sink policy, each link's filters, and the
 * Metrics Insights queries the fleet alarm and dashboard run (docs/aws-facts.md, "CloudWatch cross-account
 * observability").
 */
import { DEFAULT_METRICS_NAMESPACE, METRIC, METRIC_DIMENSION } from "../../common/constants";
import { POLICY_VERSION, type PolicyDocument } from "../../common/policyDocument";

/** What a link shares: metrics and log groups, nothing else (no traces, no applications). */
export const SHARED_RESOURCE_TYPES = ["AWS::CloudWatch::Metric", "AWS::Logs::LogGroup"] as const;

/** The label a source account gets in the monitoring account: its name in AWS Organizations. */
export const LINK_LABEL_TEMPLATE = "$AccountName";

/**
 * The sink policy of one Region: exactly these accounts may link, and only to share the two types above (a
 * link asking for more fails to create).
 *
 * @example
 * sinkPolicy(["222222222222", "111111111111"]).Statement[0]?.Principal; // { AWS: ["111111111111", "222222222222"] }
 */
export function sinkPolicy(accountIds: readonly string[]): PolicyDocument {
  return {
    Version: POLICY_VERSION,
    Statement: [
      {
        Sid: "FleetSourceAccounts",
        Effect: "Allow",
        Principal: { AWS: [...new Set(accountIds)].sort() },
        Action: ["oam:CreateLink", "oam:UpdateLink"],
        Resource: "*",
        Condition: { "ForAllValues:StringEquals": { "oam:ResourceTypes": [...SHARED_RESOURCE_TYPES] } },
      },
    ],
  };
}

/**
 * A link's filters: the reconcilers' metric namespace, and the one log group of the account×Region's cache
 * (OAM filter syntax: single quotes, case-sensitive, `=` for an exact match).
 *
 * @example
 * linkConfiguration("/echo-ptc/p/s/fleet-111111111111-euw1").logGroupConfiguration.filter;
 * // "LogGroupName = '/echo-ptc/p/s/fleet-111111111111-euw1'"
 */
export function linkConfiguration(logGroupName: string): {
  readonly metricConfiguration: { readonly filter: string };
  readonly logGroupConfiguration: { readonly filter: string };
} {
  return {
    metricConfiguration: { filter: `Namespace = '${DEFAULT_METRICS_NAMESPACE}'` },
    logGroupConfiguration: { filter: `LogGroupName = '${logGroupName}'` },
  };
}

/** The `Unhealthy` series of every reconciler the monitoring account sees in a Region: its own and the linked accounts'. */
const UNHEALTHY_SOURCE = `FROM SCHEMA("${DEFAULT_METRICS_NAMESPACE}", ${METRIC_DIMENSION}, service)`;

/**
 * The fleet alarm's Metrics Insights query: the largest `Unhealthy` of the Region, one series. A metric-math
 * alarm could name at most 10 metrics, one per cache; a Metrics Insights alarm watches them all, caches added
 * later too.
 */
export const FLEET_ALARM_QUERY = `SELECT MAX(${METRIC.unhealthy}) ${UNHEALTHY_SOURCE}`;

/** The dashboard's query: `Unhealthy` per account and cache (the cache's name carries the Region's code). */
export const FLEET_DASHBOARD_QUERY =
  `SELECT MAX(${METRIC.unhealthy}) ${UNHEALTHY_SOURCE} GROUP BY AWS.AccountId, ${METRIC_DIMENSION} ` +
  "ORDER BY MAX() DESC";

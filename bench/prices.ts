/**
 * us-east-1 list prices, each with its source (docs/aws-facts.md, "Prices", where the evidence and what is
 * UNCONFIRMED are written down), and the free tier, which the budget figure ignores.
 */

/** A unit price and where it comes from. */
export interface UnitPrice {
  readonly usd: number;
  /** What one unit is, as the table prints it. */
  readonly unit: string;
  readonly source: string;
}

const CW_BILLING = "awsdocs/amazon-cloudwatch-user-guide doc_source/cloudwatch_billing.md";
const LAMBDA_WHITEPAPER = "https://docs.aws.amazon.com/whitepapers/latest/how-aws-pricing-works/lambda.html";

export const PRICE = {
  alarmMetric: {
    usd: 0.1,
    unit: "alarm metric-month",
    source: `${CW_BILLING} (one per metric evaluated; metric math counts each metric); infracost cloudwatch_metric_alarm_test (rate)`,
  },
  highResolutionAlarmMetric: {
    usd: 0.3,
    unit: "high-resolution alarm metric-month",
    source: "infracost cloudwatch_metric_alarm_test (period under 60 s)",
  },
  metricsInsightsAlarmMetric: {
    usd: 0.1,
    unit: "metric analysed-month (Metrics Insights alarm)",
    source: `${CW_BILLING} (Metrics Insights query alarms: per metric the query analyses, hourly); secondary Price List extracts (rate)`,
  },
  compositeAlarm: {
    usd: 0.5,
    unit: "composite alarm-month",
    source: `${CW_BILLING} (flat; children billed apart); secondary Price List extracts (rate)`,
  },
  dashboard: {
    usd: 3,
    unit: "dashboard-month",
    source: "https://aws.amazon.com/cloudwatch/pricing/ (3 free); infracost cloudwatch_dashboard_test",
  },
  customMetric: {
    usd: 0.3,
    unit: "custom metric-month",
    source: `${CW_BILLING} ("Custom metrics": hourly, only when sent; EMF as custom metrics); nishinoshake/aws-rough#37 (first 10,000)`,
  },
  logIngestion: {
    usd: 0.5,
    unit: "GB ingested (Standard class)",
    source: "infracost cloudwatch_log_group_test; Lambda's vended-log first tier is the same",
  },
  logsInsightsScan: {
    usd: 0.005,
    unit: "GB scanned (Logs Insights)",
    source: "infracost cloudwatch_log_group_test",
  },
  logStorage: {
    usd: 0.03,
    unit: "GB-month stored",
    source: "infracost cloudwatch_log_group_test",
  },
  lambdaArm64: {
    usd: 0.0000133334,
    unit: "GB-second (arm64)",
    source: `${LAMBDA_WHITEPAPER}; infracost lambda_function_test`,
  },
  lambdaX86: {
    usd: 0.0000166667,
    unit: "GB-second (x86_64)",
    source:
      "https://aws.amazon.com/lambda/pricing/ (secondary: DataDog/datadog-lambda-extension price constants)",
  },
  lambdaRequest: { usd: 0.2 / 1_000_000, unit: "request", source: LAMBDA_WHITEPAPER },
  schedulerInvocation: {
    usd: 1 / 1_000_000,
    unit: "Scheduler invocation",
    source: "https://aws.amazon.com/eventbridge/pricing/ (secondary: cloudburn.io, Mar 2026)",
  },
  // No charge of their own; each says why.
  iam: { usd: 0, unit: "role or policy", source: "https://aws.amazon.com/iam/ (no additional charge)" },
  ssmStandard: {
    usd: 0,
    unit: "standard parameter",
    source:
      "https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html",
  },
  serviceEvents: {
    usd: 0,
    unit: "rule on AWS service events",
    source: "https://aws.amazon.com/eventbridge/pricing/ (AWS service events on the default bus are free)",
  },
  ecrControlPlane: {
    usd: 0,
    unit: "rule, template or API call",
    source:
      "https://aws.amazon.com/ecr/pricing/ (storage and transfer only; secondary: cloudburn.io, Mar 2026). The cached images are the cache's use, not the reconciler's",
  },
  includedInFunction: {
    usd: 0,
    unit: "resource",
    source: "no charge of its own: the runs it causes are priced at the Lambda function",
  },
  oam: {
    usd: 0,
    unit: "sink, sink policy or link",
    source:
      'awsdocs/amazon-cloudwatch-user-guide doc_source/CloudWatch-Unified-Cross-Account.md ("Pricing": no extra cost for sharing metrics and logs)',
  },
  notAnAwsResource: { usd: 0, unit: "component", source: "a Pulumi component or provider: no AWS resource" },
} as const satisfies Record<string, UnitPrice>;

export type PriceKey = keyof typeof PRICE;

/** One allowance of the free tier a month, shared by the price keys it lists (docs/aws-facts.md, "Prices"). */
export interface FreeAllowance {
  readonly keys: readonly PriceKey[];
  readonly quantity: number;
}

/**
 * Per account and month. The logs' 5 GB covers ingestion, storage and Logs Insights scans together,
 * quantities in GB; high-resolution, composite and Metrics Insights alarms have no free tier.
 */
export const FREE_TIER: readonly FreeAllowance[] = [
  { keys: ["alarmMetric"], quantity: 10 },
  { keys: ["dashboard"], quantity: 3 },
  { keys: ["customMetric"], quantity: 10 },
  { keys: ["logIngestion", "logStorage", "logsInsightsScan"], quantity: 5 },
  { keys: ["lambdaArm64", "lambdaX86"], quantity: 400_000 },
  { keys: ["lambdaRequest"], quantity: 1_000_000 },
  { keys: ["schedulerInvocation"], quantity: 14_000_000 },
];

/** AWS prices a month as 730 hours. */
export const HOURS_PER_MONTH = 730;

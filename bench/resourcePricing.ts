/**
 * What each resource type the component can register costs a month, derived from its registered inputs
 * and the measured run profile: one rule per Pulumi type. A type missing here, or a setting a rule cannot
 * price (X-Ray tracing, an advanced parameter, a Metrics Insights alarm), is an error, not a $0 line:
 * test/bench/resourcePricing.test.ts builds the component under every option and prices what it registers.
 */
import { RESOURCE_TYPES, type ResourceType } from "../common/types";
import { dashboard, metricAlarm } from "./cloudwatchPricing";
import { lambdaFunction } from "./lambdaPricing";
import { logGroup } from "./logsPricing";
import type { PriceKey } from "./prices";
import { flat, type Graph, item, type LineItem, type Rule, UnpricedResourceError } from "./pricingRule";
import { runsPerMonth } from "./schedule";

export { alarmMetrics } from "./cloudwatchPricing";
export { billedMsPerRun } from "./lambdaPricing";
export type { Graph, LineItem, RunProfile, Usage } from "./pricingRule";
export { UnpricedResourceError } from "./pricingRule";

const parameter: Rule = (r) => {
  if ((r.inputs.tier ?? "Standard") !== "Standard")
    throw new UnpricedResourceError(`an ${r.inputs.tier} parameter`);
  if (r.inputs.type === "SecureString") throw new UnpricedResourceError("a SecureString (KMS calls)");
  return [item(r, "standard parameter", 1, "ssmStandard")];
};

const eventRule: Rule = (r) => {
  const pattern = JSON.parse(r.inputs.eventPattern ?? "null") as { source?: string[] } | null;
  if (!pattern?.source?.every((s) => s.startsWith("aws."))) {
    throw new UnpricedResourceError("an EventBridge rule on anything but AWS service events");
  }
  return [item(r, "rule on AWS service events", 1, "serviceEvents")];
};

const schedule: Rule = (r) => [
  item(
    r,
    `invocations (${r.inputs.scheduleExpression})`,
    runsPerMonth(r.inputs.scheduleExpression),
    "schedulerInvocation",
  ),
];

/** Every Pulumi type the component (or a fleet of it) may register, and its rule. */
export const RESOURCE_PRICING: Readonly<Record<string, Rule>> = {
  "buildecho:ecr:EcrPullThroughCache": flat("notAnAwsResource", "component"),
  "buildecho:ecr:EcrPullThroughCacheFleet": flat("notAnAwsResource", "component"),
  "pulumi:providers:aws": flat("notAnAwsResource", "provider"),
  "aws:oam/sink:Sink": flat("oam", "OAM sink"),
  "aws:oam/sinkPolicy:SinkPolicy": flat("oam", "OAM sink policy"),
  "aws:oam/link:Link": flat("oam", "OAM link (sharing metrics and logs)"),
  "aws:cloudwatch/metricAlarm:MetricAlarm": metricAlarm,
  "aws:cloudwatch/compositeAlarm:CompositeAlarm": flat("compositeAlarm", "composite alarm"),
  "aws:cloudwatch/dashboard:Dashboard": dashboard,
  "aws:cloudwatch/logGroup:LogGroup": logGroup,
  "aws:cloudwatch/eventRule:EventRule": eventRule,
  "aws:cloudwatch/eventTarget:EventTarget": flat("includedInFunction", "target"),
  "aws:lambda/function:Function": lambdaFunction,
  "aws:lambda/permission:Permission": flat("includedInFunction", "permission"),
  "aws:lambda/invocation:Invocation": flat("includedInFunction", "deploy-time runs"),
  "aws:scheduler/schedule:Schedule": schedule,
  "aws:iam/role:Role": flat("iam", "role"),
  "aws:iam/rolePolicy:RolePolicy": flat("iam", "inline policy"),
  "aws:ssm/parameter:Parameter": parameter,
};

/** What the reconciler itself creates at run time, by kind: none of it is in Pulumi's graph. */
export const RUNTIME_PRICING = {
  [RESOURCE_TYPES.role]: "iam",
  [RESOURCE_TYPES.rule]: "ecrControlPlane",
  [RESOURCE_TYPES.template]: "ecrControlPlane",
  "AWS::SSM::Parameter": "ssmStandard",
} as const satisfies Record<ResourceType | "AWS::SSM::Parameter", PriceKey>;

/**
 * Every billable quantity of one component a month: each registered resource by its rule, and what the
 * reconciler creates in the account.
 *
 * @throws {UnpricedResourceError} when a resource has no rule or a setting its rule cannot price.
 */
export function priceGraph(graph: Graph): LineItem[] {
  const registered = graph.resources.flatMap((r) => {
    const rule = RESOURCE_PRICING[r.type];
    if (!rule)
      throw new UnpricedResourceError(`${r.type} (${r.name}) has no price in bench/resourcePricing.ts`);
    return rule(r, graph);
  });
  // Each reconciler makes its own role, rule, template and record.
  const reconcilers = graph.resources.filter((r) => r.type === "aws:lambda/function:Function").length;
  const runtime = Object.entries(RUNTIME_PRICING).map(([kind, price]) => ({
    resource: "(made by the reconciler)",
    what: kind === "AWS::SSM::Parameter" ? "the record parameter" : kind,
    quantity: reconcilers,
    price,
  }));
  // Grouped by resource for reading; what the reconciler makes comes last.
  return [
    ...registered.sort((a, b) => (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0)),
    ...runtime,
  ];
}

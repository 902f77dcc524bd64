import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_METRICS_NAMESPACE } from "../../common/constants";
import { dashboardBody } from "../dashboard";
import { dashboardName } from "../naming";
import { metricDimensions } from "../resourceSettings";
import type { Alarms } from "./alarms";
import type { Account, BuildContext } from "./context";
import type { ReconcilerFunction } from "./reconcilerFunction";

/**
 * The CloudWatch dashboard of this cache, only when the args ask for one (`dashboard: true`; $3.00 a month
 * beyond an account's 3 free, docs/aws-facts.md, "Prices"): `Unhealthy` at the alarms' period, the
 * function's own metrics, and the latest unhealthy runs, drift and errors from its log group.
 *
 * @example
 * const dashboard = buildDashboard(ctx, account, reconciler, alarms); // undefined by default
 */
export function buildDashboard(
  ctx: BuildContext,
  account: Account,
  { fn, logGroup }: ReconcilerFunction,
  { period }: Alarms,
): aws.cloudwatch.Dashboard | undefined {
  const { name } = ctx;
  if (!ctx.resolved.dashboard) return undefined;
  return new aws.cloudwatch.Dashboard(
    `${name}-dashboard`,
    {
      dashboardName: dashboardName(ctx.identity),
      dashboardBody: pulumi
        .all([account.region, fn.name, logGroup.name])
        .apply(([regionName, fnName, group]) =>
          JSON.stringify(
            dashboardBody({
              region: regionName,
              namespace: DEFAULT_METRICS_NAMESPACE,
              dimensions: metricDimensions(name),
              functionName: fnName,
              logGroupName: group,
              title: `Echo ECR pull-through cache ${name} (${ctx.ownerId})`,
              period,
            }),
          ),
        ),
    },
    ctx.opts,
  );
}

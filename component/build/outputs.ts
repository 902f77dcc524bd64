import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_METRICS_NAMESPACE } from "../../common/constants";
import { parseInvocationResult, reportOutputs } from "../invocation";
import type { EcrPullThroughCacheOutputs } from "../types";
import { usageInstructions } from "../usageInstructions";
import type { Account, BuildContext } from "./context";
import type { ReconcilerFunction } from "./reconcilerFunction";

/** The component's outputs, as Outputs: what the constructor assigns and registers. */
export type ComponentOutputs = {
  readonly [K in keyof EcrPullThroughCacheOutputs]: pulumi.Output<EcrPullThroughCacheOutputs[K]>;
};

/** The children the outputs are read from. */
export interface OutputSources {
  readonly parameter: aws.ssm.Parameter;
  readonly reconciler: ReconcilerFunction;
  readonly invocation: aws.lambda.Invocation;
  /** Absent unless the args ask for a dashboard. */
  readonly dashboard: aws.cloudwatch.Dashboard | undefined;
}

/**
 * The outputs: what the deploy-time run reported (prefix, role, rule, status), the children's names, and the
 * usage instructions built from both. Keys in the order the component registers them.
 *
 * @example
 * const outputs = buildOutputs(ctx, account, { parameter, reconciler, invocation, dashboard });
 * outputs.cachePrefix; // the report's prefix, else the args'
 */
export function buildOutputs(ctx: BuildContext, account: Account, sources: OutputSources): ComponentOutputs {
  const { name, resolved } = ctx;
  const { config } = resolved;
  const { parameter, invocation } = sources;
  const { fn, logGroup } = sources.reconciler;
  const dashboardName = sources.dashboard?.dashboardName ?? pulumi.output(undefined);

  const outputs = invocation.result.apply(reportOutputs);
  const status = invocation.result.apply((r) => parseInvocationResult(r)?.status);
  const cachePrefix = outputs.apply((o) => o?.cachePrefix ?? config.repositoryPrefix);
  const instructions = pulumi
    .all([
      account.partition,
      account.accountId,
      account.region,
      cachePrefix,
      fn.name,
      parameter.name,
      logGroup.name,
      dashboardName,
    ])
    .apply(
      ([
        p,
        accountId,
        regionName,
        cachePrefixValue,
        functionName,
        parameterName,
        logGroupNameValue,
        dashboardNameValue,
      ]) =>
        usageInstructions({
          partition: p.partition,
          dnsSuffix: p.dnsSuffix,
          accountId,
          region: regionName,
          cachePrefix: cachePrefixValue,
          sourceRegistryAccountId: config.sourceRegistryAccountId,
          sourceRegistryRegion: config.sourceRegistryRegion,
          configParameterName: parameterName,
          configSource: resolved.configSource,
          functionName,
          logGroupName: logGroupNameValue,
          metricsNamespace: DEFAULT_METRICS_NAMESPACE,
          cacheName: name,
          ...(dashboardNameValue ? { dashboardName: dashboardNameValue } : {}),
        }),
    );

  return {
    cachePrefix,
    roleArn: outputs.apply((o) => o?.roleArn),
    cacheRule: outputs.apply((o) => o?.cacheRule),
    status,
    usageInstructions: instructions,
    functionName: fn.name,
    configParameterName: parameter.name,
    logGroupName: logGroup.name,
    dashboardName,
  };
}

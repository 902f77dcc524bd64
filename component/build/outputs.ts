import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_METRICS_NAMESPACE } from "../../common/constants";
import { parseInvocationResult, reportOutputs } from "../invocation";
import { roleArn } from "../naming";
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
  const { parameter, invocation } = sources;
  const dashboardName = sources.dashboard?.dashboardName ?? pulumi.output(undefined);
  const { fn, logGroup } = sources.reconciler;

  const outputs = invocation.result.apply(reportOutputs);
  const status = invocation.result.apply((r) => parseInvocationResult(r)?.status);
  // Every report of a valid config carries the outputs, paused ones too; without one (a payload that is no
  // report) they are what the reconciler derives from the config.
  const cachePrefix = pulumi
    .all([outputs, resolved.repositoryPrefix])
    .apply(([o, prefix]) => o?.cachePrefix ?? prefix);
  const role = pulumi
    .all([outputs, account.partition, account.accountId, resolved.role])
    .apply(
      ([o, p, accountId, r]) =>
        o?.roleArn ?? roleArn({ partition: p.partition, accountId, path: r.path, name: r.name }),
    );
  const instructions = pulumi
    .output({
      partition: account.partition,
      accountId: account.accountId,
      region: account.region,
      cachePrefix,
      functionName: fn.name,
      parameterName: parameter.name,
      logGroupName: logGroup.name,
      dashboardName,
      sourceRegistry: resolved.sourceRegistry,
      taggedRepositories: resolved.taggedRepositories,
    })
    .apply((v) =>
      usageInstructions({
        partition: v.partition.partition,
        dnsSuffix: v.partition.dnsSuffix,
        accountId: v.accountId,
        region: v.region,
        cachePrefix: v.cachePrefix,
        sourceRegistryAccountId: v.sourceRegistry.accountId,
        sourceRegistryRegion: v.sourceRegistry.region,
        configParameterName: v.parameterName,
        configSource: resolved.configSource,
        functionName: v.functionName,
        ownerId: ctx.ownerId,
        logGroupName: v.logGroupName,
        metricsNamespace: DEFAULT_METRICS_NAMESPACE,
        cacheName: name,
        ...(v.dashboardName ? { dashboardName: v.dashboardName } : {}),
        taggedRepositories: v.taggedRepositories,
      }),
    );

  return {
    cachePrefix,
    roleArn: role,
    cacheRule: outputs.apply((o) => o?.cacheRule),
    status,
    usageInstructions: instructions,
    functionName: fn.name,
    configParameterName: parameter.name,
    logGroupName: logGroup.name,
    dashboardName,
  };
}

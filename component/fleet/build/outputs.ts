import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_SOURCE_REGISTRY_REGION } from "../../../common/constants";
import type { ReportStatus } from "../../../common/types";
import type { EcrPullThroughCache } from "../../EcrPullThroughCache";
import { fleetUpstreamGrant } from "../echoGrant";
import type { FleetSummary, FleetTargetOutput } from "../types";
import type { FleetContext } from "./context";
import type { FleetView } from "./view";

/** Statuses that need no one's attention after a deploy: as configured, fixed, or paused on purpose. */
const SETTLED: ReadonlySet<ReportStatus | undefined> = new Set(["IN_SYNC", "REMEDIATED", "PAUSED"]);

/** The fleet's outputs. */
export interface FleetOutputs {
  readonly targets: pulumi.Output<FleetTargetOutput[]>;
  readonly summary: pulumi.Output<FleetSummary>;
  readonly echoGrant: pulumi.Output<string>;
  readonly dashboardName: pulumi.Output<string | undefined>;
}

/** What the summary counts, from the targets' outputs. */
export function summarize(
  targets: readonly FleetTargetOutput[],
  dashboardName: string | undefined,
): FleetSummary {
  const statuses: Partial<Record<ReportStatus, number>> = {};
  for (const t of targets) if (t.status) statuses[t.status] = (statuses[t.status] ?? 0) + 1;
  return {
    caches: targets.length,
    accounts: new Set(targets.map((t) => t.accountId)).size,
    regions: [...new Set(targets.map((t) => t.region))].sort(),
    statuses,
    attention: targets
      .filter((t) => !SETTLED.has(t.status))
      .map((t) => `${t.accountId}/${t.region} ${t.status ?? "no report"}`),
    dashboardName,
  };
}

/**
 * Per target its cache's status, role, config parameter and function; the summary; and the statements Echo
 * must add, as JSON ready to send (secret when Echo's account id is).
 */
export function buildFleetOutputs(
  ctx: FleetContext,
  caches: ReadonlyMap<string, EcrPullThroughCache>,
  view: FleetView | undefined,
): FleetOutputs {
  const targets = pulumi.all(
    ctx.placements.map((p) => {
      const cache = caches.get(p.key) as EcrPullThroughCache;
      return pulumi.all([cache.status, cache.roleArn, cache.configParameterName, cache.functionName]).apply(
        ([status, roleArn, configParameterName, functionName]): FleetTargetOutput => ({
          accountId: p.accountId,
          region: p.region,
          name: p.name,
          status,
          roleArn,
          configParameterName,
          functionName,
          view: p.view,
        }),
      );
    }),
  );
  const dashboardName: pulumi.Output<string | undefined> = view
    ? view.dashboard.dashboardName
    : pulumi.output(undefined);
  const registries = ctx.placements.map((p) => {
    const args = ctx.argsOf(p);
    return pulumi.all([args.sourceRegistryAccountId, args.sourceRegistryRegion]).apply(([echo, region]) => ({
      accountId: p.accountId,
      sourceRegistryAccountId: echo,
      sourceRegistryRegion: region ?? DEFAULT_SOURCE_REGISTRY_REGION,
    }));
  });
  return {
    targets,
    summary: pulumi.all([targets, dashboardName]).apply(([t, d]) => summarize(t, d)),
    echoGrant: pulumi.all(registries).apply((r) => JSON.stringify(fleetUpstreamGrant(ctx.name, r), null, 2)),
    dashboardName,
  };
}

import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { regionCode } from "../../../common/regions";
import type { InstanceIdentity } from "../../naming";
import type { EcrPullThroughCacheArgs } from "../../types";
import { sessionName } from "../naming";
import type { Monitoring, Placement } from "../targets";

/** What the fleet's builders know: its name, its placements checked, each placement's cache args. */
export interface FleetContext {
  readonly name: string;
  readonly identity: InstanceIdentity;
  /** The fleet component: every resource's parent. */
  readonly component: pulumi.Resource;
  readonly placements: readonly Placement[];
  readonly monitoring: Monitoring | undefined;
  /** The fleet's args that every cache starts from (its `tags` go on the fleet's own resources). */
  readonly defaults: EcrPullThroughCacheArgs;
  /** The cache args of a placement: defaults, the target's own, the Region's role name. */
  readonly argsOf: (p: Placement) => EcrPullThroughCacheArgs;
  /** The fleet alarms' actions. */
  readonly monitoringAlarmActions: pulumi.Input<pulumi.Input<string>[]> | undefined;
}

/** One account in one Region, reached through a role. */
interface Reach {
  readonly accountId: string;
  readonly region: string;
  readonly roleArn: string;
}

/**
 * An explicit provider for one account in one Region: it assumes the role, and refuses to act in any other
 * account (`allowedAccountIds`), so a wrong role can never deploy a cache into the wrong account. No
 * `defaultTags`: the caches put the fleet's `tags` on every taggable resource themselves (and on the role the
 * reconciler makes, which no provider sees), so nothing is tagged twice.
 */
export function accountProvider(ctx: FleetContext, logicalName: string, reach: Reach): aws.Provider {
  return new aws.Provider(
    logicalName,
    {
      region: reach.region,
      allowedAccountIds: [reach.accountId],
      assumeRoles: [{ roleArn: reach.roleArn, sessionName: sessionName(ctx.name) }],
    },
    { parent: ctx.component },
  );
}

/** The provider of each placement, by its key (`<account>/<region>`). */
export function targetProviders(ctx: FleetContext): Map<string, aws.Provider> {
  return new Map(
    ctx.placements.map((p) => [
      p.key,
      accountProvider(ctx, `${ctx.name}-${p.accountId}-${regionCode(p.region)}`, p),
    ]),
  );
}

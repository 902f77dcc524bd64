import type * as pulumi from "@pulumi/pulumi";
import type { ReportStatus } from "../../common/types";
import type { EcrPullThroughCacheArgs } from "../types";

/**
 * One account of the fleet and the Regions to deploy a cache into, with what differs from the fleet's
 * defaults. A target's own args replace the fleet's, argument by argument (its `tags` replace the fleet's
 * `tags`, they are not merged).
 */
export interface FleetTarget extends Partial<EcrPullThroughCacheArgs> {
  /** The account's 12-digit id. */
  readonly accountId: string;
  /** The Regions of the account to deploy a cache into, each once. */
  readonly regions: readonly string[];
  /**
   * The role the fleet's providers assume in the account. Default
   * `arn:<partition>:iam::<accountId>:role/OrganizationAccountAccessRole`, the partition of the target's Regions.
   */
  readonly roleArn?: string;
}

/** The account where the fleet's single view lives: OAM sinks, the dashboard and the fleet alarms. */
export interface FleetMonitoringAccount {
  readonly accountId: string;
  /** The Region the fleet dashboard is created through (dashboards are account-wide). */
  readonly region: string;
  /** The role to assume in it. Default `OrganizationAccountAccessRole`, as for targets. */
  readonly roleArn?: string;
  /** ARNs notified when a fleet alarm changes state (ALARM and OK). Default none. */
  readonly alarmActions?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * Arguments of {@link EcrPullThroughCacheFleet}: the cache's arguments, the defaults of every target; the
 * targets; and the monitoring account. `targets` and `monitoringAccount` must be plain values: they decide the
 * providers and resources.
 */
export interface EcrPullThroughCacheFleetArgs extends EcrPullThroughCacheArgs {
  readonly targets: readonly FleetTarget[];
  /**
   * Where the fleet view lives. Without it each cache keeps its own `Unhealthy` alarm and there is no sink,
   * link, fleet dashboard or fleet alarm.
   */
  readonly monitoringAccount?: FleetMonitoringAccount;
}

/**
 * How the fleet view sees a target: `linked` through an OAM link to the monitoring account's sink in the
 * target's Region; `local` when the target is the monitoring account itself (its own data needs no link);
 * `none` without a monitoring account.
 */
export type FleetView = "linked" | "local" | "none";

/** One target account×Region, as its cache's last deploy-time run reported it. */
export interface FleetTargetOutput {
  readonly accountId: string;
  readonly region: string;
  /** The cache's component name (and its metrics' `CacheName`). */
  readonly name: string;
  readonly status: ReportStatus | undefined;
  readonly roleArn: string;
  readonly configParameterName: string;
  readonly functionName: string;
  readonly view: FleetView;
}

/** The fleet at a glance. */
export interface FleetSummary {
  /** Caches (account×Region pairs). */
  readonly caches: number;
  readonly accounts: number;
  readonly regions: readonly string[];
  /** Caches by the status of their last deploy-time run. */
  readonly statuses: Readonly<Partial<Record<ReportStatus, number>>>;
  /** `<account>/<region> <status>` of every cache whose last deploy-time run was neither IN_SYNC, REMEDIATED nor PAUSED. */
  readonly attention: readonly string[];
  /** The fleet dashboard, with a monitoring account. */
  readonly dashboardName: string | undefined;
}

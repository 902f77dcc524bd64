/**
 * What every pricing rule shares: the run profile, the month's usage, the registered graph, the line items a
 * rule returns, and the error for what the bench cannot price.
 */
import type { RecordedResource } from "../test/component/pulumiHarness";
import { HOURS_PER_MONTH, type PriceKey } from "./prices";

/** What one run of the reconciler costs in time, logs and metrics: measured by the bench. */
export interface RunProfile {
  /** INIT at a full vCPU: every run is counted as a cold start, and INIT is billed. */
  readonly initMs: number;
  /** The handler's own CPU time of one run at a full vCPU, its SDK clients built from cold. */
  readonly cpuMs: number;
  /** Time spent waiting on AWS, which a smaller CPU share does not stretch. */
  readonly waitMs: number;
  /** Log events one run writes (the handler's lines, EMF, Lambda's platform lines) and their bytes. */
  readonly logEvents: number;
  readonly logBytes: number;
  /** Custom metrics (name × dimension set) one run sends. */
  readonly customMetrics: number;
}

/** How the component is used in a month, besides what its resources say. */
export interface Usage {
  readonly run: RunProfile;
  /** Edits of the config parameter: each starts a run through the EventBridge rule. */
  readonly configEditsPerMonth: number;
  /** `pulumi up`s that run the reconciler through the custom resource. */
  readonly deploysPerMonth: number;
  /** Times a month someone opens each dashboard: each view runs its Logs Insights widgets once. */
  readonly dashboardViewsPerMonth: number;
}

/** The registered resources of one component (or of a fleet of them), and what prices them. */
export interface Graph {
  readonly resources: readonly RecordedResource[];
  readonly usage: Usage;
  /** The physical name the resource got (its `name` input, or the mocks' autoname). */
  readonly physicalName: (r: RecordedResource) => string;
  /** The account and Region a resource is in: its provider's. */
  readonly placeOf: (r: RecordedResource) => { readonly accountId: string; readonly region: string };
}

/** One billable quantity. `usd` is `quantity × PRICE[price].usd`. */
export interface LineItem {
  /** The resource's kind and logical name (`MetricAlarm echo-cache-unhealthy`), or the reconciler's. */
  readonly resource: string;
  readonly what: string;
  readonly quantity: number;
  readonly price: PriceKey;
}

/** The component registered something the bench cannot price. */
export class UnpricedResourceError extends Error {
  override readonly name = "UnpricedResourceError";
}

export type Rule = (r: RecordedResource, graph: Graph) => LineItem[];

export const item = (r: RecordedResource, what: string, quantity: number, price: PriceKey): LineItem => ({
  resource: `${r.type.split(":").at(-1)} ${r.name}`,
  what,
  quantity,
  price,
});
export const flat =
  (price: PriceKey, what: string): Rule =>
  (r) => [item(r, what, 1, price)];

/** Lambda gives one vCPU at 1,769 MB and proportionally less below (docs/aws-facts.md, "Lambda"). */
export const MB_PER_VCPU = 1769;
/** CloudWatch Logs counts each event as its UTF-8 bytes plus 26 (PutLogEvents): an upper bound of what is billed. */
export const LOG_EVENT_OVERHEAD_BYTES = 26;
export const GB = 1024 ** 3;
export const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

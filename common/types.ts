/**
 * The Lambda's contract: the report every run returns (and logs), read by the component, the CLI and people.
 * Nothing here does I/O.
 */

/** CloudFormation's drift vocabulary. */
export const DIFFERENCE_TYPES = ["ADD", "REMOVE", "NOT_EQUAL"] as const;
export type DifferenceType = (typeof DIFFERENCE_TYPES)[number];

/**
 * One field that differs, as reports show it: `path` is the field and, for a map or set member, its key in
 * brackets (`Tags[team]`); `expected` is what the config wants, `actual` what AWS has (undefined = absent).
 */
export interface Difference {
  readonly path: string;
  readonly expected: unknown;
  readonly actual: unknown;
  readonly type: DifferenceType;
}

export const RESOURCE_TYPES = {
  role: "AWS::IAM::Role",
  rule: "AWS::ECR::PullThroughCacheRule",
  template: "AWS::ECR::RepositoryCreationTemplate",
} as const;
export type ResourceType = (typeof RESOURCE_TYPES)[keyof typeof RESOURCE_TYPES];

/**
 * Status of one resource in a report.
 * - IN_SYNC: matches the config. DRIFTED: differs, not fixed (detect/plan, or not allowed).
 * - MISSING: desired but absent, not created (detect/plan). REMEDIATED: was fixed this run.
 * - CONFLICT: exists but is not ours and `adopt` is off, or a replace is needed and `allowReplace` is off.
 * - STALE: ours but no longer wanted (old prefix or role name); removed in enforce mode (then DELETED).
 * - FAILED: an AWS call for it failed. DELETED: removed by teardown or as stale. RETAINED: teardown left it.
 */
export type ResourceStatus =
  | "IN_SYNC"
  | "DRIFTED"
  | "MISSING"
  | "REMEDIATED"
  | "CONFLICT"
  | "STALE"
  | "FAILED"
  | "DELETED"
  | "RETAINED";

/** Resource statuses that mean "not as the config wants it": drift, whether fixed this run or not. */
export const DRIFT_STATUSES: ReadonlySet<ResourceStatus> = new Set([
  "DRIFTED",
  "MISSING",
  "STALE",
  "CONFLICT",
]);

/**
 * Top-level report statuses (the Lambda's contract), in precedence order: where several apply, the first wins.
 * - FAILED: an AWS call failed or a resource conflicts. INVALID_CONFIG: the config does not validate.
 * - DELETED: a teardown removed what we own. RETAINED: a teardown left it: `retain`, or the custom resource's
 *   delete of a deployment that is not the last or was replaced (`message` says which). PAUSED: mode `paused`.
 * - DEGRADED: ECR says it cannot use Echo's registry through our rule (`upstream.valid` false, e.g. Echo's
 *   grant is missing): pulls fail. Whatever was found or fixed stays visible in the resources.
 * - REMEDIATED: something was fixed this run. DRIFTED: found not as configured, not fixed.
 * - IN_SYNC: everything as configured and the upstream usable (or not checked: no rule of ours yet).
 */
export const REPORT_STATUSES = [
  "FAILED",
  "INVALID_CONFIG",
  "DELETED",
  "RETAINED",
  "PAUSED",
  "DEGRADED",
  "REMEDIATED",
  "DRIFTED",
  "IN_SYNC",
] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** What a run was asked to do. */
export type RunAction = "plan" | "reconcile" | "remediate" | "delete" | "retain";

export interface ReportError {
  readonly resource?: string;
  /** The AWS operation that failed, e.g. `iam:CreateRole`. */
  readonly operation?: string;
  /** The error's class name, e.g. `AccessDeniedException`. */
  readonly name: string;
  readonly message: string;
  readonly retryable: boolean;
}

export interface ResourceReport {
  readonly type: ResourceType;
  readonly id: string;
  readonly status: ResourceStatus;
  readonly differences: readonly Difference[];
  /** Human-readable actions: planned (not applied) or applied, per `applied`. */
  readonly actions: readonly string[];
  readonly applied: boolean;
  readonly reason?: string;
}

/** The description of the pull-through cache rule, as Pulumi's `cacheRule` output. */
export interface CacheRuleOutput {
  readonly ecrRepositoryPrefix: string;
  readonly upstreamRegistryUrl: string;
  readonly upstreamRegistry: string;
  readonly upstreamRepositoryPrefix: string;
  readonly customRoleArn: string;
  readonly registryId: string;
}

export interface ReportOutputs {
  readonly roleArn: string;
  readonly cachePrefix: string;
  /** `<account>.dkr.ecr.<region>.amazonaws.com`: where users pull from. */
  readonly registryUrl: string;
  readonly upstreamRegistryUrl: string;
  readonly cacheRule: CacheRuleOutput;
}

export interface UpstreamHealth {
  readonly valid: boolean;
  readonly failure?: string;
}

export interface Report {
  readonly status: ReportStatus;
  readonly mode: string;
  readonly action: RunAction;
  readonly resources: readonly ResourceReport[];
  readonly outputs?: ReportOutputs;
  readonly upstream?: UpstreamHealth;
  readonly errors: readonly ReportError[];
  /**
   * Write calls this run sent to AWS, whether they succeeded or not: every attempt of the resources' actions
   * (a step retried while IAM propagates counts once per attempt; the SDK's own retries of a throttled call
   * do not) plus the ownership record's writes, listed in `recordActions`. 0 for a plan.
   */
  readonly writes: number;
  /**
   * The writes of the reconciler's ownership record (its own SSM parameter, not a resource of the config):
   * `ssm:PutParameter <name>` or, on teardown, `ssm:DeleteParameter <name>`. Absent when it was not written.
   */
  readonly recordActions?: readonly string[];
  /** A sentence for runs that did nothing on purpose (paused, superseded teardown) or are DEGRADED. */
  readonly message?: string;
}

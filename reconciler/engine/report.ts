import type { Config } from "../../common/config/schema";
import { sortKeys } from "../../common/json";
import { registryUrl } from "../../common/names";
import {
  DRIFT_STATUSES,
  type Report,
  type ReportError,
  type ReportOutputs,
  type ReportStatus,
  type ResourceReport,
  type RunAction,
  type UpstreamHealth,
} from "../../common/types";
import type { ItemOutcome } from "./apply";
import type { DesiredState } from "./desired";
import { reportDifference } from "./difference";
import type { RunContext } from "./types";

/** What Pulumi's outputs are made of; derived from the config, so a plan can show them too. */
export function outputsOf(desired: DesiredState, ctx: RunContext): ReportOutputs {
  return {
    roleArn: desired.role.arn,
    cachePrefix: desired.rule.ecrRepositoryPrefix,
    registryUrl: registryUrl(ctx.accountId, ctx.region),
    upstreamRegistryUrl: desired.rule.upstreamRegistryUrl,
    cacheRule: { ...desired.rule },
  };
}

/**
 * The top-level status, from the resources, errors and upstream health of a run (see `ReportStatus` for the
 * order). A broken upstream outranks a fix: the cache still does not work, and the fix shows in the resources.
 */
export function reportStatus(
  action: RunAction,
  resources: readonly ResourceReport[],
  errors: readonly ReportError[],
  upstream?: UpstreamHealth,
): ReportStatus {
  if (errors.length > 0) return "FAILED";
  if (action === "delete") return "DELETED";
  if (action === "retain") return "RETAINED";
  if (upstream?.valid === false) return "DEGRADED";
  if (resources.some((r) => r.applied)) return "REMEDIATED";
  if (resources.some((r) => DRIFT_STATUSES.has(r.status))) return "DRIFTED";
  return "IN_SYNC";
}

export interface ReportParts {
  readonly action: RunAction;
  readonly mode: Config["mode"] | "unknown";
  readonly resources: readonly ResourceReport[];
  readonly errors: readonly ReportError[];
  readonly writes: number;
  /** The record's writes (`ssm:PutParameter <name>`), counted in `writes`. */
  readonly recordActions?: readonly string[];
  readonly outputs?: ReportOutputs;
  readonly upstream?: UpstreamHealth;
  readonly status?: ReportStatus;
  readonly message?: string;
}

/** The sentence a DEGRADED report carries: what is broken, and that pulls fail until it is fixed. */
export function degradedMessage(upstream: UpstreamHealth): string {
  const reason = (upstream.failure ?? "no reason given").replace(/\.$/, "");
  return `ECR cannot use Echo's registry through this cache (${reason}): pulls fail until Echo's registry policy grants this account`;
}

/** Assembles a report: resources by type then id, errors by resource then operation, keys sorted. */
export function buildReport(parts: ReportParts): Report {
  const resources = [...parts.resources].sort((a, b) =>
    a.type === b.type ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.type < b.type ? -1 : 1,
  );
  const errors = [...parts.errors].sort((a, b) => {
    const ka = `${a.resource ?? ""}\u0000${a.operation ?? ""}\u0000${a.message}`;
    const kb = `${b.resource ?? ""}\u0000${b.operation ?? ""}\u0000${b.message}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  const status = parts.status ?? reportStatus(parts.action, resources, errors, parts.upstream);
  const message =
    parts.message ?? (status === "DEGRADED" && parts.upstream ? degradedMessage(parts.upstream) : undefined);
  return sortKeys({
    status,
    mode: parts.mode,
    action: parts.action,
    resources,
    errors,
    writes: parts.writes,
    ...(parts.recordActions && parts.recordActions.length > 0 ? { recordActions: parts.recordActions } : {}),
    ...(parts.outputs ? { outputs: parts.outputs } : {}),
    ...(parts.upstream ? { upstream: parts.upstream } : {}),
    ...(message ? { message } : {}),
  });
}

/** The report entry of one resource; actions list the calls, planned or sent. */
export function toResourceReport(o: ItemOutcome): ResourceReport {
  const p = o.planned;
  return {
    type: p.item.adapter.type,
    id: p.item.id,
    status: o.status,
    differences: p.differences.map(reportDifference),
    actions: p.steps.map((s) => `${s.operation} ${s.target}`),
    applied: o.applied,
    ...(o.reason ? { reason: o.reason } : {}),
  };
}

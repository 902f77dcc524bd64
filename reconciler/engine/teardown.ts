import type { Report } from "../../common/types";
import { applyPlan } from "./apply";
import { applyOptionsOf, type EngineDeps, type RunRequest, storeOf } from "./deps";
import { desiredState } from "./desired";
import { toReportError } from "./errors";
import { parse, readDocuments } from "./load";
import { adaptersFor, observe, targetsOf } from "./observe";
import { ownedItems } from "./ownership";
import { planItems } from "./plan";
import { buildReport, toResourceReport } from "./report";
import { resolveRunPolicy } from "./runPolicy";
import { NO_STORE_WRITE, type StoredDocuments } from "./store";

/** Under a Pulumi replacement: the record names a newer deployment than the one asking to tear down. */
function supersededBy(docs: StoredDocuments, request: RunRequest): string | undefined {
  const current = docs.record.deploymentId;
  return request.deploymentId !== undefined && current !== undefined && current !== request.deploymentId
    ? current
    : undefined;
}

/**
 * Removes everything this reconciler owns (rules first, then roles with their policies, then the record),
 * or with `retain` reports it and leaves it. Needs no valid config: the record lists what to remove.
 *
 * Under a Pulumi replacement the new custom resource's create runs before the old one's delete; the record
 * names the deployment that applied last, so a delete from an older deployment changes nothing.
 */
export async function teardown(deps: EngineDeps, request: RunRequest): Promise<Report> {
  const { action } = request;
  const store = storeOf(deps);
  const docs = await readDocuments(store, action);
  if ("status" in docs) return docs;
  const parsed = parse(docs, deps);
  const config = "config" in parsed ? parsed.config : undefined;
  const mode = config?.mode ?? "unknown";
  const newer = supersededBy(docs, request);
  if (newer !== undefined) {
    const message = `deployment ${newer} replaced ${request.deploymentId}: nothing removed`;
    return buildReport({ action, mode, resources: [], errors: [], writes: 0, message });
  }
  const policy = resolveRunPolicy({
    action,
    ...(config ? { mode: config.mode } : {}),
    ...(request.deploy !== undefined ? { deploy: request.deploy } : {}),
  });
  const desired = config ? desiredState(config, deps.context) : undefined;
  const adapters = adaptersFor(deps.clients, desired?.role.inlinePolicyName);
  const targets = targetsOf(desired, docs.record);
  const observed = await observe(adapters, targets);
  const items = ownedItems({
    adapters,
    targets,
    observed,
    record: docs.record,
    ownerId: deps.context.ownerId,
  });
  const plan = planItems(items, policy);
  const result = await applyPlan(plan, policy.apply, applyOptionsOf(deps));
  const resources = result.outcomes
    .filter((o) => o.planned.decision !== "absent" || o.error)
    .map((o) =>
      toResourceReport(o.status === "STALE" && action === "retain" ? { ...o, status: "RETAINED" } : o),
    );
  const errors = result.outcomes.flatMap((o) => (o.error ? [o.error, ...(o.otherErrors ?? [])] : []));
  // The record goes last: everything it listed is gone.
  const removed =
    policy.apply && errors.length === 0 && docs.recordExists ? await store.remove() : NO_STORE_WRITE;
  if (removed.error !== undefined) errors.push(toReportError(removed.error));
  const recordActions = removed.actions;
  return buildReport({
    action,
    mode,
    resources,
    errors,
    writes: result.writes + recordActions.length,
    recordActions,
  });
}

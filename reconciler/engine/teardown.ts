import type { Mode } from "../../common/config/schema";
import type { Report, ReportError } from "../../common/types";
import { applyPlan, sendsAnything } from "./apply";
import { type DeleteVerdict, deleteVerdict, withoutDeployment } from "./deployment";
import { applyOptionsOf, type EngineDeps, leaseRunOf, type RunRequest, storeOf } from "./deps";
import { desiredState } from "./desired";
import { toReportError } from "./errors";
import { underLease } from "./lease";
import { parse, readDocuments } from "./load";
import { adaptersFor, observe, targetsOf } from "./observe";
import { ownedItems } from "./ownership";
import { type PlannedItem, planItems } from "./plan";
import { buildReport, toResourceReport } from "./report";
import { type RunPolicy, resolveRunPolicy } from "./runPolicy";
import { type DocumentStore, NO_STORE_WRITE, type StoredDocuments } from "./store";

/** Said by the delete that is not the last: why nothing was removed, and what to do if it was the last after all. */
export function anotherInstanceMessage(deploymentId: string | undefined): string {
  return (
    `another custom resource of deployment ${deploymentId} remains (a replacement): nothing removed. ` +
    "If this was pulumi destroy, the record counted one that Pulumi no longer holds (a create it ran again, an " +
    "Invocation dropped with pulumi state delete): the role, the rule and this record stay (they cost nothing); " +
    'remove them as README "Lifecycle" says'
  );
}

/**
 * The delete of a custom resource that is not the last of the deployment in charge (engine/deployment.ts):
 * nothing is removed, whatever the mode, and the report says so (`RETAINED`, with the reason in `message`);
 * the other instance's is counted out of the record.
 */
async function notTheLast(
  store: DocumentStore,
  docs: StoredDocuments,
  request: RunRequest,
  mode: Mode | "unknown",
  verdict: Exclude<DeleteVerdict, { kind: "teardown" }>,
): Promise<Report> {
  const { action } = request;
  if (verdict.kind === "superseded") {
    const message = `deployment ${verdict.by} replaced ${request.deploymentId}: nothing removed`;
    return buildReport({ action, mode, status: "RETAINED", resources: [], errors: [], writes: 0, message });
  }
  const { actions, error } = await store.write({ ...docs.record, ...verdict.remaining });
  return buildReport({
    action,
    mode,
    ...(error === undefined ? { status: "RETAINED" as const } : {}),
    resources: [],
    errors: error === undefined ? [] : [toReportError(error)],
    writes: actions.length,
    recordActions: actions,
    message: anotherInstanceMessage(request.deploymentId),
  });
}

/**
 * Removes everything this reconciler owns (rules first, then roles with their policies, then the record),
 * or with `retain` reports it and leaves it, ending only the deployment (its record entry). Needs no valid
 * config: the record lists what to remove.
 *
 * Under a Pulumi replacement the new custom resource's create runs before the old one's delete; the record
 * names the deployment in charge and counts its custom resources, so the delete of an older deployment or of
 * one that is not the last changes nothing (engine/deployment.ts).
 */
export async function teardown(deps: EngineDeps, request: RunRequest): Promise<Report> {
  const store = storeOf(deps);
  const first = await prepareTeardown(store, deps, request);
  if ("report" in first) return first.report;
  const changes = first.policy.apply
    ? sendsAnything(first.plan) || first.docs.recordExists
    : endsDeployment(first);
  if (!changes || store.lease === undefined)
    return (await finishTeardown(store, deps, request, first)).report;
  const failed = (error: ReportError) =>
    buildReport({ action: request.action, mode: first.mode, resources: [], errors: [error], writes: 0 });
  return underLease(leaseRunOf(deps, store.lease), failed, async () => {
    const again = await prepareTeardown(store, deps, request);
    return "report" in again ? again : finishTeardown(store, deps, request, again);
  });
}

interface PreparedTeardown {
  readonly docs: StoredDocuments;
  readonly mode: Mode | "unknown";
  readonly policy: RunPolicy;
  readonly plan: PlannedItem[];
}

/** Reads, checks the deployment asking is the one in charge, observes everything of ours and plans its removal. */
async function prepareTeardown(
  store: DocumentStore,
  deps: EngineDeps,
  request: RunRequest,
): Promise<PreparedTeardown | { report: Report }> {
  const { action } = request;
  const docs = await readDocuments(store, action);
  if ("status" in docs) return { report: docs };
  const parsed = parse(docs, deps);
  const config = "config" in parsed ? parsed.config : undefined;
  const mode = config?.mode ?? "unknown";
  const verdict = deleteVerdict(docs.record, request);
  if (verdict.kind !== "teardown") return { report: await notTheLast(store, docs, request, mode, verdict) };
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
    trustOlderRecord: policy.trustOlderRecord,
  });
  return { docs, mode, policy, plan: planItems(items, policy) };
}

/** A retaining teardown still ends the deployment: the record's entry naming it goes (engine/deployment.ts). */
const endsDeployment = ({ policy, docs }: Pick<PreparedTeardown, "policy" | "docs">) =>
  policy.teardown && !policy.apply && docs.record.deploymentId !== undefined;

/**
 * Removes what the plan says, then the record: everything it listed is gone. Retaining, reports it and drops
 * only the deployment's entry.
 */
async function finishTeardown(
  store: DocumentStore,
  deps: EngineDeps,
  request: RunRequest,
  { docs, mode, policy, plan }: PreparedTeardown,
): Promise<{ report: Report; removedRecord: boolean }> {
  const { action } = request;
  const result = await applyPlan(plan, policy.apply, applyOptionsOf(deps));
  const resources = result.outcomes
    .filter((o) => o.planned.decision !== "absent" || o.error)
    .map((o) =>
      toResourceReport(o.status === "STALE" && action === "retain" ? { ...o, status: "RETAINED" } : o),
    );
  const errors = result.outcomes.flatMap((o) => (o.error ? [o.error, ...(o.otherErrors ?? [])] : []));
  const removing = policy.apply && errors.length === 0 && docs.recordExists;
  const ending = endsDeployment({ docs, policy });
  const removed = removing
    ? await store.remove()
    : ending
      ? await store.write(withoutDeployment(docs.record))
      : NO_STORE_WRITE;
  if (removed.error !== undefined) errors.push(toReportError(removed.error));
  const recordActions = removed.actions;
  const writes = result.writes + recordActions.length;
  const report = buildReport({ action, mode, resources, errors, writes, recordActions });
  return { report, removedRecord: removing && removed.error === undefined };
}

import type { Report, ReportError, ReportOutputs } from "../../common/types";
import type { ApplyResult } from "./apply";
import { deploymentAfterApply, deploymentOf } from "./deployment";
import type { RunRequest } from "./deps";
import { toReportError } from "./errors";
import type { PlannedItem } from "./plan";
import { intentRecord, type OwnershipRecord, recordAfterRun, sameRecord } from "./record";
import { buildReport } from "./report";
import type { RunPolicy } from "./runPolicy";
import type { DocumentStore, StoredDocuments } from "./store";

/**
 * The run's writes of its own record: intent before anything is created, the outcome after, and the paused
 * run's naming of a deployment. Each write sends only the entries that changed (engine/store.ts).
 */

/** A record write: the calls sent (none for a record in memory) and the failure, if any, as report errors. */
export interface RecordWrite {
  readonly actions: readonly string[];
  readonly errors: ReportError[];
}

export const NO_WRITE: RecordWrite = { actions: [], errors: [] };

/** Writes the record: only the entries that changed. */
async function writeRecord(store: DocumentStore, record: OwnershipRecord): Promise<RecordWrite> {
  const { actions, error } = await store.write(record);
  return { actions, errors: error === undefined ? [] : [toReportError(error)] };
}

/**
 * The paused report. A deploy while paused still becomes the deployment in charge (and counts its instance),
 * or an older deployment's delete (Pulumi runs it after the new create) would remove everything.
 */
export async function paused(
  store: DocumentStore,
  docs: StoredDocuments,
  request: RunRequest,
  outputs: ReportOutputs,
): Promise<Report> {
  const named = { ...docs.record, ...deploymentAfterApply(docs.record, request) };
  const write = sameRecord(named, docs.record) ? NO_WRITE : await writeRecord(store, named);
  return buildReport({
    action: request.action,
    mode: "paused",
    ...(write.errors.length === 0 ? { status: "PAUSED" as const } : {}),
    resources: [],
    errors: write.errors,
    writes: write.actions.length,
    recordActions: write.actions,
    outputs,
    message: "mode is paused: nothing was observed or changed",
  });
}

/**
 * Records intent before creating anything, so a crash between create and record cannot orphan a resource.
 * Returns the record in force, or the FAILED report when it could not be written (then nothing is applied).
 */
export async function writeIntent(
  store: DocumentStore,
  docs: StoredDocuments,
  plan: readonly PlannedItem[],
  policy: RunPolicy,
  now: Date,
): Promise<{ record: OwnershipRecord; write: RecordWrite }> {
  const before = intentRecord(docs.record, plan, now.toISOString());
  const needsWork = plan.some((p) => p.steps.length > 0);
  const unchanged = sameRecord(before, docs.record) && (docs.recordExists || !needsWork);
  if (!policy.apply || (unchanged && docs.fromOlderRecord !== true))
    return { record: before, write: NO_WRITE };
  return { record: before, write: await writeRecord(store, before) };
}

/**
 * The record after the run, written when it changed. The deployment that applied last is named (and its
 * instance counted) only once it did apply: a failed create leaves the older deployment's delete in charge
 * (Pulumi keeps the old resource when the new one fails, and stores no new one).
 */
export async function recordOutcome(
  store: DocumentStore,
  before: OwnershipRecord,
  plan: readonly PlannedItem[],
  result: ApplyResult,
  request: RunRequest,
  failedRun: boolean,
): Promise<RecordWrite> {
  const deployment = failedRun ? deploymentOf(before) : deploymentAfterApply(before, request);
  const after = recordAfterRun(before, plan, result.outcomes, deployment);
  if (sameRecord(after, before)) return NO_WRITE;
  return writeRecord(store, after);
}

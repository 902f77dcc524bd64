import type { Report, ReportError, ReportOutputs, ResourceReport, UpstreamHealth } from "../../common/types";
import type { RoleActual } from "../resources/role/types";
import type { RuleAdapter } from "../resources/rule/adapter";
import { type ApplyResult, applyPlan } from "./apply";
import { applyOptionsOf, type EngineDeps, type RunRequest, storeOf } from "./deps";
import { type DesiredState, desiredState } from "./desired";
import { OwnershipConflictError, toReportError } from "./errors";
import { keepLiveRulesWorking } from "./liveRules";
import { load } from "./load";
import { adaptersFor, observe, targetsOf } from "./observe";
import { ownedItems } from "./ownership";
import { type Item, type PlannedItem, planItems } from "./plan";
import { mayStillPropagate } from "./propagation";
import { intentRecord, type OwnershipRecord, recordAfterRun, sameRecord } from "./record";
import { buildReport, outputsOf, toResourceReport } from "./report";
import { type RunPolicy, resolveRunPolicy } from "./runPolicy";
import type { DocumentStore, StoredDocuments } from "./store";
import { failed, type Settled, settle } from "./types";

export type { EngineDeps, RunRequest } from "./deps";

/**
 * The paused report. A deploy while paused still becomes the deployment in charge, or an older deployment's
 * delete (Pulumi runs it after the new create) would remove everything.
 */
async function paused(
  store: DocumentStore,
  docs: StoredDocuments,
  request: RunRequest,
  outputs: ReportOutputs,
): Promise<Report> {
  const wanted = request.deploymentId !== undefined && request.deploymentId !== docs.record.deploymentId;
  const write = wanted
    ? await writeRecord(store, { ...docs.record, deploymentId: request.deploymentId })
    : NO_WRITE;
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

/** A record write: the calls sent (none for a record in memory) and the failure, if any, as report errors. */
interface RecordWrite {
  readonly actions: readonly string[];
  readonly errors: ReportError[];
}

const NO_WRITE: RecordWrite = { actions: [], errors: [] };

/** Writes the record: only the entries that changed. */
async function writeRecord(store: DocumentStore, record: OwnershipRecord): Promise<RecordWrite> {
  const { actions, error } = await store.write(record);
  return { actions, errors: error === undefined ? [] : [toReportError(error)] };
}

interface Observation {
  readonly items: Item[];
  readonly health: Settled<UpstreamHealth | undefined>;
  readonly rules: RuleAdapter;
}

/**
 * Observes everything the config wants and the record lists, and decides whose each thing is.
 * ValidatePullThroughCacheRule runs beside the reads (ECR API calls cost nothing; the critical path stays two
 * round trips).
 */
async function observeAll(
  deps: EngineDeps,
  desired: DesiredState | undefined,
  record: OwnershipRecord,
  policy: Pick<RunPolicy, "trustOlderRecord">,
) {
  const adapters = adaptersFor(deps.clients, desired?.role.inlinePolicyName);
  const targets = targetsOf(desired, record);
  const [observed, health] = await Promise.all([
    observe(adapters, targets),
    desired ? settle(adapters.rule.validate(desired.rule.ecrRepositoryPrefix)) : undefined,
  ]);
  const items = ownedItems({
    adapters,
    targets,
    observed,
    record,
    ownerId: deps.context.ownerId,
    trustOlderRecord: policy.trustOlderRecord,
    ...(desired ? { desired } : {}),
  });
  return { items, health, rules: adapters.rule };
}

/** Whether a role we want was created within the propagation window (by an earlier, interrupted run). */
function roleIsNew(items: readonly Item[], now: Date): boolean {
  return items.some((i) => {
    const o = i.observation;
    if (i.desired === undefined || failed(o) || !o.exists) return false;
    return mayStillPropagate((o.actual as Partial<RoleActual>).createDate, now);
  });
}

/**
 * Records intent before creating anything, so a crash between create and record cannot orphan a resource.
 * Returns the record in force, or the FAILED report when it could not be written (then nothing is applied).
 */
async function writeIntent(
  store: DocumentStore,
  docs: StoredDocuments,
  plan: readonly PlannedItem[],
  request: RunRequest,
  policy: RunPolicy,
  now: Date,
): Promise<{ record: OwnershipRecord; write: RecordWrite }> {
  const before = intentRecord(docs.record, plan, request.deploymentId, now.toISOString());
  const needsWork = plan.some((p) => p.steps.length > 0);
  const unchanged = sameRecord(before, docs.record) && (docs.recordExists || !needsWork);
  if (!policy.apply || (unchanged && docs.fromOlderRecord !== true))
    return { record: before, write: NO_WRITE };
  return { record: before, write: await writeRecord(store, before) };
}

function conflictErrors(resources: readonly ResourceReport[]): ReportError[] {
  return resources
    .filter((r) => r.status === "CONFLICT")
    .map((r) =>
      toReportError(new OwnershipConflictError(`${r.type} ${r.id} ${r.reason ?? "conflicts"}`), r.id),
    );
}

/** The resources and errors the report shows: absent things are left out, conflicts are errors too. */
function results(result: ApplyResult): { resources: ResourceReport[]; errors: ReportError[] } {
  const resources = result.outcomes
    .filter((o) => !(o.planned.decision === "absent" && !o.error))
    .map(toResourceReport);
  const errors = [
    ...result.outcomes.flatMap((o) => (o.error ? [o.error] : [])),
    ...conflictErrors(resources),
  ];
  return { resources, errors };
}

/**
 * The record after the run, written when it changed. The deployment that applied last is named only once it
 * did apply: a failed create leaves the older deployment's delete in charge (Pulumi keeps the old resource
 * when the new one fails).
 */
async function recordOutcome(
  store: DocumentStore,
  before: OwnershipRecord,
  plan: readonly PlannedItem[],
  result: ApplyResult,
  request: RunRequest,
  failedRun: boolean,
): Promise<RecordWrite> {
  const deploymentId =
    !failedRun && request.deploymentId !== undefined ? request.deploymentId : before.deploymentId;
  const after = recordAfterRun(before, plan, result.outcomes, deploymentId);
  if (sameRecord(after, before)) return NO_WRITE;
  return writeRecord(store, after);
}

/**
 * Upstream health, ours to report only for our rule: a conflicting or failed rule's health says nothing about
 * this cache. Asked again after a run that changed something, so the report shows the health now.
 */
async function healthAfter(
  o: Observation,
  result: ApplyResult,
  prefix: string,
  writes: number,
): Promise<{ upstream?: UpstreamHealth; errors: ReportError[] }> {
  const rule = result.outcomes.find((x) => x.planned.item.adapter === o.rules && x.planned.item.desired);
  if (!rule || rule.status === "CONFLICT" || rule.status === "FAILED") return { errors: [] };
  const health = writes > 0 ? await settle(o.rules.validate(prefix)) : o.health;
  if (health !== undefined && failed(health)) return { errors: [toReportError(health.error, prefix)] };
  return health ? { upstream: health, errors: [] } : { errors: [] };
}

/**
 * One run, as a pipeline: load, resolve the run policy, observe (and decide ownership), plan, write intent,
 * apply, record, report.
 *
 * @example
 * const report = await reconcile(deps, { action: "plan" }); // never writes
 */
export async function reconcile(deps: EngineDeps, request: RunRequest): Promise<Report> {
  const store = storeOf(deps);
  const loaded = await load(store, deps, request.action);
  if ("report" in loaded) return loaded.report;
  const { docs, config } = loaded;
  const policy = resolveRunPolicy({
    action: request.action,
    mode: config.mode,
    ...(request.enforce !== undefined ? { enforce: request.enforce } : {}),
    adopt: config.adopt,
    allowAdopt: deps.allowAdopt !== false,
    allowReplace: config.allowReplace,
    ...(request.deploy !== undefined ? { deploy: request.deploy } : {}),
  });
  const desired = desiredState(config, deps.context);
  const outputs = outputsOf(desired, deps.context);
  if (policy.paused) return paused(store, docs, request, outputs);
  const observation = await observeAll(deps, desired, docs.record, policy);
  const items = keepLiveRulesWorking(observation.items, policy, deps.context.partition);
  const plan = planItems(items, policy);
  const report = { action: request.action, mode: config.mode, outputs };
  const now = deps.now?.() ?? new Date();
  const intent = await writeIntent(store, docs, plan, request, policy, now);
  if (intent.write.errors.length > 0) {
    const resources = plan.map((p) => toResourceReport({ planned: p, applied: false, status: "FAILED" }));
    const { actions, errors } = intent.write;
    return buildReport({ ...report, resources, errors, writes: actions.length, recordActions: actions });
  }
  const result = await applyPlan(plan, policy.apply, applyOptionsOf(deps, roleIsNew(items, now)));
  const { resources, errors } = results(result);
  const recorded = policy.apply
    ? await recordOutcome(store, intent.record, plan, result, request, errors.length > 0)
    : NO_WRITE;
  // A record write changes nothing ECR looks at: only resource writes call for a second health check.
  const health = await healthAfter(observation, result, desired.rule.ecrRepositoryPrefix, result.writes);
  errors.push(...recorded.errors, ...health.errors);
  const recordActions = [...intent.write.actions, ...recorded.actions];
  return buildReport({
    ...report,
    resources,
    errors,
    writes: result.writes + recordActions.length,
    recordActions,
    ...(health.upstream ? { upstream: health.upstream } : {}),
  });
}

import type { Config } from "../../common/config/schema";
import type { Report, ReportError, ReportOutputs, ResourceReport, UpstreamHealth } from "../../common/types";
import type { RoleActual } from "../resources/role/types";
import type { RuleAdapter } from "../resources/rule/adapter";
import { type ApplyResult, applyPlan, sendsAnything } from "./apply";
import { applyOptionsOf, type EngineDeps, leaseRunOf, type RunRequest, storeOf } from "./deps";
import { type DesiredState, desiredState } from "./desired";
import { OwnershipConflictError, toReportError } from "./errors";
import { underLease } from "./lease";
import { keepLiveRulesWorking } from "./liveRules";
import { load } from "./load";
import { adaptersFor, observe, targetsOf } from "./observe";
import { ownedItems } from "./ownership";
import { type Item, type PlannedItem, planItems } from "./plan";
import { mayStillPropagate } from "./propagation";
import type { OwnershipRecord } from "./record";
import { NO_WRITE, paused, recordOutcome, writeIntent } from "./recordWrites";
import { buildReport, outputsOf, toResourceReport } from "./report";
import { type RunPolicy, resolveRunPolicy } from "./runPolicy";
import type { DocumentStore, StoredDocuments } from "./store";
import { failed, type Settled, settle } from "./types";

export type { EngineDeps, RunRequest } from "./deps";

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
  const adapters = adaptersFor(
    deps.clients,
    desired?.role.inlinePolicyName,
    desired?.templateRole?.inlinePolicyName,
  );
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

/** A run observed and planned, not yet written: what `finish` needs. */
interface Prepared {
  readonly docs: StoredDocuments;
  readonly config: Config;
  readonly policy: RunPolicy;
  readonly desired: DesiredState;
  readonly outputs: ReportOutputs;
  readonly observation: Observation;
  readonly items: Item[];
  readonly plan: PlannedItem[];
}

/** Load, resolve the run policy, observe (and decide ownership), plan: everything before the first write. */
async function prepare(
  store: DocumentStore,
  deps: EngineDeps,
  request: RunRequest,
): Promise<Prepared | { report: Report }> {
  const loaded = await load(store, deps, request.action);
  if ("report" in loaded) return loaded;
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
  if (policy.paused) return { report: await paused(store, docs, request, outputs) };
  const observation = await observeAll(deps, desired, docs.record, policy);
  const items = keepLiveRulesWorking(observation.items, policy, deps.context.partition);
  return { docs, config, policy, desired, outputs, observation, items, plan: planItems(items, policy) };
}

/** Write intent, apply, record, report. */
async function finish(
  store: DocumentStore,
  deps: EngineDeps,
  request: RunRequest,
  p: Prepared,
): Promise<Report> {
  const { docs, policy, plan, observation } = p;
  const report = { action: request.action, mode: p.config.mode, outputs: p.outputs };
  const now = deps.now?.() ?? new Date();
  const intent = await writeIntent(store, docs, plan, policy, now);
  if (intent.write.errors.length > 0) {
    const resources = plan.map((x) => toResourceReport({ planned: x, applied: false, status: "FAILED" }));
    const { actions, errors } = intent.write;
    return buildReport({ ...report, resources, errors, writes: actions.length, recordActions: actions });
  }
  const result = await applyPlan(plan, policy.apply, applyOptionsOf(deps, roleIsNew(p.items, now)));
  const { resources, errors } = results(result);
  const recorded = policy.apply
    ? await recordOutcome(store, intent.record, plan, result, request, errors.length > 0)
    : NO_WRITE;
  // A record write changes nothing ECR looks at: only resource writes call for a second health check.
  const health = await healthAfter(observation, result, p.desired.rule.ecrRepositoryPrefix, result.writes);
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

/**
 * One run, as a pipeline: load, resolve the run policy, observe (and decide ownership), plan, take the lease
 * if it is to change anything (then observe and plan again), write intent, apply, record, report.
 *
 * @example
 * const report = await reconcile(deps, { action: "plan" }); // never writes
 */
export async function reconcile(deps: EngineDeps, request: RunRequest): Promise<Report> {
  const store = storeOf(deps);
  const first = await prepare(store, deps, request);
  if ("report" in first) return first.report;
  const changes = first.policy.apply && sendsAnything(first.plan);
  if (!changes || store.lease === undefined) return finish(store, deps, request, first);
  // About to change AWS: under the lease, observed and planned again (another run may have changed things).
  const failed = (error: ReportError) =>
    buildReport({
      action: request.action,
      mode: first.config.mode,
      resources: [],
      errors: [error],
      writes: 0,
    });
  return underLease(leaseRunOf(deps, store.lease), failed, async () => {
    const again = await prepare(store, deps, request);
    return { report: "report" in again ? again.report : await finish(store, deps, request, again) };
  });
}

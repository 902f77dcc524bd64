import type { ReportError, ResourceStatus } from "../../common/types";
import { KIND_LABELS, type KindName, type Step, type StepResult } from "./adapter";
import { isAccessDenied, isPropagationError, toReportError } from "./errors";
import type { PlannedItem } from "./plan";
import {
  AFTER_PERMISSION_WAIT_MS,
  PERMISSION_DELAYS_MS,
  PROPAGATION_DELAYS_MS,
  SAFETY_MARGIN_MS,
} from "./propagation";

export interface ApplyOptions {
  /** Waits between attempts of a step that awaits IAM propagation. Injected so tests need no real time. */
  readonly sleep: (ms: number) => Promise<void>;
  /** Milliseconds left before the Lambda's deadline. */
  readonly remainingMs: () => number;
  /** Backoff before each retry of a step awaiting propagation; their sum bounds the wait (~2 min). */
  readonly propagationDelaysMs?: readonly number[];
  /** A role was created or changed shortly before this run (e.g. by a run that timed out): it may still propagate. */
  readonly recentlyPropagated?: boolean;
  /**
   * The run's own permissions may have changed seconds ago (a deploy: Pulumi updated the execution role's
   * policy, then invoked): a step IAM denies is retried with the permission backoff (engine/propagation.ts).
   */
  readonly youngPermissions?: boolean;
}

export interface ItemOutcome {
  readonly planned: PlannedItem;
  readonly applied: boolean;
  readonly status: ResourceStatus;
  readonly reason?: string;
  /** The first failure; `otherErrors` holds those of independent steps sent after it. */
  readonly error?: ReportError;
  readonly otherErrors?: readonly ReportError[];
  /** Steps that succeeded before a failure: a partly applied create (a role without its policy) exists. */
  readonly partly?: boolean;
  /** What the steps sent learnt (a created rule's `createdAt`). */
  readonly learnt?: StepResult;
}

export interface ApplyResult {
  readonly outcomes: ItemOutcome[];
  readonly writes: number;
}

/** What one apply has learnt so far: writes sent, kinds that failed, whether a role change may be propagating. */
interface Progress {
  writes: number;
  propagated: boolean;
  /** Waits for the run's own permissions so far: one budget for the whole apply (about a minute). */
  permissionWaits: number;
  readonly failed: Set<KindName>;
  /**
   * Kinds whose leftovers stay, because a leftover that needs them is still there (its removal failed, or it
   * could not be read): a template that is not removed still names its role.
   */
  readonly kept: Set<KindName>;
}

const blocks = (p: PlannedItem) => p.error !== undefined || p.decision === "conflict";

/** The kinds leftovers the plan cannot remove (an unreadable one) need: theirs stay too. */
function keptByPlan(plan: readonly PlannedItem[]): Set<KindName> {
  return new Set(
    plan.filter((p) => p.item.desired === undefined && blocks(p)).flatMap((p) => p.item.adapter.dependsOn),
  );
}

/**
 * Whether applying the plan would send any call, by the same rules `applyPlan` follows (a kind that waits for
 * a blocked one sends nothing; leftovers wait for every wanted resource). Pure: a run that would send
 * nothing needs no lease.
 */
export function sendsAnything(plan: readonly PlannedItem[]): boolean {
  const wanted = plan.filter((p) => p.item.desired !== undefined);
  const blocked = new Set(wanted.filter(blocks).map((p) => p.item.adapter.kind));
  const sends = (p: PlannedItem) => p.steps.length > 0 && !blocks(p);
  if (wanted.some((p) => sends(p) && !p.item.adapter.dependsOn.some((t) => blocked.has(t)))) return true;
  const kept = keptByPlan(plan);
  return (
    blocked.size === 0 &&
    plan.some((p) => p.item.desired === undefined && sends(p) && !kept.has(p.item.adapter.kind))
  );
}

/** What sending one item's steps did. */
interface Sent {
  readonly errors: ReportError[];
  /** Steps that succeeded. */
  readonly done: number;
  readonly learnt: StepResult;
}

/**
 * Sends one item's steps in order. A failed step stops the steps that need it: every later step, unless the
 * later step is `independent` and only independent steps failed before it.
 */
async function runSteps(p: PlannedItem, progress: Progress, options: ApplyOptions): Promise<Sent> {
  const sent: Sent = { errors: [], done: 0, learnt: {} };
  let stopped = false;
  for (const step of p.steps) {
    if (stopped || (sent.errors.length > 0 && !step.independent)) break;
    const r = await sendStep(p, step, progress, options);
    if ("error" in r) {
      sent.errors.push(r.error);
      stopped = !step.independent;
      continue;
    }
    (sent as { done: number }).done++;
    Object.assign(sent.learnt, r.result);
    if (step.propagates) progress.propagated = true;
  }
  return sent;
}

/**
 * Sends one step, retried with bounded backoff within the deadline: a step that waits for IAM propagation on
 * ECR's propagation errors, but only after a role change this run (or a recent one); any step, while the run's
 * permissions are young, on IAM's denial of the caller (a denied call did nothing: sending it again is safe).
 */
async function sendStep(
  p: PlannedItem,
  step: Step,
  progress: Progress,
  options: ApplyOptions,
): Promise<{ result?: StepResult } | { error: ReportError }> {
  // Propagation waits of this step, counted apart from the run's permission waits (which have their own budget).
  const waits = { propagation: 0 };
  for (;;) {
    try {
      progress.writes++;
      return { result: (await p.item.adapter.execute(step)) ?? {} };
    } catch (e) {
      const delay = retryDelay(step, e, waits, progress, options);
      if (delay === undefined) return { error: toReportError(e, p.item.id) };
      await options.sleep(delay);
    }
  }
}

/** How long to wait before sending a failed step again, or undefined to give up. */
function retryDelay(
  step: Step,
  e: unknown,
  waits: { propagation: number },
  progress: Progress,
  options: ApplyOptions,
): number | undefined {
  const cause = (e as Error).cause ?? e;
  const awaited = step.awaitsPropagation === true && progress.propagated && isPropagationError(cause);
  if (awaited) {
    const delay = (options.propagationDelaysMs ?? PROPAGATION_DELAYS_MS)[waits.propagation];
    if (delay === undefined || options.remainingMs() <= delay + SAFETY_MARGIN_MS) return undefined;
    waits.propagation++;
    return delay;
  }
  if (options.youngPermissions !== true || !isAccessDenied(cause)) return undefined;
  // Keeps the time the rule's propagation retries and the report need after (as the first read does).
  const delay = PERMISSION_DELAYS_MS[progress.permissionWaits];
  if (delay === undefined || options.remainingMs() < delay + AFTER_PERMISSION_WAIT_MS) return undefined;
  progress.permissionWaits++;
  return delay;
}

async function sent(p: PlannedItem, progress: Progress, options: ApplyOptions): Promise<ItemOutcome> {
  const { errors, done, learnt } = await runSteps(p, progress, options);
  const knows = Object.keys(learnt).length > 0 ? { learnt } : {};
  const [error, ...otherErrors] = errors;
  if (!error) return { ...outcome(p, true), ...knows };
  return {
    planned: p,
    applied: false,
    status: "FAILED",
    error,
    ...(otherErrors.length > 0 ? { otherErrors } : {}),
    ...(done > 0 ? { partly: true } : {}),
    ...knows,
  };
}

/** A wanted item: skipped when it has nothing to do, must not act, or waits for a kind that failed. */
async function applyWanted(
  p: PlannedItem,
  apply: boolean,
  progress: Progress,
  options: ApplyOptions,
): Promise<ItemOutcome> {
  if (blocks(p)) progress.failed.add(p.item.adapter.kind);
  if (p.steps.length === 0 || blocks(p) || !apply) return outcome(p, false);
  if (p.item.adapter.dependsOn.some((t) => progress.failed.has(t))) {
    const kinds = p.item.adapter.dependsOn.map((k) => KIND_LABELS[k]);
    return { ...outcome(p, false), reason: `waits for ${kinds.join(", ")}` };
  }
  const o = await sent(p, progress, options);
  if (o.error) progress.failed.add(p.item.adapter.kind);
  return o;
}

/**
 * An item no longer wanted: removed only once every wanted one is in place, and once the leftovers that need
 * it are gone (removals run highest order first: a template before its role, a rule before its role).
 */
async function applyUnwanted(
  p: PlannedItem,
  apply: boolean,
  progress: Progress,
  options: ApplyOptions,
): Promise<ItemOutcome> {
  if (!apply || p.steps.length === 0 || blocks(p)) return outcome(p, false);
  if (progress.failed.size > 0) {
    return { ...outcome(p, false), reason: "kept until the wanted resources are in place" };
  }
  if (progress.kept.has(p.item.adapter.kind)) {
    return { ...outcome(p, false), reason: "kept until what needs it is removed" };
  }
  const o = await sent(p, progress, options);
  if (o.error) for (const k of p.item.adapter.dependsOn) progress.kept.add(k);
  return o;
}

/**
 * Sends the planned steps: wanted resources first, lowest order first (a rule needs its role); then removal of
 * resources no longer wanted, highest order first, and only if everything wanted is in place. A failure stops
 * the kinds that depend on the failed one (`dependsOn`), never the observation or report of the others.
 */
export async function applyPlan(
  plan: readonly PlannedItem[],
  apply: boolean,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const byOrder = (sign: number) => (a: PlannedItem, b: PlannedItem) =>
    sign * (a.item.adapter.order - b.item.adapter.order);
  const wanted = plan.filter((p) => p.item.desired !== undefined).sort(byOrder(1));
  const unwanted = plan.filter((p) => p.item.desired === undefined).sort(byOrder(-1));
  const progress: Progress = {
    writes: 0,
    propagated: options.recentlyPropagated === true,
    permissionWaits: 0,
    failed: new Set(),
    kept: keptByPlan(plan),
  };
  const outcomes = new Map<PlannedItem, ItemOutcome>();
  for (const p of wanted) outcomes.set(p, await applyWanted(p, apply, progress, options));
  for (const p of unwanted) outcomes.set(p, await applyUnwanted(p, apply, progress, options));
  return { outcomes: plan.map((p) => outcomes.get(p) as ItemOutcome), writes: progress.writes };
}

function outcome(p: PlannedItem, applied: boolean): ItemOutcome {
  if (p.error) return { planned: p, applied: false, status: "FAILED", error: p.error };
  const base = { planned: p, applied, ...(p.reason ? { reason: p.reason } : {}) };
  switch (p.decision) {
    case "in-sync":
    case "absent":
      return { ...base, status: "IN_SYNC" };
    case "conflict":
      return { ...base, status: "CONFLICT" };
    case "create":
      return { ...base, status: applied ? "REMEDIATED" : "MISSING" };
    case "update":
    case "replace":
      return { ...base, status: applied ? "REMEDIATED" : "DRIFTED" };
    case "delete":
      return { ...base, status: applied ? "DELETED" : "STALE" };
  }
}

import type {
  Difference,
  Observation,
  ReportError,
  ResourceReport,
  ResourceStatus,
} from "../../common/types";
import { type Decision, decide } from "../core/plan";
import type { ResourceAdapter, Step } from "./adapter";
import { isPropagationError, toReportError } from "./errors";

/** One resource the loop looks after: what the config wants of it (if anything) and what AWS has. */
export interface Item<D = unknown, A = unknown> {
  // biome-ignore lint/suspicious/noExplicitAny: items of every adapter travel in one list.
  readonly adapter: ResourceAdapter<D, A> | ResourceAdapter<any, any>;
  readonly id: string;
  readonly desired?: D;
  /** The observation, or the error that prevented it. */
  readonly observation: Observation<A> | { readonly error: unknown };
  readonly owned: boolean;
}

export interface PlannedItem {
  readonly item: Item;
  readonly decision: Decision;
  readonly reason?: string;
  readonly differences: readonly Difference[];
  readonly steps: readonly Step[];
  readonly error?: ReportError;
}

export interface Options {
  readonly adopt: boolean;
  readonly allowReplace: boolean;
}

/** Pure: decides each item and lists the calls that would fix it. */
export function planItems(items: readonly Item[], options: Options): PlannedItem[] {
  return items.map((item) => {
    const o = item.observation;
    if ("error" in o) {
      return {
        item,
        decision: "in-sync",
        differences: [],
        steps: [],
        error: toReportError(o.error, item.id),
      };
    }
    const wanted = item.desired !== undefined;
    const differences = wanted && o.exists ? item.adapter.diff(item.desired, o.actual) : [];
    const noReplace = item.adapter.noReplace;
    const decided = decide({
      wanted,
      exists: o.exists,
      owned: item.owned,
      adopt: options.adopt,
      allowReplace: options.allowReplace && noReplace === undefined,
      differences,
      needsReplace: item.adapter.needsReplace(differences),
    });
    const { decision } = decided;
    const reason =
      decision === "conflict" &&
      noReplace !== undefined &&
      item.adapter.needsReplace(differences) &&
      (item.owned || options.adopt)
        ? noReplace
        : decided.reason;
    const a = item.adapter;
    const actual = o.exists ? o.actual : undefined;
    const steps: Step[] =
      decision === "create"
        ? a.createSteps(item.desired)
        : decision === "update"
          ? a.updateSteps(item.desired, actual, differences)
          : decision === "replace"
            ? [...a.deleteSteps(actual), ...a.createSteps(item.desired)]
            : decision === "delete"
              ? a.deleteSteps(actual)
              : [];
    return { item, decision, ...(reason ? { reason } : {}), differences, steps };
  });
}

export interface ApplyOptions {
  /** Waits between attempts of a step that awaits IAM propagation. Injected so tests need no real time. */
  readonly sleep: (ms: number) => Promise<void>;
  /** Milliseconds left before the Lambda's deadline. */
  readonly remainingMs: () => number;
  /** Backoff before each retry of a step awaiting propagation; their sum bounds the wait (~2 min). */
  readonly propagationDelaysMs?: readonly number[];
  /** A role was created or changed shortly before this run (e.g. by a run that timed out): it may still propagate. */
  readonly recentlyPropagated?: boolean;
}

/** About 2 minutes in all: DOMAIN.md says a new role may not be usable for 10–30 s; AWS is sometimes slower. */
export const PROPAGATION_DELAYS_MS = [
  2000, 4000, 8000, 15000, 15000, 15000, 15000, 15000, 15000, 15000,
] as const;
/** Time kept back to finish and report before the Lambda is stopped. */
const SAFETY_MARGIN_MS = 10_000;

export interface ItemOutcome {
  readonly planned: PlannedItem;
  readonly applied: boolean;
  readonly status: ResourceStatus;
  readonly reason?: string;
  readonly error?: ReportError;
  /** Steps that succeeded before a failure: a partly applied create (a role without its policy) exists. */
  readonly partly?: boolean;
}

export interface ApplyResult {
  readonly outcomes: ItemOutcome[];
  readonly writes: number;
}

const blocks = (p: PlannedItem) => p.error !== undefined || p.decision === "conflict";

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
  const outcomes = new Map<PlannedItem, ItemOutcome>();
  let writes = 0;
  let propagated = options.recentlyPropagated === true;
  const failed = new Set<string>();
  const waits = (p: PlannedItem) => p.item.adapter.dependsOn.some((t) => failed.has(t));

  const runSteps = async (p: PlannedItem): Promise<{ error?: ReportError; done: number }> => {
    let done = 0;
    for (const step of p.steps) {
      const delays = options.propagationDelaysMs ?? PROPAGATION_DELAYS_MS;
      for (let attempt = 0; ; attempt++) {
        try {
          writes++;
          await p.item.adapter.execute(step);
          break;
        } catch (e) {
          const delay = delays[attempt];
          const canWait =
            step.awaitsPropagation &&
            propagated &&
            isPropagationError((e as Error).cause ?? e) &&
            delay !== undefined &&
            options.remainingMs() > delay + SAFETY_MARGIN_MS;
          if (!canWait) return { error: toReportError(e, p.item.id), done };
          await options.sleep(delay);
        }
      }
      done++;
      if (step.propagates) propagated = true;
    }
    return { done };
  };
  const failure = (p: PlannedItem, error: ReportError, done: number): ItemOutcome => ({
    planned: p,
    applied: false,
    status: "FAILED",
    error,
    ...(done > 0 ? { partly: true } : {}),
  });

  for (const p of wanted) {
    if (blocks(p)) failed.add(p.item.adapter.type);
    if (p.steps.length === 0 || blocks(p)) {
      outcomes.set(p, outcome(p, false));
      continue;
    }
    if (!apply) {
      outcomes.set(p, outcome(p, false));
      continue;
    }
    if (waits(p)) {
      outcomes.set(p, { ...outcome(p, false), reason: `waits for ${p.item.adapter.dependsOn.join(", ")}` });
      continue;
    }
    const { error, done } = await runSteps(p);
    if (error) failed.add(p.item.adapter.type);
    outcomes.set(p, error ? failure(p, error, done) : outcome(p, true));
  }
  for (const p of unwanted) {
    if (!apply || p.steps.length === 0 || blocks(p)) {
      outcomes.set(p, outcome(p, false));
    } else if (failed.size > 0) {
      outcomes.set(p, { ...outcome(p, false), reason: "kept until the wanted resources are in place" });
    } else {
      const { error, done } = await runSteps(p);
      outcomes.set(p, error ? failure(p, error, done) : outcome(p, true));
    }
  }
  return { outcomes: plan.map((p) => outcomes.get(p) as ItemOutcome), writes };
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

/** The report entry of one resource; actions list the calls, planned or sent. */
export function toResourceReport(o: ItemOutcome): ResourceReport {
  const p = o.planned;
  return {
    type: p.item.adapter.type,
    id: p.item.id,
    status: o.status,
    differences: p.differences,
    actions: p.steps.map((s) => `${s.operation} ${s.target}`),
    applied: o.applied,
    ...(o.reason ? { reason: o.reason } : {}),
  };
}

import type { ReportError } from "../../common/types";
import type { ResourceAdapter, Step } from "./adapter";
import type { FieldDifference } from "./difference";
import { toReportError } from "./errors";
import type { RunPolicy } from "./runPolicy";
import type { Claim, Observation, Settled } from "./types";
import { failed } from "./types";

/** What to do with one resource, decided from facts only (no I/O). */
export type Decision = "in-sync" | "create" | "update" | "replace" | "delete" | "conflict" | "absent";

/** One resource the loop looks after: what the config wants of it (if anything), what AWS has, and whose it is. */
export interface Item<D = unknown, A = unknown> {
  // biome-ignore lint/suspicious/noExplicitAny: items of every adapter travel in one list.
  readonly adapter: ResourceAdapter<D, A> | ResourceAdapter<any, any>;
  readonly id: string;
  readonly desired?: D;
  /** The observation, or the error that prevented it. */
  readonly observation: Settled<Observation<A>>;
  /** Decided by the kind's ownership rule (engine/ownership.ts). */
  readonly owned: boolean;
  /** Not ours but another deployment's: whose, and what to set instead (a role another Region holds). */
  readonly claim?: Claim;
}

export interface PlannedItem {
  readonly item: Item;
  readonly decision: Decision;
  readonly reason?: string;
  readonly differences: readonly FieldDifference[];
  readonly steps: readonly Step[];
  readonly error?: ReportError;
}

/** The facts about one resource that `decide` needs. */
export interface ItemFacts {
  /** The config wants this resource (false: ours from an earlier config, or everything on teardown). */
  readonly wanted: boolean;
  readonly exists: boolean;
  /** Carries our ownership mark (see README, "Ownership"). */
  readonly owned: boolean;
  readonly differences: readonly FieldDifference[];
  readonly needsReplace: boolean;
  /** The kind's reason for never being replaced, if it is never replaced (`ResourceAdapter.noReplace`). */
  readonly noReplace?: string;
  /** What the kind says is missing when a resource is not ours (`ResourceAdapter.notOurs`). */
  readonly notOurs?: string;
  /** Another deployment's hold on it (`Item.claim`). */
  readonly claim?: Claim;
}

const NOT_CREATED = "exists but was not created by this reconciler";
const TAKE_OVER = "set adopt: true in the config to take it over";
const ADOPT_REFUSED =
  "adopt: true in the config is not honoured: this deployment does not allow adopting (set adopt: true in the component's args)";
/** A claim may outlive its deployment (a renamed stack or component): adopting is then the way on. */
const GONE = "if that deployment is gone, set adopt: true in the config to take it over";
const NO_REPLACE = "a field that cannot be updated differs and allowReplace is false";

/**
 * The one place that decides create / update / replace / delete / conflict, and says why for a conflict.
 *
 * @example
 * decide({ wanted: true, exists: false, owned: false, differences: [], needsReplace: false }, policy);
 * // { decision: "create" }
 */
export function decide(
  f: ItemFacts,
  policy: Pick<RunPolicy, "adopt" | "adoptRefused" | "allowReplace">,
): { decision: Decision; reason?: string } {
  if (!f.wanted) return f.exists && f.owned ? { decision: "delete" } : { decision: "absent" };
  if (!f.exists) return { decision: "create" };
  if (!f.owned && !policy.adopt) {
    const refused = policy.adoptRefused ? `; ${ADOPT_REFUSED}` : "";
    if (f.claim) {
      return {
        decision: "conflict",
        reason: `belongs to ${f.claim.owner}: ${f.claim.remedy}; ${GONE}${refused}`,
      };
    }
    return { decision: "conflict", reason: `${f.notOurs ?? NOT_CREATED}; ${TAKE_OVER}${refused}` };
  }
  if (f.differences.length === 0) return { decision: "in-sync" };
  if (!f.needsReplace) return { decision: "update" };
  if (policy.allowReplace && f.noReplace === undefined) return { decision: "replace" };
  return { decision: "conflict", reason: f.noReplace ?? NO_REPLACE };
}

/** The calls that carry out a decision: plan mode prints them, apply sends them. */
function stepsFor(item: Item, decision: Decision, actual: unknown, differences: readonly FieldDifference[]) {
  const a = item.adapter;
  switch (decision) {
    case "create":
      return a.createSteps(item.desired);
    case "update":
      return a.updateSteps(item.desired, actual, differences);
    case "replace":
      return [...a.deleteSteps(actual), ...a.createSteps(item.desired)];
    case "delete":
      return a.deleteSteps(actual);
    default:
      return [];
  }
}

/**
 * Pure: decides each item and lists the calls that would fix it (changesets' release plan: a plain value,
 * applied elsewhere). An item that could not be observed is planned as nothing, with its error.
 */
export function planItems(
  items: readonly Item[],
  policy: Pick<RunPolicy, "adopt" | "adoptRefused" | "allowReplace">,
): PlannedItem[] {
  return items.map((item) => {
    const o = item.observation;
    if (failed(o)) {
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
    const { decision, reason } = decide(
      {
        wanted,
        exists: o.exists,
        owned: item.owned,
        differences,
        needsReplace: item.adapter.needsReplace(differences),
        ...(item.adapter.noReplace !== undefined ? { noReplace: item.adapter.noReplace } : {}),
        ...(item.adapter.notOurs !== undefined ? { notOurs: item.adapter.notOurs } : {}),
        ...(item.claim ? { claim: item.claim } : {}),
      },
      policy,
    );
    const steps = stepsFor(item, decision, o.exists ? o.actual : undefined, differences);
    return { item, decision, ...(reason ? { reason } : {}), differences, steps };
  });
}

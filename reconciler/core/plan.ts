import type { Difference, RunAction } from "../../common/types";

/** What to do with one resource, decided from facts only (no I/O). */
export type Decision = "in-sync" | "create" | "update" | "replace" | "delete" | "conflict" | "absent";

export interface ItemFacts {
  /** The config wants this resource (false: ours from an earlier config, or everything on teardown). */
  readonly wanted: boolean;
  readonly exists: boolean;
  /** Carries our ownership mark (see README, "Ownership"). */
  readonly owned: boolean;
  readonly adopt: boolean;
  readonly allowReplace: boolean;
  readonly differences: readonly Difference[];
  readonly needsReplace: boolean;
}

/**
 * The one place that decides create / update / replace / delete / conflict.
 *
 * @example
 * decide({ wanted: true, exists: false, owned: false, adopt: false, allowReplace: true, differences: [], needsReplace: false });
 * // { decision: "create" }
 */
export function decide(f: ItemFacts): { decision: Decision; reason?: string } {
  if (!f.wanted) return f.exists && f.owned ? { decision: "delete" } : { decision: "absent" };
  if (!f.exists) return { decision: "create" };
  if (!f.owned && !f.adopt) {
    return {
      decision: "conflict",
      reason: "exists but was not created by this reconciler; set adopt: true in the config to take it over",
    };
  }
  if (f.differences.length === 0) return { decision: "in-sync" };
  if (f.needsReplace) {
    return f.allowReplace
      ? { decision: "replace" }
      : { decision: "conflict", reason: "a field that cannot be updated differs and allowReplace is false" };
  }
  return { decision: "update" };
}

/**
 * Detect mode and plan are a policy over the same plan: whether its steps are sent.
 * `plan` never writes; `remediate` and teardown always do; `reconcile` follows the mode.
 */
export function appliesChanges(action: RunAction, mode: string): boolean {
  switch (action) {
    case "plan":
    case "retain":
      return false;
    case "remediate":
    case "delete":
      return true;
    case "reconcile":
      return mode === "enforce";
  }
}

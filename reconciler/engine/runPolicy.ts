import type { Mode } from "../../common/config/schema";
import type { RunAction } from "../../common/types";

/** Everything that decides what one run may do, before anything is observed. */
export interface RunFacts {
  readonly action: RunAction;
  /** The config's mode; undefined when there is no valid config (a teardown needs none). */
  readonly mode?: Mode;
  /** An explicit deploy (the Pulumi custom resource's create or update): applies even in detect mode. */
  readonly enforce?: boolean;
  /** The config says `adopt: true`. */
  readonly adopt?: boolean;
  /** The deployment lets the config adopt (the component's args said `adopt: true`: `ALLOW_ADOPT`). */
  readonly allowAdopt?: boolean;
  /** The config's `allowReplace`. */
  readonly allowReplace?: boolean;
  /** The run is the Pulumi custom resource's: the stack owner's own deploy or destroy. */
  readonly deploy?: boolean;
}

/**
 * What one run may do (crossplane's management-policy resolver): the engine asks this, never the raw facts.
 * `decide()` takes it and writes every reason itself.
 */
export interface RunPolicy {
  readonly action: RunAction;
  /** Mode `paused` and not a plan: observe nothing, change nothing (a deploy is still recorded). */
  readonly paused: boolean;
  /** A teardown (`delete` or `retain`): nothing is wanted, everything of ours is removed or kept. */
  readonly teardown: boolean;
  /** Send the planned calls (otherwise the same plan is only reported). */
  readonly apply: boolean;
  /** Take over what exists and is not ours. */
  readonly adopt: boolean;
  /** The config asked to adopt and the deployment does not allow it: said in the conflict's reason. */
  readonly adoptRefused: boolean;
  /** Delete and re-create a resource whose unchangeable field differs (kinds may still refuse: `noReplace`). */
  readonly allowReplace: boolean;
  /**
   * Trust what an older record lists without creation times (see `ruleOwnership`): only on the stack owner's
   * deploy, which someone who can only write the record cannot start.
   */
  readonly trustOlderRecord: boolean;
}

/**
 * The one resolver: detect mode and plan are a policy over the same plan, not a second code path.
 * `plan` never writes; `remediate` and `delete` always do; `retain` never does; `reconcile` follows the mode,
 * or applies when the deploy enforces. A teardown never adopts or replaces.
 *
 * @example
 * resolveRunPolicy({ action: "reconcile", mode: "detect" }).apply; // false
 * resolveRunPolicy({ action: "reconcile", mode: "detect", enforce: true }).apply; // true
 */
export function resolveRunPolicy(f: RunFacts): RunPolicy {
  const teardown = f.action === "delete" || f.action === "retain";
  const adoptRefused = !teardown && f.adopt === true && f.allowAdopt === false;
  return {
    action: f.action,
    paused: !teardown && f.mode === "paused" && f.action !== "plan",
    teardown,
    apply: f.enforce === true || appliesChanges(f.action, f.mode),
    adopt: !teardown && f.adopt === true && !adoptRefused,
    adoptRefused,
    allowReplace: !teardown && f.allowReplace === true,
    trustOlderRecord: f.deploy === true,
  };
}

function appliesChanges(action: RunAction, mode: Mode | undefined): boolean {
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

import { withLiveUpstream } from "../resources/role/desired";
import type { DesiredRole } from "../resources/role/types";
import type { RuleActual } from "../resources/rule/types";
import type { Item } from "./plan";
import type { RunPolicy } from "./runPolicy";
import { failed } from "./types";

/**
 * The rule this run keeps as it is although the config changed a field ECR cannot update: ours (or adopted),
 * wanted, and its replace refused by the run policy. Pure.
 */
function keptRule(
  items: readonly Item[],
  policy: Pick<RunPolicy, "adopt" | "allowReplace">,
): RuleActual | undefined {
  for (const i of items) {
    if (i.adapter.kind !== "rule" || i.desired === undefined) continue;
    const o = i.observation;
    if (failed(o) || !o.exists || !(i.owned || policy.adopt) || policy.allowReplace) continue;
    if (i.adapter.needsReplace(i.adapter.diff(i.desired, o.actual))) return o.actual as RuleActual;
  }
  return undefined;
}

/**
 * A kept rule keeps working: while the wanted rule stays as it is (a replace refused), the wanted role also
 * allows the upstream that live rule pulls from, so pulls and ECR's re-checks go on until a person decides.
 */
export function keepLiveRulesWorking(
  items: readonly Item[],
  policy: Pick<RunPolicy, "adopt" | "allowReplace">,
  partition: string,
): Item[] {
  const live = keptRule(items, policy);
  if (live === undefined) return [...items];
  return items.map((i) =>
    i.adapter.kind === "role" && i.desired !== undefined
      ? { ...i, desired: withLiveUpstream(i.desired as DesiredRole, live, partition) }
      : i,
  );
}

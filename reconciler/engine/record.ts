import * as z from "zod/mini";
import type { RuleActual } from "../resources/rule/types";
import type { KindName } from "./adapter";
import type { ItemOutcome } from "./apply";
import { type Deployment, deploymentOf } from "./deployment";
import type { Item, PlannedItem } from "./plan";
import { failed } from "./types";

/**
 * The reconciler's own record: every role name, rule prefix and template prefix it created or adopted. Rules
 * cannot be tagged and a renamed role cannot be found without a scan, so the record says where to look. It is
 * an index, not the proof of ownership: each kind's ownership rule (engine/ownership.ts) decides what is ours,
 * with the record as one piece of evidence. It is stored one SSM parameter per entry (engine/store.ts), so
 * overlapping runs never overwrite each other's entries.
 */
export interface OwnershipRecord {
  readonly version: 1;
  readonly ownerId: string;
  readonly roles: readonly string[];
  readonly rules: readonly string[];
  /** Prefixes of repository creation templates. */
  readonly templates?: readonly string[];
  /** Names of the roles ECR assumes to create repositories from a template (KMS or resource tags). */
  readonly templateRoles?: readonly string[];
  /** The custom resource deployment that last applied the config (engine/deployment.ts). */
  readonly deploymentId?: string;
  /** How many custom resources of that deployment exist (engine/deployment.ts); absent: one. */
  readonly instances?: number;
  /**
   * By rule prefix: when ECR created the rule we made there (ISO text). What tells our rule from one someone
   * else made at the same prefix after ours was deleted.
   */
  readonly ruleCreatedAt?: Readonly<Record<string, string>>;
  /**
   * By `<kind> <id>`: when a create was claimed (intent before create) and not yet confirmed, e.g. because
   * its response was lost. A listed rule with neither a creation time nor a claim time comes from an older
   * record (version 2.0 of this package).
   */
  readonly pendingSince?: Readonly<Record<string, string>>;
}

/** The key of an entry in `pendingSince`. */
export const pendingKey = (kind: KindName, id: string): string => `${kind} ${id}`;

const recordSchema = z.object({
  version: z.literal(1),
  ownerId: z.string(),
  roles: z.array(z.string()),
  rules: z.array(z.string()),
  templates: z.optional(z.array(z.string())),
  templateRoles: z.optional(z.array(z.string())),
  deploymentId: z.optional(z.string()),
  instances: z.optional(z.number()),
  ruleCreatedAt: z.optional(z.record(z.string(), z.string())),
  pendingSince: z.optional(z.record(z.string(), z.string())),
});

export function emptyRecord(ownerId: string): OwnershipRecord {
  return { version: 1, ownerId, roles: [], rules: [] };
}

/** Only the keys that `keep`, sorted; undefined when none is left. */
function pick(map: Readonly<Record<string, string>> | undefined, keep: (key: string) => boolean) {
  const entries = Object.entries(map ?? {}).filter(([k]) => keep(k));
  return entries.length === 0 ? undefined : Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * Sorted, de-duplicated, details only for what is listed: equal records serialise equally and an unchanged
 * record is never written.
 */
export function normaliseRecord(r: OwnershipRecord): OwnershipRecord {
  const rules = [...new Set(r.rules)].sort();
  const templates = [...new Set(r.templates ?? [])].sort();
  const templateRoles = [...new Set(r.templateRoles ?? [])].sort();
  const listedKeys = new Set([
    ...r.roles.map((id) => pendingKey("role", id)),
    ...rules.map((id) => pendingKey("rule", id)),
    ...templates.map((id) => pendingKey("template", id)),
    ...templateRoles.map((id) => pendingKey("templateRole", id)),
  ]);
  const createdAt = pick(r.ruleCreatedAt, (k) => rules.includes(k));
  const pending = pick(r.pendingSince, (k) => listedKeys.has(k));
  return {
    version: 1,
    ownerId: r.ownerId,
    roles: [...new Set(r.roles)].sort(),
    rules,
    ...(templates.length > 0 ? { templates } : {}),
    ...(templateRoles.length > 0 ? { templateRoles } : {}),
    ...(r.deploymentId !== undefined ? { deploymentId: r.deploymentId } : {}),
    ...(r.deploymentId !== undefined && r.instances !== undefined ? { instances: r.instances } : {}),
    ...(createdAt ? { ruleCreatedAt: createdAt } : {}),
    ...(pending ? { pendingSince: pending } : {}),
  };
}

export function sameRecord(a: OwnershipRecord, b: OwnershipRecord): boolean {
  return JSON.stringify(normaliseRecord(a)) === JSON.stringify(normaliseRecord(b));
}

/** Parses a stored record; anything unreadable or of another owner starts empty (ownership is re-proven). */
export function parseRecord(text: string | undefined, ownerId: string): OwnershipRecord {
  if (text === undefined) return emptyRecord(ownerId);
  try {
    const parsed = recordSchema.safeParse(JSON.parse(text));
    if (parsed.success && parsed.data.ownerId === ownerId) return normaliseRecord(parsed.data);
  } catch {
    // Not JSON: rebuilt from what the tags prove.
  }
  return emptyRecord(ownerId);
}

/** The record's list for each kind. */
const LIST = {
  role: "roles",
  rule: "rules",
  template: "templates",
  templateRole: "templateRoles",
} as const satisfies Readonly<Record<KindName, keyof OwnershipRecord>>;

/** The ids the record lists for one kind. */
export function listedIds(record: OwnershipRecord, kind: KindName): readonly string[] {
  return record[LIST[kind]] ?? [];
}

/** Whether the record lists this item, in the list of its own kind. */
export function listed(record: OwnershipRecord, item: Item): boolean {
  return listedIds(record, item.adapter.kind).includes(item.id);
}

/**
 * The record with each kind's list rebuilt from the plan's items that `keep` says stay listed, naming
 * `deployment` (engine/deployment.ts).
 */
function recordOf(
  record: OwnershipRecord,
  plan: readonly PlannedItem[],
  keep: (p: PlannedItem) => boolean,
  deployment: Deployment | undefined,
): OwnershipRecord {
  const ids = (kind: KindName) =>
    plan.filter((p) => p.item.adapter.kind === kind && keep(p)).map((p) => p.item.id);
  const { deploymentId: _named, instances: _counted, ...rest } = record;
  return normaliseRecord({
    ...rest,
    roles: ids("role"),
    rules: ids("rule"),
    templates: ids("template"),
    templateRoles: ids("templateRole"),
    ...deployment,
  });
}

const exists = (p: PlannedItem) => !failed(p.item.observation) && p.item.observation.exists;

/**
 * The record to write before applying (intent before create, so a crash between create and record cannot
 * orphan a resource): items we own or are about to create or adopt, each create with the time it was claimed.
 * An item that could not be observed keeps whatever the record said (a failed read proves nothing). A create
 * that waits on a failed or conflicting resource of a kind it depends on will not run: no claim for it.
 */
export function intentRecord(
  record: OwnershipRecord,
  plan: readonly PlannedItem[],
  now: string,
): OwnershipRecord {
  const blocked = new Set<string>(
    plan
      .filter((p) => p.item.desired !== undefined && (p.error || p.decision === "conflict"))
      .map((p) => p.item.adapter.kind),
  );
  const waits = (p: PlannedItem) => p.item.adapter.dependsOn.some((t) => blocked.has(t));
  const willRun = (p: PlannedItem) => p.decision !== "create" || !waits(p);
  const intended = (p: PlannedItem) => {
    if (failed(p.item.observation)) return listed(record, p.item);
    if (p.item.desired !== undefined) return p.decision !== "conflict" || p.item.owned;
    return exists(p) && p.item.owned;
  };
  const keep = (p: PlannedItem) => intended(p) && willRun(p);
  const creates = plan.filter(
    (p) => keep(p) && (p.decision === "create" || p.decision === "replace") && !waits(p),
  );
  const pendingSince = { ...record.pendingSince };
  const ruleCreatedAt = { ...record.ruleCreatedAt };
  for (const p of creates) {
    pendingSince[keyOf(p)] ??= now;
    // What we are about to make replaces what we made there before (deleted out of band, or replaced now).
    if (p.item.adapter.kind === "rule") delete ruleCreatedAt[p.item.id];
  }
  // The deployment is named only once it applied (engine/deployment.ts).
  return recordOf({ ...record, pendingSince, ruleCreatedAt }, plan, keep, deploymentOf(record));
}

const keyOf = (p: PlannedItem) => pendingKey(p.item.adapter.kind, p.item.id);

/**
 * A create that failed in a way that may have taken effect (a 5xx or a timeout: AWS may have acted and lost
 * its answer) keeps its claim, so the next run can recognise what it made.
 */
const mayHaveTakenEffect = (o: ItemOutcome | undefined) => o?.error?.retryable === true;

/**
 * The record after applying: forget what is gone (stale entries deleted this run or no longer there), and
 * confirm what was made: a rule's creation time replaces its claim time. `deployment` is the deployment to
 * name as the one that applied last.
 */
export function recordAfterRun(
  before: OwnershipRecord,
  plan: readonly PlannedItem[],
  outcomes: readonly ItemOutcome[],
  deployment: Deployment | undefined,
): OwnershipRecord {
  const outcomeOf = (p: PlannedItem) => outcomes.find((x) => x.planned === p);
  const stillListed = (p: PlannedItem) => {
    const o = outcomeOf(p);
    if (failed(p.item.observation)) return listed(before, p.item);
    if (o?.status === "DELETED") return false;
    if (p.item.desired === undefined) return exists(p) && p.item.owned;
    // A create that was blocked or failed before making anything must not leave a claim on a name someone
    // else may take; one that made something (a role, not yet its policy) must stay listed, or a rename
    // would orphan it.
    if (p.decision === "create") return o?.applied === true || o?.partly === true || mayHaveTakenEffect(o);
    // Ours already, or adopted (adopt is the only way past a conflict).
    return p.decision !== "conflict" || p.item.owned;
  };
  return recordOf(confirmed(before, plan, outcomeOf), plan, stillListed, deployment);
}

/**
 * Creation times learnt this run: from a create, or from observing a rule of ours not yet confirmed (an older
 * record's, or a create whose response was lost). A rule's claim time then gives way to its creation time;
 * roles and templates keep theirs (a tag or a mark proves them: rewriting their entry would be a write for
 * nothing).
 */
function confirmed(
  before: OwnershipRecord,
  plan: readonly PlannedItem[],
  outcomeOf: (p: PlannedItem) => ItemOutcome | undefined,
): OwnershipRecord {
  const ruleCreatedAt = { ...before.ruleCreatedAt };
  const pendingSince = { ...before.pendingSince };
  for (const p of plan.filter((x) => x.item.adapter.kind === "rule")) {
    // Ours after this run: ours already, or adopted (adopt is the only way past a conflict).
    const oursNow =
      exists(p) && (p.item.owned || (p.item.desired !== undefined && p.decision !== "conflict"));
    const seen = oursNow ? (p.item.observation as { actual: RuleActual }).actual.createdAt : undefined;
    const createdAt = outcomeOf(p)?.learnt?.createdAt ?? seen;
    if (createdAt === undefined) continue;
    ruleCreatedAt[p.item.id] = createdAt;
    delete pendingSince[keyOf(p)];
  }
  return { ...before, ruleCreatedAt, pendingSince };
}

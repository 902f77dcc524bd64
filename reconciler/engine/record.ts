import * as z from "zod/mini";
import { RESOURCE_TYPES, type ResourceType } from "../../common/types";
import type { ItemOutcome } from "./apply";
import type { Item, PlannedItem } from "./plan";
import { failed } from "./types";

/**
 * The reconciler's own record, kept in a second SSM parameter next to the config. Rules cannot be tagged and
 * a renamed role cannot be found without a scan, so this lists every role name, rule prefix and template
 * prefix the reconciler created or adopted. It is an index, not the proof of ownership: each kind's ownership
 * rule (engine/ownership.ts) decides what is ours, with the record as one piece of evidence.
 */
export interface OwnershipRecord {
  readonly version: 1;
  readonly ownerId: string;
  readonly roles: readonly string[];
  readonly rules: readonly string[];
  /** Prefixes of repository creation templates. */
  readonly templates?: readonly string[];
  /** The custom resource deployment that last applied the config (see the handler's delete path). */
  readonly deploymentId?: string;
}

const recordSchema = z.object({
  version: z.literal(1),
  ownerId: z.string(),
  roles: z.array(z.string()),
  rules: z.array(z.string()),
  templates: z.optional(z.array(z.string())),
  deploymentId: z.optional(z.string()),
});

export function emptyRecord(ownerId: string): OwnershipRecord {
  return { version: 1, ownerId, roles: [], rules: [] };
}

/** Sorted, de-duplicated, so equal records serialise equally and an unchanged record is never written. */
export function normaliseRecord(r: OwnershipRecord): OwnershipRecord {
  return {
    version: 1,
    ownerId: r.ownerId,
    roles: [...new Set(r.roles)].sort(),
    rules: [...new Set(r.rules)].sort(),
    ...(r.templates && r.templates.length > 0 ? { templates: [...new Set(r.templates)].sort() } : {}),
    ...(r.deploymentId !== undefined ? { deploymentId: r.deploymentId } : {}),
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
const LIST: Readonly<Record<ResourceType, "roles" | "rules" | "templates">> = {
  [RESOURCE_TYPES.role]: "roles",
  [RESOURCE_TYPES.rule]: "rules",
  [RESOURCE_TYPES.template]: "templates",
};

/** The ids the record lists for one kind. */
export function listedIds(record: OwnershipRecord, type: ResourceType): readonly string[] {
  return record[LIST[type]] ?? [];
}

/** Whether the record lists this item, in the list of its own kind. */
export function listed(record: OwnershipRecord, item: Item): boolean {
  return listedIds(record, item.adapter.type).includes(item.id);
}

/** The record with each kind's list rebuilt from the plan's items that `keep` says stay listed. */
function recordOf(
  record: OwnershipRecord,
  plan: readonly PlannedItem[],
  keep: (p: PlannedItem) => boolean,
  deploymentId: string | undefined,
): OwnershipRecord {
  const ids = (type: ResourceType) =>
    plan.filter((p) => p.item.adapter.type === type && keep(p)).map((p) => p.item.id);
  return normaliseRecord({
    ...record,
    roles: ids(RESOURCE_TYPES.role),
    rules: ids(RESOURCE_TYPES.rule),
    templates: ids(RESOURCE_TYPES.template),
    ...(deploymentId !== undefined ? { deploymentId } : {}),
  });
}

const exists = (p: PlannedItem) => !failed(p.item.observation) && p.item.observation.exists;

/**
 * The record to write before applying (intent before create, so a crash between create and record cannot
 * orphan a resource): items we own or are about to create or adopt. An item that could not be observed keeps
 * whatever the record said (a failed read proves nothing). A create that waits on a failed or conflicting
 * resource of a kind it depends on will not run: no claim for it.
 */
export function intentRecord(
  record: OwnershipRecord,
  plan: readonly PlannedItem[],
  deploymentId: string | undefined,
): OwnershipRecord {
  const blocked = new Set<string>(
    plan
      .filter((p) => p.item.desired !== undefined && (p.error || p.decision === "conflict"))
      .map((p) => p.item.adapter.type),
  );
  const willRun = (p: PlannedItem) =>
    p.decision !== "create" || !p.item.adapter.dependsOn.some((t) => blocked.has(t));
  const intended = (p: PlannedItem) => {
    if (failed(p.item.observation)) return listed(record, p.item);
    if (p.item.desired !== undefined) return p.decision !== "conflict" || p.item.owned;
    return exists(p) && p.item.owned;
  };
  // A first deployment has no older one to protect, so it may be named before applying (one write less).
  return recordOf(record, plan, (p) => intended(p) && willRun(p), record.deploymentId ?? deploymentId);
}

/**
 * The record after applying: forget what is gone (stale entries deleted this run or no longer there).
 * `deploymentId` is the deployment to name as the one that applied last.
 */
export function recordAfterRun(
  before: OwnershipRecord,
  plan: readonly PlannedItem[],
  outcomes: readonly ItemOutcome[],
  deploymentId: string | undefined,
): OwnershipRecord {
  const stillListed = (p: PlannedItem) => {
    const o = outcomes.find((x) => x.planned === p);
    if (failed(p.item.observation)) return listed(before, p.item);
    if (o?.status === "DELETED") return false;
    if (p.item.desired === undefined) return exists(p) && p.item.owned;
    // A create that was blocked or failed before making anything must not leave a claim on a name someone
    // else may take; one that made something (a role, not yet its policy) must stay listed, or a rename
    // would orphan it.
    if (p.decision === "create") return o?.applied === true || o?.partly === true;
    // Ours already, or adopted (adopt is the only way past a conflict).
    return p.decision !== "conflict" || p.item.owned;
  };
  return recordOf(before, plan, stillListed, deploymentId);
}

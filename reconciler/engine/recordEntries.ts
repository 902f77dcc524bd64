import { sortKeys } from "../../common/json";
import type { KindName } from "./adapter";
import { emptyRecord, normaliseRecord, type OwnershipRecord, pendingKey } from "./record";

/**
 * The record as SSM parameters, one per entry, under the state parameter's name: `<state>/role/<name>`,
 * `<state>/rule/<prefix>`, `<state>/template/<prefix>`, `<state>/templateRole/<name>`, `<state>/deployment`. One entry per parameter means a
 * run writes only what it changed, and a new entry is an atomic create: two runs at once never overwrite
 * each other's entries (docs/aws-facts.md, "SSM Parameter Store"). Pure: names and values only.
 */

/** The folder of each kind's entries below the state parameter. */
const FOLDER: Readonly<Record<KindName, string>> = {
  role: "role",
  rule: "rule",
  template: "template",
  templateRole: "templateRole",
};
const DEPLOYMENT = "deployment";

/**
 * SSM names allow `a-zA-Z0-9_.-/`; role names also `+=,@` and prefixes `/`. Everything but letters, digits,
 * `.` and `-` is written `_XX` (hex), `_` included, so the mapping is one to one.
 */
export function encodeId(id: string): string {
  return [...id]
    .map((c) =>
      /[A-Za-z0-9.-]/.test(c) ? c : `_${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
    )
    .join("");
}

export interface EntryValue {
  readonly ownerId: string;
  readonly id?: string;
  readonly since?: string;
  readonly createdAt?: string;
  readonly deploymentId?: string;
  readonly instances?: number;
}

/** Every entry of a record: relative name → JSON value (keys sorted, so equal entries are equal text). */
export function entriesOf(record: OwnershipRecord): Map<string, string> {
  const r = normaliseRecord(record);
  const out = new Map<string, string>();
  const add = (kind: KindName, id: string) => {
    const since = r.pendingSince?.[pendingKey(kind, id)];
    const createdAt = kind === "rule" ? r.ruleCreatedAt?.[id] : undefined;
    const value: EntryValue = {
      ownerId: r.ownerId,
      id,
      ...(since ? { since } : {}),
      ...(createdAt ? { createdAt } : {}),
    };
    out.set(`${FOLDER[kind]}/${encodeId(id)}`, JSON.stringify(sortKeys(value)));
  };
  for (const id of r.roles) add("role", id);
  for (const id of r.rules) add("rule", id);
  for (const id of r.templates ?? []) add("template", id);
  for (const id of r.templateRoles ?? []) add("templateRole", id);
  if (r.deploymentId !== undefined) {
    const { deploymentId, instances } = r;
    const value = { ownerId: r.ownerId, deploymentId, ...(instances !== undefined ? { instances } : {}) };
    out.set(DEPLOYMENT, JSON.stringify(sortKeys(value)));
  }
  return out;
}

function parseEntry(text: string, ownerId: string): EntryValue | undefined {
  try {
    const v = JSON.parse(text) as EntryValue;
    return v !== null && typeof v === "object" && v.ownerId === ownerId ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The record from its entries, merged with an older single-parameter record (version 2.0), whose entries
 * carry no times. Entries of another owner or unreadable ones are ignored: ownership is re-proven anyway.
 */
export function recordOfEntries(
  ownerId: string,
  entries: ReadonlyMap<string, string>,
  older?: OwnershipRecord,
): OwnershipRecord {
  const lists: Record<KindName, string[]> = { role: [], rule: [], template: [], templateRole: [] };
  const ruleCreatedAt: Record<string, string> = {};
  const pendingSince: Record<string, string> = {};
  let deploymentId = older?.deploymentId;
  let instances: number | undefined;
  const kindOf = Object.fromEntries(Object.entries(FOLDER).map(([k, folder]) => [folder, k as KindName]));
  for (const [name, text] of entries) {
    const v = parseEntry(text, ownerId);
    if (v === undefined) continue;
    if (name === DEPLOYMENT) {
      deploymentId = v.deploymentId ?? deploymentId;
      instances = typeof v.instances === "number" ? v.instances : undefined;
    }
    const kind = kindOf[name.split("/")[0] as string];
    if (kind === undefined || v.id === undefined) continue;
    lists[kind].push(v.id);
    if (v.since) pendingSince[pendingKey(kind, v.id)] = v.since;
    if (v.createdAt && kind === "rule") ruleCreatedAt[v.id] = v.createdAt;
  }
  const base = older ?? emptyRecord(ownerId);
  return normaliseRecord({
    ...base,
    roles: [...base.roles, ...lists.role],
    rules: [...base.rules, ...lists.rule],
    templates: [...(base.templates ?? []), ...lists.template],
    templateRoles: [...(base.templateRoles ?? []), ...lists.templateRole],
    ...(deploymentId !== undefined ? { deploymentId } : {}),
    ...(instances !== undefined ? { instances } : {}),
    ruleCreatedAt,
    pendingSince,
  });
}

export interface EntryChanges {
  /** Entries to write; `created` when none was stored under that name (a create, not an overwrite). */
  readonly puts: readonly { readonly name: string; readonly value: string; readonly created: boolean }[];
  readonly deletes: readonly string[];
}

/** What turns the stored entries into the wanted ones: only what differs. */
export function entryChanges(
  stored: ReadonlyMap<string, string>,
  wanted: ReadonlyMap<string, string>,
): EntryChanges {
  const puts = [...wanted]
    .filter(([name, value]) => stored.get(name) !== value)
    .map(([name, value]) => ({ name, value, created: !stored.has(name) }));
  const deletes = [...stored.keys()].filter((name) => !wanted.has(name));
  return { puts, deletes };
}

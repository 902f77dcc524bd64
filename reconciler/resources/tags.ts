import { difference, type FieldDifference } from "../engine/difference";

/**
 * Tags compare as sets: added, changed and removed keys, each a difference at `field` with the tag key as its
 * key. A tag absent and a tag with value "" differ. IAM tag keys are case-insensitive (`Team` and `team` are
 * one tag), so keys are matched ignoring case: a wanted key present under another case is never removed, only
 * given the wanted value.
 *
 * @example
 * diffTags("Tags", { team: "a" }, { Team: "b" }); // [{ path: "Tags[team]", type: "NOT_EQUAL", expected: "a", actual: "b", ... }]
 */
export function diffTags(
  field: string,
  expected: Readonly<Record<string, string>>,
  actual: Readonly<Record<string, string>>,
): FieldDifference[] {
  const out: FieldDifference[] = [];
  const actualByLower = new Map(Object.entries(actual).map(([k, v]) => [k.toLowerCase(), v]));
  const expectedLower = new Set(Object.keys(expected).map((k) => k.toLowerCase()));
  for (const key of Object.keys(expected).sort()) {
    const e = expected[key];
    const a = actualByLower.get(key.toLowerCase());
    if (e !== a) out.push(difference(field, key, e, a));
  }
  for (const key of Object.keys(actual).sort()) {
    if (!expectedLower.has(key.toLowerCase())) out.push(difference(field, key, undefined, actual[key]));
  }
  return out;
}

/** Tags as IAM and ECR take them in a request: `[{ Key, Value }]`, sorted by key. */
export function tagList(tags: Readonly<Record<string, string>>): { Key: string; Value: string }[] {
  return Object.entries(tags)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([Key, Value]) => ({ Key, Value }));
}

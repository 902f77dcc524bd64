import type { Difference, DifferenceType } from "../../common/types";

/**
 * One field that differs, with a structured path (ACK's `Delta.DifferentAt("Spec.Tags")`): the field and,
 * for maps and sets, the key. `path` is the same thing rendered for people (`Tags[team]`); code reads
 * `field` and `key`, never parses `path`.
 */
export interface FieldDifference extends Difference {
  readonly field: string;
  readonly key?: string;
}

/**
 * CloudFormation's difference type (`PropertyDifference`, docs/aws-facts.md "Drift report vocabulary"), read
 * from AWS's side: `ADD` — a value was added in AWS that the config does not have (an attached policy, an
 * extra inline policy or tag); `REMOVE` — a value the config wants was removed in AWS (our inline policy, a
 * configured tag); `NOT_EQUAL` — both exist and differ.
 */
export function differenceType(expected: unknown, actual: unknown): DifferenceType {
  return expected === undefined ? "ADD" : actual === undefined ? "REMOVE" : "NOT_EQUAL";
}

/**
 * A difference of `field` (and `key`, for a member of a map or set).
 *
 * @example
 * difference("Tags", "team", "platform", undefined); // { field: "Tags", key: "team", path: "Tags[team]", type: "REMOVE", ... }
 */
export function difference(
  field: string,
  key: string | undefined,
  expected: unknown,
  actual: unknown,
  type: DifferenceType = differenceType(expected, actual),
): FieldDifference {
  return {
    field,
    ...(key !== undefined ? { key } : {}),
    path: key === undefined ? field : `${field}[${key}]`,
    expected,
    actual,
    type,
  };
}

/** Whether any difference is at `field` (and `key`, when given). */
export function differentAt(differences: readonly FieldDifference[], field: string, key?: string): boolean {
  return differences.some((d) => d.field === field && (key === undefined || d.key === key));
}

/** Sorted by rendered path, so reports read the same whatever order AWS listed things in. */
export function byPath(differences: readonly FieldDifference[]): FieldDifference[] {
  return [...differences].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The report's form of a difference: the rendered path only. */
export function reportDifference({ field: _f, key: _k, ...d }: FieldDifference): Difference {
  return d;
}

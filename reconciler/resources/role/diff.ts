import { byPath, difference, type FieldDifference } from "../../engine/difference";
import { decodePolicy, policiesEqual } from "../iamPolicy";
import { diffTags } from "../tags";
import type { DesiredRole, RoleActual } from "./types";

/** The role's fields we compare; a difference's `field` is one of these. */
export const ROLE_FIELD = {
  path: "Path",
  trustPolicy: "AssumeRolePolicyDocument",
  /** Inline policies, by name (ours, and any other: drift). */
  inlinePolicies: "Policies",
  /** Attached managed policies, by ARN (none wanted: drift). */
  managedPolicies: "ManagedPolicyArns",
  tags: "Tags",
  /** A permissions boundary caps every permission of the role: none is wanted, one set is drift. */
  permissionsBoundary: "PermissionsBoundary",
} as const;

/**
 * How each field can change. IAM cannot move a role to another path: only deleting and creating it again
 * would (and a role is never replaced: see `RoleAdapter.noReplace`). Every other field has a call that
 * changes it in place.
 */
export const ROLE_FIELDS: Readonly<Record<string, "in-place" | "replace">> = {
  [ROLE_FIELD.path]: "replace",
  [ROLE_FIELD.trustPolicy]: "in-place",
  [ROLE_FIELD.inlinePolicies]: "in-place",
  [ROLE_FIELD.managedPolicies]: "in-place",
  [ROLE_FIELD.tags]: "in-place",
  [ROLE_FIELD.permissionsBoundary]: "in-place",
};

/**
 * Differences of a role from the desired one, sorted by path. Policies compare by meaning, not text; a
 * difference shows `expected` as the reconciler would write it and `actual` as AWS holds it (decoded from
 * IAM's URL-encoding, with AWS's own casing and shape), so a person reads what is really there.
 */
export function diffRole(desired: DesiredRole, actual: RoleActual): FieldDifference[] {
  const out: FieldDifference[] = [];
  if (actual.path !== desired.path)
    out.push(difference(ROLE_FIELD.path, undefined, desired.path, actual.path));
  if (!policiesEqual(desired.trustPolicy, actual.trustPolicy)) {
    const held = decodePolicy(actual.trustPolicy);
    out.push(difference(ROLE_FIELD.trustPolicy, undefined, desired.trustPolicy, held, "NOT_EQUAL"));
  }
  if (actual.inlinePolicy === undefined || !policiesEqual(desired.inlinePolicy, actual.inlinePolicy)) {
    const held = actual.inlinePolicy === undefined ? undefined : decodePolicy(actual.inlinePolicy);
    out.push(difference(ROLE_FIELD.inlinePolicies, desired.inlinePolicyName, desired.inlinePolicy, held));
  }
  for (const name of actual.inlinePolicyNames) {
    if (name !== desired.inlinePolicyName) {
      out.push(difference(ROLE_FIELD.inlinePolicies, name, undefined, name));
    }
  }
  for (const arn of actual.attachedPolicyArns) {
    out.push(difference(ROLE_FIELD.managedPolicies, arn, undefined, arn));
  }
  if (actual.permissionsBoundaryArn !== undefined) {
    out.push(difference(ROLE_FIELD.permissionsBoundary, undefined, undefined, actual.permissionsBoundaryArn));
  }
  out.push(...diffTags(ROLE_FIELD.tags, desired.tags, actual.tags));
  return byPath(out);
}

/** True when some difference can only be fixed by deleting and re-creating the role. */
export function roleNeedsReplace(differences: readonly FieldDifference[]): boolean {
  return differences.some((d) => ROLE_FIELDS[d.field] === "replace");
}

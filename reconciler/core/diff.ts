import { DEFAULT_UPSTREAM_REPOSITORY_PREFIX } from "../../common/constants";
import { sortKeys } from "../../common/json";
import type { Difference } from "../../common/types";
import type { DesiredRole, DesiredRule, DesiredTemplate } from "./desired";
import { normalisePolicy, type PolicyDocument } from "./policy";

/** A role as observed: documents as IAM returned them (URL-encoded text is fine). */
export interface RoleActual {
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly trustPolicy: string | PolicyDocument;
  /** Names of every inline policy on the role. */
  readonly inlinePolicyNames: readonly string[];
  /** Our inline policy's document, when present. */
  readonly inlinePolicy?: string | PolicyDocument;
  readonly attachedPolicyArns: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  /** When IAM created the role (not compared; tells whether it may still be propagating). */
  readonly createDate?: Date;
}

/** A pull-through cache rule as observed. */
export interface RuleActual {
  readonly ecrRepositoryPrefix: string;
  readonly upstreamRegistryUrl: string;
  readonly upstreamRegistry?: string;
  readonly upstreamRepositoryPrefix?: string;
  readonly customRoleArn?: string;
  readonly credentialArn?: string;
  readonly registryId?: string;
}

/**
 * Tags compare as sets: added, changed and removed keys. A tag absent and a tag with value "" differ.
 * IAM tag keys are case-insensitive (`Team` and `team` are one tag), so keys are matched ignoring case:
 * a wanted key present under another case is never removed, only given the wanted value.
 */
export function diffTags(
  expected: Readonly<Record<string, string>>,
  actual: Readonly<Record<string, string>>,
): Difference[] {
  const out: Difference[] = [];
  const actualByLower = new Map(Object.entries(actual).map(([k, v]) => [k.toLowerCase(), [k, v] as const]));
  const expectedLower = new Set(Object.keys(expected).map((k) => k.toLowerCase()));
  for (const key of Object.keys(expected).sort()) {
    const e = expected[key];
    const a = actualByLower.get(key.toLowerCase())?.[1];
    const path = `Tags[${key}]`;
    if (a === undefined) out.push({ path, expected: e, actual: undefined, type: "ADD" });
    else if (e !== a) out.push({ path, expected: e, actual: a, type: "NOT_EQUAL" });
  }
  for (const key of Object.keys(actual).sort()) {
    if (!expectedLower.has(key.toLowerCase())) {
      out.push({ path: `Tags[${key}]`, expected: undefined, actual: actual[key], type: "REMOVE" });
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Differences of a role we own from the desired one, sorted by path. */
export function diffRole(desired: DesiredRole, actual: RoleActual): Difference[] {
  const out: Difference[] = [];
  if (actual.path !== desired.path) {
    out.push({ path: "Path", expected: desired.path, actual: actual.path, type: "NOT_EQUAL" });
  }
  const trustExpected = normalisePolicy(desired.trustPolicy);
  const trustActual = normalisePolicy(actual.trustPolicy);
  if (JSON.stringify(trustExpected) !== JSON.stringify(trustActual)) {
    out.push({
      path: "AssumeRolePolicyDocument",
      expected: trustExpected,
      actual: trustActual,
      type: "NOT_EQUAL",
    });
  }
  const ours = `Policies[${desired.inlinePolicyName}]`;
  const inlineExpected = normalisePolicy(desired.inlinePolicy);
  if (actual.inlinePolicy === undefined) {
    out.push({ path: ours, expected: inlineExpected, actual: undefined, type: "ADD" });
  } else {
    const inlineActual = normalisePolicy(actual.inlinePolicy);
    if (JSON.stringify(inlineExpected) !== JSON.stringify(inlineActual)) {
      out.push({ path: ours, expected: inlineExpected, actual: inlineActual, type: "NOT_EQUAL" });
    }
  }
  for (const name of actual.inlinePolicyNames) {
    if (name !== desired.inlinePolicyName) {
      out.push({ path: `Policies[${name}]`, expected: undefined, actual: name, type: "REMOVE" });
    }
  }
  for (const arn of actual.attachedPolicyArns) {
    out.push({ path: `ManagedPolicyArns[${arn}]`, expected: undefined, actual: arn, type: "REMOVE" });
  }
  out.push(...diffTags(desired.tags, actual.tags));
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Whether ECR can change a rule field in place (UpdatePullThroughCacheRule) or the rule must be replaced. */
export type FieldUpdate = "in-place" | "replace";

/**
 * The rule's fields we manage and how each can change (DOMAIN.md: Update changes only credentialArn and
 * customRoleArn). `unset` is the value an absent field means: ECR applies `ROOT` when no upstream prefix is given.
 */
export const RULE_FIELDS: ReadonlyArray<{
  readonly field: (keyof RuleActual & keyof DesiredRule) | "credentialArn";
  readonly update: FieldUpdate;
  readonly unset?: string;
}> = [
  { field: "upstreamRegistryUrl", update: "replace" },
  { field: "upstreamRegistry", update: "replace", unset: "ecr" },
  { field: "upstreamRepositoryPrefix", update: "replace", unset: DEFAULT_UPSTREAM_REPOSITORY_PREFIX },
  // Echo's registry needs no Secrets Manager credential; one set out of band is removed by a replace, since
  // an update cannot clear it.
  { field: "credentialArn", update: "replace" },
  { field: "customRoleArn", update: "in-place" },
];

/** Differences of a rule from the desired one, in field-table order. */
export function diffRule(desired: DesiredRule, actual: RuleActual): Difference[] {
  const out: Difference[] = [];
  for (const { field, unset } of RULE_FIELDS) {
    const e = field === "credentialArn" ? undefined : desired[field];
    const a = actual[field] ?? unset;
    if (e === a) continue;
    const type = a === undefined ? "ADD" : e === undefined ? "REMOVE" : "NOT_EQUAL";
    out.push({ path: field, expected: e, actual: a, type });
  }
  return out;
}

/** True when some difference can only be fixed by deleting and re-creating the rule. */
export function ruleNeedsReplace(differences: readonly Difference[]): boolean {
  return differences.some((d) => RULE_FIELDS.find((f) => f.field === d.path)?.update === "replace");
}

/** A repository creation template as observed (ECR's defaults applied by the adapter). */
export interface TemplateActual {
  readonly prefix: string;
  readonly description?: string;
  readonly appliedFor: readonly string[];
  readonly imageTagMutability?: string;
  readonly lifecyclePolicy?: string;
  readonly encryptionConfiguration?: { readonly encryptionType?: string; readonly kmsKey?: string };
  readonly resourceTags: Readonly<Record<string, string>>;
}

function canonicalJson(text: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  try {
    return sortKeys(JSON.parse(text));
  } catch {
    return text;
  }
}

/**
 * Differences of a template from the desired one. Unset equals ECR's defaults (MUTABLE, AES256); the
 * lifecycle policy compares as JSON; applied-for as a set; resource tags like role tags.
 */
export function diffTemplate(desired: DesiredTemplate, actual: TemplateActual): Difference[] {
  const out: Difference[] = [];
  const field = (path: string, e: unknown, a: unknown) => {
    if (JSON.stringify(e) === JSON.stringify(a)) return;
    out.push({
      path,
      expected: e,
      actual: a,
      type: a === undefined ? "ADD" : e === undefined ? "REMOVE" : "NOT_EQUAL",
    });
  };
  field("appliedFor", [...desired.appliedFor].sort(), [...actual.appliedFor].sort());
  field("description", desired.description, actual.description);
  field("encryptionConfiguration", desired.encryptionConfiguration, {
    encryptionType: actual.encryptionConfiguration?.encryptionType ?? "AES256",
    ...(actual.encryptionConfiguration?.kmsKey ? { kmsKey: actual.encryptionConfiguration.kmsKey } : {}),
  });
  field("imageTagMutability", desired.imageTagMutability, actual.imageTagMutability ?? "MUTABLE");
  field("lifecyclePolicy", canonicalJson(desired.lifecyclePolicy), canonicalJson(actual.lifecyclePolicy));
  out.push(
    ...diffTags(desired.resourceTags, actual.resourceTags).map((d) => ({ ...d, path: `resource${d.path}` })),
  );
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

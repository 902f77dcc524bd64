/**
 * IAM policy documents compared by meaning, not text.
 *
 * IAM returns `AssumeRolePolicyDocument` (GetRole) and `PolicyDocument` (GetRolePolicy) URL-encoded, may
 * reformat whitespace, and accepts `Action`/`Resource`/principal values as a string or an array. ACK's
 * `IAMPolicyDocumentEqual` ignores statement order and string-vs-array forms; we do the same, and also treat
 * action names case-insensitively (IAM does) and ignore `Sid` (a label, not a permission).
 */

import { sortKeys } from "../../common/json";

/**
 * A policy document as JSON of any shape: what AWS hands back may use forms we never write (a string for a
 * list, `NotAction`, an account id as principal). What the package writes is `common/policyDocument.ts`.
 */
export type PolicyJson = Record<string, unknown>;

/** What the comparison takes: IAM's URL-encoded text, JSON text, or a parsed document of any shape. */
export type PolicyInput = string | object;

/** Thrown when a document is neither JSON nor URL-encoded JSON. */
export class PolicyDocumentError extends Error {
  override readonly name = "PolicyDocumentError";
}

/**
 * Parses a policy document as IAM returns it: URL-encoded JSON text, plain JSON text, or an object.
 *
 * @example
 * decodePolicy("%7B%22Version%22%3A%222012-10-17%22%7D"); // { Version: "2012-10-17" }
 */
export function decodePolicy(doc: PolicyInput): PolicyJson {
  if (typeof doc !== "string") return doc as PolicyJson;
  const text = doc.trimStart().startsWith("{") ? doc : safeDecode(doc);
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new PolicyDocumentError("policy document is not a JSON object");
    }
    return parsed as PolicyJson;
  } catch (e) {
    if (e instanceof PolicyDocumentError) throw e;
    throw new PolicyDocumentError("policy document is not JSON", { cause: e });
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch (e) {
    throw new PolicyDocumentError("policy document is not URL-encoded JSON", { cause: e });
  }
}

const asSortedSet = (v: unknown, lower = false): unknown[] => {
  const items = (Array.isArray(v) ? v : [v]).map((x) =>
    lower && typeof x === "string" ? x.toLowerCase() : x,
  );
  return [...new Set(items.map((x) => JSON.stringify(sortKeys(x))))].sort().map((s) => JSON.parse(s));
};

/** IAM stores an account id principal as its root ARN. */
const accountRoot = (v: unknown) =>
  typeof v === "string" && /^\d{12}$/.test(v) ? `arn:aws:iam::${v}:root` : v;

function normalisePrincipal(p: unknown): unknown {
  // "*" and {"AWS": "*"} mean the same (IAM docs, "AWS JSON policy elements: Principal").
  if (p === "*") return { AWS: ["*"] };
  if (p === null || typeof p !== "object") return p;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(p).sort()) {
    const v = (p as Record<string, unknown>)[k];
    out[k] = asSortedSet(k === "AWS" ? (Array.isArray(v) ? v.map(accountRoot) : accountRoot(v)) : v);
  }
  return out;
}

function normaliseCondition(c: unknown): unknown {
  if (c === null || typeof c !== "object") return c;
  const out: Record<string, unknown> = {};
  for (const op of Object.keys(c).sort()) {
    const block = (c as Record<string, unknown>)[op];
    if (block === null || typeof block !== "object") {
      out[op] = block;
      continue;
    }
    const keys: Record<string, unknown> = {};
    // Condition keys are case-insensitive in IAM; values are not.
    for (const k of Object.keys(block).sort())
      keys[k.toLowerCase()] = asSortedSet((block as Record<string, unknown>)[k]);
    out[op] = keys;
  }
  return out;
}

function normaliseStatement(s: unknown): unknown {
  if (s === null || typeof s !== "object") return s;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s as Record<string, unknown>)) {
    switch (k) {
      case "Sid":
        break;
      case "Action":
      case "NotAction":
        out[k] = asSortedSet(v, true);
        break;
      case "Resource":
      case "NotResource":
        out[k] = asSortedSet(v);
        break;
      case "Principal":
      case "NotPrincipal":
        out[k] = normalisePrincipal(v);
        break;
      case "Condition":
        out[k] = normaliseCondition(v);
        break;
      default:
        out[k] = sortKeys(v);
    }
  }
  return sortKeys(out);
}

/**
 * Canonical form of a policy: statements normalised, de-duplicated and sorted; `Version` defaulted to
 * "2008-10-17" as IAM does when it is absent.
 */
export function normalisePolicy(doc: PolicyInput): PolicyJson {
  const d = decodePolicy(doc);
  const statements =
    d.Statement === undefined ? [] : Array.isArray(d.Statement) ? d.Statement : [d.Statement];
  const normalised = [...new Set(statements.map((s) => JSON.stringify(normaliseStatement(s))))].sort();
  const out: PolicyJson = {};
  for (const [k, v] of Object.entries(d))
    if (k !== "Statement" && k !== "Version" && k !== "Id") out[k] = sortKeys(v);
  out.Version = d.Version ?? "2008-10-17";
  out.Statement = normalised.map((s) => JSON.parse(s));
  return sortKeys(out) as PolicyJson;
}

/**
 * True when two documents grant the same thing.
 *
 * @example
 * policiesEqual(encodeURIComponent(JSON.stringify(desired)), desired); // true
 */
export function policiesEqual(a: PolicyInput, b: PolicyInput): boolean {
  return JSON.stringify(normalisePolicy(a)) === JSON.stringify(normalisePolicy(b));
}

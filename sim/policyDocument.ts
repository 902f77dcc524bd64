/**
 * The checks IAM makes on policy documents (MalformedPolicyDocument), and the evaluation of a trust policy
 * that ValidatePullThroughCacheRule needs. Not a policy engine: enough grammar to reject what IAM rejects
 * in the reconciler's paths.
 */

type Statement = Record<string, unknown>;

const VERSIONS = new Set(["2012-10-17", "2008-10-17"]);

/** Which kind of document: trust policies need a Principal and may not name a Resource; permission policies the reverse. */
export type PolicyKind = "trust" | "permissions";

/**
 * Why IAM would reject the document as malformed, or undefined when it is acceptable.
 *
 * @example
 * malformedReason("{}", "trust"); // "Missing required field Statement"
 */
export function malformedReason(text: string, kind: PolicyKind): string | undefined {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return "Syntax errors in policy.";
  }
  if (!isObject(document)) return "Syntax errors in policy.";
  if (document.Version !== undefined && !VERSIONS.has(String(document.Version))) {
    return "The policy must contain a valid version string";
  }
  const statements = statementsOf(document);
  if (statements === undefined) return "Missing required field Statement";
  if (statements.length === 0) return "Missing required field Statement";
  for (const statement of statements) {
    if (!isObject(statement)) return "Syntax errors in policy.";
    if (statement.Effect !== "Allow" && statement.Effect !== "Deny") return "Missing required field Effect";
    if (statement.Action === undefined && statement.NotAction === undefined) {
      return "Missing required field Action";
    }
    const hasPrincipal = statement.Principal !== undefined || statement.NotPrincipal !== undefined;
    const hasResource = statement.Resource !== undefined || statement.NotResource !== undefined;
    if (kind === "trust") {
      if (!hasPrincipal) return "Missing required field Principal";
      if (hasResource) return "Has prohibited field Resource";
    } else {
      if (hasPrincipal) return "Policy document should not specify a principal.";
      if (!hasResource) return "Missing required field Resource";
    }
  }
  return undefined;
}

/**
 * True when the trust policy lets `servicePrincipal` call `sts:AssumeRole`: some Allow statement names the
 * service (or `*`) and the action, and no Deny statement does. Conditions are taken as met: which context
 * keys ECR sends when it assumes the role is not documented.
 */
export function trustAllowsService(text: string, servicePrincipal: string): boolean {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return false;
  }
  if (!isObject(document)) return false;
  const statements = (statementsOf(document) ?? []).filter(isObject);
  const matches = (statement: Statement) =>
    actionMatches(statement.Action, "sts:AssumeRole") &&
    principalMatches(statement.Principal, servicePrincipal);
  if (statements.some((s) => s.Effect === "Deny" && matches(s))) return false;
  return statements.some((s) => s.Effect === "Allow" && matches(s));
}

function statementsOf(document: Record<string, unknown>): unknown[] | undefined {
  const statement = document.Statement;
  if (statement === undefined) return undefined;
  return Array.isArray(statement) ? statement : [statement];
}

function actionMatches(action: unknown, wanted: string): boolean {
  return asList(action).some((pattern) => wildcardMatch(pattern.toLowerCase(), wanted.toLowerCase()));
}

function principalMatches(principal: unknown, service: string): boolean {
  if (principal === "*") return true;
  if (!isObject(principal)) return false;
  return asList(principal.Service).includes(service);
}

function wildcardMatch(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`).test(value);
}

function asList(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

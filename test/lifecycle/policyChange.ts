/**
 * What a change of the execution role's policy newly allows, for the simulated account to deny while it
 * propagates (sim/callerPolicies.ts, `newlyAllowed`): IAM serves the old policy meanwhile, so a call is denied
 * when an authorization it needs is allowed by the new policy and was not by the old one.
 *
 * A small evaluator of the component's own statements (Allow only, as executionRolePolicy writes them): action
 * and resource wildcards, and the condition operators it uses, over the request context IAM builds for the
 * reconciler's calls. The full evaluation, by an IAM policy simulator, is test/component/executionRolePolicy.test.ts.
 */
import type { ConditionBlock, PolicyDocument, PolicyStatement } from "../../common/policyDocument";
import type { NewlyAllowed, PropagatingCaller } from "../../sim";

type Call = Parameters<NonNullable<PropagatingCaller["newlyAllowed"]>>[0];
type Context = Readonly<Record<string, readonly string[]>>;

/** One authorization IAM checks for a call, with its request context. */
interface Authorization extends NewlyAllowed {
  readonly context: Context;
}

/** Where the calls are made, and the tags of the roles that exist (what `iam:ResourceTag` reads). */
export interface CallSite {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  readonly roleTags: (roleName: string) => Readonly<Record<string, string>> | undefined;
}

const list = (v: string | readonly string[] | undefined): readonly string[] =>
  v === undefined ? [] : typeof v === "string" ? [v] : v;

/** IAM's wildcard match: `*` any run of characters, `?` one; actions case-insensitively. */
function matches(pattern: string, value: string, ignoreCase: boolean): boolean {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`, ignoreCase ? "i" : "").test(value);
}

/** The operators executionRolePolicy writes; an unknown one fails closed. */
function conditionHolds(operator: string, key: string, wanted: readonly string[], context: Context): boolean {
  const actual = context[key];
  const equal = () => actual?.some((v) => wanted.includes(v)) === true;
  switch (operator) {
    case "StringEquals":
      return equal();
    case "StringEqualsIfExists":
      return actual === undefined || equal();
    case "Null":
      return (actual === undefined) === (wanted[0] === "true");
    case "ForAllValues:StringNotEquals":
      return (actual ?? []).every((v) => !wanted.includes(v));
    default:
      return false;
  }
}

const conditionsHold = (block: ConditionBlock | undefined, context: Context) =>
  Object.entries(block ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, wanted]) => conditionHolds(operator, key, list(wanted), context)),
  );

const allows = (s: PolicyStatement, a: Authorization) =>
  s.Effect === "Allow" &&
  list(s.Action).some((p) => matches(p, a.action, true)) &&
  list(s.Resource).some((p) => matches(p, a.resource, false)) &&
  conditionsHold(s.Condition, a.context);

const allowedBy = (policy: PolicyDocument, a: Authorization) => policy.Statement.some((s) => allows(s, a));

const tagContext = (prefix: string, tags: Readonly<Record<string, string>> | undefined) =>
  Object.fromEntries(Object.entries(tags ?? {}).map(([k, v]) => [`${prefix}/${k}`, [v]]));

interface CallInput {
  readonly RoleName?: string;
  readonly Path?: string;
  readonly Tags?: readonly { Key?: string; Value?: string }[];
  readonly AWSServiceName?: string;
  readonly customRoleArn?: string;
}

/** The IAM calls: the role's ARN, its tags, the tags the call sets, and tag-on-create's iam:TagRole. */
function iamAuthorizations(call: Call, input: CallInput, site: CallSite): Authorization[] {
  const name = input.RoleName ?? "";
  const resource = `arn:${site.partition}:iam::${site.accountId}:role${input.Path ?? "/"}${name}`;
  const requestTags = Object.fromEntries((input.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
  const context: Context = {
    ...tagContext("iam:ResourceTag", site.roleTags(name)),
    ...tagContext("aws:RequestTag", requestTags),
    ...(input.Tags ? { "aws:TagKeys": Object.keys(requestTags) } : {}),
    ...(input.AWSServiceName ? { "iam:AWSServiceName": [input.AWSServiceName] } : {}),
  };
  const own = { action: `iam:${call.operation}`, resource, context };
  const tagging = call.operation === "CreateRole" && (input.Tags?.length ?? 0) > 0;
  return tagging ? [own, { ...own, action: "iam:TagRole" }] : [own];
}

/** What IAM checks for a call, the call's own action first. */
function authorizationsOf(call: Call, site: CallSite): Authorization[] {
  const input = (call.input ?? {}) as CallInput;
  if (call.service === "iam") return iamAuthorizations(call, input, site);
  const own = { action: `${call.service}:${call.operation}`, resource: "*", context: {} };
  if (call.service !== "ecr") return [own];
  const ecr = { ...own, context: { "aws:RequestedRegion": [site.region] } };
  const roleName = input.customRoleArn?.split("/").at(-1) ?? "";
  const passed = call.operation.includes("RepositoryCreationTemplate")
    ? "ecr.amazonaws.com"
    : "pullthroughcache.ecr.amazonaws.com";
  const pass = {
    action: "iam:PassRole",
    resource: input.customRoleArn ?? "",
    context: { ...tagContext("iam:ResourceTag", site.roleTags(roleName)), "iam:PassedToService": [passed] },
  };
  return input.customRoleArn === undefined ? [ecr] : [ecr, pass];
}

/**
 * The predicate the simulated account denies with while `after` propagates, `before` being in force. SSM and
 * STS calls are left out: the change never touches their statements.
 *
 * @example
 * account.attachCallerPolicy(fn, { principalArn, propagationMs: 8000, newlyAllowed: newlyAllowedBy(old, next, site) });
 */
export function newlyAllowedBy(
  before: PolicyDocument,
  after: PolicyDocument,
  site: CallSite,
): (call: Call) => NewlyAllowed | undefined {
  return (call) => {
    if (call.service !== "iam" && call.service !== "ecr") return undefined;
    const added = authorizationsOf(call, site).find((a) => allowedBy(after, a) && !allowedBy(before, a));
    return added && { action: added.action, resource: added.resource };
  };
}

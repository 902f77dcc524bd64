/**
 * In-memory builders for the reconciler's pure modules: a run context, configs (one, or any valid one via
 * fast-check), the role as IAM returns it, and small policy helpers. No I/O, no mocks.
 */
import fc from "fast-check";
import { type Config, ECR_PREFIX_PATTERN, parseConfig } from "../../common/config/schema";
import type { PolicyDocument } from "../../common/policyDocument";
import type { RunContext } from "../../reconciler/engine/types";
import type { DesiredRole, RoleActual } from "../../reconciler/resources/role/types";

export const ECHO_ACCOUNT = "123456789012";
export const CTX: RunContext = {
  accountId: "111122223333",
  region: "eu-west-1",
  partition: "aws",
  ownerId: "org/stack/echo",
};

/** A parsed config; a document the schema rejects is a mistake in the test itself. */
export function configOf(overrides: Record<string, unknown> = {}): Config {
  const result = parseConfig({ sourceRegistryAccountId: ECHO_ACCOUNT, ...overrides });
  if (!result.ok) throw new Error(`test config is invalid: ${result.errors.join("; ")}`);
  return result.config;
}

export const THE_NINE_ACTIONS = [
  "ecr:BatchGetImage",
  "ecr:BatchImportUpstreamImage",
  "ecr:CompleteLayerUpload",
  "ecr:GetAuthorizationToken",
  "ecr:GetDownloadUrlForLayer",
  "ecr:GetImageCopyStatus",
  "ecr:InitiateLayerUpload",
  "ecr:PutImage",
  "ecr:UploadLayerPart",
];
export const READS = [
  "ecr:BatchGetImage",
  "ecr:BatchImportUpstreamImage",
  "ecr:GetDownloadUrlForLayer",
  "ecr:GetImageCopyStatus",
];
export const WRITES = [
  "ecr:CompleteLayerUpload",
  "ecr:InitiateLayerUpload",
  "ecr:PutImage",
  "ecr:UploadLayerPart",
];

export const list = (v: unknown): string[] => (Array.isArray(v) ? v : [v]) as string[];

/** Which resources each action is granted on, across all Allow statements. */
export function grants(policy: PolicyDocument): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const s of policy.Statement) {
    if (s.Effect !== "Allow") continue;
    for (const action of list(s.Action)) {
      out[action] ??= new Set();
      for (const r of list(s.Resource)) out[action].add(r);
    }
  }
  return Object.fromEntries(Object.entries(out).map(([a, rs]) => [a, [...rs].sort()]));
}

// Valid config documents, built from the shapes AWS accepts.
export const segment = fc.stringMatching(/^[a-z0-9]{1,6}$/);
export const component = fc
  .tuple(segment, fc.array(fc.tuple(fc.constantFrom(".", "_", "__", "-", "--"), segment), { maxLength: 2 }))
  .map(([head, rest]) => head + rest.map(([sep, seg]) => sep + seg).join(""));
export const prefix = fc
  .tuple(fc.array(component, { minLength: 1, maxLength: 3 }), fc.boolean())
  .map(([cs, slash]) => cs.join("/") + (slash ? "/" : ""))
  .filter((p) => p.length >= 2 && p.length <= 30 && ECR_PREFIX_PATTERN.test(p));
export const validConfig: fc.Arbitrary<Config> = fc
  .record(
    {
      sourceRegistryAccountId: fc.stringMatching(/^[0-9]{12}$/),
      sourceRegistryRegion: fc.constantFrom(
        "us-east-1",
        "us-west-2",
        "eu-central-1",
        "ap-southeast-2",
        "il-central-1",
      ),
      repositoryPrefix: fc.oneof(prefix, fc.constant("ROOT")),
      upstreamRepositoryPrefix: fc.oneof(prefix, fc.constant("ROOT")),
      roleName: fc.stringMatching(/^[\w+=,.@-]{1,64}$/),
      rolePath: fc.constantFrom("/", "/echo/", "/team/a/"),
      tags: fc.dictionary(
        fc.stringMatching(/^[a-z][a-z0-9_.:/=+@-]{0,19}$/),
        fc.stringMatching(/^[\w .:/=+@-]{0,20}$/),
        {
          maxKeys: 4,
        },
      ),
      mode: fc.constantFrom("enforce", "detect", "paused"),
      adopt: fc.boolean(),
      allowReplace: fc.boolean(),
    },
    { requiredKeys: ["sourceRegistryAccountId"] },
  )
  .map(({ upstreamRepositoryPrefix, ...c }) =>
    // ECR: an upstream prefix only when the cache prefix is not ROOT.
    c.repositoryPrefix === "ROOT" || upstreamRepositoryPrefix === undefined
      ? c
      : { ...c, upstreamRepositoryPrefix },
  )
  .map((doc) => {
    const result = parseConfig(doc);
    if (!result.ok) throw new Error(`generator made an invalid config: ${result.errors.join("; ")}`);
    return result.config;
  });
export const runContext: fc.Arbitrary<RunContext> = fc.record({
  accountId: fc.stringMatching(/^[0-9]{12}$/),
  region: fc.constantFrom("us-east-1", "eu-west-1", "ap-northeast-1"),
  partition: fc.constant("aws"),
  ownerId: fc.stringMatching(/^[a-z0-9/-]{1,40}$/),
});

/** Rewrites a document the way IAM hands it back: keys reversed, statements reversed, one-item lists, URL-encoded. */
export function asIamReturnsIt(doc: PolicyDocument): string {
  const reorder = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(reorder);
    if (v !== null && typeof v === "object") {
      return Object.fromEntries(
        Object.entries(v)
          .reverse()
          .map(([k, x]) => [k, ["Action", "Resource"].includes(k) ? list(x) : reorder(x)]),
      );
    }
    return v;
  };
  const statements = [...(doc.Statement as unknown[])].reverse();
  return encodeURIComponent(JSON.stringify(reorder({ ...doc, Statement: statements }), null, 2));
}

/** The role as GetRole & co. return it when nobody has touched it. */
export function roleInSync(desired: DesiredRole): RoleActual {
  return {
    name: desired.name,
    path: desired.path,
    arn: desired.arn,
    trustPolicy: asIamReturnsIt(desired.trustPolicy),
    inlinePolicyNames: [desired.inlinePolicyName],
    inlinePolicy: asIamReturnsIt(desired.inlinePolicy),
    attachedPolicyArns: [],
    tags: { ...desired.tags },
  };
}

export const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
export const TRUST_WITH_CONDITION = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Service: "pullthroughcache.ecr.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": "999999999999" } },
    },
  ],
};

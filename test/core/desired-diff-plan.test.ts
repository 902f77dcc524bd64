import fc from "fast-check";
import { type Config, ECR_PREFIX_PATTERN, parseConfig } from "../../common/config/schema";
import { INLINE_POLICY_NAME, OWNER_TAG_KEY } from "../../common/constants";
import {
  type Difference,
  type Observation,
  RESOURCE_TYPES,
  type ResourceReport,
  type ResourceType,
  type RunAction,
} from "../../common/types";
import {
  type DesiredRole,
  type DesiredRule,
  desiredState,
  pullPolicy,
  type RunContext,
} from "../../reconciler/core/desired";
import {
  diffRole,
  diffRule,
  diffTags,
  type RoleActual,
  RULE_FIELDS,
  type RuleActual,
  ruleNeedsReplace,
} from "../../reconciler/core/diff";
import { appliesChanges, decide, type ItemFacts } from "../../reconciler/core/plan";
import type { PolicyDocument } from "../../reconciler/core/policy";
import { buildReport, type ReportParts, reportStatus } from "../../reconciler/core/report";
import type { ResourceAdapter, Step } from "../../reconciler/engine/adapter";
import { AwsCallError } from "../../reconciler/engine/errors";
import {
  type ApplyOptions,
  applyPlan,
  type Item,
  planItems,
  toResourceReport,
} from "../../reconciler/engine/loop";

const ECHO_ACCOUNT = "123456789012";
const CTX: RunContext = {
  accountId: "111122223333",
  region: "eu-west-1",
  partition: "aws",
  ownerId: "org/stack/echo",
};

/** A parsed config; a document the schema rejects is a mistake in the test itself. */
function configOf(overrides: Record<string, unknown> = {}): Config {
  const result = parseConfig({ sourceRegistryAccountId: ECHO_ACCOUNT, ...overrides });
  if (!result.ok) throw new Error(`test config is invalid: ${result.errors.join("; ")}`);
  return result.config;
}

const THE_NINE_ACTIONS = [
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
const READS = [
  "ecr:BatchGetImage",
  "ecr:BatchImportUpstreamImage",
  "ecr:GetDownloadUrlForLayer",
  "ecr:GetImageCopyStatus",
];
const WRITES = ["ecr:CompleteLayerUpload", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"];

const list = (v: unknown): string[] => (Array.isArray(v) ? v : [v]) as string[];

/** Which resources each action is granted on, across all Allow statements. */
function grants(policy: PolicyDocument): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const s of policy.Statement as Array<Record<string, unknown>>) {
    if (s.Effect !== "Allow") continue;
    for (const action of list(s.Action)) {
      out[action] ??= new Set();
      for (const r of list(s.Resource)) out[action].add(r);
    }
  }
  return Object.fromEntries(Object.entries(out).map(([a, rs]) => [a, [...rs].sort()]));
}

// Valid config documents, built from the shapes AWS accepts.
const segment = fc.stringMatching(/^[a-z0-9]{1,6}$/);
const component = fc
  .tuple(segment, fc.array(fc.tuple(fc.constantFrom(".", "_", "__", "-", "--"), segment), { maxLength: 2 }))
  .map(([head, rest]) => head + rest.map(([sep, seg]) => sep + seg).join(""));
const prefix = fc
  .tuple(fc.array(component, { minLength: 1, maxLength: 3 }), fc.boolean())
  .map(([cs, slash]) => cs.join("/") + (slash ? "/" : ""))
  .filter((p) => p.length >= 2 && p.length <= 30 && ECR_PREFIX_PATTERN.test(p));
const validConfig: fc.Arbitrary<Config> = fc
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
const runContext: fc.Arbitrary<RunContext> = fc.record({
  accountId: fc.stringMatching(/^[0-9]{12}$/),
  region: fc.constantFrom("us-east-1", "eu-west-1", "ap-northeast-1"),
  partition: fc.constant("aws"),
  ownerId: fc.stringMatching(/^[a-z0-9/-]{1,40}$/),
});

describe("desiredState", () => {
  it("points the rule at Echo's registry and the role, and tags the role as ours", () => {
    // Prepare
    const config = configOf({
      sourceRegistryRegion: "us-west-2",
      rolePath: "/echo/",
      tags: { team: "platform" },
    });

    // Act
    const desired = desiredState(config, CTX);

    // Assess
    expect(desired.rule).toEqual({
      ecrRepositoryPrefix: "echo",
      upstreamRegistryUrl: "123456789012.dkr.ecr.us-west-2.amazonaws.com",
      upstreamRegistry: "ecr",
      upstreamRepositoryPrefix: "ROOT",
      customRoleArn: "arn:aws:iam::111122223333:role/echo/echo-pullthrough-cache-role",
      registryId: "111122223333",
    });
    expect(desired.role).toEqual(
      expect.objectContaining({
        name: "echo-pullthrough-cache-role",
        path: "/echo/",
        arn: "arn:aws:iam::111122223333:role/echo/echo-pullthrough-cache-role",
        inlinePolicyName: INLINE_POLICY_NAME,
        tags: { team: "platform", [OWNER_TAG_KEY]: "org/stack/echo" },
      }),
    );
  });

  it("puts the role at the root path as role/<name>", () => {
    // Act
    const desired = desiredState(configOf(), CTX);

    // Assess
    expect(desired.role.arn).toBe("arn:aws:iam::111122223333:role/echo-pullthrough-cache-role");
  });

  it("lets only ECR's pull-through cache service assume the role", () => {
    // Act
    const desired = desiredState(configOf(), CTX);

    // Assess
    expect(desired.role.trustPolicy).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "pullthroughcache.ecr.amazonaws.com" },
          Action: "sts:AssumeRole",
        },
      ],
    });
  });

  it.each([
    {
      reason: "a ROOT upstream prefix reads every repository of Echo's registry",
      overrides: {},
      upstream: "arn:aws:ecr:us-west-2:123456789012:repository/*",
      cache: "arn:aws:ecr:eu-west-1:111122223333:repository/echo/*",
    },
    {
      reason: "an upstream prefix limits reads to the repositories under it",
      overrides: { upstreamRepositoryPrefix: "hardened" },
      upstream: "arn:aws:ecr:us-west-2:123456789012:repository/hardened/*",
      cache: "arn:aws:ecr:eu-west-1:111122223333:repository/echo/*",
    },
    {
      reason: "a trailing '/' in a prefix is not doubled",
      overrides: { repositoryPrefix: "team/a/", upstreamRepositoryPrefix: "hardened/" },
      upstream: "arn:aws:ecr:us-west-2:123456789012:repository/hardened/*",
      cache: "arn:aws:ecr:eu-west-1:111122223333:repository/team/a/*",
    },
    {
      reason: "a ROOT cache prefix caches into every repository of this account",
      overrides: { repositoryPrefix: "ROOT" },
      upstream: "arn:aws:ecr:us-west-2:123456789012:repository/*",
      cache: "arn:aws:ecr:eu-west-1:111122223333:repository/*",
    },
  ])("scopes the pull policy: $reason", ({ overrides, upstream, cache }) => {
    // Prepare
    const config = configOf({ sourceRegistryRegion: "us-west-2", ...overrides });

    // Act
    const policy = pullPolicy(config, CTX);

    // Assess
    const expected: Record<string, string[]> = { "ecr:GetAuthorizationToken": ["*"] };
    // ECR may evaluate reads and imports against the cached copy too, so they are also granted on the cache.
    for (const a of READS) expected[a] = [...new Set([upstream, cache])].sort();
    for (const a of WRITES) expected[a] = [cache];
    expect(grants(policy)).toEqual(expected);
  });

  it("grants the same nine actions, and '*' only for GetAuthorizationToken, whatever the config", () => {
    fc.assert(
      fc.property(validConfig, runContext, (config, ctx) => {
        // Act
        const desired = desiredState(config, ctx);

        // Assess
        const granted = grants(desired.role.inlinePolicy);
        expect(Object.keys(granted).sort()).toEqual(THE_NINE_ACTIONS);
        for (const [action, resources] of Object.entries(granted)) {
          if (action === "ecr:GetAuthorizationToken") expect(resources).toEqual(["*"]);
          else
            for (const r of resources)
              expect(r).toMatch(/^arn:aws:ecr:[a-z0-9-]+:[0-9]{12}:repository\/(.+\/)?\*$/);
        }
        expect(desired.role.tags[OWNER_TAG_KEY]).toBe(ctx.ownerId);
      }),
      { numRuns: 200 },
    );
  });
});

/** Rewrites a document the way IAM hands it back: keys reversed, statements reversed, one-item lists, URL-encoded. */
function asIamReturnsIt(doc: PolicyDocument): string {
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
function roleInSync(desired: DesiredRole): RoleActual {
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

const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
const TRUST_WITH_CONDITION = {
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

describe("diffRole", () => {
  const desired = desiredState(configOf({ tags: { team: "platform", env: "prod" } }), CTX).role;
  const ours = `Policies[${INLINE_POLICY_NAME}]`;

  it("finds no difference when IAM returns URL-encoded, reordered documents", () => {
    // Prepare
    const actual = roleInSync(desired);

    // Act
    const differences = diffRole(desired, actual);

    // Assess
    expect(differences).toEqual([]);
  });

  it.each([
    {
      reason: "a Condition added to the trust policy changes who may assume the role",
      edit: (a: RoleActual): RoleActual => ({
        ...a,
        trustPolicy: encodeURIComponent(JSON.stringify(TRUST_WITH_CONDITION)),
      }),
      expected: [{ path: "AssumeRolePolicyDocument", type: "NOT_EQUAL" }],
    },
    {
      reason: "an attached AWS managed policy grants more than ours",
      edit: (a: RoleActual): RoleActual => ({ ...a, attachedPolicyArns: [ADMIN] }),
      expected: [{ path: `ManagedPolicyArns[${ADMIN}]`, type: "REMOVE", actual: ADMIN, expected: undefined }],
    },
    {
      reason: "an extra inline policy grants more than ours",
      edit: (a: RoleActual): RoleActual => ({
        ...a,
        inlinePolicyNames: [...a.inlinePolicyNames, "backdoor"],
      }),
      expected: [{ path: "Policies[backdoor]", type: "REMOVE", actual: "backdoor", expected: undefined }],
    },
    {
      reason: "our inline policy was deleted",
      edit: ({ inlinePolicy: _gone, ...a }: RoleActual): RoleActual => ({ ...a, inlinePolicyNames: [] }),
      expected: [{ path: ours, type: "ADD", actual: undefined }],
    },
    {
      reason: "our inline policy was edited",
      edit: (a: RoleActual): RoleActual => ({
        ...a,
        inlinePolicy: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "ecr:*", Resource: "*" }],
        },
      }),
      expected: [{ path: ours, type: "NOT_EQUAL" }],
    },
    {
      reason: "the role was moved to another path",
      edit: (a: RoleActual): RoleActual => ({ ...a, path: "/other/" }),
      expected: [{ path: "Path", type: "NOT_EQUAL", expected: "/", actual: "/other/" }],
    },
    {
      reason: "a tag the config wants was removed",
      edit: ({ tags: { team: _team, ...tags }, ...a }: RoleActual): RoleActual => ({ ...a, tags }),
      expected: [{ path: "Tags[team]", type: "ADD", expected: "platform", actual: undefined }],
    },
    {
      reason: "a tag the config wants has another value",
      edit: (a: RoleActual): RoleActual => ({ ...a, tags: { ...a.tags, env: "dev" } }),
      expected: [{ path: "Tags[env]", type: "NOT_EQUAL", expected: "prod", actual: "dev" }],
    },
    {
      reason: "a tag the config does not want was added",
      edit: (a: RoleActual): RoleActual => ({ ...a, tags: { ...a.tags, extra: "x" } }),
      expected: [{ path: "Tags[extra]", type: "REMOVE", expected: undefined, actual: "x" }],
    },
    {
      reason: "an empty tag value is not an absent tag",
      edit: (a: RoleActual): RoleActual => ({ ...a, tags: { ...a.tags, team: "" } }),
      expected: [{ path: "Tags[team]", type: "NOT_EQUAL", expected: "platform", actual: "" }],
    },
    {
      reason: "the ownership tag was removed",
      edit: ({ tags: { [OWNER_TAG_KEY]: _owner, ...tags }, ...a }: RoleActual): RoleActual => ({
        ...a,
        tags,
      }),
      expected: [{ path: `Tags[${OWNER_TAG_KEY}]`, type: "ADD", expected: CTX.ownerId }],
    },
  ])("reports drift: $reason", ({ edit, expected }) => {
    // Prepare
    const actual = edit(roleInSync(desired));

    // Act
    const differences = diffRole(desired, actual);

    // Assess
    expect(differences).toEqual(expected.map((e) => expect.objectContaining(e)));
  });

  it("sorts differences by path and gives the same answer whatever order IAM lists things in", () => {
    // Prepare
    const drifted: RoleActual = {
      ...roleInSync(desired),
      trustPolicy: TRUST_WITH_CONDITION,
      inlinePolicyNames: ["zeta", INLINE_POLICY_NAME, "alpha"],
      attachedPolicyArns: [ADMIN, "arn:aws:iam::aws:policy/AmazonS3FullAccess"],
      tags: { zz: "1", [OWNER_TAG_KEY]: CTX.ownerId, team: "other", aa: "2" },
    };
    const reordered: RoleActual = {
      ...drifted,
      inlinePolicyNames: [...drifted.inlinePolicyNames].reverse(),
      attachedPolicyArns: [...drifted.attachedPolicyArns].reverse(),
      tags: Object.fromEntries(Object.entries(drifted.tags).reverse()),
    };

    // Act
    const first = diffRole(desired, drifted);
    const second = diffRole(desired, reordered);

    // Assess
    const paths = first.map((d) => d.path);
    expect(paths).toEqual([...paths].sort());
    expect(paths).toEqual([
      "AssumeRolePolicyDocument",
      "ManagedPolicyArns[arn:aws:iam::aws:policy/AdministratorAccess]",
      "ManagedPolicyArns[arn:aws:iam::aws:policy/AmazonS3FullAccess]",
      "Policies[alpha]",
      "Policies[zeta]",
      "Tags[aa]",
      "Tags[env]",
      "Tags[team]",
      "Tags[zz]",
    ]);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });
});

describe("diffTags", () => {
  it.each([
    {
      reason: "the same tag spelt with another case is one IAM tag",
      expected: { team: "platform" },
      actual: { Team: "platform" },
    },
    {
      reason: "a changed value under another case is one IAM tag to set",
      expected: { team: "platform" },
      actual: { Team: "old" },
    },
  ])("never removes a key that names a wanted tag: $reason", ({ expected, actual }) => {
    // IAM role tag keys are case-insensitive, case preserved (lambda/sim/iam.ts mirrors this): TagRole "team"
    // replaces "Team", and a following UntagRole "Team" would then delete the wanted tag.

    // Act
    const differences = diffTags(expected, actual);

    // Assess
    expect(differences.filter((d) => d.type === "REMOVE")).toEqual([]);
  });

  it("compares tags as sets regardless of key order", () => {
    // Prepare
    const expected = { a: "1", b: "2" };
    const actual = { b: "2", a: "1" };

    // Act
    const differences = diffTags(expected, actual);

    // Assess
    expect(differences).toEqual([]);
  });
});

describe("diffRule", () => {
  const desired = desiredState(configOf(), CTX).rule;
  /** The rule as Describe returns it when it matches, with AWS's defaults left out. */
  const inSync: RuleActual = {
    ecrRepositoryPrefix: desired.ecrRepositoryPrefix,
    upstreamRegistryUrl: desired.upstreamRegistryUrl,
    customRoleArn: desired.customRoleArn,
    registryId: desired.registryId,
  };

  it.each([
    {
      reason:
        "absent upstreamRegistry and upstreamRepositoryPrefix are AWS's defaults ecr and ROOT, not drift",
      actual: inSync,
      paths: [],
      replace: false,
    },
    {
      reason: "the defaults spelled out are the same rule",
      actual: { ...inSync, upstreamRegistry: "ecr", upstreamRepositoryPrefix: "ROOT" },
      paths: [],
      replace: false,
    },
    {
      reason: "another upstream registry URL needs a new rule",
      actual: { ...inSync, upstreamRegistryUrl: "999999999999.dkr.ecr.us-east-1.amazonaws.com" },
      paths: ["upstreamRegistryUrl"],
      replace: true,
    },
    {
      reason: "another upstream registry type needs a new rule",
      actual: { ...inSync, upstreamRegistry: "ecr-public" },
      paths: ["upstreamRegistry"],
      replace: true,
    },
    {
      reason: "another upstream repository prefix needs a new rule",
      actual: { ...inSync, upstreamRepositoryPrefix: "other" },
      paths: ["upstreamRepositoryPrefix"],
      replace: true,
    },
    {
      reason: "a credential set out of band cannot be cleared by an update",
      actual: {
        ...inSync,
        credentialArn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:ecr-pullthroughcache/x",
      },
      paths: ["credentialArn"],
      replace: true,
    },
    {
      reason: "another role is changed in place",
      actual: { ...inSync, customRoleArn: "arn:aws:iam::111122223333:role/other" },
      paths: ["customRoleArn"],
      replace: false,
    },
    {
      reason: "a missing role is set in place",
      actual: {
        ecrRepositoryPrefix: inSync.ecrRepositoryPrefix,
        upstreamRegistryUrl: inSync.upstreamRegistryUrl,
      },
      paths: ["customRoleArn"],
      replace: false,
    },
    {
      reason: "an immutable change and a role change together still need a new rule",
      actual: { ...inSync, upstreamRegistry: "quay", customRoleArn: "arn:aws:iam::111122223333:role/other" },
      paths: ["upstreamRegistry", "customRoleArn"],
      replace: true,
    },
  ])("compares rules: $reason", ({ actual, paths, replace }) => {
    // Act
    const differences = diffRule(desired, actual);
    const needsReplace = ruleNeedsReplace(differences);

    // Assess
    expect(differences.map((d) => d.path)).toEqual(paths);
    expect(needsReplace).toBe(replace);
  });

  it("marks an absent actual field as ADD and an unwanted one as REMOVE", () => {
    // Prepare
    const actual: RuleActual = {
      ecrRepositoryPrefix: desired.ecrRepositoryPrefix,
      upstreamRegistryUrl: desired.upstreamRegistryUrl,
      credentialArn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:x",
    };

    // Act
    const differences = diffRule(desired, actual);

    // Assess
    expect(differences).toEqual([
      {
        path: "credentialArn",
        expected: undefined,
        actual: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:x",
        type: "REMOVE",
      },
      { path: "customRoleArn", expected: desired.customRoleArn, actual: undefined, type: "ADD" },
    ]);
  });

  it("treats an absent upstream prefix as a change when the config names one", () => {
    // Prepare
    const wantsPrefix = desiredState(configOf({ upstreamRepositoryPrefix: "hardened" }), CTX).rule;

    // Act
    const differences = diffRule(wantsPrefix, inSync);

    // Assess
    expect(differences).toEqual([
      { path: "upstreamRepositoryPrefix", expected: "hardened", actual: "ROOT", type: "NOT_EQUAL" },
    ]);
    expect(ruleNeedsReplace(differences)).toBe(true);
  });

  it("lets only customRoleArn change in place (ECR's UpdatePullThroughCacheRule)", () => {
    // Act
    const inPlace = RULE_FIELDS.filter((f) => f.update === "in-place").map((f) => f.field);

    // Assess
    expect(inPlace).toEqual(["customRoleArn"]);
  });
});

describe("decide", () => {
  const base: ItemFacts = {
    wanted: true,
    exists: true,
    owned: true,
    adopt: false,
    allowReplace: true,
    differences: [],
    needsReplace: false,
  };
  const drift: Difference[] = [{ path: "customRoleArn", expected: "a", actual: "b", type: "NOT_EQUAL" }];

  it.each([
    {
      reason: "a wanted resource that does not exist is created",
      facts: { exists: false, owned: false },
      decision: "create",
    },
    { reason: "a wanted resource of ours without differences is left alone", facts: {}, decision: "in-sync" },
    {
      reason: "differences that can change in place are updated",
      facts: { differences: drift },
      decision: "update",
    },
    {
      reason: "differences that cannot change in place replace the resource when allowed",
      facts: { differences: drift, needsReplace: true },
      decision: "replace",
    },
    {
      reason: "a needed replace is a conflict when allowReplace is false",
      facts: { differences: drift, needsReplace: true, allowReplace: false },
      decision: "conflict",
    },
    {
      reason: "someone else's resource is a conflict without adopt",
      facts: { owned: false },
      decision: "conflict",
    },
    {
      reason: "someone else's resource is a conflict without adopt even when it differs",
      facts: { owned: false, differences: drift },
      decision: "conflict",
    },
    {
      reason: "adopt takes over someone else's matching resource",
      facts: { owned: false, adopt: true },
      decision: "in-sync",
    },
    {
      reason: "adopt takes over and fixes someone else's resource",
      facts: { owned: false, adopt: true, differences: drift },
      decision: "update",
    },
    { reason: "a stale resource of ours is deleted", facts: { wanted: false }, decision: "delete" },
    {
      reason: "a stale resource that is not ours is never deleted",
      facts: { wanted: false, owned: false },
      decision: "absent",
    },
    {
      reason: "adopt does not extend to deleting what is not ours",
      facts: { wanted: false, owned: false, adopt: true },
      decision: "absent",
    },
    {
      reason: "an unwanted resource that is gone needs nothing",
      facts: { wanted: false, exists: false },
      decision: "absent",
    },
  ] as ReadonlyArray<{ reason: string; facts: Partial<ItemFacts>; decision: string }>)(
    "decides $decision: $reason",
    ({ facts, decision }) => {
      // Act
      const result = decide({ ...base, ...facts });

      // Assess
      expect(result.decision).toBe(decision);
      // A conflict must say why; nothing else carries a reason.
      expect(result.reason !== undefined).toBe(decision === "conflict");
    },
  );
});

describe("appliesChanges", () => {
  it.each([
    { reason: "plan never writes", action: "plan", mode: "enforce", applies: false },
    { reason: "plan never writes, in any mode", action: "plan", mode: "detect", applies: false },
    { reason: "remediate writes even in detect mode", action: "remediate", mode: "detect", applies: true },
    { reason: "remediate writes in enforce mode", action: "remediate", mode: "enforce", applies: true },
    { reason: "reconcile writes in enforce mode", action: "reconcile", mode: "enforce", applies: true },
    { reason: "reconcile only reports in detect mode", action: "reconcile", mode: "detect", applies: false },
    { reason: "reconcile does nothing in paused mode", action: "reconcile", mode: "paused", applies: false },
    { reason: "teardown deletes in any mode", action: "delete", mode: "detect", applies: true },
    { reason: "retain never writes", action: "retain", mode: "enforce", applies: false },
  ] as ReadonlyArray<{ reason: string; action: RunAction; mode: string; applies: boolean }>)(
    "$action in $mode mode applies changes: $applies ($reason)",
    ({ action, mode, applies }) => {
      // Act
      const result = appliesChanges(action, mode);

      // Assess
      expect(result).toBe(applies);
    },
  );
});

// ---- The loop, with in-memory adapters ----

type Fail = (step: Step, attempt: number) => unknown;

/** An adapter kept in memory: the plan comes from the real diff functions, `execute` records and may fail. */
class FakeAdapter<D, A> implements ResourceAdapter<D, A> {
  readonly executed: Step[] = [];
  /** As the real adapters: a rule needs its role. */
  readonly dependsOn: readonly ResourceType[];
  fail: Fail = () => undefined;

  constructor(
    readonly type: ResourceType,
    readonly order: number,
    private readonly log: string[],
    private readonly spec: {
      diff(d: D, a: A): Difference[];
      needsReplace(ds: readonly Difference[]): boolean;
      create(d: D): Step[];
      update(d: D, a: A, ds: readonly Difference[]): Step[];
      delete(a: A): Step[];
    },
  ) {
    this.dependsOn = type === "AWS::ECR::PullThroughCacheRule" ? ["AWS::IAM::Role"] : [];
  }

  observe(): Promise<Observation<A>> {
    throw new Error("planItems and applyPlan never observe");
  }
  diff(d: D, a: A): Difference[] {
    return this.spec.diff(d, a);
  }
  needsReplace(ds: readonly Difference[]): boolean {
    return this.spec.needsReplace(ds);
  }
  createSteps(d: D): Step[] {
    return this.spec.create(d);
  }
  updateSteps(d: D, a: A, ds: readonly Difference[]): Step[] {
    return this.spec.update(d, a, ds);
  }
  deleteSteps(a: A): Step[] {
    return this.spec.delete(a);
  }
  async execute(step: Step): Promise<void> {
    const attempt = this.executed.filter((s) => s === step).length;
    this.executed.push(step);
    this.log.push(`${step.operation} ${step.target}`);
    const cause = this.fail(step, attempt);
    // Wrapped like the real adapters do (engine/errors.ts `call`).
    if (cause !== undefined) throw new AwsCallError(step.operation, step.target, cause);
  }
}

/**
 * Role steps, simplified: each write is marked `propagates`, as the real adapter marks CreateRole, PutRolePolicy
 * and UpdateAssumeRolePolicy (they change what ECR can assume).
 */
function fakeRoleAdapter(log: string[]): FakeAdapter<DesiredRole, RoleActual> {
  return new FakeAdapter<DesiredRole, RoleActual>(RESOURCE_TYPES.role, 1, log, {
    diff: diffRole,
    needsReplace: () => false,
    create: (d) => [
      { operation: "iam:CreateRole", target: d.name, input: {}, propagates: true },
      { operation: "iam:PutRolePolicy", target: d.name, input: {}, propagates: true },
    ],
    update: (d) => [{ operation: "iam:UpdateRole", target: d.name, input: {}, propagates: true }],
    delete: (a) => [{ operation: "iam:DeleteRole", target: a.name, input: {} }],
  });
}

/** Rule steps as the real adapter plans them: create and update may wait for the role to reach ECR. */
function fakeRuleAdapter(log: string[]): FakeAdapter<DesiredRule, RuleActual> {
  return new FakeAdapter<DesiredRule, RuleActual>(RESOURCE_TYPES.rule, 2, log, {
    diff: diffRule,
    needsReplace: ruleNeedsReplace,
    create: (d) => [
      {
        operation: "ecr:CreatePullThroughCacheRule",
        target: d.ecrRepositoryPrefix,
        input: {},
        awaitsPropagation: true,
      },
    ],
    update: (d) => [
      {
        operation: "ecr:UpdatePullThroughCacheRule",
        target: d.ecrRepositoryPrefix,
        input: {},
        awaitsPropagation: true,
      },
    ],
    delete: (a) => [
      { operation: "ecr:DeletePullThroughCacheRule", target: a.ecrRepositoryPrefix, input: {} },
    ],
  });
}

const awsError = (name: string): Error => Object.assign(new Error(`${name}: simulated`), { name });

function item<D, A>(adapter: FakeAdapter<D, A>, id: string, desired: D | undefined, actual?: A): Item {
  return {
    adapter,
    id,
    ...(desired !== undefined ? { desired } : {}),
    observation: actual === undefined ? { exists: false } : { exists: true, actual },
    owned: true,
  };
}

/** A fresh world: desired state, adapters sharing one call log, and a sleep that only records. */
function world(config: Config = configOf()) {
  const desired = desiredState(config, CTX);
  const log: string[] = [];
  const sleeps: number[] = [];
  const role = fakeRoleAdapter(log);
  const rule = fakeRuleAdapter(log);
  const options: ApplyOptions = {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    remainingMs: () => 900_000,
    propagationDelaysMs: [100, 200, 400],
  };
  const ruleActual: RuleActual = {
    ecrRepositoryPrefix: desired.rule.ecrRepositoryPrefix,
    upstreamRegistryUrl: desired.rule.upstreamRegistryUrl,
    customRoleArn: desired.rule.customRoleArn,
  };
  return { desired, log, sleeps, role, rule, options, ruleActual };
}

const OPTIONS = { adopt: false, allowReplace: true };

describe("detect mode is a policy over the same plan", () => {
  it.each([
    { reason: "detect mode reports and lists the steps but sends none", mode: "detect", executes: 0 },
    { reason: "enforce mode sends the same steps", mode: "enforce", executes: 2 },
  ])("$mode: $reason", async ({ mode, executes }) => {
    // Prepare
    const w = world();
    const driftedRole = { ...roleInSync(w.desired.role), attachedPolicyArns: [ADMIN] };
    const items = [
      item(w.role, w.desired.role.name, w.desired.role, driftedRole),
      item(w.rule, w.desired.rule.ecrRepositoryPrefix, w.desired.rule),
    ];

    // Act
    const plan = planItems(items, OPTIONS);
    const result = await applyPlan(plan, appliesChanges("reconcile", mode), w.options);
    const reports = result.outcomes.map(toResourceReport);

    // Assess
    expect(w.role.executed.length + w.rule.executed.length).toBe(executes);
    expect(result.writes).toBe(executes);
    const [roleReport, ruleReport] = reports as [ResourceReport, ResourceReport];
    expect(roleReport.differences).toEqual([
      expect.objectContaining({ path: `ManagedPolicyArns[${ADMIN}]`, type: "REMOVE" }),
    ]);
    expect(roleReport.actions).toEqual(["iam:UpdateRole echo-pullthrough-cache-role"]);
    expect(ruleReport.actions).toEqual(["ecr:CreatePullThroughCacheRule echo"]);
    if (executes === 0) {
      expect(reports.map((r) => [r.status, r.applied])).toEqual([
        ["DRIFTED", false],
        ["MISSING", false],
      ]);
    } else {
      expect(reports.map((r) => [r.status, r.applied])).toEqual([
        ["REMEDIATED", true],
        ["REMEDIATED", true],
      ]);
    }
  });
});

describe("applyPlan ordering", () => {
  it("creates the role before the rule, whatever order the plan lists them in", async () => {
    // Prepare
    const w = world();
    const plan = planItems(
      [item(w.rule, "echo", w.desired.rule), item(w.role, w.desired.role.name, w.desired.role)],
      OPTIONS,
    );

    // Act
    await applyPlan(plan, true, w.options);

    // Assess
    expect(w.log).toEqual([
      "iam:CreateRole echo-pullthrough-cache-role",
      "iam:PutRolePolicy echo-pullthrough-cache-role",
      "ecr:CreatePullThroughCacheRule echo",
    ]);
  });

  it("removes stale resources after the wanted ones, the rule before its role", async () => {
    // Prepare
    const w = world();
    const oldRole: RoleActual = { ...roleInSync(w.desired.role), name: "old-pullthrough-cache-role" };
    const oldRule: RuleActual = { ...w.ruleActual, ecrRepositoryPrefix: "old" };
    const plan = planItems(
      [
        item(w.role, oldRole.name, undefined, oldRole),
        item(w.rule, "old", undefined, oldRule),
        item(w.rule, "echo", w.desired.rule),
        item(w.role, w.desired.role.name, w.desired.role),
      ],
      OPTIONS,
    );

    // Act
    const result = await applyPlan(plan, true, w.options);

    // Assess
    expect(w.log).toEqual([
      "iam:CreateRole echo-pullthrough-cache-role",
      "iam:PutRolePolicy echo-pullthrough-cache-role",
      "ecr:CreatePullThroughCacheRule echo",
      "ecr:DeletePullThroughCacheRule old",
      "iam:DeleteRole old-pullthrough-cache-role",
    ]);
    // Outcomes keep the plan's order.
    expect(result.outcomes.map((o) => o.status)).toEqual(["DELETED", "DELETED", "REMEDIATED", "REMEDIATED"]);
  });

  it.each([
    {
      reason: "the wanted role's update failed",
      roleSetup: (w: ReturnType<typeof world>) => {
        w.role.fail = () => awsError("AccessDeniedException");
        return item(w.role, w.desired.role.name, w.desired.role, {
          ...roleInSync(w.desired.role),
          attachedPolicyArns: [ADMIN],
        });
      },
      roleStatus: "FAILED",
    },
    {
      reason: "the wanted role could not be observed",
      roleSetup: (w: ReturnType<typeof world>): Item => ({
        ...item(w.role, w.desired.role.name, w.desired.role),
        observation: {
          error: new AwsCallError("iam:GetRole", w.desired.role.name, awsError("AccessDeniedException")),
        },
      }),
      roleStatus: "FAILED",
    },
    {
      reason: "the wanted role belongs to someone else",
      roleSetup: (w: ReturnType<typeof world>): Item => ({
        ...item(w.role, w.desired.role.name, w.desired.role, roleInSync(w.desired.role)),
        owned: false,
      }),
      roleStatus: "CONFLICT",
    },
  ])("keeps stale resources and the dependent rule when $reason", async ({ roleSetup, roleStatus }) => {
    // Prepare
    const w = world();
    const oldRule: RuleActual = { ...w.ruleActual, ecrRepositoryPrefix: "old" };
    const plan = planItems(
      [roleSetup(w), item(w.rule, "echo", w.desired.rule), item(w.rule, "old", undefined, oldRule)],
      OPTIONS,
    );

    // Act
    const result = await applyPlan(plan, true, w.options);

    // Assess
    expect(w.rule.executed).toEqual([]);
    expect(result.outcomes.map((o) => [o.status, o.applied])).toEqual([
      [roleStatus, false],
      ["MISSING", false],
      ["STALE", false],
    ]);
    expect(result.outcomes[1]?.reason).toBe("waits for AWS::IAM::Role");
    expect(result.outcomes[2]?.reason).toBe("kept until the wanted resources are in place");
  });
});

describe("applyPlan waits for IAM propagation", () => {
  /** The role needs an update (a `propagates` step) and the rule must be created (an `awaitsPropagation` step). */
  function propagatingRun(w: ReturnType<typeof world>) {
    const driftedRole = { ...roleInSync(w.desired.role), attachedPolicyArns: [ADMIN] };
    return planItems(
      [item(w.role, w.desired.role.name, w.desired.role, driftedRole), item(w.rule, "echo", w.desired.rule)],
      OPTIONS,
    );
  }

  it.each([
    {
      reason: "InvalidParameterException is what ECR may say while the role is not yet usable",
      error: "InvalidParameterException",
    },
    {
      reason: "ValidationException may also mean the role has not propagated (UNCONFIRMED in DOMAIN.md)",
      error: "ValidationException",
    },
  ])("retries the rule after a role change with the injected sleep: $reason", async ({ error }) => {
    // Prepare
    const w = world();
    w.rule.fail = (_step, attempt) => (attempt < 2 ? awsError(error) : undefined);

    // Act
    const result = await applyPlan(propagatingRun(w), true, w.options);

    // Assess
    expect(w.sleeps).toEqual([100, 200]);
    expect(w.rule.executed).toHaveLength(3);
    expect(result.outcomes.map((o) => o.status)).toEqual(["REMEDIATED", "REMEDIATED"]);
    expect(result.writes).toBe(4);
  });

  it("gives up after the last delay and reports the AWS error", async () => {
    // Prepare
    const w = world();
    w.rule.fail = () => awsError("InvalidParameterException");

    // Act
    const result = await applyPlan(propagatingRun(w), true, w.options);

    // Assess
    expect(w.sleeps).toEqual([100, 200, 400]);
    expect(w.rule.executed).toHaveLength(4);
    expect(result.outcomes[1]).toEqual(
      expect.objectContaining({
        status: "FAILED",
        error: expect.objectContaining({
          name: "InvalidParameterException",
          operation: "ecr:CreatePullThroughCacheRule",
        }),
      }),
    );
  });

  it("stops waiting when the Lambda's remaining time would not cover the next delay", async () => {
    // Prepare
    const w = world();
    let remaining = 30_000;
    const options: ApplyOptions = {
      sleep: async (ms) => {
        w.sleeps.push(ms);
        remaining -= ms;
      },
      remainingMs: () => remaining,
      propagationDelaysMs: [5000, 5000, 5000, 5000, 5000],
    };
    w.rule.fail = () => awsError("InvalidParameterException");

    // Act
    const result = await applyPlan(propagatingRun(w), true, options);

    // Assess
    // 10 s are kept back to report: 30 s left allows waits at 30, 25 and 20 s left, not at 15 s.
    expect(w.sleeps).toEqual([5000, 5000, 5000]);
    expect(result.outcomes[1]?.status).toBe("FAILED");
  });

  it("does not retry when no step of this run changed the role", async () => {
    // Prepare
    const w = world();
    w.rule.fail = () => awsError("InvalidParameterException");
    const plan = planItems(
      [
        item(w.role, w.desired.role.name, w.desired.role, roleInSync(w.desired.role)),
        item(w.rule, "echo", w.desired.rule),
      ],
      OPTIONS,
    );

    // Act
    const result = await applyPlan(plan, true, w.options);

    // Assess
    expect(w.sleeps).toEqual([]);
    expect(w.rule.executed).toHaveLength(1);
    expect(result.outcomes.map((o) => o.status)).toEqual(["IN_SYNC", "FAILED"]);
  });

  it("does not retry an error that is not about propagation", async () => {
    // Prepare
    const w = world();
    w.rule.fail = () => awsError("LimitExceededException");

    // Act
    const result = await applyPlan(propagatingRun(w), true, w.options);

    // Assess
    expect(w.sleeps).toEqual([]);
    expect(w.rule.executed).toHaveLength(1);
    expect(result.outcomes[1]?.error?.name).toBe("LimitExceededException");
  });
});

describe("buildReport", () => {
  const roleReport = (id: string): ResourceReport => ({
    type: RESOURCE_TYPES.role,
    id,
    status: "IN_SYNC",
    differences: [],
    actions: [],
    applied: false,
  });
  const ruleReport: ResourceReport = {
    applied: false,
    actions: ["ecr:CreatePullThroughCacheRule echo"],
    differences: [],
    status: "MISSING",
    id: "echo",
    type: RESOURCE_TYPES.rule,
  };

  it("sorts resources by type then id and every object's keys", () => {
    // Prepare
    const parts: ReportParts = {
      action: "plan",
      mode: "enforce",
      resources: [roleReport("b-role"), ruleReport, roleReport("a-role")],
      errors: [],
      writes: 0,
    };

    // Act
    const report = buildReport(parts);

    // Assess
    expect(report.resources.map((r) => `${r.type} ${r.id}`)).toEqual([
      "AWS::ECR::PullThroughCacheRule echo",
      "AWS::IAM::Role a-role",
      "AWS::IAM::Role b-role",
    ]);
    expect(Object.keys(report)).toEqual([...Object.keys(report)].sort());
    expect(Object.keys(report.resources[0] as object)).toEqual([
      "actions",
      "applied",
      "differences",
      "id",
      "status",
      "type",
    ]);
    expect(report.status).toBe("DRIFTED");
  });

  it("prints byte-identical JSON for equal inputs given in any order", () => {
    // Prepare
    const errors = [
      {
        resource: "echo",
        operation: "ecr:CreatePullThroughCacheRule",
        name: "LimitExceededException",
        message: "m",
        retryable: false,
      },
      {
        name: "AccessDeniedException",
        message: "n",
        retryable: false,
        operation: "iam:GetRole",
        resource: "a-role",
      },
    ];
    const one: ReportParts = {
      action: "reconcile",
      mode: "enforce",
      resources: [roleReport("b-role"), ruleReport, roleReport("a-role")],
      errors,
      writes: 2,
      upstream: { valid: true },
    };
    const other: ReportParts = {
      upstream: { valid: true },
      writes: 2,
      errors: [...errors]
        .reverse()
        .map((e) => Object.fromEntries(Object.entries(e).reverse()) as (typeof errors)[number]),
      resources: [roleReport("a-role"), roleReport("b-role"), { ...ruleReport }],
      mode: "enforce",
      action: "reconcile",
    };

    // Act
    const a = JSON.stringify(buildReport(one));
    const b = JSON.stringify(buildReport(other));

    // Assess
    expect(a).toBe(b);
    expect(JSON.parse(a).status).toBe("FAILED");
    expect(JSON.parse(a).errors.map((e: { resource: string }) => e.resource)).toEqual(["a-role", "echo"]);
  });

  it("leaves out optional parts that are not given", () => {
    // Act
    const report = buildReport({
      action: "reconcile",
      mode: "enforce",
      resources: [],
      errors: [],
      writes: 0,
    });

    // Assess
    expect(Object.keys(report)).toEqual(["action", "errors", "mode", "resources", "status", "writes"]);
    expect(report.status).toBe("IN_SYNC");
  });
});

describe("reportStatus", () => {
  const r = (status: ResourceReport["status"], applied = false): ResourceReport => ({
    type: RESOURCE_TYPES.role,
    id: "x",
    status,
    differences: [],
    actions: [],
    applied,
  });
  const anError = { name: "AccessDeniedException", message: "no", retryable: false };

  it.each([
    {
      reason: "any error fails the run",
      action: "reconcile",
      resources: [r("REMEDIATED", true)],
      errors: [anError],
      status: "FAILED",
    },
    {
      reason: "teardown reports DELETED",
      action: "delete",
      resources: [r("DELETED", true)],
      errors: [],
      status: "DELETED",
    },
    {
      reason: "a fix applied this run is REMEDIATED",
      action: "reconcile",
      resources: [r("REMEDIATED", true)],
      errors: [],
      status: "REMEDIATED",
    },
    {
      reason: "drift left in place is DRIFTED",
      action: "reconcile",
      resources: [r("IN_SYNC"), r("DRIFTED")],
      errors: [],
      status: "DRIFTED",
    },
    {
      reason: "a conflict is drift the reconciler may not fix",
      action: "reconcile",
      resources: [r("CONFLICT")],
      errors: [],
      status: "DRIFTED",
    },
    {
      reason: "a missing resource in detect mode is drift",
      action: "reconcile",
      resources: [r("MISSING")],
      errors: [],
      status: "DRIFTED",
    },
    {
      reason: "nothing to do is IN_SYNC",
      action: "reconcile",
      resources: [r("IN_SYNC")],
      errors: [],
      status: "IN_SYNC",
    },
  ] as ReadonlyArray<{
    reason: string;
    action: RunAction;
    resources: ResourceReport[];
    errors: (typeof anError)[];
    status: string;
  }>)("is $status when $reason", ({ action, resources, errors, status }) => {
    // Act
    const result = reportStatus(action, resources, errors);

    // Assess
    expect(result).toBe(status);
  });
});

/**
 * The execution role's policy, evaluated by an IAM policy simulator (@cloud-copilot/iam-simulate,
 * AGPL: used here only, never shipped). Every call the reconciler makes must be allowed on the
 * resources it makes it on; the dangerous neighbours of those calls must not.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { type CallGroup, RECONCILER_CALLS } from "../../common/calls";
import { OWNER_TAG_KEY } from "../../common/constants";
import type { PolicyDocument } from "../../common/policyDocument";
import { type ExecutionRolePolicyInput, executionRolePolicy } from "../../component/executionRolePolicy";

const ACCOUNT = "111111111111";
const REGION = "eu-west-1";
const OWNER = "platform/prod/echo-cache";
const OTHER_OWNER = "platform/staging/echo-cache";
const PARAMETER = `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/echo-ptc/platform/prod/echo-cache/config`;
const STATE = `${PARAMETER}.state`;
const LOG_GROUP = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/echo-ptc/platform/prod/echo-cache`;
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const CONFIGURED_ROLE = role("echo-pullthrough-cache-role");
const RENAMED_ROLE = role("teams/platform/echo-renamed-role");
const UNOWNED_ROLE = role("AdminRole");
const EXECUTION_ROLE = role("echo-cache-reconciler-1a2b3c4");
const SERVICE_LINKED_ROLE = role(
  "aws-service-role/pullthroughcache.ecr.amazonaws.com/AWSServiceRoleForECRPullThroughCache",
);

const INPUT: ExecutionRolePolicyInput = {
  partition: "aws",
  accountId: ACCOUNT,
  region: REGION,
  configParameterArn: PARAMETER,
  stateParameterArn: STATE,
  ownerId: OWNER,
  logGroupArn: LOG_GROUP,
  configuredRoleArn: CONFIGURED_ROLE,
};
const POLICY = executionRolePolicy(INPUT);
const ADOPT_POLICY = executionRolePolicy({ ...INPUT, adoptRoleArn: CONFIGURED_ROLE });

type Context = Record<string, string | string[]>;
interface Request {
  readonly action: string;
  readonly resource: string;
  readonly context?: Context;
}

const ownedBy = (owner: string): Context => ({ [`iam:ResourceTag/${OWNER_TAG_KEY}`]: owner });
const tagging = (owner: string, extra: Record<string, string> = {}): Context => ({
  [`aws:RequestTag/${OWNER_TAG_KEY}`]: owner,
  ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
  "aws:TagKeys": [OWNER_TAG_KEY, ...Object.keys(extra)],
});
const inRegion = (region: string): Context => ({ "aws:RequestedRegion": region });

/** Runs one request against a policy; a simulator validation error fails the test (it is not a Deny). */
async function decide(policy: PolicyDocument, request: Request): Promise<string> {
  const result = await runSimulation(
    {
      identityPolicies: [{ name: "reconciler", policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: {
        principal: EXECUTION_ROLE,
        action: request.action,
        resource: { resource: request.resource, accountId: ACCOUNT },
        contextVariables: request.context ?? {},
      },
    },
    {},
  );
  if (result.resultType === "error") {
    throw new Error(`simulation error for ${request.action}: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult;
}

/**
 * Where each group of calls is made, with the request context AWS sends. Typed as a full Record: a
 * new group in RECONCILER_CALLS without cases here fails type checking.
 */
const CALL_SITES: Record<
  CallGroup,
  ReadonlyArray<{ where: string; resource: string; context: (a: string) => Context }>
> = {
  ssmRead: [
    { where: "the config parameter", resource: PARAMETER, context: () => ({}) },
    { where: "the state parameter", resource: STATE, context: () => ({}) },
  ],
  // The simulator evaluates no `kms:EncryptionContext:<key>` condition (it matches variable keys only in the
  // `prefix/Name` form), so this group is checked by its statement's shape below.
  kmsDecryptConfig: [],
  ssmStateWrite: [
    {
      where: "the state parameter",
      resource: STATE,
      context: (a): Context => (a === "ssm:PutParameter" ? { "ssm:Overwrite": "true" } : {}),
    },
    {
      where: "an entry of the record, below the state parameter",
      resource: `${STATE}/rule/echo`,
      context: (a): Context => (a === "ssm:PutParameter" ? { "ssm:Overwrite": "false" } : {}),
    },
  ],
  iamRoleRead: [
    { where: "an owned role", resource: CONFIGURED_ROLE, context: () => ownedBy(OWNER) },
    { where: "a role that is not ours", resource: UNOWNED_ROLE, context: () => ({}) },
    { where: "another owner's role", resource: CONFIGURED_ROLE, context: () => ownedBy(OTHER_OWNER) },
  ],
  iamRoleCreate: [
    {
      where: "the configured role, tagged with our owner id on create",
      resource: CONFIGURED_ROLE,
      context: () => tagging(OWNER, { team: "platform" }),
    },
    {
      where: "a role renamed in SSM by a prefix change (default name pattern), tagged on create",
      resource: role("team+a-pullthrough-cache-role"),
      context: () => tagging(OWNER, { team: "platform" }),
    },
  ],
  iamOwnedRoleWrite: [
    {
      where: "an owned role",
      resource: CONFIGURED_ROLE,
      context: (a) => ({
        ...ownedBy(OWNER),
        ...(a === "iam:TagRole" ? tagging(OWNER, { team: "platform" }) : {}),
        ...(a === "iam:UntagRole" ? { "aws:TagKeys": ["team"] } : {}),
        ...(a === "iam:DetachRolePolicy"
          ? { "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess" }
          : {}),
      }),
    },
    {
      where: "an owned role renamed (and moved) in SSM",
      resource: RENAMED_ROLE,
      context: (a) => ({
        ...ownedBy(OWNER),
        ...(a === "iam:TagRole" ? { "aws:RequestTag/team": "platform", "aws:TagKeys": ["team"] } : {}),
        ...(a === "iam:UntagRole" ? { "aws:TagKeys": ["team"] } : {}),
      }),
    },
  ],
  iamPassOwnedRole: [
    { where: "an owned role", resource: CONFIGURED_ROLE, context: () => ownedBy(OWNER) },
    { where: "an owned role renamed in SSM", resource: RENAMED_ROLE, context: () => ownedBy(OWNER) },
  ],
  iamServiceLinkedRole: [
    {
      where: "ECR's pull-through cache service-linked role",
      resource: SERVICE_LINKED_ROLE,
      context: () => ({ "iam:AWSServiceName": "pullthroughcache.ecr.amazonaws.com" }),
    },
  ],
  ecrRules: [
    { where: "the registry in the reconciler's Region", resource: "*", context: () => inRegion(REGION) },
  ],
  ecrTemplates: [
    { where: "the registry in the reconciler's Region", resource: "*", context: () => inRegion(REGION) },
  ],
};

const ALLOWED: ReadonlyArray<Request & { reason: string }> = [
  ...(Object.keys(CALL_SITES) as CallGroup[]).flatMap((group) =>
    RECONCILER_CALLS[group].flatMap((action) =>
      CALL_SITES[group].map((site) => ({
        reason: `${group}: ${action} on ${site.where}`,
        action,
        resource: site.resource,
        context: site.context(action),
      })),
    ),
  ),
  {
    reason: "iamRoleCreate: CreateRole of a role renamed in SSM, with our owner tag",
    action: "iam:CreateRole",
    resource: RENAMED_ROLE,
    context: tagging(OWNER),
  },
  {
    reason: "Lambda runtime: CreateLogStream in its own log group",
    action: "logs:CreateLogStream",
    resource: `${LOG_GROUP}:log-stream:2026/01/01/[$LATEST]0123456789abcdef`,
  },
  {
    reason: "Lambda runtime: PutLogEvents in its own log group",
    action: "logs:PutLogEvents",
    resource: `${LOG_GROUP}:log-stream:2026/01/01/[$LATEST]0123456789abcdef`,
  },
];

const DENIED: ReadonlyArray<Request & { reason: string }> = [
  // Roles that are not ours.
  {
    reason: "rewrite the trust policy of an unowned role",
    action: "iam:UpdateAssumeRolePolicy",
    resource: UNOWNED_ROLE,
  },
  { reason: "put an inline policy on an unowned role", action: "iam:PutRolePolicy", resource: UNOWNED_ROLE },
  { reason: "delete an unowned role", action: "iam:DeleteRole", resource: UNOWNED_ROLE },
  {
    reason: "detach a managed policy from an unowned role",
    action: "iam:DetachRolePolicy",
    resource: UNOWNED_ROLE,
  },
  {
    reason: "remove tags from an unowned role",
    action: "iam:UntagRole",
    resource: UNOWNED_ROLE,
    context: { "aws:TagKeys": ["team"] },
  },
  ...(
    ["iam:UpdateAssumeRolePolicy", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:DeleteRole"] as const
  ).map((action) => ({
    reason: `${action} on a role owned by another reconciler`,
    action,
    resource: CONFIGURED_ROLE,
    context: ownedBy(OTHER_OWNER),
  })),
  {
    reason: "untag a role owned by another reconciler",
    action: "iam:UntagRole",
    resource: CONFIGURED_ROLE,
    context: { ...ownedBy(OTHER_OWNER), "aws:TagKeys": [OWNER_TAG_KEY] },
  },
  // Never attach managed policies.
  {
    reason: "attach AdministratorAccess to an owned role",
    action: "iam:AttachRolePolicy",
    resource: CONFIGURED_ROLE,
    context: { ...ownedBy(OWNER), "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess" },
  },
  {
    reason: "attach a managed policy to an unowned role",
    action: "iam:AttachRolePolicy",
    resource: UNOWNED_ROLE,
    context: { "iam:PolicyARN": "arn:aws:iam::aws:policy/ReadOnlyAccess" },
  },
  {
    reason: "change an owned role's permissions boundary",
    action: "iam:PutRolePermissionsBoundary",
    resource: CONFIGURED_ROLE,
    context: ownedBy(OWNER),
  },
  {
    reason: "change an owned role's settings",
    action: "iam:UpdateRole",
    resource: CONFIGURED_ROLE,
    context: ownedBy(OWNER),
  },
  // Creating and claiming.
  {
    reason: "create a role without the owner tag",
    action: "iam:CreateRole",
    resource: CONFIGURED_ROLE,
    context: { "aws:RequestTag/team": "platform", "aws:TagKeys": ["team"] },
  },
  {
    reason: "create a role tagged with another owner id",
    action: "iam:CreateRole",
    resource: CONFIGURED_ROLE,
    context: tagging(OTHER_OWNER),
  },
  {
    reason: "claim an unowned role by tagging it (adopt off)",
    action: "iam:TagRole",
    resource: UNOWNED_ROLE,
    context: tagging(OWNER),
  },
  {
    reason: "claim the reconciler's own execution role",
    action: "iam:TagRole",
    resource: EXECUTION_ROLE,
    context: tagging(OWNER),
  },
  {
    reason: "claim the configured role from another reconciler (adopt off)",
    action: "iam:TagRole",
    resource: CONFIGURED_ROLE,
    context: { ...ownedBy(OTHER_OWNER), ...tagging(OWNER) },
  },
  {
    reason: "hand an owned role to another owner id",
    action: "iam:TagRole",
    resource: CONFIGURED_ROLE,
    context: { ...ownedBy(OWNER), ...tagging(OTHER_OWNER) },
  },
  {
    reason:
      "tag-on-create of a renamed role when IAM shows no resource tag (UNCONFIRMED how IAM evaluates it)",
    action: "iam:TagRole",
    resource: RENAMED_ROLE,
    context: tagging(OWNER),
  },
  // Passing roles.
  { reason: "pass an unowned role", action: "iam:PassRole", resource: UNOWNED_ROLE },
  {
    reason: "pass a role owned by another reconciler",
    action: "iam:PassRole",
    resource: CONFIGURED_ROLE,
    context: ownedBy(OTHER_OWNER),
  },
  {
    reason: "assume an owned role",
    action: "sts:AssumeRole",
    resource: CONFIGURED_ROLE,
    context: ownedBy(OWNER),
  },
  // Service-linked roles.
  {
    reason: "create another service's service-linked role",
    action: "iam:CreateServiceLinkedRole",
    resource: role("aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"),
    context: { "iam:AWSServiceName": "autoscaling.amazonaws.com" },
  },
  {
    reason: "create a service-linked role for another service under ECR's path",
    action: "iam:CreateServiceLinkedRole",
    resource: SERVICE_LINKED_ROLE,
    context: { "iam:AWSServiceName": "autoscaling.amazonaws.com" },
  },
  // Other IAM principals and policies.
  {
    reason: "create a managed policy",
    action: "iam:CreatePolicy",
    resource: `arn:aws:iam::${ACCOUNT}:policy/escalate`,
  },
  { reason: "create a user", action: "iam:CreateUser", resource: `arn:aws:iam::${ACCOUNT}:user/backdoor` },
  {
    reason: "put an inline policy on a user",
    action: "iam:PutUserPolicy",
    resource: `arn:aws:iam::${ACCOUNT}:user/alice`,
  },
  {
    reason: "create access keys",
    action: "iam:CreateAccessKey",
    resource: `arn:aws:iam::${ACCOUNT}:user/alice`,
  },
  // SSM.
  {
    reason: "read another parameter",
    action: "ssm:GetParameters",
    resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/prod/db/password`,
  },
  {
    reason: "write another parameter",
    action: "ssm:PutParameter",
    resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/prod/db/password`,
  },
  {
    reason: "rewrite the user's config parameter",
    action: "ssm:PutParameter",
    resource: PARAMETER,
    context: { "ssm:Overwrite": "true" },
  },
  { reason: "delete the user's config parameter", action: "ssm:DeleteParameter", resource: PARAMETER },
  {
    reason: "read every parameter of every cache by path (the hierarchy above ours)",
    action: "ssm:GetParametersByPath",
    resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/echo-ptc`,
  },
  {
    reason: "read another cache's record entries by path",
    action: "ssm:GetParametersByPath",
    resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/echo-ptc/platform/prod/other-cache/config.state`,
  },
  {
    reason: "write a parameter below the user's config parameter",
    action: "ssm:PutParameter",
    resource: `${PARAMETER}/x`,
    context: { "ssm:Overwrite": "false" },
  },
  {
    reason: "read a sibling instance's state",
    action: "ssm:GetParameters",
    resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/echo-ptc/platform/prod/other-cache/config.state`,
  },
  // ECR beyond the rules.
  {
    reason: "delete a repository",
    action: "ecr:DeleteRepository",
    resource: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/echo/app`,
  },
  {
    reason: "replace the registry policy",
    action: "ecr:PutRegistryPolicy",
    resource: "*",
    context: inRegion(REGION),
  },
  {
    reason: "pull images",
    action: "ecr:BatchGetImage",
    resource: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/echo/app`,
  },
  {
    reason: "create a rule in another Region",
    action: "ecr:CreatePullThroughCacheRule",
    resource: "*",
    context: inRegion("us-east-1"),
  },
  // Logs and Lambda.
  {
    reason: "write to another log group",
    action: "logs:PutLogEvents",
    resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/other:log-stream:x`,
  },
  {
    reason: "write to a log group whose name starts like ours",
    action: "logs:PutLogEvents",
    resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/echo-ptc/platform/prod/echo-cache2:log-stream:x`,
  },
  { reason: "delete its own log group", action: "logs:DeleteLogGroup", resource: `${LOG_GROUP}:*` },
  {
    reason: "replace its own code",
    action: "lambda:UpdateFunctionCode",
    resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:echo-cache-reconciler-1a2b3c4`,
  },
];

describe("execution role policy under IAM simulation", () => {
  it("covers every call of RECONCILER_CALLS with at least one allowed case", () => {
    const covered = new Set([...ALLOWED.map((c) => c.action), ...RECONCILER_CALLS.kmsDecryptConfig]);

    for (const action of Object.values(RECONCILER_CALLS).flat()) expect(covered).toContain(action);
  });

  it("lets KMS decrypt only through SSM in its Region and only the config parameter's ciphertext", () => {
    // Act
    const kms = POLICY.Statement.filter((st) => [st.Action].flat().some((a) => a.startsWith("kms:")));

    // Assess
    expect(kms).toEqual([
      {
        Sid: "DecryptSecureStringConfig",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: `arn:aws:kms:${REGION}:${ACCOUNT}:key/*`,
        Condition: {
          StringEquals: {
            "kms:ViaService": `ssm.${REGION}.amazonaws.com`,
            "kms:EncryptionContext:PARAMETER_ARN": PARAMETER,
          },
        },
      },
    ]);
  });

  it.each(ALLOWED)("allows $reason", async (request) => {
    expect(await decide(POLICY, request)).toBe("Allowed");
  });

  it("has at least 20 denied cases", () => {
    expect(DENIED.length).toBeGreaterThanOrEqual(20);
  });

  it.each(DENIED)("denies: $reason", async (request) => {
    expect(await decide(POLICY, request)).not.toBe("Allowed");
  });

  it("keeps every other dangerous request denied when adopt is on", async () => {
    // Adopt widens exactly one TagRole; everything above stays denied except the adopt case itself.
    const claimFromOther = (c: Request & { reason: string }) =>
      c.reason === "claim the configured role from another reconciler (adopt off)";
    for (const request of DENIED.filter((c) => !claimFromOther(c))) {
      expect([request.reason, await decide(ADOPT_POLICY, request)]).not.toEqual([request.reason, "Allowed"]);
    }
  });
});

describe("adopting the configured role", () => {
  it("allows claiming exactly the configured role even from another owner id", async () => {
    const request = {
      action: "iam:TagRole",
      resource: CONFIGURED_ROLE,
      context: { ...ownedBy(OTHER_OWNER), ...tagging(OWNER) },
    };

    expect(await decide(ADOPT_POLICY, request)).toBe("Allowed");
    expect(await decide(POLICY, request)).not.toBe("Allowed");
  });

  it("lets a claim of a role at 50 tags remove its extra tags first, never an ownership tag, and only with adopt", async () => {
    const extra = {
      action: "iam:UntagRole",
      resource: CONFIGURED_ROLE,
      context: { "aws:TagKeys": ["team"] },
    };
    const owner = { ...extra, context: { "aws:TagKeys": ["team", OWNER_TAG_KEY] } };
    const elsewhere = { ...extra, resource: UNOWNED_ROLE };

    expect(await decide(ADOPT_POLICY, extra)).toBe("Allowed");
    expect(await decide(ADOPT_POLICY, owner)).not.toBe("Allowed");
    expect(await decide(ADOPT_POLICY, elsewhere)).not.toBe("Allowed");
    expect(await decide(POLICY, extra)).not.toBe("Allowed");
  });

  it("still denies claiming any other unowned role", async () => {
    expect(
      await decide(ADOPT_POLICY, { action: "iam:TagRole", resource: UNOWNED_ROLE, context: tagging(OWNER) }),
    ).not.toBe("Allowed");
  });

  it("denies tagging the configured role with another owner id", async () => {
    expect(
      await decide(ADOPT_POLICY, {
        action: "iam:TagRole",
        resource: CONFIGURED_ROLE,
        context: tagging(OTHER_OWNER),
      }),
    ).not.toBe("Allowed");
  });
});

describe("tag-on-create (documents how IAM's evaluation decides it)", () => {
  it("allows tagging the configured role while no reconciler owns it: indistinguishable from claiming that one role", async () => {
    expect(
      await decide(POLICY, { action: "iam:TagRole", resource: CONFIGURED_ROLE, context: tagging(OWNER) }),
    ).toBe("Allowed");
  });

  it("allows tag-on-create of a renamed role only if IAM shows the new role's tags as iam:ResourceTag", async () => {
    const request = {
      action: "iam:TagRole",
      resource: RENAMED_ROLE,
      context: { ...ownedBy(OWNER), ...tagging(OWNER) },
    };

    expect(await decide(POLICY, request)).toBe("Allowed");
  });
});

describe("execution role policy shape", () => {
  const statements = [...ADOPT_POLICY.Statement];
  const list = (v: string | readonly string[] | undefined): readonly string[] =>
    v === undefined ? [] : typeof v === "string" ? [v] : v;

  it("never allows AttachRolePolicy or an action wildcard", () => {
    const all = statements.flatMap((s) => list(s.Action));

    expect(all).not.toContain("iam:AttachRolePolicy");
    expect(all.filter((a) => a.includes("*"))).toEqual([]);
  });

  it("conditions every IAM write on a wildcard resource on the owner tag (or, for the service-linked role, the service)", () => {
    const reads = new Set<string>(RECONCILER_CALLS.iamRoleRead);
    for (const s of statements) {
      const iamWrites = list(s.Action).filter((a) => a.startsWith("iam:") && !reads.has(a));
      const wildcard = list(s.Resource).some((r) => r.includes("*"));
      if (iamWrites.length > 0 && wildcard) {
        const condition = JSON.stringify(s.Condition ?? {});
        expect([
          s.Sid,
          condition.includes(OWNER_TAG_KEY) || condition.includes("iam:AWSServiceName"),
        ]).toEqual([s.Sid, true]);
      }
    }
  });

  it("fits IAM's 10,240-character inline policy limit with long names", () => {
    const long = "x".repeat(40);
    const doc = executionRolePolicy({
      ...INPUT,
      ownerId: `${"p".repeat(100)}/${"s".repeat(100)}/${long}`,
      configParameterArn: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/echo-ptc/${"p".repeat(100)}/${"s".repeat(100)}/${long}/config`,
      configuredRoleArn: role("r".repeat(64)),
      adoptRoleArn: role("r".repeat(64)),
    });

    expect(JSON.stringify(doc).replace(/\s/g, "").length).toBeLessThanOrEqual(10_240);
  });
});

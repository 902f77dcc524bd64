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
const TEMPLATE_ROLE = role("echo-pullthrough-template-role");
const RENAMED_TEMPLATE_ROLE = role("team+a-pullthrough-template-role");
const TEMPLATE_SERVICE_LINKED_ROLE = role("aws-service-role/ecr.amazonaws.com/AWSServiceRoleForECRTemplate");
const repository = (name: string, region = REGION, account = ACCOUNT) =>
  `arn:aws:ecr:${region}:${account}:repository/${name}`;
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const INPUT: ExecutionRolePolicyInput = {
  partition: "aws",
  accountId: ACCOUNT,
  region: REGION,
  configParameterArn: PARAMETER,
  stateParameterArn: STATE,
  ownerId: OWNER,
  logGroupArn: LOG_GROUP,
  configuredRoleArn: CONFIGURED_ROLE,
  templateRoleArn: TEMPLATE_ROLE,
};
const POLICY = executionRolePolicy(INPUT);
const ADOPT_POLICY = executionRolePolicy({ ...INPUT, adoptRoleArn: CONFIGURED_ROLE });
/** `configSource: "pulumi"` and no repositoryTemplate in the args: the config can never ask for a template. */
const { templateRoleArn: _none, ...WITHOUT_TEMPLATES } = INPUT;
const NO_TEMPLATE_POLICY = executionRolePolicy(WITHOUT_TEMPLATES);

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
    {
      where: "the template's role of the args, tagged with our owner id on create",
      resource: TEMPLATE_ROLE,
      context: () => tagging(OWNER, { team: "platform" }),
    },
    {
      where: "a template role renamed in SSM by a prefix change (default name pattern), tagged on create",
      resource: RENAMED_TEMPLATE_ROLE,
      context: () => tagging(OWNER),
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
  // Without the ownership tag in the context: IAM's evaluation of iam:ResourceTag for PassRole is unreliable.
  iamPassTemplateRole: [
    {
      where: "the template's role of the args, to ECR",
      resource: TEMPLATE_ROLE,
      context: () => ({ "iam:PassedToService": "ecr.amazonaws.com" }),
    },
    {
      where: "a template role renamed in SSM by a prefix change, to ECR",
      resource: RENAMED_TEMPLATE_ROLE,
      context: () => ({ "iam:PassedToService": "ecr.amazonaws.com" }),
    },
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
  iamTemplateServiceLinkedRole: [
    {
      where: "ECR's repository creation template service-linked role",
      resource: TEMPLATE_SERVICE_LINKED_ROLE,
      context: () => ({ "iam:AWSServiceName": "ecr.amazonaws.com" }),
    },
  ],
  ecrTemplates: [
    { where: "the registry in the reconciler's Region", resource: "*", context: () => inRegion(REGION) },
  ],
  ecrTemplateWrites: [
    { where: "the registry in the reconciler's Region", resource: "*", context: () => inRegion(REGION) },
  ],
  // Which repository ARN ECR checks is UNCONFIRMED: the template's prefix, or a repository below it.
  ecrTemplateChecks: [
    { where: "the template's prefix", resource: repository("echo"), context: () => inRegion(REGION) },
    {
      where: "a repository below the template's prefix",
      resource: repository("echo/library/nginx"),
      context: () => inRegion(REGION),
    },
    { where: "a ROOT template", resource: repository("ROOT"), context: () => inRegion(REGION) },
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
    reason: "claim the template's role from another reconciler (adopt off)",
    action: "iam:TagRole",
    resource: TEMPLATE_ROLE,
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
    reason: "pass an unowned role to ECR (a template's customRoleArn is no way to an admin role)",
    action: "iam:PassRole",
    resource: UNOWNED_ROLE,
    context: { "iam:PassedToService": "ecr.amazonaws.com" },
  },
  {
    reason: "pass a default-named template role that is not ours to another service",
    action: "iam:PassRole",
    resource: RENAMED_TEMPLATE_ROLE,
    context: { "iam:PassedToService": "lambda.amazonaws.com" },
  },
  {
    reason: "pass the template's role of the args to another service (it may create repositories)",
    action: "iam:PassRole",
    resource: TEMPLATE_ROLE,
    context: { "iam:PassedToService": "lambda.amazonaws.com" },
  },
  {
    reason: "widen the template's role of the args while another reconciler owns it",
    action: "iam:PutRolePolicy",
    resource: TEMPLATE_ROLE,
    context: ownedBy(OTHER_OWNER),
  },
  {
    reason: "delete the template's role of the args while another reconciler owns it",
    action: "iam:DeleteRole",
    resource: TEMPLATE_ROLE,
    context: ownedBy(OTHER_OWNER),
  },
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
  {
    reason: "create a service-linked role for another service under the template role's path",
    action: "iam:CreateServiceLinkedRole",
    resource: TEMPLATE_SERVICE_LINKED_ROLE,
    context: { "iam:AWSServiceName": "autoscaling.amazonaws.com" },
  },
  {
    reason: "create another of ECR's service-linked roles (a custom suffix)",
    action: "iam:CreateServiceLinkedRole",
    resource: role("aws-service-role/ecr.amazonaws.com/AWSServiceRoleForECRTemplate_backdoor"),
    context: { "iam:AWSServiceName": "ecr.amazonaws.com" },
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
  {
    reason: "create a template in another Region",
    action: "ecr:CreateRepositoryCreationTemplate",
    resource: "*",
    context: inRegion("us-east-1"),
  },
  {
    reason: "create a repository in another Region",
    action: "ecr:CreateRepository",
    resource: repository("echo/app", "us-east-1"),
    context: inRegion("us-east-1"),
  },
  {
    reason: "create a repository in another account's registry",
    action: "ecr:CreateRepository",
    resource: repository("echo/app", REGION, "999999999999"),
  },
  {
    reason: "set a repository policy (no template of ours has one)",
    action: "ecr:SetRepositoryPolicy",
    resource: repository("echo/app"),
  },
  {
    reason: "tag a repository (the template's role does that, not the reconciler)",
    action: "ecr:TagResource",
    resource: repository("echo/app"),
  },
  // KMS beyond the config's decryption.
  {
    reason: "create a grant on the template's key (the template's role does that, not the reconciler)",
    action: "kms:CreateGrant",
    resource: KEY,
    context: { "kms:ViaService": `ecr.${REGION}.amazonaws.com` },
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

  it("never allows iam:PassRole on every role without a condition, nor on '*'", () => {
    const passing = POLICY.Statement.filter((s) => [s.Action].flat().includes("iam:PassRole"));

    for (const s of passing) {
      const resources = [s.Resource ?? []].flat();
      expect([s.Sid, resources.includes("*")]).toEqual([s.Sid, false]);
      if (resources.includes(role("*"))) expect([s.Sid, s.Condition]).toEqual([s.Sid, expect.anything()]);
    }
  });

  it("keeps every other dangerous request denied when adopt is on", async () => {
    // Adopt widens exactly one TagRole; everything above stays denied except the adopt case itself.
    const claimFromOther = (c: Request & { reason: string }) =>
      c.reason === "claim the configured role from another reconciler (adopt off)" ||
      c.reason === "claim the template's role from another reconciler (adopt off)";
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

describe("repository creation templates, only when the config can ask for one", () => {
  const asked: ReadonlyArray<Request & { reason: string }> = [
    {
      reason: "create a template",
      action: "ecr:CreateRepositoryCreationTemplate",
      resource: "*",
      context: inRegion(REGION),
    },
    {
      reason: "update a template",
      action: "ecr:UpdateRepositoryCreationTemplate",
      resource: "*",
      context: inRegion(REGION),
    },
    {
      reason: "the CreateRepository check of a template",
      action: "ecr:CreateRepository",
      resource: repository("echo"),
    },
    {
      reason: "the PutLifecyclePolicy check of a template",
      action: "ecr:PutLifecyclePolicy",
      resource: repository("echo"),
    },
    {
      reason: "pass the template's role to ECR",
      action: "iam:PassRole",
      resource: RENAMED_TEMPLATE_ROLE,
      context: { "iam:PassedToService": "ecr.amazonaws.com" },
    },
    {
      reason: "create the template service-linked role",
      action: "iam:CreateServiceLinkedRole",
      resource: TEMPLATE_SERVICE_LINKED_ROLE,
      context: { "iam:AWSServiceName": "ecr.amazonaws.com" },
    },
    {
      reason: "tag the template's role on create",
      action: "iam:TagRole",
      resource: RENAMED_TEMPLATE_ROLE,
      context: tagging(OWNER),
    },
  ];

  it.each(asked)("denies, when the config cannot ask for a template: $reason", async (request) => {
    expect([await decide(NO_TEMPLATE_POLICY, request), await decide(POLICY, request)]).toEqual([
      "ImplicitlyDenied",
      "Allowed",
    ]);
  });

  it.each(["ecr:DescribeRepositoryCreationTemplates", "ecr:DeleteRepositoryCreationTemplate"])(
    "still allows %s: a template of an earlier config is found and removed",
    async (action) => {
      expect(await decide(NO_TEMPLATE_POLICY, { action, resource: "*", context: inRegion(REGION) })).toBe(
        "Allowed",
      );
    },
  );

  it("lets adopt claim the template's role of the args too, and no other", async () => {
    const claim = (resource: string) => ({
      action: "iam:TagRole",
      resource,
      context: { ...ownedBy(OTHER_OWNER), ...tagging(OWNER) },
    });

    expect(await decide(ADOPT_POLICY, claim(TEMPLATE_ROLE))).toBe("Allowed");
    expect(await decide(ADOPT_POLICY, claim(RENAMED_TEMPLATE_ROLE))).not.toBe("Allowed");
    expect(await decide(POLICY, claim(TEMPLATE_ROLE))).not.toBe("Allowed");
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

  it("conditions every IAM write on a wildcard resource on the owner tag (or, for a service-linked role or a pass, the service)", () => {
    const reads = new Set<string>(RECONCILER_CALLS.iamRoleRead);
    for (const s of statements) {
      const iamWrites = list(s.Action).filter((a) => a.startsWith("iam:") && !reads.has(a));
      const wildcard = list(s.Resource).some((r) => r.includes("*"));
      if (iamWrites.length > 0 && wildcard) {
        const condition = JSON.stringify(s.Condition ?? {});
        expect([
          s.Sid,
          condition.includes(OWNER_TAG_KEY) ||
            condition.includes("iam:AWSServiceName") ||
            condition.includes("iam:PassedToService"),
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
      configuredRoleArn: role(`${"p".repeat(400)}/${"r".repeat(64)}`),
      adoptRoleArn: role(`${"p".repeat(400)}/${"r".repeat(64)}`),
      templateRoleArn: role(`${"p".repeat(400)}/${"t".repeat(64)}`),
    });

    expect(JSON.stringify(doc).replace(/\s/g, "").length).toBeLessThanOrEqual(10_240);
  });
});

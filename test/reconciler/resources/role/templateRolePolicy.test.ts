/**
 * The template's role, evaluated by an IAM policy simulator (@cloud-copilot/iam-simulate, AGPL: test-only):
 * what ECR does with it when a pull creates a repository from the template must be allowed, nothing more.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import type { PolicyDocument } from "../../../../common/policyDocument";
import { desiredState } from "../../../../reconciler/engine/desired";
import type { DesiredRole } from "../../../../reconciler/resources/role/types";
import { CTX, configOf } from "../../builders";

const { accountId: ACCOUNT, region: REGION } = CTX;
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const OTHER_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/99999999-12ab-34cd-56ef-1234567890ab`;
const repository = (name: string, region = REGION) => `arn:aws:ecr:${region}:${ACCOUNT}:repository/${name}`;
const roleFor = (repositoryTemplate: Record<string, unknown>) =>
  desiredState(configOf({ repositoryTemplate }), CTX).templateRole as DesiredRole;
const KMS_AND_TAGS = roleFor({ encryption: "KMS", kmsKeyArn: KEY, resourceTags: { team: "platform" } });
const KMS_ONLY = roleFor({ encryption: "KMS", kmsKeyArn: KEY });
const TAGS_ONLY = roleFor({ resourceTags: { team: "platform" } });

/**
 * The default key policy (AWS KMS Developer Guide, "Default key policy"): the account's root may do anything
 * with the key, which lets IAM policies in the account grant its use.
 */
const DEFAULT_KEY_POLICY = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
  ],
};

type Context = Record<string, string | string[]>;
interface Request {
  readonly reason: string;
  readonly role?: DesiredRole;
  readonly action: string;
  readonly resource: string;
  readonly context?: Context;
  /** The key's policy, for KMS requests: the default one unless given (`null`: one that names no one). */
  readonly keyPolicy?: unknown;
}
const tagged: Context = { "aws:RequestTag/team": "platform", "aws:TagKeys": ["team"] };

async function decide(policy: PolicyDocument, role: DesiredRole, request: Request): Promise<string> {
  const result = await runSimulation(
    {
      identityPolicies: [{ name: role.inlinePolicyName, policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(request.action.startsWith("kms:") && request.keyPolicy !== null
        ? { resourcePolicy: request.keyPolicy ?? DEFAULT_KEY_POLICY }
        : {}),
      request: {
        principal: role.arn,
        action: request.action,
        resource: { resource: request.resource, accountId: ACCOUNT },
        contextVariables: request.context ?? {},
      },
    },
    {},
  );
  if (result.resultType === "error") throw new Error(`simulation error: ${JSON.stringify(result.errors)}`);
  return result.overallResult;
}

const ALLOWED: readonly Request[] = [
  {
    reason: "create a cached repository",
    action: "ecr:CreateRepository",
    resource: repository("echo/library/nginx"),
    context: tagged,
  },
  {
    reason: "tag it as the template says",
    action: "ecr:TagResource",
    resource: repository("echo/library/nginx"),
    context: tagged,
  },
  { reason: "read the template's key", action: "kms:DescribeKey", resource: KEY },
  { reason: "create ECR's grants on the key", action: "kms:CreateGrant", resource: KEY },
  { reason: "retire them", action: "kms:RetireGrant", resource: KEY },
  {
    reason: "create a repository of a KMS-only template",
    role: KMS_ONLY,
    action: "ecr:CreateRepository",
    resource: repository("echo/app"),
  },
  {
    reason: "tag a repository of a tags-only template",
    role: TAGS_ONLY,
    action: "ecr:TagResource",
    resource: repository("echo/app"),
    context: tagged,
  },
];

const DENIED: readonly Request[] = [
  {
    reason: "create a repository outside the cache's prefix",
    action: "ecr:CreateRepository",
    resource: repository("prod/app"),
    context: tagged,
  },
  {
    reason: "create a repository in another Region",
    action: "ecr:CreateRepository",
    resource: repository("echo/app", "us-east-1"),
    context: tagged,
  },
  {
    reason: "tag a repository outside the cache's prefix",
    action: "ecr:TagResource",
    resource: repository("prod/app"),
    context: tagged,
  },
  {
    reason: "tag repositories of a template without tags",
    role: KMS_ONLY,
    action: "ecr:TagResource",
    resource: repository("echo/app"),
    context: tagged,
  },
  { reason: "use another key", action: "kms:CreateGrant", resource: OTHER_KEY },
  {
    reason: "use any key of a template without KMS",
    role: TAGS_ONLY,
    action: "kms:CreateGrant",
    resource: KEY,
  },
  { reason: "decrypt with the key (ECR does that through its grant)", action: "kms:Decrypt", resource: KEY },
  {
    reason: "use the template's key when its key policy does not let IAM policies grant its use",
    action: "kms:CreateGrant",
    resource: KEY,
    keyPolicy: null,
  },
  { reason: "delete a repository", action: "ecr:DeleteRepository", resource: repository("echo/app") },
  {
    reason: "replicate images (our templates apply to pull-through cache only)",
    action: "ecr:ReplicateImage",
    resource: repository("echo/app"),
  },
  { reason: "push images", action: "ecr:PutImage", resource: repository("echo/app") },
  { reason: "set a repository policy", action: "ecr:SetRepositoryPolicy", resource: repository("echo/app") },
  { reason: "pass a role", action: "iam:PassRole", resource: `arn:aws:iam::${ACCOUNT}:role/AdminRole` },
];

describe("the template's role under IAM simulation", () => {
  it.each(ALLOWED)("allows ECR to $reason", async ({ role = KMS_AND_TAGS, ...request }) => {
    expect(await decide(role.inlinePolicy, role, { ...request })).toBe("Allowed");
  });

  it.each(DENIED)("denies: $reason", async ({ role = KMS_AND_TAGS, ...request }) => {
    expect(await decide(role.inlinePolicy, role, { ...request })).not.toBe("Allowed");
  });
});

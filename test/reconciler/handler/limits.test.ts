/**
 * The engine under AWS's real limits, one case each, through the built handler (dist/lambda/index.js) on the
 * simulated account: quotas enforced by the call that crosses them, lost responses, strangers at our names,
 * permissions boundaries, a kept rule, a SecureString config, drift as AWS holds it, and a forged record.
 */
import { OWNER_TAG_KEY } from "../../../common/constants";
import { inlinePolicyName } from "../../../common/names";
import type { Report } from "../../../common/types";
import { trustPolicy } from "../../../sim";
import { ACCOUNT, context, customResource, OWNER, PARAM, setUp } from "./harness";

const ECHO = "123456789012";
const ROLE = "echo-pullthrough-cache-role";
const STATE = `${PARAM}.state`;
const INLINE_POLICY_NAME = inlinePolicyName("echo");
const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
const config = (over: Record<string, unknown> = {}) => ({
  version: 1,
  sourceRegistryAccountId: ECHO,
  ...over,
});
const tags = (n: number, key = (i: number) => `k${i}`) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [key(i), `v${i}`]));

/** A deployed cache (the Pulumi custom resource's create), on the built handler. */
async function deployed(c: Record<string, unknown> = config()) {
  const w = setUp(c, {}, { built: true });
  const created = await w.handler(customResource("create"), context);
  expect(created.errors).toEqual([]);
  return w;
}

const role = (w: ReturnType<typeof setUp>) => w.account.snapshot().roles[ROLE];
const resource = (r: Report, type: string) => r.resources.find((x) => x.type === type);

describe("IAM's quotas: removals before additions, and one failed step stops nothing independent", () => {
  it("renames a tag key on a role at 50 tags, and fixes the trust, inline and attached drift in the same run", async () => {
    // Prepare: 49 configured tags plus the ownership tag is IAM's 50.
    const w = await deployed(config({ tags: tags(49) }));
    w.putConfig(config({ tags: tags(49, (i) => (i === 0 ? "renamed" : `k${i}`)) }));
    w.account.seed("iam", "UpdateAssumeRolePolicy", { RoleName: ROLE, PolicyDocument: trustPolicy("*") });
    w.account.seed("iam", "AttachRolePolicy", { RoleName: ROLE, PolicyArn: ADMIN });
    w.account.seed("iam", "DeleteRolePolicy", { RoleName: ROLE, PolicyName: INLINE_POLICY_NAME });

    // Act
    const report = await w.handler({ action: "reconcile" }, context);

    // Assess
    expect(report.errors).toEqual([]);
    const r = role(w);
    expect(Object.keys(r?.tags ?? {})).toHaveLength(50);
    expect(r?.tags.renamed).toBe("v0");
    expect(r?.tags.k0).toBeUndefined();
    expect(r?.attachedPolicies).toEqual([]);
    expect(Object.keys(r?.inlinePolicies ?? {})).toEqual([INLINE_POLICY_NAME]);
    expect(r?.assumeRolePolicyDocument).not.toContain('"*"');
    expect((await w.handler({ action: "reconcile" }, context)).writes).toBe(0);
  });

  it("adopts a role already at 50 tags: removes the extra tags before adding the ownership tag", async () => {
    // Prepare: someone else's untagged role at our name, carrying IAM's 50 tags; adopt allowed.
    const w = setUp(
      config({ adopt: true, tags: { team: "platform" } }),
      { ALLOW_ADOPT: "true" },
      { built: true },
    );
    w.account.seed("iam", "CreateRole", {
      RoleName: ROLE,
      AssumeRolePolicyDocument: trustPolicy("pullthroughcache.ecr.amazonaws.com"),
      Tags: Object.entries(tags(50)).map(([Key, Value]) => ({ Key, Value })),
    });

    // Act
    const report = await w.handler(customResource("create"), context);
    const again = await w.handler({ action: "reconcile" }, context);

    // Assess
    expect(report.errors).toEqual([]);
    expect(role(w)?.tags).toEqual({ team: "platform", [OWNER_TAG_KEY]: OWNER });
    expect(again.writes).toBe(0);
  });

  it("removes a ~9,800-character foreign inline policy before putting ours back (10,240 per role)", async () => {
    // Prepare: each fits alone; both do not.
    const w = await deployed();
    w.account.seed("iam", "DeleteRolePolicy", { RoleName: ROLE, PolicyName: INLINE_POLICY_NAME });
    const statement = {
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: `arn:aws:s3:::${"b".repeat(9_700)}/*`,
    };
    w.account.seed("iam", "PutRolePolicy", {
      RoleName: ROLE,
      PolicyName: "foreign",
      PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }),
    });
    const mark = w.account.calls.length;

    // Act
    const report = await w.handler({ action: "reconcile" }, context);

    // Assess
    expect(report.errors).toEqual([]);
    expect(Object.keys(role(w)?.inlinePolicies ?? {})).toEqual([INLINE_POLICY_NAME]);
    const iamWrites = w.writesSince(mark).filter((c) => c.startsWith("iam:"));
    expect(iamWrites).toEqual(["iam:DeleteRolePolicy", "iam:PutRolePolicy"]);
  });
});

describe("a write whose response was lost is finished, not failed", () => {
  it.each([
    {
      reason: "CreatePullThroughCacheRule took effect and its 500 was lost",
      service: "ecr",
      op: "CreatePullThroughCacheRule",
    },
    {
      reason: "CreateRole timed out after IAM made the role",
      service: "iam",
      op: "CreateRole",
      as: "timeout",
    },
  ] as const)(
    "deploys when $reason, and the rule stays ours for every later up and for destroy",
    async ({ service, op, ...rest }) => {
      // Prepare
      const w = setUp(config(), {}, { built: true });
      w.account.loseNextResponse(service, op, "as" in rest ? { as: rest.as } : {});

      // Act
      const created = await w.handler(customResource("create"), context);
      const next = await w.handler(customResource("update"), context);
      const destroyed = await w.handler(customResource("delete"), context);

      // Assess
      expect(created.errors).toEqual([]);
      expect(next.status).toBe("IN_SYNC");
      expect(destroyed.status).toBe("DELETED");
      const snap = w.account.snapshot();
      expect(snap.pullThroughCacheRules).toEqual({});
      expect(snap.roles[ROLE]).toBeUndefined();
    },
  );

  it.each([
    { reason: "DeletePullThroughCacheRule", service: "ecr", op: "DeletePullThroughCacheRule" },
    { reason: "DeleteRole", service: "iam", op: "DeleteRole" },
    { reason: "a record entry's DeleteParameter", service: "ssm", op: "DeleteParameter" },
  ] as const)(
    "tears down when the response of $reason was lost (its retry meets not-found)",
    async ({ service, op }) => {
      // Prepare
      const w = await deployed();
      w.account.loseNextResponse(service, op);

      // Act
      const report = await w.handler(customResource("delete"), context);

      // Assess
      expect(report.status).toBe("DELETED");
      expect(report.errors).toEqual([]);
      const snap = w.account.snapshot();
      expect(snap.pullThroughCacheRules).toEqual({});
      expect(Object.keys(snap.parameters).filter((n) => n.startsWith(STATE))).toEqual([]);
    },
  );
});

describe("what is not ours stays untouched", () => {
  /** Someone else's role that ECR could assume, and a rule of theirs at `prefix` pointing at it. */
  function theirRule(w: ReturnType<typeof setUp>, prefix: string) {
    w.account.seed("iam", "CreateRole", {
      RoleName: "their-role",
      AssumeRolePolicyDocument: trustPolicy("pullthroughcache.ecr.amazonaws.com"),
    });
    w.account.seed("ecr", "CreatePullThroughCacheRule", {
      ecrRepositoryPrefix: prefix,
      upstreamRegistryUrl: "999999999999.dkr.ecr.eu-west-1.amazonaws.com",
      upstreamRegistry: "ecr",
      customRoleArn: `arn:aws:iam::${ACCOUNT}:role/their-role`,
    });
    return w.account.snapshot().pullThroughCacheRules[prefix];
  }

  it("leaves a rule someone made at our prefix after ours was deleted, through runs and destroy", async () => {
    // Prepare
    const w = await deployed();
    w.account.seed("ecr", "DeletePullThroughCacheRule", { ecrRepositoryPrefix: "echo" });
    const theirs = theirRule(w, "echo");

    // Act
    const run = await w.handler({ action: "reconcile" }, context);
    const destroyed = await w.handler(customResource("delete"), context);

    // Assess
    expect(resource(run, "AWS::ECR::PullThroughCacheRule")?.status).toBe("CONFLICT");
    expect(destroyed.errors).toEqual([]);
    expect(w.account.snapshot().pullThroughCacheRules.echo).toEqual(theirs);
  });

  it("leaves our rule repointed at someone else's role as it is, saying what proves a rule ours", async () => {
    // Prepare
    const w = await deployed();
    theirRule(w, "other");
    w.account.seed("ecr", "UpdatePullThroughCacheRule", {
      ecrRepositoryPrefix: "echo",
      customRoleArn: `arn:aws:iam::${ACCOUNT}:role/their-role`,
    });
    const repointed = w.account.snapshot().pullThroughCacheRules.echo;

    // Act
    const report = await w.handler({ action: "reconcile" }, context);

    // Assess
    const rule = resource(report, "AWS::ECR::PullThroughCacheRule");
    expect(rule?.status).toBe("CONFLICT");
    expect(rule?.reason).toMatch(/points at a role carrying our ownership tag; set adopt: true/);
    expect(w.account.snapshot().pullThroughCacheRules.echo).toEqual(repointed);
  });

  it("is not made to delete a stranger's rule by a record entry forged for it, with or without a creation time", async () => {
    // Prepare: whoever may write the record parameters, but not ECR, lists a stranger's rule as ours.
    const w = await deployed();
    const theirs = theirRule(w, "other");
    for (const [name, createdAt] of [
      ["other", theirs?.createdAt],
      ["other-b", undefined],
    ] as const) {
      w.account.seed("ssm", "PutParameter", {
        Name: `${STATE}/rule/${name}`,
        Value: JSON.stringify({ ownerId: OWNER, id: "other", ...(createdAt ? { createdAt } : {}) }),
        Type: "String",
        Overwrite: true,
      });
    }

    // Act
    await w.handler({ action: "reconcile" }, context);
    await w.handler(
      customResource("update", { deletionPolicy: "delete", source: "echo-ptc:pulumi" }),
      context,
    );
    await w.handler(customResource("delete"), context);

    // Assess
    expect(w.account.snapshot().pullThroughCacheRules.other).toEqual(theirs);
  });
});

describe("role attributes", () => {
  it("shows a permissions boundary we did not set as drift, and removes it", async () => {
    // Prepare
    const w = await deployed();
    w.account.seed("iam", "PutRolePermissionsBoundary", {
      RoleName: ROLE,
      PermissionsBoundary: "arn:aws:iam::aws:policy/ReadOnlyAccess",
    });

    // Act
    const plan = await w.handler({ action: "plan" }, context);
    const fixed = await w.handler({ action: "reconcile" }, context);

    // Assess
    expect(resource(plan, "AWS::IAM::Role")?.differences).toEqual([
      { path: "PermissionsBoundary", type: "ADD", actual: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
    ]);
    expect(fixed.status).toBe("REMEDIATED");
    expect(w.account.snapshot().roles[ROLE]).not.toHaveProperty("permissionsBoundary");
  });

  it("shows trust drift as AWS holds it, and expected as the reconciler would write it", async () => {
    // Prepare
    const w = await deployed();
    const held = JSON.parse(trustPolicy("*"));
    w.account.seed("iam", "UpdateAssumeRolePolicy", { RoleName: ROLE, PolicyDocument: JSON.stringify(held) });

    // Act
    const plan = await w.handler({ action: "plan" }, context);

    // Assess
    const trust = resource(plan, "AWS::IAM::Role")?.differences[0];
    expect(trust?.actual).toEqual(held);
    expect(JSON.stringify(trust?.actual)).toContain("sts:AssumeRole");
    expect(trust?.expected).toEqual({
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
      reason: "an attached AdministratorAccess was added in AWS",
      drift: { op: "AttachRolePolicy", input: { PolicyArn: ADMIN } },
      path: `ManagedPolicyArns[${ADMIN}]`,
      type: "ADD",
    },
    {
      reason: "an extra tag was added in AWS",
      drift: { op: "TagRole", input: { Tags: [{ Key: "extra", Value: "1" }] } },
      path: "Tags[extra]",
      type: "ADD",
    },
    {
      reason: "our inline policy was removed in AWS",
      drift: { op: "DeleteRolePolicy", input: { PolicyName: INLINE_POLICY_NAME } },
      path: `Policies[${INLINE_POLICY_NAME}]`,
      type: "REMOVE",
    },
    {
      reason: "a configured tag was removed in AWS",
      drift: { op: "UntagRole", input: { TagKeys: ["team"] } },
      path: "Tags[team]",
      type: "REMOVE",
    },
    {
      reason: "a configured tag's value differs",
      drift: { op: "TagRole", input: { Tags: [{ Key: "team", Value: "other" }] } },
      path: "Tags[team]",
      type: "NOT_EQUAL",
    },
  ])("types the difference as CloudFormation does: $type when $reason", async ({ drift, path, type }) => {
    // Prepare
    const w = await deployed(config({ tags: { team: "platform" } }));
    w.account.seed("iam", drift.op, { RoleName: ROLE, ...drift.input });

    // Act
    const plan = await w.handler({ action: "plan" }, context);

    // Assess
    expect(resource(plan, "AWS::IAM::Role")?.differences).toEqual([expect.objectContaining({ path, type })]);
  });
});

describe("a kept rule keeps working", () => {
  it("keeps the role allowing the live rule's upstream while a replace is refused", async () => {
    // Prepare
    const w = await deployed(config({ allowReplace: false }));
    w.putConfig(config({ allowReplace: false, sourceRegistryRegion: "eu-central-1" }));

    // Act
    const report = await w.handler({ action: "reconcile" }, context);

    // Assess
    expect(resource(report, "AWS::ECR::PullThroughCacheRule")?.status).toBe("CONFLICT");
    const policy = role(w)?.inlinePolicies[INLINE_POLICY_NAME] ?? "";
    expect(policy).toContain(`arn:aws:ecr:us-east-1:${ECHO}:repository/*`);
    expect(policy).toContain(`arn:aws:ecr:eu-central-1:${ECHO}:repository/*`);
    expect(w.account.snapshot().pullThroughCacheRules.echo?.upstreamRegistryUrl).toContain("us-east-1");
  });
});

describe("a SecureString config", () => {
  it("is read with decryption and applied", async () => {
    // Prepare
    const w = setUp(null, {}, { built: true });
    w.account.seed("ssm", "PutParameter", {
      Name: PARAM,
      Value: JSON.stringify(config()),
      Type: "SecureString",
    });

    // Act
    const report = await w.handler(customResource("create"), context);

    // Assess
    expect(report.status).toBe("REMEDIATED");
    expect(w.account.snapshot().roles[ROLE]?.tags[OWNER_TAG_KEY]).toBe(OWNER);
  });
});

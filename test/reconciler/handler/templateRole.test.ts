/**
 * A template that needs a role of its own (KMS encryption, resource tags): the built handler on the simulated
 * account creates the role, names it in the template, keeps both in sync, and tears the template down before
 * the role.
 */
import { OWNER_TAG_KEY } from "../../../common/constants";
import { policiesEqual } from "../../../reconciler/resources/iamPolicy";
import { repositoryCreationFailure } from "../../../sim";
import { ACCOUNT, context, customResource, OWNER, PARAM, REGION, setUp } from "./harness";

const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const BASE = { version: 1, sourceRegistryAccountId: "123456789012" };
const KMS = { ...BASE, repositoryTemplate: { encryption: "KMS", kmsKeyArn: KEY } };
const ROLE = "echo-pullthrough-template-role";
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE}`;

/** The built bundle's handler, on an account that refuses a KMS or tagged template without a role. */
function kmsCache(config: unknown = KMS) {
  const s = setUp(config, {}, { built: true });
  s.account.requireTemplateRole = true;
  return s;
}

const templateRoleOf = (s: ReturnType<typeof setUp>) => s.account.snapshot().roles[ROLE];
const templateOf = (s: ReturnType<typeof setUp>) => s.account.snapshot().repositoryCreationTemplates.echo;

describe("a KMS template and its role", () => {
  it("creates the role ECR assumes, trusted by ECR only, tagged as ours, allowed exactly the cache's repositories and the key", async () => {
    // Prepare
    const s = kmsCache();

    // Act
    const report = await s.handler(customResource("create"), context);

    // Assess
    expect(report.status).toBe("REMEDIATED");
    const role = templateRoleOf(s);
    expect(role?.tags[OWNER_TAG_KEY]).toBe(OWNER);
    const trust = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "ecr.amazonaws.com" }, Action: "sts:AssumeRole" }],
    };
    expect(policiesEqual(role?.assumeRolePolicyDocument ?? "{}", trust)).toBe(true);
    expect(Object.keys(role?.inlinePolicies ?? {})).toEqual(["echo-pullthrough-template-repositories"]);
    const allowed = JSON.parse(role?.inlinePolicies["echo-pullthrough-template-repositories"] ?? "{}");
    expect(
      allowed.Statement.map((st: { Action: string[]; Resource: string }) => [st.Action, st.Resource]),
    ).toEqual([
      [["ecr:CreateRepository"], `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/echo/*`],
      [["kms:CreateGrant", "kms:DescribeKey", "kms:RetireGrant"], KEY],
    ]);
    expect(s.account.snapshot().parameters[`${PARAM}.state/templateRole/${ROLE}`]).toBeDefined();
  });

  it("names the role in the template, so a pull can create its encrypted repository", async () => {
    // Prepare
    const s = kmsCache();

    // Act
    await s.handler(customResource("create"), context);

    // Assess
    expect(templateOf(s)).toMatchObject({
      customRoleArn: ROLE_ARN,
      encryptionConfiguration: { encryptionType: "KMS", kmsKey: KEY },
    });
    expect(repositoryCreationFailure(s.account.snapshot(), "echo")).toBeUndefined();
  });

  it("creates the role before the template that names it", async () => {
    // Prepare
    const s = kmsCache();

    // Act
    await s.handler(customResource("create"), context);

    // Assess
    const writes = s.writesSince(0);
    expect(writes.indexOf("ecr:CreateRepositoryCreationTemplate")).toBeGreaterThan(
      writes.indexOf("iam:PutRolePolicy"),
    );
  });

  it("is in sync on the next run: no write at all", async () => {
    // Prepare
    const s = kmsCache();
    await s.handler(customResource("create"), context);

    // Act
    const report = await s.handler({ action: "reconcile" }, context);

    // Assess
    expect([report.status, report.writes]).toEqual(["IN_SYNC", 0]);
  });

  it.each([
    {
      reason: "its trust policy pointed at another service (ECR could no longer assume it)",
      drift: {
        op: "UpdateAssumeRolePolicy",
        input: {
          RoleName: ROLE,
          PolicyDocument: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
            ],
          }),
        },
      },
      fix: ["iam:UpdateAssumeRolePolicy"],
    },
    {
      reason: "its inline policy deleted",
      drift: {
        op: "DeleteRolePolicy",
        input: { RoleName: ROLE, PolicyName: "echo-pullthrough-template-repositories" },
      },
      fix: ["iam:PutRolePolicy"],
    },
    {
      reason: "a managed policy attached to it",
      drift: {
        op: "AttachRolePolicy",
        input: { RoleName: ROLE, PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
      },
      fix: ["iam:DetachRolePolicy"],
    },
  ])("heals the template's role after $reason, with one write", async ({ drift, fix }) => {
    // Prepare
    const s = kmsCache();
    await s.handler(customResource("create"), context);
    s.account.seed("iam", drift.op, drift.input);
    const mark = s.account.calls.length;

    // Act
    const report = await s.handler({ action: "reconcile" }, context);

    // Assess
    const role = report.resources.find((r) => r.id === ROLE);
    expect([role?.type, role?.status]).toEqual(["AWS::IAM::Role", "REMEDIATED"]);
    expect(s.writesSince(mark)).toEqual(fix);
    expect(repositoryCreationFailure(s.account.snapshot(), "echo")).toBeUndefined();
    expect((await s.handler({ action: "reconcile" }, context)).writes).toBe(0);
  });

  it("puts its role back on a template it was taken off", async () => {
    // Prepare
    const s = kmsCache();
    await s.handler(customResource("create"), context);
    s.account.requireTemplateRole = false;
    s.account.seed("ecr", "UpdateRepositoryCreationTemplate", { prefix: "echo", customRoleArn: "" });
    const broken = repositoryCreationFailure(s.account.snapshot(), "echo");

    // Act
    const report = await s.handler({ action: "reconcile" }, context);

    // Assess
    expect(broken).toMatch(/needs a customRoleArn/);
    const template = report.resources.find((r) => r.type === "AWS::ECR::RepositoryCreationTemplate");
    expect(template?.differences.map((d) => [d.path, d.type])).toEqual([["customRoleArn", "REMOVE"]]);
    expect(templateOf(s)?.customRoleArn).toBe(ROLE_ARN);
  });

  it("tears down the template first, then its role, then the record", async () => {
    // Prepare
    const s = kmsCache();
    await s.handler(customResource("create"), context);
    const mark = s.account.calls.length;

    // Act
    const report = await s.handler(customResource("delete"), context);

    // Assess
    expect(report.status).toBe("DELETED");
    const deletes = s.account.calls
      .slice(mark)
      .filter((c) => c.write && !c.error)
      .map(
        (c) =>
          `${c.operation} ${(c.input as { RoleName?: string; prefix?: string }).RoleName ?? (c.input as { prefix?: string }).prefix ?? ""}`,
      );
    expect(deletes.indexOf(`DeleteRole ${ROLE}`)).toBeGreaterThan(
      deletes.indexOf("DeleteRepositoryCreationTemplate echo"),
    );
    expect(deletes.indexOf("DeleteRepositoryCreationTemplate echo")).toBeGreaterThanOrEqual(0);
    expect(templateRoleOf(s)).toBeUndefined();
    expect(templateOf(s)).toBeUndefined();
    expect(
      Object.keys(s.account.snapshot().parameters).filter((n) => n.startsWith(`${PARAM}.state`)),
    ).toEqual([]);
  });

  it("takes the role off the template, then deletes it, when the template no longer needs one", async () => {
    // Prepare
    const s = kmsCache();
    await s.handler(customResource("create"), context);
    s.putConfig({ ...BASE, repositoryTemplate: {} });

    // Act
    const report = await s.handler({ action: "reconcile" }, context);

    // Assess
    expect(report.errors).toEqual([]);
    expect(templateOf(s)?.customRoleArn).toBeUndefined();
    expect(templateRoleOf(s)).toBeUndefined();
    expect(repositoryCreationFailure(s.account.snapshot(), "echo")).toBeUndefined();
    expect((await s.handler({ action: "reconcile" }, context)).writes).toBe(0);
  });

  it("gives a tagged template a role too, and renames the role when the prefix changes", async () => {
    // Prepare
    const tagged = { ...BASE, repositoryTemplate: { resourceTags: { team: "platform" } } };
    const s = kmsCache(tagged);
    await s.handler(customResource("create"), context);
    s.putConfig({ ...tagged, repositoryPrefix: "mirror" });

    // Act
    const report = await s.handler({ action: "reconcile" }, context);

    // Assess
    expect(report.errors).toEqual([]);
    const snap = s.account.snapshot();
    expect(snap.repositoryCreationTemplates.mirror?.customRoleArn).toBe(
      `arn:aws:iam::${ACCOUNT}:role/mirror-pullthrough-template-role`,
    );
    expect(snap.roles[ROLE]).toBeUndefined();
    expect(
      JSON.parse(
        snap.roles["mirror-pullthrough-template-role"]?.inlinePolicies[
          "mirror-pullthrough-template-repositories"
        ] ?? "{}",
      ).Statement[0].Action,
    ).toEqual(["ecr:CreateRepository", "ecr:TagResource"]);
    expect(repositoryCreationFailure(snap, "mirror")).toBeUndefined();
  });
});

describe("a KMS template with resource tags and its role, from deploy to destroy", () => {
  const TAGGED_KMS = {
    ...BASE,
    repositoryTemplate: { encryption: "KMS", kmsKeyArn: KEY, resourceTags: { team: "platform" } },
  };
  const POLICY_NAME = "echo-pullthrough-template-repositories";
  const REPOSITORIES = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/echo/*`;
  const statementsOf = (s: ReturnType<typeof setUp>) =>
    JSON.parse(templateRoleOf(s)?.inlinePolicies[POLICY_NAME] ?? "{}").Statement.map(
      (st: { Action: string[]; Resource: string }) => [st.Action, st.Resource],
    );
  const deployed = async () => {
    const s = kmsCache(TAGGED_KMS);
    const report = await s.handler(customResource("create"), context);
    return { s, report };
  };

  it("deploys the role (ECR only, CreateRepository and TagResource on the cache's repositories, KMS on exactly that key) and the template naming it", async () => {
    // Act
    const { s, report } = await deployed();

    // Assess
    expect([report.status, report.errors]).toEqual(["REMEDIATED", []]);
    const role = templateRoleOf(s);
    expect(role?.tags[OWNER_TAG_KEY]).toBe(OWNER);
    expect(
      policiesEqual(role?.assumeRolePolicyDocument ?? "{}", {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { Service: "ecr.amazonaws.com" }, Action: "sts:AssumeRole" },
        ],
      }),
    ).toBe(true);
    expect(statementsOf(s)).toEqual([
      [["ecr:CreateRepository", "ecr:TagResource"], REPOSITORIES],
      [["kms:CreateGrant", "kms:DescribeKey", "kms:RetireGrant"], KEY],
    ]);
    expect(templateOf(s)).toMatchObject({
      customRoleArn: ROLE_ARN,
      encryptionConfiguration: { encryptionType: "KMS", kmsKey: KEY },
      resourceTags: [{ Key: "team", Value: "platform" }],
    });
    expect(repositoryCreationFailure(s.account.snapshot(), "echo")).toBeUndefined();
  });

  it("writes nothing on the second run", async () => {
    // Prepare
    const { s } = await deployed();
    const mark = s.account.calls.length;

    // Act
    const report = await s.handler({ action: "reconcile" }, context);

    // Assess
    expect([report.status, s.writesSince(mark)]).toEqual(["IN_SYNC", []]);
  });

  it("puts TagResource back when someone narrows the role to CreateRepository, with one write", async () => {
    // Prepare
    const { s } = await deployed();
    const narrowed = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: ["ecr:CreateRepository"], Resource: REPOSITORIES }],
    };
    s.account.seed("iam", "PutRolePolicy", {
      RoleName: ROLE,
      PolicyName: POLICY_NAME,
      PolicyDocument: JSON.stringify(narrowed),
    });
    const mark = s.account.calls.length;

    // Act
    const report = await s.handler({ action: "reconcile" }, context);

    // Assess
    expect(report.resources.find((r) => r.id === ROLE)?.status).toBe("REMEDIATED");
    expect(s.writesSince(mark)).toEqual(["iam:PutRolePolicy"]);
    expect(statementsOf(s)[0]).toEqual([["ecr:CreateRepository", "ecr:TagResource"], REPOSITORIES]);
    expect((await s.handler({ action: "reconcile" }, context)).writes).toBe(0);
  });

  it("destroys the template, then the role, then the record", async () => {
    // Prepare
    const { s } = await deployed();
    const mark = s.account.calls.length;

    // Act
    const report = await s.handler(customResource("delete"), context);

    // Assess
    expect(report.status).toBe("DELETED");
    const done = s.account.calls.slice(mark).filter((c) => c.write && !c.error);
    const templateGone = done.findIndex((c) => c.operation === "DeleteRepositoryCreationTemplate");
    const roleGone = done.findIndex(
      (c) => c.operation === "DeleteRole" && (c.input as { RoleName?: string }).RoleName === ROLE,
    );
    expect(templateGone).toBeGreaterThanOrEqual(0);
    expect(roleGone).toBeGreaterThan(templateGone);
    const snap = s.account.snapshot();
    expect([snap.roles[ROLE], snap.repositoryCreationTemplates.echo]).toEqual([undefined, undefined]);
    expect(Object.keys(snap.parameters).filter((n) => n.startsWith(`${PARAM}.state`))).toEqual([]);
  });

  it("keeps the role while the template that names it could not be deleted, and removes both on the next destroy", async () => {
    // Prepare
    const { s } = await deployed();
    s.account.failNext("ecr", "DeleteRepositoryCreationTemplate", () =>
      Object.assign(new Error("User is not authorized to perform: ecr:DeleteRepositoryCreationTemplate"), {
        name: "AccessDeniedException",
        $metadata: { httpStatusCode: 400 },
      }),
    );

    // Act
    const failed = await s.handler(customResource("delete"), context).catch((e: Error) => e);
    const kept = s.account.snapshot();
    const report = await s.handler(customResource("delete"), context);

    // Assess
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).toMatch(/not authorized/);
    expect(kept.repositoryCreationTemplates.echo?.customRoleArn).toBe(ROLE_ARN);
    expect(kept.roles[ROLE]?.tags[OWNER_TAG_KEY]).toBe(OWNER);
    expect(kept.parameters[`${PARAM}.state/templateRole/${ROLE}`]).toBeDefined();
    expect(report.status).toBe("DELETED");
    const snap = s.account.snapshot();
    expect([snap.roles[ROLE], snap.repositoryCreationTemplates.echo]).toEqual([undefined, undefined]);
  });
});

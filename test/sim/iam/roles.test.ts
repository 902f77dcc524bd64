import {
  CreateRoleCommand,
  type CreateRoleCommandInput,
  DeleteConflictException,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  EntityAlreadyExistsException,
  GetRoleCommand,
  InvalidInputException,
  LimitExceededException,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
  UpdateAssumeRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { trustPolicy } from "../../../sim";
import { ADMIN, type ErrorClass, rejection, TRUST } from "../helpers";
import { expectIamError, NOW, READ_POLICY, setup, sizedDocument } from "./helpers";

describe("GetRole", () => {
  it("returns the trust policy URL-encoded from GetRole, as IAM does", async () => {
    const { account, iam } = setup();
    account.seed("iam", "CreateRole", { RoleName: "echo-ptc", AssumeRolePolicyDocument: TRUST });

    const { Role } = await iam.send(new GetRoleCommand({ RoleName: "echo-ptc" }));

    expect(Role?.AssumeRolePolicyDocument).toBe(encodeURIComponent(TRUST));
    expect(Role?.AssumeRolePolicyDocument).toContain("%22Statement%22");
    expect(JSON.parse(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? ""))).toEqual(JSON.parse(TRUST));
  });

  it("returns the role's fields, tags and ARN built from path and name", async () => {
    const { account, iam } = setup();
    account.seed("iam", "CreateRole", {
      RoleName: "echo-ptc",
      Path: "/echo/",
      AssumeRolePolicyDocument: TRUST,
      Description: "reads Echo",
      Tags: [{ Key: "owner", Value: "abc" }],
    });

    const { Role } = await iam.send(new GetRoleCommand({ RoleName: "echo-ptc" }));

    expect(Role).toMatchObject({
      Path: "/echo/",
      RoleName: "echo-ptc",
      Arn: "arn:aws:iam::111122223333:role/echo/echo-ptc",
      CreateDate: NOW,
      Description: "reads Echo",
      MaxSessionDuration: 3600,
      Tags: [{ Key: "owner", Value: "abc" }],
    });
    expect(Role?.RoleId).toMatch(/^AROA\w{17}$/);
  });

  it("omits Tags when the role has none", async () => {
    const { account, iam } = setup();
    account.seed("iam", "CreateRole", { RoleName: "plain", AssumeRolePolicyDocument: TRUST });

    const { Role } = await iam.send(new GetRoleCommand({ RoleName: "plain" }));

    expect(Role).not.toHaveProperty("Tags");
  });

  it("finds a role whatever the case of the name asked for", async () => {
    const { account, iam } = setup();
    account.seed("iam", "CreateRole", { RoleName: "Echo-PTC", AssumeRolePolicyDocument: TRUST });

    const { Role } = await iam.send(new GetRoleCommand({ RoleName: "echo-ptc" }));

    expect(Role?.RoleName).toBe("Echo-PTC");
  });
});

describe("CreateRole", () => {
  const cases: { reason: string; input: Partial<CreateRoleCommandInput>; error: ErrorClass | string }[] = [
    {
      reason: "a role name with a space breaks the model pattern",
      input: { RoleName: "my role" },
      error: "ValidationError",
    },
    {
      reason: "a 65-character role name is too long",
      input: { RoleName: "r".repeat(65) },
      error: "ValidationError",
    },
    { reason: "a path must start and end with a slash", input: { Path: "/team" }, error: "ValidationError" },
    {
      reason: "more than 50 tags in one request break the model's list limit",
      input: { Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" })) },
      error: "ValidationError",
    },
    {
      reason: "a tag key with a forbidden character breaks the tag pattern",
      input: { Tags: [{ Key: "a#b", Value: "v" }] },
      error: "ValidationError",
    },
    {
      reason: "tag keys starting with aws: are reserved, in any case",
      input: { Tags: [{ Key: "AWS:owner", Value: "v" }] },
      error: InvalidInputException,
    },
    {
      reason: "tag keys are unique case-insensitively",
      input: {
        Tags: [
          { Key: "Owner", Value: "a" },
          { Key: "owner", Value: "b" },
        ],
      },
      error: InvalidInputException,
    },
    {
      reason: "a trust policy must be JSON",
      input: { AssumeRolePolicyDocument: "{not json" },
      error: MalformedPolicyDocumentException,
    },
    {
      reason: "a trust policy needs a Statement",
      input: { AssumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17" }) },
      error: MalformedPolicyDocumentException,
    },
    {
      reason: "a trust policy may not name a Resource",
      input: { AssumeRolePolicyDocument: READ_POLICY },
      error: MalformedPolicyDocumentException,
    },
    {
      reason: "a trust policy longer than 2048 characters without whitespace exceeds the quota",
      input: { AssumeRolePolicyDocument: sizedDocument("trust", 2049) },
      error: LimitExceededException,
    },
    {
      reason: "a role name taken in another case already exists",
      input: { RoleName: "EXISTING" },
      error: EntityAlreadyExistsException,
    },
  ];

  it.each(cases)("rejects the request and changes nothing: $reason", async ({ input, error: expected }) => {
    const { account, iam } = setup();
    account.seed("iam", "CreateRole", { RoleName: "existing", AssumeRolePolicyDocument: TRUST });
    const before = account.snapshot();

    const error = await rejection(
      iam.send(new CreateRoleCommand({ RoleName: "new-role", AssumeRolePolicyDocument: TRUST, ...input })),
    );

    expectIamError(error, expected);
    expect(account.snapshot()).toEqual(before);
  });

  it("does not count whitespace towards the 2048-character trust policy quota", async () => {
    const { account, iam } = setup();
    const document = sizedDocument("trust", 2048).replace(/,/g, ",\n    ");

    await iam.send(new CreateRoleCommand({ RoleName: "r", AssumeRolePolicyDocument: document }));

    expect(document.length).toBeGreaterThan(2048);
    expect(account.snapshot().roles.r?.assumeRolePolicyDocument).toBe(document);
  });

  it("returns the created role with its trust policy URL-encoded and stores the text as sent", async () => {
    const { account, iam } = setup();

    const { Role } = await iam.send(
      new CreateRoleCommand({
        RoleName: "r",
        AssumeRolePolicyDocument: TRUST,
        Tags: [{ Key: "a", Value: "1" }],
      }),
    );

    expect(Role?.AssumeRolePolicyDocument).toBe(encodeURIComponent(TRUST));
    expect(account.snapshot().roles.r).toMatchObject({ assumeRolePolicyDocument: TRUST, tags: { a: "1" } });
  });
});

describe("DeleteRole", () => {
  it("throws DeleteConflictException while an inline policy remains", async () => {
    const { account, iam } = setup();
    account.seed("iam", "CreateRole", { RoleName: "r", AssumeRolePolicyDocument: TRUST });
    account.seed("iam", "PutRolePolicy", { RoleName: "r", PolicyName: "p", PolicyDocument: READ_POLICY });
    const before = account.snapshot();

    const error = await rejection(iam.send(new DeleteRoleCommand({ RoleName: "r" })));

    expect(error).toBeInstanceOf(DeleteConflictException);
    expect(error.$metadata.httpStatusCode).toBe(409);
    expect(account.snapshot()).toEqual(before);
  });

  it("throws DeleteConflictException while a managed policy is attached", async () => {
    const { account, iam } = setup();
    account.seed("iam", "CreateRole", { RoleName: "r", AssumeRolePolicyDocument: TRUST });
    account.seed("iam", "AttachRolePolicy", { RoleName: "r", PolicyArn: ADMIN });

    const error = await rejection(iam.send(new DeleteRoleCommand({ RoleName: "r" })));

    expect(error).toBeInstanceOf(DeleteConflictException);
  });

  it("deletes the role once its policies are gone", async () => {
    const { account, iam } = setup();
    account.seed("iam", "CreateRole", { RoleName: "r", AssumeRolePolicyDocument: TRUST });
    account.seed("iam", "PutRolePolicy", { RoleName: "r", PolicyName: "p", PolicyDocument: READ_POLICY });
    account.seed("iam", "AttachRolePolicy", { RoleName: "r", PolicyArn: ADMIN });

    await iam.send(new DeleteRolePolicyCommand({ RoleName: "r", PolicyName: "p" }));
    await iam.send(new DetachRolePolicyCommand({ RoleName: "r", PolicyArn: ADMIN }));
    await iam.send(new DeleteRoleCommand({ RoleName: "R" }));

    expect(account.snapshot().roles).toEqual({});
  });

  it("throws NoSuchEntityException for a missing role", async () => {
    const { iam } = setup();

    const error = await rejection(iam.send(new DeleteRoleCommand({ RoleName: "missing" })));

    expect(error).toBeInstanceOf(NoSuchEntityException);
  });
});

describe("UpdateAssumeRolePolicy", () => {
  it("replaces the trust policy with UpdateAssumeRolePolicy and rejects a malformed one", async () => {
    const { account, iam } = setup();
    account.seed("iam", "CreateRole", { RoleName: "r", AssumeRolePolicyDocument: TRUST });
    const other = trustPolicy("lambda.amazonaws.com");

    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "r", PolicyDocument: other }));
    const error = await rejection(
      iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "r", PolicyDocument: "{" })),
    );

    expect(error).toBeInstanceOf(MalformedPolicyDocumentException);
    expect(account.snapshot().roles.r?.assumeRolePolicyDocument).toBe(other);
  });

  it("refuses a trust policy over 2048 characters without whitespace with LimitExceededException (409), not MalformedPolicyDocument", async () => {
    const { account, iam } = setup(true);
    const before = account.snapshot();

    const error = await rejection(
      iam.send(
        new UpdateAssumeRolePolicyCommand({ RoleName: "r", PolicyDocument: sizedDocument("trust", 2049) }),
      ),
    );
    await iam.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: "r",
        PolicyDocument: sizedDocument("trust", 2048).replace(/,/g, ",\n  "),
      }),
    );

    expect(error).toBeInstanceOf(LimitExceededException);
    expect(error.$metadata).toMatchObject({ httpStatusCode: 409, attempts: 1 });
    expect(before.roles.r?.assumeRolePolicyDocument).toBe(TRUST);
    expect(account.snapshot().roles.r?.assumeRolePolicyDocument).toContain("\n");
  });
});

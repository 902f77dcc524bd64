import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  type CreateRoleCommandInput,
  DeleteConflictException,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  EntityAlreadyExistsException,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMServiceException,
  InvalidInputException,
  LimitExceededException,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
  PutRolePolicyCommand,
  TagRoleCommand,
  UnmodifiableEntityException,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { createSimulatedClients, permissionsPolicy, SimulatedAccount, trustPolicy } from "../../sim";

const PRINCIPAL = "pullthroughcache.ecr.amazonaws.com";
const TRUST = trustPolicy(PRINCIPAL);
const READ_POLICY = permissionsPolicy(["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]);
const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
const NOW = new Date("2026-03-04T05:06:07.000Z");

function setup() {
  const account = new SimulatedAccount({ clock: () => NOW });
  const clients = createSimulatedClients(account, { maxAttempts: 3 });
  return { account, clients, iam: clients.iam };
}

/** A policy document whose size without whitespace is exactly `chars`, padded through a Sid. */
function sizedDocument(kind: "trust" | "permissions", chars: number): string {
  const statement =
    kind === "trust"
      ? { Sid: "", Effect: "Allow", Principal: { Service: PRINCIPAL }, Action: "sts:AssumeRole" }
      : { Sid: "", Effect: "Allow", Action: "ecr:BatchGetImage", Resource: "*" };
  const base = JSON.stringify({ Version: "2012-10-17", Statement: [statement] }).length;
  statement.Sid = "x".repeat(chars - base);
  return JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
}

async function rejection(promise: Promise<unknown>): Promise<IAMServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as IAMServiceException;
  }
  throw new Error("expected the call to fail");
}

type ErrorClass = abstract new (...args: never[]) => Error;

/** Asserts the error by class, or by name for errors IAM's model does not declare. */
function expectError(error: Error, expected: ErrorClass | string): void {
  if (typeof expected === "string") {
    expect(error).toBeInstanceOf(IAMServiceException);
    expect(error.name).toBe(expected);
  } else {
    expect(error).toBeInstanceOf(expected);
  }
}

describe("IAM reads", () => {
  it("returns the trust policy URL-encoded from GetRole, as IAM does", async () => {
    const { account, iam } = setup();
    account.seed("iam", "CreateRole", { RoleName: "echo-ptc", AssumeRolePolicyDocument: TRUST });

    const { Role } = await iam.send(new GetRoleCommand({ RoleName: "echo-ptc" }));

    expect(Role?.AssumeRolePolicyDocument).toBe(encodeURIComponent(TRUST));
    expect(Role?.AssumeRolePolicyDocument).toContain("%22Statement%22");
    expect(JSON.parse(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? ""))).toEqual(JSON.parse(TRUST));
  });

  it("returns the inline policy URL-encoded from GetRolePolicy", async () => {
    const { account, iam } = setup();
    account.seed("iam", "CreateRole", { RoleName: "echo-ptc", AssumeRolePolicyDocument: TRUST });
    account.seed("iam", "PutRolePolicy", {
      RoleName: "echo-ptc",
      PolicyName: "read",
      PolicyDocument: READ_POLICY,
    });

    const output = await iam.send(new GetRolePolicyCommand({ RoleName: "echo-ptc", PolicyName: "read" }));

    expect(output.PolicyDocument).toBe(encodeURIComponent(READ_POLICY));
    expect(output.RoleName).toBe("echo-ptc");
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

  it.each([
    ["GetRole", () => new GetRoleCommand({ RoleName: "missing" })],
    ["ListRolePolicies", () => new ListRolePoliciesCommand({ RoleName: "missing" })],
    ["ListAttachedRolePolicies", () => new ListAttachedRolePoliciesCommand({ RoleName: "missing" })],
    ["ListRoleTags", () => new ListRoleTagsCommand({ RoleName: "missing" })],
  ])("throws NoSuchEntityException (404) from %s for a missing role", async (_name, command) => {
    const { iam } = setup();

    const error = await rejection(iam.send(command() as GetRoleCommand));

    expect(error).toBeInstanceOf(NoSuchEntityException);
    expect(error.$metadata.httpStatusCode).toBe(404);
  });

  it("throws NoSuchEntityException from GetRolePolicy for a missing policy", async () => {
    const { account, iam } = setup();
    account.seed("iam", "CreateRole", { RoleName: "r", AssumeRolePolicyDocument: TRUST });

    const error = await rejection(iam.send(new GetRolePolicyCommand({ RoleName: "r", PolicyName: "none" })));

    expect(error).toBeInstanceOf(NoSuchEntityException);
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

    expectError(error, expected);
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

describe("role policies", () => {
  it("counts all inline policies of a role, without whitespace, against 10240 characters", async () => {
    const { account, iam } = setup();
    account.seed("iam", "CreateRole", { RoleName: "r", AssumeRolePolicyDocument: TRUST });
    account.seed("iam", "PutRolePolicy", {
      RoleName: "r",
      PolicyName: "first",
      PolicyDocument: sizedDocument("permissions", 6000),
    });
    const before = account.snapshot();

    const error = await rejection(
      iam.send(
        new PutRolePolicyCommand({
          RoleName: "r",
          PolicyName: "second",
          PolicyDocument: sizedDocument("permissions", 4241),
        }),
      ),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: "r",
        PolicyName: "second",
        PolicyDocument: sizedDocument("permissions", 4240).replace(/:/g, ": "),
      }),
    );

    expect(error).toBeInstanceOf(LimitExceededException);
    expect(Object.keys(before.roles.r?.inlinePolicies ?? {})).toEqual(["first"]);
    expect(Object.keys(account.snapshot().roles.r?.inlinePolicies ?? {})).toEqual(["first", "second"]);
  });

  it("counts a replaced inline policy once", async () => {
    const { account, iam } = setup();
    account.seed("iam", "CreateRole", { RoleName: "r", AssumeRolePolicyDocument: TRUST });
    account.seed("iam", "PutRolePolicy", {
      RoleName: "r",
      PolicyName: "only",
      PolicyDocument: sizedDocument("permissions", 10000),
    });

    await iam.send(
      new PutRolePolicyCommand({
        RoleName: "r",
        PolicyName: "only",
        PolicyDocument: sizedDocument("permissions", 10240),
      }),
    );

    expect(account.snapshot().roles.r?.inlinePolicies.only).toBe(sizedDocument("permissions", 10240));
  });

  it.each([
    ["not JSON", "nope"],
    [
      "a permissions policy without Resource",
      JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:*" }] }),
    ],
    ["a permissions policy naming a Principal", TRUST],
    ["an unknown Version", JSON.stringify({ Version: "2020-01-01", Statement: [] })],
  ])("throws MalformedPolicyDocumentException from PutRolePolicy for %s", async (_reason, document) => {
    const { account, iam } = setup();
    account.seed("iam", "CreateRole", { RoleName: "r", AssumeRolePolicyDocument: TRUST });
    const before = account.snapshot();

    const error = await rejection(
      iam.send(new PutRolePolicyCommand({ RoleName: "r", PolicyName: "p", PolicyDocument: document })),
    );

    expect(error).toBeInstanceOf(MalformedPolicyDocumentException);
    expect(account.snapshot()).toEqual(before);
  });

  it("throws NoSuchEntityException from DeleteRolePolicy for a missing policy", async () => {
    const { account, iam } = setup();
    account.seed("iam", "CreateRole", { RoleName: "r", AssumeRolePolicyDocument: TRUST });

    const error = await rejection(
      iam.send(new DeleteRolePolicyCommand({ RoleName: "r", PolicyName: "none" })),
    );

    expect(error).toBeInstanceOf(NoSuchEntityException);
  });

  it("throws NoSuchEntityException from AttachRolePolicy for a policy that does not exist", async () => {
    const { account, iam } = setup();
    account.seed("iam", "CreateRole", { RoleName: "r", AssumeRolePolicyDocument: TRUST });
    const before = account.snapshot();

    const error = await rejection(
      iam.send(
        new AttachRolePolicyCommand({ RoleName: "r", PolicyArn: "arn:aws:iam::aws:policy/NoSuchPolicy" }),
      ),
    );

    expect(error).toBeInstanceOf(NoSuchEntityException);
    expect(account.snapshot()).toEqual(before);
  });

  it("attaches a customer managed policy once it exists, and attaching twice changes nothing", async () => {
    const { account, iam } = setup();
    const arn = "arn:aws:iam::111122223333:policy/team/extra";
    account.putManagedPolicy(arn);
    account.seed("iam", "CreateRole", { RoleName: "r", AssumeRolePolicyDocument: TRUST });

    await iam.send(new AttachRolePolicyCommand({ RoleName: "r", PolicyArn: arn }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: "r", PolicyArn: arn }));
    const { AttachedPolicies } = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: "r" }));

    expect(AttachedPolicies).toEqual([{ PolicyName: "extra", PolicyArn: arn }]);
  });

  it("throws NoSuchEntityException from DetachRolePolicy for a policy that is not attached", async () => {
    const { account, iam } = setup();
    account.seed("iam", "CreateRole", { RoleName: "r", AssumeRolePolicyDocument: TRUST });

    const error = await rejection(iam.send(new DetachRolePolicyCommand({ RoleName: "r", PolicyArn: ADMIN })));

    expect(error).toBeInstanceOf(NoSuchEntityException);
  });

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
});

describe("role tags", () => {
  it("throws LimitExceededException when TagRole would take a role past 50 tags", async () => {
    const { account, iam } = setup();
    const tags = Array.from({ length: 45 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
    account.seed("iam", "CreateRole", { RoleName: "r", AssumeRolePolicyDocument: TRUST, Tags: tags });
    const before = account.snapshot();

    const error = await rejection(
      iam.send(
        new TagRoleCommand({
          RoleName: "r",
          Tags: Array.from({ length: 6 }, (_, i) => ({ Key: `n${i}`, Value: "v" })),
        }),
      ),
    );

    expect(error).toBeInstanceOf(LimitExceededException);
    expect(account.snapshot()).toEqual(before);
  });

  it("throws InvalidInputException from TagRole for a reserved aws: key", async () => {
    const { account, iam } = setup();
    account.seed("iam", "CreateRole", { RoleName: "r", AssumeRolePolicyDocument: TRUST });

    const error = await rejection(
      iam.send(new TagRoleCommand({ RoleName: "r", Tags: [{ Key: "aws:x", Value: "1" }] })),
    );

    expect(error).toBeInstanceOf(InvalidInputException);
  });

  it("treats tag keys differing only in case as one tag, keeping the newest spelling", async () => {
    const { account, iam } = setup();
    account.seed("iam", "CreateRole", {
      RoleName: "r",
      AssumeRolePolicyDocument: TRUST,
      Tags: [{ Key: "Owner", Value: "a" }],
    });

    await iam.send(new TagRoleCommand({ RoleName: "r", Tags: [{ Key: "owner", Value: "b" }] }));
    const { Tags } = await iam.send(new ListRoleTagsCommand({ RoleName: "r" }));
    await iam.send(new UntagRoleCommand({ RoleName: "r", TagKeys: ["OWNER", "absent"] }));

    expect(Tags).toEqual([{ Key: "owner", Value: "b" }]);
    expect(account.snapshot().roles.r?.tags).toEqual({});
  });
});

describe("IAM paging", () => {
  const listings = [
    {
      list: "ListRolePolicies",
      seed: (account: SimulatedAccount, name: string) =>
        account.seed("iam", "PutRolePolicy", {
          RoleName: "r",
          PolicyName: name,
          PolicyDocument: READ_POLICY,
        }),
      page: async (iam: ReturnType<typeof setup>["iam"], Marker?: string) => {
        const out = await iam.send(new ListRolePoliciesCommand({ RoleName: "r", MaxItems: 2, Marker }));
        return { keys: out.PolicyNames ?? [], truncated: out.IsTruncated, marker: out.Marker };
      },
    },
    {
      list: "ListAttachedRolePolicies",
      seed: (account: SimulatedAccount, name: string) => {
        account.putManagedPolicy(`arn:aws:iam::111122223333:policy/${name}`);
        account.seed("iam", "AttachRolePolicy", {
          RoleName: "r",
          PolicyArn: `arn:aws:iam::111122223333:policy/${name}`,
        });
      },
      page: async (iam: ReturnType<typeof setup>["iam"], Marker?: string) => {
        const out = await iam.send(
          new ListAttachedRolePoliciesCommand({ RoleName: "r", MaxItems: 2, Marker }),
        );
        return {
          keys: (out.AttachedPolicies ?? []).map((p) => p.PolicyName ?? ""),
          truncated: out.IsTruncated,
          marker: out.Marker,
        };
      },
    },
    {
      list: "ListRoleTags",
      seed: (account: SimulatedAccount, name: string) =>
        account.seed("iam", "TagRole", { RoleName: "r", Tags: [{ Key: name, Value: "v" }] }),
      page: async (iam: ReturnType<typeof setup>["iam"], Marker?: string) => {
        const out = await iam.send(new ListRoleTagsCommand({ RoleName: "r", MaxItems: 2, Marker }));
        return {
          keys: (out.Tags ?? []).map((t) => t.Key ?? ""),
          truncated: out.IsTruncated,
          marker: out.Marker,
        };
      },
    },
    {
      list: "ListRoles",
      seed: (account: SimulatedAccount, name: string) =>
        account.seed("iam", "CreateRole", {
          RoleName: `r-${name}`,
          Path: "/paged/",
          AssumeRolePolicyDocument: TRUST,
        }),
      page: async (iam: ReturnType<typeof setup>["iam"], Marker?: string) => {
        const out = await iam.send(new ListRolesCommand({ PathPrefix: "/paged/", MaxItems: 2, Marker }));
        return {
          keys: (out.Roles ?? []).map((role) => (role.RoleName ?? "").slice(2)),
          truncated: out.IsTruncated,
          marker: out.Marker,
        };
      },
    },
  ];

  it.each(listings)("pages $list in sorted order with Marker and IsTruncated", async ({ seed, page }) => {
    const { account, iam } = setup();
    account.seed("iam", "CreateRole", { RoleName: "r", AssumeRolePolicyDocument: TRUST });
    for (const name of ["e", "c", "a", "d", "b"]) seed(account, name);

    const first = await page(iam);
    const second = await page(iam, first.marker);
    const third = await page(iam, second.marker);

    expect([first, second].map((p) => [p.keys, p.truncated])).toEqual([
      [["a", "b"], true],
      [["c", "d"], true],
    ]);
    expect(third).toEqual({ keys: ["e"], truncated: false, marker: undefined });
  });
});

describe("the service-linked role", () => {
  it("refuses changes to the role AWS owns with UnmodifiableEntityException", async () => {
    const { account, iam } = setup();
    account.seed("iam", "CreateRole", { RoleName: "r", AssumeRolePolicyDocument: TRUST });
    account.seed("ecr", "CreatePullThroughCacheRule", {
      ecrRepositoryPrefix: "echo",
      upstreamRegistryUrl: "999999999999.dkr.ecr.eu-west-1.amazonaws.com",
      customRoleArn: "arn:aws:iam::111122223333:role/r",
    });

    const error = await rejection(
      iam.send(new DeleteRoleCommand({ RoleName: "AWSServiceRoleForECRPullThroughCache" })),
    );

    expect(error).toBeInstanceOf(UnmodifiableEntityException);
    expect(account.serviceLinkedRoleExists).toBe(true);
  });
});

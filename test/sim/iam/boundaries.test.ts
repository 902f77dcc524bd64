import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  GetRoleCommand,
  InvalidInputException,
  ListRolesCommand,
  NoSuchEntityException,
  PolicyNotAttachableException,
  PutRolePermissionsBoundaryCommand,
  type PutRolePermissionsBoundaryCommandInput,
  UnmodifiableEntityException,
} from "@aws-sdk/client-iam";
import { ACCOUNT, type ErrorClass, RULE, rejection, TRUST } from "../helpers";
import { setup } from "./helpers";

const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/boundaries/echo`;
const AWS_BOUNDARY = "arn:aws:iam::aws:policy/PowerUserAccess";

function withBoundaryPolicy() {
  const context = setup(true);
  context.account.putManagedPolicy(BOUNDARY);
  return context;
}

describe("permissions boundaries", () => {
  it("sets a boundary with CreateRole and returns it from CreateRole and GetRole as IAM spells it", async () => {
    const { account, iam } = withBoundaryPolicy();

    const created = await iam.send(
      new CreateRoleCommand({
        RoleName: "capped",
        AssumeRolePolicyDocument: TRUST,
        PermissionsBoundary: BOUNDARY,
      }),
    );
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: "capped" }));

    const expected = { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: BOUNDARY };
    expect(created.Role?.PermissionsBoundary).toEqual(expected);
    expect(Role?.PermissionsBoundary).toEqual(expected);
    expect(account.snapshot().roles.capped?.permissionsBoundary).toBe(BOUNDARY);
  });

  it("omits PermissionsBoundary from GetRole when none is set, and from ListRoles always", async () => {
    const { iam } = withBoundaryPolicy();
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: "r", PermissionsBoundary: BOUNDARY }));
    await iam.send(new CreateRoleCommand({ RoleName: "plain", AssumeRolePolicyDocument: TRUST }));

    const { Role } = await iam.send(new GetRoleCommand({ RoleName: "plain" }));
    const { Roles } = await iam.send(new ListRolesCommand({}));

    expect(Role).not.toHaveProperty("PermissionsBoundary");
    expect(Roles?.map((role) => Object.hasOwn(role, "PermissionsBoundary"))).toEqual([false, false]);
  });

  it("replaces the boundary with PutRolePermissionsBoundary and removes it with DeleteRolePermissionsBoundary", async () => {
    const { account, iam } = withBoundaryPolicy();

    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: "r", PermissionsBoundary: BOUNDARY }));
    await iam.send(
      new PutRolePermissionsBoundaryCommand({ RoleName: "R", PermissionsBoundary: AWS_BOUNDARY }),
    );
    const replaced = account.snapshot().roles.r?.permissionsBoundary;
    await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: "r" }));

    expect(replaced).toBe(AWS_BOUNDARY);
    expect(account.snapshot().roles.r).not.toHaveProperty("permissionsBoundary");
  });

  it("deletes a role that has a boundary: DeleteRole requires only its policies gone", async () => {
    const { account, iam } = withBoundaryPolicy();
    account.seed("iam", "PutRolePermissionsBoundary", { RoleName: "r", PermissionsBoundary: BOUNDARY });

    await iam.send(new DeleteRoleCommand({ RoleName: "r" }));

    expect(account.snapshot().roles).toEqual({});
  });

  const failures: { reason: string; input: PutRolePermissionsBoundaryCommandInput; error: ErrorClass }[] = [
    {
      reason: "the boundary is not a policy ARN",
      input: { RoleName: "r", PermissionsBoundary: `arn:aws:iam::${ACCOUNT}:role/other` },
      error: InvalidInputException,
    },
    {
      reason: "the boundary policy does not exist",
      input: { RoleName: "r", PermissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/missing` },
      error: NoSuchEntityException,
    },
    {
      reason: "the boundary is an AWS service-role policy",
      input: {
        RoleName: "r",
        PermissionsBoundary:
          "arn:aws:iam::aws:policy/aws-service-role/AWSECRPullThroughCache_ServiceRolePolicy",
      },
      error: PolicyNotAttachableException,
    },
    {
      reason: "the role does not exist",
      input: { RoleName: "missing", PermissionsBoundary: BOUNDARY },
      error: NoSuchEntityException,
    },
    {
      reason: "the role is the service-linked role",
      input: { RoleName: "AWSServiceRoleForECRPullThroughCache", PermissionsBoundary: BOUNDARY },
      error: UnmodifiableEntityException,
    },
  ];

  it.each(failures)(
    "refuses PutRolePermissionsBoundary and changes nothing when $reason",
    async (failure) => {
      const { account, iam } = withBoundaryPolicy();
      account.seed("ecr", "CreatePullThroughCacheRule", {
        ...RULE,
        customRoleArn: `arn:aws:iam::${ACCOUNT}:role/r`,
      });
      const before = account.snapshot();

      const error = await rejection(iam.send(new PutRolePermissionsBoundaryCommand(failure.input)));

      expect(error).toBeInstanceOf(failure.error);
      expect(account.snapshot()).toEqual(before);
    },
  );

  it("refuses CreateRole with a boundary policy that does not exist, creating nothing", async () => {
    const { account, iam } = withBoundaryPolicy();
    const before = account.snapshot();

    const error = await rejection(
      iam.send(
        new CreateRoleCommand({
          RoleName: "capped",
          AssumeRolePolicyDocument: TRUST,
          PermissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/missing`,
        }),
      ),
    );

    expect(error).toBeInstanceOf(NoSuchEntityException);
    expect(account.snapshot()).toEqual(before);
  });

  it("answers DeleteRolePermissionsBoundary on a role without one with NoSuchEntityException", async () => {
    const { account, iam } = withBoundaryPolicy();
    const before = account.snapshot();

    const error = await rejection(iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: "r" })));

    expect(error).toBeInstanceOf(NoSuchEntityException);
    expect(account.snapshot()).toEqual(before);
  });
});

import {
  DeleteRolePolicyCommand,
  GetRolePolicyCommand,
  LimitExceededException,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
  PutRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { rejection, TRUST } from "../helpers";
import { READ_POLICY, setup, sizedDocument } from "./helpers";

describe("GetRolePolicy", () => {
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

  it("throws NoSuchEntityException from GetRolePolicy for a missing policy", async () => {
    const { account, iam } = setup();
    account.seed("iam", "CreateRole", { RoleName: "r", AssumeRolePolicyDocument: TRUST });

    const error = await rejection(iam.send(new GetRolePolicyCommand({ RoleName: "r", PolicyName: "none" })));

    expect(error).toBeInstanceOf(NoSuchEntityException);
  });
});

describe("PutRolePolicy", () => {
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
    expect(error.$metadata).toMatchObject({ httpStatusCode: 409, attempts: 1 });
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
});

describe("DeleteRolePolicy", () => {
  it("throws NoSuchEntityException from DeleteRolePolicy for a missing policy", async () => {
    const { account, iam } = setup();
    account.seed("iam", "CreateRole", { RoleName: "r", AssumeRolePolicyDocument: TRUST });

    const error = await rejection(
      iam.send(new DeleteRolePolicyCommand({ RoleName: "r", PolicyName: "none" })),
    );

    expect(error).toBeInstanceOf(NoSuchEntityException);
  });
});

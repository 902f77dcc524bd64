import {
  AttachRolePolicyCommand,
  DetachRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  NoSuchEntityException,
} from "@aws-sdk/client-iam";
import { ADMIN, rejection, TRUST } from "../helpers";
import { setup } from "./helpers";

describe("AttachRolePolicy and DetachRolePolicy", () => {
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
});

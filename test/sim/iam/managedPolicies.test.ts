import {
  AttachRolePolicyCommand,
  DetachRolePolicyCommand,
  LimitExceededException,
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

  describe("the quota of 10 attached managed policies", () => {
    const policies = Array.from({ length: 11 }, (_, i) => `arn:aws:iam::111122223333:policy/p${i}`);

    function roleWithTen() {
      const { account, iam } = setup(true);
      for (const arn of policies) account.putManagedPolicy(arn);
      for (const arn of policies.slice(0, 10))
        account.seed("iam", "AttachRolePolicy", { RoleName: "r", PolicyArn: arn });
      return { account, iam };
    }

    it("refuses the 11th with LimitExceededException (409), at once and changing nothing", async () => {
      const { account, iam } = roleWithTen();
      const before = account.snapshot();

      const error = await rejection(
        iam.send(new AttachRolePolicyCommand({ RoleName: "r", PolicyArn: policies[10] })),
      );

      expect(error).toBeInstanceOf(LimitExceededException);
      expect(error.$metadata).toMatchObject({ httpStatusCode: 409, attempts: 1 });
      expect(account.snapshot()).toEqual(before);
    });

    it("still accepts re-attaching one of the ten, and an 11th once one is detached", async () => {
      const { account, iam } = roleWithTen();

      await iam.send(new AttachRolePolicyCommand({ RoleName: "r", PolicyArn: policies[0] }));
      await iam.send(new DetachRolePolicyCommand({ RoleName: "r", PolicyArn: policies[0] }));
      await iam.send(new AttachRolePolicyCommand({ RoleName: "r", PolicyArn: policies[10] }));

      expect(account.snapshot().roles.r?.attachedPolicies).toEqual([...policies.slice(1)].sort());
    });
  });
});

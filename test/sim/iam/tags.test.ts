import {
  CreateRoleCommand,
  InvalidInputException,
  LimitExceededException,
  ListRoleTagsCommand,
  TagRoleCommand,
  UntagRoleCommand,
} from "@aws-sdk/client-iam";
import { rejection, TRUST } from "../helpers";
import { expectIamError, setup } from "./helpers";

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

  describe("the 50-tag quota, enforced by the call that crosses it", () => {
    const fifty = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));

    it("lets a role at 50 tags be re-tagged, in any case, since a key names one tag whatever its case", async () => {
      const { account, iam } = setup();
      account.seed("iam", "CreateRole", { RoleName: "r", AssumeRolePolicyDocument: TRUST, Tags: fifty });

      await iam.send(
        new TagRoleCommand({
          RoleName: "r",
          Tags: [
            { Key: "k0", Value: "new" },
            { Key: "K1", Value: "new" },
          ],
        }),
      );

      const tags = account.snapshot().roles.r?.tags ?? {};
      expect(Object.keys(tags)).toHaveLength(50);
      expect([tags.k0, tags.K1, tags.k1]).toEqual(["new", "new", undefined]);
    });

    it("refuses one more key on a role at 50 with LimitExceededException (409), at once and changing nothing", async () => {
      const { account, iam } = setup();
      account.seed("iam", "CreateRole", { RoleName: "r", AssumeRolePolicyDocument: TRUST, Tags: fifty });
      const before = account.snapshot();

      const error = await rejection(
        iam.send(
          new TagRoleCommand({
            RoleName: "r",
            Tags: [
              { Key: "k0", Value: "changed" },
              { Key: "extra", Value: "v" },
            ],
          }),
        ),
      );

      expect(error).toBeInstanceOf(LimitExceededException);
      expect(error.$metadata).toMatchObject({ httpStatusCode: 409, attempts: 1 });
      expect(account.snapshot()).toEqual(before);
    });

    it("accepts 50 tags on CreateRole; 51 break the request's list limit (ValidationError), not the quota", async () => {
      const { account, iam } = setup();
      const fiftyOne = [...fifty, { Key: "extra", Value: "v" }];

      await iam.send(
        new CreateRoleCommand({ RoleName: "full", AssumeRolePolicyDocument: TRUST, Tags: fifty }),
      );
      const error = await rejection(
        iam.send(
          new CreateRoleCommand({ RoleName: "over", AssumeRolePolicyDocument: TRUST, Tags: fiftyOne }),
        ),
      );

      expect(Object.keys(account.snapshot().roles.full?.tags ?? {})).toHaveLength(50);
      expectIamError(error, "ValidationError");
      expect(account.snapshot().roles.over).toBeUndefined();
    });
  });
});

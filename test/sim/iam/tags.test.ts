import {
  InvalidInputException,
  LimitExceededException,
  ListRoleTagsCommand,
  TagRoleCommand,
  UntagRoleCommand,
} from "@aws-sdk/client-iam";
import { rejection, TRUST } from "../helpers";
import { setup } from "./helpers";

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

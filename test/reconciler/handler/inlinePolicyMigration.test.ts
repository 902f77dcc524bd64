import { context, customResource, setUp } from "./harness";

/** The name every release before the prefix-derived one gave the inline policy, whatever the prefix. */
const OLD_NAME = "echo-pullthrough-cache-upstream-access";
const ROLE = "team-a-pullthrough-cache-role";
const NEW_NAME = "team-a-pullthrough-cache-upstream-access";

describe("the inline policy's name follows the prefix", () => {
  it("names the policy of a new role after the prefix", async () => {
    // Prepare
    const { account, handler } = setUp({
      version: 1,
      sourceRegistryAccountId: "123456789012",
      repositoryPrefix: "team-a",
    });

    // Act
    await handler(customResource("create"), context);

    // Assess
    expect(Object.keys(account.snapshot().roles[ROLE]?.inlinePolicies ?? {})).toEqual([NEW_NAME]);
  });

  it("migrates a role that holds the policy under the old name: the old one is foreign, deleted; ours is put", async () => {
    // Prepare: a role as an earlier release left it.
    const { account, handler, writesSince } = setUp({
      version: 1,
      sourceRegistryAccountId: "123456789012",
      repositoryPrefix: "team-a",
    });
    await handler(customResource("create"), context);
    const document = account.snapshot().roles[ROLE]?.inlinePolicies[NEW_NAME] as string;
    account.seed("iam", "PutRolePolicy", { RoleName: ROLE, PolicyName: OLD_NAME, PolicyDocument: document });
    account.seed("iam", "DeleteRolePolicy", { RoleName: ROLE, PolicyName: NEW_NAME });
    const mark = account.calls.length;

    // Act
    const report = await handler({ action: "reconcile" }, context);
    const again = await handler({ action: "reconcile" }, context);

    // Assess
    const role = report.resources.find((r) => r.id === ROLE);
    expect(role?.status).toBe("REMEDIATED");
    expect(role?.differences.map((d) => [d.path, d.type])).toEqual([
      [`Policies[${OLD_NAME}]`, "ADD"],
      [`Policies[${NEW_NAME}]`, "REMOVE"],
    ]);
    expect(role?.actions).toEqual([
      `iam:DeleteRolePolicy ${ROLE}/${OLD_NAME}`,
      `iam:PutRolePolicy ${ROLE}/${NEW_NAME}`,
    ]);
    expect(writesSince(mark)).toEqual(["iam:DeleteRolePolicy", "iam:PutRolePolicy"]);
    expect(account.snapshot().roles[ROLE]?.inlinePolicies).toEqual({ [NEW_NAME]: expect.any(String) });
    expect(again.status).toBe("IN_SYNC");
    expect(again.writes).toBe(0);
  });
});

import { createSimulatedClients, SimulatedAccount } from "../../sim";
import { RULE, TRUST } from "./helpers";

const NOW = new Date("2026-07-01T12:00:00.000Z");

function setup() {
  const account = new SimulatedAccount({ clock: () => NOW });
  const clients = createSimulatedClients(account, { maxAttempts: 2 });
  return { account, clients };
}

describe("snapshot", () => {
  it("is plain, sorted and dated by the account clock", () => {
    const { account } = setup();
    account.seed("iam", "CreateRole", {
      RoleName: "b-role",
      AssumeRolePolicyDocument: TRUST,
      Tags: [
        { Key: "z", Value: "1" },
        { Key: "a", Value: "2" },
      ],
    });
    account.seed("iam", "CreateRole", { RoleName: "a-role", AssumeRolePolicyDocument: TRUST });

    const snapshot = account.snapshot();

    expect(Object.keys(snapshot.roles)).toEqual(["a-role", "b-role"]);
    expect(Object.keys(snapshot.roles["b-role"]?.tags ?? {})).toEqual(["a", "z"]);
    expect(snapshot.roles["a-role"]?.createDate).toBe(NOW.toISOString());
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });

  it("is a deep copy: changing it changes nothing in the account", () => {
    const { account } = setup();
    account.seed("iam", "CreateRole", { RoleName: "r", AssumeRolePolicyDocument: TRUST });
    const snapshot = account.snapshot();

    snapshot.roles.r?.attachedPolicies.push("arn:aws:iam::aws:policy/AdministratorAccess");

    expect(account.snapshot().roles.r?.attachedPolicies).toEqual([]);
  });

  it("is equal for two accounts built by the same calls", () => {
    const build = () => {
      const account = new SimulatedAccount({ clock: () => NOW });
      account.seed("iam", "CreateRole", { RoleName: "echo-ptc", AssumeRolePolicyDocument: TRUST });
      account.seed("ecr", "CreatePullThroughCacheRule", RULE);
      account.seed("ssm", "PutParameter", { Name: "/a", Value: "1", Type: "String" });
      return account.snapshot();
    };

    expect(build()).toEqual(build());
  });
});

import {
  CreatePullThroughCacheRuleCommand,
  DescribePullThroughCacheRulesCommand,
  ValidatePullThroughCacheRuleCommand,
} from "@aws-sdk/client-ecr";
import {
  CreateRoleCommand,
  GetRoleCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { GetParametersCommand, PutParameterCommand } from "@aws-sdk/client-ssm";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import {
  createSimulatedClients,
  permissionsPolicy,
  SimulatedAccount,
  UnsupportedOperationError,
} from "../../sim";
import { RULE, TRUST } from "./helpers";

const NOW = new Date("2026-07-01T12:00:00.000Z");

function setup() {
  const account = new SimulatedAccount({ clock: () => NOW });
  const clients = createSimulatedClients(account, { maxAttempts: 2 });
  return { account, clients };
}

describe("the call log", () => {
  it("records each call with its input, classifies reads and writes, and names errors", async () => {
    const { account, clients } = setup();

    await clients.iam.send(new CreateRoleCommand({ RoleName: "echo-ptc", AssumeRolePolicyDocument: TRUST }));
    await clients.iam.send(new GetRoleCommand({ RoleName: "echo-ptc" }));
    await clients.iam.send(new ListRolePoliciesCommand({ RoleName: "echo-ptc" }));
    await clients.iam.send(new GetRoleCommand({ RoleName: "missing" })).catch(() => {});
    await clients.ecr.send(new CreatePullThroughCacheRuleCommand(RULE));
    await clients.ecr.send(new DescribePullThroughCacheRulesCommand({}));
    await clients.ecr.send(new ValidatePullThroughCacheRuleCommand({ ecrRepositoryPrefix: "echo" }));
    await clients.ssm.send(new GetParametersCommand({ Names: ["/a"] }));
    await clients.sts.send(new GetCallerIdentityCommand({}));

    expect(
      account.calls.map(({ service, operation, write, error }) => ({ service, operation, write, error })),
    ).toEqual([
      { service: "iam", operation: "CreateRole", write: true, error: undefined },
      { service: "iam", operation: "GetRole", write: false, error: undefined },
      { service: "iam", operation: "ListRolePolicies", write: false, error: undefined },
      { service: "iam", operation: "GetRole", write: false, error: "NoSuchEntityException" },
      { service: "ecr", operation: "CreatePullThroughCacheRule", write: true, error: undefined },
      { service: "ecr", operation: "DescribePullThroughCacheRules", write: false, error: undefined },
      { service: "ecr", operation: "ValidatePullThroughCacheRule", write: false, error: undefined },
      { service: "ssm", operation: "GetParameters", write: false, error: undefined },
      { service: "sts", operation: "GetCallerIdentity", write: false, error: undefined },
    ]);
    expect(account.calls[1]?.input).toEqual({ RoleName: "echo-ptc" });
  });

  it("counts only successful writes in writes()", async () => {
    const { account, clients } = setup();
    account.seed("iam", "CreateRole", { RoleName: "echo-ptc", AssumeRolePolicyDocument: TRUST });

    await clients.iam.send(
      new PutRolePolicyCommand({
        RoleName: "echo-ptc",
        PolicyName: "p",
        PolicyDocument: permissionsPolicy(["ecr:*"]),
      }),
    );
    await clients.iam
      .send(new PutRolePolicyCommand({ RoleName: "echo-ptc", PolicyName: "p", PolicyDocument: "{" }))
      .catch(() => {});
    await clients.iam.send(new GetRoleCommand({ RoleName: "echo-ptc" }));

    expect(account.writes().map((call) => call.operation)).toEqual(["PutRolePolicy"]);
  });

  it("does not log seeds, and resetCalls empties the log", async () => {
    const { account, clients } = setup();
    account.seed("ssm", "PutParameter", { Name: "/a", Value: "1", Type: "String" });
    await clients.ssm.send(new PutParameterCommand({ Name: "/a", Value: "2", Overwrite: true }));
    const logged = account.calls.length;

    account.resetCalls();

    expect(logged).toBe(1);
    expect(account.calls).toEqual([]);
  });

  it("keeps the input as it was sent even if the caller mutates it afterwards", async () => {
    const { account, clients } = setup();
    const input = { Names: ["/a"] };

    await clients.ssm.send(new GetParametersCommand(input));
    input.Names.push("/b");

    expect(account.calls[0]?.input).toEqual({ Names: ["/a"] });
  });
});

describe("outputs", () => {
  it("share nothing with the account state", async () => {
    const { account, clients } = setup();
    account.seed("iam", "CreateRole", {
      RoleName: "r",
      AssumeRolePolicyDocument: TRUST,
      Tags: [{ Key: "a", Value: "1" }],
    });
    const before = account.snapshot();

    const { Role } = await clients.iam.send(new GetRoleCommand({ RoleName: "r" }));
    Role?.Tags?.push({ Key: "b", Value: "2" });
    Role?.CreateDate?.setFullYear(2000);

    expect(account.snapshot()).toEqual(before);
  });
});

describe("operations", () => {
  it("reports an operation the simulation lacks as UnsupportedOperationError, not as an AWS error", async () => {
    const { account } = setup();

    await expect(account.handle("iam", "CreateUser", { UserName: "u" })).rejects.toBeInstanceOf(
      UnsupportedOperationError,
    );
    expect(() => account.seed("ecr", "CreateRepository", {})).toThrow(UnsupportedOperationError);
  });
});

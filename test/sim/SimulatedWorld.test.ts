import {
  CreatePullThroughCacheRuleCommand,
  DescribePullThroughCacheRulesCommand,
  PullThroughCacheRuleNotFoundException,
} from "@aws-sdk/client-ecr";
import {
  CreateRoleCommand,
  EntityAlreadyExistsException,
  GetRoleCommand,
  NoSuchEntityException,
} from "@aws-sdk/client-iam";
import { GetParameterCommand, ParameterNotFound, PutParameterCommand } from "@aws-sdk/client-ssm";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { createSimulatedClients, SimulatedAccount, SimulatedWorld } from "../../sim";
import { ACCOUNT, RULE, rejection, TRUST } from "./helpers";

const OTHER_ACCOUNT = "444455556666";
const CREATE_ROLE = { RoleName: "echo-ptc", AssumeRolePolicyDocument: TRUST };

function world() {
  const simulated = new SimulatedWorld({ clock: () => new Date("2026-02-01T00:00:00.000Z") });
  const clients = (accountId: string, region: string) =>
    createSimulatedClients(simulated.account(accountId, region), { maxAttempts: 1 });
  return {
    world: simulated,
    east: clients(ACCOUNT, "us-east-1"),
    west: clients(ACCOUNT, "eu-west-1"),
    other: clients(OTHER_ACCOUNT, "us-east-1"),
  };
}

describe("SimulatedWorld", () => {
  it("keeps one IAM namespace per account: a role made through one Region is seen, and collides, in another", async () => {
    const { east, west } = world();

    await east.iam.send(new CreateRoleCommand(CREATE_ROLE));
    const { Role } = await west.iam.send(new GetRoleCommand({ RoleName: "ECHO-PTC" }));
    const collision = await rejection(
      west.iam.send(new CreateRoleCommand({ ...CREATE_ROLE, RoleName: "Echo-Ptc" })),
    );

    expect(Role?.Arn).toBe(`arn:aws:iam::${ACCOUNT}:role/echo-ptc`);
    expect(collision).toBeInstanceOf(EntityAlreadyExistsException);
  });

  it("shares nothing between accounts: another account neither sees the role nor collides with it", async () => {
    const { world: simulated, east, other } = world();
    await east.iam.send(new CreateRoleCommand(CREATE_ROLE));

    const missing = await rejection(other.iam.send(new GetRoleCommand({ RoleName: "echo-ptc" })));
    const { Role } = await other.iam.send(new CreateRoleCommand(CREATE_ROLE));
    const identity = await other.sts.send(new GetCallerIdentityCommand({}));

    expect(missing).toBeInstanceOf(NoSuchEntityException);
    expect(Role?.Arn).toBe(`arn:aws:iam::${OTHER_ACCOUNT}:role/echo-ptc`);
    expect(identity.Account).toBe(OTHER_ACCOUNT);
    expect(Object.keys(simulated.snapshot())).toEqual([ACCOUNT, OTHER_ACCOUNT]);
  });

  it("keeps pull-through cache rules per Region, naming the account's one role from each", async () => {
    const { world: simulated, east, west } = world();
    await east.iam.send(new CreateRoleCommand(CREATE_ROLE));

    await east.ecr.send(new CreatePullThroughCacheRuleCommand(RULE));
    const notHere = await rejection(
      west.ecr.send(new DescribePullThroughCacheRulesCommand({ ecrRepositoryPrefixes: ["echo"] })),
    );
    await west.ecr.send(new CreatePullThroughCacheRuleCommand(RULE));

    expect(notHere).toBeInstanceOf(PullThroughCacheRuleNotFoundException);
    const snapshot = simulated.snapshot()[ACCOUNT] ?? {};
    expect(Object.keys(snapshot["us-east-1"]?.pullThroughCacheRules ?? {})).toEqual(["echo"]);
    expect(Object.keys(snapshot["eu-west-1"]?.pullThroughCacheRules ?? {})).toEqual(["echo"]);
    // The service-linked role came with the first rule, once for the account.
    expect(simulated.account(ACCOUNT, "eu-west-1").serviceLinkedRoleExists).toBe(true);
    expect(Object.keys(snapshot["eu-west-1"]?.roles ?? {})).toEqual([
      "AWSServiceRoleForECRPullThroughCache",
      "echo-ptc",
    ]);
  });

  it("keeps SSM parameters per Region, with the Region in their ARN", async () => {
    const { east, west } = world();

    await east.ssm.send(new PutParameterCommand({ Name: "/echo/config", Value: "{}", Type: "String" }));
    const { Parameter } = await east.ssm.send(new GetParameterCommand({ Name: "/echo/config" }));
    const missing = await rejection(west.ssm.send(new GetParameterCommand({ Name: "/echo/config" })));

    expect(Parameter?.ARN).toBe(`arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/echo/config`);
    expect(missing).toBeInstanceOf(ParameterNotFound);
  });

  it("gives out role ids unique across the Regions of an account", async () => {
    const { world: simulated, east, west } = world();

    const a = await east.iam.send(new CreateRoleCommand({ ...CREATE_ROLE, RoleName: "a" }));
    const b = await west.iam.send(new CreateRoleCommand({ ...CREATE_ROLE, RoleName: "b" }));

    expect(a.Role?.RoleId).not.toBe(b.Role?.RoleId);
    expect(simulated.account(ACCOUNT, "us-east-1").snapshot().roles.b?.roleId).toBe(b.Role?.RoleId);
  });

  it("gives one view per account and Region, each logging its own calls, and a world log of all in order", async () => {
    const { world: simulated, east, west } = world();

    await east.iam.send(new CreateRoleCommand(CREATE_ROLE));
    await west.iam.send(new GetRoleCommand({ RoleName: "echo-ptc" }));
    await east.ssm.send(new GetParameterCommand({ Name: "/missing" })).catch(() => {});

    const eastView = simulated.account(ACCOUNT, "us-east-1");
    expect(simulated.account(ACCOUNT)).toBe(eastView);
    expect(simulated.accounts().map((view) => `${view.accountId}/${view.region}`)).toEqual([
      `${ACCOUNT}/us-east-1`,
      `${ACCOUNT}/eu-west-1`,
      `${OTHER_ACCOUNT}/us-east-1`,
    ]);
    expect(eastView.calls.map((call) => call.operation)).toEqual(["CreateRole", "GetParameter"]);
    expect(simulated.calls().map(({ region, call }) => [region, call.operation, call.error])).toEqual([
      ["us-east-1", "CreateRole", undefined],
      ["eu-west-1", "GetRole", undefined],
      ["us-east-1", "GetParameter", "ParameterNotFound"],
    ]);
  });

  it("leaves a standalone SimulatedAccount on its own: two of them share nothing", async () => {
    const first = new SimulatedAccount();
    const second = new SimulatedAccount();
    first.seed("iam", "CreateRole", CREATE_ROLE);

    second.seed("iam", "CreateRole", CREATE_ROLE);

    expect(Object.keys(first.snapshot().roles)).toEqual(["echo-ptc"]);
    expect(first.snapshot().roles["echo-ptc"]?.roleId).toBe(second.snapshot().roles["echo-ptc"]?.roleId);
  });
});

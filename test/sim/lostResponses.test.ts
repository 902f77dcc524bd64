import {
  CreatePullThroughCacheRuleCommand,
  DeletePullThroughCacheRuleCommand,
  PullThroughCacheRuleAlreadyExistsException,
  PullThroughCacheRuleNotFoundException,
  ServerException,
} from "@aws-sdk/client-ecr";
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  EntityAlreadyExistsException,
  GetRoleCommand,
  NoSuchEntityException,
  PutRolePolicyCommand,
  ServiceFailureException,
  TagRoleCommand,
} from "@aws-sdk/client-iam";
import { InternalServerError, ParameterAlreadyExists, PutParameterCommand } from "@aws-sdk/client-ssm";
import {
  createSimulatedClients,
  permissionsPolicy,
  SimulatedAccount,
  type SimulatedAccountOptions,
  seededRandom,
} from "../../sim";
import { type ErrorClass, RULE, rejection, TRUST } from "./helpers";

function setup(options: SimulatedAccountOptions = {}, maxAttempts = 3) {
  const account = new SimulatedAccount(options);
  account.seed("iam", "CreateRole", { RoleName: "echo-ptc", AssumeRolePolicyDocument: TRUST });
  return { account, clients: createSimulatedClients(account, { maxAttempts }) };
}

type Clients = ReturnType<typeof setup>["clients"];

/** A write whose retry, after its first response is lost, meets the write's own effect. */
const consequences: {
  reason: string;
  service: "iam" | "ecr" | "ssm";
  operation: string;
  prepare?: (account: SimulatedAccount) => void;
  send: (clients: Clients) => Promise<unknown>;
  retryMeets: ErrorClass;
}[] = [
  {
    reason: "CreateRole meets the role it created",
    service: "iam",
    operation: "CreateRole",
    send: (c) => c.iam.send(new CreateRoleCommand({ RoleName: "new-role", AssumeRolePolicyDocument: TRUST })),
    retryMeets: EntityAlreadyExistsException,
  },
  {
    reason: "DeleteRole meets the role's absence",
    service: "iam",
    operation: "DeleteRole",
    send: (c) => c.iam.send(new DeleteRoleCommand({ RoleName: "echo-ptc" })),
    retryMeets: NoSuchEntityException,
  },
  {
    reason: "CreatePullThroughCacheRule meets the rule it created",
    service: "ecr",
    operation: "CreatePullThroughCacheRule",
    send: (c) => c.ecr.send(new CreatePullThroughCacheRuleCommand(RULE)),
    retryMeets: PullThroughCacheRuleAlreadyExistsException,
  },
  {
    reason: "DeletePullThroughCacheRule meets the rule's absence",
    service: "ecr",
    operation: "DeletePullThroughCacheRule",
    prepare: (account) => account.seed("ecr", "CreatePullThroughCacheRule", RULE),
    send: (c) => c.ecr.send(new DeletePullThroughCacheRuleCommand({ ecrRepositoryPrefix: "echo" })),
    retryMeets: PullThroughCacheRuleNotFoundException,
  },
  {
    reason: "an atomic-create PutParameter meets the parameter it created",
    service: "ssm",
    operation: "PutParameter",
    send: (c) => c.ssm.send(new PutParameterCommand({ Name: "/echo/lock", Value: "run-1", Type: "String" })),
    retryMeets: ParameterAlreadyExists,
  },
];

/** The 5xx each service answers with, as the SDK names it. */
const SERVER_ERROR = { iam: ServiceFailureException, ecr: ServerException, ssm: InternalServerError };

describe("lost responses", () => {
  it.each(consequences)(
    "take effect, and the SDK's retry of the 5xx then fails: $reason",
    async ({ service, operation, prepare, send, retryMeets }) => {
      const { account, clients } = setup();
      prepare?.(account);
      const before = account.snapshot();
      account.loseNextResponse(service, operation);

      const error = await rejection(send(clients));

      expect(error).toBeInstanceOf(retryMeets);
      expect(error.$metadata.attempts).toBe(2);
      expect(account.calls.map((call) => [call.operation, call.error, call.responseLost])).toEqual([
        [operation, SERVER_ERROR[service].name, true],
        [operation, retryMeets.name, undefined],
      ]);
      expect(account.snapshot()).not.toEqual(before);
      expect(account.writes()).toEqual([account.calls[0]]);
    },
  );

  it("surface as the 5xx itself to a caller that does not retry, with the change made", async () => {
    const { account, clients } = setup({}, 1);
    account.loseNextResponse("iam", "CreateRole");

    const error = await rejection(
      clients.iam.send(new CreateRoleCommand({ RoleName: "new-role", AssumeRolePolicyDocument: TRUST })),
    );

    expect(error).toBeInstanceOf(ServiceFailureException);
    expect(error.$metadata.httpStatusCode).toBe(500);
    expect(account.snapshot().roles["new-role"]).toBeDefined();
  });

  it("can look like a timeout (TimeoutError, no HTTP status), which the SDK retries too", async () => {
    const { account, clients } = setup();
    account.loseNextResponse("iam", "CreateRole", { as: "timeout" });

    const error = await rejection(
      clients.iam.send(new CreateRoleCommand({ RoleName: "new-role", AssumeRolePolicyDocument: TRUST })),
    );

    expect(error).toBeInstanceOf(EntityAlreadyExistsException);
    expect(account.calls.map((call) => call.error)).toEqual(["TimeoutError", "EntityAlreadyExistsException"]);
  });

  it("are harmless for writes that can be repeated: the retry of an overwrite writes one more version", async () => {
    const { account, clients } = setup();
    account.seed("ssm", "PutParameter", { Name: "/echo/state", Value: "v1", Type: "String" });
    account.loseNextResponse("ssm", "PutParameter");
    account.loseNextResponse("iam", "TagRole");
    account.loseNextResponse("iam", "PutRolePolicy");

    const put = await clients.ssm.send(
      new PutParameterCommand({ Name: "/echo/state", Value: "v2", Overwrite: true }),
    );
    await clients.iam.send(
      new TagRoleCommand({ RoleName: "echo-ptc", Tags: [{ Key: "owner", Value: "echo" }] }),
    );
    await clients.iam.send(
      new PutRolePolicyCommand({
        RoleName: "echo-ptc",
        PolicyName: "p",
        PolicyDocument: permissionsPolicy(["ecr:*"]),
      }),
    );

    expect(put.Version).toBe(3);
    expect(account.snapshot().roles["echo-ptc"]).toMatchObject({
      tags: { owner: "echo" },
      inlinePolicies: { p: expect.any(String) },
    });
    expect(account.writes()).toHaveLength(6);
  });

  it("strike writes only at loseResponseRate, and the same seed loses the same ones", async () => {
    const run = async () => {
      const { account, clients } = setup({ faults: { loseResponseRate: 0.5 }, random: seededRandom(5) }, 1);
      for (let i = 0; i < 12; i += 1) {
        await clients.iam.send(new GetRoleCommand({ RoleName: "echo-ptc" }));
        await clients.ssm
          .send(new PutParameterCommand({ Name: `/echo/p${i}`, Value: "x", Type: "String" }))
          .catch(() => {});
      }
      return { account, outcome: account.calls.map((call) => call.error ?? "ok") };
    };

    const first = await run();
    const second = await run();

    expect(second.outcome).toEqual(first.outcome);
    expect(first.account.calls.filter((call) => call.responseLost).map((call) => call.operation)).toContain(
      "PutParameter",
    );
    expect(first.account.calls.some((call) => !call.write && call.error !== undefined)).toBe(false);
    // Every put took effect, lost or not.
    expect(Object.keys(first.account.snapshot().parameters)).toHaveLength(12);
  });

  it("are not drawn for a call that failed: a refused write is never half-applied", async () => {
    const { account, clients } = setup({ faults: { loseResponseRate: 1 } });

    const error = await rejection(
      clients.iam.send(new CreateRoleCommand({ RoleName: "echo-ptc", AssumeRolePolicyDocument: TRUST })),
    );

    expect(error).toBeInstanceOf(EntityAlreadyExistsException);
    expect(account.calls.map((call) => call.responseLost)).toEqual([undefined]);
  });
});

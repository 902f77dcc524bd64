import {
  CreatePullThroughCacheRuleCommand,
  DescribePullThroughCacheRulesCommand,
  ECRServiceException,
  InvalidParameterException,
  ServerException,
  UpdatePullThroughCacheRuleCommand,
} from "@aws-sdk/client-ecr";
import {
  CreateRoleCommand,
  GetRoleCommand,
  IAMServiceException,
  ServiceFailureException,
} from "@aws-sdk/client-iam";
import {
  GetParameterCommand,
  InternalServerError,
  PutParameterCommand,
  ThrottlingException,
} from "@aws-sdk/client-ssm";
import { GetCallerIdentityCommand, STSServiceException } from "@aws-sdk/client-sts";
import type { Service } from "../../sim";
import {
  accessDenied,
  createSimulatedClients,
  SimulatedAccount,
  type SimulatedAccountOptions,
  seededRandom,
  trustPolicy,
} from "../../sim";

const TRUST = trustPolicy("pullthroughcache.ecr.amazonaws.com");
const UPSTREAM = "999999999999.dkr.ecr.eu-west-1.amazonaws.com";
const ROLE_ARN = "arn:aws:iam::111122223333:role/echo-ptc";
const RULE = { ecrRepositoryPrefix: "echo", upstreamRegistryUrl: UPSTREAM, customRoleArn: ROLE_ARN };

function setup(options: SimulatedAccountOptions = {}) {
  const account = new SimulatedAccount(options);
  account.seed("ssm", "PutParameter", { Name: "/echo/config", Value: "{}", Type: "String" });
  const clients = createSimulatedClients(account, { maxAttempts: 3 });
  return { account, clients };
}

async function rejection(
  promise: Promise<unknown>,
): Promise<Error & { $metadata: { attempts?: number; httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { $metadata: { attempts?: number; httpStatusCode?: number } };
  }
  throw new Error("expected the call to fail");
}

type Clients = ReturnType<typeof setup>["clients"];

/** One read per service, to drive the same fault through each client. */
const READS: { service: Service; send: (clients: Clients) => Promise<unknown> }[] = [
  { service: "iam", send: (c) => c.iam.send(new GetRoleCommand({ RoleName: "missing" })) },
  { service: "ecr", send: (c) => c.ecr.send(new DescribePullThroughCacheRulesCommand({})) },
  { service: "ssm", send: (c) => c.ssm.send(new GetParameterCommand({ Name: "/echo/config" })) },
  { service: "sts", send: (c) => c.sts.send(new GetCallerIdentityCommand({})) },
];

describe("throttling", () => {
  const expected: Record<Service, { name: string; base: abstract new (...args: never[]) => Error }> = {
    iam: { name: "Throttling", base: IAMServiceException },
    ecr: { name: "ThrottlingException", base: ECRServiceException },
    ssm: { name: "ThrottlingException", base: ThrottlingException },
    sts: { name: "Throttling", base: STSServiceException },
  };

  it.each(READS)(
    "retries $service throttling through the SDK's strategy until maxAttempts",
    async ({ service, send }) => {
      const { account, clients } = setup({ faults: { throttleRate: 1 } });

      const error = await rejection(send(clients));

      expect(error).toBeInstanceOf(expected[service].base);
      expect(error.name).toBe(expected[service].name);
      expect(error.$metadata.httpStatusCode).toBe(400);
      expect(error.$metadata.attempts).toBe(3);
      expect(account.calls.map((call) => [call.service, call.error])).toEqual(
        Array.from({ length: 3 }, () => [service, expected[service].name]),
      );
    },
  );

  it("lets a call through once a seeded 50% throttle lets an attempt pass", async () => {
    const { account, clients } = setup({ faults: { throttleRate: 0.5 }, random: seededRandom(3) });
    const outcomes: string[] = [];

    for (let i = 0; i < 20; i += 1) {
      const result = await clients.ssm.send(new GetParameterCommand({ Name: "/echo/config" })).then(
        (output) => `ok after ${output.$metadata.attempts}`,
        (error: Error) => error.name,
      );
      outcomes.push(result);
    }

    expect(outcomes.filter((o) => o.startsWith("ok")).length).toBeGreaterThan(10);
    expect(outcomes).toContain("ok after 2");
    expect(account.calls.some((call) => call.error === "ThrottlingException")).toBe(true);
  });

  it("draws the same faults from the same seed", async () => {
    const run = async () => {
      const { account, clients } = setup({ faults: { throttleRate: 0.5 }, random: seededRandom(11) });
      for (let i = 0; i < 10; i += 1)
        await clients.ssm.send(new GetParameterCommand({ Name: "/echo/config" })).catch(() => {});
      return account.calls.map((call) => call.error ?? "ok");
    };

    expect(await run()).toEqual(await run());
  });
});

describe("server errors", () => {
  const expected: Record<Service, abstract new (...args: never[]) => Error> = {
    iam: ServiceFailureException,
    ecr: ServerException,
    ssm: InternalServerError,
    sts: STSServiceException,
  };

  it.each(READS)("retries a $service 5xx as transient until maxAttempts", async ({ service, send }) => {
    const { account, clients } = setup({ faults: { serverErrorRate: 1 } });

    const error = await rejection(send(clients));

    expect(error).toBeInstanceOf(expected[service]);
    expect(error.$metadata.httpStatusCode).toBe(500);
    expect(error.$metadata.attempts).toBe(3);
    expect(account.calls).toHaveLength(3);
  });
});

describe("faulted writes", () => {
  it.each([
    ["throttling", { throttleRate: 1 }],
    ["a server error", { serverErrorRate: 1 }],
  ])("change nothing when every attempt fails with %s", async (_reason, faults) => {
    const { account, clients } = setup();
    const before = account.snapshot();
    account.faults = faults;

    await rejection(
      clients.iam.send(new CreateRoleCommand({ RoleName: "r", AssumeRolePolicyDocument: TRUST })),
    );
    await rejection(
      clients.ssm.send(new PutParameterCommand({ Name: "/echo/config", Value: "x", Overwrite: true })),
    );

    expect(account.snapshot()).toEqual(before);
    expect(account.writes()).toEqual([]);
  });
});

describe("failNext", () => {
  it("fails one named operation once with a terminal error the SDK does not retry", async () => {
    const { account, clients } = setup();
    account.seed("iam", "CreateRole", { RoleName: "echo-ptc", AssumeRolePolicyDocument: TRUST });
    account.failNext("ecr", "CreatePullThroughCacheRule", () =>
      accessDenied("ecr", "CreatePullThroughCacheRule"),
    );
    const before = account.snapshot();

    const error = await rejection(clients.ecr.send(new CreatePullThroughCacheRuleCommand(RULE)));
    const retried = await clients.ecr.send(new CreatePullThroughCacheRuleCommand(RULE));

    expect(error.name).toBe("AccessDeniedException");
    expect(error.$metadata.attempts).toBe(1);
    expect(before.pullThroughCacheRules).toEqual({});
    expect(retried.ecrRepositoryPrefix).toBe("echo");
  });

  it("consumes one injection per SDK attempt when the injected error is retryable", async () => {
    const { account, clients } = setup();
    account.failNext(
      "ssm",
      "GetParameter",
      () => new ThrottlingException({ message: "slow", Message: "slow", $metadata: {} }),
      2,
    );

    const output = await clients.ssm.send(new GetParameterCommand({ Name: "/echo/config" }));

    expect(output.$metadata.attempts).toBe(3);
  });
});

describe("IAM propagation", () => {
  it("fails the first N rule creations naming a new role with InvalidParameterException, then succeeds", async () => {
    const { account, clients } = setup({ faults: { roleNotUsableAttempts: 2 } });
    await clients.iam.send(new CreateRoleCommand({ RoleName: "echo-ptc", AssumeRolePolicyDocument: TRUST }));
    const before = account.snapshot();

    const first = await rejection(clients.ecr.send(new CreatePullThroughCacheRuleCommand(RULE)));
    const afterFirst = account.snapshot();
    const second = await rejection(clients.ecr.send(new CreatePullThroughCacheRuleCommand(RULE)));
    const third = await clients.ecr.send(new CreatePullThroughCacheRuleCommand(RULE));

    expect([first, second].map((error) => error instanceof InvalidParameterException)).toEqual([true, true]);
    // Not retried by the SDK: InvalidParameterException is a client error; backing off is the caller's job.
    expect(first.$metadata.attempts).toBe(1);
    expect(afterFirst).toEqual(before);
    expect(third.customRoleArn).toBe(ROLE_ARN);
  });

  it("applies to UpdatePullThroughCacheRule naming a new role too", async () => {
    const { account, clients } = setup({ faults: { roleNotUsableAttempts: 1 } });
    account.seed("iam", "CreateRole", { RoleName: "old", AssumeRolePolicyDocument: TRUST });
    account.seed("ecr", "CreatePullThroughCacheRule", {
      ...RULE,
      customRoleArn: "arn:aws:iam::111122223333:role/old",
    });
    await clients.iam.send(new CreateRoleCommand({ RoleName: "echo-ptc", AssumeRolePolicyDocument: TRUST }));

    const error = await rejection(
      clients.ecr.send(
        new UpdatePullThroughCacheRuleCommand({ ecrRepositoryPrefix: "echo", customRoleArn: ROLE_ARN }),
      ),
    );
    await clients.ecr.send(
      new UpdatePullThroughCacheRuleCommand({ ecrRepositoryPrefix: "echo", customRoleArn: ROLE_ARN }),
    );

    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(account.snapshot().pullThroughCacheRules.echo?.customRoleArn).toBe(ROLE_ARN);
  });

  it("treats seeded roles as settled", async () => {
    const { account, clients } = setup({ faults: { roleNotUsableAttempts: 3 } });
    account.seed("iam", "CreateRole", { RoleName: "echo-ptc", AssumeRolePolicyDocument: TRUST });

    const output = await clients.ecr.send(new CreatePullThroughCacheRuleCommand(RULE));

    expect(output.ecrRepositoryPrefix).toBe("echo");
  });
});

describe("latency", () => {
  it("delays every SDK call by latencyMs", async () => {
    const { clients } = setup({ latencyMs: 30 });
    const started = Date.now();

    await clients.ssm.send(new GetParameterCommand({ Name: "/echo/config" }));
    await clients.sts.send(new GetCallerIdentityCommand({}));

    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });
});

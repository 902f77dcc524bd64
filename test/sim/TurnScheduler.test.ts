import { CreateRoleCommand, GetRoleCommand, TagRoleCommand } from "@aws-sdk/client-iam";
import { GetParameterCommand, PutParameterCommand } from "@aws-sdk/client-ssm";
import {
  createSimulatedClients,
  type FaultOptions,
  SimulatedAccount,
  type SimulatedClients,
  SimulatedWorld,
  seededRandom,
} from "../../sim";
import { ACCOUNT, TRUST } from "./helpers";

const NOW = new Date("2026-04-01T00:00:00.000Z");

/**
 * A reconciler-like run: reads, then races the other run to create one role and one lock parameter,
 * with pure work between calls. Outcomes are kept, not thrown.
 */
async function run(clients: SimulatedClients, name: string): Promise<string[]> {
  const outcome = (promise: Promise<unknown>) =>
    promise.then(
      () => "ok",
      (error: Error) => error.name,
    );
  const seen: string[] = [];
  seen.push(await outcome(clients.ssm.send(new GetParameterCommand({ Name: "/echo/config" }))));
  seen.push(await outcome(clients.iam.send(new GetRoleCommand({ RoleName: "shared" }))));
  seen.push(
    await outcome(
      clients.iam.send(new CreateRoleCommand({ RoleName: "shared", AssumeRolePolicyDocument: TRUST })),
    ),
  );
  const [tag, lock] = await Promise.all([
    outcome(clients.iam.send(new TagRoleCommand({ RoleName: "shared", Tags: [{ Key: "by", Value: name }] }))),
    outcome(clients.ssm.send(new PutParameterCommand({ Name: "/echo/lock", Value: name, Type: "String" }))),
  ]);
  seen.push(tag, lock);
  return seen;
}

async function overlap(seed: number, faults: FaultOptions = {}) {
  const account = new SimulatedAccount({
    faults,
    clock: () => NOW,
    random: seededRandom(seed),
    // A source of its own, so the turn order does not shift when a fault draw is added or removed.
    interleave: { random: seededRandom(seed + 1000) },
  });
  account.seed("ssm", "PutParameter", { Name: "/echo/config", Value: "{}", Type: "String" });
  const [a, b] = await Promise.all([
    run(createSimulatedClients(account, { actor: "a", maxAttempts: 4 }), "a"),
    run(createSimulatedClients(account, { actor: "b", maxAttempts: 4 }), "b"),
  ]);
  return {
    order: account.calls.map((call) => `${call.actor}:${call.operation}`),
    outcomes: { a, b },
    snapshot: account.snapshot(),
  };
}

describe("interleaving", () => {
  it("replays two overlapping runs call by call, the same way for the same seed", async () => {
    for (const seed of [1, 2, 3]) {
      expect(await overlap(seed)).toEqual(await overlap(seed));
    }
  });

  it("explores different interleavings under different seeds, and every one settles the race once", async () => {
    const orders = new Set<string>();
    for (let seed = 1; seed <= 12; seed += 1) {
      const { order, outcomes, snapshot } = await overlap(seed);
      orders.add(order.join(" "));
      const creates = [outcomes.a[2], outcomes.b[2]];
      expect(creates.sort()).toEqual(["EntityAlreadyExistsException", "ok"]);
      expect([outcomes.a[4], outcomes.b[4]].sort()).toEqual(["ParameterAlreadyExists", "ok"]);
      expect(snapshot.parameters["/echo/lock"]?.value).toMatch(/^[ab]$/);
    }
    expect(orders.size).toBeGreaterThan(3);
    // Not just one run after the other: some seed interleaves them before either is done.
    const interleaved = [...orders].some(
      (order) => /^(a:\S+ )+b:/.test(order) && / a:/.test(order.split(" b:")[1] ?? ""),
    );
    expect(interleaved).toBe(true);
  });

  it("keeps retries in the turn order: throttled and lost-response attempts still replay exactly", async () => {
    const faults = { throttleRate: 0.3, loseResponseRate: 0.3 };

    const first = await overlap(7, faults);
    const second = await overlap(7, faults);

    expect(second).toEqual(first);
    expect(first.order.length).toBeGreaterThan(12);
  });

  it("gives direct handle() calls turns too", async () => {
    const account = new SimulatedAccount({ interleave: { random: seededRandom(4) } });
    const put = (name: string) =>
      account.handle("ssm", "PutParameter", { Name: `/p/${name}`, Value: "x", Type: "String" });

    await Promise.all(["a", "b", "c", "d"].map(put));

    expect(account.calls.map((call) => (call.input as { Name: string }).Name)).toHaveLength(4);
    expect(Object.keys(account.snapshot().parameters)).toHaveLength(4);
  });

  it("is off by default: calls run in the order they arrive", async () => {
    const account = new SimulatedAccount();
    const clients = createSimulatedClients(account);

    await Promise.all(
      ["a", "b", "c"].map((name) =>
        clients.ssm.send(new PutParameterCommand({ Name: `/${name}`, Value: "x", Type: "String" })),
      ),
    );

    expect(account.turns).toBeUndefined();
    expect(account.calls.map((call) => (call.input as { Name: string }).Name)).toEqual(["/a", "/b", "/c"]);
  });

  it("orders calls across the accounts and Regions of a world with one turn order", async () => {
    const replay = async () => {
      const world = new SimulatedWorld({ interleave: { random: seededRandom(9) } });
      const east = createSimulatedClients(world.account(ACCOUNT, "us-east-1"), { actor: "east" });
      const west = createSimulatedClients(world.account(ACCOUNT, "eu-west-1"), { actor: "west" });
      world
        .account(ACCOUNT, "us-east-1")
        .seed("ssm", "PutParameter", { Name: "/echo/config", Value: "{}", Type: "String" });
      world
        .account(ACCOUNT, "eu-west-1")
        .seed("ssm", "PutParameter", { Name: "/echo/config", Value: "{}", Type: "String" });
      await Promise.all([run(east, "east"), run(west, "west")]);
      return world.calls().map(({ region, call }) => `${region}:${call.operation}:${call.error ?? "ok"}`);
    };

    const first = await replay();

    expect(await replay()).toEqual(first);
    // One IAM namespace: exactly one Region's CreateRole won.
    expect(first.filter((entry) => entry.endsWith("CreateRole:ok"))).toHaveLength(1);
  });
});

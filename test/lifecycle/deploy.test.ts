/**
 * `pulumi up` and `pulumi destroy` as the provider and the engine run them (test/lifecycle/stack.ts), on the
 * built handler: what each invokes, and a failed deploy run again by the next `up`.
 */
import { PERMISSION_DELAYS_MS } from "../../reconciler/engine/propagation";
import { accessDenied } from "../../sim";
import { ARGS, actionsSince, cacheOf, IDENTITY, newStack, ROLE } from "./fixture";
import { InvocationFailedError } from "./invocationProvider";
import { program } from "./program";

describe("pulumi up and destroy", () => {
  it("deploys the cache on the first up, invokes nothing on an up with nothing changed, removes it on destroy", async () => {
    // Prepare
    const stack = newStack();

    // Act
    await stack.up(ARGS);
    const deployed = cacheOf(stack);
    const mark = stack.sent.length;
    await stack.up(ARGS);
    const unchanged = actionsSince(stack, mark);
    await stack.destroy();

    // Assess
    expect(deployed).toEqual({ roles: [ROLE], rules: ["echo"], record: expect.any(Array) });
    expect(deployed.record.length).toBeGreaterThan(0);
    expect(unchanged).toEqual([]);
    expect(cacheOf(stack)).toEqual({ roles: [], rules: [], record: [] });
    expect(stack.sent.map((s) => s.action)).toEqual(["create", "delete"]);
  });

  it("sends the component's input with the provider's tf key: prev_input null on create, the stored input on delete", async () => {
    // Prepare
    const stack = newStack();

    // Act
    await stack.up(ARGS);
    await stack.destroy();

    // Assess
    const [create, destroy] = stack.sent;
    const { tf: createTf, ...input } = create?.payload ?? {};
    expect(createTf).toEqual({ action: "create", prev_input: null });
    const built = program(IDENTITY, (n) => stack.lambda.arnOf(n), { args: ARGS }).invocation.input;
    expect(input).toEqual(JSON.parse(built));
    expect(destroy?.payload).toEqual({ ...input, tf: { action: "delete", prev_input: input } });
  });

  it("invokes nothing when only the function changes under its fixed name: the input holds its ARN, not its settings", async () => {
    // Prepare: with configSource ssm, adopt reaches only the function's environment (ALLOW_ADOPT).
    const stack = newStack();
    await stack.up(ARGS);
    const mark = stack.sent.length;

    // Act
    await stack.up({ ...ARGS, adopt: true });

    // Assess
    expect(stack.lambda.envOf(stack.state.fn?.name ?? "")).toEqual(
      expect.objectContaining({ ALLOW_ADOPT: "true" }),
    );
    expect(actionsSince(stack, mark)).toEqual([]);
  });

  it("runs the reconciler once when the package is upgraded", async () => {
    // Prepare
    const stack = newStack();
    await stack.up(ARGS, { packageVersion: "2.0.0" });
    const mark = stack.sent.length;

    // Act
    await stack.up(ARGS, { packageVersion: "2.1.0" });
    await stack.up(ARGS, { packageVersion: "2.1.0" });

    // Assess
    expect(actionsSince(stack, mark)).toEqual(["update"]);
    expect(stack.sent.at(-1)?.payload).toEqual(expect.objectContaining({ packageVersion: "2.1.0" }));
  });
});

describe("a deploy that failed is run again by the next pulumi up", () => {
  it.each([
    {
      reason: "a config change the program owns was denied for longer than a deploy waits",
      args: { ...ARGS, configSource: "pulumi" },
    },
    {
      reason: "in detect mode, where only a deploy applies",
      args: { ...ARGS, configSource: "pulumi", mode: "detect" },
    },
  ] as const)("applies the config when $reason, then invokes nothing", async ({ args }) => {
    // Prepare: the new prefix's rule cannot be created during this up (a deploy retries a denial, bounded).
    const stack = newStack();
    await stack.up(args);
    stack.account.failNext(
      "ecr",
      "CreatePullThroughCacheRule",
      () => accessDenied("ecr", "CreatePullThroughCacheRule"),
      PERMISSION_DELAYS_MS.length + 1,
    );
    const changed = { ...args, repositoryPrefix: "team-a" };
    await expect(stack.up(changed)).rejects.toThrow(InvocationFailedError);
    const mark = stack.sent.length;

    // Act
    await stack.up(changed);
    const retried = stack.sent.slice(mark);
    await stack.up(changed);

    // Assess: the retry is an update whose prev_input is its own input, and it applies the config.
    expect(retried.map((s) => s.action)).toEqual(["update"]);
    const { tf, ...input } = retried[0]?.payload ?? {};
    expect(tf).toEqual({ action: "update", prev_input: input });
    expect(cacheOf(stack).rules).toEqual(["team-a"]);
    expect(stack.sent).toHaveLength(mark + 1);
  });
});

/**
 * `pulumi destroy` when its delete cannot run: the function is gone, or the teardown fails. Destroy then fails
 * and keeps the Invocation (and what it depends on) in the state, so that it can run again; README
 * "Lifecycle" gives the recovery these tests follow.
 */
import { accessDenied } from "../../sim";
import { ARGS, actionsSince, cacheOf, newStack, ROLE } from "./fixture";
import { InvocationFailedError } from "./invocationProvider";
import { DeploymentCancelledError, type EmulatedStack } from "./stack";

describe("pulumi destroy with the reconciler function deleted out of band", () => {
  it("fails, then pulumi up --refresh brings the function back under its name, invoking nothing, and destroy removes the cache", async () => {
    // Prepare
    const stack = newStack();
    await stack.up(ARGS);
    const fn = stack.state.fn?.name ?? "";
    stack.lambda.delete(fn);

    // Act
    const failed = stack.destroy();
    await expect(failed).rejects.toThrow(InvocationFailedError);
    await expect(failed).rejects.toThrow(/ResourceNotFoundException/);
    const kept = { invocation: stack.state.invocation !== undefined, cache: cacheOf(stack) };
    const mark = stack.sent.length;
    await stack.up(ARGS, { refresh: true });
    const recovered = { exists: stack.lambda.exists(fn), sent: actionsSince(stack, mark) };
    await stack.destroy();

    // Assess
    expect(kept).toEqual({
      invocation: true,
      cache: expect.objectContaining({ roles: [ROLE], rules: ["echo"] }),
    });
    expect(recovered).toEqual({ exists: true, sent: [] });
    expect(cacheOf(stack)).toEqual({ roles: [], rules: [], record: [] });
  });
});

describe("pulumi destroy whose teardown fails for a reason other than ownership", () => {
  it("fails naming the cause and keeps everything listed, and the next destroy finishes", async () => {
    // Prepare: IAM refuses the role's deletion once (a permission taken away, then given back).
    const stack = newStack();
    await stack.up(ARGS);
    stack.account.failNext("iam", "DeleteRole", () => accessDenied("iam", "DeleteRole"));

    // Act
    const failed = stack.destroy();
    await expect(failed).rejects.toThrow(/AccessDenied.*pulumi destroy again/);
    const kept = { invocation: stack.state.invocation !== undefined, cache: cacheOf(stack) };
    await stack.destroy();

    // Assess: the rule went first; the role and the record stay until the next destroy removes them.
    expect(kept.invocation).toBe(true);
    expect(kept.cache.roles).toEqual([ROLE]);
    expect(kept.cache.record.length).toBeGreaterThan(0);
    expect(cacheOf(stack)).toEqual({ roles: [], rules: [], record: [] });
  });
});

describe("pulumi destroy after Pulumi lost an Invocation whose create had applied", () => {
  /** What the record says of the deployment: its `deployment` entry. */
  const deploymentEntry = (stack: EmulatedStack) => {
    const entry = `${stack.state.parameter?.name}.state/deployment`;
    return JSON.parse(stack.account.snapshot().parameters[entry]?.value ?? "{}") as { instances?: number };
  };

  const lost = [
    {
      reason: "dropped with pulumi state delete, then up",
      lose: async (stack: EmulatedStack) => {
        await stack.up(ARGS);
        stack.stateDelete();
        await stack.up(ARGS);
      },
    },
    {
      reason: "a first up cancelled while its create ran, then up",
      lose: async (stack: EmulatedStack) => {
        await expect(stack.up(ARGS, { cancelDuringCreate: true })).rejects.toThrow(DeploymentCancelledError);
        await stack.up(ARGS);
      },
    },
  ];

  it.each(lost)("removes nothing and says so, not DELETED, when $reason", async ({ lose }) => {
    // Prepare: the record counts two custom resources; the stack holds one.
    const stack = newStack();
    await lose(stack);
    const counted = deploymentEntry(stack).instances;

    // Act
    await stack.destroy();

    // Assess: the role, the rule and the record stay, and the answer says why and where to look.
    const answer = stack.sent.at(-1)?.answer;
    expect(counted).toBe(2);
    expect(answer?.status).toBe("RETAINED");
    expect(answer?.message).toMatch(
      /another custom resource of deployment arn:aws:lambda:.+ remains .*nothing removed.*pulumi state delete.*cost nothing.*README "Lifecycle"/,
    );
    expect(cacheOf(stack)).toEqual(expect.objectContaining({ roles: [ROLE], rules: ["echo"] }));
    expect(stack.lambda.exists(stack.state.fn?.name ?? "")).toBe(false);
  });

  it.each(lost)(
    "removes everything after the README's recount before destroy, when $reason",
    async ({ lose }) => {
      // Prepare
      const stack = newStack();
      await lose(stack);
      const fn = stack.state.fn?.name ?? "";
      const input = stack.state.invocation?.input ?? "{}";

      // Act: once per instance counted beyond the stack's one, the custom resource's delete by hand.
      const extra = (deploymentEntry(stack).instances ?? 1) - 1;
      const recounts: unknown[] = [];
      for (let i = 0; i < extra; i++) {
        const event = { ...JSON.parse(input), tf: { action: "delete", prev_input: null } };
        recounts.push(JSON.parse((await stack.lambda.invoke(fn, JSON.stringify(event))).Payload).status);
      }
      await stack.destroy();

      // Assess
      expect(recounts).toEqual(["RETAINED"]);
      expect(stack.sent.at(-1)?.answer?.status).toBe("DELETED");
      expect(cacheOf(stack)).toEqual({ roles: [], rules: [], record: [] });
    },
  );
});

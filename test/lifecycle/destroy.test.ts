/**
 * `pulumi destroy` when its delete cannot run: the function is gone, or the teardown fails. Destroy then fails
 * and keeps the Invocation (and what it depends on) in the state, so that it can run again; README
 * "Lifecycle" gives the recovery these tests follow.
 */
import { accessDenied } from "../../sim";
import { ARGS, actionsSince, cacheOf, newStack, ROLE } from "./fixture";
import { InvocationFailedError } from "./invocationProvider";

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

/**
 * Replacing the Invocation: Pulumi creates the new one, then deletes the old one at the end of the deployment.
 * Both carry the same input when the function keeps its ARN (`pulumi up --replace`), so the old delete must
 * not tear down what the new create just applied; the next destroy must.
 */

import { ARGS, actionsSince, cacheOf, newStack, ROLE } from "./fixture";
import { InvocationFailedError } from "./invocationProvider";

describe("pulumi up --replace of the Invocation", () => {
  it.each([
    { reason: "in enforce mode", args: ARGS },
    { reason: "in detect mode", args: { ...ARGS, mode: "detect" } },
    { reason: "in paused mode", args: { ...ARGS, mode: "paused" } },
  ] as const)("keeps the cache $reason, and the next destroy removes it", async ({ args }) => {
    // Prepare: deployed in enforce mode, then the mode the case names.
    const stack = newStack();
    await stack.up({ ...ARGS, configSource: "pulumi" });
    await stack.up({ ...args, configSource: "pulumi" });
    const mark = stack.sent.length;

    // Act
    await stack.up({ ...args, configSource: "pulumi" }, { replace: true });
    const replaced = cacheOf(stack);
    await stack.destroy();

    // Assess
    expect(actionsSince(stack, mark)).toEqual(["create", "delete", "delete"]);
    expect(replaced).toEqual(expect.objectContaining({ roles: [ROLE], rules: ["echo"] }));
    expect(cacheOf(stack)).toEqual({ roles: [], rules: [], record: [] });
  });

  it("keeps the cache through two replaces in a row", async () => {
    // Prepare
    const stack = newStack();
    await stack.up(ARGS);

    // Act
    await stack.up(ARGS, { replace: true });
    await stack.up(ARGS, { replace: true });

    // Assess
    expect(cacheOf(stack)).toEqual(expect.objectContaining({ roles: [ROLE], rules: ["echo"] }));
    await stack.destroy();
    expect(cacheOf(stack)).toEqual({ roles: [], rules: [], record: [] });
  });

  it("keeps the older Invocation when the new create fails, and its later delete still tears down", async () => {
    // Prepare: the new create cannot read its config (the parameter is gone for a moment).
    const stack = newStack();
    await stack.up(ARGS);
    const parameter = stack.state.parameter?.name ?? "";
    const value = stack.account.snapshot().parameters[parameter]?.value ?? "";
    stack.account.seed("ssm", "DeleteParameter", { Name: parameter });
    await expect(stack.up(ARGS, { replace: true })).rejects.toThrow(InvocationFailedError);
    stack.account.seed("ssm", "PutParameter", { Name: parameter, Value: value, Type: "String" });

    // Act
    await stack.destroy();

    // Assess: one Invocation was ever in the state, and its delete removed everything.
    expect(stack.sent.map((s) => s.action)).toEqual(["create", "create", "delete"]);
    expect(cacheOf(stack)).toEqual({ roles: [], rules: [], record: [] });
  });
});

describe("an upgrade from the release whose function was autonamed", () => {
  it("replaces the function and the Invocation, keeps the cache, and destroy still removes it", async () => {
    // Prepare: the function an older release made, under Pulumi's autoname.
    const stack = newStack();
    await stack.up(ARGS, { functionName: "echo-cache-reconciler-1a2b3c4", packageVersion: "2.0.0" });

    // Act
    await stack.up(ARGS);
    const upgraded = cacheOf(stack);

    // Assess
    expect(stack.sent.map((s) => [s.action, s.functionName])).toEqual([
      ["create", "echo-cache-reconciler-1a2b3c4"],
      ["create", stack.state.fn?.name],
      ["delete", "echo-cache-reconciler-1a2b3c4"],
    ]);
    expect(stack.lambda.exists("echo-cache-reconciler-1a2b3c4")).toBe(false);
    expect(upgraded).toEqual(expect.objectContaining({ roles: [ROLE], rules: ["echo"] }));
    await stack.destroy();
    expect(cacheOf(stack)).toEqual({ roles: [], rules: [], record: [] });
  });
});

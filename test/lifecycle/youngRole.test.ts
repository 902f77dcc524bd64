/**
 * A young execution role: Pulumi attaches the policy, creates the function and invokes it within seconds, and
 * IAM is eventually consistent, so the first calls may be denied (test/lifecycle/stack.ts `iamPropagationMs`,
 * sim/callerPolicies.ts). A deploy-time run retries the denial of its first read for about a minute.
 */
import type { Report } from "../../common/types";
import { ARGS, cacheOf, newStack, ROLE } from "./fixture";
import { InvocationFailedError } from "./invocationProvider";
import type { EmulatedStack } from "./stack";

const deniedReads = (stack: EmulatedStack) =>
  stack.account.calls.filter((c) => c.operation === "GetParameters" && c.error === "AccessDeniedException");

describe("the first pulumi up, while the execution role's policy propagates", () => {
  it("waits for the permission and deploys the cache", async () => {
    // Prepare
    const stack = newStack({ iamPropagationMs: 8_000 });

    // Act
    await stack.up(ARGS);

    // Assess
    expect(deniedReads(stack).length).toBeGreaterThan(0);
    expect(cacheOf(stack)).toEqual(expect.objectContaining({ roles: [ROLE], rules: ["echo"] }));
  });

  it("gives up after about a minute with AWS's message, and the next up deploys", async () => {
    // Prepare: longer than the reconciler waits.
    const stack = newStack({ iamPropagationMs: 120_000 });
    const start = stack.clock.now().getTime();

    // Act
    const failed = stack.up(ARGS);
    await expect(failed).rejects.toThrow(InvocationFailedError);
    const waited = stack.clock.now().getTime() - start;
    await stack.clock.sleep(60_000);
    await stack.up(ARGS);

    // Assess
    await expect(failed).rejects.toThrow(
      /AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role\/.+ is not authorized to perform: ssm:GetParameters on resource: arn:aws:ssm:eu-west-1:111122223333:parameter\/echo-ptc\/platform\/prod\/echo-cache\/config/,
    );
    expect(waited).toBeGreaterThanOrEqual(55_000);
    expect(waited).toBeLessThanOrEqual(65_000);
    expect(stack.sent.map((s) => s.action)).toEqual(["create", "create"]);
    expect(cacheOf(stack)).toEqual(expect.objectContaining({ roles: [ROLE], rules: ["echo"] }));
  });

  it("does not wait in a scheduled run: it fails at once, and the next one succeeds", async () => {
    // Prepare: deployed; then the execution role's policy changes again, and the schedule fires meanwhile.
    const stack = newStack({ iamPropagationMs: 8_000 });
    await stack.up(ARGS);
    stack.account.attachCallerPolicy(stack.state.fn?.name ?? "", {
      principalArn: "arn:aws:sts::111122223333:assumed-role/r/fn",
      propagationMs: 8_000,
    });
    const scheduled = '{"action":"reconcile","trigger":"schedule"}';
    const mark = deniedReads(stack).length;

    // Act
    const first = JSON.parse(
      (await stack.lambda.invoke(stack.state.fn?.name ?? "", scheduled)).Payload,
    ) as Report;
    await stack.clock.sleep(8_000);
    const next = JSON.parse(
      (await stack.lambda.invoke(stack.state.fn?.name ?? "", scheduled)).Payload,
    ) as Report;

    // Assess
    expect(first.status).toBe("FAILED");
    expect(deniedReads(stack).length - mark).toBe(1);
    expect(next.status).toBe("IN_SYNC");
  });
});

/**
 * A young execution role: Pulumi attaches the policy, creates the function and invokes it within seconds, and
 * IAM is eventually consistent, so the first calls may be denied (test/lifecycle/stack.ts `iamPropagationMs`,
 * sim/callerPolicies.ts). The same on an update that changes the policy, for what the new statements allow
 * (test/lifecycle/policyChange.ts). A deploy-time run retries IAM's denial of its first read, and of its
 * calls, for about a minute.
 */
import type { Report } from "../../common/types";
import { ARGS, actionsSince, cacheOf, newStack, ROLE } from "./fixture";
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

describe("a pulumi up that changes the execution role's policy, while the change propagates", () => {
  const SUGGESTED = "echo-pullthrough-cache-role-us-east-1";
  const PULUMI = { ...ARGS, configSource: "pulumi" } as const;

  /** The calls IAM denied since `mark`, as the action the denial names. */
  const deniedSince = (stack: EmulatedStack, mark: number) =>
    stack.account.calls
      .slice(mark)
      .filter((c) => c.error === "AccessDenied" || c.error === "AccessDeniedException")
      .map((c) => c.operation);

  it.each([
    {
      reason: "a roleName of its own (the Several Regions fix): tagging the new role on create is new",
      args: { ...PULUMI, roleName: SUGGESTED },
      denied: "CreateRole",
      converged: (stack: EmulatedStack) => {
        expect(cacheOf(stack).roles).toEqual([SUGGESTED]);
        const rule = Object.values(stack.account.snapshot().pullThroughCacheRules)[0];
        expect(rule?.customRoleArn).toBe(`arn:aws:iam::111122223333:role/${SUGGESTED}`);
      },
    },
    {
      reason: "a repositoryTemplate added: the template's calls and its role are new",
      args: { ...PULUMI, repositoryTemplate: { expireUntaggedAfterDays: 14, resourceTags: { team: "a" } } },
      denied: "CreateRole",
      converged: (stack: EmulatedStack) => {
        expect(cacheOf(stack).roles).toEqual([ROLE, "echo-pullthrough-template-role"]);
        expect(stack.account.snapshot().repositoryCreationTemplates.echo).toBeDefined();
      },
    },
  ])("waits for what the change allows, then applies $reason", async ({ args, denied, converged }) => {
    // Prepare: deployed, the first policy long propagated.
    const stack = newStack({ iamPropagationMs: 8_000 });
    await stack.up(PULUMI);
    await stack.clock.sleep(60_000);
    const mark = stack.account.calls.length;

    // Act
    await stack.up(args);

    // Assess: the new statements were denied for a while, the old ones never (the config was read at once).
    expect(deniedSince(stack, mark)).toContain(denied);
    expect(deniedSince(stack, mark)).not.toContain("GetParameters");
    expect(stack.sent.at(-1)?.action).toBe("update");
    converged(stack);
  });

  it("fails with AWS's message when the change takes longer than the wait, and the next up applies it", async () => {
    // Prepare
    const stack = newStack({ iamPropagationMs: 8_000 });
    await stack.up(PULUMI);
    await stack.clock.sleep(60_000);
    stack.iamPropagationMs = 120_000;
    const mark = stack.sent.length;

    // Act
    const failed = stack.up({ ...PULUMI, roleName: SUGGESTED });
    await expect(failed).rejects.toThrow(InvocationFailedError);
    await stack.clock.sleep(60_000);
    await stack.up({ ...PULUMI, roleName: SUGGESTED });

    // Assess
    await expect(failed).rejects.toThrow(
      `is not authorized to perform: iam:TagRole on resource: arn:aws:iam::111122223333:role/${SUGGESTED}`,
    );
    expect(actionsSince(stack, mark)).toEqual(["update", "update"]);
    expect(cacheOf(stack).roles).toEqual([SUGGESTED]);
  });
});

import type { ResourceReport } from "../../../common/types";
import { type ApplyOptions, applyPlan } from "../../../reconciler/engine/apply";
import { AwsCallError } from "../../../reconciler/engine/errors";
import { type Item, planItems } from "../../../reconciler/engine/plan";
import { AFTER_PERMISSION_WAIT_MS, PERMISSION_DELAYS_MS } from "../../../reconciler/engine/propagation";
import { toResourceReport } from "../../../reconciler/engine/report";
import { resolveRunPolicy } from "../../../reconciler/engine/runPolicy";
import type { RoleActual } from "../../../reconciler/resources/role/types";
import type { RuleActual } from "../../../reconciler/resources/rule/types";
import { ADMIN, roleInSync } from "../builders";
import { awsError, item, OPTIONS, world } from "./fakeAdapters";

describe("detect mode is a policy over the same plan", () => {
  it.each([
    { reason: "detect mode reports and lists the steps but sends none", mode: "detect", executes: 0 },
    { reason: "enforce mode sends the same steps", mode: "enforce", executes: 2 },
  ] as const)("$mode: $reason", async ({ mode, executes }) => {
    // Prepare
    const w = world();
    const driftedRole = { ...roleInSync(w.desired.role), attachedPolicyArns: [ADMIN] };
    const items = [
      item(w.role, w.desired.role.name, w.desired.role, driftedRole),
      item(w.rule, w.desired.rule.ecrRepositoryPrefix, w.desired.rule),
    ];

    // Act
    const plan = planItems(items, OPTIONS);
    const result = await applyPlan(plan, resolveRunPolicy({ action: "reconcile", mode }).apply, w.options);
    const reports = result.outcomes.map(toResourceReport);

    // Assess
    expect(w.role.executed.length + w.rule.executed.length).toBe(executes);
    expect(result.writes).toBe(executes);
    const [roleReport, ruleReport] = reports as [ResourceReport, ResourceReport];
    expect(roleReport.differences).toEqual([
      expect.objectContaining({ path: `ManagedPolicyArns[${ADMIN}]`, type: "ADD" }),
    ]);
    expect(roleReport.actions).toEqual(["iam:UpdateRole echo-pullthrough-cache-role"]);
    expect(ruleReport.actions).toEqual(["ecr:CreatePullThroughCacheRule echo"]);
    if (executes === 0) {
      expect(reports.map((r) => [r.status, r.applied])).toEqual([
        ["DRIFTED", false],
        ["MISSING", false],
      ]);
    } else {
      expect(reports.map((r) => [r.status, r.applied])).toEqual([
        ["REMEDIATED", true],
        ["REMEDIATED", true],
      ]);
    }
  });
});

describe("applyPlan ordering", () => {
  it("creates the role before the rule, whatever order the plan lists them in", async () => {
    // Prepare
    const w = world();
    const plan = planItems(
      [item(w.rule, "echo", w.desired.rule), item(w.role, w.desired.role.name, w.desired.role)],
      OPTIONS,
    );

    // Act
    await applyPlan(plan, true, w.options);

    // Assess
    expect(w.log).toEqual([
      "iam:CreateRole echo-pullthrough-cache-role",
      "iam:PutRolePolicy echo-pullthrough-cache-role",
      "ecr:CreatePullThroughCacheRule echo",
    ]);
  });

  it("removes stale resources after the wanted ones, the rule before its role", async () => {
    // Prepare
    const w = world();
    const oldRole: RoleActual = { ...roleInSync(w.desired.role), name: "old-pullthrough-cache-role" };
    const oldRule: RuleActual = { ...w.ruleActual, ecrRepositoryPrefix: "old" };
    const plan = planItems(
      [
        item(w.role, oldRole.name, undefined, oldRole),
        item(w.rule, "old", undefined, oldRule),
        item(w.rule, "echo", w.desired.rule),
        item(w.role, w.desired.role.name, w.desired.role),
      ],
      OPTIONS,
    );

    // Act
    const result = await applyPlan(plan, true, w.options);

    // Assess
    expect(w.log).toEqual([
      "iam:CreateRole echo-pullthrough-cache-role",
      "iam:PutRolePolicy echo-pullthrough-cache-role",
      "ecr:CreatePullThroughCacheRule echo",
      "ecr:DeletePullThroughCacheRule old",
      "iam:DeleteRole old-pullthrough-cache-role",
    ]);
    // Outcomes keep the plan's order.
    expect(result.outcomes.map((o) => o.status)).toEqual(["DELETED", "DELETED", "REMEDIATED", "REMEDIATED"]);
  });

  it.each([
    {
      reason: "the wanted role's update failed",
      roleSetup: (w: ReturnType<typeof world>) => {
        w.role.fail = () => awsError("AccessDeniedException");
        return item(w.role, w.desired.role.name, w.desired.role, {
          ...roleInSync(w.desired.role),
          attachedPolicyArns: [ADMIN],
        });
      },
      roleStatus: "FAILED",
    },
    {
      reason: "the wanted role could not be observed",
      roleSetup: (w: ReturnType<typeof world>): Item => ({
        ...item(w.role, w.desired.role.name, w.desired.role),
        observation: {
          error: new AwsCallError("iam:GetRole", w.desired.role.name, awsError("AccessDeniedException")),
        },
      }),
      roleStatus: "FAILED",
    },
    {
      reason: "the wanted role belongs to someone else",
      roleSetup: (w: ReturnType<typeof world>): Item => ({
        ...item(w.role, w.desired.role.name, w.desired.role, roleInSync(w.desired.role)),
        owned: false,
      }),
      roleStatus: "CONFLICT",
    },
  ])("keeps stale resources and the dependent rule when $reason", async ({ roleSetup, roleStatus }) => {
    // Prepare
    const w = world();
    const oldRule: RuleActual = { ...w.ruleActual, ecrRepositoryPrefix: "old" };
    const plan = planItems(
      [roleSetup(w), item(w.rule, "echo", w.desired.rule), item(w.rule, "old", undefined, oldRule)],
      OPTIONS,
    );

    // Act
    const result = await applyPlan(plan, true, w.options);

    // Assess
    expect(w.rule.executed).toEqual([]);
    expect(result.outcomes.map((o) => [o.status, o.applied])).toEqual([
      [roleStatus, false],
      ["MISSING", false],
      ["STALE", false],
    ]);
    expect(result.outcomes[1]?.reason).toBe("waits for AWS::IAM::Role");
    expect(result.outcomes[2]?.reason).toBe("kept until the wanted resources are in place");
  });
});

describe("applyPlan keeps a stale resource that a stale one still needs", () => {
  it.each([
    {
      reason: "the stale rule's removal failed",
      ruleItem: (w: ReturnType<typeof world>, oldRule: RuleActual): Item => {
        w.rule.fail = () => awsError("AccessDeniedException");
        return item(w.rule, "old", undefined, oldRule);
      },
      ruleStatus: "FAILED",
      sent: ["ecr:DeletePullThroughCacheRule old"],
    },
    {
      reason: "the stale rule could not be read",
      ruleItem: (w: ReturnType<typeof world>): Item => ({
        ...item(w.rule, "old", undefined),
        observation: {
          error: new AwsCallError(
            "ecr:DescribePullThroughCacheRules",
            "old",
            awsError("ThrottlingException"),
          ),
        },
      }),
      ruleStatus: "FAILED",
      sent: [],
    },
  ])("keeps the stale role the rule points at when $reason", async ({ ruleItem, ruleStatus, sent }) => {
    // Prepare
    const w = world();
    const oldRole: RoleActual = { ...roleInSync(w.desired.role), name: "old-pullthrough-cache-role" };
    const oldRule: RuleActual = { ...w.ruleActual, ecrRepositoryPrefix: "old" };
    const plan = planItems([ruleItem(w, oldRule), item(w.role, oldRole.name, undefined, oldRole)], OPTIONS);

    // Act
    const result = await applyPlan(plan, true, w.options);

    // Assess
    expect(w.log).toEqual(sent);
    expect(result.outcomes.map((o) => [o.status, o.applied])).toEqual([
      [ruleStatus, false],
      ["STALE", false],
    ]);
    expect(result.outcomes[1]?.reason).toBe("kept until what needs it is removed");
  });
});

describe("applyPlan waits for IAM propagation", () => {
  /** The role needs an update (a `propagates` step) and the rule must be created (an `awaitsPropagation` step). */
  function propagatingRun(w: ReturnType<typeof world>) {
    const driftedRole = { ...roleInSync(w.desired.role), attachedPolicyArns: [ADMIN] };
    return planItems(
      [item(w.role, w.desired.role.name, w.desired.role, driftedRole), item(w.rule, "echo", w.desired.rule)],
      OPTIONS,
    );
  }

  it.each([
    {
      reason: "InvalidParameterException is what ECR may say while the role is not yet usable",
      error: "InvalidParameterException",
    },
    {
      reason:
        "ValidationException may also mean the role has not propagated (UNCONFIRMED in docs/aws-facts.md)",
      error: "ValidationException",
    },
  ])("retries the rule after a role change with the injected sleep: $reason", async ({ error }) => {
    // Prepare
    const w = world();
    w.rule.fail = (_step, attempt) => (attempt < 2 ? awsError(error) : undefined);

    // Act
    const result = await applyPlan(propagatingRun(w), true, w.options);

    // Assess
    expect(w.sleeps).toEqual([100, 200]);
    expect(w.rule.executed).toHaveLength(3);
    expect(result.outcomes.map((o) => o.status)).toEqual(["REMEDIATED", "REMEDIATED"]);
    expect(result.writes).toBe(4);
  });

  it("counts the rule's propagation waits apart from a young deploy's permission waits", async () => {
    // Prepare: the rule is denied once (young permissions), then waits for the role twice.
    const w = world();
    const failures = [
      awsError("AccessDeniedException"),
      awsError("InvalidParameterException"),
      awsError("InvalidParameterException"),
    ];
    w.rule.fail = (_step, attempt) => failures[attempt];

    // Act
    const result = await applyPlan(propagatingRun(w), true, { ...w.options, youngPermissions: true });

    // Assess: one permission wait, then the propagation backoff from its first delay.
    expect(w.sleeps).toEqual([PERMISSION_DELAYS_MS[0], 100, 200]);
    expect(result.outcomes.map((o) => o.status)).toEqual(["REMEDIATED", "REMEDIATED"]);
  });

  it("gives up after the last delay and reports the AWS error", async () => {
    // Prepare
    const w = world();
    w.rule.fail = () => awsError("InvalidParameterException");

    // Act
    const result = await applyPlan(propagatingRun(w), true, w.options);

    // Assess
    expect(w.sleeps).toEqual([100, 200, 400]);
    expect(w.rule.executed).toHaveLength(4);
    expect(result.outcomes[1]).toEqual(
      expect.objectContaining({
        status: "FAILED",
        error: expect.objectContaining({
          name: "InvalidParameterException",
          operation: "ecr:CreatePullThroughCacheRule",
        }),
      }),
    );
  });

  it("stops waiting when the Lambda's remaining time would not cover the next delay", async () => {
    // Prepare
    const w = world();
    let remaining = 30_000;
    const options: ApplyOptions = {
      sleep: async (ms) => {
        w.sleeps.push(ms);
        remaining -= ms;
      },
      remainingMs: () => remaining,
      propagationDelaysMs: [5000, 5000, 5000, 5000, 5000],
    };
    w.rule.fail = () => awsError("InvalidParameterException");

    // Act
    const result = await applyPlan(propagatingRun(w), true, options);

    // Assess
    // 10 s are kept back to report: 30 s left allows waits at 30, 25 and 20 s left, not at 15 s.
    expect(w.sleeps).toEqual([5000, 5000, 5000]);
    expect(result.outcomes[1]?.status).toBe("FAILED");
  });

  it("does not retry when no step of this run changed the role", async () => {
    // Prepare
    const w = world();
    w.rule.fail = () => awsError("InvalidParameterException");
    const plan = planItems(
      [
        item(w.role, w.desired.role.name, w.desired.role, roleInSync(w.desired.role)),
        item(w.rule, "echo", w.desired.rule),
      ],
      OPTIONS,
    );

    // Act
    const result = await applyPlan(plan, true, w.options);

    // Assess
    expect(w.sleeps).toEqual([]);
    expect(w.rule.executed).toHaveLength(1);
    expect(result.outcomes.map((o) => o.status)).toEqual(["IN_SYNC", "FAILED"]);
  });

  it("does not retry an error that is not about propagation", async () => {
    // Prepare
    const w = world();
    w.rule.fail = () => awsError("LimitExceededException");

    // Act
    const result = await applyPlan(propagatingRun(w), true, w.options);

    // Assess
    expect(w.sleeps).toEqual([]);
    expect(w.rule.executed).toHaveLength(1);
    expect(result.outcomes[1]?.error?.name).toBe("LimitExceededException");
  });
});

describe("applyPlan while the run's own permissions are young (a deploy)", () => {
  const denied = () => awsError("AccessDeniedException");
  const createRun = (w: ReturnType<typeof world>) =>
    planItems(
      [item(w.role, w.desired.role.name, w.desired.role), item(w.rule, "echo", w.desired.rule)],
      OPTIONS,
    );

  it.each([
    {
      reason: "a young deploy retries a denial with the permission backoff, and applies",
      young: true,
      deniedTimes: 2,
      sleeps: PERMISSION_DELAYS_MS.slice(0, 2),
      statuses: ["REMEDIATED", "REMEDIATED"],
    },
    {
      reason: "a young deploy gives up after one budget for the whole apply, with AWS's error",
      young: true,
      deniedTimes: 100,
      sleeps: [...PERMISSION_DELAYS_MS],
      statuses: ["FAILED", "MISSING"],
    },
    {
      reason: "any other run fails at once",
      young: false,
      deniedTimes: 1,
      sleeps: [],
      statuses: ["FAILED", "MISSING"],
    },
  ])("$reason", async ({ young, deniedTimes, sleeps, statuses }) => {
    // Prepare: IAM denies the role's first `deniedTimes` calls.
    const w = world();
    let calls = 0;
    w.role.fail = () => (calls++ < deniedTimes ? denied() : undefined);
    const options: ApplyOptions = { ...w.options, ...(young ? { youngPermissions: true } : {}) };

    // Act
    const result = await applyPlan(createRun(w), true, options);

    // Assess
    expect(w.sleeps).toEqual(sleeps);
    expect(result.outcomes.map((o) => o.status)).toEqual(statuses);
    if (statuses[0] === "FAILED") expect(result.outcomes[0]?.error?.name).toBe("AccessDeniedException");
  });

  it("keeps the time the rest of the run needs: no wait once the deadline is that close", async () => {
    // Prepare
    const w = world();
    w.role.fail = denied;
    const options: ApplyOptions = {
      ...w.options,
      youngPermissions: true,
      remainingMs: () => AFTER_PERMISSION_WAIT_MS,
    };

    // Act
    const result = await applyPlan(createRun(w), true, options);

    // Assess
    expect(w.sleeps).toEqual([]);
    expect(result.outcomes[0]?.status).toBe("FAILED");
  });
});

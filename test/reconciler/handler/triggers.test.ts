import { OWNER_TAG_KEY } from "../../../common/constants";
import { PERMISSION_DELAYS_MS } from "../../../reconciler/engine/propagation";
import { UnknownEventError } from "../../../reconciler/handler/events";
import { CustomResourceFailedError } from "../../../reconciler/handler/run";
import { ACCOUNT, context, customResource, FUNCTION_ARN, PARAM, setUp, ssmChange } from "./harness";

const ROLE = "echo-pullthrough-cache-role";
const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";

/** Deploys with the custom resource's create, then drifts the account out of band. */
async function deployedAndDrifted(config?: unknown) {
  const env = setUp(config);
  await env.handler(customResource("create"), context);
  env.account.seed("iam", "AttachRolePolicy", { RoleName: ROLE, PolicyArn: ADMIN });
  env.account.seed("ecr", "DeletePullThroughCacheRule", { ecrRepositoryPrefix: "echo" });
  return env;
}

describe("handler triggers on the simulated account", () => {
  it("custom resource create applies the config and returns the outputs", async () => {
    const { handler } = setUp();

    const report = await handler(customResource("create"), context);

    expect(report.status).toBe("REMEDIATED");
    expect(report.outputs).toEqual({
      roleArn: `arn:aws:iam::${ACCOUNT}:role/${ROLE}`,
      cachePrefix: "echo",
      registryUrl: `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com`,
      upstreamRegistryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com",
      cacheRule: {
        ecrRepositoryPrefix: "echo",
        upstreamRegistryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com",
        upstreamRegistry: "ecr",
        upstreamRepositoryPrefix: "ROOT",
        customRoleArn: `arn:aws:iam::${ACCOUNT}:role/${ROLE}`,
        registryId: ACCOUNT,
      },
    });
  });

  it("custom resource create applies even when the config says detect (a deploy is explicit)", async () => {
    const { handler, account } = setUp({
      version: 1,
      sourceRegistryAccountId: "123456789012",
      mode: "detect",
    });

    const report = await handler(customResource("create"), context);

    expect(report.status).toBe("REMEDIATED");
    expect(Object.keys(account.snapshot().pullThroughCacheRules)).toEqual(["echo"]);
  });

  it("plan reports drift and writes nothing, whatever the mode", async () => {
    const { handler, account, writesSince } = await deployedAndDrifted();
    const mark = account.calls.length;

    const report = await handler({ action: "plan" }, context);

    expect(report.status).toBe("DRIFTED");
    expect(report.action).toBe("plan");
    expect(report.resources.map((r) => [r.id, r.status])).toEqual([
      ["echo", "MISSING"],
      [ROLE, "DRIFTED"],
    ]);
    expect(writesSince(mark)).toEqual([]);
  });

  it("detect mode reports DRIFTED and writes nothing", async () => {
    const { handler, account, putConfig, writesSince } = await deployedAndDrifted();
    putConfig({ version: 1, sourceRegistryAccountId: "123456789012", mode: "detect" });
    const mark = account.calls.length;

    const report = await handler({ action: "reconcile" }, context);

    expect(report.status).toBe("DRIFTED");
    expect(writesSince(mark)).toEqual([]);
  });

  it("remediate fixes drift even in detect mode", async () => {
    const { handler, account, putConfig, writesSince } = await deployedAndDrifted();
    putConfig({ version: 1, sourceRegistryAccountId: "123456789012", mode: "detect" });
    const mark = account.calls.length;

    const report = await handler({ action: "remediate" }, context);

    expect(report.status).toBe("REMEDIATED");
    // The rule's record entry: claimed before it is made again, its creation time after.
    expect(writesSince(mark).sort()).toEqual([
      "ecr:CreatePullThroughCacheRule",
      "iam:DetachRolePolicy",
      "ssm:PutParameter",
      "ssm:PutParameter",
    ]);
    expect((await handler({ action: "plan" }, context)).status).toBe("IN_SYNC");
  });

  it.each([
    ["the schedule's event", { action: "reconcile", trigger: "schedule" }],
    ["an empty manual event", {}],
    ["the SSM Parameter Store Change event", ssmChange],
    [
      "a legacy EventBridge scheduled event",
      { source: "aws.events", "detail-type": "Scheduled Event", detail: {} },
    ],
  ])("%s reconciles per the mode (enforce fixes)", async (_name, event) => {
    const { handler } = await deployedAndDrifted();

    const report = await handler(event, context);

    expect(report.status).toBe("REMEDIATED");
    expect(report.action).toBe("reconcile");
  });

  it("the SSM change event reads the new value from SSM (the event carries none)", async () => {
    const { handler, putConfig, account } = setUp();
    await handler(customResource("create"), context);
    putConfig({ version: 1, sourceRegistryAccountId: "123456789012", repositoryPrefix: "team-a" });

    const report = await handler(ssmChange, context);

    expect(report.status).toBe("REMEDIATED");
    expect(Object.keys(account.snapshot().pullThroughCacheRules)).toEqual(["team-a"]);
  });

  it("a rolePath change is a conflict for a person, never a delete of the role the rule uses", async () => {
    const { handler, account, putConfig } = setUp();
    await handler(customResource("create"), context);
    putConfig({ version: 1, sourceRegistryAccountId: "123456789012", rolePath: "/ecr/" });
    const before = JSON.stringify(account.snapshot());

    const report = await handler({ action: "reconcile" }, context);

    const role = report.resources.find((r) => r.type === "AWS::IAM::Role");
    expect(role?.status).toBe("CONFLICT");
    expect(role?.reason).toMatch(/cannot move a role/);
    expect(report.resources.find((r) => r.type === "AWS::ECR::PullThroughCacheRule")?.applied).toBe(false);
    expect(JSON.stringify(account.snapshot())).toBe(before);
  });

  it("a role half-created by a failed run stays recorded, so a later rename removes it", async () => {
    const { handler, account, putConfig } = setUp();
    account.failNext("iam", "PutRolePolicy", () =>
      Object.assign(new Error("denied"), { name: "AccessDenied", $metadata: { httpStatusCode: 403 } }),
    );
    const first = await handler({ action: "reconcile" }, context);
    putConfig({ version: 1, sourceRegistryAccountId: "123456789012", repositoryPrefix: "team-b" });

    const second = await handler({ action: "reconcile" }, context);

    expect(first.status).toBe("FAILED");
    expect(second.status).toBe("REMEDIATED");
    expect(
      Object.keys(account.snapshot().roles).filter((n) => n.endsWith("-pullthrough-cache-role")),
    ).toEqual(["team-b-pullthrough-cache-role"]);
  });

  it("paused mode does nothing and says so", async () => {
    const { handler, account, putConfig, writesSince } = await deployedAndDrifted();
    putConfig({ version: 1, sourceRegistryAccountId: "123456789012", mode: "paused" });
    const mark = account.calls.length;

    const report = await handler({ action: "reconcile" }, context);

    expect(report.status).toBe("PAUSED");
    expect(writesSince(mark)).toEqual([]);
  });

  it("delete removes everything owned, and a second delete is a no-op", async () => {
    const { handler, account, writesSince } = setUp();
    await handler(customResource("create"), context);

    const first = await handler(customResource("delete"), context);
    const mark = account.calls.length;
    const second = await handler(customResource("delete"), context);

    expect(first.status).toBe("DELETED");
    const snap = account.snapshot();
    expect(snap.pullThroughCacheRules).toEqual({});
    expect(snap.roles[ROLE]).toBeUndefined();
    expect(Object.keys(snap.parameters)).toEqual(["/echo-ptc/echo-cache/config"]);
    expect(second.status).toBe("DELETED");
    expect(writesSince(mark)).toEqual([]);
  });

  it("retain keeps the role and rule in place, and ends only the deployment's entry of the record", async () => {
    const { handler, account, writesSince } = setUp();
    await handler(customResource("create"), context);
    const mark = account.calls.length;

    const report = await handler(customResource("delete", { deletionPolicy: "retain" }), context);

    expect(report.status).toBe("RETAINED");
    expect(report.resources.map((r) => r.status)).toEqual(["RETAINED", "RETAINED"]);
    expect(writesSince(mark)).toEqual(["ssm:DeleteParameter"]);
    expect(report.recordActions).toContain(`ssm:DeleteParameter ${PARAM}.state/deployment`);
    expect(Object.keys(account.snapshot().pullThroughCacheRules)).toEqual(["echo"]);
    expect(Object.keys(account.snapshot().parameters)).toEqual(
      expect.arrayContaining([`${PARAM}.state/role/echo-pullthrough-cache-role`, `${PARAM}.state/rule/echo`]),
    );
  });

  it("a delete from a replaced deployment does not undo the newer create", async () => {
    const { handler, account } = setUp();
    await handler(customResource("create", { deploymentId: `${FUNCTION_ARN}-old` }), context);
    await handler(customResource("create", { deploymentId: FUNCTION_ARN }), context);

    const report = await handler(customResource("delete", { deploymentId: `${FUNCTION_ARN}-old` }), context);

    expect(report.status).toBe("RETAINED");
    expect(report.resources).toEqual([]);
    expect(report.message).toMatch(/replaced/);
    expect(Object.keys(account.snapshot().pullThroughCacheRules)).toEqual(["echo"]);
  });

  it("a deploy while paused still supersedes the older deployment, so its delete removes nothing", async () => {
    const { handler, account, putConfig } = setUp();
    await handler(customResource("create", { deploymentId: `${FUNCTION_ARN}-old` }), context);
    putConfig({ version: 1, sourceRegistryAccountId: "123456789012", mode: "paused" });
    await handler(customResource("create", { deploymentId: FUNCTION_ARN }), context);

    const report = await handler(customResource("delete", { deploymentId: `${FUNCTION_ARN}-old` }), context);

    expect(report.resources).toEqual([]);
    expect(Object.keys(account.snapshot().pullThroughCacheRules)).toEqual(["echo"]);
  });

  it("a failed create does not take over: the older deployment's delete still tears down", async () => {
    const { handler, account, putConfig } = setUp();
    await handler(customResource("create", { deploymentId: `${FUNCTION_ARN}-old` }), context);
    putConfig({ version: 1, sourceRegistryAccountId: "123456789012", repositoryPrefix: "team-b" });
    // Denied for longer than a deploy waits for its permissions.
    account.failNext(
      "ecr",
      "CreatePullThroughCacheRule",
      () =>
        Object.assign(new Error("denied"), {
          name: "AccessDeniedException",
          $metadata: { httpStatusCode: 400 },
        }),
      PERMISSION_DELAYS_MS.length + 1,
    );
    await expect(handler(customResource("create", { deploymentId: FUNCTION_ARN }), context)).rejects.toThrow(
      /AccessDeniedException|denied/,
    );

    const report = await handler(customResource("delete", { deploymentId: `${FUNCTION_ARN}-old` }), context);

    expect(report.status).toBe("DELETED");
    expect(account.snapshot().pullThroughCacheRules).toEqual({});
  });

  it("an invalid config changes nothing and reports every bad field", async () => {
    const { handler, account, putConfig } = setUp();
    await handler(customResource("create"), context);
    putConfig({ version: 1, sourceRegistryAccountId: "12345", repositoryPrefix: "Echo", colour: "blue" });
    const before = JSON.stringify(account.snapshot());

    const report = await handler({ action: "reconcile" }, context);

    expect(report.status).toBe("INVALID_CONFIG");
    expect(report.errors.map((e) => e.message.split(":")[0])).toEqual([
      "colour",
      "repositoryPrefix",
      "sourceRegistryAccountId",
    ]);
    expect(JSON.stringify(account.snapshot())).toBe(before);
  });

  it("a missing config parameter is INVALID_CONFIG naming the parameter", async () => {
    const { handler, account } = setUp(null);

    const report = await handler({ action: "reconcile" }, context);

    expect(report.status).toBe("INVALID_CONFIG");
    expect(report.errors[0]?.message).toContain("/echo-ptc/echo-cache/config");
    expect(account.writes()).toEqual([]);
  });

  it("the custom resource throws on an invalid config, with the field paths in the message", async () => {
    const { handler } = setUp({ version: 1, sourceRegistryAccountId: "1234" });

    const failure = handler(customResource("create"), context);

    await expect(failure).rejects.toBeInstanceOf(CustomResourceFailedError);
    await expect(failure).rejects.toThrow(/sourceRegistryAccountId: must be a 12-digit/);
  });

  it("the custom resource throws when a role of the same name is not ours", async () => {
    const { handler, account } = setUp();
    account.seed("iam", "CreateRole", {
      RoleName: ROLE,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
        ],
      }),
      Tags: [{ Key: "team", Value: "other" }],
    });

    await expect(handler(customResource("create"), context)).rejects.toThrow(
      /OwnershipConflict|not created by this reconciler/,
    );
    expect(account.snapshot().roles[ROLE]?.tags).toEqual({ team: "other" });
  });

  it("adopt: true takes over an existing role by tagging it, then manages it, when the deployment allows it", async () => {
    const { handler, account } = setUp(
      { version: 1, sourceRegistryAccountId: "123456789012", adopt: true },
      { ALLOW_ADOPT: "true" },
    );
    account.seed("iam", "CreateRole", {
      RoleName: ROLE,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
        ],
      }),
    });

    const report = await handler({ action: "reconcile" }, context);

    expect(report.status).toBe("REMEDIATED");
    expect(account.snapshot().roles[ROLE]?.tags).toEqual({ [OWNER_TAG_KEY]: "proj/dev/echo-cache" });
  });

  it("adopt: true set only in SSM is not honoured: the role stays untouched and the conflict says why", async () => {
    const { handler, account } = setUp({ version: 1, sourceRegistryAccountId: "123456789012", adopt: true });
    account.seed("iam", "CreateRole", {
      RoleName: ROLE,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
        ],
      }),
    });
    const before = JSON.stringify(account.snapshot().roles[ROLE]);

    const report = await handler({ action: "reconcile" }, context);

    expect(report.status).toBe("FAILED");
    const role = report.resources.find((r) => r.id === ROLE);
    expect(role?.status).toBe("CONFLICT");
    expect(role?.reason).toMatch(/does not allow adopting/);
    expect(JSON.stringify(account.snapshot().roles[ROLE])).toBe(before);
  });

  it.each([
    ["a string", "hello"],
    ["an unknown action", { action: "destroy" }],
    ["extra keys", { action: "plan", force: true }],
    [
      "an SSM change for another parameter",
      { ...ssmChange, detail: { name: "/other", operation: "Update" } },
    ],
    ["a custom resource with a bad tf.action", { tf: { action: "read" } }],
  ])("rejects %s with UnknownEvent", async (_name, event) => {
    const { handler, account } = setUp();

    await expect(handler(event, context)).rejects.toBeInstanceOf(UnknownEventError);
    expect(account.calls).toEqual([]);
  });
});

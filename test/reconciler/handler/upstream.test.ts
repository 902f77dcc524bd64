import { ValidatePullThroughCacheRuleCommand } from "@aws-sdk/client-ecr";
import { unhealthyCauses } from "../../../reconciler/handler/telemetry";
import { context, customResource, setUp } from "./harness";

const UPSTREAM = "123456789012.dkr.ecr.us-east-1.amazonaws.com";

describe("upstream health", () => {
  it("reports a valid upstream after deploy, with UpstreamInvalid 0 (not emitted)", async () => {
    const { handler } = setUp();

    const report = await handler(customResource("create"), context);

    expect(report.upstream).toEqual({ valid: true });
    expect(unhealthyCauses(report).UpstreamInvalid).toBe(0);
  });

  it("reports a cache Echo's registry no longer grants as DEGRADED, with ECR's failure text", async () => {
    const { handler, account } = setUp();
    await handler(customResource("create"), context);
    account.deniedUpstreams.add(UPSTREAM);

    const report = await handler({ action: "reconcile" }, context);

    expect(report.status).toBe("DEGRADED");
    expect(report.errors).toEqual([]);
    expect(report.message).toContain("pulls fail");
    expect(report.upstream?.valid).toBe(false);
    expect(report.upstream?.failure).toEqual(expect.any(String));
    expect(report.upstream?.failure?.length).toBeGreaterThan(0);
    expect(unhealthyCauses(report).UpstreamInvalid).toBe(1);
  });

  it("lets a first deploy before Echo's grant exists succeed, DEGRADED, with role and rule in place", async () => {
    // Prepare: onboarding, Echo has not granted the account yet.
    const { handler, account } = setUp();
    account.deniedUpstreams.add(UPSTREAM);

    // Act: the custom resource's create; a thrown report would fail `pulumi up`.
    const report = await handler(customResource("create"), context);

    // Assess
    expect(report.status).toBe("DEGRADED");
    expect(report.resources.map((r) => [r.type, r.status])).toEqual([
      ["AWS::ECR::PullThroughCacheRule", "REMEDIATED"],
      ["AWS::IAM::Role", "REMEDIATED"],
    ]);
    expect(report.message).toMatch(/pulls fail until Echo's registry policy grants this account/);
    expect(Object.keys(account.snapshot().pullThroughCacheRules)).toEqual(["echo"]);
  });

  it("reports a grant that arrives later: the next run is IN_SYNC with no write", async () => {
    // Prepare
    const { handler, account } = setUp();
    account.deniedUpstreams.add(UPSTREAM);
    await handler(customResource("create"), context);
    account.deniedUpstreams.delete(UPSTREAM);

    // Act
    const report = await handler({ action: "reconcile", trigger: "schedule" }, context);

    // Assess
    expect(report.status).toBe("IN_SYNC");
    expect(report.writes).toBe(0);
    expect(report.message).toBeUndefined();
  });

  it("keeps a fix visible when the upstream stays unusable after it: DEGRADED, the rule REMEDIATED", async () => {
    // Prepare
    const { handler, account } = setUp();
    await handler(customResource("create"), context);
    account.seed("ecr", "DeletePullThroughCacheRule", { ecrRepositoryPrefix: "echo" });
    account.deniedUpstreams.add(UPSTREAM);

    // Act
    const report = await handler({ action: "reconcile" }, context);

    // Assess
    expect(report.status).toBe("DEGRADED");
    expect(report.resources.find((r) => r.id === "echo")).toEqual(
      expect.objectContaining({ status: "REMEDIATED", applied: true }),
    );
  });

  it("turns an API error of the check into a reported error, with no health claimed", async () => {
    const { handler, account } = setUp();
    await handler(customResource("create"), context);
    const denied = Object.assign(new Error("not authorized to perform ecr:ValidatePullThroughCacheRule"), {
      name: "AccessDeniedException",
      $metadata: { httpStatusCode: 400 },
    });
    account.failNext("ecr", "ValidatePullThroughCacheRule", denied);

    const report = await handler({ action: "reconcile" }, context);

    expect(report.status).toBe("FAILED");
    expect(report.upstream).toBeUndefined();
    expect(report.errors).toEqual([
      expect.objectContaining({
        operation: "ecr:ValidatePullThroughCacheRule",
        name: "AccessDeniedException",
        retryable: false,
      }),
    ]);
    expect(unhealthyCauses(report).UpstreamInvalid).toBeUndefined();
  });

  it("checks again after a change, so a fixed trust policy shows as healthy in the same run", async () => {
    const { handler, account } = setUp();
    await handler(customResource("create"), context);
    account.seed("iam", "UpdateAssumeRolePolicy", {
      RoleName: "echo-pullthrough-cache-role",
      PolicyDocument: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
        ],
      }),
    });
    const mark = account.calls.length;

    const report = await handler({ action: "reconcile" }, context);

    expect(report.status).toBe("REMEDIATED");
    expect(report.upstream).toEqual({ valid: true });
    const validations = account.calls
      .slice(mark)
      .filter((c) => c.operation === ValidatePullThroughCacheRuleCommand.name.replace("Command", ""));
    // Beside the reads of each observation (a run that writes observes again under the lease), and once more
    // after the change: the last one is what the report shows.
    expect(validations).toHaveLength(3);
  });

  it("does not check a rule that is missing in plan mode", async () => {
    const { handler } = setUp();

    const report = await handler({ action: "plan" }, context);

    expect(report.status).toBe("DRIFTED");
    expect(report.upstream).toBeUndefined();
  });
});

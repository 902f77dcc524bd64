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

  it("reports ECR's failure text when Echo's registry does not grant this account, without failing the run", async () => {
    const { handler, account } = setUp();
    await handler(customResource("create"), context);
    account.deniedUpstreams.add(UPSTREAM);

    const report = await handler({ action: "reconcile" }, context);

    expect(report.status).toBe("IN_SYNC");
    expect(report.upstream?.valid).toBe(false);
    expect(report.upstream?.failure).toEqual(expect.any(String));
    expect(report.upstream?.failure?.length).toBeGreaterThan(0);
    expect(unhealthyCauses(report).UpstreamInvalid).toBe(1);
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
    expect(validations).toHaveLength(2);
  });

  it("does not check a rule that is missing in plan mode", async () => {
    const { handler } = setUp();

    const report = await handler({ action: "plan" }, context);

    expect(report.status).toBe("DRIFTED");
    expect(report.upstream).toBeUndefined();
  });
});

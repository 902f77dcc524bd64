import { formatReport } from "../../cli/format";
import type { Report } from "../../common/types";

const trust = (...principals: string[]) => ({
  Version: "2012-10-17",
  Statement: principals.map((p) => ({
    Action: "sts:AssumeRole",
    Effect: "Allow",
    Principal: { Service: p },
  })),
});

const drifted = (expected: unknown, actual: unknown): Report => ({
  status: "DRIFTED",
  mode: "detect",
  action: "reconcile",
  writes: 0,
  errors: [],
  resources: [
    {
      type: "AWS::IAM::Role",
      id: "echo-pullthrough-cache-role",
      status: "DRIFTED",
      applied: false,
      actions: [],
      differences: [{ path: "AssumeRolePolicyDocument", type: "NOT_EQUAL", expected, actual }],
    },
  ],
});

describe("formatReport", () => {
  it("counts a policy's statements on the side that has them: AWS lacks the config's, the config lacks AWS's", () => {
    // Prepare: AWS trusts one extra service and lacks none of ours.
    const report = drifted(
      trust("pullthroughcache.ecr.amazonaws.com"),
      trust("pullthroughcache.ecr.amazonaws.com", "ec2.amazonaws.com"),
    );

    // Act
    const text = formatReport(report);

    // Assess
    expect(text).toMatch(/0 statement\(s\) AWS lacks \(\+\) +1 statement\(s\) not in the config \(-\)/);
    expect(text).toContain(
      '  - {"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"}}',
    );
  });

  it.each([
    { reason: "a run without a valid config", mode: "unknown", shown: "mode unknown (no valid config)" },
    { reason: "a run of a valid config", mode: "enforce", shown: "mode enforce  action" },
  ])("says why the mode is unknown: $reason", ({ mode, shown }) => {
    // Prepare
    const report: Report = {
      status: "INVALID_CONFIG",
      mode,
      action: "reconcile",
      writes: 0,
      errors: [],
      resources: [],
    };

    // Act
    const text = formatReport(report);

    // Assess
    expect(text.split("\n")[0]).toContain(shown);
  });
});

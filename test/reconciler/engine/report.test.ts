import {
  RESOURCE_TYPES,
  type ResourceReport,
  type RunAction,
  type UpstreamHealth,
} from "../../../common/types";
import { buildReport, type ReportParts, reportStatus } from "../../../reconciler/engine/report";

describe("buildReport", () => {
  const roleReport = (id: string): ResourceReport => ({
    type: RESOURCE_TYPES.role,
    id,
    status: "IN_SYNC",
    differences: [],
    actions: [],
    applied: false,
  });
  const ruleReport: ResourceReport = {
    applied: false,
    actions: ["ecr:CreatePullThroughCacheRule echo"],
    differences: [],
    status: "MISSING",
    id: "echo",
    type: RESOURCE_TYPES.rule,
  };

  it("sorts resources by type then id and every object's keys", () => {
    // Prepare
    const parts: ReportParts = {
      action: "plan",
      mode: "enforce",
      resources: [roleReport("b-role"), ruleReport, roleReport("a-role")],
      errors: [],
      writes: 0,
    };

    // Act
    const report = buildReport(parts);

    // Assess
    expect(report.resources.map((r) => `${r.type} ${r.id}`)).toEqual([
      "AWS::ECR::PullThroughCacheRule echo",
      "AWS::IAM::Role a-role",
      "AWS::IAM::Role b-role",
    ]);
    expect(Object.keys(report)).toEqual([...Object.keys(report)].sort());
    expect(Object.keys(report.resources[0] as object)).toEqual([
      "actions",
      "applied",
      "differences",
      "id",
      "status",
      "type",
    ]);
    expect(report.status).toBe("DRIFTED");
  });

  it("prints byte-identical JSON for equal inputs given in any order", () => {
    // Prepare
    const errors = [
      {
        resource: "echo",
        operation: "ecr:CreatePullThroughCacheRule",
        name: "LimitExceededException",
        message: "m",
        retryable: false,
      },
      {
        name: "AccessDeniedException",
        message: "n",
        retryable: false,
        operation: "iam:GetRole",
        resource: "a-role",
      },
    ];
    const one: ReportParts = {
      action: "reconcile",
      mode: "enforce",
      resources: [roleReport("b-role"), ruleReport, roleReport("a-role")],
      errors,
      writes: 2,
      upstream: { valid: true },
    };
    const other: ReportParts = {
      upstream: { valid: true },
      writes: 2,
      errors: [...errors]
        .reverse()
        .map((e) => Object.fromEntries(Object.entries(e).reverse()) as (typeof errors)[number]),
      resources: [roleReport("a-role"), roleReport("b-role"), { ...ruleReport }],
      mode: "enforce",
      action: "reconcile",
    };

    // Act
    const a = JSON.stringify(buildReport(one));
    const b = JSON.stringify(buildReport(other));

    // Assess
    expect(a).toBe(b);
    expect(JSON.parse(a).status).toBe("FAILED");
    expect(JSON.parse(a).errors.map((e: { resource: string }) => e.resource)).toEqual(["a-role", "echo"]);
  });

  it("says in a DEGRADED report's message that pulls fail, with ECR's reason, and keeps the fix in the resources", () => {
    // Act
    const report = buildReport({
      action: "reconcile",
      mode: "enforce",
      resources: [{ ...ruleReport, status: "REMEDIATED", applied: true }],
      errors: [],
      writes: 1,
      upstream: { valid: false, failure: "registry policy does not allow this account" },
    });

    // Assess
    expect(report.status).toBe("DEGRADED");
    expect(report.message).toMatch(/registry policy does not allow this account.*pulls fail/);
    expect(report.resources.map((x) => x.status)).toEqual(["REMEDIATED"]);
  });

  it("leaves out optional parts that are not given", () => {
    // Act
    const report = buildReport({
      action: "reconcile",
      mode: "enforce",
      resources: [],
      errors: [],
      writes: 0,
    });

    // Assess
    expect(Object.keys(report)).toEqual(["action", "errors", "mode", "resources", "status", "writes"]);
    expect(report.status).toBe("IN_SYNC");
  });
});

describe("reportStatus", () => {
  const r = (status: ResourceReport["status"], applied = false): ResourceReport => ({
    type: RESOURCE_TYPES.role,
    id: "x",
    status,
    differences: [],
    actions: [],
    applied,
  });
  const anError = { name: "AccessDeniedException", message: "no", retryable: false };
  const INVALID: UpstreamHealth = { valid: false, failure: "not authorized" };

  it.each([
    {
      reason: "any error fails the run",
      action: "reconcile",
      resources: [r("REMEDIATED", true)],
      errors: [anError],
      status: "FAILED",
    },
    {
      reason: "teardown reports DELETED",
      action: "delete",
      resources: [r("DELETED", true)],
      errors: [],
      status: "DELETED",
    },
    {
      reason: "a teardown that retains says so",
      action: "retain",
      resources: [r("RETAINED")],
      errors: [],
      status: "RETAINED",
    },
    {
      reason: "a fix applied this run is REMEDIATED",
      action: "reconcile",
      resources: [r("REMEDIATED", true)],
      errors: [],
      status: "REMEDIATED",
    },
    {
      reason: "drift left in place is DRIFTED",
      action: "reconcile",
      resources: [r("IN_SYNC"), r("DRIFTED")],
      errors: [],
      status: "DRIFTED",
    },
    {
      reason: "a conflict is drift the reconciler may not fix",
      action: "reconcile",
      resources: [r("CONFLICT")],
      errors: [],
      status: "DRIFTED",
    },
    {
      reason: "a missing resource in detect mode is drift",
      action: "reconcile",
      resources: [r("MISSING")],
      errors: [],
      status: "DRIFTED",
    },
    {
      reason: "nothing to do is IN_SYNC",
      action: "reconcile",
      resources: [r("IN_SYNC")],
      errors: [],
      status: "IN_SYNC",
    },
    {
      reason: "ECR cannot use the upstream although every resource is as configured (Echo's grant missing)",
      action: "reconcile",
      resources: [r("IN_SYNC")],
      errors: [],
      upstream: INVALID,
      status: "DEGRADED",
    },
    {
      reason:
        "a fix did not make the upstream usable: the cache is still broken, the fix shows in the resources",
      action: "reconcile",
      resources: [r("REMEDIATED", true)],
      errors: [],
      upstream: INVALID,
      status: "DEGRADED",
    },
    {
      reason: "drift is found while the upstream is unusable (a plan)",
      action: "plan",
      resources: [r("DRIFTED")],
      errors: [],
      upstream: INVALID,
      status: "DEGRADED",
    },
    {
      reason: "an error outranks a broken upstream",
      action: "reconcile",
      resources: [r("IN_SYNC")],
      errors: [anError],
      upstream: INVALID,
      status: "FAILED",
    },
    {
      reason: "a usable upstream changes nothing",
      action: "reconcile",
      resources: [r("REMEDIATED", true)],
      errors: [],
      upstream: { valid: true },
      status: "REMEDIATED",
    },
  ] as ReadonlyArray<{
    reason: string;
    action: RunAction;
    resources: ResourceReport[];
    errors: (typeof anError)[];
    upstream?: UpstreamHealth;
    status: string;
  }>)("is $status when $reason", ({ action, resources, errors, upstream, status }) => {
    // Act
    const result = reportStatus(action, resources, errors, upstream);

    // Assess
    expect(result).toBe(status);
  });
});

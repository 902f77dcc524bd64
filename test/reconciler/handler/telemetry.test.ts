import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { ENV, METRIC_DIMENSION, UNHEALTHY_CAUSES_KEY } from "../../../common/constants";
import type { Report } from "../../../common/types";
import { createHandler } from "../../../reconciler/handler";
import { logLevel } from "../../../reconciler/handler/telemetry";
import { createSimulatedClients, SimulatedAccount } from "../../../sim";
import { context, customResource, PARAM } from "./harness";

/** Runs the handler with real Powertools Logger and Metrics, and returns the JSON lines it wrote. */
async function captured(
  run: (h: ReturnType<typeof createHandler>, account: SimulatedAccount) => Promise<void>,
) {
  const account = new SimulatedAccount({ accountId: "111122223333", region: "eu-west-1" });
  account.seed("ssm", "PutParameter", {
    Name: PARAM,
    Value: JSON.stringify({ version: 1, sourceRegistryAccountId: "123456789012" }),
    Type: "String",
  });
  const lines: string[] = [];
  // Powertools writes info and EMF to stdout, warnings and errors to stderr: CloudWatch gets both.
  const capture = (chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split("\n").filter(Boolean));
    return true;
  };
  const spies = [
    jest.spyOn(process.stdout, "write").mockImplementation(capture),
    jest.spyOn(process.stderr, "write").mockImplementation(capture),
  ];
  try {
    const handler = createHandler({
      clients: () => createSimulatedClients(account),
      logger: new Logger({ serviceName: "echo-pullthrough-cache", logLevel: "INFO" }),
      metrics: new Metrics({ namespace: "EchoPullThroughCache", serviceName: "echo-pullthrough-cache" }),
      env: { [ENV.configParameterName]: PARAM, [ENV.ownerId]: "o", [ENV.cacheName]: "team-a-cache" },
      sleep: async () => {},
    });
    await run(handler, account);
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  const json = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    logs: json.filter((j) => !("_aws" in j)),
    emf: json.filter((j) => "_aws" in j),
  };
}

/** The one EMF blob's metrics by name, and its `UnhealthyCauses` property. */
function metricValues(emf: Record<string, unknown>[]): { metrics: Record<string, unknown>; causes: unknown } {
  expect(emf).toHaveLength(1);
  const blob = emf[0] as {
    _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
  } & Record<string, unknown>;
  const directive = blob._aws.CloudWatchMetrics[0];
  expect(directive?.Namespace).toBe("EchoPullThroughCache");
  expect(directive?.Dimensions.flat()).toContain(METRIC_DIMENSION);
  expect(blob[METRIC_DIMENSION]).toBe("team-a-cache");
  return {
    metrics: Object.fromEntries((directive?.Metrics ?? []).map((m) => [m.Name, blob[m.Name]])),
    causes: blob[UNHEALTHY_CAUSES_KEY],
  };
}

describe("CloudWatch output", () => {
  beforeAll(() => {
    process.env.POWERTOOLS_METRICS_DISABLED = "false";
  });
  afterAll(() => {
    process.env.POWERTOOLS_METRICS_DISABLED = "true";
  });

  it("an in-sync run logs one info line with no differences and emits no metrics", async () => {
    const { logs, emf } = await captured(async (h) => {
      await h(customResource("create"), context);
      await h({ action: "reconcile" }, context);
    });

    const last = logs.at(-1) as {
      level: string;
      message: string;
      report: { status: string; resources: { differences: unknown[] }[] };
    };
    expect(last.level).toBe("INFO");
    expect(last.message).toBe("reconcile IN_SYNC");
    expect(last.report.resources.every((r) => r.differences.length === 0)).toBe(true);
    // Neither run emits metrics: the create made what the deploy asked for (not drift), the next is in sync.
    expect(logs).toHaveLength(2);
    expect(emf).toEqual([]);
  });

  it("a drift run logs a warning with the differences and is unhealthy for the drift", async () => {
    const { logs, emf } = await captured(async (h, account) => {
      await h(customResource("create"), context);
      account.seed("iam", "AttachRolePolicy", {
        RoleName: "echo-pullthrough-cache-role",
        PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
      });
      await h({ action: "plan" }, context);
    });

    const last = logs.at(-1) as {
      level: string;
      report: { status: string; resources: { id: string; differences: { path: string }[] }[] };
    };
    expect(last.level).toBe("WARN");
    expect(last.report.status).toBe("DRIFTED");
    const role = last.report.resources.find((r) => r.id === "echo-pullthrough-cache-role");
    expect(role?.differences.map((d) => d.path)).toEqual([
      "ManagedPolicyArns[arn:aws:iam::aws:policy/AdministratorAccess]",
    ]);
    expect(metricValues(emf.slice(-1))).toEqual({ metrics: { Unhealthy: 1 }, causes: "DriftDetected=1" });
  });

  it("a failure logs an error naming the failed call and is unhealthy for it", async () => {
    const { logs, emf } = await captured(async (h, account) => {
      const denied = Object.assign(new Error("User is not authorized to perform: iam:GetRole"), {
        name: "AccessDenied",
        $metadata: { httpStatusCode: 403 },
      });
      account.failNext("iam", "GetRole", denied);
      await h({ action: "reconcile" }, context);
    });

    const last = logs.at(-1) as {
      level: string;
      report: { status: string; errors: { operation: string; name: string }[] };
    };
    expect(last.level).toBe("ERROR");
    expect(last.report.status).toBe("FAILED");
    expect(last.report.errors).toContainEqual(
      expect.objectContaining({ operation: "iam:GetRole", name: "AccessDenied" }),
    );
    // The role could not be read, so the rule that needs it waits: missing, which is drift too.
    const { metrics, causes } = metricValues(emf);
    expect(String(causes).split(",")).toEqual(["DriftDetected=1", "ReconcileErrors=1"]);
    expect(metrics).toEqual({ Unhealthy: 2 });
  });

  it("a scheduled run that repairs out-of-band drift counts the drift once, and tells the remediation", async () => {
    const { emf } = await captured(async (h, account) => {
      await h(customResource("create"), context);
      account.seed("ecr", "DeletePullThroughCacheRule", { ecrRepositoryPrefix: "echo" });
      await h({ action: "reconcile", trigger: "schedule" }, context);
    });

    expect(metricValues(emf)).toEqual({
      metrics: { Unhealthy: 1 },
      causes: "DriftDetected=1,DriftRemediated=1",
    });
  });

  it("an invalid config is unhealthy for ConfigInvalid, not ReconcileErrors", async () => {
    const { emf } = await captured(async (h, account) => {
      account.seed("ssm", "PutParameter", {
        Name: PARAM,
        Value: "{not json",
        Type: "String",
        Overwrite: true,
      });
      await h({ action: "reconcile" }, context);
    });

    expect(metricValues(emf)).toEqual({ metrics: { Unhealthy: 1 }, causes: "ConfigInvalid=1" });
  });

  it("a run that cannot start is unhealthy for ReconcileErrors, and still fails", async () => {
    let thrown: unknown;
    const { logs, emf } = await captured(async (h) => {
      await h({ unexpected: true }, context).catch((e: unknown) => {
        thrown = e;
      });
    });

    expect((thrown as Error).name).toBe("UnknownEvent");
    expect(logs.at(-1)).toEqual(expect.objectContaining({ level: "ERROR", message: "reconcile not run" }));
    expect(metricValues(emf)).toEqual({ metrics: { Unhealthy: 1 }, causes: "ReconcileErrors=1" });
  });

  it("a run still going near the Lambda timeout says so first: an error line and Unhealthy for TimedOut", async () => {
    // 5,030 ms left: the watchdog speaks 5 s before the deadline, 30 ms into a run that takes 200 ms.
    const nearDeadline = { ...context, getRemainingTimeInMillis: () => 5_030 };
    const { logs, emf } = await captured(async (h, account) => {
      await h(customResource("create"), context);
      account.latencyMs = 100;
      await h({ action: "reconcile" }, nearDeadline);
    });

    expect(logs.map((l) => l.message).slice(-2)).toEqual(["reconcile timing out", "reconcile IN_SYNC"]);
    expect(logs.at(-2)?.level).toBe("ERROR");
    expect(metricValues(emf)).toEqual({ metrics: { Unhealthy: 1 }, causes: "TimedOut=1" });
  });

  it("a run that ends in time leaves no watchdog to fire in a later invocation", async () => {
    const soon = { ...context, getRemainingTimeInMillis: () => 6_000 };
    const { logs, emf } = await captured(async (h) => {
      await h(customResource("create"), context);
      await h({ action: "reconcile" }, soon);
      await new Promise((r) => setTimeout(r, 1_200)); // past where its watchdog would have fired
    });

    expect(logs.map((l) => l.message)).not.toContain("reconcile timing out");
    expect(emf).toEqual([]);
  });
});

describe("the log level of a run", () => {
  const report = (status: Report["status"]): Report => ({
    status,
    mode: "enforce",
    action: "reconcile",
    resources: [],
    errors: [],
    writes: 0,
  });

  it.each<{ reason: string; status: Report["status"]; intended: boolean; level: string }>([
    { reason: "a failed run is an error", status: "FAILED", intended: false, level: "error" },
    { reason: "an invalid config is an error", status: "INVALID_CONFIG", intended: true, level: "error" },
    {
      reason: "a cache ECR cannot use is a warning, even at deploy",
      status: "DEGRADED",
      intended: true,
      level: "warn",
    },
    { reason: "drift left in place is a warning", status: "DRIFTED", intended: false, level: "warn" },
    {
      reason: "drift fixed by a scheduled run is a warning",
      status: "REMEDIATED",
      intended: false,
      level: "warn",
    },
    {
      reason: "a deploy that made what it was asked is no drift",
      status: "REMEDIATED",
      intended: true,
      level: "info",
    },
    { reason: "in sync is info", status: "IN_SYNC", intended: false, level: "info" },
    { reason: "paused is info", status: "PAUSED", intended: false, level: "info" },
    { reason: "a teardown is info", status: "DELETED", intended: true, level: "info" },
  ])("$reason", ({ status, intended, level }) => {
    // Act
    const result = logLevel(report(status), intended);

    // Assess
    expect(result).toBe(level);
  });

  it("logs a run that found Echo's grant missing as a WARN line saying DEGRADED", async () => {
    // Act
    const { logs } = await captured(async (h, account) => {
      await h(customResource("create"), context);
      account.deniedUpstreams.add("123456789012.dkr.ecr.us-east-1.amazonaws.com");
      await h({ action: "reconcile", trigger: "schedule" }, context);
    });

    // Assess
    expect(logs.map((l) => [l.level, l.message])).toEqual([
      ["INFO", "reconcile REMEDIATED"],
      ["WARN", "reconcile DEGRADED"],
    ]);
  });
});

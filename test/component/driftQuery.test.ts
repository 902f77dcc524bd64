import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { ENV, MAX_USER_TAGS } from "../../common/constants";
import type { Report } from "../../common/types";
import { driftQuery } from "../../component/logQueries";
import { createHandler } from "../../reconciler/handler";
import { createSimulatedClients, SimulatedAccount } from "../../sim";
import { context, customResource, PARAM } from "../reconciler/handler/harness";
import { DISCOVERED_FIELDS_MAX, discovered, flattened, type LogEvent, runQuery } from "./logsInsights";

/** Tags a tag policy asks for: the forty-nine IAM leaves us beside the ownership tag. */
const TAGS = Object.fromEntries(
  Array.from({ length: MAX_USER_TAGS }, (_, i) => [`cost-centre-${i}`, `cc-${i}`]),
);
const BASE = {
  version: 1,
  sourceRegistryAccountId: "123456789012",
  tags: TAGS,
  repositoryTemplate: { imageTagMutability: "IMMUTABLE", keepLastImages: 50 },
};
const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
const ROLE = "echo-pullthrough-cache-role";
const INLINE = "echo-pullthrough-cache-upstream-access";
const WIDE = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "ecr:*", Resource: "*" }],
});

/**
 * The log group of a cache's first hour, as CloudWatch holds it: every line the real handler writes through
 * Powertools (reports, EMF metrics, a run that never started), one second apart.
 */
async function logGroup(): Promise<LogEvent[]> {
  const account = new SimulatedAccount({ accountId: "111122223333", region: "eu-west-1" });
  const put = (config: unknown) =>
    account.seed("ssm", "PutParameter", {
      Name: PARAM,
      Value: JSON.stringify(config),
      Type: "String",
      Overwrite: true,
    });
  put(BASE);
  const lines: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split("\n").filter(Boolean));
    return true;
  };
  const spies = [
    jest.spyOn(process.stdout, "write").mockImplementation(capture),
    jest.spyOn(process.stderr, "write").mockImplementation(capture),
  ];
  process.env.POWERTOOLS_METRICS_DISABLED = "false";
  try {
    const handler = createHandler({
      clients: () => createSimulatedClients(account),
      logger: new Logger({ serviceName: "echo-pullthrough-cache", logLevel: "INFO" }),
      metrics: new Metrics({ namespace: "EchoPullThroughCache", serviceName: "echo-pullthrough-cache" }),
      env: {
        [ENV.configParameterName]: PARAM,
        [ENV.ownerId]: "p/s/echo-cache",
        [ENV.cacheName]: "echo-cache",
      },
      sleep: async () => {},
    });
    await handler(customResource("create"), context);
    await handler({ action: "reconcile", trigger: "schedule" }, context);
    // Someone strips the role's tags, widens its policy and attaches an admin policy: one difference per tag.
    account.seed("iam", "UntagRole", { RoleName: ROLE, TagKeys: Object.keys(TAGS) });
    account.seed("iam", "PutRolePolicy", { RoleName: ROLE, PolicyName: INLINE, PolicyDocument: WIDE });
    account.seed("iam", "AttachRolePolicy", { RoleName: ROLE, PolicyArn: ADMIN });
    await handler({ action: "plan" }, context);
    // A prefix edit in detect mode: three resources to create, three stale ones to remove, none fixed.
    put({ ...BASE, mode: "detect", repositoryPrefix: "team-a" });
    await handler({ action: "reconcile" }, context);
    await handler({ unexpected: true }, context).catch(() => undefined);
  } finally {
    process.env.POWERTOOLS_METRICS_DISABLED = "true";
    for (const spy of spies) spy.mockRestore();
  }
  return lines.map((message, i) => ({ timestamp: 1_700_000_000_000 + i * 1000, message }));
}

/** What the query must list: every resource not in sync of every report line, newest first. */
function notInSync(events: readonly LogEvent[]) {
  return events
    .flatMap((e) => {
      const line = JSON.parse(e.message) as { message?: string; report?: Report };
      return (line.report?.resources ?? [])
        .filter((r) => r.status !== "IN_SYNC")
        .map((r) => ({ at: e.timestamp, message: line.message, type: r.type, id: r.id, status: r.status }));
    })
    .sort((a, b) => b.at - a.at);
}

describe("the dashboard's drift query, run over the lines the handler logs", () => {
  let events: LogEvent[];
  beforeAll(async () => {
    events = await logGroup();
  });

  it("lists every resource not in sync, one row each, newest first, and nothing in sync", () => {
    // Act
    const rows = runQuery(driftQuery("/echo-ptc/p/s/echo-cache"), events);

    // Assess
    expect(
      rows.map((r) => ({
        at: r["@timestamp"],
        message: r["line.message"],
        type: r["resource.type"],
        id: r["resource.id"],
        status: r["resource.status"],
      })),
    ).toEqual(notInSync(events));
    expect(
      rows
        .filter((r) => r["line.message"] === "reconcile DRIFTED")
        .map((r) => [r["resource.id"], r["resource.status"]])
        .sort(),
    ).toEqual(
      expect.arrayContaining([
        ["team-a", "MISSING"],
        ["team-a-pullthrough-cache-role", "MISSING"],
        ["echo", "STALE"],
        ["echo-pullthrough-cache-role", "STALE"],
        ["echo-pullthrough-cache-role", "DRIFTED"],
      ]),
    );
    expect(rows.some((r) => r["resource.status"] === "IN_SYNC")).toBe(false);
  });

  it("lists a run with more resources than a table of indexed columns would hold", () => {
    // Act
    const rows = runQuery(driftQuery("/g"), events);

    // Assess: the detect run's six resources (role, rule and template, new and old) all appear.
    const renamed = rows.filter(
      (r) => r["line.report.action"] === "reconcile" && r["line.message"] === "reconcile DRIFTED",
    );
    expect(renamed).toHaveLength(6);
  });

  it("needs no field Logs Insights might not extract: a big report's status falls past the 200 discovered", () => {
    // Prepare: the plan's line (forty tag differences), whose sorted keys put `status` after every resource.
    const big = events.find((e) => flattened(JSON.parse(e.message)).length > DISCOVERED_FIELDS_MAX);

    // Act
    const fields = discovered(big as LogEvent);
    const rows = runQuery(driftQuery("/g"), [big as LogEvent]);

    // Assess
    expect(fields).not.toHaveProperty(["report.status"]);
    expect(rows.length).toBe(notInSync([big as LogEvent]).length);
    expect(rows.length).toBeGreaterThan(0);
  });

  it("lists nothing for lines that carry no report: metrics, and a run that never started", () => {
    // Prepare
    const others = events.filter((e) => !("report" in JSON.parse(e.message)));

    // Act
    const rows = runQuery(driftQuery("/g"), others);

    // Assess
    expect(others.some((e) => e.message.includes('"_aws"'))).toBe(true);
    expect(others.some((e) => e.message.includes('"reconcile not run"'))).toBe(true);
    expect(rows).toEqual([]);
  });

  it("would miss resources with the query the README used to show (indexed fields of the first resource only)", () => {
    // Prepare
    const old = [
      "fields @timestamp, report.status, report.action, report.resources.0.id, report.resources.0.status, report.resources.0.differences.0.path",
      'filter report.status != "IN_SYNC"',
      "sort @timestamp desc",
      "limit 50",
    ].join("\n| ");

    // Act
    const listed = runQuery(old, events).map((r) => r["report.resources.0.id"]);

    // Assess
    expect(listed.length).toBeLessThan(notInSync(events).length);
  });
});

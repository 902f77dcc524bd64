import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parseConfigText } from "../../common/config/schema";
import { CUSTOM_RESOURCE_SOURCE } from "../../common/constants";
import { configHash, configParameterValue } from "../../component/configDocument";
import { PACKAGE_NAME } from "../../component/constants";
import { invocationInput, parseInvocationResult, reportOutputs } from "../../component/invocation";
import { lambdaBundlePath, packageRoot } from "../../component/lambdaBundle";
import {
  configParameterName,
  dashboardName,
  logGroupName,
  ownerId,
  ownerIdErrors,
  roleArn,
  stateParameterArn,
  stateParameterName,
} from "../../component/naming";
import {
  alarmPeriodSeconds,
  configChangeEventPattern,
  configParameterOptions,
  durationText,
  heartbeatPeriodSeconds,
  lambdaEnvironment,
  metricDimensions,
} from "../../component/resourceSettings";
import { resolvedArgs } from "./resolvedArgs";

const ID = { project: "platform", stack: "prod", name: "echo-cache" };

describe("naming", () => {
  it("derives the owner id and every chosen name from project, stack and name", () => {
    expect(ownerId(ID)).toBe("platform/prod/echo-cache");
    expect(configParameterName(ID)).toBe("/echo-ptc/platform/prod/echo-cache/config");
    expect(stateParameterName(configParameterName(ID))).toBe(
      "/echo-ptc/platform/prod/echo-cache/config.state",
    );
    expect(logGroupName(ID)).toBe("/echo-ptc/platform/prod/echo-cache");
  });

  it("gives different names to different stacks and names", () => {
    const names = [ID, { ...ID, stack: "dev" }, { ...ID, name: "other" }, { ...ID, project: "p2" }].map(
      configParameterName,
    );

    expect(new Set(names).size).toBe(4);
  });

  it("derives the state parameter ARN from the config parameter ARN", () => {
    expect(stateParameterArn("arn:aws:ssm:eu-west-1:111111111111:parameter/echo-ptc/p/s/n/config")).toBe(
      "arn:aws:ssm:eu-west-1:111111111111:parameter/echo-ptc/p/s/n/config.state",
    );
  });

  it("builds role ARNs with their path", () => {
    expect(roleArn({ partition: "aws", accountId: "111111111111", path: "/", name: "r" })).toBe(
      "arn:aws:iam::111111111111:role/r",
    );
    expect(roleArn({ partition: "aws", accountId: "111111111111", path: "/a/b/", name: "r" })).toBe(
      "arn:aws:iam::111111111111:role/a/b/r",
    );
  });

  it("names the dashboard after the owner id, in the characters dashboard names allow", () => {
    const name = dashboardName(ID);

    expect(name).toMatch(/^echo-ptc_platform_prod_echo-cache_[0-9a-f]{8}$/);
    expect(dashboardName({ ...ID, project: "my.project" })).toMatch(
      /^echo-ptc_my_project_prod_echo-cache_[0-9a-f]{8}$/,
    );
  });

  it.each([
    { reason: "two instances in one stack differ by name", a: ID, b: { ...ID, name: "other" } },
    { reason: "one instance in two stacks differs by stack", a: ID, b: { ...ID, stack: "dev" } },
    { reason: "one instance in two projects differs by project", a: ID, b: { ...ID, project: "p2" } },
    {
      reason: "owner ids that read the same once '/' and '.' become '_' still differ by their hash",
      a: { project: "a_b", stack: "c", name: "n" },
      b: { project: "a", stack: "b_c", name: "n" },
    },
    { reason: "'.' and '_' differ", a: { ...ID, name: "team.a" }, b: { ...ID, name: "team_a" } },
  ])("gives distinct dashboard names: $reason", ({ a, b }) => {
    expect(dashboardName(a)).not.toBe(dashboardName(b));
  });

  it("keeps the longest owner id's dashboard name within 255 characters, cutting the readable part, not the hash", () => {
    // Pulumi allows 100-character project and stack names; the component name is at most 40.
    const long = { project: "p".repeat(100), stack: "s".repeat(100), name: "n".repeat(40) };
    const other = { ...long, name: `${"n".repeat(39)}m` };

    expect(dashboardName(long)).toHaveLength(255);
    expect(dashboardName(long)).toMatch(/^[A-Za-z0-9_-]+_[0-9a-f]{8}$/);
    expect(dashboardName(long)).not.toBe(dashboardName(other));
  });

  it("accepts Pulumi project/stack names as an IAM tag value and rejects too long or foreign characters", () => {
    expect(ownerIdErrors(ownerId(ID))).toEqual([]);
    expect(ownerIdErrors("p".repeat(257))).toHaveLength(1);
    expect(ownerIdErrors("p/s/n#1")).toHaveLength(1);
  });
});

describe("configParameterValue and configHash", () => {
  const config = resolvedArgs({ sourceRegistryAccountId: "123456789012", tags: { b: "2", a: "1" } }).config;

  it("writes a document the Lambda's schema reads back unchanged", () => {
    expect(parseConfigText(configParameterValue(config))).toEqual({ ok: true, config });
  });

  it("does not depend on the order the args listed tags in", () => {
    const reordered = resolvedArgs({
      sourceRegistryAccountId: "123456789012",
      tags: { a: "1", b: "2" },
    }).config;

    expect(configParameterValue(reordered)).toBe(configParameterValue(config));
    expect(configHash(reordered)).toBe(configHash(config));
  });

  it("changes the hash when a field changes", () => {
    expect(configHash({ ...config, mode: "detect" })).not.toBe(configHash(config));
  });
});

describe("invocationInput", () => {
  it("serialises source, deletion policy and deployment id, omitting an absent config hash", () => {
    expect(
      JSON.parse(
        invocationInput({ source: CUSTOM_RESOURCE_SOURCE, deletionPolicy: "retain", deploymentId: "arn:fn" }),
      ),
    ).toEqual({ source: CUSTOM_RESOURCE_SOURCE, deletionPolicy: "retain", deploymentId: "arn:fn" });
  });

  it("includes the config hash when given", () => {
    expect(
      JSON.parse(
        invocationInput({
          source: CUSTOM_RESOURCE_SOURCE,
          deletionPolicy: "delete",
          deploymentId: "arn:fn",
          configHash: "abc",
        }),
      ).configHash,
    ).toBe("abc");
  });
});

describe("parseInvocationResult and reportOutputs", () => {
  it.each([undefined, "", "not json", "null", "[1]", '"IN_SYNC"'])("gives undefined for %j", (result) => {
    expect(parseInvocationResult(result)).toBeUndefined();
    expect(reportOutputs(result)).toBeUndefined();
  });

  it("reads the report and its outputs", () => {
    const outputs = { roleArn: "arn:role", cachePrefix: "echo" };
    const result = JSON.stringify({ status: "REMEDIATED", outputs });

    expect(parseInvocationResult(result)?.status).toBe("REMEDIATED");
    expect(reportOutputs(result)).toEqual(outputs);
  });

  it("gives undefined outputs for a report without them", () => {
    expect(reportOutputs(JSON.stringify({ status: "PAUSED" }))).toBeUndefined();
  });
});

describe("resource settings", () => {
  it("ignores value changes only when SSM owns the config", () => {
    expect(configParameterOptions("ssm")).toEqual({ ignoreChanges: ["value"] });
    expect(configParameterOptions("pulumi")).toEqual({});
  });

  it("matches edits of exactly one parameter", () => {
    expect(configChangeEventPattern("/a/config")).toEqual({
      source: ["aws.ssm"],
      "detail-type": ["Parameter Store Change"],
      detail: { name: ["/a/config"] },
    });
  });

  it("names the state parameter after the config parameter in the environment", () => {
    expect(lambdaEnvironment({ configParameterName: "/a/config", ownerId: "p/s/n", cacheName: "n" })).toEqual(
      {
        CONFIG_PARAMETER_NAME: "/a/config",
        STATE_PARAMETER_NAME: "/a/config.state",
        OWNER_ID: "p/s/n",
        CACHE_NAME: "n",
        POWERTOOLS_SERVICE_NAME: "echo-pullthrough-cache",
        POWERTOOLS_METRICS_NAMESPACE: "EchoPullThroughCache",
      },
    );
  });

  it("lets the Lambda honour adopt only when the args allowed it", () => {
    const base = { configParameterName: "/a/config", ownerId: "p/s/n", cacheName: "n" };

    expect(lambdaEnvironment({ ...base, allowAdopt: true }).ALLOW_ADOPT).toBe("true");
    expect(lambdaEnvironment({ ...base, allowAdopt: false })).not.toHaveProperty("ALLOW_ADOPT");
  });

  it("adds Powertools' service dimension to the cache name", () => {
    expect(metricDimensions("n")).toEqual({ service: "echo-pullthrough-cache", CacheName: "n" });
  });

  it.each([
    [60, 60],
    [900, 900],
    [30, 60],
    [7 * 86_400, 86_400],
    [undefined, 3600],
  ])(
    "uses an alarm period of one schedule interval within CloudWatch's range: %s s → %s s",
    (interval, period) => {
      expect(alarmPeriodSeconds(interval)).toBe(period);
    },
  );

  it.each([
    { reason: "the default 15-minute schedule: one interval", interval: 900, period: 900 },
    { reason: "an hourly schedule", interval: 3600, period: 3600 },
    { reason: "a daily schedule, the longest CloudWatch period", interval: 86_400, period: 86_400 },
    { reason: "a 1-minute schedule waits at least the Lambda timeout per period", interval: 60, period: 300 },
    {
      reason: "a 2-day schedule would leave whole 1-day periods empty",
      interval: 2 * 86_400,
      period: undefined,
    },
    { reason: "a cron schedule has no fixed interval", interval: undefined, period: undefined },
  ])("heartbeat period: $reason", ({ interval, period }) => {
    expect(heartbeatPeriodSeconds(interval)).toBe(period);
  });

  it("keeps every heartbeat window within CloudWatch's evaluation range", () => {
    for (let minutes = 1; minutes <= 1440; minutes++) {
      const period = heartbeatPeriodSeconds(minutes * 60);
      if (period === undefined) throw new Error(`no heartbeat for ${minutes} minutes`);

      // PutMetricAlarm: Period × EvaluationPeriods ≤ 1 day under an hour's period, ≤ 7 days otherwise.
      expect(period % 60).toBe(0);
      expect(period * 3).toBeLessThanOrEqual(period < 3600 ? 86_400 : 604_800);
    }
  });

  it.each([
    [2700, "45 minutes"],
    [3600, "60 minutes"],
    [10_800, "3 hours"],
    [259_200, "3 days"],
    [90, "90 seconds"],
  ])("writes %s s as %s", (seconds, text) => {
    expect(durationText(seconds)).toBe(text);
  });
});

describe("lambdaBundlePath", () => {
  it("finds dist/lambda/index.js at this package's root from the TypeScript sources", () => {
    const root = path.resolve(__dirname, "..", "..");

    expect(packageRoot(path.join(root, "infra"))).toBe(root);
    expect(lambdaBundlePath(path.join(root, "infra"))).toBe(path.join(root, "dist", "lambda", "index.js"));
  });

  it("finds the package root from the published layout, skipping unrelated package.json files", () => {
    const installed = mkdtempSync(path.join(tmpdir(), "ptc-"));
    writeFileSync(path.join(installed, "package.json"), JSON.stringify({ name: PACKAGE_NAME }));
    mkdirSync(path.join(installed, "dist", "lib", "infra"), { recursive: true });
    writeFileSync(path.join(installed, "dist", "package.json"), JSON.stringify({ name: "something-else" }));

    expect(lambdaBundlePath(path.join(installed, "dist", "lib", "infra"))).toBe(
      path.join(installed, "dist", "lambda", "index.js"),
    );
  });

  it("fails clearly when the package root cannot be found", () => {
    expect(() => packageRoot(tmpdir())).toThrow(PACKAGE_NAME);
  });
});

describe("component import closure", () => {
  // The published package ships dist/lib/component and dist/lib/common; the component must not pull
  // in the handler, the SDK clients, or test-only (AGPL) tooling. Relative imports are resolved to
  // paths from the package root, so a module in component/build/ is held to the same list.
  const root = path.resolve(__dirname, "..", "..");
  const allowed = [
    /^component\/[A-Za-z/]+$/,
    /^common\/config\/schema$/,
    /^common\/(calls|constants|names|json|policyDocument|types)$/,
    /^@pulumi\/(pulumi|aws)$/,
    /^node:(crypto|fs|path)$/,
  ];
  const fromRoot = (file: string, specifier: string): string =>
    specifier.startsWith(".")
      ? path
          .relative(root, path.resolve(path.dirname(file), specifier))
          .split(path.sep)
          .join("/")
      : specifier;

  it("imports only the component, the shared modules, Pulumi and Node built-ins", () => {
    const dir = path.join(root, "component");
    const specifiers = readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts"))
      .map((f) => path.join(dir, f))
      .flatMap((file) =>
        [...readFileSync(file, "utf8").matchAll(/^(?:import|export)\b[^;]*?from "([^"]+)"/gms)].map((m) =>
          fromRoot(file, m[1] ?? ""),
        ),
      );

    expect(specifiers.length).toBeGreaterThan(0);
    expect(specifiers).toContain("component/build/context");
    expect(specifiers.filter((s) => !allowed.some((a) => a.test(s)))).toEqual([]);
  });
});

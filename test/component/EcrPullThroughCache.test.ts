import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_METRICS_NAMESPACE, ENV, METRIC_DIMENSION } from "../../common/constants";
import {
  createEcrPullThroughCache,
  EcrPullThroughCache,
  type EcrPullThroughCacheArgs,
  EcrPullThroughCacheArgsError,
} from "../../component";
import { COMPONENT_TYPE } from "../../component/constants";
import { BASIC, type Built, componentFixture, ECHO_ACCOUNT, PARAM, physical } from "./componentFixture";
import { promiseOf, type RecordedResource } from "./pulumiHarness";

const fixture = componentFixture();

describe("EcrPullThroughCache resources", () => {
  // One component with the seed's args, built once: the tests below only read what it registered.
  let basic: Built;
  let registered: RecordedResource[];
  beforeAll(async () => {
    fixture.harness.reset();
    basic = await fixture.build("echo-cache", BASIC);
    registered = [...fixture.harness.resources];
  });

  it("registers only the reconciler, every child parented to the component", () => {
    const b = basic;

    // Assess: the component itself, then exactly these children, all with the component as parent.
    expect(b.all.find((r) => r.urn === b.urn)?.type).toBe(COMPONENT_TYPE);
    expect(b.children.map((r) => r.type).sort()).toEqual(
      [
        "aws:cloudwatch/eventRule:EventRule",
        "aws:cloudwatch/eventTarget:EventTarget",
        "aws:cloudwatch/logGroup:LogGroup",
        // Unhealthy and the heartbeat; no dashboard unless asked
        "aws:cloudwatch/metricAlarm:MetricAlarm",
        "aws:cloudwatch/metricAlarm:MetricAlarm",
        "aws:iam/role:Role",
        "aws:iam/role:Role",
        "aws:iam/rolePolicy:RolePolicy",
        "aws:iam/rolePolicy:RolePolicy",
        "aws:lambda/function:Function",
        "aws:lambda/invocation:Invocation",
        "aws:lambda/permission:Permission",
        "aws:scheduler/schedule:Schedule",
        "aws:ssm/parameter:Parameter",
      ].sort(),
    );
    // Nothing registered outside the component (no stray resource without a parent).
    expect(registered.filter((r) => r.urn !== b.urn && r.parent !== b.urn)).toEqual([]);
    // The ECR role and the rule belong to the Lambda, never to Pulumi.
    expect(registered.filter((r) => r.type.startsWith("aws:ecr/"))).toEqual([]);
  });

  it("creates a dashboard only when the args ask for one, and names it in the outputs then", async () => {
    const withDashboard = await fixture.build("with-dashboard", { ...BASIC, dashboard: true });

    expect(basic.many("aws:cloudwatch/dashboard:Dashboard")).toEqual([]);
    expect(await promiseOf(basic.component.dashboardName)).toBeUndefined();
    expect(await promiseOf(basic.component.usageInstructions)).not.toContain("Dashboard:");
    const dashboard = withDashboard.one("aws:cloudwatch/dashboard:Dashboard");
    expect(withDashboard.children.length).toBe(basic.children.length + 1);
    expect(await promiseOf(withDashboard.component.dashboardName)).toBe(physical(dashboard));
  });

  it("derives every child's logical name from the component name", async () => {
    const b = basic;

    for (const child of b.children) expect(child.name.startsWith("echo-cache-")).toBe(true);
  });
});

describe("createEcrPullThroughCache", () => {
  it("works through createEcrPullThroughCache", async () => {
    const c = createEcrPullThroughCache("echo-cache", BASIC);

    expect(c).toBeInstanceOf(EcrPullThroughCache);
    expect(await promiseOf(c.configParameterName)).toBe(PARAM);
  });
});

describe("two EcrPullThroughCache instances in one stack", () => {
  it("share no physical name, owner id or metric dimension", async () => {
    const a = await fixture.build("team-a", { ...BASIC, repositoryPrefix: "team-a" });
    const b = await fixture.build("team-b", { ...BASIC, repositoryPrefix: "team-b" });

    // Explicit physical names are distinct; autonamed resources derive from distinct logical names.
    const names = [...a.children, ...b.children]
      .filter((r) => r.custom)
      .map((r) => `${r.type} ${physical(r)}`);
    expect(new Set(names).size).toBe(names.length);
    const explicit = [...a.children, ...b.children].filter((r) => r.inputs.name !== undefined);
    expect(explicit.length).toBe(6); // parameter, log group and function of each
    const envOf = (x: Built) => x.one("aws:lambda/function:Function").inputs.environment.variables;
    for (const key of [ENV.configParameterName, ENV.stateParameterName, ENV.ownerId, ENV.cacheName]) {
      expect(envOf(a)[key]).not.toBe(envOf(b)[key]);
    }
    const dims = (x: Built) =>
      x
        .many("aws:cloudwatch/metricAlarm:MetricAlarm")
        .filter((m) => m.inputs.namespace === DEFAULT_METRICS_NAMESPACE)
        .map((m) => m.inputs.dimensions[METRIC_DIMENSION]);
    expect(new Set([...dims(a), ...dims(b)])).toEqual(new Set(["team-a", "team-b"]));
    const fnDims = (x: Built) =>
      x
        .many("aws:cloudwatch/metricAlarm:MetricAlarm")
        .filter((m) => m.inputs.namespace === "AWS/Lambda")
        .map((m) => m.inputs.dimensions.FunctionName);
    expect(new Set(fnDims(a))).toEqual(new Set([physical(a.one("aws:lambda/function:Function"))]));
    expect(new Set(fnDims(b))).toEqual(new Set([physical(b.one("aws:lambda/function:Function"))]));
  });
});

describe("invalid EcrPullThroughCache args", () => {
  const cases: ReadonlyArray<{ reason: string; name?: string; args: EcrPullThroughCacheArgs; path: string }> =
    [
      {
        reason: "an 11-digit account id is not an AWS account",
        args: { sourceRegistryAccountId: "12345678901" },
        path: "sourceRegistryAccountId",
      },
      {
        reason: "ECR prefixes are lowercase",
        args: { ...BASIC, repositoryPrefix: "Echo" },
        path: "repositoryPrefix",
      },
      {
        reason: "the schedule must be rate() or cron()",
        args: { ...BASIC, schedule: "every 5 minutes" },
        path: "schedule",
      },
      {
        reason: "rate(1 minutes) is rejected by Scheduler",
        args: { ...BASIC, schedule: "rate(1 minutes)" },
        path: "schedule",
      },
      {
        reason: "CloudWatch has no 10-day retention",
        args: { ...BASIC, logRetentionInDays: 10 },
        path: "logRetentionInDays",
      },
      { reason: "the name prefixes AWS names", name: "bad name!", args: BASIC, path: "name" },
      {
        reason: "the schedule decides which alarms exist, so an Output is refused",
        args: { ...BASIC, schedule: pulumi.output("rate(1 hour)") as unknown as string },
        path: "schedule",
      },
      {
        reason: "a misspelt argument is an error, not ignored",
        args: { ...BASIC, repositoryPrefx: "team" } as EcrPullThroughCacheArgs,
        path: "repositoryPrefx",
      },
      {
        reason: "a known value beside an Output is checked before anything is created",
        args: { sourceRegistryAccountId: pulumi.secret(ECHO_ACCOUNT), repositoryPrefix: "Echo" },
        path: "repositoryPrefix",
      },
      { reason: "unknown modes are rejected", args: { ...BASIC, mode: "fix" as never }, path: "mode" },
    ];

  it.each(cases)("throws before registering anything: $reason", async ({ name, args, path }) => {
    let error: unknown;
    try {
      new EcrPullThroughCache(name ?? "echo-cache", args);
    } catch (e) {
      error = e;
    }
    await fixture.harness.settle();

    expect(error).toBeInstanceOf(EcrPullThroughCacheArgsError);
    expect((error as EcrPullThroughCacheArgsError).name).toBe("EcrPullThroughCacheArgsError");
    expect((error as EcrPullThroughCacheArgsError).componentName).toBe(name ?? "echo-cache");
    expect((error as EcrPullThroughCacheArgsError).message).toContain(
      `EcrPullThroughCache '${name ?? "echo-cache"}'`,
    );
    expect((error as EcrPullThroughCacheArgsError).errors.some((e) => e.startsWith(`${path}: `))).toBe(true);
    expect(fixture.harness.resources).toEqual([]);
  });

  it("lists every problem at once", () => {
    let error: unknown;
    try {
      new EcrPullThroughCache("echo-cache", {
        sourceRegistryAccountId: "1",
        repositoryPrefix: "A",
        schedule: "hourly",
        logRetentionInDays: 2,
        lambdaMemorySize: 64,
      });
    } catch (e) {
      error = e;
    }

    const paths = (error as EcrPullThroughCacheArgsError).errors.map((e) => e.split(":")[0]);
    expect(paths).toEqual(
      expect.arrayContaining([
        "sourceRegistryAccountId",
        "repositoryPrefix",
        "schedule",
        "logRetentionInDays",
        "lambdaMemorySize",
      ]),
    );
  });

  it.each([
    { reason: "spaces", name: "echo cache" },
    { reason: "a slash", name: "team/echo" },
    { reason: "a leading dash", name: "-echo" },
  ])(
    "reports a bad component name ($reason) as the name, not as the owner id derived from it",
    ({ name }) => {
      let error: unknown;
      try {
        new EcrPullThroughCache(name, BASIC);
      } catch (e) {
        error = e;
      }

      const paths = (error as EcrPullThroughCacheArgsError).errors.map((e) => e.split(":")[0]);
      expect(new Set(paths)).toEqual(new Set(["name"]));
    },
  );

  it("would have seen registrations: the same wait records a valid component's resources", async () => {
    new EcrPullThroughCache("echo-cache", BASIC);
    await fixture.harness.settle();

    expect(fixture.harness.resources.length).toBeGreaterThan(0);
  });
});

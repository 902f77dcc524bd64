import * as pulumi from "@pulumi/pulumi";
import { parseConfig } from "../../common/config/schema";
import type { EcrPullThroughCacheArgs } from "../../component";
import { configParameterValue } from "../../component/configDocument";
import { CONFIG_SCHEMA_REF } from "../../component/constants";
import type { EcrPullThroughCacheArgValues } from "../../component/types";
import {
  componentNameErrors,
  knownArgsErrors,
  scheduleError,
  scheduleIntervalSeconds,
  validateArgs,
} from "../../component/validateArgs";
import { resolvedArgs } from "./resolvedArgs";

const BASIC: EcrPullThroughCacheArgValues = { sourceRegistryAccountId: "123456789012" };

function errorsOf(args: EcrPullThroughCacheArgValues, name?: string): readonly string[] {
  const result = validateArgs(args, name);
  return result.ok ? [] : result.errors;
}

describe("validateArgs", () => {
  it("applies the seed's defaults through the Lambda's schema", () => {
    const resolved = resolvedArgs(BASIC);

    expect(resolved).toEqual({
      document: {
        $schema: CONFIG_SCHEMA_REF,
        version: 1,
        sourceRegistryAccountId: "123456789012",
      },
      config: {
        version: 1,
        mode: "enforce",
        sourceRegistryAccountId: "123456789012",
        sourceRegistryRegion: "us-east-1",
        repositoryPrefix: "echo",
        upstreamRepositoryPrefix: "ROOT",
        roleName: "echo-pullthrough-cache-role",
        rolePath: "/",
        tags: {},
        adopt: false,
        allowReplace: true,
      },
      schedule: "rate(15 minutes)",
      deletionPolicy: "delete",
      configSource: "ssm",
      alarmActions: [],
      logRetentionInDays: 30,
      lambdaMemorySize: 256,
      architecture: "arm64",
      reservedConcurrency: undefined,
      dashboard: false,
      unhealthyAlarm: true,
    });
  });

  it("produces exactly what parseConfig produces for the same document", () => {
    const args: EcrPullThroughCacheArgValues = {
      ...BASIC,
      repositoryPrefix: "mirror",
      tags: { b: "2", a: "1" },
    };

    const parsed = parseConfig({
      version: 1,
      ...BASIC,
      repositoryPrefix: "mirror",
      tags: { b: "2", a: "1" },
    });

    expect(parsed.ok && resolvedArgs(args).config).toEqual(parsed.ok && parsed.config);
  });

  it("derives the role name from the prefix like the schema", () => {
    expect(resolvedArgs({ ...BASIC, repositoryPrefix: "team-a" }).config.roleName).toBe(
      "team-a-pullthrough-cache-role",
    );
  });

  const invalid: ReadonlyArray<{
    reason: string;
    args: EcrPullThroughCacheArgValues;
    name?: string;
    path: string;
  }> = [
    {
      reason: "an 11-digit account id",
      args: { sourceRegistryAccountId: "12345678901" },
      path: "sourceRegistryAccountId",
    },
    {
      reason: "a missing account id",
      args: {} as EcrPullThroughCacheArgValues,
      path: "sourceRegistryAccountId",
    },
    { reason: "an uppercase prefix", args: { ...BASIC, repositoryPrefix: "Echo" }, path: "repositoryPrefix" },
    { reason: "a one-character prefix", args: { ...BASIC, repositoryPrefix: "e" }, path: "repositoryPrefix" },
    {
      reason: "an upstream prefix with a ROOT cache prefix",
      args: { ...BASIC, repositoryPrefix: "ROOT", upstreamRepositoryPrefix: "images" },
      path: "upstreamRepositoryPrefix",
    },
    {
      reason: "a Region of no partition",
      args: { ...BASIC, sourceRegistryRegion: "us-iso-east-1" },
      path: "sourceRegistryRegion",
    },
    { reason: "a role name with a slash", args: { ...BASIC, roleName: "a/b" }, path: "roleName" },
    {
      reason: "the reserved ownership tag",
      args: { ...BASIC, tags: { "buildecho:pullthrough-cache:owner": "x" } },
      path: "tags.buildecho:pullthrough-cache:owner",
    },
    { reason: "an unknown mode", args: { ...BASIC, mode: "fix" as never }, path: "mode" },
    { reason: "a non-boolean adopt", args: { ...BASIC, adopt: "yes" as never }, path: "adopt" },
    {
      reason: "a schedule that is not an expression",
      args: { ...BASIC, schedule: "hourly" },
      path: "schedule",
    },
    {
      reason: "an unknown deletion policy",
      args: { ...BASIC, deletionPolicy: "orphan" as never },
      path: "deletionPolicy",
    },
    {
      reason: "an unknown config source",
      args: { ...BASIC, configSource: "git" as never },
      path: "configSource",
    },
    {
      reason: "a retention CloudWatch does not offer",
      args: { ...BASIC, logRetentionInDays: 10 },
      path: "logRetentionInDays",
    },
    { reason: "too little memory", args: { ...BASIC, lambdaMemorySize: 64 }, path: "lambdaMemorySize" },
    { reason: "fractional memory", args: { ...BASIC, lambdaMemorySize: 256.5 }, path: "lambdaMemorySize" },
    {
      reason: "a reservation of 0, which would stop every run",
      args: { ...BASIC, reservedConcurrency: 0 },
      path: "reservedConcurrency",
    },
    {
      reason: "a fractional reservation",
      args: { ...BASIC, reservedConcurrency: 1.5 },
      path: "reservedConcurrency",
    },
    {
      reason: "an unknown architecture",
      args: { ...BASIC, architecture: "arm" as never },
      path: "architecture",
    },
    {
      reason: "a dashboard flag that is not a boolean",
      args: { ...BASIC, dashboard: "yes" as never },
      path: "dashboard",
    },
    {
      reason: "a dashboard flag given as an Output (it decides whether the resource exists)",
      args: { ...BASIC, dashboard: pulumi.output(true) as unknown as boolean },
      path: "dashboard",
    },
    {
      reason: "an Unhealthy-alarm flag that is not a boolean",
      args: { ...BASIC, unhealthyAlarm: "no" as never },
      path: "unhealthyAlarm",
    },
    {
      reason: "an Unhealthy-alarm flag given as an Output (it decides whether the resource exists)",
      args: { ...BASIC, unhealthyAlarm: pulumi.output(false) as unknown as boolean },
      path: "unhealthyAlarm",
    },
    {
      reason: "an alarm action that is not an ARN",
      args: { ...BASIC, alarmActions: ["my-topic"] },
      path: "alarmActions.0",
    },
    {
      reason: "an account id that is no string (JavaScript)",
      args: { ...BASIC, sourceRegistryAccountId: 123456789012 as unknown as string },
      path: "sourceRegistryAccountId",
    },
    {
      reason: "a misspelt argument (JavaScript, or an object spread)",
      args: { ...BASIC, repositoryPrefx: "echo" } as EcrPullThroughCacheArgValues,
      path: "repositoryPrefx",
    },
    {
      reason: "a key of the config document that is no argument",
      args: { ...BASIC, version: 1 } as EcrPullThroughCacheArgValues,
      path: "version",
    },
    {
      reason: "an unknown field inside repositoryTemplate",
      args: { ...BASIC, repositoryTemplate: { keepLast: 3 } } as EcrPullThroughCacheArgValues,
      path: "repositoryTemplate.keepLast",
    },
    {
      reason: "alarm actions that are not a list",
      args: { ...BASIC, alarmActions: "arn:aws:sns:x" as unknown as string[] },
      path: "alarmActions",
    },
    {
      reason: "tags that overflow a standard SSM parameter",
      args: {
        ...BASIC,
        tags: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`key-${i}`, "v".repeat(200)])),
      },
      path: "tags",
    },
    { reason: "a component name with spaces", args: BASIC, name: "echo cache", path: "name" },
    { reason: "a component name too long for AWS names", args: BASIC, name: "e".repeat(41), path: "name" },
  ];

  it.each(invalid)("rejects $reason with the field's path", ({ args, name, path }) => {
    expect(errorsOf(args, name).some((e) => e.startsWith(`${path}: `))).toBe(true);
  });

  it("accepts every value the invalid cases vary, when valid", () => {
    expect(
      errorsOf(
        {
          ...BASIC,
          sourceRegistryRegion: "eu-west-1",
          repositoryPrefix: "echo/images",
          upstreamRepositoryPrefix: "hardened",
          roleName: "echo+ptc@role",
          tags: { team: "platform" },
          mode: "detect",
          adopt: true,
          allowReplace: false,
          schedule: "cron(0/30 * * * ? *)",
          deletionPolicy: "retain",
          configSource: "pulumi",
          alarmActions: ["arn:aws:sns:eu-west-1:111111111111:alerts"],
          logRetentionInDays: 0,
          lambdaMemorySize: 10_240,
          architecture: "x86_64",
          reservedConcurrency: 1,
          dashboard: true,
          unhealthyAlarm: false,
        },
        "echo.cache_2-b",
      ),
    ).toEqual([]);
  });

  it("suggests the argument a misspelt key most likely meant", () => {
    expect(
      errorsOf({ ...BASIC, RepositoryPrefix: "echo", shedule: "x" } as EcrPullThroughCacheArgValues),
    ).toEqual([
      "RepositoryPrefix: unknown argument (did you mean repositoryPrefix?)",
      "shedule: unknown argument (did you mean schedule?)",
    ]);
  });

  it("takes a key set to undefined (an object spread) as absent", () => {
    expect(errorsOf({ ...BASIC, roleName: undefined, schedule: undefined })).toEqual([]);
  });

  it("reports every problem, sorted, in one result", () => {
    const errors = errorsOf({ sourceRegistryAccountId: "1", schedule: "x", lambdaMemorySize: 1 });

    expect(errors.length).toBe(3);
    expect([...errors].sort()).toEqual(errors);
  });

  it("keeps the seeded document within a standard SSM parameter for the defaults", () => {
    expect(Buffer.byteLength(configParameterValue(resolvedArgs(BASIC).document))).toBeLessThan(4096);
  });
});

describe("scheduleError", () => {
  it.each([
    "rate(1 minute)",
    "rate(15 minutes)",
    "rate(1 hour)",
    "rate(12 hours)",
    "rate(1 day)",
    "rate(7 days)",
    "cron(0 4 * * ? *)",
    "cron(0/15 * ? * MON-FRI *)",
    "cron(0 12 L * ? 2030)",
  ])("accepts %s", (expression) => {
    expect(scheduleError(expression)).toBeUndefined();
  });

  it.each([
    ["rate(1 minutes)", "singular"],
    ["rate(5 minute)", "plural"],
    ["rate(0 minutes)", "positive integer"],
    ["rate(1.5 hours)", "positive integer"],
    ["rate(1 week)", "positive integer"],
    ["rate(15minutes)", "positive integer"],
    ["cron(0 4 * * *)", "six fields"],
    ["cron(0 4 * * * *)", "exactly one"],
    ["cron(0 4 ? * ? *)", "exactly one"],
    ["cron(0 4 * * ? $)", "invalid characters"],
    ["at(2030-01-01T00:00:00)", "rate(...) or cron(...)"],
    ["*/15 * * * *", "rate(...) or cron(...)"],
  ])("rejects %s (%s)", (expression, why) => {
    expect(scheduleError(expression)).toContain(why);
  });
});

describe("scheduleIntervalSeconds", () => {
  it.each([
    ["rate(1 minute)", 60],
    ["rate(15 minutes)", 900],
    ["rate(2 hours)", 7200],
    ["rate(1 day)", 86_400],
    ["cron(0 4 * * ? *)", undefined],
  ])("%s is %s seconds", (expression, seconds) => {
    expect(scheduleIntervalSeconds(expression)).toBe(seconds);
  });
});

describe("componentNameErrors", () => {
  it.each(["echo-cache", "a", "Team_A.cache-1", "e".repeat(40)])("accepts %s", (name) => {
    expect(componentNameErrors(name)).toEqual([]);
  });

  it.each(["", "-leading", "has space", "slash/name", "e".repeat(41), "ünïcode"])("rejects %j", (name) => {
    expect(componentNameErrors(name).length).toBeGreaterThan(0);
  });
});

describe("validateArgs: the newer config fields", () => {
  it("passes rolePath and repositoryTemplate through to the config document", () => {
    const resolved = resolvedArgs({
      sourceRegistryAccountId: "123456789012",
      rolePath: "/echo/",
      repositoryTemplate: { keepLastImages: 10 },
    });

    expect(resolved.config.rolePath).toBe("/echo/");
    expect(resolved.config.repositoryTemplate).toEqual({
      imageTagMutability: "MUTABLE",
      keepLastImages: 10,
      encryption: "AES256",
      resourceTags: {},
      roleName: "echo-pullthrough-template-role",
    });
  });

  it("names the bad field inside repositoryTemplate", () => {
    expect(
      errorsOf({ sourceRegistryAccountId: "123456789012", repositoryTemplate: { keepLastImages: 0 } }),
    ).toContainEqual(expect.stringMatching(/repositoryTemplate\.keepLastImages: must be 1 to 10000/));
  });
});

describe("knownArgsErrors", () => {
  const secret = pulumi.secret("123456789012");
  const cases: ReadonlyArray<{ reason: string; args: EcrPullThroughCacheArgs; errors: string[] }> = [
    {
      reason: "a secret Output (config.requireSecret) is left for when it resolves",
      args: { sourceRegistryAccountId: secret },
      errors: [],
    },
    {
      reason: "a Promise is left for when it resolves",
      args: {
        sourceRegistryAccountId: Promise.resolve("123456789012"),
        lambdaMemorySize: Promise.resolve(1),
      },
      errors: [],
    },
    {
      reason: "an Output inside tags leaves the tags for later, and only them",
      args: { ...BASIC, tags: { stack: pulumi.output("prod") }, repositoryPrefix: "Echo" },
      errors: [expect.stringMatching(/^repositoryPrefix: /)],
    },
    {
      reason: "the known values beside an Output are still checked now",
      args: { sourceRegistryAccountId: secret, repositoryPrefix: "Echo", logRetentionInDays: 10 },
      errors: [expect.stringMatching(/^logRetentionInDays: /), expect.stringMatching(/^repositoryPrefix: /)],
    },
    {
      reason: "schedule and configSource decide which resources exist, so they must be plain",
      args: {
        ...BASIC,
        schedule: pulumi.output("rate(1 hour)") as unknown as string,
        configSource: Promise.resolve("pulumi") as unknown as "pulumi",
      },
      errors: [
        expect.stringMatching(/^configSource: must be a plain value/),
        expect.stringMatching(/^schedule: must be a plain value/),
      ],
    },
    {
      reason: "a misspelt key is an error even when its value is an Output",
      args: { ...BASIC, rolename: pulumi.output("r") } as EcrPullThroughCacheArgs,
      errors: ["rolename: unknown argument (did you mean roleName?)"],
    },
  ];

  it.each(cases)("$reason", ({ args, errors }) => {
    expect(knownArgsErrors(args)).toEqual(errors);
  });
});

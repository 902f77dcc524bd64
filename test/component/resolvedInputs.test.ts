import { spawnSync } from "node:child_process";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { buildSync } from "esbuild";
import { EcrPullThroughCache } from "../../component";
import { partitionErrors, partitionWarning } from "../../component/resolvedInputs";
import { BASIC, componentFixture, ECHO_ACCOUNT } from "./componentFixture";
import { SCENARIOS, type ScenarioOutcome } from "./failingDeployments";
import { promiseOf, STACK, STACK_OUTPUTS } from "./pulumiHarness";
import { resolvedArgs } from "./resolvedArgs";

const fixture = componentFixture();

describe("args given as Inputs", () => {
  it("accepts a secret account id (config.requireSecret) and keeps only what derives from it secret", async () => {
    // Act
    const b = await fixture.build("echo-cache", { sourceRegistryAccountId: pulumi.secret(ECHO_ACCOUNT) });

    // Assess
    const parameter = b.one("aws:ssm/parameter:Parameter");
    expect(JSON.parse(parameter.inputs.value).sourceRegistryAccountId).toBe(ECHO_ACCOUNT);
    expect(parameter.secretInputs).toEqual(["value"]);
    expect(b.one("aws:lambda/function:Function").secretInputs).toEqual([]);
    expect(b.one("aws:iam/rolePolicy:RolePolicy", "echo-cache-reconciler").secretInputs).toEqual([]);
    expect(await promiseOf(b.component.usageInstructions)).toContain(`registry policy of ${ECHO_ACCOUNT}`);
  });

  it("accepts values read from another stack (StackReference outputs)", async () => {
    // Prepare
    const platform = new pulumi.StackReference("org/platform/prod");

    // Act
    const b = await fixture.build("echo-cache", {
      sourceRegistryAccountId: platform.getOutput("echoAccountId"),
      sourceRegistryRegion: platform.getOutput("echoRegion"),
    });

    // Assess
    const document = JSON.parse(b.one("aws:ssm/parameter:Parameter").inputs.value);
    expect(document).toEqual(
      expect.objectContaining({
        sourceRegistryAccountId: STACK_OUTPUTS.echoAccountId,
        sourceRegistryRegion: STACK_OUTPUTS.echoRegion,
      }),
    );
  });

  it("accepts Promises and Outputs for the component's settings", async () => {
    // Act
    const b = await fixture.build("echo-cache", {
      ...BASIC,
      lambdaMemorySize: Promise.resolve(512),
      architecture: pulumi.output("x86_64" as const),
      logRetentionInDays: pulumi.output(7),
      deletionPolicy: Promise.resolve("retain" as const),
      alarmActions: pulumi.output(["arn:aws:sns:eu-west-1:111111111111:alerts"]),
    });

    // Assess
    const fn = b.one("aws:lambda/function:Function").inputs;
    expect([fn.memorySize, fn.architectures]).toEqual([512, ["x86_64"]]);
    expect(b.one("aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays).toBe(7);
    expect(JSON.parse(b.one("aws:lambda/invocation:Invocation").inputs.input).deletionPolicy).toBe("retain");
    for (const alarm of b.many("aws:cloudwatch/metricAlarm:MetricAlarm")) {
      expect(alarm.inputs.alarmActions).toEqual(["arn:aws:sns:eu-west-1:111111111111:alerts"]);
    }
  });

  it("writes the same document for Inputs as for the plain values they resolve to", async () => {
    // Act
    const b = await fixture.build("echo-cache", {
      sourceRegistryAccountId: pulumi.output(ECHO_ACCOUNT),
      repositoryTemplate: pulumi.output({ keepLastImages: pulumi.output(10) }),
      tags: { stack: pulumi.getStack(), team: Promise.resolve("platform") },
    });

    // Assess
    const plain = resolvedArgs({
      sourceRegistryAccountId: ECHO_ACCOUNT,
      repositoryTemplate: { keepLastImages: 10 },
      tags: { stack: STACK, team: "platform" },
    });
    expect(JSON.parse(b.one("aws:ssm/parameter:Parameter").inputs.value)).toEqual(plain.document);
  });
});

describe("args that resolve to invalid values", () => {
  const root = join(__dirname, "..", "..");
  const program = join(root, "dist", "test", "failingDeployments.js");
  beforeAll(() => {
    // Under dist/ so that the component finds its package root (and the Lambda bundle path) as it does
    // when installed; `npm pack` ships none of dist/test.
    buildSync({
      entryPoints: [join(__dirname, "failingDeployments.ts")],
      outfile: program,
      bundle: true,
      platform: "node",
      format: "cjs",
      external: ["@pulumi/*"],
      logLevel: "warning",
    });
  });

  it.each(Object.entries(SCENARIOS).map(([key, s]) => ({ key, ...s })))(
    "fail the deployment with the field and the component named, and what consumes it: $reason",
    ({ key, path, registered }) => {
      // Act
      const child = spawnSync(process.execPath, [program, key], { cwd: root, encoding: "utf8" });

      // Assess: the program failed; the constructor returned; one error, reported once, on the component.
      expect([child.status, child.stderr]).toEqual([1, ""]);
      const outcome = JSON.parse(child.stdout) as ScenarioOutcome;
      expect(outcome.constructed).toBe(true);
      expect(outcome.errors).toHaveLength(1);
      const [error] = outcome.errors;
      expect(error).toEqual(
        expect.objectContaining({ name: "EcrPullThroughCacheArgsError", componentName: "echo-cache" }),
      );
      expect(error?.onComponent).toBe(true);
      expect(error?.errors?.some((e) => e.startsWith(`${path}: `))).toBe(true);
      expect(error?.message).toMatch(/^Invalid arguments of EcrPullThroughCache 'echo-cache':\n {2}- /);
      // Only what does not consume the invalid value was registered.
      expect(outcome.registered.filter((t) => t.startsWith("aws:")).sort()).toEqual([...registered].sort());
    },
  );
});

describe("the deploying partition", () => {
  it("deploys into GovCloud with Echo's registry there, and warns that availability is unconfirmed", async () => {
    // Prepare
    fixture.harness.target = { partition: "aws-us-gov", dnsSuffix: "amazonaws.com", region: "us-gov-west-1" };

    // Act
    const b = await fixture.build("echo-cache", { ...BASIC, sourceRegistryRegion: "us-gov-east-1" });

    // Assess
    expect(b.one("aws:ssm/parameter:Parameter").inputs.value).toContain("us-gov-east-1");
    expect(fixture.harness.warnings).toEqual([
      { message: expect.stringContaining("UNCONFIRMED"), resource: b.component },
    ]);
  });

  it("says nothing in the commercial partition", async () => {
    await fixture.build("echo-cache", BASIC);

    expect(fixture.harness.warnings).toEqual([]);
  });

  it.each([
    {
      reason: "Echo's registry and the stack in the commercial partition",
      region: "us-east-1",
      partition: "aws",
      errors: 0,
    },
    { reason: "both in GovCloud", region: "us-gov-west-1", partition: "aws-us-gov", errors: 0 },
    { reason: "both in China", region: "cn-north-1", partition: "aws-cn", errors: 0 },
    { reason: "a commercial registry from China", region: "us-east-1", partition: "aws-cn", errors: 1 },
    {
      reason: "a GovCloud registry from a commercial stack",
      region: "us-gov-west-1",
      partition: "aws",
      errors: 1,
    },
  ])("partitionErrors: $reason", ({ region, partition, errors }) => {
    const config = resolvedArgs({ ...BASIC, sourceRegistryRegion: region }).config;

    const found = partitionErrors(config, partition, "somewhere-1");

    expect(found).toHaveLength(errors);
    for (const e of found) expect(e).toMatch(/^sourceRegistryRegion: /);
  });

  it.each([
    { partition: "aws", warns: false },
    { partition: "aws-cn", warns: true },
    { partition: "aws-us-gov", warns: true },
  ])("partitionWarning for $partition", ({ partition, warns }) => {
    expect(partitionWarning(partition, "r-1") !== undefined).toBe(warns);
  });
});

describe("a component whose Outputs are still unknown", () => {
  it("constructs without validating them", () => {
    expect(
      () => new EcrPullThroughCache("echo-cache", { sourceRegistryAccountId: new Promise(() => {}) }),
    ).not.toThrow();
  });
});

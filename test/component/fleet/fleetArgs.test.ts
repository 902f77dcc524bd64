import * as pulumi from "@pulumi/pulumi";
import { REGION_CODE_MAX_LENGTH, regionCode } from "../../../common/regions";
import {
  EcrPullThroughCacheArgsError,
  EcrPullThroughCacheFleet,
  type EcrPullThroughCacheFleetArgs,
} from "../../../component";
import { EcrPullThroughCacheFleetArgsError } from "../../../component/fleet/errors";
import { promiseOf } from "../pulumiHarness";
import { A, B, ECHO, fleetFixture, MONITORING } from "./fleetFixture";

const fixture = fleetFixture();
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const KMS_KEY = "arn:aws:kms:ap-southeast-7:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const two = (extra: Partial<EcrPullThroughCacheFleetArgs> = {}): EcrPullThroughCacheFleetArgs => ({
  sourceRegistryAccountId: ECHO,
  targets: [
    { accountId: A, regions: ["eu-west-1"] },
    { accountId: B, regions: ["eu-west-1", "us-east-1"] },
  ],
  ...extra,
});

/** What the constructor threw, or undefined. */
function thrown(name: string, args: EcrPullThroughCacheFleetArgs): unknown {
  try {
    new EcrPullThroughCacheFleet(name, args);
  } catch (e) {
    return e;
  }
  return undefined;
}

describe("invalid fleet args", () => {
  const cases: ReadonlyArray<{
    reason: string;
    name?: string;
    args: EcrPullThroughCacheFleetArgs;
    error: string;
  }> = [
    {
      reason: "an account×Region listed twice, across targets",
      args: two({ targets: [...two().targets, { accountId: A, regions: ["us-east-1", "eu-west-1"] }] }),
      error: `targets[2].regions[1]: ${A}/eu-west-1 is already targets[0].regions[0]`,
    },
    {
      reason: "a Region listed twice in one target",
      args: two({ targets: [{ accountId: A, regions: ["eu-west-1", "eu-west-1"] }] }),
      error: `targets[0].regions[1]: ${A}/eu-west-1 is already targets[0].regions[0]`,
    },
    {
      reason: "an account id of 11 digits",
      args: two({ targets: [...two().targets, { accountId: "12345678901", regions: ["eu-west-1"] }] }),
      error: "targets[2].accountId: must be a 12-digit AWS account id",
    },
    {
      reason: "a Region of the right shape that AWS does not have",
      args: two({
        targets: [...two().targets, { accountId: MONITORING, regions: ["eu-west-1", "us-east-9"] }],
      }),
      error: 'targets[2].regions[1]: "us-east-9" is not an AWS Region (the SDK\'s list of Regions)',
    },
    {
      reason: "a target without Regions",
      args: two({ targets: [{ accountId: A, regions: [] }] }),
      error: "targets[0].regions: must list at least one Region",
    },
    {
      reason: "no targets",
      args: two({ targets: [] }),
      error: "targets: must list at least one account and its Regions",
    },
    {
      reason: "one account in two partitions",
      args: two({
        targets: [
          { accountId: A, regions: ["eu-west-1"] },
          { accountId: A, regions: ["us-gov-west-1"] },
        ],
      }),
      error: `targets[1].regions[0]: us-gov-west-1 is in the aws-us-gov partition, but account ${A} is in aws (targets[0].regions[0]); an account belongs to one partition`,
    },
    {
      reason: "a target in another partition than Echo's registry",
      args: two({ targets: [{ accountId: A, regions: ["us-gov-west-1"] }] }),
      error:
        "targets[0].regions[0]: us-gov-west-1 is in the aws-us-gov partition, but Echo's registry (sourceRegistryRegion us-east-1) is in aws; a cache reaches an upstream only in its own partition",
    },
    {
      reason: "a role to assume in another account",
      args: two({
        targets: [{ accountId: A, regions: ["eu-west-1"], roleArn: `arn:aws:iam::${B}:role/deployer` }],
      }),
      error: `targets[0].roleArn: must be the ARN of a role in account ${A} (arn:aws:iam::${A}:role/<name>)`,
    },
    {
      reason: "a target Region the monitoring account's partition has no sink in",
      args: two({
        targets: [{ accountId: A, regions: ["cn-north-1"] }],
        monitoringAccount: { accountId: MONITORING, region: "eu-west-1" },
      }),
      error:
        "targets[0].regions[0]: cn-north-1 is in the aws-cn partition and the monitoring account in aws; OAM links a source only to a sink in its own Region",
    },
    {
      reason: "a monitoring Region AWS does not have",
      args: two({ monitoringAccount: { accountId: MONITORING, region: "eu-west-7" } }),
      error: 'monitoringAccount.region: "eu-west-7" is not an AWS Region (the SDK\'s list of Regions)',
    },
    {
      reason: "a fleet alarm action that is no ARN",
      args: two({ monitoringAccount: { accountId: MONITORING, region: "eu-west-1", alarmActions: ["ops"] } }),
      error: "monitoringAccount.alarmActions.0: must be an ARN",
    },
    {
      reason: "a target's own cache arg the cache refuses, named at the target",
      args: two({
        targets: [
          ...two().targets,
          { accountId: MONITORING, regions: ["eu-west-1"], repositoryPrefix: "Echo" },
        ],
      }),
      error:
        "targets[2].repositoryPrefix: must be lowercase letters and digits separated by '.', '_', '__', '-' or single '/' (or ROOT)",
    },
    {
      reason: "a fleet default the cache refuses, named once at the fleet",
      args: two({ lambdaMemorySize: 64 }),
      error: "lambdaMemorySize: must be an integer from 128 to 10240",
    },
    {
      reason: "a key of a target that is no argument",
      args: two({ targets: [{ accountId: A, regions: ["eu-west-1"], regoins: ["us-east-1"] } as never] }),
      error: "targets[0].regoins: unknown argument",
    },
    {
      reason: "a role name the Region's code would push past IAM's 64 characters",
      args: two({ roleName: "r".repeat(60) }),
      error:
        "roleName: must be at most 58 characters in a fleet, which appends the Region's code (-euw1) so that the Regions of one account never share a role",
    },
    {
      reason: "a template role name the Region's code would push past IAM's 64 characters, set by a target",
      args: two({
        targets: [
          {
            accountId: A,
            regions: ["eu-west-1"],
            repositoryTemplate: { resourceTags: { team: "a" }, roleName: "t".repeat(59) },
          },
        ],
      }),
      error:
        "targets[0].repositoryTemplate.roleName: must be at most 58 characters in a fleet, which appends the Region's code (-euw1) so that the Regions of one account never share a role",
    },
    {
      reason: "a fleet alarm action in a Region where the fleet has no alarm",
      args: two({
        monitoringAccount: {
          accountId: MONITORING,
          region: "eu-west-1",
          alarmActions: [`arn:aws:sns:ap-south-1:${MONITORING}:alerts`],
        },
      }),
      error: `monitoringAccount.alarmActions[0]: arn:aws:sns:ap-south-1:${MONITORING}:alerts is in ap-south-1, where none of its alarms is (eu-west-1, us-east-1); an alarm takes only actions of its own Region: give one per Region`,
    },
    {
      reason: "a target's alarm action outside its Regions",
      args: two({
        targets: [
          { accountId: A, regions: ["eu-west-1"], alarmActions: [`arn:aws:sns:us-east-1:${A}:alerts`] },
        ],
      }),
      error: `targets[0].alarmActions[0]: arn:aws:sns:us-east-1:${A}:alerts is in us-east-1, where none of its alarms is (eu-west-1); an alarm takes only actions of its own Region: give one per Region`,
    },
    {
      reason: "a fleet name too long for <name>-<account>-<Region code> to be a cache's name",
      name: "a".repeat(22),
      args: two(),
      error: "name: must be at most 21 characters (each cache is <name>-<account>-<Region code>)",
    },
    {
      reason: "a fleet alarm action only in the Region of a target that sets its own",
      args: two({
        alarmActions: [`arn:aws:sns:us-east-1:${B}:alerts`],
        targets: [
          { accountId: A, regions: ["eu-west-1"] },
          { accountId: B, regions: ["us-east-1"], alarmActions: [`arn:aws:sns:us-east-1:${B}:own`] },
        ],
      }),
      error: `alarmActions[0]: arn:aws:sns:us-east-1:${B}:alerts is in us-east-1, where none of its alarms is (eu-west-1); an alarm takes only actions of its own Region: give one per Region`,
    },
    {
      reason: "a template that is no object",
      args: two({ repositoryTemplate: null as never }),
      error: "repositoryTemplate: Invalid input",
    },
    {
      reason: "targets given as an Output (they decide the providers)",
      args: { ...two(), targets: pulumi.output(two().targets) as never },
      error: "targets: targets and monitoringAccount must be plain values (they decide the providers)",
    },
  ];

  it.each(cases)(
    "fail before any resource is created, naming the target: $reason",
    ({ name, args, error }) => {
      // Act
      const e = thrown(name ?? "platform", args);

      // Assess
      expect(e).toBeInstanceOf(EcrPullThroughCacheFleetArgsError);
      expect(e).toBeInstanceOf(EcrPullThroughCacheArgsError);
      expect((e as EcrPullThroughCacheFleetArgsError).errors).toContain(error);
      expect((e as Error).message).toContain(
        `Invalid arguments of EcrPullThroughCacheFleet '${name ?? "platform"}'`,
      );
      expect(fixture.harness.resources).toEqual([]);
    },
  );

  it("names the index of the bad alarm action as written, before narrowing the list to each Region", () => {
    // Act
    const e = thrown(
      "platform",
      two({ alarmActions: [`arn:aws:sns:eu-west-1:${A}:alerts`, "oops"] }),
    ) as EcrPullThroughCacheFleetArgsError;

    // Assess
    expect(e.errors.filter((x) => x.startsWith("alarmActions"))).toEqual(["alarmActions.1: must be an ARN"]);
  });

  it("lists every problem at once, each once", () => {
    // Act
    const e = thrown(
      "platform",
      two({
        lambdaMemorySize: 64,
        targets: [
          { accountId: "1", regions: ["eu-west-1"] },
          { accountId: B, regions: ["us-east-9"] },
        ],
      }),
    ) as EcrPullThroughCacheFleetArgsError;

    // Assess
    expect(e.errors).toEqual([
      "targets[0].accountId: must be a 12-digit AWS account id",
      'targets[1].regions[0]: "us-east-9" is not an AWS Region (the SDK\'s list of Regions)',
    ]);
  });
});

describe("fleet options", () => {
  it("warns of each Region a list of alarm actions leaves with no one to notify", async () => {
    // Act
    await fixture.build(
      "platform",
      two({
        alarmActions: [`arn:aws:sns:eu-west-1:${B}:cache-alerts`],
        monitoringAccount: {
          accountId: MONITORING,
          region: "eu-west-1",
          alarmActions: [`arn:aws:sns:eu-west-1:${MONITORING}:fleet-alerts`],
        },
      }),
    );

    // Assess
    expect(fixture.harness.warnings.map((w) => w.message).sort()).toEqual([
      "alarmActions: none is in us-east-1, so its alarms there notify no one (an alarm takes only actions of its own Region)",
      "monitoringAccount.alarmActions: none is in us-east-1, so its alarms there notify no one (an alarm takes only actions of its own Region)",
    ]);
  });

  it("makes no template when the template is an Output that resolves to nothing", async () => {
    // Act
    const built = await fixture.build(
      "platform",
      two({ repositoryTemplate: pulumi.output(undefined) as never }),
    );

    // Assess
    const documents = built.many("aws:ssm/parameter:Parameter").map((p) => JSON.parse(p.inputs.value));
    expect(documents.map((d) => d.repositoryTemplate)).toEqual([undefined, undefined, undefined]);
  });

  it("gives each cache's alarms the fleet's actions of the cache's Region only", async () => {
    // Prepare: one topic per Region, as CloudWatch takes only actions of the alarm's Region.
    const topic = (region: string) => `arn:aws:sns:${region}:${B}:cache-alerts`;

    // Act
    const built = await fixture.build(
      "platform",
      two({ alarmActions: [topic("eu-west-1"), topic("us-east-1")] }),
    );

    // Assess
    const alarms = built.many(ALARM).filter((a) => a.name.endsWith("-heartbeat"));
    expect(alarms).toHaveLength(3);
    for (const a of alarms) {
      expect(a.inputs.alarmActions).toEqual([topic(fixture.harness.whereOf(a.provider).region)]);
    }
  });

  it.each([
    { reason: "the default template role name", roleName: undefined, stem: "echo-pullthrough-template-role" },
    { reason: "a template role name of the fleet's", roleName: "team-template", stem: "team-template" },
  ])(
    "names the template's role per Region too, so that two Regions of one account never claim one: $reason",
    async ({ roleName, stem }) => {
      // Act
      const built = await fixture.build(
        "platform",
        two({
          repositoryTemplate: { resourceTags: { team: "platform" }, ...(roleName ? { roleName } : {}) },
        }),
      );
      const documents = built
        .many("aws:ssm/parameter:Parameter")
        .map((p) => [fixture.harness.whereOf(p.provider), JSON.parse(p.inputs.value)] as const);

      // Assess
      const templateRoles = documents.map(([w, d]) => `${w.accountId} ${d.repositoryTemplate.roleName}`);
      expect(templateRoles.sort()).toEqual(
        [`${A} ${stem}-euw1`, `${B} ${stem}-euw1`, `${B} ${stem}-use1`].sort(),
      );
      const everyRole = documents.flatMap(([w, d]) => [
        `${w.accountId} ${d.roleName}`,
        `${w.accountId} ${d.repositoryTemplate.roleName}`,
      ]);
      expect(new Set(everyRole).size).toBe(everyRole.length);
    },
  );

  it("keeps each cache's own Unhealthy alarm without a monitoring account, and makes no view", async () => {
    // Act
    const built = await fixture.build("platform", two());

    // Assess
    expect(built.many("aws:oam/sink:Sink")).toEqual([]);
    expect(built.many("aws:oam/link:Link")).toEqual([]);
    expect(built.many("aws:cloudwatch/dashboard:Dashboard")).toEqual([]);
    expect(built.many(ALARM).filter((a) => a.name.endsWith("-unhealthy"))).toHaveLength(3);
    expect(await promiseOf(built.fleet.dashboardName)).toBeUndefined();
    expect((await promiseOf(built.fleet.targets)).map((t) => t.view)).toEqual(["none", "none", "none"]);
  });

  it("lets a target ask for its own Unhealthy alarm and its own Echo Region, and grants it there", async () => {
    // Act
    const built = await fixture.build(
      "platform",
      two({
        monitoringAccount: { accountId: MONITORING, region: "eu-west-1" },
        targets: [
          {
            accountId: A,
            regions: ["eu-west-1"],
            unhealthyAlarm: true,
            sourceRegistryRegion: "eu-central-1",
          },
          { accountId: B, regions: ["eu-west-1"] },
        ],
      }),
    );
    const grant = JSON.parse(await promiseOf(built.fleet.echoGrant)) as {
      Resource: string;
      Principal: unknown;
    }[];

    // Assess
    expect(
      built
        .many(ALARM)
        .filter((a) => a.name.endsWith("-unhealthy"))
        .map((a) => a.name),
    ).toEqual([`platform-${A}-euw1-unhealthy`]);
    expect(grant.map((s) => [s.Resource, s.Principal])).toEqual([
      [`arn:aws:ecr:eu-central-1:${ECHO}:repository/*`, { AWS: `arn:aws:iam::${A}:root` }],
      [`arn:aws:ecr:us-east-1:${ECHO}:repository/*`, { AWS: `arn:aws:iam::${B}:root` }],
    ]);
  });

  it("assumes OrganizationAccountAccessRole in the target's partition, or the role the target names", async () => {
    // Act
    const built = await fixture.build(
      "platform",
      two({
        sourceRegistryRegion: "us-gov-west-1",
        targets: [
          { accountId: A, regions: ["us-gov-west-1"] },
          {
            accountId: B,
            regions: ["us-gov-east-1"],
            roleArn: `arn:aws-us-gov:iam::${B}:role/platform/deployer`,
          },
        ],
      }),
    );
    const roles = built.many("pulumi:providers:aws").map((p) => JSON.parse(p.inputs.assumeRoles)[0].roleArn);

    // Assess
    expect(roles).toEqual([
      `arn:aws-us-gov:iam::${A}:role/OrganizationAccountAccessRole`,
      `arn:aws-us-gov:iam::${B}:role/platform/deployer`,
    ]);
  });

  it("keeps every name within its limit at the longest fleet name, prefix and Region code", async () => {
    // Prepare: the longest name, a 30-character prefix, and a Region with the longest code.
    const name = "f".repeat(21);
    const prefix = "p".repeat(30);

    // Act
    const built = await fixture.build(name, {
      sourceRegistryAccountId: ECHO,
      repositoryPrefix: prefix,
      repositoryTemplate: { encryption: "KMS", kmsKeyArn: KMS_KEY },
      targets: [{ accountId: A, regions: ["ap-southeast-7", "ap-northeast-3"] }],
      monitoringAccount: { accountId: MONITORING, region: "ap-southeast-7" },
    });
    const documents = built.many("aws:ssm/parameter:Parameter").map((p) => JSON.parse(p.inputs.value));
    const named = built.all.filter((r) => r.custom && r.type !== "pulumi:providers:aws");

    // Assess: 64 is IAM's, Lambda's, Scheduler's and EventBridge's limit; the caches are valid component names.
    expect(documents.map((d) => d.roleName)).toEqual([
      `${prefix}-pullthrough-cache-role-apse7`,
      `${prefix}-pullthrough-cache-role-apne3`,
    ]);
    expect(documents.map((d) => d.roleName.length)).toEqual([59, 59]);
    expect(documents.map((d) => d.repositoryTemplate.roleName)).toEqual([
      `${prefix}-pullthrough-template-role-apse7`,
      `${prefix}-pullthrough-template-role-apne3`,
    ]);
    expect(documents.map((d) => d.repositoryTemplate.roleName.length)).toEqual([62, 62]);
    // These Regions have the longest code of every Region AWS has: no Region makes a longer name.
    expect(["ap-southeast-7", "ap-northeast-3"].map((r) => regionCode(r).length)).toEqual([
      REGION_CODE_MAX_LENGTH,
      REGION_CODE_MAX_LENGTH,
    ]);
    expect(built.many("buildecho:ecr:EcrPullThroughCache").map((c) => c.name.length)).toEqual([40, 40]);
    for (const r of named.filter((x) =>
      /iam\/role:|lambda\/function:|scheduler\/schedule:|eventRule:/.test(x.type),
    )) {
      expect([r.name, (r.inputs.name ?? `${r.name}-1234567`).length <= 64]).toEqual([r.name, true]);
    }
  });
});

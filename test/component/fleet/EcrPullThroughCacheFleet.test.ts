import { EcrPullThroughCache } from "../../../component";
import { physical } from "../builtComponent";
import { promiseOf, type RecordedResource, sampleReport } from "../pulumiHarness";
import type { BuiltFleet } from "./builtFleet";
import { A, B, ECHO, FLEET, fleetFixture, MONITORING, TOPIC, TOPIC_US } from "./fleetFixture";

const fixture = fleetFixture();
const CACHE = "buildecho:ecr:EcrPullThroughCache";
const PROVIDER = "pulumi:providers:aws";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const providerUrn = (r: RecordedResource) => r.provider.slice(0, r.provider.lastIndexOf("::"));
/** The account×Region pairs of FLEET. */
const codeOf = (region: string) => (region === "eu-west-1" ? "euw1" : "use1");
const PAIRS = [
  `${A}/eu-west-1`,
  `${A}/us-east-1`,
  `${B}/us-east-1`,
  `${B}/eu-west-1`,
  `${MONITORING}/eu-west-1`,
];

describe("EcrPullThroughCacheFleet, two accounts in two Regions and the monitoring account", () => {
  let built: BuiltFleet;
  beforeAll(async () => {
    fixture.harness.reset();
    // Each deploy-time run reports the role its Region's config names.
    fixture.harness.invocationResult = (where) =>
      JSON.stringify(sampleReport("echo", `echo-pullthrough-cache-role-${codeOf(where.region)}`, where));
    built = await fixture.build("platform", FLEET);
  });

  it("makes one cache per account×Region, each on a provider that assumes the account's role there, and no other account", () => {
    // Prepare
    const providers = built.many(PROVIDER);

    for (const pair of PAIRS) {
      // Act
      const [account, region] = pair.split("/") as [string, string];
      const name = `platform-${account}-${codeOf(region)}`;
      const provider = providers.find((p) => p.name === name);
      const cache = built.many(CACHE).find((c) => c.name === name) as RecordedResource;
      const children = built.under(cache.urn as string).filter((r) => r.custom);

      // Assess
      expect(built.fleet.caches[pair]).toBeInstanceOf(EcrPullThroughCache);
      expect(provider?.inputs).toEqual(
        expect.objectContaining({
          region,
          allowedAccountIds: JSON.stringify([account]),
          assumeRoles: JSON.stringify([
            {
              roleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`,
              sessionName: "echo-ptc-platform",
            },
          ]),
        }),
      );
      expect(provider?.inputs.defaultTags).toBeUndefined();
      expect(children.length).toBeGreaterThan(10);
      expect(children.filter((r) => providerUrn(r) !== provider?.urn)).toEqual([]);
    }
    expect(Object.keys(built.fleet.caches).sort()).toEqual([...PAIRS].sort());
    expect(built.many(CACHE)).toHaveLength(PAIRS.length);
  });

  it("resolves each cache's lookups through its provider: the ARNs it builds are its account's and Region's", () => {
    for (const cache of built.many(CACHE)) {
      // Prepare
      const children = built.under(cache.urn as string).filter((r) => r.custom);
      const where = fixture.harness.whereOf(children[0]?.provider);

      // Act
      const policy = children.find(
        (r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name.endsWith("-reconciler"),
      );
      const arns = JSON.stringify(policy?.inputs.policy).match(/arn:aws:[a-z]+:[a-z0-9-]*:[0-9]*/g) ?? [];

      // Assess
      expect(cache.name).toBe(`platform-${where.accountId}-${codeOf(where.region)}`);
      expect(arns.length).toBeGreaterThan(3);
      for (const arn of arns) {
        const [, , , region, account] = arn.split(":");
        expect({ arn, region: region || where.region, account: account || where.accountId }).toEqual({
          arn,
          region: where.region,
          account: where.accountId,
        });
      }
    }
  });

  it("gives no two resources one name: IAM names per account, dashboards per account, the rest per account×Region", () => {
    // Prepare: the role ECR assumes is made by the reconciler, named in each cache's config document.
    const where = (r: RecordedResource) => fixture.harness.whereOf(r.provider);
    const documentRoles = built
      .many("aws:ssm/parameter:Parameter")
      .map((p) => `${where(p).accountId} role ${JSON.parse(p.inputs.value).roleName.toLowerCase()}`);

    // Act
    const keys = built.all
      .filter((r) => r.custom && r.type !== PROVIDER && r.type !== "aws:oam/sink:Sink")
      .map((r) => {
        const { accountId, region } = where(r);
        const name = r.type === "aws:iam/role:Role" ? physical(r).toLowerCase() : physical(r);
        const scope =
          r.type.startsWith("aws:iam/") || r.type.includes("dashboard")
            ? accountId
            : `${accountId}/${region}`;
        return `${scope} ${r.type} ${name}`;
      });
    const roles = [...keys.filter((k) => k.includes("aws:iam/role:Role")), ...documentRoles].map((k) =>
      k.replace(/ aws:iam\/role:Role | role /, " "),
    );

    // Assess
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(roles).size).toBe(roles.length);
    expect(documentRoles.filter((r) => r.startsWith(A))).toEqual([
      `${A} role echo-pullthrough-cache-role-euw1`,
      `${A} role echo-pullthrough-cache-role-use1`,
    ]);
  });

  it("lets exactly the fleet's accounts of each Region link to that Region's sink, sharing metrics and log groups only", () => {
    // Act
    const policies = built.many("aws:oam/sinkPolicy:SinkPolicy");
    const principals = Object.fromEntries(
      policies.map((p) => [
        fixture.harness.whereOf(p.provider).region,
        JSON.parse(p.inputs.policy).Statement[0],
      ]),
    );

    // Assess: the monitoring account's own cache needs no link, and is no principal.
    expect(policies.every((p) => fixture.harness.whereOf(p.provider).accountId === MONITORING)).toBe(true);
    expect(principals["eu-west-1"]?.Principal).toEqual({ AWS: [A, B] });
    expect(principals["us-east-1"]?.Principal).toEqual({ AWS: [A, B] });
    expect(principals["eu-west-1"]?.Action).toEqual(["oam:CreateLink", "oam:UpdateLink"]);
    expect(principals["eu-west-1"]?.Condition).toEqual({
      "ForAllValues:StringEquals": {
        "oam:ResourceTypes": ["AWS::CloudWatch::Metric", "AWS::Logs::LogGroup"],
      },
    });
  });

  it("links every other account×Region from its own account to its Region's sink, filtered to the reconciler's namespace and log group", () => {
    // Prepare
    const sinks = new Map(
      built.many("aws:oam/sink:Sink").map((s) => [fixture.harness.whereOf(s.provider).region, s]),
    );
    const policies = built.many("aws:oam/sinkPolicy:SinkPolicy");

    // Act
    const links = built.many("aws:oam/link:Link");

    // Assess
    expect(
      links
        .map(
          (l) =>
            `${fixture.harness.whereOf(l.provider).accountId}/${fixture.harness.whereOf(l.provider).region}`,
        )
        .sort(),
    ).toEqual(PAIRS.filter((p) => !p.startsWith(MONITORING)).sort());
    for (const link of links) {
      const { accountId, region } = fixture.harness.whereOf(link.provider);
      const code = codeOf(region);
      expect(link.inputs).toEqual(
        expect.objectContaining({
          sinkIdentifier: expect.stringMatching(new RegExp(`^arn:aws:oam:${region}:${MONITORING}:sink/`)),
          resourceTypes: ["AWS::CloudWatch::Metric", "AWS::Logs::LogGroup"],
          labelTemplate: "$AccountName",
          linkConfiguration: {
            metricConfiguration: { filter: "Namespace = 'EchoPullThroughCache'" },
            logGroupConfiguration: {
              filter: `LogGroupName = '/echo-ptc/platform/prod/platform-${accountId}-${code}'`,
            },
          },
          tags: { team: "platform" },
        }),
      );
      expect(sinks.get(region)).toBeDefined();
      expect(link.dependencies).toEqual(
        expect.arrayContaining([
          policies.find((p) => fixture.harness.whereOf(p.provider).region === region)?.urn,
        ]),
      );
    }
  });

  it("draws every account×Region on one dashboard in the monitoring account: Unhealthy per account, drift from each log group, the list", async () => {
    // Act
    const dashboard = built.many("aws:cloudwatch/dashboard:Dashboard");
    const body = JSON.parse(dashboard[0]?.inputs.dashboardBody) as {
      widgets: {
        type: string;
        properties: { region?: string; query?: string; markdown?: string; metrics?: unknown[][] };
      }[];
    };
    const logs = body.widgets.filter((w) => w.type === "log");
    const table = body.widgets.at(-1)?.properties.markdown ?? "";

    // Assess
    expect(dashboard).toHaveLength(1);
    expect(fixture.harness.whereOf(dashboard[0]?.provider)).toEqual({
      accountId: MONITORING,
      region: "eu-west-1",
    });
    for (const pair of PAIRS) {
      const [account, region] = pair.split("/") as [string, string];
      const name = `platform-${account}-${codeOf(region)}`;
      const arn = `arn:aws:logs:${region}:${account}:log-group:/echo-ptc/platform/prod/${name}`;
      expect(
        logs.filter((w) => w.properties.region === region && w.properties.query?.includes(`SOURCE '${arn}'`)),
      ).toHaveLength(1);
      expect(table).toContain(`| ${account} | ${region} | ${name} |`);
    }
    const metrics = body.widgets.filter((w) => w.type === "metric");
    expect(metrics.map((w) => w.properties.region).sort()).toEqual(["eu-west-1", "us-east-1"]);
    for (const w of metrics)
      expect(JSON.stringify(w.properties.metrics)).toContain("GROUP BY AWS.AccountId, CacheName");
    expect(await promiseOf(built.fleet.dashboardName)).toBe(dashboard[0]?.inputs.dashboardName);
  });

  it("alarms once per Region on the largest Unhealthy in the monitoring account, notifying that Region's topic, and leaves the caches only their heartbeats", () => {
    // Act
    const alarms = built.many(ALARM);
    const fleetAlarms = alarms.filter(
      (a) => fixture.harness.whereOf(a.provider).accountId === MONITORING && a.inputs.metricQueries,
    );

    // Assess
    expect(fleetAlarms.map((a) => fixture.harness.whereOf(a.provider).region).sort()).toEqual([
      "eu-west-1",
      "us-east-1",
    ]);
    for (const a of fleetAlarms) {
      const topic = fixture.harness.whereOf(a.provider).region === "eu-west-1" ? TOPIC : TOPIC_US;
      expect(a.inputs).toEqual(
        expect.objectContaining({
          metricQueries: [
            expect.objectContaining({
              expression: 'SELECT MAX(Unhealthy) FROM SCHEMA("EchoPullThroughCache", CacheName, service)',
              period: 900,
              returnData: true,
            }),
          ],
          threshold: 1,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          treatMissingData: "notBreaching",
          alarmActions: [topic],
          okActions: [topic],
          tags: { team: "platform" },
        }),
      );
    }
    expect(alarms.filter((a) => a.name.endsWith("-unhealthy"))).toEqual([]);
    expect(alarms.filter((a) => a.name.endsWith("-heartbeat"))).toHaveLength(PAIRS.length);
  });

  it("reports each target's status, role, config parameter and function, and a summary", async () => {
    // Prepare
    const fn = built.all.find(
      (r) => r.type === "aws:lambda/function:Function" && r.name === `platform-${A}-use1-reconciler`,
    ) as RecordedResource;

    // Act
    const targets = await promiseOf(built.fleet.targets);
    const summary = await promiseOf(built.fleet.summary);

    // Assess
    expect(targets.map((t) => `${t.accountId}/${t.region}`)).toEqual(PAIRS);
    expect(targets[1]).toEqual({
      accountId: A,
      region: "us-east-1",
      name: `platform-${A}-use1`,
      status: "IN_SYNC",
      roleArn: `arn:aws:iam::${A}:role/echo-pullthrough-cache-role-use1`,
      configParameterName: `/echo-ptc/platform/prod/platform-${A}-use1/config`,
      functionName: physical(fn),
      view: "linked",
    });
    expect(targets.find((t) => t.accountId === MONITORING)?.view).toBe("local");
    expect(summary).toEqual({
      caches: 5,
      accounts: 3,
      regions: ["eu-west-1", "us-east-1"],
      statuses: { IN_SYNC: 5 },
      attention: [],
      dashboardName: await promiseOf(built.fleet.dashboardName),
    });
  });

  it("hands Echo one statement per Echo registry naming every account of the fleet", async () => {
    // Act
    const grant = JSON.parse(await promiseOf(built.fleet.echoGrant));

    // Assess
    expect(grant).toEqual([
      {
        Sid: "AllowPullThroughCacheFleetplatformuse1",
        Effect: "Allow",
        Principal: {
          AWS: [`arn:aws:iam::${A}:root`, `arn:aws:iam::${B}:root`, `arn:aws:iam::${MONITORING}:root`],
        },
        Action: [
          "ecr:BatchGetImage",
          "ecr:GetDownloadUrlForLayer",
          "ecr:BatchImportUpstreamImage",
          "ecr:GetImageCopyStatus",
        ],
        Resource: `arn:aws:ecr:us-east-1:${ECHO}:repository/*`,
      },
    ]);
  });
});

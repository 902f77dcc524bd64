import * as pulumi from "@pulumi/pulumi";
import { parseConfigText } from "../../common/config/schema";
import {
  CUSTOM_RESOURCE_SOURCE,
  DEFAULT_METRICS_NAMESPACE,
  DEFAULT_SERVICE_NAME,
  ENV,
  METRIC,
  METRIC_DIMENSION,
} from "../../common/constants";
import {
  createEcrPullThroughCache,
  EcrPullThroughCache,
  type EcrPullThroughCacheArgs,
  EcrPullThroughCacheArgsError,
} from "../../component";
import { configHash } from "../../component/configDocument";
import { COMPONENT_TYPE, LAMBDA_METRIC } from "../../component/constants";
import { executionRolePolicy } from "../../component/executionRolePolicy";
import { dashboardName } from "../../component/naming";
import {
  ACCOUNT,
  autoname,
  type Harness,
  installHarness,
  PROJECT,
  promiseOf,
  REGION,
  type RecordedResource,
  STACK,
  sampleReport,
} from "./pulumiHarness";
import { resolvedArgs } from "./resolvedArgs";

const ECHO_ACCOUNT = "123456789012";
const ALARM_TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:alerts`;

let harness: Harness;

beforeAll(async () => {
  harness = await installHarness();
});

beforeEach(() => {
  harness.reset();
});

interface Built {
  readonly component: EcrPullThroughCache;
  readonly urn: string;
  /** Every resource registered for this component, itself included. */
  readonly all: RecordedResource[];
  /** The component's children. */
  readonly children: RecordedResource[];
  one(type: string, name?: string): RecordedResource;
  many(type: string): RecordedResource[];
}

async function build(name: string, args: EcrPullThroughCacheArgs): Promise<Built> {
  const component = new EcrPullThroughCache(name, args);
  const urn = await promiseOf(component.urn);
  await promiseOf(component.usageInstructions);
  await harness.settle();
  const all = harness.resources.filter((r) => r.urn === urn || r.parent === urn);
  const children = all.filter((r) => r.urn !== urn);
  const many = (type: string) => children.filter((r) => r.type === type);
  return {
    component,
    urn,
    all,
    children,
    many,
    one(type, childName) {
      const found = many(type).filter((r) => childName === undefined || r.name === childName);
      if (found.length !== 1)
        throw new Error(`expected one ${type} ${childName ?? ""}, found ${found.length}`);
      return found[0] as RecordedResource;
    },
  };
}

const physical = (r: RecordedResource): string => r.inputs.name ?? r.inputs.dashboardName ?? autoname(r.name);
const fnArn = (b: Built) =>
  `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${physical(b.one("aws:lambda/function:Function"))}`;
const paramArn = (paramName: string) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${paramName}`;
const roleNamed = (b: Built, logical: string) => b.one("aws:iam/role:Role", logical);
const policyOf = (b: Built, logical: string) =>
  JSON.parse(b.one("aws:iam/rolePolicy:RolePolicy", logical).inputs.policy);

const BASIC: EcrPullThroughCacheArgs = { sourceRegistryAccountId: ECHO_ACCOUNT };
const PARAM = `/echo-ptc/${PROJECT}/${STACK}/echo-cache/config`;
const LOG_GROUP = `/echo-ptc/${PROJECT}/${STACK}/echo-cache`;

describe("EcrPullThroughCache resources", () => {
  // One component with the seed's args, built once: the tests below only read what it registered.
  let basic: Built;
  let registered: RecordedResource[];
  beforeAll(async () => {
    harness.reset();
    basic = await build("echo-cache", BASIC);
    registered = [...harness.resources];
  });

  it("registers only the reconciler, every child parented to the component", () => {
    const b = basic;

    // Assess: the component itself, then exactly these children, all with the component as parent.
    expect(b.all.find((r) => r.urn === b.urn)?.type).toBe(COMPONENT_TYPE);
    expect(b.children.map((r) => r.type).sort()).toEqual(
      [
        "aws:cloudwatch/dashboard:Dashboard",
        "aws:cloudwatch/eventRule:EventRule",
        "aws:cloudwatch/eventTarget:EventTarget",
        "aws:cloudwatch/logGroup:LogGroup",
        // DriftDetected, ReconcileErrors, ConfigInvalid, UpstreamInvalid, function Errors, heartbeat
        "aws:cloudwatch/metricAlarm:MetricAlarm",
        "aws:cloudwatch/metricAlarm:MetricAlarm",
        "aws:cloudwatch/metricAlarm:MetricAlarm",
        "aws:cloudwatch/metricAlarm:MetricAlarm",
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

  it("derives every child's logical name from the component name", async () => {
    const b = basic;

    for (const child of b.children) expect(child.name.startsWith("echo-cache-")).toBe(true);
  });

  it("lets only Lambda assume the execution role, and only Scheduler for this account assume the invoke role", async () => {
    const b = basic;

    expect(JSON.parse(roleNamed(b, "echo-cache-reconciler").inputs.assumeRolePolicy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
      ],
    });
    expect(JSON.parse(roleNamed(b, "echo-cache-scheduler").inputs.assumeRolePolicy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "scheduler.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
        },
      ],
    });
  });

  it("gives the execution role the policy generated for this instance's parameter, log group, owner and role", async () => {
    const b = basic;

    const policy = b.one("aws:iam/rolePolicy:RolePolicy", "echo-cache-reconciler");
    expect(policy.inputs.role).toBe("echo-cache-reconciler-id");
    expect(JSON.parse(policy.inputs.policy)).toEqual(
      executionRolePolicy({
        partition: "aws",
        accountId: ACCOUNT,
        region: REGION,
        configParameterArn: paramArn(PARAM),
        stateParameterArn: paramArn(`${PARAM}.state`),
        ownerId: `${PROJECT}/${STACK}/echo-cache`,
        logGroupArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${LOG_GROUP}`,
        configuredRoleArn: `arn:aws:iam::${ACCOUNT}:role/echo-pullthrough-cache-role`,
      }),
    );
  });

  it("has no adopt statement when adopt is off", async () => {
    const b = basic;

    const sids = policyOf(b, "echo-cache-reconciler").Statement.map((s: { Sid: string }) => s.Sid);
    expect(sids).not.toContain("AdoptConfiguredRole");
  });

  it("defaults the schedule to every 15 minutes", async () => {
    const b = basic;

    expect(b.one("aws:scheduler/schedule:Schedule").inputs.scheduleExpression).toBe("rate(15 minutes)");
  });

  it("triggers the Lambda on edits of exactly its config parameter, allowed only from that rule", async () => {
    const b = basic;

    const rule = b.one("aws:cloudwatch/eventRule:EventRule");
    expect(JSON.parse(rule.inputs.eventPattern)).toEqual({
      source: ["aws.ssm"],
      "detail-type": ["Parameter Store Change"],
      detail: { name: [PARAM] },
    });
    const target = b.one("aws:cloudwatch/eventTarget:EventTarget").inputs;
    expect(target.rule).toBe(physical(rule));
    expect(target.arn).toBe(fnArn(b));
    // No input transform: the Lambda receives the Parameter Store Change event itself.
    expect(target.input).toBeUndefined();
    const permission = b.one("aws:lambda/permission:Permission").inputs;
    expect(permission).toEqual(
      expect.objectContaining({
        action: "lambda:InvokeFunction",
        principal: "events.amazonaws.com",
        sourceArn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/${physical(rule)}`,
        function: physical(b.one("aws:lambda/function:Function")),
      }),
    );
  });

  it("runs the bundled reconciler once at a time with the contract's environment", async () => {
    const b = basic;

    const fn = b.one("aws:lambda/function:Function").inputs;
    expect(fn).toEqual(
      expect.objectContaining({
        runtime: "nodejs22.x",
        handler: "index.handler",
        reservedConcurrentExecutions: 1,
        timeout: 300,
        memorySize: 256,
        architectures: ["arm64"],
        role: `arn:aws:iam::${ACCOUNT}:role/${autoname("echo-cache-reconciler")}`,
        loggingConfig: { logFormat: "JSON", logGroup: LOG_GROUP },
      }),
    );
    expect(fn.environment.variables).toEqual({
      [ENV.configParameterName]: PARAM,
      [ENV.stateParameterName]: `${PARAM}.state`,
      [ENV.ownerId]: `${PROJECT}/${STACK}/echo-cache`,
      [ENV.cacheName]: "echo-cache",
      [ENV.serviceName]: DEFAULT_SERVICE_NAME,
      [ENV.metricsNamespace]: DEFAULT_METRICS_NAMESPACE,
    });
    const assets = await fn.code.assets;
    expect(Object.keys(assets)).toEqual(["index.js"]);
    expect(await assets["index.js"].path).toMatch(/[/\\]dist[/\\]lambda[/\\]index\.js$/);
  });

  it("invokes the reconciler on create, update and delete, after everything its teardown needs", async () => {
    const b = basic;

    const invocation = b.one("aws:lambda/invocation:Invocation");
    expect(invocation.inputs).toEqual(
      expect.objectContaining({
        functionName: physical(b.one("aws:lambda/function:Function")),
        lifecycleScope: "CRUD",
        terraformKey: "tf",
      }),
    );
    expect(JSON.parse(invocation.inputs.input)).toEqual({
      source: CUSTOM_RESOURCE_SOURCE,
      deletionPolicy: "delete",
      deploymentId: fnArn(b),
    });
    const needed = [
      roleNamed(b, "echo-cache-reconciler"),
      b.one("aws:iam/rolePolicy:RolePolicy", "echo-cache-reconciler"),
      b.one("aws:cloudwatch/logGroup:LogGroup"),
      b.one("aws:lambda/function:Function"),
      b.one("aws:ssm/parameter:Parameter"),
    ].map((r) => r.urn);
    expect(invocation.dependencies).toEqual(expect.arrayContaining(needed));
  });

  it("starts the schedule and the config-change target after the first run, and stops them before the teardown", async () => {
    const b = basic;

    const invocation = b.one("aws:lambda/invocation:Invocation").urn;

    expect(b.one("aws:scheduler/schedule:Schedule").dependencies).toContain(invocation);
    expect(b.one("aws:cloudwatch/eventTarget:EventTarget").dependencies).toContain(invocation);
  });

  it("defaults to SSM owning the config", async () => {
    const b = basic;

    expect(b.one("aws:ssm/parameter:Parameter").ignoreChanges).toEqual(["value"]);
  });

  it("schedules reconcile runs with a fixed payload through an invoke-only role", () => {
    const b = basic;

    const schedule = b.one("aws:scheduler/schedule:Schedule").inputs;
    expect(schedule.flexibleTimeWindow).toEqual({ mode: "OFF" });
    expect(schedule.target.arn).toBe(fnArn(b));
    expect(schedule.target.roleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/${autoname("echo-cache-scheduler")}`);
    expect(JSON.parse(schedule.target.input)).toEqual({ action: "reconcile", trigger: "schedule" });
    expect(policyOf(b, "echo-cache-scheduler")).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "InvokeReconciler", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: fnArn(b) },
      ],
    });
  });

  it("alarms on drift, errors, invalid config and an invalid upstream with the Lambda's metric names and dimensions", () => {
    const alarms = basic
      .many("aws:cloudwatch/metricAlarm:MetricAlarm")
      .map((a) => a.inputs)
      .filter((a) => a.namespace === DEFAULT_METRICS_NAMESPACE);

    expect(alarms.map((a) => a.metricName).sort()).toEqual(
      [METRIC.driftDetected, METRIC.reconcileErrors, METRIC.configInvalid, METRIC.upstreamInvalid].sort(),
    );
    for (const alarm of alarms) {
      expect(alarm).toEqual(
        expect.objectContaining({
          namespace: DEFAULT_METRICS_NAMESPACE,
          dimensions: { service: DEFAULT_SERVICE_NAME, [METRIC_DIMENSION]: "echo-cache" },
          statistic: "Sum",
          threshold: 1,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          evaluationPeriods: 1,
          period: 900,
          treatMissingData: "notBreaching",
          alarmActions: [],
          okActions: [],
        }),
      );
    }
  });

  it("says in the upstream alarm that Echo's registry policy most likely does not grant this account yet", () => {
    const upstream = basic.one(
      "aws:cloudwatch/metricAlarm:MetricAlarm",
      "echo-cache-upstream-invalid",
    ).inputs;

    expect(upstream.metricName).toBe(METRIC.upstreamInvalid);
    expect(upstream.alarmDescription).toContain("ValidatePullThroughCacheRule");
    expect(upstream.alarmDescription).toContain("Echo's registry policy does not grant this account");
    expect(upstream.alarmDescription).toContain(LOG_GROUP);
  });

  it("alarms on the function's own AWS/Lambda Errors, counted like the reconciler's metrics", () => {
    const errors = basic.one("aws:cloudwatch/metricAlarm:MetricAlarm", "echo-cache-function-errors").inputs;

    expect(errors).toEqual(
      expect.objectContaining({
        namespace: "AWS/Lambda",
        metricName: LAMBDA_METRIC.errors,
        dimensions: { FunctionName: physical(basic.one("aws:lambda/function:Function")) },
        statistic: "Sum",
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        evaluationPeriods: 1,
        period: 900,
        treatMissingData: "notBreaching",
        alarmActions: [],
        okActions: [],
      }),
    );
  });

  it("raises a heartbeat alarm when the function is not invoked for three schedule periods, missing data breaching", () => {
    const heartbeat = basic.one("aws:cloudwatch/metricAlarm:MetricAlarm", "echo-cache-heartbeat").inputs;

    expect(heartbeat).toEqual(
      expect.objectContaining({
        namespace: "AWS/Lambda",
        metricName: LAMBDA_METRIC.invocations,
        dimensions: { FunctionName: physical(basic.one("aws:lambda/function:Function")) },
        statistic: "Sum",
        threshold: 1,
        comparisonOperator: "LessThanThreshold",
        evaluationPeriods: 3,
        period: 900,
        treatMissingData: "breaching",
        alarmActions: [],
        okActions: [],
      }),
    );
    expect(heartbeat.datapointsToAlarm).toBeUndefined(); // all three periods must be empty
    expect(heartbeat.alarmDescription).toContain("45 minutes");
  });

  describe("dashboard", () => {
    interface Row {
      readonly namespace: string;
      readonly metricName: string;
      readonly dimensions: Record<string, string>;
    }
    // biome-ignore lint/suspicious/noExplicitAny: the parsed dashboard body is untyped JSON.
    let body: { widgets: any[] };
    let rows: Row[];
    beforeAll(() => {
      body = JSON.parse(basic.one("aws:cloudwatch/dashboard:Dashboard").inputs.dashboardBody);
      // Metric rows are [namespace, name, dim, value, ..., options?]; expression rows are [{ expression }].
      rows = body.widgets
        .filter((w) => w.type === "metric")
        .flatMap((w) => w.properties.metrics as unknown[][])
        .filter((row) => typeof row[0] === "string")
        .map((row) => {
          const strings = row.filter((x): x is string => typeof x === "string");
          const [namespace, metricName, ...pairs] = strings;
          const dimensions: Record<string, string> = {};
          for (let i = 0; i < pairs.length; i += 2) dimensions[pairs[i] as string] = pairs[i + 1] as string;
          return { namespace: namespace as string, metricName: metricName as string, dimensions };
        });
    });

    it("is one dashboard parented to the component, named after the owner id", () => {
      const dashboard = basic.one("aws:cloudwatch/dashboard:Dashboard");

      expect(dashboard.parent).toBe(basic.urn);
      expect(dashboard.name).toBe("echo-cache-dashboard");
      expect(dashboard.inputs.dashboardName).toBe(
        dashboardName({ project: PROJECT, stack: STACK, name: "echo-cache" }),
      );
      expect(dashboard.inputs.dashboardName).toMatch(/^[A-Za-z0-9_-]{1,255}$/);
    });

    it("draws only the metrics the Lambda emits and the function's AWS/Lambda metrics", () => {
      const custom = rows.filter((r) => r.namespace === DEFAULT_METRICS_NAMESPACE).map((r) => r.metricName);
      const lambda = rows.filter((r) => r.namespace === "AWS/Lambda").map((r) => r.metricName);

      expect(rows.length).toBe(custom.length + lambda.length);
      expect(new Set(custom)).toEqual(new Set(Object.values(METRIC)));
      for (const name of lambda) expect(Object.values(LAMBDA_METRIC)).toContain(name);
      expect(new Set(lambda)).toEqual(
        new Set([
          LAMBDA_METRIC.invocations,
          LAMBDA_METRIC.errors,
          LAMBDA_METRIC.duration,
          LAMBDA_METRIC.throttles,
        ]),
      );
    });

    it("uses the alarms' namespace and dimensions, and the alarmed function's name", () => {
      const alarms = basic.many("aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.inputs);

      for (const row of rows) {
        const sameNamespace = alarms.filter((a) => a.namespace === row.namespace);
        expect(sameNamespace.length).toBeGreaterThan(0);
        for (const alarm of sameNamespace) expect(row.dimensions).toEqual(alarm.dimensions);
      }
      for (const widget of body.widgets.filter((w) => w.type !== "text")) {
        expect(widget.properties.region).toBe(REGION);
      }
    });

    it("fills the gaps of every counted metric with 0, at the alarms' period", () => {
      for (const widget of body.widgets.filter((w) => w.type === "metric")) {
        expect(widget.properties.period).toBe(900);
        const expressions = widget.properties.metrics
          .map((row: unknown[]) => row[0])
          .filter((x: unknown) => typeof x === "object")
          .map((x: { expression: string }) => x.expression);
        for (const e of expressions) expect(e).toMatch(/^FILL\(m\d+, 0\)$/);
      }
    });

    it("queries the function's log group for the latest drift and errors", () => {
      const queries = body.widgets.filter((w) => w.type === "log").map((w) => w.properties.query as string);

      expect(queries).toHaveLength(2);
      for (const query of queries) expect(query.startsWith(`SOURCE '${LOG_GROUP}'\n| `)).toBe(true);
      expect(queries.some((q) => q.includes("report.resources.0.differences.0.path"))).toBe(true);
      expect(queries.some((q) => q.includes('filter level = "ERROR"'))).toBe(true);
    });
  });

  it("writes the defaults as the schema produces them, with version 1, to a String parameter", () => {
    const parameter = basic.one("aws:ssm/parameter:Parameter").inputs;

    expect(parameter).toEqual(expect.objectContaining({ name: PARAM, type: "String", tier: "Standard" }));
    expect(parseConfigText(parameter.value)).toEqual({ ok: true, config: resolvedArgs(BASIC).config });
    expect(JSON.parse(parameter.value).version).toBe(1);
  });
});

describe("EcrPullThroughCache with every option", () => {
  const FULL: EcrPullThroughCacheArgs = {
    sourceRegistryAccountId: ECHO_ACCOUNT,
    sourceRegistryRegion: "eu-central-1",
    repositoryPrefix: "echo/hardened",
    upstreamRepositoryPrefix: "images",
    roleName: "legacy-echo-role",
    tags: { team: "platform" },
    mode: "detect",
    adopt: true,
    allowReplace: false,
    schedule: "cron(0 4 * * ? *)",
    deletionPolicy: "retain",
    configSource: "pulumi",
    alarmActions: [ALARM_TOPIC],
    logRetentionInDays: 90,
    lambdaMemorySize: 512,
    architecture: "x86_64",
  };
  let full: Built;
  beforeAll(async () => {
    harness.reset();
    full = await build("echo-cache", FULL);
  });

  it("writes every config arg to the parameter, as the Lambda's schema reads it", () => {
    const parsed = parseConfigText(full.one("aws:ssm/parameter:Parameter").inputs.value);

    expect(parsed).toEqual({
      ok: true,
      config: {
        version: 1,
        sourceRegistryAccountId: ECHO_ACCOUNT,
        sourceRegistryRegion: "eu-central-1",
        repositoryPrefix: "echo/hardened",
        upstreamRepositoryPrefix: "images",
        roleName: "legacy-echo-role",
        rolePath: "/",
        tags: { team: "platform" },
        mode: "detect",
        adopt: true,
        allowReplace: false,
      },
    });
  });

  it("diffs the parameter value when Pulumi owns the config", () => {
    expect(full.one("aws:ssm/parameter:Parameter").ignoreChanges).toEqual([]);
  });

  it("puts the config hash and the retain policy in the custom resource's input", () => {
    const input = JSON.parse(full.one("aws:lambda/invocation:Invocation").inputs.input);

    expect(input).toEqual({
      source: CUSTOM_RESOURCE_SOURCE,
      deletionPolicy: "retain",
      deploymentId: fnArn(full),
      configHash: configHash(resolvedArgs(FULL).config),
    });
    expect(input.configHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("adds the adopt statement for exactly the configured role", () => {
    const adopt = policyOf(full, "echo-cache-reconciler").Statement.filter(
      (s: { Sid: string }) => s.Sid === "AdoptConfiguredRole",
    );

    expect(adopt).toEqual([
      expect.objectContaining({
        Action: "iam:TagRole",
        Resource: `arn:aws:iam::${ACCOUNT}:role/legacy-echo-role`,
      }),
    ]);
  });

  it("uses the given schedule, and an hourly alarm period for a cron schedule", () => {
    expect(full.one("aws:scheduler/schedule:Schedule").inputs.scheduleExpression).toBe("cron(0 4 * * ? *)");
    for (const alarm of full.many("aws:cloudwatch/metricAlarm:MetricAlarm")) {
      expect(alarm.inputs.period).toBe(3600);
    }
    expect(
      JSON.parse(full.one("aws:cloudwatch/dashboard:Dashboard").inputs.dashboardBody).widgets[1].properties
        .period,
    ).toBe(3600);
  });

  it("has no heartbeat alarm for a cron schedule, which has no fixed interval to miss", () => {
    const names = full.many("aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.name);

    expect(names.sort()).toEqual(
      [
        "echo-cache-config-invalid",
        "echo-cache-drift-detected",
        "echo-cache-function-errors",
        "echo-cache-reconcile-errors",
        "echo-cache-upstream-invalid",
      ].sort(),
    );
  });

  it("notifies the alarm actions on ALARM and OK", () => {
    for (const alarm of full.many("aws:cloudwatch/metricAlarm:MetricAlarm")) {
      expect(alarm.inputs).toEqual(
        expect.objectContaining({ alarmActions: [ALARM_TOPIC], okActions: [ALARM_TOPIC] }),
      );
    }
  });

  it("applies memory size, architecture and log retention", () => {
    expect(full.one("aws:lambda/function:Function").inputs).toEqual(
      expect.objectContaining({ memorySize: 512, architectures: ["x86_64"] }),
    );
    expect(full.one("aws:cloudwatch/logGroup:LogGroup").inputs).toEqual(
      expect.objectContaining({ name: LOG_GROUP, retentionInDays: 90 }),
    );
  });
});

describe("EcrPullThroughCache outputs", () => {
  it("resolves the outputs from the reconciler's report", async () => {
    harness.invocationResult = () => JSON.stringify(sampleReport("echo", "echo-pullthrough-cache-role"));

    const b = await build("echo-cache", BASIC);

    const c = b.component;
    expect(await promiseOf(c.cachePrefix)).toBe("echo");
    expect(await promiseOf(c.roleArn)).toBe(`arn:aws:iam::${ACCOUNT}:role/echo-pullthrough-cache-role`);
    expect(await promiseOf(c.cacheRule)).toEqual(sampleReport().outputs?.cacheRule);
    expect(await promiseOf(c.status)).toBe("IN_SYNC");
    expect(await promiseOf(c.functionName)).toBe(physical(b.one("aws:lambda/function:Function")));
    expect(await promiseOf(c.configParameterName)).toBe(PARAM);
    expect(await promiseOf(c.logGroupName)).toBe(LOG_GROUP);
    const dashboard = physical(b.one("aws:cloudwatch/dashboard:Dashboard"));
    expect(await promiseOf(c.dashboardName)).toBe(dashboard);
    const usage = await promiseOf(c.usageInstructions);
    expect(usage).toContain(`Dashboard: CloudWatch dashboard ${dashboard}`);
    expect(usage).toContain(`docker pull ${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/echo/<image>:<tag>`);
    expect(usage).toContain(`--name ${PARAM} --overwrite --type String --value file://config.json`);
  });

  it("takes the cache prefix from the report, which reflects SSM edits", async () => {
    harness.invocationResult = () => JSON.stringify(sampleReport("edited-in-ssm"));

    const b = await build("echo-cache", BASIC);

    expect(await promiseOf(b.component.cachePrefix)).toBe("edited-in-ssm");
    expect(await promiseOf(b.component.usageInstructions)).toContain("/edited-in-ssm/<image>:<tag>");
  });

  it("leaves report outputs undefined and falls back to the args' prefix when the result is not a report", async () => {
    harness.invocationResult = () => "null";

    const b = await build("echo-cache", { ...BASIC, repositoryPrefix: "mirror" });

    expect(await promiseOf(b.component.roleArn)).toBeUndefined();
    expect(await promiseOf(b.component.cacheRule)).toBeUndefined();
    expect(await promiseOf(b.component.cachePrefix)).toBe("mirror");
  });

  it("works through createEcrPullThroughCache", async () => {
    const c = createEcrPullThroughCache("echo-cache", BASIC);

    expect(c).toBeInstanceOf(EcrPullThroughCache);
    expect(await promiseOf(c.configParameterName)).toBe(PARAM);
  });
});

describe("two EcrPullThroughCache instances in one stack", () => {
  it("share no physical name, owner id or metric dimension", async () => {
    const a = await build("team-a", { ...BASIC, repositoryPrefix: "team-a" });
    const b = await build("team-b", { ...BASIC, repositoryPrefix: "team-b" });

    // Explicit physical names are distinct; autonamed resources derive from distinct logical names.
    const names = [...a.children, ...b.children]
      .filter((r) => r.custom)
      .map((r) => `${r.type} ${physical(r)}`);
    expect(new Set(names).size).toBe(names.length);
    const explicit = [...a.children, ...b.children].filter((r) => r.inputs.name !== undefined);
    expect(explicit.length).toBe(4); // parameter and log group of each
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

  it("get one dashboard each, with distinct names and each drawing only its own cache and function", async () => {
    const a = await build("team-a", { ...BASIC, repositoryPrefix: "team-a" });
    const b = await build("team-b", { ...BASIC, repositoryPrefix: "team-b" });

    const dashboardOf = (x: Built) => x.one("aws:cloudwatch/dashboard:Dashboard").inputs;
    expect(dashboardOf(a).dashboardName).not.toBe(dashboardOf(b).dashboardName);
    expect(await promiseOf(a.component.dashboardName)).toBe(dashboardOf(a).dashboardName);
    expect(await promiseOf(b.component.dashboardName)).toBe(dashboardOf(b).dashboardName);
    const bodyA = dashboardOf(a).dashboardBody as string;
    expect(bodyA).toContain(`"${METRIC_DIMENSION}","team-a"`);
    expect(bodyA).not.toContain("team-b");
    expect(bodyA).toContain(physical(a.one("aws:lambda/function:Function")));
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
        reason: "config fields are validated synchronously, so Outputs are refused",
        args: { ...BASIC, repositoryPrefix: pulumi.output("echo") as unknown as string },
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
    await harness.settle();

    expect(error).toBeInstanceOf(EcrPullThroughCacheArgsError);
    expect((error as EcrPullThroughCacheArgsError).name).toBe("EcrPullThroughCacheArgsError");
    expect((error as EcrPullThroughCacheArgsError).errors.some((e) => e.startsWith(`${path}: `))).toBe(true);
    expect(harness.resources).toEqual([]);
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

  it("would have seen registrations: the same wait records a valid component's resources", async () => {
    new EcrPullThroughCache("echo-cache", BASIC);
    await harness.settle();

    expect(harness.resources.length).toBeGreaterThan(0);
  });
});

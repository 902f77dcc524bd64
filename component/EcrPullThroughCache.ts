import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CUSTOM_RESOURCE_SOURCE, DEFAULT_METRICS_NAMESPACE } from "../common/constants";
import type { CacheRuleOutput, ReportStatus } from "../common/types";
import { configHash, configParameterValue } from "./configDocument";
import {
  COMPONENT_TYPE,
  HEARTBEAT_MISSED_PERIODS,
  INVOCATION_TERRAFORM_KEY,
  LAMBDA_FUNCTION_DIMENSION,
  LAMBDA_HANDLER,
  LAMBDA_METRIC,
  LAMBDA_METRICS_NAMESPACE,
  LAMBDA_RESERVED_CONCURRENCY,
  LAMBDA_RUNTIME,
  LAMBDA_TIMEOUT_SECONDS,
  SCHEDULE_INPUT,
} from "./constants";
import { dashboardBody } from "./dashboard";
import { EcrPullThroughCacheArgsError } from "./errors";
import { executionRolePolicy } from "./executionRolePolicy";
import { invocationInput, parseInvocationResult, reportOutputs } from "./invocation";
import { lambdaBundlePath } from "./lambdaBundle";
import {
  configParameterName,
  dashboardName,
  type InstanceIdentity,
  logGroupName,
  ownerId,
  ownerIdErrors,
  roleArn,
  stateParameterArn,
} from "./naming";
import { invokeFunctionPolicy, serviceTrustPolicy } from "./policyDocument";
import {
  ALARMED_METRICS,
  alarmPeriodSeconds,
  configChangeEventPattern,
  configParameterOptions,
  durationText,
  heartbeatPeriodSeconds,
  lambdaEnvironment,
  metricDimensions,
} from "./resourceSettings";
import type { EcrPullThroughCacheArgs, ResolvedArgs } from "./types";
import { usageInstructions } from "./usageInstructions";
import { scheduleIntervalSeconds, validateArgs } from "./validateArgs";

/** What differs between the component's alarms; the rest (Sum, ≥ 1, one period, actions) is shared. */
type AlarmMetric = Pick<
  aws.cloudwatch.MetricAlarmArgs,
  | "namespace"
  | "metricName"
  | "dimensions"
  | "period"
  | "evaluationPeriods"
  | "comparisonOperator"
  | "treatMissingData"
>;

interface Prepared {
  readonly resolved: ResolvedArgs;
  readonly identity: InstanceIdentity;
  readonly ownerId: string;
}

/** Everything that can fail before a resource exists: args, name and the owner id derived from them. */
function prepare(name: string, args: EcrPullThroughCacheArgs): Prepared {
  const identity = { project: pulumi.getProject(), stack: pulumi.getStack(), name };
  const owner = ownerId(identity);
  const checked = validateArgs(args, name);
  const errors = [...(checked.ok ? [] : checked.errors), ...ownerIdErrors(owner)];
  if (!checked.ok || errors.length > 0) throw new EcrPullThroughCacheArgsError(errors.sort());
  return { resolved: checked.resolved, identity, ownerId: owner };
}

/**
 * A self-healing Amazon ECR pull-through cache of Echo's images.
 *
 * Pulumi deploys only the reconciler: an SSM config parameter, a Lambda with its execution role and
 * log group, an EventBridge Scheduler schedule, an EventBridge rule on edits of the parameter, alarms
 * on the reconciler's metrics and on the function's own (errors, and a heartbeat for `rate()`
 * schedules of at most a day), a CloudWatch dashboard, and an `aws.lambda.Invocation` custom
 * resource that runs the reconciler on create, update and destroy. The Lambda owns the IAM role ECR
 * assumes and the pull-through cache rule, and puts them back when they drift.
 *
 * The args are validated with the Lambda's own config schema in the constructor: a bad value throws
 * {@link EcrPullThroughCacheArgsError} before any resource is registered.
 *
 * @example
 * import { EcrPullThroughCache } from "@buildecho/pulumi-onboarding-providers-ecr-pullthrough-cache";
 *
 * const cache = new EcrPullThroughCache("echo-cache", { sourceRegistryAccountId: "123456789012" });
 * export const usage = cache.usageInstructions;
 * // docker pull <account>.dkr.ecr.<region>.amazonaws.com/echo/<image>:<tag>
 */
export class EcrPullThroughCache extends pulumi.ComponentResource {
  /** The ECR repository prefix of the cache, as the last deploy-time run reported it. */
  public readonly cachePrefix: pulumi.Output<string>;
  /** ARN of the role ECR assumes; undefined when the run did not report one (e.g. mode `paused`). */
  public readonly roleArn: pulumi.Output<string | undefined>;
  /** The pull-through cache rule, as the last deploy-time run described it. */
  public readonly cacheRule: pulumi.Output<CacheRuleOutput | undefined>;
  /** Top-level status of the last deploy-time run (`IN_SYNC`, `REMEDIATED`, `DRIFTED`, ...). */
  public readonly status: pulumi.Output<ReportStatus | undefined>;
  /** How to pull, the IAM policies needed on both sides, and how to operate the reconciler. */
  public readonly usageInstructions: pulumi.Output<string>;
  /** The reconciler Lambda's name. */
  public readonly functionName: pulumi.Output<string>;
  /** The SSM parameter holding the config. */
  public readonly configParameterName: pulumi.Output<string>;
  /** The log group the reconciler writes to. */
  public readonly logGroupName: pulumi.Output<string>;
  /** The CloudWatch dashboard of this cache: its metrics over time and the latest drift from the logs. */
  public readonly dashboardName: pulumi.Output<string>;

  public constructor(name: string, args: EcrPullThroughCacheArgs, opts?: pulumi.ComponentResourceOptions) {
    // Validate before `super`: a throw here leaves no resource registered, not even the component.
    const { resolved, identity, ownerId: owner } = prepare(name, args);
    super(COMPONENT_TYPE, name, {}, opts);
    const { config } = resolved;
    const parent = { parent: this };

    const partition = aws.getPartitionOutput({}, parent);
    const caller = aws.getCallerIdentityOutput({}, parent);
    const region = aws.getRegionOutput({}, parent);

    const parameter = new aws.ssm.Parameter(
      `${name}-config`,
      {
        name: configParameterName(identity),
        description: `Config of the Echo ECR pull-through cache reconciler '${name}'. Every edit is validated and applied.`,
        type: "String",
        tier: "Standard",
        dataType: "text",
        value: configParameterValue(config),
      },
      { ...parent, ...configParameterOptions(resolved.configSource) },
    );

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: logGroupName(identity), retentionInDays: resolved.logRetentionInDays },
      parent,
    );

    const executionRole = new aws.iam.Role(
      `${name}-reconciler`,
      {
        description: `Execution role of the Echo ECR pull-through cache reconciler '${name}'.`,
        assumeRolePolicy: JSON.stringify(serviceTrustPolicy("lambda.amazonaws.com")),
      },
      parent,
    );
    const executionPolicy = new aws.iam.RolePolicy(
      `${name}-reconciler`,
      {
        role: executionRole.id,
        policy: pulumi
          .all([partition.partition, caller.accountId, region.region, parameter.arn, logGroup.arn])
          .apply(([partitionName, accountId, regionName, configParameterArn, logGroupArn]) => {
            const configuredRoleArn = roleArn({
              partition: partitionName,
              accountId,
              path: config.rolePath,
              name: config.roleName,
            });
            return JSON.stringify(
              executionRolePolicy({
                partition: partitionName,
                accountId,
                region: regionName,
                configParameterArn,
                stateParameterArn: stateParameterArn(configParameterArn),
                ownerId: owner,
                logGroupArn,
                configuredRoleArn,
                ...(config.adopt ? { adoptRoleArn: configuredRoleArn } : {}),
              }),
            );
          }),
      },
      parent,
    );

    const fn = new aws.lambda.Function(
      `${name}-reconciler`,
      {
        description: `Reconciles the Echo ECR pull-through cache '${name}'.`,
        runtime: LAMBDA_RUNTIME,
        handler: LAMBDA_HANDLER,
        role: executionRole.arn,
        code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.FileAsset(lambdaBundlePath()) }),
        architectures: [resolved.architecture],
        memorySize: resolved.lambdaMemorySize,
        timeout: LAMBDA_TIMEOUT_SECONDS,
        reservedConcurrentExecutions: LAMBDA_RESERVED_CONCURRENCY,
        loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
        environment: {
          variables: parameter.name.apply((parameterName) =>
            lambdaEnvironment({
              configParameterName: parameterName,
              ownerId: owner,
              cacheName: name,
              allowAdopt: resolved.config.adopt,
            }),
          ),
        },
      },
      // The policy before the function: a first invocation must not run without its permissions.
      { ...parent, dependsOn: [executionPolicy, logGroup] },
    );

    const invocation = new aws.lambda.Invocation(
      `${name}-lifecycle`,
      {
        functionName: fn.name,
        lifecycleScope: "CRUD",
        terraformKey: INVOCATION_TERRAFORM_KEY,
        input: fn.arn.apply((deploymentId) =>
          invocationInput({
            source: CUSTOM_RESOURCE_SOURCE,
            deletionPolicy: resolved.deletionPolicy,
            deploymentId,
            ...(resolved.configSource === "pulumi" ? { configHash: configHash(config) } : {}),
          }),
        ),
      },
      // Destroy deletes dependents first: the teardown run happens while everything it needs exists.
      { ...parent, dependsOn: [executionRole, executionPolicy, logGroup, fn, parameter] },
    );

    const schedulerRole = new aws.iam.Role(
      `${name}-scheduler`,
      {
        description: `Lets EventBridge Scheduler invoke the Echo ECR pull-through cache reconciler '${name}'.`,
        assumeRolePolicy: caller.accountId.apply((accountId) =>
          JSON.stringify(serviceTrustPolicy("scheduler.amazonaws.com", accountId)),
        ),
      },
      parent,
    );
    const schedulerPolicy = new aws.iam.RolePolicy(
      `${name}-scheduler`,
      { role: schedulerRole.id, policy: fn.arn.apply((arn) => JSON.stringify(invokeFunctionPolicy(arn))) },
      parent,
    );
    new aws.scheduler.Schedule(
      `${name}-schedule`,
      {
        description: `Backstop reconcile of the Echo ECR pull-through cache '${name}'.`,
        scheduleExpression: resolved.schedule,
        flexibleTimeWindow: { mode: "OFF" },
        target: { arn: fn.arn, roleArn: schedulerRole.arn, input: JSON.stringify(SCHEDULE_INPUT) },
      },
      // After the first run on create, and removed before the teardown on destroy: a scheduled run must not
      // re-create what the teardown just removed.
      { ...parent, dependsOn: [schedulerPolicy, invocation] },
    );

    const rule = new aws.cloudwatch.EventRule(
      `${name}-config-changed`,
      {
        description: `Edits of the config of the Echo ECR pull-through cache '${name}'.`,
        eventPattern: parameter.name.apply((n) => JSON.stringify(configChangeEventPattern(n))),
      },
      parent,
    );
    const permission = new aws.lambda.Permission(
      `${name}-config-changed`,
      {
        action: "lambda:InvokeFunction",
        function: fn.name,
        principal: "events.amazonaws.com",
        sourceArn: rule.arn,
      },
      parent,
    );
    new aws.cloudwatch.EventTarget(
      `${name}-config-changed`,
      // The event itself is delivered: the handler checks it names this parameter (it carries no value).
      { rule: rule.name, arn: fn.arn },
      { ...parent, dependsOn: [permission, invocation] },
    );

    const period = alarmPeriodSeconds(scheduleIntervalSeconds(resolved.schedule));
    const alarm = (suffix: string, what: string, metric: AlarmMetric) =>
      new aws.cloudwatch.MetricAlarm(
        `${name}-${suffix}`,
        {
          alarmDescription: `Echo ECR pull-through cache '${name}': ${what}. See the log group ${logGroupName(identity)}.`,
          statistic: "Sum",
          evaluationPeriods: 1,
          threshold: 1,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          // The Lambda emits only non-zero metrics, and AWS/Lambda has no datapoint without a run.
          treatMissingData: "notBreaching",
          ...metric,
          alarmActions: resolved.alarmActions,
          okActions: resolved.alarmActions,
        },
        parent,
      );
    for (const m of ALARMED_METRICS) {
      alarm(m.suffix, m.what, {
        namespace: DEFAULT_METRICS_NAMESPACE,
        metricName: m.metricName,
        dimensions: metricDimensions(name),
        period,
      });
    }
    const functionDimensions = { [LAMBDA_FUNCTION_DIMENSION]: fn.name };
    alarm(
      "function-errors",
      "the reconciler function failed (a crash, a timeout, an unknown event, or a failed deploy-time run)",
      {
        namespace: LAMBDA_METRICS_NAMESPACE,
        metricName: LAMBDA_METRIC.errors,
        dimensions: functionDimensions,
        period,
      },
    );
    const heartbeatPeriod = heartbeatPeriodSeconds(scheduleIntervalSeconds(resolved.schedule));
    if (heartbeatPeriod !== undefined) {
      alarm(
        "heartbeat",
        `the reconciler has not been invoked for ${durationText(HEARTBEAT_MISSED_PERIODS * heartbeatPeriod)} ` +
          `(its schedule is ${resolved.schedule}); check the schedule and the function's throttles`,
        {
          namespace: LAMBDA_METRICS_NAMESPACE,
          metricName: LAMBDA_METRIC.invocations,
          dimensions: functionDimensions,
          period: heartbeatPeriod,
          evaluationPeriods: HEARTBEAT_MISSED_PERIODS,
          comparisonOperator: "LessThanThreshold",
          // No invocation means no datapoint at all: missing is exactly what this alarm looks for.
          treatMissingData: "breaching",
        },
      );
    }

    const dashboard = new aws.cloudwatch.Dashboard(
      `${name}-dashboard`,
      {
        dashboardName: dashboardName(identity),
        dashboardBody: pulumi
          .all([region.region, fn.name, logGroup.name])
          .apply(([regionName, fnName, group]) =>
            JSON.stringify(
              dashboardBody({
                region: regionName,
                namespace: DEFAULT_METRICS_NAMESPACE,
                dimensions: metricDimensions(name),
                functionName: fnName,
                logGroupName: group,
                title: `Echo ECR pull-through cache ${name} (${owner})`,
                period,
              }),
            ),
          ),
      },
      parent,
    );

    const outputs = invocation.result.apply(reportOutputs);
    this.status = invocation.result.apply((r) => parseInvocationResult(r)?.status);
    this.cachePrefix = outputs.apply((o) => o?.cachePrefix ?? config.repositoryPrefix);
    this.roleArn = outputs.apply((o) => o?.roleArn);
    this.cacheRule = outputs.apply((o) => o?.cacheRule);
    this.functionName = fn.name;
    this.configParameterName = parameter.name;
    this.logGroupName = logGroup.name;
    this.dashboardName = dashboard.dashboardName;
    this.usageInstructions = pulumi
      .all([
        partition,
        caller.accountId,
        region.region,
        this.cachePrefix,
        fn.name,
        parameter.name,
        logGroup.name,
        dashboard.dashboardName,
      ])
      .apply(
        ([
          p,
          accountId,
          regionName,
          cachePrefix,
          functionName,
          parameterName,
          logGroupNameValue,
          dashboardNameValue,
        ]) =>
          usageInstructions({
            partition: p.partition,
            dnsSuffix: p.dnsSuffix,
            accountId,
            region: regionName,
            cachePrefix,
            sourceRegistryAccountId: config.sourceRegistryAccountId,
            sourceRegistryRegion: config.sourceRegistryRegion,
            configParameterName: parameterName,
            configSource: resolved.configSource,
            functionName,
            logGroupName: logGroupNameValue,
            metricsNamespace: DEFAULT_METRICS_NAMESPACE,
            cacheName: name,
            dashboardName: dashboardNameValue,
          }),
      );

    this.registerOutputs({
      cachePrefix: this.cachePrefix,
      roleArn: this.roleArn,
      cacheRule: this.cacheRule,
      status: this.status,
      usageInstructions: this.usageInstructions,
      functionName: this.functionName,
      configParameterName: this.configParameterName,
      logGroupName: this.logGroupName,
      dashboardName: this.dashboardName,
    });
  }
}

/**
 * Function form of `new EcrPullThroughCache(...)`.
 *
 * @example
 * const cache = createEcrPullThroughCache("echo-cache", { sourceRegistryAccountId: "123456789012", mode: "detect" });
 */
export function createEcrPullThroughCache(
  name: string,
  args: EcrPullThroughCacheArgs,
  opts?: pulumi.ComponentResourceOptions,
): EcrPullThroughCache {
  return new EcrPullThroughCache(name, args, opts);
}

import * as pulumi from "@pulumi/pulumi";
import type { CacheRuleOutput, ReportStatus } from "../common/types";
import { buildAlarms } from "./build/alarms";
import { buildConfigStore } from "./build/configStore";
import { type BuildContext, lookUpAccount } from "./build/context";
import { buildDashboard } from "./build/dashboard";
import { buildLifecycleInvocation } from "./build/lifecycleInvocation";
import { buildOutputs } from "./build/outputs";
import { buildReconcilerFunction } from "./build/reconcilerFunction";
import { buildTriggers } from "./build/triggers";
import { COMPONENT_TYPE, DEFAULT_SCHEDULE } from "./constants";
import { EcrPullThroughCacheArgsError } from "./errors";
import { ownerId, ownerIdErrors } from "./naming";
import { type Instance, resolveInputs } from "./resolvedInputs";
import type { EcrPullThroughCacheArgs } from "./types";
import { componentNameErrors, knownArgsErrors } from "./validateArgs";

/** What is known before anything resolves: the instance's names and the args that shape its resources. */
type Prepared = Omit<BuildContext, "opts" | "resolved"> &
  Pick<Instance, "schedule" | "configSource" | "dashboard" | "unhealthyAlarm">;

/**
 * Everything that can fail before a resource exists: the known args, the name and the owner id derived
 * from it (checked only for a valid name, so a bad name is reported once, as the name).
 *
 * @throws {EcrPullThroughCacheArgsError} naming the instance and listing every problem as `path: message`.
 */
function prepare(name: string, args: EcrPullThroughCacheArgs): Prepared {
  const identity = { project: pulumi.getProject(), stack: pulumi.getStack(), name };
  const owner = ownerId(identity);
  const nameProblems = componentNameErrors(name);
  const errors = [...knownArgsErrors(args, name), ...(nameProblems.length === 0 ? ownerIdErrors(owner) : [])];
  if (errors.length > 0) throw new EcrPullThroughCacheArgsError(String(name), [...new Set(errors)].sort());
  const schedule = args.schedule ?? DEFAULT_SCHEDULE;
  const plain = {
    schedule,
    configSource: args.configSource ?? "ssm",
    dashboard: args.dashboard === true,
    unhealthyAlarm: args.unhealthyAlarm !== false,
  };
  return { name, identity, ownerId: owner, ...plain };
}

/**
 * A self-healing Amazon ECR pull-through cache of Echo's images.
 *
 * Pulumi deploys only the reconciler: an SSM config parameter, a Lambda with its execution role and
 * log group, an EventBridge Scheduler schedule, an EventBridge rule on edits of the parameter, an
 * alarm on the reconciler's `Unhealthy` metric and a heartbeat on the function's invocations (for
 * `rate()` schedules of at most a day), a CloudWatch dashboard if asked (`dashboard: true`), and an
 * `aws.lambda.Invocation` custom resource that runs the reconciler on create, update and destroy. The Lambda owns the IAM role ECR
 * assumes and the pull-through cache rule, and puts them back when they drift.
 *
 * The args are validated with the Lambda's own config schema: a bad known value throws
 * {@link EcrPullThroughCacheArgsError} from the constructor, before any resource is registered; an Output
 * is validated when it resolves, and a bad value then fails the deployment with the same error.
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
  /** ARN of the role ECR assumes, as the last deploy-time run reported it. */
  public readonly roleArn: pulumi.Output<string>;
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
  /** The CloudWatch dashboard of this cache (with `dashboard: true`; otherwise undefined). */
  public readonly dashboardName: pulumi.Output<string | undefined>;

  public constructor(name: string, args: EcrPullThroughCacheArgs, opts?: pulumi.ComponentResourceOptions) {
    // Validate before `super`: a throw here leaves no resource registered, not even the component.
    const {
      schedule,
      configSource,
      dashboard: wantsDashboard,
      unhealthyAlarm,
      ...prepared
    } = prepare(name, args);
    super(COMPONENT_TYPE, name, {}, opts);
    const childOpts = { parent: this };
    const account = lookUpAccount(childOpts);
    const instance = {
      component: this,
      name,
      schedule,
      configSource,
      dashboard: wantsDashboard,
      unhealthyAlarm,
    };
    const resolved = resolveInputs(instance, args, account);
    const ctx: BuildContext = { ...prepared, resolved, opts: childOpts };

    const parameter = buildConfigStore(ctx);
    const reconciler = buildReconcilerFunction(ctx, account, parameter);
    const invocation = buildLifecycleInvocation(ctx, reconciler, parameter);
    buildTriggers(ctx, account, { fn: reconciler.fn, parameter, invocation });
    const alarms = buildAlarms(ctx, reconciler.fn);
    const dashboard = buildDashboard(ctx, account, reconciler, alarms);
    const outputs = buildOutputs(ctx, account, { parameter, reconciler, invocation, dashboard });

    this.cachePrefix = outputs.cachePrefix;
    this.roleArn = outputs.roleArn;
    this.cacheRule = outputs.cacheRule;
    this.status = outputs.status;
    this.usageInstructions = outputs.usageInstructions;
    this.functionName = outputs.functionName;
    this.configParameterName = outputs.configParameterName;
    this.logGroupName = outputs.logGroupName;
    this.dashboardName = outputs.dashboardName;
    this.registerOutputs(outputs);
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

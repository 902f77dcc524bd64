import * as aws from "@pulumi/aws";
import { SCHEDULE_INPUT } from "../constants";
import { invokeFunctionPolicy, serviceTrustPolicy } from "../policyDocument";
import { configChangeEventPattern } from "../resourceSettings";
import type { Account, BuildContext } from "./context";

/** What starts a run besides `pulumi up`, each waiting for the deploy-time run. */
export interface TriggerTargets {
  readonly fn: aws.lambda.Function;
  readonly parameter: aws.ssm.Parameter;
  /** The deploy-time run: both triggers start after it and stop before the teardown run. */
  readonly invocation: aws.lambda.Invocation;
}

/**
 * The two triggers of a reconcile run besides `pulumi up`: the EventBridge Scheduler schedule (the backstop)
 * with its invoke-only role, and the EventBridge rule on edits of the config parameter.
 *
 * @example
 * buildTriggers(ctx, account, { fn, parameter, invocation });
 */
export function buildTriggers(ctx: BuildContext, account: Account, targets: TriggerTargets): void {
  buildSchedule(ctx, account, targets);
  buildConfigChangeTrigger(ctx, targets);
}

function buildSchedule(ctx: BuildContext, account: Account, { fn, invocation }: TriggerTargets): void {
  const { name, resolved, opts } = ctx;
  const schedulerRole = new aws.iam.Role(
    `${name}-scheduler`,
    {
      description: `Lets EventBridge Scheduler invoke the Echo ECR pull-through cache reconciler '${name}'.`,
      assumeRolePolicy: account.accountId.apply((accountId) =>
        JSON.stringify(serviceTrustPolicy("scheduler.amazonaws.com", accountId)),
      ),
      tags: resolved.tags,
    },
    opts,
  );
  const schedulerPolicy = new aws.iam.RolePolicy(
    `${name}-scheduler`,
    { role: schedulerRole.id, policy: fn.arn.apply((arn) => JSON.stringify(invokeFunctionPolicy(arn))) },
    opts,
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
    { ...opts, dependsOn: [schedulerPolicy, invocation] },
  );
}

function buildConfigChangeTrigger(ctx: BuildContext, { fn, parameter, invocation }: TriggerTargets): void {
  const { name, resolved, opts } = ctx;
  const rule = new aws.cloudwatch.EventRule(
    `${name}-config-changed`,
    {
      description: `Edits of the config of the Echo ECR pull-through cache '${name}'.`,
      eventPattern: parameter.name.apply((n) => JSON.stringify(configChangeEventPattern(n))),
      tags: resolved.tags,
    },
    opts,
  );
  const permission = new aws.lambda.Permission(
    `${name}-config-changed`,
    {
      action: "lambda:InvokeFunction",
      function: fn.name,
      principal: "events.amazonaws.com",
      sourceArn: rule.arn,
    },
    opts,
  );
  new aws.cloudwatch.EventTarget(
    `${name}-config-changed`,
    // The event itself is delivered: the handler checks it names this parameter (it carries no value).
    { rule: rule.name, arn: fn.arn },
    { ...opts, dependsOn: [permission, invocation] },
  );
}

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LAMBDA_HANDLER, LAMBDA_RUNTIME, LAMBDA_TIMEOUT_SECONDS, UNRESERVED_CONCURRENCY } from "../constants";
import { executionRolePolicy } from "../executionRolePolicy";
import { lambdaBundlePath } from "../lambdaBundle";
import { functionName, logGroupName, roleArn, stateParameterArn } from "../naming";
import { serviceTrustPolicy } from "../policyDocument";
import { lambdaEnvironment } from "../resourceSettings";
import type { Account, BuildContext } from "./context";

/** The reconciler Lambda and what it runs with. */
export interface ReconcilerFunction {
  readonly fn: aws.lambda.Function;
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly executionRole: aws.iam.Role;
  readonly executionPolicy: aws.iam.RolePolicy;
}

/**
 * The reconciler Lambda with its log group, its execution role and the role's policy, generated for this
 * instance's parameter, log group, owner id and configured role.
 *
 * @example
 * const { fn, logGroup } = buildReconcilerFunction(ctx, account, parameter);
 */
export function buildReconcilerFunction(
  ctx: BuildContext,
  account: Account,
  parameter: aws.ssm.Parameter,
): ReconcilerFunction {
  const { name, resolved, opts } = ctx;
  const { tags } = resolved;

  const logGroup = new aws.cloudwatch.LogGroup(
    `${name}-logs`,
    { name: logGroupName(ctx.identity), retentionInDays: resolved.logRetentionInDays, tags },
    opts,
  );

  const executionRole = new aws.iam.Role(
    `${name}-reconciler`,
    {
      description: `Execution role of the Echo ECR pull-through cache reconciler '${name}'.`,
      assumeRolePolicy: JSON.stringify(serviceTrustPolicy("lambda.amazonaws.com")),
      tags,
    },
    opts,
  );
  const executionPolicy = new aws.iam.RolePolicy(
    `${name}-reconciler`,
    {
      role: executionRole.id,
      policy: pulumi
        .all([
          account.partition.partition,
          account.accountId,
          account.region,
          parameter.arn,
          logGroup.arn,
          resolved.role,
          resolved.adopt,
          resolved.templateRole,
        ])
        .apply(([partitionName, accountId, regionName, configParameterArn, logGroupArn, role, adopt, t]) => {
          const configuredRoleArn = roleArn({
            partition: partitionName,
            accountId,
            path: role.path,
            name: role.name,
          });
          return JSON.stringify(
            executionRolePolicy({
              partition: partitionName,
              accountId,
              region: regionName,
              configParameterArn,
              stateParameterArn: stateParameterArn(configParameterArn),
              ownerId: ctx.ownerId,
              logGroupArn,
              configuredRoleArn,
              ...(adopt ? { adoptRoleArn: configuredRoleArn } : {}),
              ...(t ? { templateRoleArn: roleArn({ partition: partitionName, accountId, ...t }) } : {}),
            }),
          );
        }),
    },
    opts,
  );

  const fn = new aws.lambda.Function(
    `${name}-reconciler`,
    {
      // Chosen, not autonamed: a function deleted out of band comes back under its name (see `functionName`).
      name: functionName(ctx.identity),
      description: `Reconciles the Echo ECR pull-through cache '${name}'.`,
      runtime: LAMBDA_RUNTIME,
      handler: LAMBDA_HANDLER,
      role: executionRole.arn,
      code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.FileAsset(lambdaBundlePath()) }),
      architectures: [resolved.architecture],
      tags,
      memorySize: resolved.lambdaMemorySize,
      timeout: LAMBDA_TIMEOUT_SECONDS,
      reservedConcurrentExecutions: resolved.reservedConcurrency.apply((n) => n ?? UNRESERVED_CONCURRENCY),
      loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
      environment: {
        variables: pulumi.all([parameter.name, resolved.adopt]).apply(([parameterName, allowAdopt]) =>
          lambdaEnvironment({
            configParameterName: parameterName,
            ownerId: ctx.ownerId,
            cacheName: name,
            allowAdopt,
          }),
        ),
      },
    },
    // The policy before the function: a first invocation must not run without its permissions.
    { ...opts, dependsOn: [executionPolicy, logGroup] },
  );

  return { fn, logGroup, executionRole, executionPolicy };
}

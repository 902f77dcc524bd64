/**
 * What `new EcrPullThroughCache(name, args)` registers, for the resources the lifecycle turns on: the config
 * parameter, the reconciler function with its execution role's policy, and the Invocation. Built with the
 * component's own functions (validateArgs, the naming, lambdaEnvironment, executionRolePolicy, lifecycleInput),
 * the ones its builders call, so the emulation
 * sends the input the component really builds; test/component/build/*.test.ts pin that the builders register
 * exactly these values.
 */
import { defaultTemplateRoleName } from "../../common/config/schema";
import type { PolicyDocument } from "../../common/policyDocument";
import { configHash, configParameterValue } from "../../component/configDocument";
import { INVOCATION_TERRAFORM_KEY } from "../../component/constants";
import { executionRolePolicy } from "../../component/executionRolePolicy";
import { lifecycleInput } from "../../component/invocation";
import { packageVersion } from "../../component/lambdaBundle";
import {
  configParameterName,
  functionName,
  type InstanceIdentity,
  logGroupName,
  ownerId,
  roleArn,
  stateParameterArn,
} from "../../component/naming";
import { lambdaEnvironment } from "../../component/resourceSettings";
import type { EcrPullThroughCacheArgValues } from "../../component/types";
import { validateArgs } from "../../component/validateArgs";
import type { InvocationArgs } from "./invocationProvider";

export interface ProgramOptions {
  readonly args: EcrPullThroughCacheArgValues;
  /** Another release of the package (default: this one's version). */
  readonly packageVersion?: string;
  /** The function's name as an older release left it (it was autonamed); default the component's. */
  readonly functionName?: string;
}

export interface DesiredStack {
  readonly parameter: {
    readonly name: string;
    readonly value: string;
    /** `configSource: "ssm"`: Pulumi ignores changes of the value (`ignoreChanges: ["value"]`). */
    readonly ignoreValueChanges: boolean;
  };
  readonly fn: {
    readonly name: string;
    readonly env: Readonly<Record<string, string>>;
    /** The execution role's inline policy (component/build/reconcilerFunction.ts). */
    readonly policy: PolicyDocument;
  };
  readonly invocation: InvocationArgs;
}

/** The args are invalid: `pulumi preview` fails before anything changes. */
export class InvalidProgramError extends Error {
  override readonly name = "InvalidProgram";
}

export function program(
  identity: InstanceIdentity,
  functionArn: (name: string) => string,
  options: ProgramOptions,
): DesiredStack {
  const checked = validateArgs(options.args, identity.name);
  if (!checked.ok) throw new InvalidProgramError(checked.errors.join("; "));
  const { resolved } = checked;
  const parameterName = configParameterName(identity);
  const value = configParameterValue(resolved.document);
  const name = options.functionName ?? functionName(identity);
  const env = lambdaEnvironment({
    configParameterName: parameterName,
    ownerId: ownerId(identity),
    cacheName: identity.name,
    allowAdopt: resolved.config.adopt,
  });
  const input = lifecycleInput({
    deploymentId: functionArn(name),
    deletionPolicy: resolved.deletionPolicy,
    configSource: resolved.configSource,
    configHash: configHash(value),
    packageVersion: options.packageVersion ?? packageVersion(),
  });
  const [, partition = "aws", , region = "", accountId = ""] = functionArn(name).split(":");
  const role = (roleName: string) =>
    roleArn({ partition, accountId, path: resolved.config.rolePath, name: roleName });
  const configParameterArn = `arn:${partition}:ssm:${region}:${accountId}:parameter${parameterName}`;
  const templates = resolved.configSource === "ssm" || resolved.config.repositoryTemplate !== undefined;
  const templateRole =
    resolved.config.repositoryTemplate?.roleName ?? defaultTemplateRoleName(resolved.config.repositoryPrefix);
  const policy = executionRolePolicy({
    partition,
    accountId,
    region,
    configParameterArn,
    stateParameterArn: stateParameterArn(configParameterArn),
    ownerId: ownerId(identity),
    logGroupArn: `arn:${partition}:logs:${region}:${accountId}:log-group:${logGroupName(identity)}`,
    configuredRoleArn: role(resolved.config.roleName),
    ...(resolved.config.adopt ? { adoptRoleArn: role(resolved.config.roleName) } : {}),
    ...(templates ? { templateRoleArn: role(templateRole) } : {}),
  });
  return {
    parameter: { name: parameterName, value, ignoreValueChanges: resolved.configSource === "ssm" },
    fn: { name, env, policy },
    invocation: { functionName: name, input, lifecycleScope: "CRUD", terraformKey: INVOCATION_TERRAFORM_KEY },
  };
}

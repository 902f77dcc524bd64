import { ENV, STATE_PARAMETER_SUFFIX } from "../../common/constants";
import type { Report } from "../../common/types";
import type { AwsClients } from "../engine/clients";
import { type EngineDeps, reconcile } from "../engine/reconcile";
import { teardown } from "../engine/teardown";
import type { RunContext } from "../engine/types";
import { classifyEvent, type Trigger } from "./events";

export class MissingEnvironmentError extends Error {
  override readonly name = "MissingEnvironment";
}

/**
 * What a failed destroy leaves and how to go on: the provider keeps the custom resource, and with it the
 * function, in the Pulumi state (docs/aws-facts.md, "Pulumi engine"), so the teardown can run again.
 */
const DESTROY_AGAIN =
  "pulumi destroy stopped and kept the reconciler: what it owns stays listed in its record; fix the cause and run pulumi destroy again (README, Lifecycle)";

/** The Pulumi lifecycle failed: thrown so `pulumi up`/`destroy` stops with the reasons in its message. */
export class CustomResourceFailedError extends Error {
  override readonly name = "CustomResourceFailed";
  constructor(
    readonly report: Report,
    lifecycle?: "create" | "update" | "delete",
  ) {
    const reasons = report.errors
      .map((e) =>
        [e.resource, e.operation, e.name === "InvalidConfig" ? undefined : `${e.name}:`, e.message]
          .filter(Boolean)
          .join(" "),
      )
      .join("; ");
    super(`${report.status}: ${reasons}${lifecycle === "delete" ? `. ${DESTROY_AGAIN}` : ""}`);
  }
}

export interface HandlerEnv {
  readonly configParameterName: string;
  readonly stateParameterName: string;
  readonly ownerId?: string;
  readonly cacheName?: string;
  /** `ALLOW_ADOPT=true`: the deployment lets `adopt: true` in the config take over existing resources. */
  readonly allowAdopt: boolean;
}

/** Reads the Lambda's environment; only `CONFIG_PARAMETER_NAME` is required. */
export function readEnv(env: NodeJS.ProcessEnv): HandlerEnv {
  const configParameterName = env[ENV.configParameterName];
  if (!configParameterName) {
    throw new MissingEnvironmentError(
      `${ENV.configParameterName} must name the SSM parameter that holds the config`,
    );
  }
  return {
    configParameterName,
    stateParameterName: env[ENV.stateParameterName] || `${configParameterName}${STATE_PARAMETER_SUFFIX}`,
    ...(env[ENV.ownerId] ? { ownerId: env[ENV.ownerId] } : {}),
    ...(env[ENV.cacheName] ? { cacheName: env[ENV.cacheName] } : {}),
    allowAdopt: env[ENV.allowAdopt] === "true",
  };
}

/** Partition, Region and account of the function, from its ARN (no STS call needed). */
export function contextFromArn(functionArn: string, ownerId: string): RunContext {
  const [, partition, , region, accountId] = functionArn.split(":");
  if (!partition || !region || !accountId) throw new Error(`not a function ARN: ${functionArn}`);
  return { partition, region, accountId, ownerId };
}

export interface RunDeps extends Omit<EngineDeps, "configParameterName" | "stateParameterName"> {
  readonly clients: Pick<AwsClients, "iam" | "ecr" | "ssm">;
}

/** Runs what the trigger asks for. Returns the report; the caller decides whether it is thrown. */
export async function runTrigger(trigger: Trigger, env: HandlerEnv, deps: RunDeps): Promise<Report> {
  const engine: EngineDeps = {
    ...deps,
    configParameterName: env.configParameterName,
    stateParameterName: env.stateParameterName,
    allowAdopt: env.allowAdopt,
  };
  switch (trigger.kind) {
    case "manual":
      return reconcile(engine, { action: trigger.action });
    case "schedule":
    case "config-change":
      return reconcile(engine, { action: "reconcile" });
    case "custom-resource":
      if (trigger.lifecycle === "delete") {
        return teardown(engine, {
          action: trigger.deletionPolicy === "retain" ? "retain" : "delete",
          deploy: true,
          ...(trigger.deploymentId ? { deploymentId: trigger.deploymentId } : {}),
        });
      }
      return reconcile(
        { ...engine, youngPermissions: true },
        {
          action: "reconcile",
          enforce: true,
          deploy: true,
          lifecycle: trigger.lifecycle,
          ...(trigger.deploymentId ? { deploymentId: trigger.deploymentId } : {}),
        },
      );
  }
}

/** Classifies, runs, and applies the custom resource's throw rule. */
export async function handleEvent(
  event: unknown,
  env: HandlerEnv,
  deps: RunDeps,
): Promise<{ trigger: Trigger; report: Report }> {
  const trigger = classifyEvent(event, env.configParameterName);
  const report = await runTrigger(trigger, env, deps);
  return { trigger, report };
}

/** For the Pulumi lifecycle a FAILED or INVALID_CONFIG report fails the deployment; otherwise it is returned. */
export function mustThrow(trigger: Trigger, report: Report): boolean {
  return (
    trigger.kind === "custom-resource" && (report.status === "FAILED" || report.status === "INVALID_CONFIG")
  );
}

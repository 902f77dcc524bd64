import { CUSTOM_RESOURCE_SOURCE } from "../common/constants";
import type { Report, ReportOutputs } from "../common/types";
import type { ConfigSource, DeletionPolicy } from "./types";

/**
 * The custom resource's input (the `aws.lambda.Invocation`'s `input`), before the provider adds its
 * `tf: { action, prev_input }` key.
 */
export interface InvocationInput {
  readonly source: typeof CUSTOM_RESOURCE_SOURCE;
  /** What the delete action does: remove the role and rule, or leave them. */
  readonly deletionPolicy: DeletionPolicy;
  /** The function's ARN: changes when the function is replaced, which re-runs the reconciler. */
  readonly deploymentId: string;
  /** sha256 of the config document when Pulumi owns it (`configSource: "pulumi"`); absent otherwise. */
  readonly configHash?: string;
  /** This package's version: an upgrade changes the input, and the provider then runs an update. */
  readonly packageVersion: string;
}

/**
 * Serialises the custom resource's input with a fixed key order, so an unchanged deployment gives
 * byte-identical input and the provider sees no update.
 *
 * @example
 * invocationInput({ source: "echo-ptc:pulumi", deletionPolicy: "delete", deploymentId: "arn:aws:lambda:...", packageVersion: "2.1.0" });
 */
export function invocationInput(input: InvocationInput): string {
  return JSON.stringify({
    source: input.source,
    deletionPolicy: input.deletionPolicy,
    deploymentId: input.deploymentId,
    ...(input.configHash === undefined ? {} : { configHash: input.configHash }),
    packageVersion: input.packageVersion,
  });
}

/** What the custom resource's input is made of, as the builder knows it once everything resolved. */
export interface LifecycleValues {
  /** The reconciler function's ARN. */
  readonly deploymentId: string;
  readonly deletionPolicy: DeletionPolicy;
  readonly configSource: ConfigSource;
  /** sha256 of the config document (in the input only when the program owns the config). */
  readonly configHash: string;
  readonly packageVersion: string;
}

/**
 * The custom resource's `input`, exactly as the component passes it to the `aws.lambda.Invocation`. The
 * provider invokes the function again only when this text changes (or the resource is replaced): a changed
 * `deletionPolicy`, a config change Pulumi owns, a new function, a new package version. Nothing else may go
 * in, or every `pulumi up` would run an update.
 *
 * @example
 * lifecycleInput({ deploymentId: fn.arn, deletionPolicy: "delete", configSource: "ssm", configHash, packageVersion: "2.1.0" });
 */
export function lifecycleInput(v: LifecycleValues): string {
  return invocationInput({
    source: CUSTOM_RESOURCE_SOURCE,
    deletionPolicy: v.deletionPolicy,
    deploymentId: v.deploymentId,
    ...(v.configSource === "pulumi" ? { configHash: v.configHash } : {}),
    packageVersion: v.packageVersion,
  });
}

/**
 * Reads the Lambda's report from the Invocation's `result` (the raw payload). Never throws: a payload
 * that is not a report (an older Lambda, a preview's unknown) gives undefined and the outputs that
 * depend on it stay undefined.
 */
export function parseInvocationResult(result: string | undefined): Partial<Report> | undefined {
  if (typeof result !== "string" || result.length === 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(result);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Partial<Report>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The `outputs` part of the report, if the run produced one. */
export function reportOutputs(result: string | undefined): ReportOutputs | undefined {
  const outputs = parseInvocationResult(result)?.outputs;
  return typeof outputs === "object" && outputs !== null ? outputs : undefined;
}

import { CUSTOM_RESOURCE_SOURCE } from "../../common/constants";

/** The ways the Lambda is invoked (see README, "The Lambda's contract"). */
export type Trigger =
  | { readonly kind: "manual"; readonly action: "plan" | "reconcile" | "remediate" }
  | { readonly kind: "schedule" }
  | { readonly kind: "config-change"; readonly operation: string }
  | {
      readonly kind: "custom-resource";
      readonly lifecycle: "create" | "update" | "delete";
      readonly deletionPolicy: "delete" | "retain";
      readonly deploymentId?: string;
    };

export class UnknownEventError extends Error {
  override readonly name = "UnknownEvent";
}

const MANUAL_ACTIONS = ["plan", "reconcile", "remediate"] as const;

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

const ACCEPTED =
  'expected {"action":"plan"|"reconcile"|"remediate"}, {}, the schedule\'s {"action":"reconcile","trigger":"schedule"}, ' +
  "an aws.ssm Parameter Store Change event for the config parameter, or the Pulumi custom resource input";

/**
 * Recognises the event. Pure; throws `UnknownEventError` for anything else, naming what is accepted.
 *
 * @example
 * classifyEvent({ action: "plan" }, "/echo-ptc/cache/config"); // { kind: "manual", action: "plan" }
 */
export function classifyEvent(event: unknown, configParameterName: string): Trigger {
  if (!isObject(event)) throw new UnknownEventError(`event is not a JSON object: ${ACCEPTED}`);
  if (isObject(event.tf)) {
    const lifecycle = event.tf.action;
    if (lifecycle !== "create" && lifecycle !== "update" && lifecycle !== "delete") {
      throw new UnknownEventError(
        `tf.action must be create, update or delete, got ${JSON.stringify(lifecycle)}`,
      );
    }
    if (event.source !== undefined && event.source !== CUSTOM_RESOURCE_SOURCE) {
      throw new UnknownEventError(`custom resource source must be ${CUSTOM_RESOURCE_SOURCE}`);
    }
    const policy = event.deletionPolicy ?? "delete";
    if (policy !== "delete" && policy !== "retain") {
      throw new UnknownEventError(`deletionPolicy must be delete or retain, got ${JSON.stringify(policy)}`);
    }
    return {
      kind: "custom-resource",
      lifecycle,
      deletionPolicy: policy,
      ...(typeof event.deploymentId === "string" ? { deploymentId: event.deploymentId } : {}),
    };
  }
  if (event.source === "aws.ssm" && event["detail-type"] === "Parameter Store Change") {
    const detail = isObject(event.detail) ? event.detail : {};
    if (detail.name !== configParameterName) {
      throw new UnknownEventError(
        `Parameter Store Change for ${JSON.stringify(detail.name)}, not the config parameter ${configParameterName}`,
      );
    }
    return { kind: "config-change", operation: String(detail.operation ?? "Update") };
  }
  if (event.source === "aws.events" && event["detail-type"] === "Scheduled Event")
    return { kind: "schedule" };
  if (event.trigger === "schedule" && (event.action ?? "reconcile") === "reconcile")
    return { kind: "schedule" };
  const keys = Object.keys(event);
  if (keys.length === 0) return { kind: "manual", action: "reconcile" };
  if (keys.every((k) => k === "action") && MANUAL_ACTIONS.includes(event.action as never)) {
    return { kind: "manual", action: event.action as (typeof MANUAL_ACTIONS)[number] };
  }
  throw new UnknownEventError(`unrecognised event ${JSON.stringify(event).slice(0, 200)}: ${ACCEPTED}`);
}

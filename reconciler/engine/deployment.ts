import type { RunRequest } from "./deps";

/**
 * Which Pulumi deployment is in charge of the cache, and how many custom resources (`aws.lambda.Invocation`
 * instances) of it exist: the record's `deployment` entry. Pure.
 *
 * A replacement creates the new Invocation before it deletes the old one (docs/aws-facts.md, "Pulumi engine"),
 * and the old one's delete carries its own stored input. When the function was replaced, that input names the
 * old function's ARN (`deploymentId`): the delete of a deployment the record no longer names changes nothing.
 * When only the Invocation was replaced (`pulumi up --replace`), old and new carry the same input, byte for
 * byte: nothing the program computes differs between them, because nothing in a program knows it is being
 * replaced. So the record counts the instances of the deployment in charge: a create that applied adds one, a
 * delete takes one away, and only the delete of the last one tears down.
 *
 * Failure modes, on the safe side: a deployment is named, and a create counts, only once it applied (Pulumi
 * stores no Invocation whose create failed, and keeps the old one of a replacement whose create failed), and a
 * count too high leaves the cache in place on destroy, never tears down one still in use. A count goes too high
 * when Pulumi loses an Invocation without deleting it: a create it ran again after it applied (a cancelled
 * `pulumi up`, a lost answer), or one dropped with `pulumi state delete` (README, "Lifecycle").
 *
 * The last delete ends the deployment, whatever its `deletionPolicy`: a retaining one leaves the resources and
 * their entries, and drops the `deployment` entry (`withoutDeployment`), so that the next stack's create,
 * under the same fixed function name and so the same ARN, counts from one again.
 */
export interface Deployment {
  readonly deploymentId: string;
  /** Live Invocations of it. Absent in records written before they were counted: one. */
  readonly instances?: number;
}

/** What the record says of the deployment. */
export function deploymentOf(record: {
  readonly deploymentId?: string;
  readonly instances?: number;
}): Deployment | undefined {
  if (record.deploymentId === undefined) return undefined;
  return {
    deploymentId: record.deploymentId,
    ...(record.instances !== undefined ? { instances: record.instances } : {}),
  };
}

const counted = (d: Deployment) => d.instances ?? 1;

/**
 * The deployment after the custom resource's create or update applied: a create adds an instance of its
 * deployment (or starts counting a new one); an update is an instance that exists.
 */
export function deploymentAfterApply(
  record: Parameters<typeof deploymentOf>[0],
  request: Pick<RunRequest, "deploymentId" | "lifecycle">,
): Deployment | undefined {
  const current = deploymentOf(record);
  const { deploymentId } = request;
  if (deploymentId === undefined) return current;
  if (current?.deploymentId !== deploymentId) return { deploymentId, instances: 1 };
  if (request.lifecycle === "create") return { deploymentId, instances: counted(current) + 1 };
  return { deploymentId, instances: Math.max(counted(current), 1) };
}

/**
 * The record once its deployment has ended (a retaining teardown): what it lists stays listed, for the next
 * deployment to take back.
 *
 * @example
 * withoutDeployment({ roles: ["r"], deploymentId: "arn:fn", instances: 1 }); // { roles: ["r"] }
 */
export function withoutDeployment<R extends { readonly deploymentId?: string; readonly instances?: number }>(
  record: R,
): Omit<R, "deploymentId" | "instances"> {
  const { deploymentId: _ended, instances: _counted, ...rest } = record;
  return rest;
}

/** What the custom resource's delete may do. */
export type DeleteVerdict =
  | { readonly kind: "teardown" }
  /** A newer deployment is in charge: change nothing. */
  | { readonly kind: "superseded"; readonly by: string }
  /** Another Invocation of this deployment remains (a replacement): count this one out, change nothing else. */
  | { readonly kind: "another-instance"; readonly remaining: Deployment };

/**
 * @example
 * deleteVerdict({ deploymentId: "arn:fn", instances: 2 }, { deploymentId: "arn:fn" });
 * // { kind: "another-instance", remaining: { deploymentId: "arn:fn", instances: 1 } }
 */
export function deleteVerdict(
  record: Parameters<typeof deploymentOf>[0],
  request: Pick<RunRequest, "deploymentId">,
): DeleteVerdict {
  const current = deploymentOf(record);
  if (current === undefined || request.deploymentId === undefined) return { kind: "teardown" };
  if (current.deploymentId !== request.deploymentId) return { kind: "superseded", by: current.deploymentId };
  const instances = counted(current);
  return instances > 1
    ? { kind: "another-instance", remaining: { ...current, instances: instances - 1 } }
    : { kind: "teardown" };
}

/**
 * IAM eventual consistency for a caller's own permissions (SimulatedAccount.attachCallerPolicy): a policy
 * attached a moment ago reaches the service endpoints later. AWS names no fixed delay; a few seconds are
 * typical and up to about 2 minutes have been seen (docs/aws-facts.md, "IAM eventual consistency"). Until it
 * has, every call of the caller is denied, before anything is processed, as IAM denies a principal that no
 * identity-based policy allows. A change of a policy the caller already had denies only what the new
 * statements allow (`PropagatingCaller.newlyAllowed`): the old ones are in force meanwhile.
 */
import { identityPolicyDenied } from "./errors";
import type { AccountState, PropagatingCaller, Service } from "./types";

/** One call, as far as the denial needs it. */
export interface CallerCall {
  readonly service: Service;
  readonly operation: string;
  readonly input: unknown;
  /** The `actor` of the clients that sent it. */
  readonly actor: string | undefined;
}

/** The resource a denial names: the parameter for SSM (its ARN), `*` otherwise. */
function resourceOf(call: CallerCall, where: { region: string; accountId: string }): string {
  const request = (call.input ?? {}) as { Name?: string; Names?: string[]; Path?: string };
  const parameter = request.Name ?? request.Names?.[0] ?? request.Path;
  return call.service === "ssm" && parameter !== undefined
    ? `arn:aws:ssm:${where.region}:${where.accountId}:parameter${parameter}`
    : "*";
}

/**
 * The error of a call whose caller's policy has not propagated at `now`, or undefined.
 *
 * @example
 * const denied = callerDenial(state, now, { service: "ssm", operation: "GetParameters", input, actor: "fn" }, where);
 */
export function callerDenial(
  state: AccountState,
  now: Date,
  call: CallerCall,
  where: { region: string; accountId: string },
): Error | undefined {
  const pending = call.actor === undefined ? undefined : state.propagatingCallers.get(call.actor);
  if (pending === undefined || now >= pending.visibleAt) return undefined;
  if (pending.newlyAllowed === undefined)
    return identityPolicyDenied(call.service, call.operation, pending.principalArn, resourceOf(call, where));
  const added = pending.newlyAllowed(call);
  if (added === undefined) return undefined;
  return identityPolicyDenied(
    call.service,
    call.operation,
    pending.principalArn,
    added.resource,
    added.action,
  );
}

/** How a caller's policy was attached or changed (SimulatedAccount.attachCallerPolicy). */
export interface CallerPolicyChange extends Pick<PropagatingCaller, "principalArn" | "newlyAllowed"> {
  readonly propagationMs: number;
}

/** Records that `actor`'s policy was attached (or changed) at `now`: denied until `propagationMs` later. */
export function startPropagating(
  state: AccountState,
  now: Date,
  actor: string,
  options: CallerPolicyChange,
): void {
  const visibleAt = new Date(now.getTime() + options.propagationMs);
  const { principalArn, newlyAllowed } = options;
  state.propagatingCallers.set(actor, { principalArn, visibleAt, ...(newlyAllowed ? { newlyAllowed } : {}) });
}

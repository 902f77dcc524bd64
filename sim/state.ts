/**
 * Fresh account state: the part an account holds once (IAM) and the part it holds per Region.
 */
import { AWS_MANAGED_POLICIES } from "./iam";
import type { AccountWideState, RegionalState } from "./types";

/** A new account's IAM namespace: no roles, the AWS-managed policies, every upstream granting it. */
export function newAccountWideState(): AccountWideState {
  return {
    roles: new Map(),
    managedPolicies: new Set(AWS_MANAGED_POLICIES),
    deniedUpstreams: new Set(),
    ids: { last: 0 },
    propagatingCallers: new Map(),
  };
}

/** A Region of an account where nothing was made yet. */
export function newRegionalState(): RegionalState {
  return { rules: new Map(), templates: new Map(), parameters: new Map(), kmsKeys: new Set() };
}

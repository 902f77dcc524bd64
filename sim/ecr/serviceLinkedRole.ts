/**
 * The service-linked role AWS creates with the first pull-through cache rule of an account
 * (ECR User Guide, "Using service-linked roles for Amazon ECR", pull through cache).
 */
import { trustPolicy } from "../documents";
import { insertRole } from "../iam";
import type { AccountContext } from "../types";

/** The principal ECR's pull-through cache assumes roles as. */
export const PULL_THROUGH_CACHE_PRINCIPAL = "pullthroughcache.ecr.amazonaws.com";

/** The role AWS creates with the first pull-through cache rule of an account. */
export const SERVICE_LINKED_ROLE_NAME = "AWSServiceRoleForECRPullThroughCache";

const SERVICE_LINKED_ROLE_PATH = `/aws-service-role/${PULL_THROUGH_CACHE_PRINCIPAL}/`;
const SERVICE_LINKED_ROLE_POLICY =
  "arn:aws:iam::aws:policy/aws-service-role/AWSECRPullThroughCache_ServiceRolePolicy";

/** Creates the service-linked role unless the account has it. IAM is account-wide: one for all Regions. */
export function ensureServiceLinkedRole(context: AccountContext): void {
  if (context.state.roles.has(SERVICE_LINKED_ROLE_NAME.toLowerCase())) return;
  const role = insertRole(context, {
    roleName: SERVICE_LINKED_ROLE_NAME,
    path: SERVICE_LINKED_ROLE_PATH,
    assumeRolePolicyDocument: trustPolicy(PULL_THROUGH_CACHE_PRINCIPAL),
    description: "Allows ECR to manage pull through cache.",
    serviceLinked: true,
    attachedPolicies: [SERVICE_LINKED_ROLE_POLICY],
  });
  role.unusableAttemptsLeft = 0;
}

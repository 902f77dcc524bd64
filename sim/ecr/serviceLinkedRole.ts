/**
 * The service-linked roles ECR creates itself: the pull-through cache's with the first rule of an account,
 * the repository creation templates' with the first template (ECR User Guide, "Using service-linked roles
 * for Amazon ECR": pull through cache, and repository creation templates).
 */
import { trustPolicy } from "../documents";
import { insertRole } from "../iam";
import type { AccountContext } from "../types";

/** The principal ECR's pull-through cache assumes roles as. */
export const PULL_THROUGH_CACHE_PRINCIPAL = "pullthroughcache.ecr.amazonaws.com";

/** The role AWS creates with the first pull-through cache rule of an account. */
export const SERVICE_LINKED_ROLE_NAME = "AWSServiceRoleForECRPullThroughCache";

/** The principal ECR assumes a template's role as, and the service of the template's own service-linked role. */
export const TEMPLATE_PRINCIPAL = "ecr.amazonaws.com";

/** The role AWS creates with the first repository creation template of an account. */
export const TEMPLATE_SERVICE_LINKED_ROLE_NAME = "AWSServiceRoleForECRTemplate";

const SERVICE_LINKED_ROLES = {
  pullThroughCache: {
    name: SERVICE_LINKED_ROLE_NAME,
    principal: PULL_THROUGH_CACHE_PRINCIPAL,
    policy: "arn:aws:iam::aws:policy/aws-service-role/AWSECRPullThroughCache_ServiceRolePolicy",
    description: "Allows ECR to manage pull through cache.",
  },
  // Its policy allows only ecr:CreateRepository (ECRTemplateServiceRolePolicy): no tags, no KMS.
  template: {
    name: TEMPLATE_SERVICE_LINKED_ROLE_NAME,
    principal: TEMPLATE_PRINCIPAL,
    policy: "arn:aws:iam::aws:policy/aws-service-role/ECRTemplateServiceRolePolicy",
    description: "Allows ECR to create repositories with repository creation templates.",
  },
} as const;

/** Creates a service-linked role unless the account has it. IAM is account-wide: one for all Regions. */
export function ensureServiceLinkedRole(
  context: AccountContext,
  which: keyof typeof SERVICE_LINKED_ROLES = "pullThroughCache",
): void {
  const slr = SERVICE_LINKED_ROLES[which];
  if (context.state.roles.has(slr.name.toLowerCase())) return;
  const role = insertRole(context, {
    roleName: slr.name,
    path: `/aws-service-role/${slr.principal}/`,
    assumeRolePolicyDocument: trustPolicy(slr.principal),
    description: slr.description,
    serviceLinked: true,
    attachedPolicies: [slr.policy],
  });
  role.unusableAttemptsLeft = 0;
}

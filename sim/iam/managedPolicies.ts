/**
 * Managed policies attached to a role: ListAttachedRolePolicies, AttachRolePolicy, DetachRolePolicy, and
 * the managed policies every account has.
 */
import type {
  AttachedPolicy,
  AttachRolePolicyRequest,
  DetachRolePolicyRequest,
  ListAttachedRolePoliciesRequest,
  ListAttachedRolePoliciesResponse,
} from "@aws-sdk/client-iam";
import { LimitExceededException, NoSuchEntityException } from "@aws-sdk/client-iam";
import { IAM, IAM_QUOTAS } from "../constraints";
import { exceptionOptions } from "../errors";
import { op } from "../operation";
import type { AccountState } from "../types";
import { check, listPage, requireModifiable, requireRole } from "./common";

/** The AWS-managed policies every account has (attaching any other unknown ARN fails with NoSuchEntity). */
export const AWS_MANAGED_POLICIES = [
  "arn:aws:iam::aws:policy/AdministratorAccess",
  "arn:aws:iam::aws:policy/ReadOnlyAccess",
  "arn:aws:iam::aws:policy/PowerUserAccess",
  "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
  "arn:aws:iam::aws:policy/aws-service-role/AWSECRPullThroughCache_ServiceRolePolicy",
] as const;

/** The last segment of a policy ARN. */
export function policyName(arn: string): string {
  return arn.slice(arn.lastIndexOf("/") + 1);
}

/** `/aws-service-role/` for `arn:aws:iam::aws:policy/aws-service-role/X`. */
export function policyPath(arn: string): string {
  const resource = arn.slice(arn.indexOf(":policy") + ":policy".length);
  return resource.slice(0, resource.lastIndexOf("/") + 1);
}

/**
 * The managed policy `arn` names: it must exist in the account. The message is the one AWS sends for
 * AttachRolePolicy (seen in many public Terraform logs, e.g. "NoSuchEntity: Policy … does not exist or is
 * not attachable.", StatusCode 404).
 */
export function requireManagedPolicy(state: AccountState, member: string, arn: unknown): string {
  check(member, arn, IAM.arn);
  const text = arn as string;
  if (!state.managedPolicies.has(text)) {
    throw new NoSuchEntityException(
      exceptionOptions(`Policy ${text} does not exist or is not attachable.`, 404),
    );
  }
  return text;
}

export const ListAttachedRolePolicies = op<ListAttachedRolePoliciesRequest>(
  (context, input): ListAttachedRolePoliciesResponse => {
    const role = requireRole(context.state, input.RoleName);
    const prefix = input.PathPrefix;
    const arns = [...role.attachedPolicies].filter(
      (arn) => prefix === undefined || policyPath(arn).startsWith(prefix),
    );
    const { items, ...truncated } = listPage(arns, policyName, input);
    const attached: AttachedPolicy[] = items.map((arn) => ({ PolicyName: policyName(arn), PolicyArn: arn }));
    return { AttachedPolicies: attached, ...truncated };
  },
);

export const AttachRolePolicy = op<AttachRolePolicyRequest>((context, input) => {
  const role = requireRole(context.state, input.RoleName);
  const arn = requireManagedPolicy(context.state, "policyArn", input.PolicyArn);
  requireModifiable(role);
  // The quota (10 by default; IAM User Guide, "IAM and AWS STS quotas") in AWS's words (aws/eks-hybrid#741).
  if (!role.attachedPolicies.has(arn) && role.attachedPolicies.size >= IAM_QUOTAS.managedPoliciesPerRole) {
    throw new LimitExceededException(
      exceptionOptions(`Cannot exceed quota for PoliciesPerRole: ${IAM_QUOTAS.managedPoliciesPerRole}`, 409),
    );
  }
  // Attaching a policy that is already attached succeeds and changes nothing.
  role.attachedPolicies.add(arn);
  return {};
});

export const DetachRolePolicy = op<DetachRolePolicyRequest>((context, input) => {
  const role = requireRole(context.state, input.RoleName);
  check("policyArn", input.PolicyArn, IAM.arn);
  requireModifiable(role);
  if (!role.attachedPolicies.delete(input.PolicyArn as string)) {
    throw new NoSuchEntityException(exceptionOptions(`Policy ${input.PolicyArn} was not found.`, 404));
  }
  return {};
});

/**
 * Inline policies of a role: ListRolePolicies, GetRolePolicy, PutRolePolicy, DeleteRolePolicy.
 */
import type {
  DeleteRolePolicyRequest,
  GetRolePolicyRequest,
  GetRolePolicyResponse,
  ListRolePoliciesRequest,
  ListRolePoliciesResponse,
  PutRolePolicyRequest,
} from "@aws-sdk/client-iam";
import { LimitExceededException, NoSuchEntityException } from "@aws-sdk/client-iam";
import { charsWithoutWhitespace, IAM, IAM_QUOTAS } from "../constraints";
import { exceptionOptions } from "../errors";
import { op } from "../operation";
import type { RoleState } from "../types";
import { check, checkPolicyDocument, listPage, requireModifiable, requireRole } from "./common";

function noSuchPolicy(name: unknown): NoSuchEntityException {
  return new NoSuchEntityException(
    exceptionOptions(`The role policy with name ${String(name)} cannot be found.`, 404),
  );
}

/**
 * The 10,240-character quota on all inline policies of one role together, whitespace not counted (IAM User
 * Guide, "IAM and AWS STS quotas"). A put replacing a policy of the same name counts its new size only.
 * The message is the one AWS sends (seen in kubernetes/kops#12558, aws-cdk#12403).
 */
function checkInlineQuota(role: RoleState, name: string, document: string): void {
  let total = charsWithoutWhitespace(document);
  for (const [other, text] of role.inlinePolicies) {
    if (other !== name) total += charsWithoutWhitespace(text);
  }
  if (total > IAM_QUOTAS.inlinePolicyCharsPerRole) {
    throw new LimitExceededException(
      exceptionOptions(
        `Maximum policy size of ${IAM_QUOTAS.inlinePolicyCharsPerRole} bytes exceeded for role ${role.roleName}`,
        409,
      ),
    );
  }
}

export const ListRolePolicies = op<ListRolePoliciesRequest>((context, input): ListRolePoliciesResponse => {
  const role = requireRole(context.state, input.RoleName);
  const { items, ...truncated } = listPage(role.inlinePolicies.keys(), String, input);
  return { PolicyNames: items, ...truncated };
});

export const GetRolePolicy = op<GetRolePolicyRequest>((context, input): GetRolePolicyResponse => {
  const role = requireRole(context.state, input.RoleName);
  check("policyName", input.PolicyName, IAM.policyName);
  const document = role.inlinePolicies.get(input.PolicyName as string);
  if (document === undefined) throw noSuchPolicy(input.PolicyName);
  return {
    RoleName: role.roleName,
    PolicyName: input.PolicyName as string,
    // IAM returns policy documents URL-encoded (RFC 3986), as the GetRolePolicy documentation says.
    PolicyDocument: encodeURIComponent(document),
  };
});

export const PutRolePolicy = op<PutRolePolicyRequest>((context, input) => {
  const role = requireRole(context.state, input.RoleName);
  check("policyName", input.PolicyName, IAM.policyName);
  const document = checkPolicyDocument(input.PolicyDocument, "permissions");
  requireModifiable(role);
  const name = input.PolicyName as string;
  checkInlineQuota(role, name, document);
  role.inlinePolicies.set(name, document);
  return {};
});

export const DeleteRolePolicy = op<DeleteRolePolicyRequest>((context, input) => {
  const role = requireRole(context.state, input.RoleName);
  check("policyName", input.PolicyName, IAM.policyName);
  requireModifiable(role);
  if (!role.inlinePolicies.delete(input.PolicyName as string)) throw noSuchPolicy(input.PolicyName);
  return {};
});

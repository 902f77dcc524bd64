/**
 * Permissions boundaries of roles: PutRolePermissionsBoundary, DeleteRolePermissionsBoundary, and the
 * check CreateRole's `PermissionsBoundary` shares. A boundary is a managed policy (one per role, IAM User
 * Guide, "IAM and AWS STS quotas") that caps what the role's own policies grant; it grants nothing itself.
 */
import type {
  DeleteRolePermissionsBoundaryRequest,
  PermissionsBoundaryAttachmentType,
  PutRolePermissionsBoundaryRequest,
  Role,
} from "@aws-sdk/client-iam";
import {
  InvalidInputException,
  NoSuchEntityException,
  PolicyNotAttachableException,
} from "@aws-sdk/client-iam";
import { IAM } from "../constraints";
import { exceptionOptions } from "../errors";
import { op } from "../operation";
import type { AccountState, RoleState } from "../types";
import { check, requireModifiable, requireRole } from "./common";
import { policyPath, requireManagedPolicy } from "./managedPolicies";

/** A managed policy ARN: AWS's (`arn:aws:iam::aws:policy/…`) or an account's. */
const POLICY_ARN = /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/.+$/;

/**
 * `PermissionsBoundaryType` as IAM sends it. The model's enum says `PermissionsBoundaryPolicy`, but GetRole
 * on AWS returns `Policy` (awsdocs/iam-user-guide#82, where AWS agreed the model was wrong).
 */
const BOUNDARY_TYPE = "Policy" as PermissionsBoundaryAttachmentType;

/**
 * The boundary policy `arn` names, checked: not a policy ARN → InvalidInput; a policy that does not exist
 * → NoSuchEntity; an AWS service-role policy (they attach only to their service-linked role, model
 * documentation of PolicyNotAttachableException) → PolicyNotAttachable.
 */
export function checkBoundary(state: AccountState, arn: unknown): string {
  check("permissionsBoundary", arn, IAM.arn);
  if (!POLICY_ARN.test(arn as string)) {
    throw new InvalidInputException(
      exceptionOptions(`Value (${String(arn)}) for parameter PermissionsBoundary is invalid.`, 400),
    );
  }
  const policy = requireManagedPolicy(state, "permissionsBoundary", arn);
  if (policyPath(policy).startsWith("/aws-service-role/")) {
    throw new PolicyNotAttachableException(
      exceptionOptions(
        `Cannot attach a Service Role Policy to a Customer Role: ${policy} can only be used by its service-linked role.`,
        400,
      ),
    );
  }
  return policy;
}

/** The `PermissionsBoundary` member of GetRole and CreateRole; absent when the role has none. */
export function boundaryOutput(role: RoleState): Pick<Role, "PermissionsBoundary"> {
  return role.permissionsBoundary === undefined
    ? {}
    : {
        PermissionsBoundary: {
          PermissionsBoundaryType: BOUNDARY_TYPE,
          PermissionsBoundaryArn: role.permissionsBoundary,
        },
      };
}

/** Adds or replaces the role's boundary. Service-linked roles refuse it (the operation's documentation). */
export const PutRolePermissionsBoundary = op<PutRolePermissionsBoundaryRequest>((context, input) => {
  const role = requireRole(context.state, input.RoleName);
  const policy = checkBoundary(context.state, input.PermissionsBoundary);
  requireModifiable(role);
  role.permissionsBoundary = policy;
  return {};
});

/**
 * Removes the role's boundary. On a role without one AWS's answer is UNCONFIRMED (no source says); the
 * simulation answers NoSuchEntity, the strict choice: a caller that copes with it copes with a no-op too.
 */
export const DeleteRolePermissionsBoundary = op<DeleteRolePermissionsBoundaryRequest>((context, input) => {
  const role = requireRole(context.state, input.RoleName);
  requireModifiable(role);
  if (role.permissionsBoundary === undefined) {
    throw new NoSuchEntityException(
      exceptionOptions(`The role ${role.roleName} has no permissions boundary.`, 404),
    );
  }
  delete role.permissionsBoundary;
  return {};
});

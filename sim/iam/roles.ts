/**
 * IAM roles: CreateRole, GetRole, UpdateRole, DeleteRole, UpdateAssumeRolePolicy, ListRoles.
 * Inputs are read as the SDK passed them; outputs have the shapes of `@aws-sdk/client-iam`.
 */
import type {
  CreateRoleRequest,
  CreateRoleResponse,
  DeleteRoleRequest,
  GetRoleRequest,
  GetRoleResponse,
  ListRolesRequest,
  ListRolesResponse,
  Role,
  UpdateAssumeRolePolicyRequest,
  UpdateRoleRequest,
} from "@aws-sdk/client-iam";
import {
  DeleteConflictException,
  EntityAlreadyExistsException,
  LimitExceededException,
} from "@aws-sdk/client-iam";
import { charsWithoutWhitespace, IAM, IAM_QUOTAS } from "../constraints";
import { exceptionOptions } from "../errors";
import { op } from "../operation";
import type { AccountContext, RoleState, TagPair } from "../types";
import { boundaryOutput, checkBoundary } from "./boundaries";
import { check, checkInteger, checkPolicyDocument, listPage, requireModifiable, requireRole } from "./common";
import { checkTags, tagsOf } from "./tags";

/**
 * The trust policy quota: 2,048 characters by default, whitespace not counted (IAM User Guide, "IAM and
 * AWS STS quotas"). AWS answers LimitExceeded (409) "Cannot exceed quota for ACLSizePerRole: 2048"
 * (seen in kubeflow/kubeflow#6687 and aws-cdk#18564), not MalformedPolicyDocument.
 */
function checkTrustSize(document: string): void {
  if (charsWithoutWhitespace(document) > IAM_QUOTAS.trustPolicyChars) {
    throw new LimitExceededException(
      exceptionOptions(`Cannot exceed quota for ACLSizePerRole: ${IAM_QUOTAS.trustPolicyChars}`, 409),
    );
  }
}

/** Which operation a role output is for: each returns a different subset of the members. */
type RoleDetail = "get" | "create" | "list";

function roleOutput(role: RoleState, detail: RoleDetail): Role {
  const tags = tagsOf(role);
  return {
    Path: role.path,
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: new Date(role.createDate),
    // IAM returns policy documents URL-encoded (RFC 3986 percent-encoding of the JSON text).
    AssumeRolePolicyDocument: encodeURIComponent(role.assumeRolePolicyDocument),
    ...(role.description !== undefined ? { Description: role.description } : {}),
    MaxSessionDuration: role.maxSessionDuration,
    // ListRoles returns neither tags nor the boundary (ListRoles documentation); GetRole and CreateRole do,
    // and omit each member when it is not set.
    ...(detail !== "list" ? boundaryOutput(role) : {}),
    ...(detail !== "list" && tags.length > 0 ? { Tags: tags } : {}),
    ...(detail === "get" ? { RoleLastUsed: {} } : {}),
  };
}

/** The fields of a new role; what CreateRole and ECR's service-linked role both set. */
export interface NewRole {
  readonly roleName: string;
  readonly path: string;
  readonly assumeRolePolicyDocument: string;
  readonly description?: string;
  readonly maxSessionDuration?: number;
  readonly tags?: ReadonlyMap<string, TagPair>;
  readonly permissionsBoundary?: string;
  readonly serviceLinked?: boolean;
  readonly attachedPolicies?: readonly string[];
}

/**
 * Creates a role in the account (used by CreateRole and by ECR for its service-linked role).
 * Validates nothing: callers do.
 */
export function insertRole(context: AccountContext, fields: NewRole): RoleState {
  const role: RoleState = {
    roleName: fields.roleName,
    path: fields.path,
    roleId: context.newId("AROA"),
    arn: `arn:aws:iam::${context.accountId}:role${fields.path}${fields.roleName}`,
    createDate: context.now(),
    ...(fields.description !== undefined ? { description: fields.description } : {}),
    maxSessionDuration: fields.maxSessionDuration ?? IAM.maxSessionDuration.default,
    assumeRolePolicyDocument: fields.assumeRolePolicyDocument,
    inlinePolicies: new Map(),
    attachedPolicies: new Set(fields.attachedPolicies ?? []),
    tags: new Map([...(fields.tags ?? [])].map(([key, tag]) => [key, { ...tag }])),
    ...(fields.permissionsBoundary !== undefined ? { permissionsBoundary: fields.permissionsBoundary } : {}),
    serviceLinked: fields.serviceLinked ?? false,
    unusableAttemptsLeft: context.seeding ? 0 : (context.faults.roleNotUsableAttempts ?? 0),
  };
  context.state.roles.set(fields.roleName.toLowerCase(), role);
  return role;
}

export const CreateRole = op<CreateRoleRequest>((context, input): CreateRoleResponse => {
  check("roleName", input.RoleName, IAM.roleName);
  check("path", input.Path, IAM.path, false);
  check("assumeRolePolicyDocument", input.AssumeRolePolicyDocument, IAM.policyDocument);
  check("description", input.Description, IAM.description, false);
  checkInteger("maxSessionDuration", input.MaxSessionDuration, IAM.maxSessionDuration);
  const tags = input.Tags === undefined ? new Map<string, TagPair>() : checkTags(input.Tags);
  const roleName = input.RoleName as string;
  if (context.state.roles.has(roleName.toLowerCase())) {
    throw new EntityAlreadyExistsException(
      exceptionOptions(`Role with name ${roleName} already exists.`, 409),
    );
  }
  const document = checkPolicyDocument(input.AssumeRolePolicyDocument, "trust");
  checkTrustSize(document);
  // Which error CreateRole gives for a boundary policy that does not exist is UNCONFIRMED (its model lists
  // no NoSuchEntity); the simulation answers as PutRolePermissionsBoundary does.
  const boundary =
    input.PermissionsBoundary === undefined
      ? undefined
      : checkBoundary(context.state, input.PermissionsBoundary);
  const role = insertRole(context, {
    roleName,
    path: input.Path ?? "/",
    assumeRolePolicyDocument: document,
    ...(input.Description !== undefined ? { description: input.Description } : {}),
    ...(input.MaxSessionDuration !== undefined ? { maxSessionDuration: input.MaxSessionDuration } : {}),
    tags,
    ...(boundary !== undefined ? { permissionsBoundary: boundary } : {}),
  });
  return { Role: roleOutput(role, "create") };
});

export const GetRole = op<GetRoleRequest>(
  (context, input): GetRoleResponse => ({
    Role: roleOutput(requireRole(context.state, input.RoleName), "get"),
  }),
);

export const UpdateRole = op<UpdateRoleRequest>((context, input) => {
  const role = requireRole(context.state, input.RoleName);
  check("description", input.Description, IAM.description, false);
  checkInteger("maxSessionDuration", input.MaxSessionDuration, IAM.maxSessionDuration);
  requireModifiable(role);
  if (input.Description !== undefined) role.description = input.Description;
  if (input.MaxSessionDuration !== undefined) role.maxSessionDuration = input.MaxSessionDuration;
  return {};
});

export const DeleteRole = op<DeleteRoleRequest>((context, input) => {
  const role = requireRole(context.state, input.RoleName);
  requireModifiable(role);
  // The DeleteRole documentation: inline policies and attached policies must be removed first.
  if (role.inlinePolicies.size > 0) {
    throw new DeleteConflictException(
      exceptionOptions("Cannot delete entity, must delete policies first.", 409),
    );
  }
  if (role.attachedPolicies.size > 0) {
    throw new DeleteConflictException(
      exceptionOptions("Cannot delete entity, must detach all policies first.", 409),
    );
  }
  context.state.roles.delete(role.roleName.toLowerCase());
  return {};
});

export const UpdateAssumeRolePolicy = op<UpdateAssumeRolePolicyRequest>((context, input) => {
  const role = requireRole(context.state, input.RoleName);
  const document = checkPolicyDocument(input.PolicyDocument, "trust");
  requireModifiable(role);
  checkTrustSize(document);
  role.assumeRolePolicyDocument = document;
  return {};
});

export const ListRoles = op<ListRolesRequest>((context, input): ListRolesResponse => {
  check("pathPrefix", input.PathPrefix, IAM.pathPrefix, false);
  const prefix = input.PathPrefix ?? "/";
  const roles = [...context.state.roles.values()].filter((role) => role.path.startsWith(prefix));
  const { items, ...truncated } = listPage(roles, (role) => role.roleName.toLowerCase(), input);
  return { Roles: items.map((role) => roleOutput(role, "list")), ...truncated };
});

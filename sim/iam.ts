/**
 * IAM operations of the simulated account: roles, their inline and attached policies, and their tags.
 * Inputs are read as the SDK passed them; outputs have the shapes of `@aws-sdk/client-iam`.
 */

import type {
  AttachedPolicy,
  AttachRolePolicyRequest,
  CreateRoleRequest,
  CreateRoleResponse,
  DeleteRolePolicyRequest,
  DeleteRoleRequest,
  DetachRolePolicyRequest,
  GetRolePolicyRequest,
  GetRolePolicyResponse,
  GetRoleRequest,
  GetRoleResponse,
  ListAttachedRolePoliciesRequest,
  ListAttachedRolePoliciesResponse,
  ListRolePoliciesRequest,
  ListRolePoliciesResponse,
  ListRolesRequest,
  ListRolesResponse,
  ListRoleTagsRequest,
  ListRoleTagsResponse,
  PutRolePolicyRequest,
  Role,
  Tag,
  TagRoleRequest,
  UntagRoleRequest,
  UpdateAssumeRolePolicyRequest,
  UpdateRoleRequest,
} from "@aws-sdk/client-iam";
import {
  DeleteConflictException,
  EntityAlreadyExistsException,
  InvalidInputException,
  LimitExceededException,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
  UnmodifiableEntityException,
} from "@aws-sdk/client-iam";
import type { StringConstraint } from "./constraints";
import { charsWithoutWhitespace, IAM, IAM_QUOTAS, integerViolation, stringViolation } from "./constraints";
import { exceptionOptions, iamValidationError } from "./errors";
import { decodeToken, paginate, sortBy } from "./paging";
import { malformedReason } from "./policyDocument";
import type { AccountContext, AccountState, OperationHandler, RoleState, TagPair } from "./types";

/** The AWS-managed policies every account has (attaching any other unknown ARN fails with NoSuchEntity). */
export const AWS_MANAGED_POLICIES = [
  "arn:aws:iam::aws:policy/AdministratorAccess",
  "arn:aws:iam::aws:policy/ReadOnlyAccess",
  "arn:aws:iam::aws:policy/PowerUserAccess",
  "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
  "arn:aws:iam::aws:policy/aws-service-role/AWSECRPullThroughCache_ServiceRolePolicy",
] as const;

type Handler<I> = (context: AccountContext, input: I) => object;

/** Erases a typed handler to the dispatcher's signature: the input arrives as whatever the caller sent. */
function op<I>(handler: Handler<I>): OperationHandler {
  return (context, input) => handler(context, input as I);
}

function check(member: string, value: unknown, constraint: StringConstraint, required = true): void {
  const violation = stringViolation(value, constraint, required);
  if (violation) throw iamValidationError(member, value, violation);
}

function checkMaxItems(value: unknown): number {
  const violation = integerViolation(value, IAM.maxItems);
  if (violation) throw iamValidationError("maxItems", value, violation);
  return (value as number | undefined) ?? IAM.maxItems.default;
}

function markerKey(marker: unknown): string | undefined {
  if (marker === undefined) return undefined;
  check("marker", marker, IAM.marker);
  const key = decodeToken(marker as string);
  if (key === undefined) throw new InvalidInputException(exceptionOptions("Invalid Marker.", 400));
  return key;
}

/** The role named `name` (IAM role names are unique case-insensitively), or NoSuchEntity. */
function requireRole(state: AccountState, name: unknown): RoleState {
  check("roleName", name, IAM.roleName);
  const role = state.roles.get((name as string).toLowerCase());
  if (!role) {
    throw new NoSuchEntityException(
      exceptionOptions(`The role with name ${String(name)} cannot be found.`, 404),
    );
  }
  return role;
}

function requireModifiable(role: RoleState): void {
  if (role.serviceLinked) {
    throw new UnmodifiableEntityException(
      exceptionOptions(
        `Cannot perform the operation on the protected role '${role.roleName}' - this role is only modifiable by AWS`,
        400,
      ),
    );
  }
}

/** The role an ARN names in this account, or undefined. */
export function findRoleByArn(state: AccountState, arn: string): RoleState | undefined {
  const name = arn.slice(arn.lastIndexOf("/") + 1);
  const role = state.roles.get(name.toLowerCase());
  return role && role.arn.toLowerCase() === arn.toLowerCase() ? role : undefined;
}

function checkPolicyDocument(document: unknown, kind: "trust" | "permissions"): string {
  check("policyDocument", document, IAM.policyDocument);
  const reason = malformedReason(document as string, kind);
  if (reason) throw new MalformedPolicyDocumentException(exceptionOptions(reason, 400));
  return document as string;
}

function checkTrustSize(document: string): void {
  if (charsWithoutWhitespace(document) > IAM_QUOTAS.trustPolicyChars) {
    throw new LimitExceededException(
      exceptionOptions(`Cannot exceed quota for ACLSizePerRole: ${IAM_QUOTAS.trustPolicyChars}`, 409),
    );
  }
}

/** Validates a tag list of one request; returns it keyed by lower-cased key. */
function checkTags(tags: unknown): Map<string, TagPair> {
  if (!Array.isArray(tags)) throw iamValidationError("tags", tags, "Member must not be null");
  if (tags.length > IAM.maxTagsPerRequest) {
    throw iamValidationError(
      "tags",
      "[...]",
      `Member must have length less than or equal to ${IAM.maxTagsPerRequest}`,
    );
  }
  const byKey = new Map<string, TagPair>();
  tags.forEach((tag: Tag, index) => {
    check(`tags.${index + 1}.member.key`, tag?.Key, IAM.tagKey);
    check(`tags.${index + 1}.member.value`, tag?.Value, IAM.tagValue);
    const key = (tag.Key as string).toLowerCase();
    if (key.startsWith("aws:")) {
      throw new InvalidInputException(
        exceptionOptions("Tag keys starting with 'aws:' are reserved for AWS use.", 400),
      );
    }
    if (byKey.has(key)) {
      throw new InvalidInputException(
        exceptionOptions("Duplicate tag keys found. Please note that Tag keys are case insensitive.", 400),
      );
    }
    byKey.set(key, { Key: tag.Key as string, Value: tag.Value as string });
  });
  return byKey;
}

function tagsOf(role: RoleState): Tag[] {
  return [...role.tags.values()].map((tag) => ({ ...tag }));
}

function roleOutput(role: RoleState, detail: "get" | "create" | "list"): Role {
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
    // ListRoles does not return tags; GetRole and CreateRole do, and omit the member when there are none.
    ...(detail !== "list" && tags.length > 0 ? { Tags: tags } : {}),
    ...(detail === "get" ? { RoleLastUsed: {} } : {}),
  };
}

function policyName(arn: string): string {
  return arn.slice(arn.lastIndexOf("/") + 1);
}

/**
 * Creates a role in `state` (used by CreateRole and by ECR for its service-linked role).
 * Validates nothing: callers do.
 */
export function insertRole(
  context: AccountContext,
  fields: {
    roleName: string;
    path: string;
    assumeRolePolicyDocument: string;
    description?: string;
    maxSessionDuration?: number;
    tags?: ReadonlyMap<string, TagPair>;
    serviceLinked?: boolean;
    attachedPolicies?: readonly string[];
  },
): RoleState {
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
    serviceLinked: fields.serviceLinked ?? false,
    unusableAttemptsLeft: context.seeding ? 0 : (context.faults.roleNotUsableAttempts ?? 0),
  };
  context.state.roles.set(fields.roleName.toLowerCase(), role);
  return role;
}

const createRole = op<CreateRoleRequest>((context, input): CreateRoleResponse => {
  check("roleName", input.RoleName, IAM.roleName);
  check("path", input.Path, IAM.path, false);
  check("assumeRolePolicyDocument", input.AssumeRolePolicyDocument, IAM.policyDocument);
  check("description", input.Description, IAM.description, false);
  const durationViolation = integerViolation(input.MaxSessionDuration, IAM.maxSessionDuration);
  if (durationViolation)
    throw iamValidationError("maxSessionDuration", input.MaxSessionDuration, durationViolation);
  const tags = input.Tags === undefined ? new Map<string, TagPair>() : checkTags(input.Tags);
  const roleName = input.RoleName as string;
  if (context.state.roles.has(roleName.toLowerCase())) {
    throw new EntityAlreadyExistsException(
      exceptionOptions(`Role with name ${roleName} already exists.`, 409),
    );
  }
  const document = checkPolicyDocument(input.AssumeRolePolicyDocument, "trust");
  checkTrustSize(document);
  const role = insertRole(context, {
    roleName,
    path: input.Path ?? "/",
    assumeRolePolicyDocument: document,
    ...(input.Description !== undefined ? { description: input.Description } : {}),
    ...(input.MaxSessionDuration !== undefined ? { maxSessionDuration: input.MaxSessionDuration } : {}),
    tags,
  });
  return { Role: roleOutput(role, "create") };
});

const getRole = op<GetRoleRequest>(
  (context, input): GetRoleResponse => ({
    Role: roleOutput(requireRole(context.state, input.RoleName), "get"),
  }),
);

const updateRole = op<UpdateRoleRequest>((context, input) => {
  const role = requireRole(context.state, input.RoleName);
  check("description", input.Description, IAM.description, false);
  const durationViolation = integerViolation(input.MaxSessionDuration, IAM.maxSessionDuration);
  if (durationViolation)
    throw iamValidationError("maxSessionDuration", input.MaxSessionDuration, durationViolation);
  requireModifiable(role);
  if (input.Description !== undefined) role.description = input.Description;
  if (input.MaxSessionDuration !== undefined) role.maxSessionDuration = input.MaxSessionDuration;
  return {};
});

const deleteRole = op<DeleteRoleRequest>((context, input) => {
  const role = requireRole(context.state, input.RoleName);
  requireModifiable(role);
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

const updateAssumeRolePolicy = op<UpdateAssumeRolePolicyRequest>((context, input) => {
  const role = requireRole(context.state, input.RoleName);
  const document = checkPolicyDocument(input.PolicyDocument, "trust");
  requireModifiable(role);
  checkTrustSize(document);
  role.assumeRolePolicyDocument = document;
  return {};
});

const listRoles = op<ListRolesRequest>((context, input): ListRolesResponse => {
  check("pathPrefix", input.PathPrefix, IAM.pathPrefix, false);
  const limit = checkMaxItems(input.MaxItems);
  const after = markerKey(input.Marker);
  const prefix = input.PathPrefix ?? "/";
  const roles = sortBy(
    [...context.state.roles.values()].filter((role) => role.path.startsWith(prefix)),
    (role) => role.roleName.toLowerCase(),
  );
  const page = paginate(roles, (role) => role.roleName.toLowerCase(), after, limit);
  return {
    Roles: page.items.map((role) => roleOutput(role, "list")),
    IsTruncated: page.next !== undefined,
    ...(page.next ? { Marker: page.next } : {}),
  };
});

const listRolePolicies = op<ListRolePoliciesRequest>((context, input): ListRolePoliciesResponse => {
  const role = requireRole(context.state, input.RoleName);
  const limit = checkMaxItems(input.MaxItems);
  const page = paginate(sortBy(role.inlinePolicies.keys(), String), String, markerKey(input.Marker), limit);
  return {
    PolicyNames: page.items,
    IsTruncated: page.next !== undefined,
    ...(page.next ? { Marker: page.next } : {}),
  };
});

const getRolePolicy = op<GetRolePolicyRequest>((context, input): GetRolePolicyResponse => {
  const role = requireRole(context.state, input.RoleName);
  check("policyName", input.PolicyName, IAM.policyName);
  const document = role.inlinePolicies.get(input.PolicyName as string);
  if (document === undefined) {
    throw new NoSuchEntityException(
      exceptionOptions(`The role policy with name ${input.PolicyName} cannot be found.`, 404),
    );
  }
  return {
    RoleName: role.roleName,
    PolicyName: input.PolicyName as string,
    PolicyDocument: encodeURIComponent(document),
  };
});

const putRolePolicy = op<PutRolePolicyRequest>((context, input) => {
  const role = requireRole(context.state, input.RoleName);
  check("policyName", input.PolicyName, IAM.policyName);
  const document = checkPolicyDocument(input.PolicyDocument, "permissions");
  requireModifiable(role);
  const name = input.PolicyName as string;
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
  role.inlinePolicies.set(name, document);
  return {};
});

const deleteRolePolicy = op<DeleteRolePolicyRequest>((context, input) => {
  const role = requireRole(context.state, input.RoleName);
  check("policyName", input.PolicyName, IAM.policyName);
  requireModifiable(role);
  if (!role.inlinePolicies.has(input.PolicyName as string)) {
    throw new NoSuchEntityException(
      exceptionOptions(`The role policy with name ${input.PolicyName} cannot be found.`, 404),
    );
  }
  role.inlinePolicies.delete(input.PolicyName as string);
  return {};
});

const listAttachedRolePolicies = op<ListAttachedRolePoliciesRequest>(
  (context, input): ListAttachedRolePoliciesResponse => {
    const role = requireRole(context.state, input.RoleName);
    const limit = checkMaxItems(input.MaxItems);
    const attached: AttachedPolicy[] = sortBy(role.attachedPolicies, policyName).map((arn) => ({
      PolicyName: policyName(arn),
      PolicyArn: arn,
    }));
    const filtered =
      input.PathPrefix === undefined
        ? attached
        : attached.filter((policy) =>
            policyPath(policy.PolicyArn ?? "").startsWith(input.PathPrefix as string),
          );
    const page = paginate(filtered, (policy) => policy.PolicyName ?? "", markerKey(input.Marker), limit);
    return {
      AttachedPolicies: page.items,
      IsTruncated: page.next !== undefined,
      ...(page.next ? { Marker: page.next } : {}),
    };
  },
);

/** `/aws-service-role/` for `arn:aws:iam::aws:policy/aws-service-role/X`. */
function policyPath(arn: string): string {
  const resource = arn.slice(arn.indexOf(":policy") + ":policy".length);
  return resource.slice(0, resource.lastIndexOf("/") + 1);
}

const attachRolePolicy = op<AttachRolePolicyRequest>((context, input) => {
  const role = requireRole(context.state, input.RoleName);
  check("policyArn", input.PolicyArn, IAM.arn);
  const arn = input.PolicyArn as string;
  if (!context.state.managedPolicies.has(arn)) {
    throw new NoSuchEntityException(
      exceptionOptions(`Policy ${arn} does not exist or is not attachable.`, 404),
    );
  }
  requireModifiable(role);
  if (!role.attachedPolicies.has(arn) && role.attachedPolicies.size >= IAM_QUOTAS.managedPoliciesPerRole) {
    throw new LimitExceededException(
      exceptionOptions(`Cannot exceed quota for PoliciesPerRole: ${IAM_QUOTAS.managedPoliciesPerRole}`, 409),
    );
  }
  // Attaching a policy that is already attached succeeds and changes nothing.
  role.attachedPolicies.add(arn);
  return {};
});

const detachRolePolicy = op<DetachRolePolicyRequest>((context, input) => {
  const role = requireRole(context.state, input.RoleName);
  check("policyArn", input.PolicyArn, IAM.arn);
  requireModifiable(role);
  if (!role.attachedPolicies.has(input.PolicyArn as string)) {
    throw new NoSuchEntityException(exceptionOptions(`Policy ${input.PolicyArn} was not found.`, 404));
  }
  role.attachedPolicies.delete(input.PolicyArn as string);
  return {};
});

const tagRole = op<TagRoleRequest>((context, input) => {
  const role = requireRole(context.state, input.RoleName);
  const tags = checkTags(input.Tags);
  const merged = new Map(role.tags);
  for (const [key, tag] of tags) merged.set(key, tag);
  if (merged.size > IAM_QUOTAS.tagsPerRole) {
    throw new LimitExceededException(
      exceptionOptions(`The number of tags has reached the maximum limit of ${IAM_QUOTAS.tagsPerRole}.`, 409),
    );
  }
  // Keys differing only in case name the same tag: the new key's spelling replaces the old one.
  for (const [key, tag] of tags) role.tags.set(key, tag);
  return {};
});

const untagRole = op<UntagRoleRequest>((context, input) => {
  const role = requireRole(context.state, input.RoleName);
  if (!Array.isArray(input.TagKeys))
    throw iamValidationError("tagKeys", input.TagKeys, "Member must not be null");
  if (input.TagKeys.length > IAM.maxTagsPerRequest) {
    throw iamValidationError(
      "tagKeys",
      "[...]",
      `Member must have length less than or equal to ${IAM.maxTagsPerRequest}`,
    );
  }
  input.TagKeys.forEach((key, index) => {
    check(`tagKeys.${index + 1}.member`, key, IAM.tagKey);
  });
  // Removing a key the role does not have is not an error.
  for (const key of input.TagKeys) role.tags.delete(key.toLowerCase());
  return {};
});

const listRoleTags = op<ListRoleTagsRequest>((context, input): ListRoleTagsResponse => {
  const role = requireRole(context.state, input.RoleName);
  const limit = checkMaxItems(input.MaxItems);
  const tags = sortBy(tagsOf(role), (tag) => (tag.Key ?? "").toLowerCase());
  const page = paginate(tags, (tag) => (tag.Key ?? "").toLowerCase(), markerKey(input.Marker), limit);
  return {
    Tags: page.items,
    IsTruncated: page.next !== undefined,
    ...(page.next ? { Marker: page.next } : {}),
  };
});

/** IAM operations by name. */
export const IAM_OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  CreateRole: createRole,
  GetRole: getRole,
  UpdateRole: updateRole,
  DeleteRole: deleteRole,
  UpdateAssumeRolePolicy: updateAssumeRolePolicy,
  ListRoles: listRoles,
  ListRolePolicies: listRolePolicies,
  GetRolePolicy: getRolePolicy,
  PutRolePolicy: putRolePolicy,
  DeleteRolePolicy: deleteRolePolicy,
  ListAttachedRolePolicies: listAttachedRolePolicies,
  AttachRolePolicy: attachRolePolicy,
  DetachRolePolicy: detachRolePolicy,
  TagRole: tagRole,
  UntagRole: untagRole,
  ListRoleTags: listRoleTags,
};

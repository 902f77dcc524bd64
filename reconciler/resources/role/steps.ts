import { MAX_ROLE_TAGS, OWNER_TAG_KEY } from "../../../common/constants";
import type { Step } from "../../engine/adapter";
import type { FieldDifference } from "../../engine/difference";
import { tagList } from "../tags";
import { ROLE_FIELD } from "./diff";
import type { DesiredRole, RoleActual } from "./types";

/** CreateRole with the ownership tag (what makes it ours), then our inline policy. */
export function roleCreateSteps(desired: DesiredRole): Step[] {
  return [
    {
      operation: "iam:CreateRole",
      target: desired.name,
      input: {
        RoleName: desired.name,
        Path: desired.path,
        AssumeRolePolicyDocument: JSON.stringify(desired.trustPolicy),
        Description: desired.description,
        Tags: tagList(desired.tags),
      },
      propagates: true,
    },
    putPolicy(desired),
  ];
}

function putPolicy(desired: DesiredRole, independent?: boolean): Step {
  return {
    operation: "iam:PutRolePolicy",
    target: `${desired.name}/${desired.inlinePolicyName}`,
    input: {
      RoleName: desired.name,
      PolicyName: desired.inlinePolicyName,
      PolicyDocument: JSON.stringify(desired.inlinePolicy),
    },
    propagates: true,
    ...(independent ? { independent } : {}),
  };
}

function tagRole(name: string, tags: readonly FieldDifference[], independent: boolean): Step {
  return {
    operation: "iam:TagRole",
    target: name,
    input: { RoleName: name, Tags: tags.map((d) => ({ Key: d.key, Value: d.expected })) },
    ...(independent ? { independent } : {}),
  };
}

const isOwnerTag = (d: FieldDifference) => d.key?.toLowerCase() === OWNER_TAG_KEY;

/**
 * The fewest calls that fix the differences, in an order IAM's quotas accept (docs/aws-facts.md, "IAM
 * quotas": 50 tags, 10,240 characters of inline policies and 10 attached policies per role, each enforced
 * by the call that crosses it):
 * 1. our ownership tag, when it is missing (claiming an adopted role): the reconciler's own permissions on
 *    the role are scoped by that tag, so every later call needs it and waits for it (on a role already at
 *    50 tags, the extra tags go first, or the ownership tag would not fit);
 * 2. removals, which free room: tags, foreign inline policies, attached policies (and a permissions
 *    boundary, which caps what the role may do);
 * 3. additions and changes, which use room: tags, the trust policy, our inline policy.
 * The steps after the first do not depend on each other: one failing does not stop the others.
 */
export function roleUpdateSteps(
  desired: DesiredRole,
  actual: RoleActual,
  differences: readonly FieldDifference[],
): Step[] {
  const name = desired.name;
  const tags = differences.filter((d) => d.field === ROLE_FIELD.tags);
  const owner = tags.filter((d) => isOwnerTag(d) && d.expected !== undefined);
  const unset = tags.filter((d) => d.expected === undefined);
  const set = tags.filter((d) => d.expected !== undefined && !isOwnerTag(d));
  const other = (field: string) => differences.filter((d) => d.field === field);
  const foreign = other(ROLE_FIELD.inlinePolicies).filter((d) => d.key !== desired.inlinePolicyName);
  const ours = other(ROLE_FIELD.inlinePolicies).filter((d) => d.key === desired.inlinePolicyName);
  const untag: Step | undefined =
    unset.length > 0
      ? {
          operation: "iam:UntagRole",
          target: name,
          input: { RoleName: name, TagKeys: unset.map((d) => d.key) },
        }
      : undefined;
  // Claiming a role already at IAM's 50 tags: the ownership tag fits only once the extra ones are gone.
  const full = owner.length > 0 && Object.keys(actual.tags).length >= MAX_ROLE_TAGS;
  return [
    ...(full && untag ? [untag] : []),
    ...(owner.length > 0 ? [tagRole(name, owner, false)] : []),
    ...(!full && unset.length > 0
      ? [
          {
            operation: "iam:UntagRole",
            target: name,
            input: { RoleName: name, TagKeys: unset.map((d) => d.key) },
            independent: true,
          },
        ]
      : []),
    ...foreign.map((d) => deletePolicy(name, d.key)),
    ...other(ROLE_FIELD.managedPolicies).map((d) => detachPolicy(name, d.key)),
    ...other(ROLE_FIELD.permissionsBoundary).map(() => ({
      operation: "iam:DeleteRolePermissionsBoundary",
      target: name,
      input: { RoleName: name },
      independent: true,
    })),
    ...(set.length > 0 ? [tagRole(name, set, true)] : []),
    ...other(ROLE_FIELD.trustPolicy).map(() => ({
      operation: "iam:UpdateAssumeRolePolicy",
      target: name,
      input: { RoleName: name, PolicyDocument: JSON.stringify(desired.trustPolicy) },
      propagates: true,
      independent: true,
    })),
    ...ours.map(() => putPolicy(desired, true)),
  ];
}

/** IAM refuses DeleteRole (DeleteConflict) while policies remain: remove them first. */
export function roleDeleteSteps(actual: RoleActual): Step[] {
  return [
    ...actual.inlinePolicyNames.map((name) => deletePolicy(actual.name, name)),
    ...actual.attachedPolicyArns.map((arn) => detachPolicy(actual.name, arn)),
    { operation: "iam:DeleteRole", target: actual.name, input: { RoleName: actual.name } },
  ];
}

function deletePolicy(roleName: string, policyName: string | undefined): Step {
  return {
    operation: "iam:DeleteRolePolicy",
    target: `${roleName}/${policyName}`,
    input: { RoleName: roleName, PolicyName: policyName },
    independent: true,
  };
}

function detachPolicy(roleName: string, policyArn: string | undefined): Step {
  return {
    operation: "iam:DetachRolePolicy",
    target: `${roleName} ${policyArn}`,
    input: { RoleName: roleName, PolicyArn: policyArn },
    independent: true,
  };
}

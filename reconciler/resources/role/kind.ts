import { RESOURCE_TYPES } from "../../../common/types";
import type { ResourceKind } from "../../engine/adapter";
import { diffRole, roleNeedsReplace } from "./diff";
import { roleCreateSteps, roleDeleteSteps, roleUpdateSteps } from "./steps";
import type { DesiredRole, RoleActual } from "./types";

/**
 * A role ECR assumes: created first, deleted last; never replaced. The same facts serve both roles the
 * reconciler owns; only the kind's name (its record entries, what waits for it) tells them apart.
 */
function roleKindNamed(kind: "role" | "templateRole"): ResourceKind<DesiredRole, RoleActual> {
  return {
    kind,
    type: RESOURCE_TYPES.role,
    order: 1,
    dependsOn: [],
    // A role name is unique, so the new role cannot exist before the old is deleted: the rule would point at
    // nothing in between, and a role of another path may not be ours to create (see the execution policy).
    noReplace:
      "IAM cannot move a role to another path: set rolePath back, or delete the role and the reconciler creates it at the new path",
    diff: diffRole,
    needsReplace: roleNeedsReplace,
    createSteps: roleCreateSteps,
    updateSteps: roleUpdateSteps,
    deleteSteps: roleDeleteSteps,
  };
}

/** The role ECR's pull-through cache assumes to read Echo's registry. */
export const roleKind = roleKindNamed("role");

/** The role ECR assumes to create the cache's repositories, when the template uses KMS or resource tags. */
export const templateRoleKind = roleKindNamed("templateRole");

import { RESOURCE_TYPES } from "../../../common/types";
import type { ResourceKind } from "../../engine/adapter";
import { diffRole, roleNeedsReplace } from "./diff";
import { roleCreateSteps, roleDeleteSteps, roleUpdateSteps } from "./steps";
import type { DesiredRole, RoleActual } from "./types";

/** The IAM role ECR assumes: created first, deleted last; never replaced. */
export const roleKind: ResourceKind<DesiredRole, RoleActual> = {
  kind: "role",
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

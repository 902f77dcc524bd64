/**
 * IAM operations of the simulated account: roles, their inline and attached policies, and their tags.
 * IAM is one namespace per account, shared by all its Regions.
 */
import { operationsOf } from "../operation";
import * as boundaries from "./boundaries";
import * as inlinePolicies from "./inlinePolicies";
import * as managedPolicies from "./managedPolicies";
import * as roles from "./roles";
import * as tags from "./tags";

export { findRoleByArn } from "./common";
export { AWS_MANAGED_POLICIES } from "./managedPolicies";
export { insertRole } from "./roles";

/** IAM operations by name. */
export const IAM_OPERATIONS = operationsOf(roles, inlinePolicies, managedPolicies, tags, boundaries);

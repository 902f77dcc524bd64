import { OWNER_TAG_KEY } from "../../../common/constants";
import type { Claim } from "../../engine/types";
import { decodePolicy, type PolicyInput } from "../iamPolicy";
import type { DesiredRole, RoleActual } from "./types";

/**
 * A role is ours while it carries our ownership tag (`OWNER_TAG_KEY` = our owner id). The tag is set when we
 * create the role (or adopt it), and IAM lets only principals allowed to tag roles change it, so it is the
 * proof; the record only says where to look.
 *
 * @example
 * roleIsOurs({ ...role, tags: { "buildecho:pullthrough-cache:owner": "p/s/echo" } }, "p/s/echo"); // true
 */
export function roleIsOurs(actual: RoleActual, ownerId: string): boolean {
  return roleOwner(actual) === ownerId;
}

/** Whose a role is: the value of its ownership tag, or undefined for a role no reconciler claims. */
export function roleOwner(actual: RoleActual): string | undefined {
  return actual.tags[OWNER_TAG_KEY];
}

/**
 * Where a new roleName goes: the args (the execution role may create only the role they name) and, when SSM
 * owns the config, the document too (the args seed it once).
 */
const WHERE_TO_SET = `in this component's args (with configSource ssm, in its config document too)`;

/** IAM's limit on a role name (CreateRole `RoleName`: 1 to 64 characters). */
const ROLE_NAME_MAX_LENGTH = 64;

/**
 * The Region of the cache repositories a role's policy grants (ours name them: `pullPolicy`'s FillCache), i.e.
 * the Region of the deployment the role serves; undefined when the policy names none.
 */
export function cacheRegion(policy: PolicyInput | undefined, accountId: string): string | undefined {
  if (policy === undefined) return undefined;
  try {
    const text = JSON.stringify(decodePolicy(policy));
    return new RegExp(`arn:[\\w-]+:ecr:([a-z0-9-]+):${accountId}:repository/`).exec(text)?.[1];
  } catch {
    return undefined;
  }
}

/**
 * Whose a role is when another deployment of this component holds it (its ownership tag names another owner),
 * and what to set: IAM role names are account-wide (docs/aws-facts.md, "IAM API"), so a
 * second Region's deployment with the default roleName, which has no Region in it, finds the first one's role.
 * `field` is the config field that names the role (`roleName`, or `repositoryTemplate.roleName` for a template's).
 *
 * @example
 * roleClaim(euRole, desiredUsRole, "p/s/cache-us");
 * // { owner: "the deployment 'p/s/cache-eu' (its … tag), in eu-west-1",
 * //   remedy: "IAM role names are account-wide, …; set roleName to a name of its own, such as echo-pullthrough-cache-role-us-east-1, …" }
 */
export function roleClaim(
  actual: RoleActual,
  desired: DesiredRole,
  ownerId: string,
  field = "roleName",
): Claim | undefined {
  const owner = roleOwner(actual);
  if (owner === undefined || owner === ownerId) return undefined;
  const accountId = actual.arn.split(":")[4] ?? "";
  const theirs = cacheRegion(actual.inlinePolicy, accountId);
  const ours = cacheRegion(desired.inlinePolicy, accountId);
  const where = theirs === undefined ? "" : `, in ${theirs}`;
  const remedy =
    ours !== undefined && theirs !== ours
      ? `IAM role names are account-wide, one name for all Regions; set ${field} to a name of its own, such as ${regional(desired.name, ours)}, ${WHERE_TO_SET}`
      : `IAM role names are account-wide; set ${field} to a name no other deployment uses, ${WHERE_TO_SET}`;
  return { owner: `the deployment '${owner}' (its ${OWNER_TAG_KEY} tag)${where}`, remedy };
}

/** `<name>-<region>`, the name cut so the whole fits IAM's 64 characters. */
function regional(name: string, region: string): string {
  return `${name.slice(0, ROLE_NAME_MAX_LENGTH - region.length - 1)}-${region}`;
}

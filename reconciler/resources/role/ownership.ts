import { OWNER_TAG_KEY } from "../../../common/constants";
import type { RoleActual } from "./types";

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

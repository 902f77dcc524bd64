/**
 * What every IAM operation of the simulated account shares: member checks that answer as IAM does,
 * page markers, and finding a role.
 */
import {
  InvalidInputException,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
  UnmodifiableEntityException,
} from "@aws-sdk/client-iam";
import type { StringConstraint } from "../constraints";
import { IAM, integerViolation, stringViolation } from "../constraints";
import { exceptionOptions, iamValidationError } from "../errors";
import type { Page } from "../paging";
import { decodeToken, paginate, sortBy } from "../paging";
import { malformedReason, type PolicyKind } from "../policyDocument";
import type { AccountState, RoleState } from "../types";

/** Throws IAM's ValidationError when `value` breaks `constraint`. */
export function check(member: string, value: unknown, constraint: StringConstraint, required = true): void {
  const violation = stringViolation(value, constraint, required);
  if (violation) throw iamValidationError(member, value, violation);
}

/** Checks an integer member against a range; throws IAM's ValidationError. */
export function checkInteger(
  member: string,
  value: unknown,
  range: { readonly min: number; readonly max: number },
): void {
  const violation = integerViolation(value, range);
  if (violation) throw iamValidationError(member, value, violation);
}

/** The page size a List* call asks for (`MaxItems`, default 100). */
function checkMaxItems(value: unknown): number {
  checkInteger("maxItems", value, IAM.maxItems);
  return (value as number | undefined) ?? IAM.maxItems.default;
}

/** The key a `Marker` continues after; InvalidInput for a marker this account did not issue. */
function markerKey(marker: unknown): string | undefined {
  if (marker === undefined) return undefined;
  check("marker", marker, IAM.marker);
  const key = decodeToken(marker as string);
  if (key === undefined) throw new InvalidInputException(exceptionOptions("Invalid Marker.", 400));
  return key;
}

/** The `IsTruncated` and `Marker` members of a List* output. */
function truncation(page: Page<unknown>): { IsTruncated: boolean; Marker?: string } {
  return page.next === undefined ? { IsTruncated: false } : { IsTruncated: true, Marker: page.next };
}

/** What a List* call sends to page its output. */
export interface ListRequest {
  readonly Marker?: string | undefined;
  readonly MaxItems?: number | undefined;
}

/** One page of a List* output: `items` sorted by `key`, after `Marker`, at most `MaxItems` of them. */
export function listPage<T>(
  items: Iterable<T>,
  key: (item: T) => string,
  input: ListRequest,
): { items: T[]; IsTruncated: boolean; Marker?: string } {
  const limit = checkMaxItems(input.MaxItems);
  const page = paginate(sortBy(items, key), key, markerKey(input.Marker), limit);
  return { items: page.items, ...truncation(page) };
}

/** The role named `name` (IAM role names are unique case-insensitively), or NoSuchEntity. */
export function requireRole(state: AccountState, name: unknown): RoleState {
  check("roleName", name, IAM.roleName);
  const role = state.roles.get((name as string).toLowerCase());
  if (!role) {
    throw new NoSuchEntityException(
      exceptionOptions(`The role with name ${String(name)} cannot be found.`, 404),
    );
  }
  return role;
}

/** AWS-owned roles (the service-linked role) refuse changes with UnmodifiableEntity. */
export function requireModifiable(role: RoleState): void {
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

/** Checks a policy document member and its grammar; returns its text. */
export function checkPolicyDocument(document: unknown, kind: PolicyKind): string {
  check("policyDocument", document, IAM.policyDocument);
  const reason = malformedReason(document as string, kind);
  if (reason) throw new MalformedPolicyDocumentException(exceptionOptions(reason, 400));
  return document as string;
}

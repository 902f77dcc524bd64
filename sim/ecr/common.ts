/**
 * What the ECR operations of the simulated account share: member checks that answer as ECR does, the
 * registry a call names, page tokens, and the role a `customRoleArn` names.
 */
import { InvalidParameterException } from "@aws-sdk/client-ecr";
import type { StringConstraint } from "../constraints";
import { ECR, integerViolation, stringViolation } from "../constraints";
import { accessDenied, ecrInvalidParameter, exceptionOptions } from "../errors";
import { findRoleByArn } from "../iam";
import { decodeToken } from "../paging";
import type { AccountContext, RoleState } from "../types";

/** Throws ECR's InvalidParameterException when `value` breaks `constraint`. */
export function check(member: string, value: unknown, constraint: StringConstraint, required = true): void {
  const violation = stringViolation(value, constraint, required);
  if (violation) throw ecrInvalidParameter(member, violation);
}

/** Throws InvalidParameterException unless `value` is one of `allowed`. */
export function checkEnum(member: string, value: unknown, allowed: readonly string[]): void {
  if (!allowed.includes(value as string)) {
    throw ecrInvalidParameter(member, `Member must satisfy enum value set: [${allowed.join(", ")}]`);
  }
}

/** An InvalidParameterException with a message of its own. */
export function invalid(message: string): InvalidParameterException {
  return new InvalidParameterException(exceptionOptions(message, 400));
}

/** `{ [key]: value }`, or nothing when the value is undefined: ECR omits members that are not set. */
export function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/**
 * `registryId` defaults to the caller's account. Naming another account's registry is refused as AWS
 * refuses a call on a resource the caller has no permission for (AccessDeniedException).
 */
export function registryOf(context: AccountContext, registryId: unknown, operation: string): string {
  check("registryId", registryId, ECR.registryId, false);
  if (registryId !== undefined && registryId !== context.accountId) throw accessDenied("ecr", operation);
  return context.accountId;
}

/** The page size a Describe* call asks for (`maxResults`, default 100). */
export function checkMaxResults(value: unknown): number {
  const violation = integerViolation(value, ECR.maxResults);
  if (violation) throw ecrInvalidParameter("maxResults", violation);
  return (value as number | undefined) ?? ECR.maxResults.default;
}

/** The key a `nextToken` continues after; InvalidParameter for a token this account did not issue. */
export function tokenKey(token: unknown): string | undefined {
  if (token === undefined) return undefined;
  const key = typeof token === "string" ? decodeToken(token) : undefined;
  if (key === undefined)
    throw invalid("Invalid parameter at 'nextToken' failed to satisfy constraint: 'Invalid token'");
  return key;
}

/**
 * The role a `customRoleArn` names: it must be a role of this account that exists (the model: "This role
 * must be in the same account as the registry").
 */
export function requireCustomRole(context: AccountContext, arn: unknown): RoleState {
  check("customRoleArn", arn, ECR.customRoleArn);
  const text = arn as string;
  const account = text.split(":")[4];
  if (!text.startsWith("arn:aws:iam::") || !text.includes(":role/")) {
    throw invalid(`Invalid parameter at 'customRoleArn': '${text}' is not an IAM role ARN.`);
  }
  if (account !== context.accountId) {
    throw invalid(`The customRoleArn '${text}' must be in the same account as the registry.`);
  }
  const role = findRoleByArn(context.state, text);
  if (!role) throw invalid(`The customRoleArn '${text}' does not exist.`);
  return role;
}

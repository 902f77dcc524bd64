/**
 * What the simulated-account tests share: the account they talk to, its constants, and error checks.
 * Not a test file (jest runs `*.test.ts` only).
 */
import { trustPolicy } from "../../sim";

export const ACCOUNT = "111122223333";
export const PRINCIPAL = "pullthroughcache.ecr.amazonaws.com";
export const TRUST = trustPolicy(PRINCIPAL);
export const UPSTREAM = "999999999999.dkr.ecr.eu-west-1.amazonaws.com";
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/echo-ptc`;
export const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
/** A rule for the `echo` prefix pointing at an ECR upstream through the role `echo-ptc`. */
export const RULE = {
  ecrRepositoryPrefix: "echo",
  upstreamRegistryUrl: UPSTREAM,
  upstreamRegistry: "ecr",
  customRoleArn: ROLE_ARN,
} as const;

/** An SDK exception as the tests inspect it. */
export type SdkError = Error & { $metadata: { attempts?: number; httpStatusCode?: number } };

/** The error a call rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error("expected the call to fail");
}

/** An exception class of an SDK client, abstract or not. */
export type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Asserts the error by class, or, for errors the service's model does not declare, by the service's base
 * exception class and the wire code as `name`.
 */
export function expectError(error: Error, expected: ErrorClass | string, base: ErrorClass): void {
  if (typeof expected === "string") {
    expect(error).toBeInstanceOf(base);
    expect(error.name).toBe(expected);
  } else {
    expect(error).toBeInstanceOf(expected);
  }
}

/** A clock the test can move forward: `now()` is what the account sees, `set(date)` moves it. */
export function testClock(start: Date): { now: () => Date; set: (date: Date) => void } {
  let current = start;
  return {
    now: () => current,
    set: (date) => {
      current = date;
    },
  };
}

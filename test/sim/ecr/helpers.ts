/** What the ECR tests of the simulated account share. */
import {
  CreatePullThroughCacheRuleCommand,
  type CreatePullThroughCacheRuleCommandInput,
  ECRServiceException,
} from "@aws-sdk/client-ecr";
import { createSimulatedClients, SimulatedAccount, trustPolicy } from "../../../sim";
import { ACCOUNT, type ErrorClass, expectError, PRINCIPAL, RULE, rejection, testClock } from "../helpers";

export const OTHER_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/other`;
export const CREATED = new Date("2026-01-01T00:00:00.000Z");
export const LATER = new Date("2026-01-02T00:00:00.000Z");

/** An account at {@link CREATED} with the roles `echo-ptc` and `other`; `advanceClock` moves to {@link LATER}. */
export function setup() {
  const clock = testClock(CREATED);
  const account = new SimulatedAccount({ clock: clock.now });
  for (const name of ["echo-ptc", "other"]) {
    account.seed("iam", "CreateRole", { RoleName: name, AssumeRolePolicyDocument: trustPolicy(PRINCIPAL) });
  }
  const clients = createSimulatedClients(account, { maxAttempts: 3 });
  return { account, ecr: clients.ecr, advanceClock: () => clock.set(LATER) };
}

/** Asserts an ECR error by class, or by name for errors ECR's model does not declare. */
export function expectEcrError(error: Error, expected: ErrorClass | string): void {
  expectError(error, expected, ECRServiceException);
}

/** A CreatePullThroughCacheRule the account must refuse. */
export interface CreateRejection {
  readonly reason: string;
  readonly input: Partial<CreatePullThroughCacheRuleCommandInput>;
  readonly error: ErrorClass | string;
}

/**
 * Sends {@link RULE} overridden by `input` to an account whose prefix `taken` has a rule; asserts the
 * error, a 400, and that nothing changed.
 */
export async function expectCreateRejected({ input, error: expected }: CreateRejection): Promise<void> {
  const { account, ecr } = setup();
  account.seed("ecr", "CreatePullThroughCacheRule", { ...RULE, ecrRepositoryPrefix: "taken" });
  const before = account.snapshot();

  const error = await rejection(ecr.send(new CreatePullThroughCacheRuleCommand({ ...RULE, ...input })));

  expectEcrError(error, expected);
  expect(error.$metadata.httpStatusCode).toBe(400);
  expect(account.snapshot()).toEqual(before);
}

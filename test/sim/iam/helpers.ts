/** What the IAM tests of the simulated account share. */
import { IAMServiceException } from "@aws-sdk/client-iam";
import { createSimulatedClients, permissionsPolicy, SimulatedAccount } from "../../../sim";
import { type ErrorClass, expectError, PRINCIPAL, TRUST } from "../helpers";

export const NOW = new Date("2026-03-04T05:06:07.000Z");
export const READ_POLICY = permissionsPolicy(["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]);

/** An account at {@link NOW}, with a role `r` when `withRole` is set; its clients try 3 times. */
export function setup(withRole = false) {
  const account = new SimulatedAccount({ clock: () => NOW });
  if (withRole) account.seed("iam", "CreateRole", { RoleName: "r", AssumeRolePolicyDocument: TRUST });
  const clients = createSimulatedClients(account, { maxAttempts: 3 });
  return { account, clients, iam: clients.iam };
}

/** A policy document whose size without whitespace is exactly `chars`, padded through a Sid. */
export function sizedDocument(kind: "trust" | "permissions", chars: number): string {
  const statement =
    kind === "trust"
      ? { Sid: "", Effect: "Allow", Principal: { Service: PRINCIPAL }, Action: "sts:AssumeRole" }
      : { Sid: "", Effect: "Allow", Action: "ecr:BatchGetImage", Resource: "*" };
  const base = JSON.stringify({ Version: "2012-10-17", Statement: [statement] }).length;
  statement.Sid = "x".repeat(chars - base);
  return JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
}

/** Asserts an IAM error by class, or by name for errors IAM's model does not declare. */
export function expectIamError(error: Error, expected: ErrorClass | string): void {
  expectError(error, expected, IAMServiceException);
}

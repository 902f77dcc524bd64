/**
 * Which handler answers an operation, and whether an operation writes.
 */
import { deepCopy } from "./copy";
import { ECR_OPERATIONS } from "./ecr";
import { UnsupportedOperationError } from "./errors";
import { IAM_OPERATIONS } from "./iam";
import { operationsOf } from "./operation";
import { SSM_OPERATIONS } from "./ssm";
import * as sts from "./sts";
import type { AccountContext, OperationHandler, Service } from "./types";

const OPERATIONS: Readonly<Record<Service, Readonly<Record<string, OperationHandler>>>> = {
  iam: IAM_OPERATIONS,
  ecr: ECR_OPERATIONS,
  ssm: SSM_OPERATIONS,
  sts: operationsOf(sts),
};

/** Operations that only read: Get*, List*, Describe*, Validate*. */
const READ_OPERATION = /^(Get|List|Describe|Validate)/;

/** False for Get*, List*, Describe* and Validate* operations. */
export function isWrite(operation: string): boolean {
  return !READ_OPERATION.test(operation);
}

/**
 * Runs one operation on the account `context` names. Throws UnsupportedOperationError for an operation
 * the simulation lacks. The output shares no object with the state: callers may mutate what they get.
 */
export function runOperation(
  context: AccountContext,
  service: Service,
  operation: string,
  input: unknown,
): object {
  const handler = OPERATIONS[service][operation];
  if (!handler) throw new UnsupportedOperationError(service, operation);
  const request = typeof input === "object" && input !== null ? (input as Record<string, unknown>) : {};
  return deepCopy(handler(context, request));
}

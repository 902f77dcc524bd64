/**
 * How a service module declares its operations: a handler typed by the request shape of
 * `@aws-sdk/client-*`, erased to the dispatcher's signature.
 */
import type { AccountContext, OperationHandler } from "./types";

/** An operation handler typed by its request shape. */
export type Handler<I> = (context: AccountContext, input: I) => object;

/**
 * Erases a typed handler to the dispatcher's signature: the input arrives as whatever the caller sent,
 * so handlers check every member they read.
 *
 * @example
 * const getRole = op<GetRoleRequest>((context, input) => ({ Role: ... }));
 */
export function op<I>(handler: Handler<I>): OperationHandler {
  return (context, input) => handler(context, input as I);
}

/** Operation names are AWS's, in PascalCase: `CreateRole`, `PutParameter`. */
const OPERATION_NAME = /^[A-Z][a-z]/;

/**
 * The operations a service answers, gathered from its modules: every export named like an AWS operation
 * (`export const CreateRole = op<CreateRoleRequest>(…)`) is the handler of that operation. A module's
 * exports are its table, so there is no second list to keep in step.
 *
 * @example
 * export const IAM_OPERATIONS = operationsOf(roles, tags);
 */
export function operationsOf(...modules: object[]): Readonly<Record<string, OperationHandler>> {
  return Object.fromEntries(
    modules.flatMap((module) =>
      Object.entries(module).filter(
        (entry): entry is [string, OperationHandler] =>
          OPERATION_NAME.test(entry[0]) && typeof entry[1] === "function",
      ),
    ),
  );
}

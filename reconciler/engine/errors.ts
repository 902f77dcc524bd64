import type { ReportError } from "../../common/types";

/** Error names that mean "slow down or try later": the SDK's retry strategy already retried these. */
const RETRYABLE = new Set([
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "ServiceFailure",
  "ServiceFailureException",
  "ServerException",
  "InternalServerError",
  "InternalFailure",
  "ServiceUnavailable",
  "ConcurrentModificationException",
  "TimeoutError",
]);

/**
 * ECR's answer while a new or changed role is not yet usable: docs/aws-facts.md ("IAM eventual consistency") says which error is UNCONFIRMED,
 * so both are retried, and only after this run changed a role.
 */
const PROPAGATION = new Set(["InvalidParameterException", "ValidationException"]);

interface AwsErrorLike {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  code?: string;
}

export function errorName(e: unknown): string {
  const err = e as AwsErrorLike;
  return err?.name ?? err?.code ?? "Error";
}

export function isRetryable(e: unknown): boolean {
  const err = e as AwsErrorLike;
  const status = err?.$metadata?.httpStatusCode ?? 0;
  return (
    RETRYABLE.has(errorName(e)) || status >= 500 || ["ECONNREFUSED", "ECONNRESET"].includes(err?.code ?? "")
  );
}

export function isPropagationError(e: unknown): boolean {
  return PROPAGATION.has(errorName(e));
}

/** IAM's denial of the caller, as the JSON services (SSM, ECR) and the Query ones (IAM, STS) name it. */
const ACCESS_DENIED = new Set(["AccessDeniedException", "AccessDenied"]);

export function isAccessDenied(e: unknown): boolean {
  return ACCESS_DENIED.has(errorName(e));
}

/** A call that failed, with the operation named (`iam:GetRole`) and the AWS error kept as `cause`. */
export class AwsCallError extends Error {
  override readonly name = "AwsCallError";
  constructor(
    readonly operation: string,
    readonly target: string,
    cause: unknown,
  ) {
    super(
      `${operation} ${target} failed: ${errorName(cause)}: ${(cause as AwsErrorLike)?.message ?? String(cause)}`,
      {
        cause,
      },
    );
  }
}

/** A resource exists but is not ours, or needs a replace that the config forbids. */
export class OwnershipConflictError extends Error {
  override readonly name = "OwnershipConflict";
}

/** The report entry for an error; the AWS error's own name is kept, not the wrapper's. */
export function toReportError(e: unknown, resource?: string): ReportError {
  if (e instanceof AwsCallError) {
    const cause = e.cause as AwsErrorLike | undefined;
    return {
      ...(resource ? { resource } : {}),
      operation: e.operation,
      name: errorName(cause),
      message: cause?.message || String(cause),
      retryable: isRetryable(cause),
    };
  }
  const err = e as AwsErrorLike;
  return {
    ...(resource ? { resource } : {}),
    name: errorName(e),
    message: err?.message ?? String(e),
    retryable: isRetryable(e),
  };
}

/** Runs one AWS call; a failure becomes an `AwsCallError` naming the operation. */
export async function call<T>(operation: string, target: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw new AwsCallError(operation, target, e);
  }
}

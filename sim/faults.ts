/**
 * The errors injected faults raise, one pair per service, as AWS sends them and the SDK surfaces them.
 *
 * The SDK's retry strategy (`@smithy/core/retry`) classifies them:
 * - throttling by `error.name` in its THROTTLING_ERROR_CODES (`Throttling`, `ThrottlingException`, …),
 *   by HTTP 429, or by `$retryable.throttling`;
 * - 5xx as transient by `$metadata.httpStatusCode` (500, 502, 503, 504).
 * These errors carry no `$retryable`, so a retry proves the SDK recognised the name or status.
 */
import { ServerException } from "@aws-sdk/client-ecr";
import { ServiceFailureException } from "@aws-sdk/client-iam";
import { InternalServerError, ThrottlingException } from "@aws-sdk/client-ssm";
import { exceptionOptions, unmodeledError } from "./errors";
import type { LostResponse, Service } from "./types";

const RATE_EXCEEDED = "Rate exceeded";

/**
 * The service's throttling error: IAM and STS `Throttling` (400, unmodelled), ECR `ThrottlingException`
 * (400, unmodelled), SSM `ThrottlingException` (400, modelled).
 */
export function throttlingError(service: Service): Error {
  switch (service) {
    case "iam":
    case "sts":
      return unmodeledError(service, "Throttling", RATE_EXCEEDED, 400);
    case "ecr":
      return unmodeledError("ecr", "ThrottlingException", RATE_EXCEEDED, 400);
    case "ssm":
      return new ThrottlingException({ ...exceptionOptions(RATE_EXCEEDED, 400), Message: RATE_EXCEEDED });
  }
}

/**
 * What a client sees when the connection times out after the request was sent: the SDK's Node HTTP
 * handler rejects with an Error named `TimeoutError` and no HTTP status (`@smithy/node-http-handler`,
 * socket timeout), which the retry strategy classifies as transient by that name.
 */
export function timeoutError(): Error {
  return Object.assign(new Error("the request socket timed out (simulated lost response)"), {
    name: "TimeoutError",
  });
}

/** The error a caller sees in place of a response that was lost: the service's 5xx, or a timeout. */
export function lostResponseError(service: Service, as: LostResponse): Error {
  return as === "timeout" ? timeoutError() : serverError(service);
}

/**
 * The service's 5xx error: IAM ServiceFailureException, ECR ServerException, SSM InternalServerError
 * (all 500, modelled), STS `InternalFailure` (500, unmodelled).
 */
export function serverError(service: Service): Error {
  const message = "We encountered an internal error. Please try again.";
  switch (service) {
    case "iam":
      return new ServiceFailureException(exceptionOptions(message, 500));
    case "ecr":
      return new ServerException(exceptionOptions(message, 500));
    case "ssm":
      return new InternalServerError({ ...exceptionOptions(message, 500), Message: message });
    case "sts":
      return unmodeledError("sts", "InternalFailure", message, 500);
  }
}

/**
 * The errors the simulated account throws: the SDK's own exception classes, built the way the SDK's
 * deserializers build them, so `error.name`, `instanceof`, `$fault` and `$metadata.httpStatusCode` match AWS.
 *
 * Status codes: IAM's come from its model (`error.httpStatusCode`); ECR and SSM use the JSON protocol, whose
 * models carry none: client errors are 400 and server faults 500 there.
 */
import { ECRServiceException, InvalidParameterException } from "@aws-sdk/client-ecr";
import { IAMServiceException } from "@aws-sdk/client-iam";
import { SSMServiceException, ValidationException as SsmValidationException } from "@aws-sdk/client-ssm";
import { STSServiceException } from "@aws-sdk/client-sts";
import type { Service } from "./types";

/** Options every SDK exception constructor takes. */
export interface ExceptionOptions {
  readonly message: string;
  readonly $metadata: { readonly httpStatusCode: number; readonly requestId?: string };
}

/** Builds the options of an SDK exception with the given HTTP status. */
export function exceptionOptions(message: string, httpStatusCode: number): ExceptionOptions {
  return { message, $metadata: { httpStatusCode } };
}

/**
 * An error AWS returns but the service's model does not declare (IAM's `Throttling`, `ValidationError`,
 * `AccessDenied`; ECR's `ThrottlingException`, `AccessDeniedException`). The SDK turns those into its
 * service base exception with the wire code as `name`: this does the same.
 *
 * @example
 * throw unmodeledError("iam", "Throttling", "Rate exceeded", 400);
 */
export function unmodeledError(
  service: Service,
  name: string,
  message: string,
  httpStatusCode: number,
): IAMServiceException | ECRServiceException | SSMServiceException | STSServiceException {
  const options = {
    name,
    message,
    $fault: httpStatusCode >= 500 ? ("server" as const) : ("client" as const),
    $metadata: { httpStatusCode },
  };
  switch (service) {
    case "iam":
      return new IAMServiceException(options);
    case "ecr":
      return new ECRServiceException(options);
    case "ssm":
      return new SSMServiceException(options);
    case "sts":
      return new STSServiceException(options);
  }
}

/**
 * IAM's answer to a request that breaks a member constraint of the model (pattern, length, required).
 * The Query protocol reports it as `ValidationError` (400), which IAM's model does not declare.
 */
export function iamValidationError(member: string, value: unknown, constraint: string): IAMServiceException {
  return unmodeledError(
    "iam",
    "ValidationError",
    `1 validation error detected: Value ${describeValue(value)} at '${member}' failed to satisfy constraint: ${constraint}`,
    400,
  ) as IAMServiceException;
}

/**
 * ECR's answer to a member that breaks a model constraint. ECR reports these as InvalidParameterException
 * with "Invalid parameter at '<member>' failed to satisfy constraint" (seen for `ecrRepositoryPrefix` in
 * CloudFormation's relay of the ECR error), not as ValidationException, although the model lists both.
 */
export function ecrInvalidParameter(member: string, constraint: string): InvalidParameterException {
  return new InvalidParameterException(
    exceptionOptions(`Invalid parameter at '${member}' failed to satisfy constraint: '${constraint}'`, 400),
  );
}

/** SSM's answer to a member that breaks a model constraint. */
export function ssmValidationError(message: string): SsmValidationException {
  return new SsmValidationException(exceptionOptions(message, 400));
}

/**
 * The error each service returns when the caller lacks permission (not modelled by IAM, ECR or STS).
 * For terminal-error tests with {@link SimulatedAccount.failNext}.
 *
 * @example
 * account.failNext("ecr", "CreatePullThroughCacheRule", () => accessDenied("ecr", "CreatePullThroughCacheRule"));
 */
export function accessDenied(
  service: Service,
  operation: string,
): IAMServiceException | ECRServiceException | SSMServiceException | STSServiceException {
  const message = `User is not authorized to perform: ${service}:${operation}`;
  // IAM and STS (Query protocol) say "AccessDenied" with 403; the JSON services say "AccessDeniedException" with 400.
  return service === "iam" || service === "sts"
    ? unmodeledError(service, "AccessDenied", message, 403)
    : unmodeledError(service, "AccessDeniedException", message, 400);
}

/**
 * IAM's denial of a caller whose identity-based policies allow nothing for the action, as the JSON services
 * (ECR, SSM) say it: `AccessDeniedException` (400), naming the assumed-role principal, the action and the
 * resource (docs/aws-facts.md, "IAM eventual consistency"). IAM and STS say `AccessDenied` (403).
 *
 * @example
 * identityPolicyDenied("ssm", "GetParameters", "arn:aws:sts::111122223333:assumed-role/r/fn", "arn:aws:ssm:...:parameter/p");
 */
export function identityPolicyDenied(
  service: Service,
  operation: string,
  principalArn: string,
  resource: string,
  /** The authorization that fails, when it is not the operation's own (iam:PassRole for a rule's role). */
  action = `${service}:${operation}`,
): IAMServiceException | ECRServiceException | SSMServiceException | STSServiceException {
  const message = `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;
  return service === "iam" || service === "sts"
    ? unmodeledError(service, "AccessDenied", message, 403)
    : unmodeledError(service, "AccessDeniedException", message, 400);
}

function describeValue(value: unknown): string {
  if (value === undefined || value === null) return "null";
  return `'${String(value)}'`;
}

/** Thrown for an operation the simulated account does not implement: a gap in the simulation, not an AWS error. */
export class UnsupportedOperationError extends Error {
  override readonly name = "UnsupportedOperationError";

  constructor(service: Service, operation: string) {
    super(`The simulated account does not implement ${service}:${operation}`);
  }
}

import { POLICY_VERSION, type PolicyDocument } from "../common/policyDocument";

/**
 * A trust policy letting one AWS service assume the role, optionally only on behalf of one account.
 *
 * @example
 * serviceTrustPolicy("lambda.amazonaws.com");
 */
export function serviceTrustPolicy(service: string, sourceAccount?: string): PolicyDocument {
  return {
    Version: POLICY_VERSION,
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
        ...(sourceAccount ? { Condition: { StringEquals: { "aws:SourceAccount": sourceAccount } } } : {}),
      },
    ],
  };
}

/** The scheduler role's permissions: invoke exactly one function. */
export function invokeFunctionPolicy(functionArn: string): PolicyDocument {
  return {
    Version: POLICY_VERSION,
    Statement: [
      { Sid: "InvokeReconciler", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: functionArn },
    ],
  };
}

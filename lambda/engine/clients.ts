import { ECRClient } from "@aws-sdk/client-ecr";
import { IAMClient } from "@aws-sdk/client-iam";
import { SSMClient } from "@aws-sdk/client-ssm";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import type { AwsCredentialIdentity } from "@smithy/types";

/** The SDK clients the reconciler talks to. Only entry points (the handler, the CLI, the demo) build them. */
export interface AwsClients {
  readonly iam: IAMClient;
  readonly ecr: ECRClient;
  readonly ssm: SSMClient;
}

export interface ClientOptions {
  readonly region: string;
  /** Total attempts per call, first included. Throttling and 5xx are retried by the SDK's strategy. */
  readonly maxAttempts?: number;
  /** Backoff before retry `attempt` (1-based), in ms. Default: the SDK's exponential backoff with jitter. */
  readonly backoffMs?: (attempt: number) => number;
  readonly credentials?: AwsCredentialIdentity;
  readonly endpoint?: string;
}

/** Attempts per call by default: enough to ride out throttling bursts, bounded for the Lambda's time budget. */
export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * Builds the three clients with one retry strategy.
 *
 * @example
 * const clients = createClients({ region: "eu-west-1" });
 */
export function createClients(options: ClientOptions): AwsClients {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const config = {
    region: options.region,
    maxAttempts,
    ...(options.backoffMs
      ? { retryStrategy: new ConfiguredRetryStrategy(maxAttempts, options.backoffMs) }
      : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  };
  return { iam: new IAMClient(config), ecr: new ECRClient(config), ssm: new SSMClient(config) };
}

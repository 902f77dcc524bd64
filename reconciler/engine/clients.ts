import { ECRClient } from "@aws-sdk/client-ecr";
import { IAMClient } from "@aws-sdk/client-iam";
import { SSMClient } from "@aws-sdk/client-ssm";
import { ConfiguredRetryStrategy, StandardRetryStrategy } from "@smithy/core/retry";
import type {
  AwsCredentialIdentity,
  RetryErrorInfo,
  RetryStrategyV2,
  RetryToken,
  StandardRetryToken,
} from "@smithy/types";

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
  /** A named profile of the shared config and credentials files (the CLI's `--profile`). */
  readonly profile?: string;
}

/** Attempts per call by default: enough to ride out throttling bursts, bounded for the Lambda's time budget. */
export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * Quota errors that the SDK's standard strategy files under throttling (`LimitExceededException` is in its
 * throttling list) but that IAM and ECR use for hard limits: 50 rules per registry, 10,240 policy characters,
 * 50 tags. Retrying them only delays a terminal error, so they are reported at once.
 */
export const NOT_RETRIED = new Set(["LimitExceededException", "LimitExceeded"]);

/** The SDK's retry strategy, minus retries of quota errors. Backoff and token bucket stay the SDK's. */
export class QuotaAwareRetryStrategy implements RetryStrategyV2 {
  constructor(private readonly inner: RetryStrategyV2) {}

  acquireInitialRetryToken(scope: string): Promise<RetryToken> {
    return this.inner.acquireInitialRetryToken(scope);
  }

  refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    if (NOT_RETRIED.has(info.error?.name ?? "")) return Promise.reject(info.error);
    return this.inner.refreshRetryTokenForRetry(token, info);
  }

  recordSuccess(token: RetryToken): void {
    this.inner.recordSuccess(token as StandardRetryToken);
  }
}

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
    retryStrategy: new QuotaAwareRetryStrategy(
      options.backoffMs
        ? new ConfiguredRetryStrategy(maxAttempts, options.backoffMs)
        : new StandardRetryStrategy(maxAttempts),
    ),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
  };
  return { iam: new IAMClient(config), ecr: new ECRClient(config), ssm: new SSMClient(config) };
}

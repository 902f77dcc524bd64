/**
 * Names, defaults and AWS limits used by the Pulumi component only.
 * Shared names (env vars, metrics, tags, IAM limits) live in `common/constants.ts`.
 */

/** Pulumi type token of the component (`pkg:module:Type`). */
export const COMPONENT_TYPE = "buildecho:ecr:EcrPullThroughCache";

/** The npm package name: used to find the package root, where the Lambda bundle lives. */
export const PACKAGE_NAME = "@buildecho/pulumi-onboarding-providers-ecr-pullthrough-cache";

/**
 * `$schema` of the document the component writes to SSM: where the schema is once the document is saved in
 * the project that installed the package (`aws ssm get-parameter ... > config.json`), for editors.
 */
export const CONFIG_SCHEMA_REF = `./node_modules/${PACKAGE_NAME}/config.schema.json`;

/** The Lambda bundle, relative to the package root (built by `esbuild.config.mjs`). */
export const LAMBDA_BUNDLE_PATH = ["dist", "lambda", "index.js"] as const;

/** The short name every physical name the component chooses itself starts with. */
const NAME_PREFIX = "echo-ptc";

/** First segment of the SSM parameter and log group paths. */
export const NAME_ROOT = `/${NAME_PREFIX}`;

export const DEFAULT_SCHEDULE = "rate(15 minutes)";
export const DEFAULT_LOG_RETENTION_IN_DAYS = 30;
export const DEFAULT_LAMBDA_MEMORY_SIZE = 256;
export const DEFAULT_ARCHITECTURE = "arm64";

export const CONFIG_SOURCES = ["ssm", "pulumi"] as const;
export const DELETION_POLICIES = ["delete", "retain"] as const;
export const ARCHITECTURES = ["arm64", "x86_64"] as const;

export const LAMBDA_RUNTIME = "nodejs22.x";
export const LAMBDA_HANDLER = "index.handler";
/**
 * Covers one reconcile run including the ~120 s IAM-propagation retry budget of rule creation
 * (docs/aws-facts.md, "IAM eventual consistency"), with room for throttling retries.
 */
export const LAMBDA_TIMEOUT_SECONDS = 300;
/**
 * `reservedConcurrentExecutions` when the args reserve none: the provider's value for "unreserved". No
 * reservation by default: Lambda refuses any reservation that leaves the account fewer than 100 unreserved
 * executions, and a new account's quota is 10 (docs/aws-facts.md, "Lambda"), so reserving even 1 fails the
 * first deploy there. Overlapping runs are made safe by the lease instead (reconciler/engine/lease.ts).
 */
export const UNRESERVED_CONCURRENCY = -1;
/** The smallest reservation `reservedConcurrency` takes: 0 would stop every invocation of the reconciler. */
export const RESERVED_CONCURRENCY_MIN = 1;
/** Lambda's memory range (MB). */
export const LAMBDA_MEMORY_MIN = 128;
export const LAMBDA_MEMORY_MAX = 10_240;

/**
 * Values CloudWatch Logs accepts for `retentionInDays` (PutRetentionPolicy), plus 0 which the
 * Pulumi/Terraform provider maps to "never expire".
 */
export const LOG_RETENTION_DAYS = [
  0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** SSM standard-tier parameter values hold at most 4 KB (docs/aws-facts.md, "SSM Parameter Store"). */
export const SSM_STANDARD_VALUE_MAX_BYTES = 4096;

/**
 * The component name ends up in autonamed IAM role, Lambda, Scheduler and EventBridge names (64
 * characters max, of which Pulumi's random suffix takes 8 and our longest child suffix 15), in SSM
 * and log-group paths and in the owner tag value, so it is restricted to characters all of those accept.
 */
export const COMPONENT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const COMPONENT_NAME_MAX_LENGTH = 40;

/** Payload of scheduled runs. */
export const SCHEDULE_INPUT = { action: "reconcile", trigger: "schedule" } as const;

/**
 * The function's own metrics, published by Lambda for free (Lambda developer guide, "Types of metrics
 * for Lambda functions"), with the dimension `FunctionName`.
 */
export const LAMBDA_METRICS_NAMESPACE = "AWS/Lambda";
export const LAMBDA_FUNCTION_DIMENSION = "FunctionName";
export const LAMBDA_METRIC = {
  invocations: "Invocations",
  errors: "Errors",
  throttles: "Throttles",
  duration: "Duration",
} as const;

/**
 * Consecutive schedule periods without an invocation before the heartbeat alarm fires: one late or
 * throttled run must not page anyone.
 */
export const HEARTBEAT_MISSED_PERIODS = 3;

/** First segment of the dashboard name (dashboard names allow only `[A-Za-z0-9_-]`, see `dashboardName`). */
export const DASHBOARD_NAME_PREFIX = NAME_PREFIX;
/** PutDashboard: `DashboardName` is at most 255 characters of `A-Z a-z 0-9 - _`. */
export const DASHBOARD_NAME_MAX_LENGTH = 255;
/** CreateFunction: `FunctionName` (a name, not an ARN) is at most 64 characters of `A-Z a-z 0-9 - _`. */
export const FUNCTION_NAME_MAX_LENGTH = 64;
/** Hex characters of the owner id's sha256 that end the dashboard and function names and keep them unique. */
export const DASHBOARD_NAME_HASH_LENGTH = 8;

/** The key under which the provider adds `{action, prev_input}` to the custom resource's input. */
export const INVOCATION_TERRAFORM_KEY = "tf";

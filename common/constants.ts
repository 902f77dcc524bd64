/**
 * Names and limits shared by the reconciler, the Pulumi component and the tests.
 * AWS limits come from the API models in `shared/aws-models` (botocore) and docs/aws-facts.md.
 */

/** The service principal ECR's pull-through cache uses to assume the upstream-access role. */
export const PULL_THROUGH_CACHE_SERVICE_PRINCIPAL = "pullthroughcache.ecr.amazonaws.com";

/** Tag that marks a role as created (or adopted) by one reconciler instance; its value is the owner id. */
export const OWNER_TAG_KEY = "buildecho:pullthrough-cache:owner";

/** The default role name is `<repositoryPrefix>` + this suffix (the seed's `echo-pullthrough-cache-role`). */
export const DEFAULT_ROLE_NAME_SUFFIX = "-pullthrough-cache-role";

/**
 * The one inline policy the reconciler puts on its role is named `<repositoryPrefix>` + this suffix
 * (`echo-pullthrough-cache-upstream-access` by default), so that two caches sharing a role never share it.
 */
export const INLINE_POLICY_NAME_SUFFIX = "-pullthrough-cache-upstream-access";

/**
 * The role ECR assumes to create the cache's repositories when the template uses KMS or resource tags is named
 * `<repositoryPrefix>` + this suffix by default (docs/aws-facts.md, "Repository creation templates").
 */
export const TEMPLATE_ROLE_NAME_SUFFIX = "-pullthrough-template-role";

/** The template role's one inline policy is named `<repositoryPrefix>` + this suffix. */
export const TEMPLATE_INLINE_POLICY_NAME_SUFFIX = "-pullthrough-template-repositories";

/** The service principal ECR uses for repository creation templates (their custom role and their SLR). */
export const TEMPLATE_SERVICE_PRINCIPAL = "ecr.amazonaws.com";

/** The service-linked role ECR creates with the first repository creation template of an account. */
export const TEMPLATE_SERVICE_LINKED_ROLE_NAME = "AWSServiceRoleForECRTemplate";

/** Description set on the template roles the reconciler creates. */
export const TEMPLATE_ROLE_DESCRIPTION =
  "Assumed by Amazon ECR to create the pull-through cache's repositories from its creation template. Managed by the echo-ptc reconciler.";

/** Description set on roles the reconciler creates. */
export const ROLE_DESCRIPTION =
  "Assumed by Amazon ECR pull through cache to read Echo's registry. Managed by the echo-ptc reconciler.";

/** IAM tag values are at most 256 characters (docs/aws-facts.md, "IAM API"); the owner id is one. */
export const TAG_VALUE_MAX_LENGTH = 256;

/** IAM `roleNameType`: role names are 1–64 characters (docs/aws-facts.md, "IAM API"). */
export const MAX_ROLE_NAME_LENGTH = 64;

/** IAM: at most 50 tags per role; one is the ownership tag. */
export const MAX_ROLE_TAGS = 50;
export const MAX_USER_TAGS = MAX_ROLE_TAGS - 1;

/** ECR: 50 pull-through cache rules per registry per Region, not adjustable. */
export const MAX_PULL_THROUGH_CACHE_RULES = 50;

/** The partition of the commercial Regions, the one every default is built for. */
export const COMMERCIAL_PARTITION = "aws";

/** The upstream registry type of Echo's private ECR registry. */
export const UPSTREAM_REGISTRY = "ecr";

/** The prefix that stands for a whole registry, as the cache prefix or the upstream prefix of a rule. */
export const ROOT_PREFIX = "ROOT";

/** The config's `repositoryPrefix` when none is given (the previous package's). */
export const DEFAULT_REPOSITORY_PREFIX = "echo";

/** The config's `sourceRegistryRegion` when none is given: the Region of Echo's registry. */
export const DEFAULT_SOURCE_REGISTRY_REGION = "us-east-1";

/** `upstreamRepositoryPrefix` AWS applies when none is given: the whole upstream registry. */
export const DEFAULT_UPSTREAM_REPOSITORY_PREFIX = ROOT_PREFIX;

/** Environment variables the Lambda reads. */
export const ENV = {
  configParameterName: "CONFIG_PARAMETER_NAME",
  stateParameterName: "STATE_PARAMETER_NAME",
  ownerId: "OWNER_ID",
  cacheName: "CACHE_NAME",
  allowAdopt: "ALLOW_ADOPT",
  metricsNamespace: "POWERTOOLS_METRICS_NAMESPACE",
  serviceName: "POWERTOOLS_SERVICE_NAME",
} as const;

/** Suffix of the state parameter name when `STATE_PARAMETER_NAME` is not set. */
export const STATE_PARAMETER_SUFFIX = ".state";

export const DEFAULT_METRICS_NAMESPACE = "EchoPullThroughCache";
export const DEFAULT_SERVICE_NAME = "echo-pullthrough-cache";

/**
 * Names of the EMF metrics the Lambda emits; the component's alarms and dashboard use the same names.
 * One metric: each custom metric costs $0.30 for every month it receives data (docs/aws-facts.md, "Prices"),
 * so the causes travel in the same EMF line as a property (`UNHEALTHY_CAUSES_KEY`), not as metrics.
 */
export const METRIC = {
  /** Sum of the run's counted causes; emitted only when non-zero, so a healthy cache sends no metric. */
  unhealthy: "Unhealthy",
} as const;

/**
 * What an `Unhealthy` datapoint is made of, by name. Every cause but `driftRemediated` adds to it
 * (a remediation always comes with the drift it fixed).
 */
export const UNHEALTHY_CAUSE = {
  /** Resources a scheduled or manual run found not in sync, fixed or not. */
  driftDetected: "DriftDetected",
  /** Resources such a run fixed: told, not counted. */
  driftRemediated: "DriftRemediated",
  /** AWS calls that failed, ownership conflicts, and runs that could not start. */
  reconcileErrors: "ReconcileErrors",
  configInvalid: "ConfigInvalid",
  /** ECR's ValidatePullThroughCacheRule refuses the upstream with the rule's role. */
  upstreamInvalid: "UpstreamInvalid",
  /** The run was still going shortly before the Lambda timeout (the handler's deadline watchdog). */
  timedOut: "TimedOut",
} as const;

/** Key of the EMF line's property listing the causes, e.g. `"DriftDetected=1,UpstreamInvalid=1"`. */
export const UNHEALTHY_CAUSES_KEY = "UnhealthyCauses";

/** The metric dimension that tells caches apart: its value is `CACHE_NAME` (the component's name). */
export const METRIC_DIMENSION = "CacheName";

/** The `source` the Pulumi component puts in the custom resource's input, next to the provider's `tf` key. */
export const CUSTOM_RESOURCE_SOURCE = "echo-ptc:pulumi";

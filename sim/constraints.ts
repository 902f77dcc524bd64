/**
 * Member constraints copied from the AWS API models (shared/aws-models, botocore `service-2.json`) and a
 * checker that reports a violation the way AWS words it. Model patterns are unanchored; AWS matches the
 * whole value, so they are anchored here.
 */

export interface StringConstraint {
  readonly min?: number;
  readonly max?: number;
  /** The model's pattern text, shown in messages. */
  readonly pattern?: string;
}

/** IAM (iam 2010-05-08). */
export const IAM = {
  roleName: { min: 1, max: 64, pattern: "[\\w+=,.@-]+" },
  policyName: { min: 1, max: 128, pattern: "[\\w+=,.@-]+" },
  path: { min: 1, max: 512, pattern: "(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)" },
  pathPrefix: { min: 1, max: 512, pattern: "\\u002F[\\u0021-\\u007F]*" },
  policyDocument: { min: 1, max: 131072, pattern: "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+" },
  description: { max: 1000, pattern: "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*" },
  arn: { min: 20, max: 2048 },
  tagKey: { min: 1, max: 128, pattern: "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+" },
  tagValue: { min: 0, max: 256, pattern: "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*" },
  marker: { min: 1, max: 320, pattern: "[\\u0020-\\u00FF]+" },
  /** tagListType, tagKeyListType: at most 50 entries in one request. */
  maxTagsPerRequest: 50,
  /** maxItemsType. */
  maxItems: { min: 1, max: 1000, default: 100 },
  maxSessionDuration: { min: 3600, max: 43200, default: 3600 },
} as const;

/** IAM quotas (IAM User Guide, "IAM and AWS STS quotas"); characters counted without whitespace. */
export const IAM_QUOTAS = {
  tagsPerRole: 50,
  trustPolicyChars: 2048,
  inlinePolicyCharsPerRole: 10240,
  managedPoliciesPerRole: 10,
} as const;

const PREFIX_PATTERN =
  "^([a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*\\/?|ROOT)$";

/** ECR (ecr 2015-09-21). */
export const ECR = {
  ruleRepositoryPrefix: { min: 2, max: 30, pattern: PREFIX_PATTERN },
  templatePrefix: { min: 1, max: 256, pattern: PREFIX_PATTERN },
  registryId: { pattern: "[0-9]{12}" },
  credentialArn: {
    min: 50,
    max: 612,
    pattern:
      "^arn:aws(-\\w+)*:secretsmanager:[a-zA-Z0-9-:]+:secret:ecr\\-pullthroughcache\\/[a-zA-Z0-9\\/_+=.@-]+$",
  },
  customRoleArn: { max: 2048 },
  templateDescription: { max: 256 },
  lifecyclePolicy: { min: 0, max: 30720 },
  repositoryPolicy: { min: 0, max: 10240 },
  kmsKey: { min: 1, max: 2048 },
  maxResults: { min: 1, max: 1000, default: 100 },
  /** PullThroughCacheRuleRepositoryPrefixList. */
  maxPrefixesPerDescribe: 100,
  upstreamRegistries: [
    "ecr",
    "ecr-public",
    "quay",
    "k8s",
    "docker-hub",
    "github-container-registry",
    "azure-container-registry",
    "gitlab-container-registry",
    "chainguard",
  ],
  appliedFor: ["REPLICATION", "PULL_THROUGH_CACHE", "CREATE_ON_PUSH"],
  imageTagMutability: ["MUTABLE", "IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION", "MUTABLE_WITH_EXCLUSION"],
  encryptionType: ["AES256", "KMS", "KMS_DSSE"],
} as const;

/** ECR quota: pull-through cache rules per registry per Region (not adjustable). */
export const ECR_QUOTAS = { rulesPerRegistry: 50 } as const;

/** SSM (ssm 2014-11-06) and the Parameter Store limits its documentation states. */
export const SSM = {
  name: { min: 1, max: 2048 },
  description: { min: 0, max: 1024 },
  /** ParameterKeyId. */
  keyId: { min: 1, max: 256, pattern: "^([a-zA-Z0-9:/_-]+)$" },
  parameterTypes: ["String", "StringList", "SecureString"],
  tiers: ["Standard", "Advanced", "Intelligent-Tiering"],
  standardValueChars: 4096,
  advancedValueChars: 8192,
  maxNamesPerGetParameters: 10,
  maxHierarchyLevels: 15,
} as const;

const compiled = new Map<string, RegExp>();

function regex(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    const anchored = pattern.startsWith("^") ? pattern : `^(?:${pattern})$`;
    re = compile(anchored);
    compiled.set(pattern, re);
  }
  return re;
}

/**
 * Model patterns are Java regexes. `\p{L}` needs JavaScript's `u` flag, but `u` also rejects identity
 * escapes Java accepts (`ecr\-pullthroughcache` in CredentialArn): those compile without it.
 */
function compile(pattern: string): RegExp {
  try {
    return new RegExp(pattern, "u");
  } catch {
    return new RegExp(pattern);
  }
}

/**
 * The constraint a value breaks, in AWS's words, or undefined when it satisfies them all.
 * `required` makes an absent value a violation.
 *
 * @example
 * stringViolation("my role", IAM.roleName, true); // "Member must satisfy regular expression pattern: [\w+=,.@-]+"
 */
export function stringViolation(
  value: unknown,
  constraint: StringConstraint,
  required: boolean,
): string | undefined {
  if (value === undefined || value === null) return required ? "Member must not be null" : undefined;
  if (typeof value !== "string") return "Member must be a string";
  if (constraint.min !== undefined && value.length < constraint.min) {
    return `Member must have length greater than or equal to ${constraint.min}`;
  }
  if (constraint.max !== undefined && value.length > constraint.max) {
    return `Member must have length less than or equal to ${constraint.max}`;
  }
  if (constraint.pattern !== undefined && !regex(constraint.pattern).test(value)) {
    return `Member must satisfy regular expression pattern: ${constraint.pattern}`;
  }
  return undefined;
}

/** The violation of an integer range, or undefined. */
export function integerViolation(
  value: unknown,
  range: { readonly min: number; readonly max: number },
): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) return "Member must be an integer";
  if (value < range.min) return `Member must have value greater than or equal to ${range.min}`;
  if (value > range.max) return `Member must have value less than or equal to ${range.max}`;
  return undefined;
}

/** Length of a text as IAM counts it for quotas: whitespace is not counted. */
export function charsWithoutWhitespace(text: string): number {
  return text.replace(/\s/g, "").length;
}

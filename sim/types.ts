/**
 * Plain types of the simulated account: the services it answers for, its fault options, its call log and
 * its internal state.
 */

/** The services the simulated account answers for (the SDK client each middleware is attached to). */
export type Service = "iam" | "ecr" | "ssm" | "sts";

/**
 * How a lost response looks to the caller: the service's 5xx (IAM ServiceFailure, ECR ServerException,
 * SSM InternalServerError, STS InternalFailure) or a `TimeoutError` with no HTTP status. The SDK retries
 * both.
 */
export type LostResponse = "serverError" | "timeout";

/** Faults the simulated account injects. All default to off. */
export interface FaultOptions {
  /** Probability (0–1) that a call fails with the service's throttling error before it is processed. */
  readonly throttleRate?: number;
  /** Probability (0–1) that a call fails with the service's 5xx error before it is processed. */
  readonly serverErrorRate?: number;
  /**
   * IAM eventual consistency: the first N Create/UpdatePullThroughCacheRule calls naming a role created
   * by `CreateRole` through an SDK client fail with InvalidParameterException (the role is "not yet
   * assumable"). Counted per role, with the value in force when the role is created; roles made with
   * {@link SimulatedAccount.seed} are settled. The call fails before changing anything.
   */
  readonly roleNotUsableAttempts?: number;
  /**
   * Probability (0–1) that a write which took effect loses its response: the account changes, but the
   * caller gets the error {@link FaultOptions.lostResponseAs} names, and the SDK's retry then meets the
   * consequence (EntityAlreadyExists, PullThroughCacheRuleAlreadyExists, NoSuchEntity, ParameterAlreadyExists…).
   * Drawn after the call succeeded, from the account's random source. Reads are never lost.
   */
  readonly loseResponseRate?: number;
  /** What a response lost at {@link FaultOptions.loseResponseRate} looks like. Default `serverError`. */
  readonly lostResponseAs?: LostResponse;
}

/** One call the account received (one attempt: SDK retries show as several entries). */
export interface CallRecord {
  readonly service: Service;
  /** The operation name without `Command`, e.g. `GetRole`. */
  readonly operation: string;
  /** A copy of the command input as the SDK passed it. */
  readonly input: unknown;
  /** False for Get*, List*, Describe* and Validate* operations. */
  readonly write: boolean;
  /** The error's `name` when the call failed. */
  error?: string;
  /** True when the call took effect but its response was lost: `error` is what the caller saw instead. */
  responseLost?: true;
  /** Who called: the `actor` of the clients that sent it, when they were given one. */
  readonly actor?: string;
}

/** What attachSimulatedAccount tells the account about the SDK command an attempt belongs to. */
export interface ClientCall {
  /** The `actor` the clients were created with (see SimulatedClientOptions). */
  readonly actor?: string;
}

/** A tag as IAM, ECR and SSM spell it. */
export interface TagPair {
  Key: string;
  Value: string;
}

export interface RoleState {
  roleName: string;
  readonly path: string;
  readonly roleId: string;
  readonly arn: string;
  readonly createDate: Date;
  description?: string;
  maxSessionDuration: number;
  /** The trust policy exactly as it was sent. */
  assumeRolePolicyDocument: string;
  /** Inline policy name → document text as sent. */
  readonly inlinePolicies: Map<string, string>;
  /** ARNs of attached managed policies. */
  readonly attachedPolicies: Set<string>;
  /** Lower-cased tag key → tag (IAM tag keys are unique case-insensitively). */
  readonly tags: Map<string, TagPair>;
  /** ARN of the managed policy set as the role's permissions boundary. */
  permissionsBoundary?: string;
  /** AWS-owned roles (the service-linked role) refuse changes with UnmodifiableEntity. */
  readonly serviceLinked: boolean;
  /** Remaining rule create/update calls that fail because the role has not propagated yet. */
  unusableAttemptsLeft: number;
}

export interface RuleState {
  readonly ecrRepositoryPrefix: string;
  readonly registryId: string;
  readonly upstreamRegistryUrl: string;
  readonly upstreamRegistry: string;
  /** Kept only when the create call sent it. */
  readonly upstreamRepositoryPrefix?: string;
  customRoleArn?: string;
  credentialArn?: string;
  readonly createdAt: Date;
  updatedAt: Date;
}

export interface TemplateState {
  readonly prefix: string;
  description?: string;
  appliedFor: string[];
  imageTagMutability: string;
  imageTagMutabilityExclusionFilters?: { filterType: string; filter: string }[];
  repositoryPolicy?: string;
  lifecyclePolicy?: string;
  encryptionConfiguration: { encryptionType: string; kmsKey?: string };
  resourceTags?: TagPair[];
  customRoleArn?: string;
  readonly createdAt: Date;
  updatedAt: Date;
}

export interface ParameterState {
  readonly name: string;
  value: string;
  type: string;
  version: number;
  lastModifiedDate: Date;
  tier: string;
  description?: string;
  dataType: string;
  readonly tags: TagPair[];
  /** The KMS key of a SecureString, as PutParameter named it (default `alias/aws/ssm`). */
  keyId?: string;
}

/**
 * What an account holds once for all its Regions. IAM is global: role names are unique per account,
 * ignoring case, whichever Region's endpoint a call goes to (CreateRole's `RoleName` documentation).
 */
export interface AccountWideState {
  /** Lower-cased role name → role. */
  readonly roles: Map<string, RoleState>;
  /** ARNs of managed policies that exist (AttachRolePolicy of any other ARN fails). */
  readonly managedPolicies: Set<string>;
  /**
   * Upstream registry URLs whose registry policy does not grant this account (ValidatePullThroughCacheRule
   * fails). A registry policy grants an account, not a Region of it.
   */
  readonly deniedUpstreams: Set<string>;
  /** The last number `newId` gave out: one counter per account keeps ids unique across its Regions. */
  readonly ids: { last: number };
  /**
   * Callers (by the `actor` of their clients) whose own policy was attached or changed a moment ago: denied
   * until `visibleAt` (see SimulatedAccount.attachCallerPolicy). Propagation bookkeeping, not in snapshots.
   */
  readonly propagatingCallers: Map<string, PropagatingCaller>;
}

/** What an account holds in each Region: ECR rules and templates, SSM parameters, KMS keys. */
export interface RegionalState {
  /** ecrRepositoryPrefix → rule. */
  readonly rules: Map<string, RuleState>;
  /** prefix → repository creation template. */
  readonly templates: Map<string, TemplateState>;
  /** name → parameter. */
  readonly parameters: Map<string, ParameterState>;
  /** KMS key ids, ARNs and aliases SecureString parameters may name, besides `alias/aws/ssm`. */
  readonly kmsKeys: Set<string>;
}

/** Everything one account holds as seen from one Region. Handlers validate fully before they change any of it. */
export interface AccountState extends AccountWideState, RegionalState {}

/** What operation handlers may use of the account besides its state. */
export interface AccountContext {
  readonly accountId: string;
  readonly region: string;
  readonly state: AccountState;
  now(): Date;
  /** A new unique id with the given prefix, deterministic per account. */
  newId(prefix: string): string;
  /** True while the call is an out-of-band seed rather than a call through an SDK client. */
  readonly seeding: boolean;
  /** Fault options in force for this call. */
  readonly faults: FaultOptions;
  /** See {@link SimulatedAccount.requireTemplateRole}. */
  readonly requireTemplateRole: boolean;
}

/** An operation: reads its input (as the SDK passed it) and returns its output without `$metadata`. */
export type OperationHandler = (context: AccountContext, input: Record<string, unknown>) => object;

/** The authorization a call needs that a policy change added: what IAM names when it denies the call. */
export interface NewlyAllowed {
  /** The action denied, e.g. `iam:TagRole` for a CreateRole with tags. */
  readonly action: string;
  readonly resource: string;
}

/** A caller whose policy is propagating (sim/callerPolicies.ts). */
export interface PropagatingCaller {
  readonly principalArn: string;
  readonly visibleAt: Date;
  /**
   * A change of a policy the caller already had: only what the new statements allow is denied until
   * `visibleAt`; this names it for a call, or undefined when the old policy covered the call. Absent: a new
   * policy, every call denied.
   */
  readonly newlyAllowed?: (call: {
    readonly service: Service;
    readonly operation: string;
    readonly input: unknown;
  }) => NewlyAllowed | undefined;
}

import type * as pulumi from "@pulumi/pulumi";
import type { Config, ConfigInput, Mode, RepositoryTemplateInput } from "../common/config/types";
import type { CacheRuleOutput, ReportStatus } from "../common/types";
import type { ARCHITECTURES, CONFIG_SOURCES, DELETION_POLICIES } from "./constants";

/** `ssm`: the args seed the parameter once, later SSM edits win. `pulumi`: `pulumi up` restores the args. */
export type ConfigSource = (typeof CONFIG_SOURCES)[number];
/** What destroying the component does to the role and the rule: remove them, or leave them in place. */
export type DeletionPolicy = (typeof DELETION_POLICIES)[number];
export type Architecture = (typeof ARCHITECTURES)[number];

/**
 * Settings for repositories the cache creates (an ECR repository creation template): the fields of the config
 * document's `repositoryTemplate`, each a `pulumi.Input`.
 */
export type RepositoryTemplateArgs = {
  readonly [K in keyof RepositoryTemplateInput]?: pulumi.Input<RepositoryTemplateInput[K]>;
};

/**
 * Arguments of {@link EcrPullThroughCache}.
 *
 * Every field takes a `pulumi.Input` (a value, an Output or a Promise), as Pulumi's own components do,
 * except `schedule` and `configSource`: those decide which resources exist and how Pulumi diffs them, so
 * they must be known when the program runs. Known values are validated with the Lambda's own schema in the
 * constructor, before any resource is registered; Outputs are validated when they resolve, and an invalid
 * value then fails the deployment with the field and the component named.
 *
 * With `configSource: "ssm"` (the default) the config fields seed the SSM parameter on the first deployment
 * only: later changes of them are not applied (SSM edits win), and `pulumi up` warns when they differ from
 * the parameter.
 */
export interface EcrPullThroughCacheArgs {
  // ---- Config document (validated by `parseConfig`, written to the SSM parameter) ----
  /** Echo's 12-digit AWS account id (the upstream registry). */
  readonly sourceRegistryAccountId: pulumi.Input<string>;
  /** Region of Echo's registry. Default `us-east-1`. */
  readonly sourceRegistryRegion?: pulumi.Input<string>;
  /** ECR repository prefix of the cache in this account. Default `echo`. */
  readonly repositoryPrefix?: pulumi.Input<string>;
  /** Upstream repository prefix. Default `ROOT` (the whole registry). */
  readonly upstreamRepositoryPrefix?: pulumi.Input<string>;
  /** Name of the role ECR assumes. Default `<repositoryPrefix>-pullthrough-cache-role`. */
  readonly roleName?: pulumi.Input<string>;
  /** IAM path of the role. Default `/`. */
  readonly rolePath?: pulumi.Input<string>;
  /** Tags on every taggable resource the component creates, and on the role the reconciler creates. Default none. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** `enforce` (default) fixes drift, `detect` only reports it, `paused` does nothing. */
  readonly mode?: pulumi.Input<Mode>;
  /**
   * Take over an existing role of the configured name that this reconciler did not create.
   * Also widens the execution role's policy to allow tagging exactly that role. Default false.
   */
  readonly adopt?: pulumi.Input<boolean>;
  /** Allow delete-then-create of the rule when a field ECR cannot update changes. Default true. */
  readonly allowReplace?: pulumi.Input<boolean>;
  /**
   * Settings for repositories the cache creates (an ECR repository creation template): tag mutability,
   * lifecycle (expire untagged after N days, keep the last N images), encryption, tags. Default none.
   */
  readonly repositoryTemplate?: pulumi.Input<RepositoryTemplateArgs>;

  // ---- Component settings ----
  /**
   * EventBridge Scheduler expression: `rate(15 minutes)` (default) or `cron(...)` with six fields. A plain
   * string: it decides whether the heartbeat alarm exists.
   */
  readonly schedule?: string;
  /** What `pulumi destroy` does to the role and the rule. Default `delete`. */
  readonly deletionPolicy?: pulumi.Input<DeletionPolicy>;
  /** Who owns the config after the first deployment. Default `ssm`. A plain value: it decides what Pulumi diffs. */
  readonly configSource?: ConfigSource;
  /** ARNs notified when an alarm changes state (ALARM and OK). Default none. */
  readonly alarmActions?: pulumi.Input<pulumi.Input<string>[]>;
  /** Retention of the reconciler's log group; one of CloudWatch's allowed values. Default 30. */
  readonly logRetentionInDays?: pulumi.Input<number>;
  /** Lambda memory in MB (128–10240). Default 256. */
  readonly lambdaMemorySize?: pulumi.Input<number>;
  /** Lambda architecture. Default `arm64`. */
  readonly architecture?: pulumi.Input<Architecture>;
  /**
   * Concurrent executions reserved for the reconciler (an integer of at least 1). Default none. Lambda
   * refuses a reservation that leaves the account fewer than 100 unreserved executions, so a new account
   * (concurrency quota 10) cannot take any; overlapping runs are safe without it (they take a lease).
   */
  readonly reservedConcurrency?: pulumi.Input<number>;
  /**
   * Create a CloudWatch dashboard of this cache. Default false: a dashboard costs $3.00 a month beyond an
   * account's 3 free ones, and the alarms and the log group already say what is wrong. A plain value: it
   * decides whether the resource exists.
   */
  readonly dashboard?: boolean;
  /**
   * Create the alarm on this cache's `Unhealthy` metric. Default true. `false` leaves alerting to an alarm
   * elsewhere that watches the same metric, such as the fleet alarm of {@link EcrPullThroughCacheFleet} in a
   * monitoring account ($0.10 a month saved per cache). A plain value: it decides whether the resource exists.
   */
  readonly unhealthyAlarm?: boolean;
}

/** The previous component's name for its arguments, kept so programs written for it still compile. */
export type EcrPullThroughCacheConfig = EcrPullThroughCacheArgs;

/** The args' values once every Input has resolved: what {@link validateArgs} checks. */
export type EcrPullThroughCacheArgValues = pulumi.Unwrap<EcrPullThroughCacheArgs>;

/** The args after validation, with every default applied: what the constructor builds from. */
export interface ResolvedArgs {
  /** The SSM document: the config fields the args set, `version` and `$schema`, nothing defaulted. */
  readonly document: ConfigInput;
  /** The config with every default applied, as the Lambda's schema reads the document. */
  readonly config: Config;
  readonly schedule: string;
  readonly deletionPolicy: DeletionPolicy;
  readonly configSource: ConfigSource;
  readonly alarmActions: readonly string[];
  readonly logRetentionInDays: number;
  readonly lambdaMemorySize: number;
  readonly architecture: Architecture;
  /** Undefined: no reservation. */
  readonly reservedConcurrency: number | undefined;
  readonly dashboard: boolean;
  readonly unhealthyAlarm: boolean;
}

/** The component's outputs, as plain values (what `registerOutputs` records). */
export interface EcrPullThroughCacheOutputs {
  /** The ECR repository prefix of the cache, as the last deploy-time run reported it. */
  readonly cachePrefix: string;
  /** ARN of the role ECR assumes, as the last deploy-time run reported it. */
  readonly roleArn: string;
  /** The pull-through cache rule as the last deploy-time run described it. */
  readonly cacheRule: CacheRuleOutput | undefined;
  /** Status of the last deploy-time run. */
  readonly status: ReportStatus | undefined;
  /** How to pull, which IAM policy consumers need, and how to operate the reconciler. */
  readonly usageInstructions: string;
  readonly functionName: string;
  readonly configParameterName: string;
  readonly logGroupName: string;
  /** The CloudWatch dashboard of this cache; undefined unless the args say `dashboard: true`. */
  readonly dashboardName: string | undefined;
}

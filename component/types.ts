import type * as pulumi from "@pulumi/pulumi";
import type { Config, ConfigInput, Mode } from "../common/config/schema";
import type { CacheRuleOutput, ReportStatus } from "../common/types";
import type { ARCHITECTURES, CONFIG_SOURCES, DELETION_POLICIES } from "./constants";

/** `ssm`: the args seed the parameter once, later SSM edits win. `pulumi`: `pulumi up` restores the args. */
export type ConfigSource = (typeof CONFIG_SOURCES)[number];
/** What destroying the component does to the role and the rule: remove them, or leave them in place. */
export type DeletionPolicy = (typeof DELETION_POLICIES)[number];
export type Architecture = (typeof ARCHITECTURES)[number];

/**
 * Arguments of {@link EcrPullThroughCache}.
 *
 * The config fields (the first block) and the component settings are plain values, not
 * `pulumi.Input`s: they are validated with the Lambda's own schema synchronously in the constructor,
 * so a bad value fails `pulumi preview` before any resource is registered. Only `alarmActions`
 * (typically SNS topic ARNs from other resources) accepts Outputs.
 */
export interface EcrPullThroughCacheArgs {
  // ---- Config document (validated by `parseConfig`, written to the SSM parameter) ----
  /** Echo's 12-digit AWS account id (the upstream registry). */
  readonly sourceRegistryAccountId: string;
  /** Region of Echo's registry. Default `us-east-1`. */
  readonly sourceRegistryRegion?: string;
  /** ECR repository prefix of the cache in this account. Default `echo`. */
  readonly repositoryPrefix?: string;
  /** Upstream repository prefix. Default `ROOT` (the whole registry). */
  readonly upstreamRepositoryPrefix?: string;
  /** Name of the role ECR assumes. Default `<repositoryPrefix>-pullthrough-cache-role`. */
  readonly roleName?: string;
  /** IAM path of the role. Default `/`. */
  readonly rolePath?: string;
  /** Tags the reconciler puts on the role. Default none. */
  readonly tags?: Readonly<Record<string, string>>;
  /** `enforce` (default) fixes drift, `detect` only reports it, `paused` does nothing. */
  readonly mode?: Mode;
  /**
   * Take over an existing role of the configured name that this reconciler did not create.
   * Also widens the execution role's policy to allow tagging exactly that role. Default false.
   */
  readonly adopt?: boolean;
  /** Allow delete-then-create of the rule when a field ECR cannot update changes. Default true. */
  readonly allowReplace?: boolean;
  /**
   * Settings for repositories the cache creates (an ECR repository creation template): tag mutability,
   * lifecycle (expire untagged after N days, keep the last N images), encryption, tags. Default none.
   */
  readonly repositoryTemplate?: ConfigInput["repositoryTemplate"];

  // ---- Component settings ----
  /** EventBridge Scheduler expression: `rate(15 minutes)` (default) or `cron(...)` with six fields. */
  readonly schedule?: string;
  /** What `pulumi destroy` does to the role and the rule. Default `delete`. */
  readonly deletionPolicy?: DeletionPolicy;
  /** Who owns the config after the first deployment. Default `ssm`. */
  readonly configSource?: ConfigSource;
  /** ARNs notified when an alarm changes state (ALARM and OK). Default none. */
  readonly alarmActions?: pulumi.Input<pulumi.Input<string>[]>;
  /** Retention of the reconciler's log group; one of CloudWatch's allowed values. Default 30. */
  readonly logRetentionInDays?: number;
  /** Lambda memory in MB (128–10240). Default 256. */
  readonly lambdaMemorySize?: number;
  /** Lambda architecture. Default `arm64`. */
  readonly architecture?: Architecture;
  /**
   * Create a CloudWatch dashboard of this cache. Default false: a dashboard costs $3.00 a month beyond an
   * account's 3 free ones, and the alarms and the log group already say what is wrong. A plain value: it
   * decides whether the resource exists.
   */
  readonly dashboard?: boolean;
}

/** The args after validation, with every default applied: what the constructor builds from. */
export interface ResolvedArgs {
  /** The config document exactly as the Lambda's schema produced it (written to SSM). */
  readonly config: Config;
  readonly schedule: string;
  readonly deletionPolicy: DeletionPolicy;
  readonly configSource: ConfigSource;
  readonly alarmActions: pulumi.Input<pulumi.Input<string>[]>;
  readonly logRetentionInDays: number;
  readonly lambdaMemorySize: number;
  readonly architecture: Architecture;
  readonly dashboard: boolean;
}

/** The component's outputs, as plain values (what `registerOutputs` records). */
export interface EcrPullThroughCacheOutputs {
  /** The ECR repository prefix of the cache, as the last deploy-time run reported it. */
  readonly cachePrefix: string;
  /** ARN of the role ECR assumes; undefined when the run did not report one (e.g. `paused`). */
  readonly roleArn: string | undefined;
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

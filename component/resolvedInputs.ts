import * as pulumi from "@pulumi/pulumi";
import { defaultTemplateRoleName } from "../common/config/schema";
import type { Config, ConfigInput } from "../common/config/types";
import { COMMERCIAL_PARTITION } from "../common/constants";
import { partitionOf } from "../common/names";
import { type COMPONENT_FIELDS, CONFIG_FIELDS } from "./argFields";
import type { Account } from "./build/context";
import { configHash, configParameterValue } from "./configDocument";
import { EcrPullThroughCacheArgsError } from "./errors";
import type {
  Architecture,
  ConfigSource,
  DeletionPolicy,
  EcrPullThroughCacheArgs,
  EcrPullThroughCacheArgValues,
} from "./types";
import { checkConfigArgs, checkSettingArgs, type ResolvedSettings } from "./validateArgs";

type ConfigField = (typeof CONFIG_FIELDS)[number];
type SettingField = Exclude<
  (typeof COMPONENT_FIELDS)[number],
  "schedule" | "configSource" | "dashboard" | "unhealthyAlarm"
>;
/** The config part of the args, valid. */
interface CheckedConfig {
  readonly document: ConfigInput;
  readonly config: Config;
}

/**
 * The args as the builders use them. `schedule`, `configSource`, `dashboard` and `unhealthyAlarm` are plain
 * (they shape the resources);
 * everything else is an Output of the validated value: it rejects, failing the resources that consume it,
 * when an arg resolves to an invalid value. Each Output is secret only when an arg it is computed from is
 * (`config.requireSecret(...)` for the account id makes the document and the usage text secret, not the
 * Lambda's memory size).
 */
export interface ResolvedInputs {
  readonly schedule: string;
  readonly configSource: ConfigSource;
  /** Whether the component creates a dashboard. */
  readonly dashboard: boolean;
  /** Whether the component creates the alarm on `Unhealthy`. */
  readonly unhealthyAlarm: boolean;
  /** The SSM parameter's value: only what the args set, with `version` and `$schema`. */
  readonly document: pulumi.Output<string>;
  /** sha256 of `document`. */
  readonly configHash: pulumi.Output<string>;
  /** The config with every default applied. */
  readonly config: pulumi.Output<Config>;
  readonly tags: pulumi.Output<Record<string, string>>;
  readonly repositoryPrefix: pulumi.Output<string>;
  /** The role ECR assumes, as the args name it. */
  readonly role: pulumi.Output<{ readonly name: string; readonly path: string }>;
  /**
   * The role ECR assumes to create repositories from the template, as the args name it; undefined when the
   * config can never ask for a template (`configSource: "pulumi"` without `repositoryTemplate`). With
   * `configSource: "ssm"` an SSM edit can add one at any time (see `executionRolePolicy`).
   */
  readonly templateRole: pulumi.Output<{ readonly name: string; readonly path: string } | undefined>;
  /** The args' template tags the repositories the cache creates (the consumer policy then tags too). */
  readonly taggedRepositories: pulumi.Output<boolean>;
  readonly adopt: pulumi.Output<boolean>;
  readonly sourceRegistry: pulumi.Output<{ readonly accountId: string; readonly region: string }>;
  readonly deletionPolicy: pulumi.Output<DeletionPolicy>;
  readonly alarmActions: pulumi.Output<string[]>;
  readonly logRetentionInDays: pulumi.Output<number>;
  readonly lambdaMemorySize: pulumi.Output<number>;
  readonly architecture: pulumi.Output<Architecture>;
  /** Undefined: no reservation. */
  readonly reservedConcurrency: pulumi.Output<number | undefined>;
}

/** What the instance knows before anything resolves. */
export interface Instance {
  readonly component: pulumi.Resource;
  readonly name: string;
  readonly schedule: string;
  readonly configSource: ConfigSource;
  readonly dashboard: boolean;
  readonly unhealthyAlarm: boolean;
}

/**
 * Problems of a valid config with the partition the stack deploys into. ECR's pull-through cache reaches an
 * ECR upstream only within its own partition (docs/aws-facts.md, "Regions"), so Echo's registry must be in
 * the deploying account's partition.
 */
export function partitionErrors(config: Config, partition: string, region: string): string[] {
  const upstream = partitionOf(config.sourceRegistryRegion);
  if (upstream === partition) return [];
  return [
    `sourceRegistryRegion: Echo's registry in ${config.sourceRegistryRegion} is in the ${upstream} partition, ` +
      `but this stack deploys into ${region} (${partition}); pull-through cache reaches an ECR registry only ` +
      "within its own partition",
  ];
}

/**
 * The warning for a stack outside the commercial partition, or undefined inside it. Whether pull-through cache
 * is offered in China and GovCloud is UNCONFIRMED (docs/aws-facts.md, "Regions"), so the component deploys
 * there, says so, and lets ECR's answer to the deploy-time run decide.
 */
export function partitionWarning(partition: string, region: string): string | undefined {
  if (partition === COMMERCIAL_PARTITION) return undefined;
  return (
    `${region} is in the ${partition} partition: whether ECR offers pull-through cache there is UNCONFIRMED, ` +
    "and this component's defaults (sourceRegistryRegion us-east-1, registry hosts under amazonaws.com) are " +
    "built for the commercial partition. If ECR refuses the rule, the deploy-time run fails with its error."
  );
}

/**
 * Resolves and validates the args. The config fields are checked together once they are all known (some rules
 * span fields), with Echo's Region against the deploying partition; each component setting on its own, so that
 * an Output among the alarm actions (an SNS topic of the same program) holds back only the alarms. An invalid
 * value throws {@link EcrPullThroughCacheArgsError}, attached to the component, from the Outputs made of it.
 *
 * @example
 * const resolved = resolveInputs(instance, args, account);
 * new aws.ssm.Parameter(`${name}-config`, { value: resolved.document, ... });
 */
export function resolveInputs(
  instance: Instance,
  args: EcrPullThroughCacheArgs,
  account: Account,
): ResolvedInputs {
  const { component, name } = instance;
  const fail = (errors: readonly string[]): never => {
    throw new EcrPullThroughCacheArgsError(name, [...errors].sort(), component);
  };
  const configArgs = Object.fromEntries(CONFIG_FIELDS.map((f) => [f, args[f]]));
  // Validity is no secret: unsecret here, and let each value below carry the secrecy of its own args.
  const checked = pulumi
    .all([pulumi.unsecret(pulumi.output(configArgs)), account.partition, account.region])
    .apply(([values, partition, region]) => {
      const result = checkConfigArgs(values as EcrPullThroughCacheArgValues);
      if (result.config === undefined) return fail(result.errors);
      const errors = partitionErrors(result.config, partition.partition, region);
      if (errors.length > 0) return fail(errors);
      const warning = partitionWarning(partition.partition, region);
      if (warning !== undefined) pulumi.log.warn(warning, component);
      return { document: result.document, config: result.config };
    });
  const value = <T>(from: readonly ConfigField[], pick: (r: CheckedConfig) => T): pulumi.Output<T> =>
    pulumi
      .all([checked, pulumi.all(from.map((f): pulumi.Output<unknown> => pulumi.output(args[f])))])
      .apply(([r]) => pick(r));
  const setting = <K extends SettingField>(field: K): pulumi.Output<ResolvedSettings[K]> =>
    (pulumi.output(args[field] as pulumi.Input<unknown>) as pulumi.Output<unknown>).apply((v) => {
      const result = checkSettingArgs({ [field]: v });
      return result.errors.length > 0 ? fail(result.errors) : result.settings[field];
    }) as pulumi.Output<ResolvedSettings[K]>;

  const document = value(CONFIG_FIELDS, (r) => configParameterValue(r.document));
  return {
    schedule: instance.schedule,
    configSource: instance.configSource,
    dashboard: instance.dashboard,
    unhealthyAlarm: instance.unhealthyAlarm,
    document,
    configHash: document.apply(configHash),
    config: value(CONFIG_FIELDS, (r) => r.config),
    tags: value(["tags"], (r) => r.config.tags),
    repositoryPrefix: value(["repositoryPrefix"], (r) => r.config.repositoryPrefix),
    role: value(["repositoryPrefix", "roleName", "rolePath"], (r) => ({
      name: r.config.roleName,
      path: r.config.rolePath,
    })),
    templateRole: value(["repositoryPrefix", "rolePath", "repositoryTemplate"], (r) =>
      instance.configSource === "ssm" || r.config.repositoryTemplate !== undefined
        ? {
            name: r.config.repositoryTemplate?.roleName ?? defaultTemplateRoleName(r.config.repositoryPrefix),
            path: r.config.rolePath,
          }
        : undefined,
    ),
    taggedRepositories: value(
      ["repositoryTemplate"],
      (r) => Object.keys(r.config.repositoryTemplate?.resourceTags ?? {}).length > 0,
    ),
    adopt: value(["adopt"], (r) => r.config.adopt),
    sourceRegistry: value(["sourceRegistryAccountId", "sourceRegistryRegion"], (r) => ({
      accountId: r.config.sourceRegistryAccountId,
      region: r.config.sourceRegistryRegion,
    })),
    deletionPolicy: setting("deletionPolicy"),
    alarmActions: setting("alarmActions").apply((a) => [...a]),
    logRetentionInDays: setting("logRetentionInDays"),
    lambdaMemorySize: setting("lambdaMemorySize"),
    architecture: setting("architecture"),
    reservedConcurrency: setting("reservedConcurrency"),
  };
}

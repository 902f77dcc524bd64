/**
 * Values of every argument of the component, for tests that must hold whatever the options: what it
 * registers, what it costs. Typed over every key of the args, so adding an argument fails `tsc` until it
 * has values here. No jest here, so `npm run bench` can use it too.
 */
import type { EcrPullThroughCacheArgs } from "../../component/types";

type Space = {
  readonly [K in keyof Required<EcrPullThroughCacheArgs>]: readonly NonNullable<EcrPullThroughCacheArgs[K]>[];
};

export const ECHO_ACCOUNT = "123456789012";
export const ALARM_TOPIC = "arn:aws:sns:eu-west-1:111111111111:alerts";

/** Each argument's values; the first of each together is one valid set (`everyOption`). */
export const OPTION_SPACE: Space = {
  sourceRegistryAccountId: [ECHO_ACCOUNT],
  sourceRegistryRegion: ["eu-central-1"],
  repositoryPrefix: ["echo/hardened", "ROOT"],
  upstreamRepositoryPrefix: ["images"],
  roleName: ["legacy-echo-role"],
  rolePath: ["/echo/"],
  tags: [{ team: "platform" }],
  mode: ["detect", "enforce", "paused"],
  adopt: [true, false],
  allowReplace: [false, true],
  repositoryTemplate: [{ imageTagMutability: "IMMUTABLE", expireUntaggedAfterDays: 14, keepLastImages: 100 }],
  // The fastest rate Scheduler takes, an hourly one, one longer than a day (no heartbeat), and a cron.
  schedule: ["rate(1 minute)", "rate(1 hour)", "rate(2 days)", "cron(0 4 * * ? *)"],
  deletionPolicy: ["retain", "delete"],
  configSource: ["pulumi", "ssm"],
  alarmActions: [[ALARM_TOPIC], []],
  logRetentionInDays: [365, 0, 1],
  lambdaMemorySize: [1024, 128],
  architecture: ["x86_64", "arm64"],
  reservedConcurrency: [2],
  dashboard: [true, false],
  unhealthyAlarm: [false, true],
};

export interface Variant {
  readonly reason: string;
  readonly args: EcrPullThroughCacheArgs;
}

/** The seed's args: only the required one. */
export const SEED_ARGS: EcrPullThroughCacheArgs = { sourceRegistryAccountId: ECHO_ACCOUNT };

/** The first value of every argument at once. */
export function everyOption(): EcrPullThroughCacheArgs {
  return Object.fromEntries(
    Object.entries(OPTION_SPACE).map(([key, values]) => [key, values[0]]),
  ) as unknown as EcrPullThroughCacheArgs;
}

/**
 * The seed's args, each value of each argument on its own, and every argument at once: every resource an
 * option can add appears in at least one of them.
 *
 * @example
 * for (const { reason, args } of optionVariants()) new EcrPullThroughCache("c", args);
 */
export function optionVariants(): Variant[] {
  const single = Object.entries(OPTION_SPACE).flatMap(([key, values]) =>
    (values as readonly unknown[]).map((value) => ({
      reason: `${key}: ${JSON.stringify(value)}`,
      args: { ...SEED_ARGS, [key]: value } as EcrPullThroughCacheArgs,
    })),
  );
  return [
    { reason: "the seed's args", args: SEED_ARGS },
    ...single,
    { reason: "every option at once", args: everyOption() },
  ];
}

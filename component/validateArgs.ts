import * as pulumi from "@pulumi/pulumi";
import { type ConfigInput, parseConfig } from "../common/config/schema";
import { configParameterValue } from "./configDocument";
import {
  ARCHITECTURES,
  COMPONENT_NAME_MAX_LENGTH,
  COMPONENT_NAME_PATTERN,
  CONFIG_SOURCES,
  DEFAULT_ARCHITECTURE,
  DEFAULT_LAMBDA_MEMORY_SIZE,
  DEFAULT_LOG_RETENTION_IN_DAYS,
  DEFAULT_SCHEDULE,
  DELETION_POLICIES,
  LAMBDA_MEMORY_MAX,
  LAMBDA_MEMORY_MIN,
  LOG_RETENTION_DAYS,
  SSM_STANDARD_VALUE_MAX_BYTES,
} from "./constants";
import type { EcrPullThroughCacheArgs, ResolvedArgs } from "./types";

/** The config-document fields of the args, in the schema's vocabulary. */
const CONFIG_FIELDS = [
  "sourceRegistryAccountId",
  "sourceRegistryRegion",
  "repositoryPrefix",
  "upstreamRepositoryPrefix",
  "roleName",
  "rolePath",
  "tags",
  "mode",
  "adopt",
  "allowReplace",
  "repositoryTemplate",
] as const satisfies readonly (keyof EcrPullThroughCacheArgs & keyof ConfigInput)[];

/** Fields that are validated synchronously and therefore must not be Outputs. */
const PLAIN_FIELDS = [
  ...CONFIG_FIELDS,
  "schedule",
  "deletionPolicy",
  "configSource",
  "logRetentionInDays",
  "lambdaMemorySize",
  "architecture",
  "dashboard",
] as const satisfies readonly (keyof EcrPullThroughCacheArgs)[];

const RATE_PATTERN = /^rate\((?<value>[1-9][0-9]*) (?<unit>minute|minutes|hour|hours|day|days)\)$/;
/** One cron field: digits, names (JAN, MON), and `* ? , - / L W #`. */
const CRON_FIELD_PATTERN = /^[0-9A-Za-z*?,\-/#]+$/;

/**
 * Checks an EventBridge Scheduler recurring expression. Returns a message, or undefined when valid.
 * `rate(value unit)` needs the singular unit for 1 (`rate(1 hour)`); `cron(...)` has six fields and
 * exactly one of day-of-month and day-of-week must be `?` (Scheduler user guide, "Schedule types").
 *
 * @example
 * scheduleError("rate(15 minutes)"); // undefined
 * scheduleError("rate(1 minutes)");  // "use the singular unit for 1: rate(1 minute)"
 */
export function scheduleError(expression: string): string | undefined {
  if (expression.startsWith("rate(")) {
    const m = RATE_PATTERN.exec(expression);
    if (!m?.groups) {
      return "must be rate(<positive integer> <minute(s)|hour(s)|day(s)>), e.g. rate(15 minutes)";
    }
    const value = Number(m.groups.value);
    const singular = !m.groups.unit?.endsWith("s");
    if (value === 1 && !singular)
      return `use the singular unit for 1: rate(1 ${m.groups.unit?.slice(0, -1)})`;
    if (value !== 1 && singular) return `use the plural unit for ${value}: rate(${value} ${m.groups.unit}s)`;
    return undefined;
  }
  if (expression.startsWith("cron(") && expression.endsWith(")")) {
    const fields = expression.slice(5, -1).trim().split(/\s+/);
    if (fields.length !== 6) {
      return "cron() needs six fields: minutes hours day-of-month month day-of-week year";
    }
    if (!fields.every((f) => CRON_FIELD_PATTERN.test(f))) return "cron() fields contain invalid characters";
    const [, , dayOfMonth, , dayOfWeek] = fields;
    if ((dayOfMonth === "?") === (dayOfWeek === "?")) {
      return "cron(): exactly one of day-of-month and day-of-week must be '?'";
    }
    return undefined;
  }
  return "must be a rate(...) or cron(...) expression, e.g. rate(15 minutes)";
}

/**
 * Seconds between two runs of a `rate()` schedule, or undefined for `cron()` (irregular).
 *
 * @example
 * scheduleIntervalSeconds("rate(15 minutes)"); // 900
 */
export function scheduleIntervalSeconds(expression: string): number | undefined {
  const m = RATE_PATTERN.exec(expression);
  if (!m?.groups) return undefined;
  const unitSeconds = m.groups.unit?.startsWith("minute")
    ? 60
    : m.groups.unit?.startsWith("hour")
      ? 3600
      : 86_400;
  return Number(m.groups.value) * unitSeconds;
}

/** Checks the component's logical name, which every child name and the owner id derive from. */
export function componentNameErrors(name: string): string[] {
  if (typeof name !== "string" || name.length === 0) return ["name: must be a non-empty string"];
  const errors: string[] = [];
  if (name.length > COMPONENT_NAME_MAX_LENGTH) {
    errors.push(`name: must be at most ${COMPONENT_NAME_MAX_LENGTH} characters (it prefixes AWS names)`);
  }
  if (!COMPONENT_NAME_PATTERN.test(name)) {
    errors.push("name: must start with a letter or digit and contain only letters, digits, '.', '_' and '-'");
  }
  return errors;
}

function oneOf<T extends string>(
  errors: string[],
  field: string,
  value: unknown,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  errors.push(`${field}: must be one of ${allowed.join(", ")}`);
  return fallback;
}

/** What {@link validateArgs} gives: the args with every default applied, or every problem. */
export type ValidateArgsResult =
  | { readonly ok: true; readonly resolved: ResolvedArgs }
  | { readonly ok: false; readonly errors: readonly string[] };

/**
 * Validates the component's args and applies every default, without creating anything.
 * The config part goes through `parseConfig`, the Lambda's own schema, so a value the Lambda would
 * reject fails here first; component-only settings are checked alongside.
 *
 * Pure: never throws. The constructor turns the errors into an `EcrPullThroughCacheArgsError`.
 *
 * @param args the component's args.
 * @param name the component's name, when known: it is checked too.
 * @returns the resolved args, or every problem as `path: message`, sorted.
 * @example
 * const r = validateArgs({ sourceRegistryAccountId: "123456789012" });
 * if (r.ok) r.resolved.config.roleName; // "echo-pullthrough-cache-role"
 */
export function validateArgs(args: EcrPullThroughCacheArgs, name?: string): ValidateArgsResult {
  const errors: string[] = name === undefined ? [] : componentNameErrors(name);
  if (typeof args !== "object" || args === null) {
    return { ok: false, errors: [...errors, "(root): args must be an object"] };
  }

  const outputs = PLAIN_FIELDS.filter((f) => pulumi.Output.isInstance(args[f]) || isPromiseLike(args[f]));
  for (const f of outputs) {
    errors.push(`${f}: must be a plain value, not an Output or Promise (it is validated before deployment)`);
  }

  // A field already reported as an Output is treated as absent, so it is reported once.
  const plain = <K extends (typeof PLAIN_FIELDS)[number]>(f: K): EcrPullThroughCacheArgs[K] | undefined =>
    outputs.includes(f) ? undefined : args[f];

  const configInput: Record<string, unknown> = { version: 1 };
  for (const f of CONFIG_FIELDS) {
    if (plain(f) !== undefined) configInput[f] = plain(f);
  }
  const parsed = parseConfig(configInput);
  // A config field given as an Output is missing from the document: report the Output, not "is required".
  if (!parsed.ok) errors.push(...parsed.errors.filter((e) => !outputs.some((f) => e.startsWith(`${f}: `))));

  const schedule = plain("schedule") ?? DEFAULT_SCHEDULE;
  const scheduleProblem = typeof schedule === "string" ? scheduleError(schedule) : "must be a string";
  if (scheduleProblem) errors.push(`schedule: ${scheduleProblem}`);

  const deletionPolicy = oneOf(
    errors,
    "deletionPolicy",
    plain("deletionPolicy"),
    DELETION_POLICIES,
    "delete",
  );
  const configSource = oneOf(errors, "configSource", plain("configSource"), CONFIG_SOURCES, "ssm");
  const architecture = oneOf(
    errors,
    "architecture",
    plain("architecture"),
    ARCHITECTURES,
    DEFAULT_ARCHITECTURE,
  );

  const logRetentionInDays = plain("logRetentionInDays") ?? DEFAULT_LOG_RETENTION_IN_DAYS;
  if (!(LOG_RETENTION_DAYS as readonly unknown[]).includes(logRetentionInDays)) {
    errors.push(`logRetentionInDays: must be one of ${LOG_RETENTION_DAYS.join(", ")} (0 = never expire)`);
  }

  const lambdaMemorySize = plain("lambdaMemorySize") ?? DEFAULT_LAMBDA_MEMORY_SIZE;
  if (
    !Number.isInteger(lambdaMemorySize) ||
    lambdaMemorySize < LAMBDA_MEMORY_MIN ||
    lambdaMemorySize > LAMBDA_MEMORY_MAX
  ) {
    errors.push(`lambdaMemorySize: must be an integer from ${LAMBDA_MEMORY_MIN} to ${LAMBDA_MEMORY_MAX}`);
  }

  const dashboard = plain("dashboard") ?? false;
  if (typeof dashboard !== "boolean") errors.push("dashboard: must be true or false");

  const alarmActions = args.alarmActions ?? [];
  if (Array.isArray(alarmActions)) {
    alarmActions.forEach((a, i) => {
      if (typeof a === "string" && !a.startsWith("arn:")) errors.push(`alarmActions.${i}: must be an ARN`);
    });
  }

  if (parsed.ok) {
    const bytes = Buffer.byteLength(configParameterValue(parsed.config), "utf8");
    if (bytes > SSM_STANDARD_VALUE_MAX_BYTES) {
      errors.push(
        `tags: the config document would be ${bytes} bytes; an SSM standard parameter holds ${SSM_STANDARD_VALUE_MAX_BYTES}`,
      );
    }
  }

  if (errors.length > 0 || !parsed.ok) return { ok: false, errors: [...new Set(errors)].sort() };
  return {
    ok: true,
    resolved: {
      config: parsed.config,
      schedule,
      deletionPolicy,
      configSource,
      alarmActions,
      logRetentionInDays,
      lambdaMemorySize,
      architecture,
      dashboard,
    },
  };
}

function isPromiseLike(v: unknown): boolean {
  return typeof v === "object" && v !== null && typeof (v as { then?: unknown }).then === "function";
}

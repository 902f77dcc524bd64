import * as pulumi from "@pulumi/pulumi";
import { parseConfig } from "../common/config/schema";
import type { Config, ConfigInput } from "../common/config/types";
import { ARG_FIELDS, PLAIN_FIELDS, unknownArgErrors } from "./argFields";
import { configDocument, configParameterValue } from "./configDocument";
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
  RESERVED_CONCURRENCY_MIN,
  SSM_STANDARD_VALUE_MAX_BYTES,
} from "./constants";
import type { EcrPullThroughCacheArgs, EcrPullThroughCacheArgValues, ResolvedArgs } from "./types";

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
 * Validates the component's args, every value known, and applies every default, without creating anything.
 * The config part goes through `parseConfig`, the Lambda's own schema, so a value the Lambda would reject
 * fails here first; component-only settings are checked alongside, and a key that is no argument (a typo,
 * a stray key of an object spread) is an error.
 *
 * Pure: never throws. The constructor turns the errors into an `EcrPullThroughCacheArgsError`.
 *
 * @param args the component's args, with every Input resolved.
 * @param name the component's name, when known: it is checked too.
 * @returns the resolved args, or every problem as `path: message`, sorted.
 * @example
 * const r = validateArgs({ sourceRegistryAccountId: "123456789012" });
 * if (r.ok) r.resolved.config.roleName; // "echo-pullthrough-cache-role"
 */
export function validateArgs(args: EcrPullThroughCacheArgValues, name?: string): ValidateArgsResult {
  const errors: string[] = name === undefined ? [] : componentNameErrors(name);
  if (typeof args !== "object" || args === null || Array.isArray(args)) {
    return { ok: false, errors: [...errors, "(root): args must be an object"] };
  }
  const config = checkConfigArgs(args);
  const settings = checkSettingArgs(args);
  errors.push(...unknownArgErrors(args), ...config.errors, ...settings.errors);
  if (errors.length > 0 || config.config === undefined)
    return { ok: false, errors: [...new Set(errors)].sort() };
  return { ok: true, resolved: { document: config.document, config: config.config, ...settings.settings } };
}

/** What {@link checkConfigArgs} gives: the SSM document the args make, and the config when it is valid. */
export interface ConfigArgsCheck {
  readonly errors: readonly string[];
  readonly document: ConfigInput;
  readonly config?: Config;
}

/**
 * The config fields of the args, checked together (some rules span fields): the document they make, validated
 * by the Lambda's schema, within a standard SSM parameter's size.
 *
 * @example
 * checkConfigArgs({ sourceRegistryAccountId: "123456789012" }).config?.roleName; // "echo-pullthrough-cache-role"
 */
export function checkConfigArgs(args: EcrPullThroughCacheArgValues): ConfigArgsCheck {
  const document = configDocument(args);
  const parsed = parseConfig(document);
  const errors = parsed.ok ? [] : [...parsed.errors];
  const bytes = Buffer.byteLength(configParameterValue(document), "utf8");
  if (bytes > SSM_STANDARD_VALUE_MAX_BYTES) {
    errors.push(
      `tags: the config document would be ${bytes} bytes; an SSM standard parameter holds ${SSM_STANDARD_VALUE_MAX_BYTES}`,
    );
  }
  return { errors, document, ...(parsed.ok && errors.length === 0 ? { config: parsed.config } : {}) };
}

/** The component's own settings with their defaults applied. */
export type ResolvedSettings = Omit<ResolvedArgs, "document" | "config">;

/**
 * The component's own settings, each checked on its own (no rule spans two of them), with the defaults of
 * those the args leave out.
 *
 * @example
 * checkSettingArgs({ lambdaMemorySize: 64 }).errors; // ["lambdaMemorySize: must be an integer from 128 to 10240"]
 */
export function checkSettingArgs(args: Partial<EcrPullThroughCacheArgValues>): {
  readonly errors: readonly string[];
  readonly settings: ResolvedSettings;
} {
  const errors: string[] = [];
  const schedule = args.schedule ?? DEFAULT_SCHEDULE;
  const scheduleProblem = typeof schedule === "string" ? scheduleError(schedule) : "must be a string";
  if (scheduleProblem) errors.push(`schedule: ${scheduleProblem}`);

  const deletionPolicy = oneOf(errors, "deletionPolicy", args.deletionPolicy, DELETION_POLICIES, "delete");
  const configSource = oneOf(errors, "configSource", args.configSource, CONFIG_SOURCES, "ssm");
  const architecture = oneOf(errors, "architecture", args.architecture, ARCHITECTURES, DEFAULT_ARCHITECTURE);

  const logRetentionInDays = args.logRetentionInDays ?? DEFAULT_LOG_RETENTION_IN_DAYS;
  if (!(LOG_RETENTION_DAYS as readonly unknown[]).includes(logRetentionInDays)) {
    errors.push(`logRetentionInDays: must be one of ${LOG_RETENTION_DAYS.join(", ")} (0 = never expire)`);
  }

  const lambdaMemorySize = args.lambdaMemorySize ?? DEFAULT_LAMBDA_MEMORY_SIZE;
  if (
    !Number.isInteger(lambdaMemorySize) ||
    lambdaMemorySize < LAMBDA_MEMORY_MIN ||
    lambdaMemorySize > LAMBDA_MEMORY_MAX
  ) {
    errors.push(`lambdaMemorySize: must be an integer from ${LAMBDA_MEMORY_MIN} to ${LAMBDA_MEMORY_MAX}`);
  }

  const { reservedConcurrency } = args;
  if (
    reservedConcurrency !== undefined &&
    !(Number.isInteger(reservedConcurrency) && reservedConcurrency >= RESERVED_CONCURRENCY_MIN)
  ) {
    errors.push(
      `reservedConcurrency: must be an integer of at least ${RESERVED_CONCURRENCY_MIN}, or left out for no reservation`,
    );
  }

  const dashboard = args.dashboard ?? false;
  if (typeof dashboard !== "boolean") errors.push("dashboard: must be true or false");
  const unhealthyAlarm = args.unhealthyAlarm ?? true;
  if (typeof unhealthyAlarm !== "boolean") errors.push("unhealthyAlarm: must be true or false");

  const alarmActions: readonly unknown[] = args.alarmActions ?? [];
  if (Array.isArray(alarmActions)) {
    alarmActions.forEach((a, i) => {
      if (typeof a !== "string" || !a.startsWith("arn:")) errors.push(`alarmActions.${i}: must be an ARN`);
    });
  } else {
    errors.push("alarmActions: must be a list of ARNs");
  }
  return {
    errors,
    settings: {
      schedule,
      deletionPolicy,
      configSource,
      alarmActions: alarmActions as string[],
      logRetentionInDays,
      lambdaMemorySize,
      architecture,
      reservedConcurrency,
      dashboard: dashboard === true,
      unhealthyAlarm: unhealthyAlarm !== false,
    },
  };
}

/**
 * The problems of the args that can be seen before anything resolves: every plain value is validated as
 * {@link validateArgs} does; an argument that holds an Output or a Promise (at any depth) is left for when
 * it resolves, except `schedule` and `configSource`, which must be plain.
 *
 * @returns every problem as `path: message`, sorted; empty when the known values are valid.
 * @example
 * knownArgsErrors({ sourceRegistryAccountId: config.requireSecret("echoAccountId"), repositoryPrefix: "E" });
 * // ["repositoryPrefix: must be lowercase letters and digits ..."]
 */
export function knownArgsErrors(args: EcrPullThroughCacheArgs, name?: string): readonly string[] {
  if (typeof args !== "object" || args === null) return errorsOf(validateArgs(args, name));
  const pending = ARG_FIELDS.filter((f) => holdsPending(args[f]));
  const known = Object.fromEntries(
    Object.entries(args).filter(([k]) => !(pending as readonly string[]).includes(k)),
  ) as EcrPullThroughCacheArgValues;
  const errors = errorsOf(validateArgs(known, name)).filter(
    (e) => !pending.some((f) => e.startsWith(`${f}: `) || e.startsWith(`${f}.`)),
  );
  for (const f of PLAIN_FIELDS.filter((p) => pending.includes(p))) {
    errors.push(`${f}: must be a plain value, not an Output or Promise (it decides which resources exist)`);
  }
  return errors.sort();
}

function errorsOf(result: ValidateArgsResult): string[] {
  return result.ok ? [] : [...result.errors];
}

/** Whether a value is an Output or a Promise: known only once it resolves. */
export function isPending(v: unknown): boolean {
  return pulumi.Output.isInstance(v) || isPromiseLike(v);
}

/** Whether a value is, or holds, an Output or a Promise: known only once it resolves. */
export function holdsPending(v: unknown): boolean {
  if (isPending(v)) return true;
  if (Array.isArray(v)) return v.some(holdsPending);
  return typeof v === "object" && v !== null && Object.values(v).some(holdsPending);
}

function isPromiseLike(v: unknown): boolean {
  return typeof v === "object" && v !== null && typeof (v as { then?: unknown }).then === "function";
}

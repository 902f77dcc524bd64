import * as z from "zod/mini";
import {
  DEFAULT_ROLE_NAME_SUFFIX,
  DEFAULT_UPSTREAM_REPOSITORY_PREFIX,
  MAX_USER_TAGS,
  OWNER_TAG_KEY,
  ROOT_PREFIX,
  TAG_VALUE_MAX_LENGTH,
} from "../constants";
import { parseJsonText } from "../jsonText";
import { iamNameStem } from "../names";
import type { Mode, ParseResult } from "./types";

// The types are written by hand in types.ts (the published declarations must not name zod's); kept here too.
export type { Config, ConfigInput, Mode, ParseResult, RepositoryTemplate } from "./types";

/** ECR's pattern for both prefixes of a pull-through cache rule (botocore `PullThroughCacheRuleRepositoryPrefix`). */
export const ECR_PREFIX_PATTERN =
  /^([a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*\/?|ROOT)$/;
/** Region names of the commercial, China and GovCloud partitions (docs/aws-facts.md, "Regions": PTC there UNCONFIRMED). */
export const REGION_PATTERN =
  /^((af|ap|ca|eu|il|me|mx|sa|us)-(central|north|south|east|west|northeast|northwest|southeast|southwest)|cn-(north|northwest)|us-gov-(east|west))-[1-9][0-9]?$/;
/** IAM `roleNameType`. */
export const ROLE_NAME_PATTERN = /^[\w+=,.@-]+$/;
/** IAM `pathType`: `/` or `/…/` of printable ASCII. */
export const ROLE_PATH_PATTERN = /^(\/|\/[\u0021-\u007E]+\/)$/;
/** IAM `tagKeyType` / `tagValueType` characters. */
export const TAG_KEY_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
export const TAG_VALUE_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export const MODES = ["enforce", "detect", "paused"] as const satisfies readonly Mode[];

const prefix = () =>
  z
    .string("must be a string")
    .check(
      z.minLength(2, "must be 2 to 30 characters"),
      z.maxLength(30, "must be 2 to 30 characters"),
      z.regex(
        ECR_PREFIX_PATTERN,
        "must be lowercase letters and digits separated by '.', '_', '__', '-' or single '/' (or ROOT)",
      ),
    );

const tags = z
  .record(
    z.string().check(
      z.minLength(1, "tag keys must be 1 to 128 characters"),
      z.maxLength(128, "tag keys must be 1 to 128 characters"),
      z.regex(TAG_KEY_PATTERN, "tag keys may contain only letters, digits, spaces and _ . : / = + - @"),
      z.refine(
        (k) => !k.toLowerCase().startsWith("aws:"),
        "tag keys starting with 'aws:' are reserved by AWS",
      ),
      z.refine(
        (k) => k.toLowerCase() !== OWNER_TAG_KEY,
        `tag key '${OWNER_TAG_KEY}' is reserved for the ownership tag (in any letter case)`,
      ),
    ),
    z
      .string("tag values must be strings")
      .check(
        z.maxLength(TAG_VALUE_MAX_LENGTH, `tag values must be at most ${TAG_VALUE_MAX_LENGTH} characters`),
        z.regex(TAG_VALUE_PATTERN, "tag values may contain only letters, digits, spaces and _ . : / = + - @"),
      ),
    "must be an object of string keys to string values",
  )
  .check(
    z.refine((t) => Object.keys(t).length <= MAX_USER_TAGS, {
      message: `at most ${MAX_USER_TAGS} tags (IAM allows 50 per role; one is the ownership tag)`,
    }),
    z.refine((t) => new Set(Object.keys(t).map((k) => k.toLowerCase())).size === Object.keys(t).length, {
      message: "tag keys must differ in more than letter case: IAM treats Team and team as one key",
    }),
  );

/** A field with a default and a description (for the JSON Schema). */
function withDefault<T extends z.core.SomeType>(
  schema: T,
  value: z.core.util.NoUndefined<z.core.output<T>>,
  description: string,
) {
  return z._default(schema, value).check(z.describe(description));
}

function optional<T extends z.core.SomeType>(schema: T, description: string) {
  return z.optional(schema).check(z.describe(description));
}

/** ARN of a KMS key (ECR's `kmsKey` for repository creation templates). */
export const KMS_KEY_ARN_PATTERN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key\/[A-Za-z0-9-]+$/;

/**
 * Settings for repositories the cache creates under its prefix (an ECR repository creation template applied
 * for PULL_THROUGH_CACHE). The lifecycle policy is built from the two simple settings.
 */
const repositoryTemplate = z
  .strictObject({
    imageTagMutability: withDefault(
      z.enum(["MUTABLE", "IMMUTABLE"], "must be MUTABLE or IMMUTABLE"),
      "MUTABLE",
      "Tag mutability of cached repositories.",
    ),
    expireUntaggedAfterDays: optional(
      z
        .int("must be a whole number of days")
        .check(z.gte(1, "must be 1 to 3650"), z.lte(3650, "must be 1 to 3650")),
      "Expire untagged images this many days after push.",
    ),
    keepLastImages: optional(
      z
        .int("must be a whole number")
        .check(z.gte(1, "must be 1 to 10000"), z.lte(10000, "must be 1 to 10000")),
      "Keep only this many most recent images.",
    ),
    encryption: z._default(z.enum(["AES256", "KMS"], "must be AES256 or KMS"), "AES256"),
    kmsKeyArn: z.optional(
      z.string("must be a string").check(z.regex(KMS_KEY_ARN_PATTERN, "must be a KMS key ARN")),
    ),
    resourceTags: withDefault(tags, {}, "Tags put on repositories the cache creates."),
  })
  .check(
    z.superRefine((t, ctx) => {
      if (t.encryption === "KMS" && t.kmsKeyArn === undefined) {
        ctx.addIssue({ code: "custom", path: ["kmsKeyArn"], message: "is required when encryption is KMS" });
      }
      if (t.encryption !== "KMS" && t.kmsKeyArn !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["kmsKeyArn"],
          message: "may be set only when encryption is KMS",
        });
      }
    }),
  );

/**
 * The config document (version 1) as it is written in the SSM parameter, before defaults.
 * Unknown keys are errors: a typo must never be silently ignored.
 *
 * Written with `zod/mini`: the same schema as classic zod, but tree-shakeable, which keeps the Lambda's cold
 * start close to that of the AWS SDK alone (see README, Performance).
 */
export const configInputSchema = z
  .strictObject({
    $schema: optional(z.string(), "Editor hint; ignored by the reconciler."),
    version: withDefault(z.literal(1, "must be 1"), 1, "Config document version."),
    mode: withDefault(
      z.enum(MODES, "must be one of enforce, detect, paused"),
      "enforce",
      "enforce: fix drift; detect: report only; paused: do nothing.",
    ),
    sourceRegistryAccountId: z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? "is required: Echo's 12-digit AWS account id"
            : "must be a string of 12 digits",
      })
      .check(
        z.regex(/^[0-9]{12}$/, "must be a 12-digit AWS account id"),
        z.describe("Echo's AWS account id (the upstream registry)."),
      ),
    sourceRegistryRegion: withDefault(
      z
        .string("must be a string")
        .check(z.regex(REGION_PATTERN, "must be an AWS Region name such as us-east-1")),
      "us-east-1",
      "Region of Echo's registry.",
    ),
    repositoryPrefix: withDefault(prefix(), "echo", "ECR repository prefix of the cache in this account."),
    upstreamRepositoryPrefix: withDefault(
      prefix(),
      DEFAULT_UPSTREAM_REPOSITORY_PREFIX,
      "Upstream repository prefix; ROOT means the whole registry.",
    ),
    roleName: optional(
      z
        .string("must be a string")
        .check(
          z.minLength(1, "must be 1 to 64 characters"),
          z.maxLength(64, "must be 1 to 64 characters"),
          z.regex(ROLE_NAME_PATTERN, "may contain only letters, digits and + = , . @ _ -"),
        ),
      "Name of the role ECR assumes; default <repositoryPrefix>-pullthrough-cache-role.",
    ),
    rolePath: withDefault(
      z
        .string("must be a string")
        .check(
          z.maxLength(512, "must be at most 512 characters"),
          z.regex(ROLE_PATH_PATTERN, "must be '/' or start and end with '/'"),
        ),
      "/",
      "IAM path of the role.",
    ),
    tags: withDefault(tags, {}, "Tags put on the role."),
    adopt: withDefault(
      z.boolean("must be true or false"),
      false,
      "Take over an existing role or rule of the same name that this reconciler did not create.",
    ),
    allowReplace: withDefault(
      z.boolean("must be true or false"),
      true,
      "Allow delete-then-create of the rule when a field ECR cannot update changes.",
    ),
    repositoryTemplate: optional(
      repositoryTemplate,
      "Settings for repositories the cache creates; removing the block removes the template.",
    ),
  })
  .check(
    z.superRefine((c, ctx) => {
      if (
        c.repositoryPrefix === ROOT_PREFIX &&
        c.upstreamRepositoryPrefix !== DEFAULT_UPSTREAM_REPOSITORY_PREFIX
      ) {
        ctx.addIssue({
          code: "custom",
          path: ["upstreamRepositoryPrefix"],
          message: "may be set only when repositoryPrefix is not ROOT",
        });
      }
    }),
  );

/**
 * Derives the seed's role name from a prefix: `echo` gives `echo-pullthrough-cache-role`, `team/a` gives
 * `team+a-pullthrough-cache-role` (see `iamNameStem`: two prefixes never share a role).
 */
export function defaultRoleName(repositoryPrefix: string): string {
  return `${iamNameStem(repositoryPrefix)}${DEFAULT_ROLE_NAME_SUFFIX}`;
}

/** The config with every default applied. */
export const configSchema = z.pipe(
  configInputSchema,
  z.transform(({ $schema: _ignored, ...c }) => ({
    ...c,
    roleName: c.roleName ?? defaultRoleName(c.repositoryPrefix),
  })),
);

/** zod's own view of the document's types; `types.ts` holds the same types by hand (and a test proves it). */
export type InferredConfigInput = z.input<typeof configInputSchema>;
export type InferredConfig = z.output<typeof configSchema>;

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.length === 0 ? "(root)" : path.map(String).join(".");
}

/**
 * Validates a config document and applies defaults. Pure: never throws.
 *
 * @returns the config, or every problem as `path: message`, sorted.
 * @example
 * const r = parseConfig({ version: 1, sourceRegistryAccountId: "123456789012" });
 * if (r.ok) console.log(r.config.roleName); // echo-pullthrough-cache-role
 */
export function parseConfig(json: unknown): ParseResult {
  const r = configSchema.safeParse(json);
  // zod skips a "__proto__" record key (it would set the prototype), which would lose the tag without a word.
  const rawTags = (json as { tags?: unknown } | null)?.tags;
  const protoTag = rawTags !== null && typeof rawTags === "object" && Object.hasOwn(rawTags, "__proto__");
  if (r.success && !protoTag) return { ok: true, config: r.data };
  const errors: string[] = protoTag ? ["tags.__proto__: '__proto__' cannot be used as a tag key"] : [];
  if (r.success) return { ok: false, errors };
  for (const issue of r.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const k of issue.keys) errors.push(`${formatPath([...issue.path, k])}: unknown field`);
    } else if (issue.code === "invalid_key") {
      // zod wraps a record key's own issue; surface its message.
      errors.push(`${formatPath(issue.path)}: ${issue.issues[0]?.message ?? issue.message}`);
    } else if (issue.code === "invalid_type" && issue.path.length === 0) {
      errors.push("(root): the config must be a JSON object");
    } else {
      errors.push(`${formatPath(issue.path)}: ${issue.message}`);
    }
  }
  return { ok: false, errors: [...new Set(errors)].sort() };
}

/**
 * Parses config text (the SSM value). A syntax error is reported like any other field error, with its line
 * and column; a leading byte order mark is accepted (uploading a file saved with one keeps it in the value).
 */
export function parseConfigText(text: string): ParseResult {
  const parsed = parseJsonText(text);
  if (!parsed.ok) {
    return {
      ok: false,
      errors: [`(root): not valid JSON at line ${parsed.line}, column ${parsed.column}: ${parsed.message}`],
    };
  }
  return parseConfig(parsed.value);
}

import * as z from "zod/mini";
import {
  DEFAULT_REPOSITORY_PREFIX,
  DEFAULT_ROLE_NAME_SUFFIX,
  DEFAULT_SOURCE_REGISTRY_REGION,
  DEFAULT_UPSTREAM_REPOSITORY_PREFIX,
  ROOT_PREFIX,
  TEMPLATE_ROLE_NAME_SUFFIX,
} from "../constants";
import { parseJsonText } from "../jsonText";
import { iamNameStem } from "../names";
import { optional, roleName, tags, withDefault } from "./fields";
import { repositoryTemplate } from "./repositoryTemplate";
import type { Mode, ParseResult } from "./types";

export { ROLE_NAME_PATTERN, TAG_KEY_PATTERN, TAG_VALUE_PATTERN } from "./fields";
export { KMS_KEY_ARN_PATTERN } from "./repositoryTemplate";

// The types are written by hand in types.ts (the published declarations must not name zod's); kept here too.
export type { Config, ConfigInput, Mode, ParseResult, RepositoryTemplate } from "./types";

/** ECR's pattern for both prefixes of a pull-through cache rule (botocore `PullThroughCacheRuleRepositoryPrefix`). */
export const ECR_PREFIX_PATTERN =
  /^([a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*\/?|ROOT)$/;
/** Region names of the commercial, China and GovCloud partitions (docs/aws-facts.md, "Regions": PTC there UNCONFIRMED). */
export const REGION_PATTERN =
  /^((af|ap|ca|eu|il|me|mx|sa|us)-(central|north|south|east|west|northeast|northwest|southeast|southwest)|cn-(north|northwest)|us-gov-(east|west))-[1-9][0-9]?$/;
/** IAM `pathType`: `/` or `/…/` of printable ASCII. */
export const ROLE_PATH_PATTERN = /^(\/|\/[\u0021-\u007E]+\/)$/;

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
      DEFAULT_SOURCE_REGISTRY_REGION,
      "Region of Echo's registry.",
    ),
    repositoryPrefix: withDefault(
      prefix(),
      DEFAULT_REPOSITORY_PREFIX,
      "ECR repository prefix of the cache in this account.",
    ),
    upstreamRepositoryPrefix: withDefault(
      prefix(),
      DEFAULT_UPSTREAM_REPOSITORY_PREFIX,
      "Upstream repository prefix; ROOT means the whole registry.",
    ),
    roleName: optional(
      roleName(),
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
      // Two roles of the reconciler: IAM role names are unique in the account, ignoring case.
      const pullRole = c.roleName ?? defaultRoleName(c.repositoryPrefix);
      const templateRole = c.repositoryTemplate?.roleName ?? defaultTemplateRoleName(c.repositoryPrefix);
      if (c.repositoryTemplate !== undefined && pullRole.toLowerCase() === templateRole.toLowerCase()) {
        ctx.addIssue({
          code: "custom",
          path: ["repositoryTemplate", "roleName"],
          message: `must differ from roleName ('${pullRole}'): the template's role is a role of its own (IAM role names are unique ignoring case)`,
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

/**
 * The name of the role ECR assumes to create the cache's repositories when the template needs one (KMS or
 * resource tags): `echo` gives `echo-pullthrough-template-role`; a `/` becomes `+` as in `defaultRoleName`.
 */
export function defaultTemplateRoleName(repositoryPrefix: string): string {
  return `${iamNameStem(repositoryPrefix)}${TEMPLATE_ROLE_NAME_SUFFIX}`;
}

/** The config with every default applied. */
export const configSchema = z.pipe(
  configInputSchema,
  z.transform(({ $schema: _ignored, repositoryTemplate: t, ...c }) => ({
    ...c,
    roleName: c.roleName ?? defaultRoleName(c.repositoryPrefix),
    ...(t !== undefined
      ? { repositoryTemplate: { ...t, roleName: t.roleName ?? defaultTemplateRoleName(c.repositoryPrefix) } }
      : {}),
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

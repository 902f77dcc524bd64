/**
 * Field schemas the config document's parts share: tags, IAM role names, and fields with a default or a
 * description (which the JSON Schema shows).
 */
import * as z from "zod/mini";
import { MAX_USER_TAGS, OWNER_TAG_KEY, TAG_VALUE_MAX_LENGTH } from "../constants";

/** IAM `roleNameType`. */
export const ROLE_NAME_PATTERN = /^[\w+=,.@-]+$/;
/** IAM `tagKeyType` / `tagValueType` characters. */
export const TAG_KEY_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
export const TAG_VALUE_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** An IAM role name: 1–64 of IAM's characters. */
export const roleName = () =>
  z
    .string("must be a string")
    .check(
      z.minLength(1, "must be 1 to 64 characters"),
      z.maxLength(64, "must be 1 to 64 characters"),
      z.regex(ROLE_NAME_PATTERN, "may contain only letters, digits and + = , . @ _ -"),
    );

export const tags = z
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
export function withDefault<T extends z.core.SomeType>(
  schema: T,
  value: z.core.util.NoUndefined<z.core.output<T>>,
  description: string,
) {
  return z._default(schema, value).check(z.describe(description));
}

export function optional<T extends z.core.SomeType>(schema: T, description: string) {
  return z.optional(schema).check(z.describe(description));
}

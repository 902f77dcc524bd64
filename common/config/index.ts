/**
 * The package's `./config` export: the config document's types and the reconciler's own validation, for
 * programs and tools that write the document themselves.
 *
 * Declared here with the hand-written types rather than re-exported from `schema.ts`, so the published
 * declarations of this entry name no zod type (`schema.d.ts` is not shipped).
 *
 * @example
 * import { parseConfig } from "@buildecho/pulumi-onboarding-providers-ecr-pullthrough-cache/config";
 *
 * const r = parseConfig({ version: 1, sourceRegistryAccountId: "123456789012" });
 * if (!r.ok) console.error(r.errors.join("\n")); // e.g. "repositoryPrefix: must be 2 to 30 characters"
 */
import { parseConfig as parseDocument, parseConfigText as parseDocumentText } from "./schema";
import type { ParseResult } from "./types";

export type {
  Config,
  ConfigInput,
  ImageTagMutability,
  Mode,
  ParseResult,
  RepositoryEncryption,
  RepositoryTemplate,
  RepositoryTemplateInput,
} from "./types";

/**
 * Validates a config document and applies the defaults, exactly as the reconciler does. Pure: never throws.
 *
 * @returns the config, or every problem as `path: message`, sorted.
 * @example
 * parseConfig({ sourceRegistryAccountId: "123456789012" }); // { ok: true, config: { roleName: "echo-pullthrough-cache-role", ... } }
 */
export function parseConfig(json: unknown): ParseResult {
  return parseDocument(json);
}

/**
 * Parses the document's text (an SSM value, a file) and validates it; a JSON syntax error is reported as a
 * problem like any other.
 *
 * @example
 * parseConfigText('{"sourceRegistryAccountId":"1"}'); // { ok: false, errors: ["sourceRegistryAccountId: must be a 12-digit AWS account id"] }
 */
export function parseConfigText(text: string): ParseResult {
  return parseDocumentText(text);
}

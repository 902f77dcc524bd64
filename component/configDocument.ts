import { createHash } from "node:crypto";
import type { ConfigInput } from "../common/config/types";
import { sortKeys } from "../common/json";
import { CONFIG_FIELDS } from "./argFields";
import { CONFIG_SCHEMA_REF } from "./constants";
import type { EcrPullThroughCacheArgValues } from "./types";

/**
 * The document the component writes to SSM: only the config fields the args set, with `version` and
 * `$schema`. Defaults stay out, so the Lambda derives them from what is there: a prefix edited in SSM then
 * renames the default role with it, instead of keeping a role name pinned by the first deployment.
 *
 * @example
 * configDocument({ sourceRegistryAccountId: "123456789012" });
 * // { $schema: "./node_modules/.../config.schema.json", version: 1, sourceRegistryAccountId: "123456789012" }
 */
export function configDocument(args: EcrPullThroughCacheArgValues): ConfigInput {
  const set = CONFIG_FIELDS.filter((f) => args[f] !== undefined).map((f) => [f, args[f]]);
  return { $schema: CONFIG_SCHEMA_REF, version: 1, ...Object.fromEntries(set) } as ConfigInput;
}

/**
 * The SSM parameter's value: the document with its keys sorted, so the same args always give the same
 * text, indented for people who edit it.
 *
 * @example
 * configParameterValue({ version: 1, sourceRegistryAccountId: "123456789012" });
 * // '{\n  "sourceRegistryAccountId": "123456789012",\n  "version": 1\n}'
 */
export function configParameterValue(document: ConfigInput): string {
  return JSON.stringify(sortKeys(document), null, 2);
}

/**
 * sha256 (hex) of the parameter value. Put in the custom resource's input when Pulumi owns the
 * config, so a config change re-runs the reconciler at deploy time.
 */
export function configHash(parameterValue: string): string {
  return createHash("sha256").update(parameterValue).digest("hex");
}

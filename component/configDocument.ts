import { createHash } from "node:crypto";
import type { Config } from "../common/config/schema";
import { sortKeys } from "../common/json";

/**
 * The SSM parameter's value: the config as the schema produced it (defaults applied, `version: 1`),
 * keys sorted so the same args always give the same text, indented for people who edit it.
 *
 * @example
 * configParameterValue(validateArgs({ sourceRegistryAccountId: "123456789012" }).config);
 * // '{\n  "adopt": false,\n  "allowReplace": true, ...'
 */
export function configParameterValue(config: Config): string {
  return JSON.stringify(sortKeys(config), null, 2);
}

/**
 * sha256 (hex) of the parameter value. Put in the custom resource's input when Pulumi owns the
 * config, so a config change re-runs the reconciler at deploy time.
 */
export function configHash(config: Config): string {
  return createHash("sha256").update(configParameterValue(config)).digest("hex");
}

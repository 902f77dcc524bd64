import { parseConfigText } from "../common/config/schema";
import type { Config } from "../common/config/types";
import { sortKeys } from "../common/json";

/** How the args compare with the document in SSM: the fields whose values differ, or an invalid document. */
export type ConfigDrift =
  | { readonly invalid: false; readonly fields: readonly string[] }
  | { readonly invalid: true };

/**
 * The config fields whose values, defaults applied, differ between the args and the document in SSM. By
 * meaning, not text: key order, indentation and a default spelled out or left out make no difference.
 *
 * @example
 * configDrift(argsConfig, '{"version":1,"sourceRegistryAccountId":"123456789012","repositoryPrefix":"team"}');
 * // { invalid: false, fields: ["repositoryPrefix", "roleName"] } when the args say prefix "echo"
 */
export function configDrift(args: Config, stored: string): ConfigDrift {
  const parsed = parseConfigText(stored);
  if (!parsed.ok) return { invalid: true };
  const keys = [...new Set([...Object.keys(args), ...Object.keys(parsed.config)])].sort();
  const text = (c: Config, k: string) =>
    JSON.stringify(sortKeys((c as unknown as Record<string, unknown>)[k]));
  return { invalid: false, fields: keys.filter((k) => text(args, k) !== text(parsed.config, k)) };
}

/**
 * The warning `pulumi up` prints when the args would change the config but SSM owns it, or undefined when
 * they agree.
 */
export function configDriftWarning(p: {
  readonly name: string;
  readonly parameterName: string;
  readonly drift: ConfigDrift;
}): string | undefined {
  const intro = `EcrPullThroughCache '${p.name}': with configSource "ssm" the document in ${p.parameterName} wins`;
  if (p.drift.invalid) {
    return (
      `${intro}, and it does not validate, so the reconciler changes nothing (INVALID_CONFIG) and the args do ` +
      "not replace it. Fix the document in SSM (check it with `npx echo-ptc validate`)."
    );
  }
  if (p.drift.fields.length === 0) return undefined;
  return (
    `${intro}: the args differ from it in ${p.drift.fields.join(", ")}, and these changes are not applied. ` +
    'Edit the parameter instead (usageInstructions shows how), or set configSource: "pulumi" to make the ' +
    "program own the config."
  );
}

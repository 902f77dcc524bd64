import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Whether a pulumi-aws resource type takes `tags`, read from the provider's own typings (the `<Name>Args`
 * interface of `@pulumi/aws/<module>/<resource>.d.ts`), so the answer is the provider's, not ours.
 *
 * @example
 * takesTags("aws:ssm/parameter:Parameter"); // true
 * takesTags("aws:cloudwatch/dashboard:Dashboard"); // false
 */
export function takesTags(type: string): boolean {
  const m = /^aws:(\w+)\/(\w+):(\w+)$/.exec(type);
  if (!m) throw new Error(`not a pulumi-aws type token: ${type}`);
  const [, module, file, name] = m;
  const typings = readFileSync(
    join(require.resolve("@pulumi/aws"), "..", module as string, `${file}.d.ts`),
    "utf8",
  );
  const args = typings.slice(typings.indexOf(`export interface ${name}Args {`));
  return /^ {4}tags\?:/m.test(args.slice(0, args.indexOf("\n}")));
}

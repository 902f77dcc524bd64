/**
 * Prints the JSON Schema of the config document, for editors, to stdout. `config.schema.json` at the repository
 * root is its output; `test/core/jsonSchema.test.ts` fails when the two differ.
 *
 * @example
 * npx esbuild scripts/write-schema.ts --bundle --platform=node --log-level=warning | node > config.schema.json
 */
import { configJsonSchema } from "../common/config/jsonSchema";

process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);

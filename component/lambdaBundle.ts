import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { LAMBDA_BUNDLE_PATH, PACKAGE_NAME } from "./constants";

/** The `name` and `version` of the package.json in `dir`, when there is a readable one. */
function packageJson(dir: string): { name?: unknown; version?: unknown } | undefined {
  const file = path.join(dir, "package.json");
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as { name?: unknown; version?: unknown };
  } catch {
    return undefined;
  }
}

function packageName(dir: string): string | undefined {
  const name = packageJson(dir)?.name;
  return typeof name === "string" ? name : undefined;
}

/**
 * The root of this package: the nearest directory at or above `from` whose package.json is ours.
 * Works from the TypeScript sources (`component/`, under jest) and from the published build
 * (`dist/lib/component/`), wherever node_modules puts the package.
 *
 * @throws Error when no ancestor holds our package.json (the package is broken or was bundled).
 * @example
 * packageRoot(__dirname); // "/work/main" or ".../node_modules/@buildecho/pulumi-...-cache"
 */
export function packageRoot(from: string = __dirname): string {
  let dir = path.resolve(from);
  for (;;) {
    if (packageName(dir) === PACKAGE_NAME) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the package root of ${PACKAGE_NAME} above ${from}`);
    dir = parent;
  }
}

/**
 * Absolute path of the Lambda bundle (`dist/lambda/index.js`, built by `npm run build`). Not checked
 * for existence here: Pulumi reads it when it hashes the code, and its error names this path.
 */
export function lambdaBundlePath(from: string = __dirname): string {
  return path.join(packageRoot(from), ...LAMBDA_BUNDLE_PATH);
}

/**
 * This package's version (its package.json's `version`): part of the custom resource's input, so that an
 * upgrade of the package runs the reconciler once on the next `pulumi up`.
 *
 * @example
 * packageVersion(); // "2.0.0"
 */
export function packageVersion(from: string = __dirname): string {
  const version = packageJson(packageRoot(from))?.version;
  if (typeof version !== "string") throw new Error(`the package.json of ${PACKAGE_NAME} has no version`);
  return version;
}

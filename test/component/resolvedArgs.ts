import type { EcrPullThroughCacheArgValues, ResolvedArgs } from "../../component/types";
import { validateArgs } from "../../component/validateArgs";

/** The resolved args of args a test knows to be valid; fails the test with the errors otherwise. */
export function resolvedArgs(args: EcrPullThroughCacheArgValues, name?: string): ResolvedArgs {
  const result = validateArgs(args, name);
  if (!result.ok) throw new Error(`a test's args are invalid:\n${result.errors.join("\n")}`);
  return result.resolved;
}

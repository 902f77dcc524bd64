/**
 * Thrown by the component's constructor, from the errors `validateArgs` returns, before any resource is
 * registered. `errors` holds every problem as `path: message`, sorted.
 */
export class EcrPullThroughCacheArgsError extends Error {
  public readonly errors: readonly string[];

  public constructor(errors: readonly string[]) {
    super(`Invalid EcrPullThroughCache arguments:\n${errors.map((e) => `  - ${e}`).join("\n")}`);
    this.name = "EcrPullThroughCacheArgsError";
    this.errors = errors;
  }
}

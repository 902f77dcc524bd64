import * as pulumi from "@pulumi/pulumi";

/**
 * Invalid arguments of one component instance. `errors` holds every problem as `path: message`, sorted.
 *
 * Thrown by the constructor for values known when the program runs, before any resource is registered; for
 * an Output, the value it resolves to is checked then, and this error fails the resources that consume it,
 * attached to the component (a `pulumi.ResourceError`, which Pulumi reports without a stack trace).
 *
 * @example
 * try { new EcrPullThroughCache("echo-cache", { sourceRegistryAccountId: "1" }); }
 * catch (e) { if (e instanceof EcrPullThroughCacheArgsError) console.error(e.componentName, e.errors); }
 */
export class EcrPullThroughCacheArgsError extends pulumi.ResourceError {
  /** The name the component was given (its Pulumi logical name). */
  public readonly componentName: string;
  public readonly errors: readonly string[];

  /**
   * @param kind the component's class, as the message names it (`EcrPullThroughCacheFleet` for the fleet's
   *   subclass).
   */
  public constructor(
    componentName: string,
    errors: readonly string[],
    component?: pulumi.Resource,
    kind = "EcrPullThroughCache",
  ) {
    super(
      `Invalid arguments of ${kind} '${componentName}':\n${errors.map((e) => `  - ${e}`).join("\n")}`,
      component,
      true,
    );
    this.name = "EcrPullThroughCacheArgsError";
    this.componentName = componentName;
    this.errors = errors;
    // When an Output fails an input, Pulumi prefixes `error serializing property "<key>": ` to the message of
    // the very error (to keep its identity, by which it reports an error once), and does so again for every
    // resource that consumed the value. Our message already names the field and the component: keep it.
    const message = this.message;
    Object.defineProperty(this, "message", { get: () => message, set: () => {}, enumerable: false });
  }
}

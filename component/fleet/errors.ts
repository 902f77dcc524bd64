import type * as pulumi from "@pulumi/pulumi";
import { EcrPullThroughCacheArgsError } from "../errors";

/**
 * Invalid arguments of a fleet: thrown by its constructor before any resource is registered, every problem
 * named where it was written (`targets[2].regions[1]: "us-east-9" is not a Region ECR pull-through cache
 * supports`). An {@link EcrPullThroughCacheArgsError}, which the package main exports: one `instanceof` catches a
 * cache's and a fleet's (this class is not exported; its `name` tells them apart).
 *
 * @example
 * try { new EcrPullThroughCacheFleet("platform", args); }
 * catch (e) { if (e instanceof EcrPullThroughCacheArgsError) console.error(e.name, e.errors); }
 */
export class EcrPullThroughCacheFleetArgsError extends EcrPullThroughCacheArgsError {
  public constructor(fleetName: string, errors: readonly string[], component?: pulumi.Resource) {
    super(fleetName, errors, component, "EcrPullThroughCacheFleet");
    this.name = "EcrPullThroughCacheFleetArgsError";
  }
}

/**
 * One fleet built under the Pulumi mocks of `pulumiHarness`, with everything it registered (the fleet, its
 * providers, its caches and their children, its view): what the fleet's tests assert on and what
 * `npm run bench` prices. No jest here, so the bench can run it.
 */
import { EcrPullThroughCacheFleet, type EcrPullThroughCacheFleetArgs } from "../../../component";
import { type Harness, promiseOf, type RecordedResource } from "../pulumiHarness";

export interface BuiltFleet {
  readonly fleet: EcrPullThroughCacheFleet;
  readonly urn: string;
  /** Every resource registered under the fleet, itself included. */
  readonly all: RecordedResource[];
  many(type: string): RecordedResource[];
  /** The resources whose parent chain reaches `urn` (the descendants of a cache, say). */
  under(urn: string): RecordedResource[];
}

/** Constructs the fleet and waits until everything under it is registered. */
export async function buildFleet(
  harness: Harness,
  name: string,
  args: EcrPullThroughCacheFleetArgs,
): Promise<BuiltFleet> {
  const fleet = new EcrPullThroughCacheFleet(name, args);
  const urn = await promiseOf(fleet.urn);
  await promiseOf(fleet.summary);
  await harness.settle();
  const byUrn = new Map(harness.resources.map((r) => [r.urn, r]));
  const reaches = (r: RecordedResource, ancestor: string): boolean => {
    for (let at: RecordedResource | undefined = r; at; at = byUrn.get(at.parent)) {
      if (at.parent === ancestor) return true;
    }
    return false;
  };
  const all = harness.resources.filter((r) => r.urn === urn || reaches(r, urn));
  return {
    fleet,
    urn,
    all,
    many: (type) => all.filter((r) => r.type === type),
    under: (ancestor) => all.filter((r) => reaches(r, ancestor)),
  };
}

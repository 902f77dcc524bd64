/**
 * The resources the component registers, from the component itself under the Pulumi mocks the component
 * tests use (test/component/pulumiHarness.ts): what the bench prices is what `pulumi up` would create. The
 * same for a fleet of them (test/component/fleet/builtFleet.ts).
 */
import type { EcrPullThroughCacheFleetArgs } from "../component/fleet/types";
import type { EcrPullThroughCacheArgs } from "../component/types";
import { buildComponent, physical } from "../test/component/builtComponent";
import { buildFleet } from "../test/component/fleet/builtFleet";
import {
  type Harness,
  installHarness,
  type RecordedResource,
  type Where,
} from "../test/component/pulumiHarness";

let harness: Promise<Harness> | undefined;

/** The registered resources, and where each is: its provider's account and Region. */
export interface Registered {
  readonly resources: RecordedResource[];
  readonly placeOf: (r: RecordedResource) => Where;
}

/** What one build registered under a fresh harness, with each resource's place from its provider. */
async function registered(build: (h: Harness) => Promise<{ all: RecordedResource[] }>): Promise<Registered> {
  harness ??= installHarness();
  const h = await harness;
  h.reset();
  const { all } = await build(h);
  return { resources: all, placeOf: (r) => h.whereOf(r.provider) };
}

/** Every resource one component with these args registers, itself included. */
export function registeredResources(args: EcrPullThroughCacheArgs, name = "echo-cache"): Promise<Registered> {
  return registered((h) => buildComponent(h, name, args));
}

/** Every resource a fleet with these args registers: its providers, caches, their children and its view. */
export function registeredFleet(args: EcrPullThroughCacheFleetArgs, name = "fleet"): Promise<Registered> {
  return registered((h) => buildFleet(h, name, args));
}

export { physical as physicalName };

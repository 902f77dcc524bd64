/**
 * The resources the component registers, from the component itself under the Pulumi mocks the component
 * tests use (test/component/pulumiHarness.ts): what the bench prices is what `pulumi up` would create.
 */
import type { EcrPullThroughCacheArgs } from "../component/types";
import { buildComponent, physical } from "../test/component/builtComponent";
import { type Harness, installHarness, type RecordedResource } from "../test/component/pulumiHarness";

let harness: Promise<Harness> | undefined;

/** Every resource one component with these args registers, itself included. */
export async function registeredResources(
  args: EcrPullThroughCacheArgs,
  name = "echo-cache",
): Promise<RecordedResource[]> {
  harness ??= installHarness();
  const h = await harness;
  h.reset();
  return (await buildComponent(h, name, args)).all;
}

export { physical as physicalName };

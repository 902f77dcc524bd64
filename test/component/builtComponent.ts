/**
 * One component built under the Pulumi mocks of `pulumiHarness`, with what it registered: what the
 * component's tests assert on and what `npm run bench` prices. No jest here, so the bench can run it.
 */
import { EcrPullThroughCache, type EcrPullThroughCacheArgs } from "../../component";
import { autoname, type Harness, promiseOf, type RecordedResource } from "./pulumiHarness";

export interface Built {
  readonly component: EcrPullThroughCache;
  readonly urn: string;
  /** Every resource registered for this component, itself included. */
  readonly all: RecordedResource[];
  /** The component's children. */
  readonly children: RecordedResource[];
  one(type: string, name?: string): RecordedResource;
  many(type: string): RecordedResource[];
}

/**
 * Constructs the component and waits until all of its children are registered.
 *
 * @example
 * const built = await buildComponent(await installHarness(), "echo-cache", { sourceRegistryAccountId: "123456789012" });
 * built.many("aws:cloudwatch/metricAlarm:MetricAlarm");
 */
export async function buildComponent(
  harness: Harness,
  name: string,
  args: EcrPullThroughCacheArgs,
): Promise<Built> {
  const component = new EcrPullThroughCache(name, args);
  const urn = await promiseOf(component.urn);
  await promiseOf(component.usageInstructions);
  await harness.settle();
  const all = harness.resources.filter((r) => r.urn === urn || r.parent === urn);
  const children = all.filter((r) => r.urn !== urn);
  const many = (type: string) => children.filter((r) => r.type === type);
  return {
    component,
    urn,
    all,
    children,
    many,
    one(type, childName) {
      const found = many(type).filter((r) => childName === undefined || r.name === childName);
      if (found.length !== 1)
        throw new Error(`expected one ${type} ${childName ?? ""}, found ${found.length}`);
      return found[0] as RecordedResource;
    },
  };
}

/** The physical name a resource got: its own name input, or the mocks' deterministic autoname. */
export const physical = (r: RecordedResource): string =>
  r.inputs.name ?? r.inputs.dashboardName ?? autoname(r.name);

import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { InstanceIdentity } from "../naming";
import type { ResolvedInputs } from "../resolvedInputs";

/** What every builder knows about the component instance it builds for. */
export interface BuildContext {
  /** The component's name: every child's logical name is derived from it. */
  readonly name: string;
  /** The args, validated: plain where they shape the resources, Outputs elsewhere. */
  readonly resolved: ResolvedInputs;
  readonly identity: InstanceIdentity;
  /** `<project>/<stack>/<name>`: the ownership tag's value on what the reconciler makes. */
  readonly ownerId: string;
  /** `{ parent: component }`, in every child's options. */
  readonly opts: { readonly parent: pulumi.Resource };
}

/** The account, partition and Region the component deploys into, looked up once. */
export interface Account {
  readonly partition: pulumi.Output<aws.GetPartitionResult>;
  readonly accountId: pulumi.Output<string>;
  readonly region: pulumi.Output<string>;
}

/**
 * Looks up the deploying account, its partition and Region (provider invokes, parented to the component).
 *
 * @example
 * const account = lookUpAccount({ parent: this });
 * account.accountId; // Output<"111111111111">
 */
export function lookUpAccount(opts: BuildContext["opts"]): Account {
  const partition = aws.getPartitionOutput({}, opts);
  const caller = aws.getCallerIdentityOutput({}, opts);
  const region = aws.getRegionOutput({}, opts);
  return { partition, accountId: caller.accountId, region: region.region };
}

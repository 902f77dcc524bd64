/**
 * What Echo is sent for a fleet: one statement per Echo registry (account and Region) the fleet's caches pull
 * from, granting every account of the fleet that uses it. The statement is the single cache's
 * (`common/upstreamGrant.ts`) with all the accounts as principals.
 */
import { partitionOf } from "../../common/names";
import type { PolicyStatement } from "../../common/policyDocument";
import { regionCode } from "../../common/regions";
import { upstreamGrantStatement } from "../../common/upstreamGrant";

/** One cache's account and the Echo registry it pulls from. */
export interface GrantedCache {
  readonly accountId: string;
  readonly sourceRegistryAccountId: string;
  readonly sourceRegistryRegion: string;
}

/**
 * The statements Echo adds to its registry policies, one per registry, sorted by Echo account then Region.
 * Each `Sid` is the fleet's name and the registry's Region code, letters and digits only (IAM's `Sid`).
 *
 * @example
 * fleetUpstreamGrant("platform", [{ accountId: "111111111111", sourceRegistryAccountId: "123456789012",
 *   sourceRegistryRegion: "us-east-1" }])[0]?.Sid; // "AllowPullThroughCacheFleetplatformuse1"
 */
export function fleetUpstreamGrant(fleet: string, caches: readonly GrantedCache[]): PolicyStatement[] {
  const registries = new Map<string, { echo: string; region: string; accounts: string[] }>();
  for (const c of caches) {
    const key = `${c.sourceRegistryAccountId}/${c.sourceRegistryRegion}`;
    const entry = registries.get(key) ?? {
      echo: c.sourceRegistryAccountId,
      region: c.sourceRegistryRegion,
      accounts: [],
    };
    entry.accounts.push(c.accountId);
    registries.set(key, entry);
  }
  const name = fleet.replace(/[^A-Za-z0-9]/g, "");
  return [...registries.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, r]) =>
      upstreamGrantStatement({
        partition: partitionOf(r.region),
        accountIds: r.accounts,
        sourceRegistryAccountId: r.echo,
        sourceRegistryRegion: r.region,
        sid: `AllowPullThroughCacheFleet${name}${regionCode(r.region)}`,
      }),
    );
}

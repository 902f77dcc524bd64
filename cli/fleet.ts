/**
 * A fleet on a simulated world: one reconciler per account×Region, configured as `EcrPullThroughCacheFleet`
 * configures its caches (the same names: `component/fleet/naming.ts`), each run through the real handler on
 * its own account's Region. The fleet view is what the monitoring account's dashboard draws: per account×Region
 * the status, `Unhealthy` and what drifted, from the runs' reports.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { CUSTOM_RESOURCE_SOURCE, ENV } from "../common/constants";
import type { Report } from "../common/types";
import { configDocument, configParameterValue } from "../component/configDocument";
import { SCHEDULE_INPUT } from "../component/constants";
import { cacheName, regionalArgs } from "../component/fleet/naming";
import { configParameterName, functionName, type InstanceIdentity, ownerId } from "../component/naming";
import type { EcrPullThroughCacheArgValues } from "../component/types";
import { createHandler, type Handler } from "../reconciler/handler";
import { CustomResourceFailedError } from "../reconciler/handler/run";
import { unhealthyCauses, unhealthyValue } from "../reconciler/handler/telemetry";
import { createSimulatedClients, type SimulatedAccount, type SimulatedWorld } from "../sim";
import { table } from "./format";

/** One account×Region's reconciler on the simulated world. */
export interface SimulatedCache {
  readonly accountId: string;
  readonly region: string;
  /** The cache's component name, `<fleet>-<account>-<Region code>`. */
  readonly name: string;
  /** The role ECR assumes there: the Region's, as the fleet names it. */
  readonly roleName: string;
  readonly configParameterName: string;
  /** The reconciler function's name, as the component names it. */
  readonly functionName: string;
  readonly account: SimulatedAccount;
  /**
   * Runs the handler once with this event, as Lambda would in that account and Region. A deploy-time run the
   * handler throws for (a conflict fails `pulumi up`) gives its report too.
   */
  run(event: unknown): Promise<Report>;
}

/** One row of the fleet view: a cache's last run. */
export interface FleetRow {
  readonly cache: SimulatedCache;
  readonly report: Report;
  /** The run's `Unhealthy`, as the handler emits it (0: nothing sent). */
  readonly unhealthy: number;
  readonly causes: string;
}

export interface SimulatedFleetOptions {
  readonly fleet: string;
  readonly echoAccountId: string;
  readonly targets: readonly { readonly accountId: string; readonly regions: readonly string[] }[];
  /** The Pulumi project and stack the caches' names derive from. */
  readonly project?: string;
  readonly stack?: string;
  /** The role name every cache is configured with, instead of the Region's (to show why the fleet names one per Region). */
  readonly sameRoleName?: string;
  /** The fleet's cache args beyond Echo's account (a repository template, say), plain values. */
  readonly args?: Omit<EcrPullThroughCacheArgValues, "sourceRegistryAccountId">;
}

function simulatedCache(
  world: SimulatedWorld,
  o: SimulatedFleetOptions,
  accountId: string,
  region: string,
): SimulatedCache {
  const name = cacheName(o.fleet, accountId, region);
  const identity: InstanceIdentity = { project: o.project ?? "demo", stack: o.stack ?? "dev", name };
  const parameter = configParameterName(identity);
  const account = world.account(accountId, region);
  // The document the fleet's component writes for this account×Region: its args, the Region's role names.
  const values = regionalArgs({ ...o.args, sourceRegistryAccountId: o.echoAccountId }, region);
  const roleName = o.sameRoleName ?? (values.roleName as string);
  account.seed("ssm", "PutParameter", {
    Name: parameter,
    Value: configParameterValue(configDocument({ ...values, roleName })),
    Type: "String",
    Overwrite: true,
  });
  const handler: Handler = createHandler({
    clients: () => createSimulatedClients(account, { backoffMs: () => 0 }),
    logger: new Logger({ logLevel: "SILENT" }),
    metrics: new Metrics({ namespace: "Fleet", serviceName: "fleet" }),
    env: { [ENV.configParameterName]: parameter, [ENV.ownerId]: ownerId(identity), [ENV.cacheName]: name },
    sleep: async () => {},
  });
  const fn = functionName(identity);
  const context = {
    invokedFunctionArn: `arn:aws:lambda:${region}:${accountId}:function:${fn}`,
    functionName: fn,
    getRemainingTimeInMillis: () => 300_000,
  };
  const run = async (event: unknown) => {
    try {
      return await handler(event, context);
    } catch (e) {
      if (e instanceof CustomResourceFailedError) return e.report;
      throw e;
    }
  };
  return {
    accountId,
    region,
    name,
    roleName,
    configParameterName: parameter,
    functionName: fn,
    account,
    run,
  };
}

/** The custom resource's create: what `pulumi up` runs in each cache. */
export function deployEvent(cache: SimulatedCache): unknown {
  return {
    tf: { action: "create", prev_input: null },
    source: CUSTOM_RESOURCE_SOURCE,
    deletionPolicy: "delete",
    deploymentId: `arn:aws:lambda:${cache.region}:${cache.accountId}:function:${cache.functionName}`,
  };
}

/**
 * The fleet's caches on the world (their configs seeded as the component writes them), in the order written.
 *
 * @example
 * const caches = simulatedFleet(new SimulatedWorld(), { fleet: "demo", echoAccountId, targets });
 * await runEverywhere(caches, deployEvent);
 */
export function simulatedFleet(world: SimulatedWorld, o: SimulatedFleetOptions): SimulatedCache[] {
  return o.targets.flatMap((t) => t.regions.map((region) => simulatedCache(world, o, t.accountId, region)));
}

/**
 * One run of every cache at once, as the schedule starts them in every account and Region: their calls
 * interleave on the world (deterministically, with the world's `interleave`).
 */
export async function runEverywhere(
  caches: readonly SimulatedCache[],
  event: (cache: SimulatedCache) => unknown = () => SCHEDULE_INPUT,
): Promise<FleetRow[]> {
  const reports = await Promise.all(caches.map((c) => c.run(event(c))));
  return caches.map((cache, i) => {
    const report = reports[i] as Report;
    const deploy = (event(cache) as { source?: string }).source === CUSTOM_RESOURCE_SOURCE;
    const causes = unhealthyCauses(report, deploy);
    const told = Object.entries(causes)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k}=${n}`);
    return { cache, report, unhealthy: unhealthyValue(causes), causes: told.join(",") || "-" };
  });
}

/** The fleet view as a table: per account×Region the status, `Unhealthy`, its causes, writes and what was not in sync. */
export function fleetTable(rows: readonly FleetRow[]): string {
  const drift = (r: Report) =>
    r.resources
      .filter((x) => x.status !== "IN_SYNC")
      .map((x) => `${x.type.replace(/^AWS::\w+::/, "")} ${x.id} ${x.status}`)
      .join("; ") || "-";
  return table([
    ["account", "Region", "cache", "status", "Unhealthy", "causes", "writes", "not in sync"],
    ...rows.map((r) => [
      r.cache.accountId,
      r.cache.region,
      r.cache.name,
      r.report.status,
      String(r.unhealthy),
      r.causes,
      String(r.report.writes),
      drift(r.report),
    ]),
  ]).join("\n");
}

/**
 * The fleet alarm of each Region as the monitoring account evaluates it: the largest `Unhealthy` of the
 * Region's caches, ALARM at 1 or more (no datapoint is OK: a healthy cache sends none).
 *
 * @example
 * fleetAlarms(rows); // "eu-west-1 ALARM (largest Unhealthy 1)  us-east-1 OK"
 */
export function fleetAlarms(rows: readonly FleetRow[]): string {
  const regions = [...new Set(rows.map((r) => r.cache.region))].sort();
  return regions
    .map((region) => {
      const largest = Math.max(...rows.filter((r) => r.cache.region === region).map((r) => r.unhealthy));
      return largest >= 1 ? `${region} ALARM (largest Unhealthy ${largest})` : `${region} OK`;
    })
    .join("  ");
}

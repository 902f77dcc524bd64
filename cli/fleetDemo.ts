/**
 * The demo's fleet chapter: two accounts in two Regions on a simulated world, deployed as
 * `EcrPullThroughCacheFleet` would, one drift made in one account×Region, and the fleet view the monitoring
 * account shows, as tables.
 */
import { SimulatedWorld, seededRandom } from "../sim";
import { deployEvent, type FleetRow, fleetAlarms, fleetTable, runEverywhere, simulatedFleet } from "./fleet";

/** The demo fleet: two member accounts, each in eu-west-1 and us-east-1. */
export const FLEET_DEMO = {
  fleet: "demo",
  echoAccountId: "123456789012",
  targets: [
    { accountId: "111122223333", regions: ["eu-west-1", "us-east-1"] },
    { accountId: "444455556666", regions: ["eu-west-1", "us-east-1"] },
  ],
} as const;

export interface FleetStep {
  readonly title: string;
  readonly rows: readonly FleetRow[];
}

/**
 * Deploy every cache, a scheduled round (in sync, no writes), AdministratorAccess attached to one Region's role
 * of the second account, a round that finds and fixes it there alone, and a last round in sync everywhere.
 */
export async function runFleetDemo(emit: (step: FleetStep) => void): Promise<void> {
  const world = new SimulatedWorld({ interleave: { random: seededRandom(7) } });
  const caches = simulatedFleet(world, FLEET_DEMO);
  emit({
    title:
      "9. Fleet: pulumi up of EcrPullThroughCacheFleet, 2 accounts × 2 Regions, each cache on its own provider",
    rows: await runEverywhere(caches, deployEvent),
  });
  emit({
    title: "10. the schedule runs in every account and Region: in sync, zero writes",
    rows: await runEverywhere(caches),
  });
  const drifted = caches.find(
    (c) => c.accountId === FLEET_DEMO.targets[1].accountId && c.region === "eu-west-1",
  );
  if (!drifted) throw new Error("the demo fleet has no second account in eu-west-1");
  drifted.account.seed("iam", "AttachRolePolicy", {
    RoleName: drifted.roleName,
    PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
  });
  emit({
    title: `11. someone attaches AdministratorAccess to ${drifted.roleName} in ${drifted.accountId}: the fleet view shows it in that account×Region alone, fixed`,
    rows: await runEverywhere(caches),
  });
  emit({
    title: "12. the next round: in sync everywhere, zero writes; the other Region's role was never touched",
    rows: await runEverywhere(caches),
  });
}

/** The chapter as text: each step's title and fleet table. */
export function formatFleetStep(step: FleetStep): string {
  return `\n== ${step.title}\n${fleetTable(step.rows)}\nfleet alarm  ${fleetAlarms(step.rows)}\n`;
}

/**
 * The fleets the fleet's tests build: two accounts in two Regions and the monitoring account as a target in
 * one of them, under the Pulumi mocks.
 */
import type { EcrPullThroughCacheFleetArgs } from "../../../component";
import { type Harness, installHarness } from "../pulumiHarness";
import { type BuiltFleet, buildFleet } from "./builtFleet";

export const ECHO = "123456789012";
export const A = "111111111111";
export const B = "222222222222";
export const MONITORING = "999999999999";
export const TOPIC = `arn:aws:sns:eu-west-1:${MONITORING}:fleet-alerts`;
/** The fleet alarms' topic in us-east-1: an alarm takes only actions of its own Region. */
export const TOPIC_US = `arn:aws:sns:us-east-1:${MONITORING}:fleet-alerts`;

/** Two accounts in eu-west-1 and us-east-1, the monitoring account in eu-west-1 too. */
export const FLEET: EcrPullThroughCacheFleetArgs = {
  sourceRegistryAccountId: ECHO,
  tags: { team: "platform" },
  targets: [
    { accountId: A, regions: ["eu-west-1", "us-east-1"] },
    { accountId: B, regions: ["us-east-1", "eu-west-1"], repositoryPrefix: "hardened" },
    { accountId: MONITORING, regions: ["eu-west-1"] },
  ],
  monitoringAccount: { accountId: MONITORING, region: "eu-west-1", alarmActions: [TOPIC, TOPIC_US] },
};

export interface FleetFixture {
  readonly harness: Harness;
  build(name: string, args: EcrPullThroughCacheFleetArgs): Promise<BuiltFleet>;
}

/** Installs the Pulumi mocks for this test file (call at the top level of the file). */
export function fleetFixture(): FleetFixture {
  let installed: Harness | undefined;
  beforeAll(async () => {
    installed = await installHarness();
  });
  beforeEach(() => installed?.reset());
  const harness = (): Harness => {
    if (installed === undefined) throw new Error("the Pulumi mocks are installed in beforeAll");
    return installed;
  };
  return {
    get harness() {
      return harness();
    },
    build: (name, args) => buildFleet(harness(), name, args),
  };
}

/** What the SSM tests of the simulated account share. */
import { createSimulatedClients, SimulatedAccount } from "../../../sim";
import { testClock } from "../helpers";

export const SSM_ACCOUNT = "444455556666";
export const FIRST = new Date("2026-05-01T00:00:00.000Z");
export const SECOND = new Date("2026-05-01T00:15:00.000Z");

/** An account in eu-west-1 at {@link FIRST}; `advanceClock` moves to {@link SECOND}. */
export function setup() {
  const clock = testClock(FIRST);
  const account = new SimulatedAccount({ accountId: SSM_ACCOUNT, region: "eu-west-1", clock: clock.now });
  const clients = createSimulatedClients(account, { maxAttempts: 3 });
  return { account, clients, ssm: clients.ssm, advanceClock: () => clock.set(SECOND) };
}

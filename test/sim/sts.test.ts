import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { createSimulatedClients, SimulatedAccount } from "../../sim";

function setup() {
  const account = new SimulatedAccount({ accountId: "444455556666", region: "eu-west-1" });
  return { account, clients: createSimulatedClients(account) };
}

describe("STS", () => {
  it("returns the account of the simulated caller from GetCallerIdentity", async () => {
    const { clients } = setup();

    const output = await clients.sts.send(new GetCallerIdentityCommand({}));

    expect(output.Account).toBe("444455556666");
    expect(output.Arn).toMatch(/^arn:aws:sts::444455556666:assumed-role\//);
    expect(output.UserId).toMatch(/^AROA/);
  });
});

import { GetRoleCommand, IAMClient, NoSuchEntityException } from "@aws-sdk/client-iam";
import { attachSimulatedAccount, SIMULATED_CREDENTIALS, SimulatedAccount } from "../../sim";
import { TRUST } from "./helpers";

describe("attachSimulatedAccount", () => {
  it("answers a hand-built client without any HTTP request", async () => {
    const account = new SimulatedAccount();
    account.seed("iam", "CreateRole", { RoleName: "r", AssumeRolePolicyDocument: TRUST });
    // Port 9 (discard) on localhost: a real request would fail to connect.
    const iam = new IAMClient({
      region: "us-east-1",
      credentials: SIMULATED_CREDENTIALS,
      endpoint: "http://127.0.0.1:9",
    });
    attachSimulatedAccount({ iam }, account);

    const { Role } = await iam.send(new GetRoleCommand({ RoleName: "r" }));
    const error = await iam.send(new GetRoleCommand({ RoleName: "missing" })).catch((e: unknown) => e);

    expect(Role?.RoleName).toBe("r");
    expect(error).toBeInstanceOf(NoSuchEntityException);
  });
});

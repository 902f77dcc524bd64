import { CreateRoleCommand, GetRoleCommand } from "@aws-sdk/client-iam";
import { GetParametersCommand, PutParameterCommand } from "@aws-sdk/client-ssm";
import { createSimulatedClients, SimulatedAccount } from "../../sim";

const TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Service: "pullthroughcache.ecr.amazonaws.com" },
      Action: "sts:AssumeRole",
    },
  ],
});
const PRINCIPAL = "arn:aws:sts::111122223333:assumed-role/echo-cache-reconciler-1a2b3c4/fn";

function setup() {
  let now = Date.parse("2026-07-01T12:00:00.000Z");
  const account = new SimulatedAccount({
    accountId: "111122223333",
    region: "eu-west-1",
    clock: () => new Date(now),
  });
  const caller = createSimulatedClients(account, { actor: "fn", maxAttempts: 1 });
  const other = createSimulatedClients(account, { actor: "someone", maxAttempts: 1 });
  return { account, caller, other, pass: (ms: number) => (now += ms) };
}

describe("a caller's policy attached a moment ago", () => {
  it("denies the caller as IAM does until it has propagated, then allows it", async () => {
    // Prepare
    const { account, caller, pass } = setup();
    account.attachCallerPolicy("fn", { principalArn: PRINCIPAL, propagationMs: 8000 });
    const read = () => caller.ssm.send(new GetParametersCommand({ Names: ["/echo-ptc/p/s/n/config"] }));

    // Act
    const early = read();
    await early.catch(() => {});
    pass(7999);
    const almost = read();
    await almost.catch(() => {});
    pass(1);
    const later = await read();

    // Assess
    await expect(early).rejects.toMatchObject({
      name: "AccessDeniedException",
      $metadata: { httpStatusCode: 400 },
      message:
        `User: ${PRINCIPAL} is not authorized to perform: ssm:GetParameters on resource: ` +
        "arn:aws:ssm:eu-west-1:111122223333:parameter/echo-ptc/p/s/n/config because no identity-based policy allows the ssm:GetParameters action",
    });
    await expect(almost).rejects.toMatchObject({ name: "AccessDeniedException" });
    expect(later.InvalidParameters).toEqual(["/echo-ptc/p/s/n/config"]);
  });

  it("says AccessDenied (403) for IAM, changes nothing, and leaves other callers alone", async () => {
    // Prepare
    const { account, caller, other } = setup();
    account.attachCallerPolicy("fn", { principalArn: PRINCIPAL, propagationMs: 8000 });
    const put = new PutParameterCommand({ Name: "/x", Value: "1", Type: "String" });

    // Act
    const iam = caller.iam.send(new GetRoleCommand({ RoleName: "r" }));
    const write = caller.ssm.send(put);

    // Assess
    await expect(iam).rejects.toMatchObject({ name: "AccessDenied", $metadata: { httpStatusCode: 403 } });
    await expect(write).rejects.toMatchObject({ name: "AccessDeniedException" });
    expect(account.snapshot().parameters["/x"]).toBeUndefined();
    await expect(other.ssm.send(put)).resolves.toBeDefined();
  });
});

describe("a caller's policy changed a moment ago", () => {
  it("denies only what the new statements allow, naming the authorization that fails, until it has propagated", async () => {
    // Prepare: the change allows tagging one new role; everything else the old policy allowed.
    const { account, caller, pass } = setup();
    const NEW_ROLE = "arn:aws:iam::111122223333:role/new-role";
    account.attachCallerPolicy("fn", {
      principalArn: PRINCIPAL,
      propagationMs: 8000,
      newlyAllowed: (call) =>
        call.operation === "CreateRole" ? { action: "iam:TagRole", resource: NEW_ROLE } : undefined,
    });
    const create = () =>
      caller.iam.send(
        new CreateRoleCommand({
          RoleName: "new-role",
          AssumeRolePolicyDocument: TRUST,
          Tags: [{ Key: "k", Value: "v" }],
        }),
      );

    // Act
    const denied = create();
    await denied.catch(() => {});
    const read = caller.ssm.send(new GetParametersCommand({ Names: ["/echo-ptc/p/s/n/config"] }));
    pass(8000);
    const later = await create();

    // Assess
    await expect(denied).rejects.toMatchObject({
      name: "AccessDenied",
      message: `User: ${PRINCIPAL} is not authorized to perform: iam:TagRole on resource: ${NEW_ROLE} because no identity-based policy allows the iam:TagRole action`,
    });
    await expect(read).resolves.toBeDefined();
    expect(later.Role?.Arn).toBe(NEW_ROLE);
  });
});

/**
 * Several Regions of one account: IAM role names are account-wide (sim/SimulatedWorld.ts), so the default
 * roleName, which has no Region in it, is taken by the first Region's deployment. The second one's deploy must
 * fail saying so and what to set, and leave the first alone; with the suggested roleName both converge.
 */
import type { Report } from "../../common/types";
import { SimulatedWorld } from "../../sim";
import { ARGS, cacheOf, newStack, ROLE } from "./fixture";
import { InvocationFailedError } from "./invocationProvider";
import { VirtualClock } from "./lambdaService";
import type { EmulatedStack } from "./stack";

const OWNER_TAG = "buildecho:pullthrough-cache:owner";
const SUGGESTED = "echo-pullthrough-cache-role-us-east-1";

/** One program, two aws.Providers: a component per Region, named after it. */
function twoRegions() {
  const world = new SimulatedWorld();
  const clock = new VirtualClock();
  const stackOf = (region: string, name: string) =>
    newStack({ world, region, clock, identity: { project: "platform", stack: "prod", name } });
  return { world, eu: stackOf("eu-west-1", "cache-eu"), us: stackOf("us-east-1", "cache-us") };
}

/** What the schedule's run reports. */
async function scheduledRun(stack: EmulatedStack): Promise<Report> {
  const scheduled = '{"action":"reconcile","trigger":"schedule"}';
  return JSON.parse((await stack.lambda.invoke(stack.state.fn?.name ?? "", scheduled)).Payload) as Report;
}

/** The Runbook's "Change a setting": get the document, edit it, put it back. */
function setInDocument(stack: EmulatedStack, fields: Record<string, string>): void {
  const name = stack.state.parameter?.name ?? "";
  const document = JSON.parse(stack.account.snapshot().parameters[name]?.value ?? "{}");
  const value = JSON.stringify({ ...document, ...fields });
  stack.account.seed("ssm", "PutParameter", { Name: name, Value: value, Type: "String", Overwrite: true });
}

const pointsAt = (stack: EmulatedStack) =>
  Object.values(stack.account.snapshot().pullThroughCacheRules).map((r) => r.customRoleArn);

const writesTo = (world: SimulatedWorld, region: string) =>
  world.calls().filter((c) => c.region === region && !/^(Get|List|Describe|Validate)/.test(c.call.operation));

describe("a second Region of the same account", () => {
  it("fails the deploy saying role names are account-wide, whose the role is and what roleName to set", async () => {
    // Prepare
    const { world, eu, us } = twoRegions();
    await eu.up(ARGS);
    const first = world.account("111122223333", "eu-west-1").snapshot();

    // Act
    const second = us.up(ARGS);

    // Assess
    await expect(second).rejects.toThrow(InvocationFailedError);
    await expect(second).rejects.toThrow(
      `OwnershipConflict: AWS::IAM::Role ${ROLE} belongs to the deployment 'platform/prod/cache-eu' (its ${OWNER_TAG} tag), in eu-west-1: IAM role names are account-wide, one name for all Regions; set roleName to a name of its own, such as echo-pullthrough-cache-role-us-east-1, in this component's args (with configSource ssm, in its config document too)`,
    );
    expect(world.account("111122223333", "eu-west-1").snapshot()).toEqual(first);
    expect(writesTo(world, "us-east-1").filter((c) => c.call.service !== "ssm")).toEqual([]);
    expect(cacheOf(us).rules).toEqual([]);
  });

  it("reports the conflict on the role, with the same reason, in the second Region's scheduled run", async () => {
    // Prepare
    const { eu, us } = twoRegions();
    await eu.up(ARGS);
    await us.up(ARGS).catch(() => {});

    // Act
    const report = await scheduledRun(us);

    // Assess
    const role = report.resources.find((r) => r.id === ROLE);
    expect(role?.status).toBe("CONFLICT");
    expect(role?.reason).toMatch(/account-wide.* such as echo-pullthrough-cache-role-us-east-1, /);
    expect(report.errors.map((e) => e.name)).toContain("OwnershipConflict");
  });

  it.each([
    { reason: "with configSource pulumi, from the args alone", configSource: "pulumi", editDocument: false },
    {
      reason: "with configSource ssm, from the args and the SSM document",
      configSource: "ssm",
      editDocument: true,
    },
  ] as const)("converges in both Regions once the second sets the suggested roleName $reason", async (c) => {
    // Prepare
    const { world, eu, us } = twoRegions();
    const args = { ...ARGS, configSource: c.configSource };
    await eu.up(args);
    await us.up(args).catch(() => {});
    if (c.editDocument) setInDocument(us, { roleName: SUGGESTED });

    // Act
    await us.up({ ...args, roleName: SUGGESTED });
    const reports = { eu: await scheduledRun(eu), us: await scheduledRun(us) };

    // Assess
    expect([reports.eu.status, reports.us.status]).toEqual(["IN_SYNC", "IN_SYNC"]);
    const roles = Object.keys(world.account("111122223333", "us-east-1").snapshot().roles);
    expect(roles.filter((r) => r.startsWith("echo-"))).toEqual([ROLE, SUGGESTED]);
    expect(pointsAt(eu)).toEqual([`arn:aws:iam::111122223333:role/${ROLE}`]);
    expect(pointsAt(us)).toEqual([`arn:aws:iam::111122223333:role/${SUGGESTED}`]);
  });
});

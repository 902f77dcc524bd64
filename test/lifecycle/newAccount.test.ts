/**
 * A new account: no reserved concurrency (a quota of 10 refuses any), so runs may overlap; the lease makes
 * them take turns. Two runs at deploy time, the Invocation's create and the run EventBridge starts for the
 * config parameter Pulumi just created, interleaved call by call on the built handler.
 */
import type { Report } from "../../common/types";
import { ARGS, cacheOf, newStack, ROLE } from "./fixture";

const parameterCreated = (name: string) =>
  JSON.stringify({
    version: "0",
    source: "aws.ssm",
    "detail-type": "Parameter Store Change",
    detail: { name, type: "String", operation: "Create" },
  });

describe("two runs at deploy time, at once", () => {
  it.each([1, 2, 3, 4, 5, 6])("converge, and the deploy succeeds (interleaving %i)", async (seed) => {
    // Prepare
    const stack = newStack({ interleaveSeed: seed });

    // Act: the parameter and the function exist as soon as `up` starts; the event's run starts with the create.
    const deploying = stack.up(ARGS);
    const fn = stack.state.fn?.name ?? "";
    const edit = stack.lambda.invoke(fn, parameterCreated(stack.state.parameter?.name ?? ""));
    const [deployed, edited] = await Promise.allSettled([deploying, edit]);
    const plan = JSON.parse((await stack.lambda.invoke(fn, '{"action":"plan"}')).Payload) as Report;

    // Assess
    // They did overlap: one of them found the lease taken and waited.
    const leaseTakes = stack.account.calls.filter(
      (c) => c.operation === "PutParameter" && (c.input as { Name?: string }).Name?.includes(".state/lease/"),
    );
    expect(leaseTakes.map((c) => c.error)).toContain("ParameterAlreadyExists");
    expect(deployed.status).toBe("fulfilled");
    expect(edited.status === "fulfilled" && edited.value.FunctionError).toBeUndefined();
    expect(cacheOf(stack)).toEqual(expect.objectContaining({ roles: [ROLE], rules: ["echo"] }));
    expect(plan.status).toBe("IN_SYNC");
    // The deploy is the deployment in charge: destroy removes everything.
    await stack.destroy();
    expect(cacheOf(stack)).toEqual({ roles: [], rules: [], record: [] });
  });
});

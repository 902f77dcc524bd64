import * as pulumi from "@pulumi/pulumi";
import { BASIC, type Built, componentFixture } from "./componentFixture";
import { takesTags } from "./providerTypings";
import { STACK } from "./pulumiHarness";

const fixture = componentFixture();

describe("tags on what the component creates", () => {
  let built: Built;
  beforeAll(async () => {
    fixture.harness.reset();
    // Read inside the hook: the stack name is the mocks' once they are installed.
    built = await fixture.build("echo-cache", {
      ...BASIC,
      tags: { stack: pulumi.getStack(), team: "platform" },
    });
  });

  it("reads which resource types take tags from pulumi-aws itself", () => {
    const types = [...new Set(built.children.map((r) => r.type))];

    // Both answers occur, so the table below is not vacuous either way.
    expect(types.filter(takesTags).sort()).toEqual([
      "aws:cloudwatch/eventRule:EventRule",
      "aws:cloudwatch/logGroup:LogGroup",
      "aws:cloudwatch/metricAlarm:MetricAlarm",
      "aws:iam/role:Role",
      "aws:lambda/function:Function",
      "aws:ssm/parameter:Parameter",
    ]);
    expect(types.filter((t) => !takesTags(t)).length).toBeGreaterThan(0);
  });

  it("puts the user's tags, pulumi.getStack() included, on every resource whose type takes them", () => {
    const rows = built.children
      .filter((r) => takesTags(r.type))
      .map((r) => ({ resource: `${r.type} ${r.name}`, tags: r.inputs.tags }));

    // The parameter, the log group, both roles, the Lambda, the event rule and both alarms (dashboards take no tags).
    expect(rows.length).toBeGreaterThanOrEqual(8);
    expect(rows).toEqual(rows.map((r) => ({ ...r, tags: { stack: STACK, team: "platform" } })));
  });

  it("writes them to the config document too, for the role the reconciler creates", () => {
    expect(JSON.parse(built.one("aws:ssm/parameter:Parameter").inputs.value).tags).toEqual({
      stack: STACK,
      team: "platform",
    });
  });
});

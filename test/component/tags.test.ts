import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { BASIC, type Built, componentFixture } from "./componentFixture";
import { STACK } from "./pulumiHarness";

const fixture = componentFixture();

/**
 * Whether a pulumi-aws resource type takes `tags`, read from the provider's own typings (the `<Name>Args`
 * interface of `@pulumi/aws/<module>/<resource>.d.ts`), so the list is the provider's, not ours.
 */
function takesTags(type: string): boolean {
  const m = /^aws:(\w+)\/(\w+):(\w+)$/.exec(type);
  if (!m) throw new Error(`not a pulumi-aws type token: ${type}`);
  const [, module, file, name] = m;
  const typings = readFileSync(
    join(require.resolve("@pulumi/aws"), "..", module as string, `${file}.d.ts`),
    "utf8",
  );
  const args = typings.slice(typings.indexOf(`export interface ${name}Args {`));
  return /^ {4}tags\?:/m.test(args.slice(0, args.indexOf("\n}")));
}

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

    expect(rows.length).toBeGreaterThanOrEqual(12);
    expect(rows).toEqual(rows.map((r) => ({ ...r, tags: { stack: STACK, team: "platform" } })));
  });

  it("writes them to the config document too, for the role the reconciler creates", () => {
    expect(JSON.parse(built.one("aws:ssm/parameter:Parameter").inputs.value).tags).toEqual({
      stack: STACK,
      team: "platform",
    });
  });
});

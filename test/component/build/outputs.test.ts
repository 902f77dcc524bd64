import { BASIC, componentFixture, LOG_GROUP, PARAM, physical } from "../componentFixture";
import { ACCOUNT, promiseOf, REGION, sampleReport } from "../pulumiHarness";

const fixture = componentFixture();

describe("the outputs", () => {
  it("resolves the outputs from the reconciler's report and the children's names", async () => {
    fixture.harness.invocationResult = () =>
      JSON.stringify(sampleReport("echo", "echo-pullthrough-cache-role"));

    const b = await fixture.build("echo-cache", { ...BASIC, dashboard: true });

    const c = b.component;
    expect(await promiseOf(c.cachePrefix)).toBe("echo");
    expect(await promiseOf(c.roleArn)).toBe(`arn:aws:iam::${ACCOUNT}:role/echo-pullthrough-cache-role`);
    expect(await promiseOf(c.cacheRule)).toEqual(sampleReport().outputs?.cacheRule);
    expect(await promiseOf(c.status)).toBe("IN_SYNC");
    expect(await promiseOf(c.functionName)).toBe(physical(b.one("aws:lambda/function:Function")));
    expect(await promiseOf(c.configParameterName)).toBe(PARAM);
    expect(await promiseOf(c.logGroupName)).toBe(LOG_GROUP);
    const dashboard = physical(b.one("aws:cloudwatch/dashboard:Dashboard"));
    expect(await promiseOf(c.dashboardName)).toBe(dashboard);
    const usage = await promiseOf(c.usageInstructions);
    expect(usage).toContain(`Dashboard: CloudWatch dashboard ${dashboard}`);
    expect(usage).toContain(`docker pull ${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/echo/<image>:<tag>`);
    expect(usage).toContain(`--name ${PARAM} --overwrite --type String --value file://config.json`);
    const fn = b.one("aws:lambda/function:Function").inputs as {
      environment: { variables: { OWNER_ID: string } };
    };
    expect(usage).toContain(
      `npx -p @buildecho/pulumi-onboarding-providers-ecr-pullthrough-cache echo-ptc plan --parameter ${PARAM} --owner-id ${fn.environment.variables.OWNER_ID} --region ${REGION}`,
    );
  });

  it.each([
    {
      reason: "a template that tags the repositories",
      template: { resourceTags: { team: "platform" } },
      tags: true,
    },
    { reason: "a template without tags", template: { keepLastImages: 10 }, tags: false },
  ])("prints the consumer policy with TagResource exactly for $reason", async ({ template, tags }) => {
    const b = await fixture.build("echo-cache", { ...BASIC, repositoryTemplate: template });

    expect((await promiseOf(b.component.usageInstructions)).includes('"ecr:TagResource"')).toBe(tags);
  });

  it("takes the cache prefix from the report, which reflects SSM edits", async () => {
    fixture.harness.invocationResult = () => JSON.stringify(sampleReport("edited-in-ssm"));

    const b = await fixture.build("echo-cache", BASIC);

    expect(await promiseOf(b.component.cachePrefix)).toBe("edited-in-ssm");
    expect(await promiseOf(b.component.usageInstructions)).toContain("/edited-in-ssm/<image>:<tag>");
  });

  it.each([
    { reason: "the result is not a report (an older Lambda)", result: "null" },
    {
      reason: "the report has no outputs",
      result: JSON.stringify({ ...sampleReport(), outputs: undefined }),
    },
  ])(
    "derives the role ARN and the prefix from the args as the reconciler does when $reason",
    async ({ result }) => {
      fixture.harness.invocationResult = () => result;

      const b = await fixture.build("echo-cache", {
        ...BASIC,
        repositoryPrefix: "team/a",
        rolePath: "/echo/",
      });

      expect(await promiseOf(b.component.roleArn)).toBe(
        `arn:aws:iam::${ACCOUNT}:role/echo/team+a-pullthrough-cache-role`,
      );
      expect(await promiseOf(b.component.cachePrefix)).toBe("team/a");
      expect(await promiseOf(b.component.cacheRule)).toBeUndefined();
    },
  );

  it("takes the role ARN from a paused run's report, which carries the outputs the config gives", async () => {
    const paused = { ...sampleReport("echo", "edited-role"), status: "PAUSED", mode: "paused" };
    fixture.harness.invocationResult = () => JSON.stringify(paused);

    const b = await fixture.build("echo-cache", { ...BASIC, mode: "paused" });

    expect(await promiseOf(b.component.roleArn)).toBe(`arn:aws:iam::${ACCOUNT}:role/edited-role`);
    expect(await promiseOf(b.component.status)).toBe("PAUSED");
  });
});

import {
  BASIC,
  type Built,
  componentFixture,
  fnArn,
  PARAM,
  physical,
  policyOf,
  roleNamed,
} from "../componentFixture";
import { ACCOUNT, autoname, REGION } from "../pulumiHarness";

const fixture = componentFixture();

describe("the triggers, with the seed's args", () => {
  // One component with the seed's args, built once: the tests below only read what it registered.
  let basic: Built;
  beforeAll(async () => {
    fixture.harness.reset();
    basic = await fixture.build("echo-cache", BASIC);
  });

  it("lets only Scheduler for this account assume the invoke role", async () => {
    const b = basic;

    expect(JSON.parse(roleNamed(b, "echo-cache-scheduler").inputs.assumeRolePolicy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "scheduler.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
        },
      ],
    });
  });

  it("defaults the schedule to every 15 minutes", async () => {
    const b = basic;

    expect(b.one("aws:scheduler/schedule:Schedule").inputs.scheduleExpression).toBe("rate(15 minutes)");
  });

  it("triggers the Lambda on edits of exactly its config parameter, allowed only from that rule", async () => {
    const b = basic;

    const rule = b.one("aws:cloudwatch/eventRule:EventRule");
    expect(JSON.parse(rule.inputs.eventPattern)).toEqual({
      source: ["aws.ssm"],
      "detail-type": ["Parameter Store Change"],
      detail: { name: [PARAM] },
    });
    const target = b.one("aws:cloudwatch/eventTarget:EventTarget").inputs;
    expect(target.rule).toBe(physical(rule));
    expect(target.arn).toBe(fnArn(b));
    // No input transform: the Lambda receives the Parameter Store Change event itself.
    expect(target.input).toBeUndefined();
    const permission = b.one("aws:lambda/permission:Permission").inputs;
    expect(permission).toEqual(
      expect.objectContaining({
        action: "lambda:InvokeFunction",
        principal: "events.amazonaws.com",
        sourceArn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/${physical(rule)}`,
        function: physical(b.one("aws:lambda/function:Function")),
      }),
    );
  });

  it("starts the schedule and the config-change target after the first run, and stops them before the teardown", async () => {
    const b = basic;

    const invocation = b.one("aws:lambda/invocation:Invocation").urn;

    expect(b.one("aws:scheduler/schedule:Schedule").dependencies).toContain(invocation);
    expect(b.one("aws:cloudwatch/eventTarget:EventTarget").dependencies).toContain(invocation);
  });

  it("schedules reconcile runs with a fixed payload through an invoke-only role", () => {
    const b = basic;

    const schedule = b.one("aws:scheduler/schedule:Schedule").inputs;
    expect(schedule.flexibleTimeWindow).toEqual({ mode: "OFF" });
    expect(schedule.target.arn).toBe(fnArn(b));
    expect(schedule.target.roleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/${autoname("echo-cache-scheduler")}`);
    expect(JSON.parse(schedule.target.input)).toEqual({ action: "reconcile", trigger: "schedule" });
    expect(policyOf(b, "echo-cache-scheduler")).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "InvokeReconciler", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: fnArn(b) },
      ],
    });
  });
});

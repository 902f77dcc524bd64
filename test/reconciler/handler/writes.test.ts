import type { Report } from "../../../common/types";
import type { SimulatedAccount } from "../../../sim";
import { context, customResource, PARAM, setUp } from "./harness";

const BASE = { version: 1, sourceRegistryAccountId: "123456789012" };
const STATE = `${PARAM}.state`;
/** A run that changes AWS takes the lease first and releases it last (engine/lease.ts): generation `n`. */
const lease = (n: number) => `ssm:PutParameter ${STATE}/lease/${String(n).padStart(12, "0")}`;

type Handler = ReturnType<typeof setUp>["handler"];
type Put = ReturnType<typeof setUp>["putConfig"];

/** The write calls the account received since `mark`, as `service:Operation` (failed ones too: they were sent). */
function writeCalls(account: SimulatedAccount, mark: number) {
  return account.calls.slice(mark).filter((c) => c.write);
}

/** `service:Operation` of each action line (`iam:PutRolePolicy role/policy` → `iam:PutRolePolicy`). */
const operations = (actions: readonly string[]) => actions.map((a) => a.split(" ")[0]).sort();

describe("report.writes counts what AWS received, the ownership record's writes included and listed", () => {
  it.each<{
    reason: string;
    prepare?: (h: Handler, a: SimulatedAccount, put: Put) => Promise<void>;
    run: (h: Handler, put: Put) => Promise<Report>;
    record: string[];
  }>([
    {
      reason:
        "a first deploy claims role and rule before creating anything, then records the rule's creation time and the deployment, once it applied",
      run: (h) => h(customResource("create"), context),
      record: [
        lease(1),
        `ssm:PutParameter ${STATE}/role/echo-pullthrough-cache-role`,
        `ssm:PutParameter ${STATE}/rule/echo`,
        `ssm:PutParameter ${STATE}/rule/echo`,
        `ssm:PutParameter ${STATE}/deployment`,
        lease(1),
      ],
    },
    {
      reason:
        "fixing drift of a resource already recorded leaves the record alone: only the lease is written",
      prepare: async (h, a) => {
        await h(customResource("create"), context);
        a.seed("iam", "AttachRolePolicy", {
          RoleName: "echo-pullthrough-cache-role",
          PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
        });
      },
      run: (h) => h({ action: "reconcile" }, context),
      record: [lease(2), lease(2)],
    },
    {
      reason:
        "a prefix change records the new resources before creating them and forgets the old after deleting them",
      prepare: async (h, _a, put) => {
        await h(customResource("create"), context);
        put({ ...BASE, repositoryPrefix: "team-a" });
      },
      run: (h) => h({ action: "reconcile" }, context),
      record: [
        lease(2),
        `ssm:PutParameter ${STATE}/role/team-a-pullthrough-cache-role`,
        `ssm:PutParameter ${STATE}/rule/team-a`,
        `ssm:PutParameter ${STATE}/rule/team-a`,
        `ssm:DeleteParameter ${STATE}/role/echo-pullthrough-cache-role`,
        `ssm:DeleteParameter ${STATE}/rule/echo`,
        lease(2),
      ],
    },
    {
      reason: "a teardown deletes the record's entries last",
      prepare: async (h) => {
        await h(customResource("create"), context);
      },
      run: (h) => h(customResource("delete"), context),
      record: [
        lease(2),
        `ssm:DeleteParameter ${STATE}/deployment`,
        `ssm:DeleteParameter ${STATE}/role/echo-pullthrough-cache-role`,
        `ssm:DeleteParameter ${STATE}/rule/echo`,
        `ssm:DeleteParameter ${STATE}/lease/000000000001`,
        `ssm:DeleteParameter ${STATE}/lease/000000000002`,
      ],
    },
    {
      reason: "a paused deploy of a new deployment only names it in the record",
      prepare: async (h, _a, put) => {
        await h(customResource("create"), context);
        put({ ...BASE, mode: "paused" });
      },
      run: (h) =>
        h(
          customResource("update", { deploymentId: "arn:aws:lambda:eu-west-1:111122223333:function:next" }),
          context,
        ),
      record: [`ssm:PutParameter ${STATE}/deployment`],
    },
  ])("$reason", async ({ prepare, run, record }) => {
    // Prepare
    const { account, handler, putConfig } = setUp(BASE);
    await prepare?.(handler, account, putConfig);
    const mark = account.calls.length;

    // Act
    const report = await run(handler, putConfig);

    // Assess
    const calls = writeCalls(account, mark);
    expect(report.writes).toBe(calls.length);
    expect(report.recordActions ?? []).toEqual(record);
    const ssm = calls.filter((c) => c.service === "ssm");
    expect(ssm.map((c) => `ssm:${c.operation} ${(c.input as { Name: string }).Name}`)).toEqual(record);
    const resourceWrites = calls.filter((c) => c.service !== "ssm").map((c) => `${c.service}:${c.operation}`);
    const applied = report.resources.filter((r) => r.applied).flatMap((r) => r.actions);
    expect(resourceWrites.sort()).toEqual(operations(applied));
  });

  it("a plan sends no write and lists none", async () => {
    // Prepare
    const { account, handler } = setUp(BASE);
    const mark = account.calls.length;

    // Act
    const report = await handler({ action: "plan" }, context);

    // Assess
    expect(writeCalls(account, mark)).toEqual([]);
    expect(report.writes).toBe(0);
    expect(report.recordActions).toBeUndefined();
    expect(report.resources.flatMap((r) => r.actions).length).toBeGreaterThan(0);
  });
});

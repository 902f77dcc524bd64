import type { ItemOutcome } from "../../../reconciler/engine/apply";
import { AwsCallError } from "../../../reconciler/engine/errors";
import { type Item, planItems } from "../../../reconciler/engine/plan";
import {
  emptyRecord,
  intentRecord,
  normaliseRecord,
  type OwnershipRecord,
  parseRecord,
  recordAfterRun,
  sameRecord,
} from "../../../reconciler/engine/record";
import { CTX, roleInSync } from "../builders";
import { item, OPTIONS, world } from "./fakeAdapters";

const NOW = "2026-12-01T00:00:00.000Z";
const record = (over: Partial<OwnershipRecord> = {}): OwnershipRecord => ({
  ...emptyRecord(CTX.ownerId),
  ...over,
});
const unreadable = (i: Item): Item => ({
  ...i,
  observation: {
    error: new AwsCallError("iam:GetRole", i.id, Object.assign(new Error("x"), { name: "Throttling" })),
  },
});

describe("parseRecord", () => {
  it.each([
    { reason: "no parameter is an empty record", text: undefined },
    { reason: "text that is not JSON starts empty (ownership is re-proven)", text: "{nope" },
    {
      reason: "another owner's record is not ours to use",
      text: JSON.stringify(record({ ownerId: "p/s/other", roles: ["r"] })),
    },
    {
      reason: "a record of an unknown shape starts empty",
      text: JSON.stringify({ version: 2, ownerId: CTX.ownerId }),
    },
  ])("$reason", ({ text }) => {
    // Act
    const parsed = parseRecord(text, CTX.ownerId);

    // Assess
    expect(parsed).toEqual(emptyRecord(CTX.ownerId));
  });

  it("reads our record sorted and de-duplicated, so equal records compare equal", () => {
    // Act
    const parsed = parseRecord(JSON.stringify(record({ roles: ["b", "a", "b"], rules: ["x"] })), CTX.ownerId);

    // Assess
    expect(parsed.roles).toEqual(["a", "b"]);
    expect(sameRecord(parsed, normaliseRecord(record({ roles: ["a", "b"], rules: ["x"] })))).toBe(true);
  });
});

describe("intentRecord: what is claimed before anything is created", () => {
  it.each([
    {
      reason: "a resource about to be created is claimed before it exists",
      build: (w: ReturnType<typeof world>) => [item(w.role, w.desired.role.name, w.desired.role)],
      before: record(),
      roles: ["echo-pullthrough-cache-role"],
    },
    {
      reason: "a role someone else owns is not claimed",
      build: (w: ReturnType<typeof world>) => [
        { ...item(w.role, w.desired.role.name, w.desired.role, roleInSync(w.desired.role)), owned: false },
      ],
      before: record(),
      roles: [],
    },
    {
      reason: "a role that could not be read keeps the claim the record had",
      build: (w: ReturnType<typeof world>) => [unreadable(item(w.role, "old-role", undefined))],
      before: record({ roles: ["old-role"] }),
      roles: ["old-role"],
    },
    {
      reason: "a role that could not be read gains no claim",
      build: (w: ReturnType<typeof world>) => [unreadable(item(w.role, "other-role", undefined))],
      before: record(),
      roles: [],
    },
  ])("$reason", ({ build, before, roles }) => {
    // Prepare
    const w = world();
    const plan = planItems(build(w), OPTIONS);

    // Act
    const intent = intentRecord(before, plan, NOW);

    // Assess
    expect(intent.roles).toEqual(roles);
  });

  it("does not claim a rule whose role is a conflict: its create will not run", () => {
    // Prepare
    const w = world();
    const plan = planItems(
      [
        { ...item(w.role, w.desired.role.name, w.desired.role, roleInSync(w.desired.role)), owned: false },
        item(w.rule, "echo", w.desired.rule),
      ],
      OPTIONS,
    );

    // Act
    const intent = intentRecord(record(), plan, NOW);

    // Assess
    expect(intent.rules).toEqual([]);
  });

  it("keeps the deployment in charge and its count, and names none before applying", () => {
    // Prepare
    const w = world();
    const plan = planItems([item(w.role, w.desired.role.name, w.desired.role)], OPTIONS);

    // Act
    const first = intentRecord(record(), plan, NOW);
    const later = intentRecord(record({ deploymentId: "arn:old", instances: 2 }), plan, NOW);

    // Assess
    expect(first.deploymentId).toBeUndefined();
    expect([later.deploymentId, later.instances]).toEqual(["arn:old", 2]);
  });
});

describe("recordAfterRun: what stays listed", () => {
  function after(status: ItemOutcome["status"], extra: Partial<ItemOutcome> = {}) {
    const w = world();
    const plan = planItems([item(w.role, w.desired.role.name, w.desired.role)], OPTIONS);
    const before = intentRecord(record(), plan, NOW);
    const outcomes: ItemOutcome[] = plan.map((planned) => ({ planned, applied: false, status, ...extra }));
    return recordAfterRun(before, plan, outcomes, undefined).roles;
  }

  it.each([
    {
      reason: "a create that succeeded stays listed",
      status: "REMEDIATED",
      extra: { applied: true },
      roles: ["echo-pullthrough-cache-role"],
    },
    {
      reason: "a create that failed before making anything drops its claim",
      status: "FAILED",
      extra: {},
      roles: [],
    },
    {
      reason: "a create that made something before failing stays listed, or a rename would orphan it",
      status: "FAILED",
      extra: { partly: true },
      roles: ["echo-pullthrough-cache-role"],
    },
  ] as const)("$reason", ({ status, extra, roles }) => {
    // Act
    const listed = after(status, extra);

    // Assess
    expect(listed).toEqual(roles);
  });

  it("forgets a stale resource once it was deleted", () => {
    // Prepare
    const w = world();
    const old = { ...roleInSync(w.desired.role), name: "old-role" };
    const plan = planItems([item(w.role, "old-role", undefined, old)], OPTIONS);
    const before = record({ roles: ["old-role"] });
    const outcomes: ItemOutcome[] = plan.map((planned) => ({ planned, applied: true, status: "DELETED" }));

    // Act
    const afterRun = recordAfterRun(before, plan, outcomes, undefined);

    // Assess
    expect(afterRun.roles).toEqual([]);
  });
});

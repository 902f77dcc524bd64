/**
 * `deletionPolicy` is part of the Invocation's stored input, and `pulumi destroy` deletes with the stored input
 * without running the program: a change of it takes effect on destroy once a `pulumi up` stored it, and
 * `pulumi preview` shows the Invocation's update until then.
 */
import { ARGS, cacheOf, newStack, ROLE } from "./fixture";

const EVERYTHING_GONE = { roles: [], rules: [], record: [] };

/** The record's entries but the lease's generations (each run that writes takes the next one). */
const listed = (record: readonly string[]) => record.filter((entry) => !entry.includes(".state/lease/"));

describe("deletionPolicy retain", () => {
  it.each([
    {
      reason: "a change to retain: destroy still deletes everything",
      stored: "delete",
      program: "retain",
      answer: "DELETED",
      removes: true,
    },
    {
      reason: "a change back to delete: destroy still leaves everything",
      stored: "retain",
      program: "delete",
      answer: "RETAINED",
      removes: false,
    },
  ] as const)(
    "is not seen by a destroy after a change no up stored, which preview shows as pending ($reason)",
    async (c) => {
      // Prepare: deployed with one policy; the program now says the other, and nobody ran up.
      const stack = newStack();
      await stack.up({ ...ARGS, deletionPolicy: c.stored });
      const deployed = cacheOf(stack);

      // Act
      const pending = stack.preview({ ...ARGS, deletionPolicy: c.program });
      await stack.destroy();

      // Assess
      expect(pending).toBe("update");
      expect(stack.sent.at(-1)?.payload).toEqual(expect.objectContaining({ deletionPolicy: c.stored }));
      expect(stack.sent.at(-1)?.answer?.status).toBe(c.answer);
      expect(cacheOf(stack).roles).toEqual(c.removes ? [] : deployed.roles);
      expect(cacheOf(stack).rules).toEqual(c.removes ? [] : deployed.rules);
    },
  );

  it("takes effect after an up: destroy leaves the role, the rule and the record, and says RETAINED", async () => {
    // Prepare
    const stack = newStack();
    await stack.up(ARGS);
    await stack.up({ ...ARGS, deletionPolicy: "retain" });
    const before = cacheOf(stack);

    // Act
    await stack.destroy();

    // Assess: the deployment is gone from the record; what it owned stays listed.
    const answer = stack.sent.at(-1)?.answer;
    expect(answer?.status).toBe("RETAINED");
    const resources = (answer?.resources ?? []) as { status: string }[];
    expect(resources.map((r) => r.status)).toEqual(["RETAINED", "RETAINED"]);
    const after = cacheOf(stack);
    expect({ ...after, record: listed(after.record) }).toEqual({
      ...before,
      record: listed(before.record).filter((entry) => !entry.endsWith(".state/deployment")),
    });
    expect(before).toEqual(expect.objectContaining({ roles: [ROLE], rules: ["echo"] }));
    expect(before.record).toContainEqual(expect.stringMatching(/\.state\/deployment$/));
  });

  it("hands the retained cache to the next stack: its up with the default takes it back, and its destroy removes it", async () => {
    // Prepare: retained by a destroy, then the same program (the function's fixed name, so the same ARN) again.
    const stack = newStack();
    await stack.up({ ...ARGS, deletionPolicy: "retain" });
    await stack.destroy();

    // Act
    await stack.up(ARGS);
    const taken = cacheOf(stack);
    await stack.destroy();

    // Assess
    expect(taken).toEqual(expect.objectContaining({ roles: [ROLE], rules: ["echo"] }));
    expect(stack.sent.at(-1)?.answer?.status).toBe("DELETED");
    expect(cacheOf(stack)).toEqual(EVERYTHING_GONE);
  });
});

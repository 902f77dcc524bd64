/**
 * `deletionPolicy` is part of the Invocation's stored input, and `pulumi destroy` deletes with the stored input
 * without running the program: a change to `retain` takes effect on destroy once a `pulumi up` stored it.
 */
import { ARGS, cacheOf, newStack, ROLE } from "./fixture";

describe("deletionPolicy retain", () => {
  it("is not seen by a destroy that follows the change without an up: everything is deleted", async () => {
    // Prepare: deployed with the default, then the program says retain, and nobody ran up.
    const stack = newStack();
    await stack.up(ARGS);

    // Act
    await stack.destroy();

    // Assess
    expect(stack.sent.at(-1)?.payload).toEqual(expect.objectContaining({ deletionPolicy: "delete" }));
    expect(stack.sent.at(-1)?.answer?.status).toBe("DELETED");
    expect(cacheOf(stack)).toEqual({ roles: [], rules: [], record: [] });
  });

  it("takes effect after an up: destroy leaves the role, the rule and the record, and says RETAINED", async () => {
    // Prepare
    const stack = newStack();
    await stack.up(ARGS);
    await stack.up({ ...ARGS, deletionPolicy: "retain" });
    const before = cacheOf(stack);

    // Act
    await stack.destroy();

    // Assess
    const answer = stack.sent.at(-1)?.answer;
    expect(answer?.status).toBe("RETAINED");
    const resources = (answer?.resources ?? []) as { status: string }[];
    expect(resources.map((r) => r.status)).toEqual(["RETAINED", "RETAINED"]);
    expect(cacheOf(stack)).toEqual(before);
    expect(before).toEqual(expect.objectContaining({ roles: [ROLE], rules: ["echo"] }));
  });
});

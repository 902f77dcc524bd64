import { byPath, difference, differentAt, reportDifference } from "../../../reconciler/engine/difference";

describe("difference", () => {
  it.each([
    {
      reason: "a value the config wants that was removed in AWS",
      expected: "a",
      actual: undefined,
      type: "REMOVE",
    },
    {
      reason: "a value added in AWS that the config does not have",
      expected: undefined,
      actual: "a",
      type: "ADD",
    },
    { reason: "a value that differs", expected: "a", actual: "b", type: "NOT_EQUAL" },
  ])("types $reason as $type", ({ expected, actual, type }) => {
    // Act
    const d = difference("Tags", "team", expected, actual);

    // Assess
    expect(d.type).toBe(type);
  });

  it("renders the path from the field and key, and reports only the path", () => {
    // Act
    const d = difference("Policies", "backdoor", undefined, "backdoor");

    // Assess
    expect(d).toEqual(
      expect.objectContaining({ field: "Policies", key: "backdoor", path: "Policies[backdoor]" }),
    );
    expect(reportDifference(d)).toEqual({
      path: "Policies[backdoor]",
      expected: undefined,
      actual: "backdoor",
      type: "ADD",
    });
  });

  it("finds a difference by field, or by field and key, without parsing paths", () => {
    // Prepare
    const ds = [difference("Tags", "a]b", "1", "2"), difference("Path", undefined, "/", "/x/")];

    // Act / Assess
    expect(differentAt(ds, "Tags")).toBe(true);
    expect(differentAt(ds, "Tags", "a]b")).toBe(true);
    expect(differentAt(ds, "Tags", "a")).toBe(false);
    expect(differentAt(ds, "AssumeRolePolicyDocument")).toBe(false);
    expect(byPath(ds).map((d) => d.field)).toEqual(["Path", "Tags"]);
  });
});

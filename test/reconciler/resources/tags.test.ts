import { diffTags } from "../../../reconciler/resources/tags";

describe("diffTags", () => {
  it.each([
    {
      reason: "the same tag spelt with another case is one IAM tag",
      expected: { team: "platform" },
      actual: { Team: "platform" },
    },
    {
      reason: "a changed value under another case is one IAM tag to set",
      expected: { team: "platform" },
      actual: { Team: "old" },
    },
  ])("never removes a key that names a wanted tag: $reason", ({ expected, actual }) => {
    // IAM role tag keys are case-insensitive, case preserved (sim/ mirrors this): TagRole "team"
    // replaces "Team", and a following UntagRole "Team" would then delete the wanted tag.

    // Act
    const differences = diffTags("Tags", expected, actual);

    // Assess
    expect(differences.filter((d) => d.type === "REMOVE")).toEqual([]);
  });

  it("compares tags as sets regardless of key order", () => {
    // Prepare
    const expected = { a: "1", b: "2" };
    const actual = { b: "2", a: "1" };

    // Act
    const differences = diffTags("Tags", expected, actual);

    // Assess
    expect(differences).toEqual([]);
  });
});

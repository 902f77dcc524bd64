import { ruleIsOurs } from "../../../../reconciler/resources/rule/ownership";

const US = "p/s/echo";

describe("ruleIsOurs", () => {
  it.each([
    { reason: "a listed rule pointing at our role is ours", listed: true, roleOwner: US, ours: true },
    {
      reason: "a listed rule whose role is missing or untagged is still ours (we put its role back)",
      listed: true,
      roleOwner: undefined,
      ours: true,
    },
    {
      reason: "a listed rule pointing at a role another reconciler owns was taken over",
      listed: true,
      roleOwner: "p/s/other",
      ours: false,
    },
    {
      reason: "an unlisted rule pointing at our role is not ours: anyone may point a rule at our role",
      listed: false,
      roleOwner: US,
      ours: false,
    },
    {
      reason: "an unlisted rule with no known role is not ours",
      listed: false,
      roleOwner: undefined,
      ours: false,
    },
  ])("$reason", ({ listed, roleOwner, ours }) => {
    // Act
    const result = ruleIsOurs({ listed, roleOwner }, US);

    // Assess
    expect(result).toBe(ours);
  });
});

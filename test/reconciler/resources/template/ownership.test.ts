import { templateIsOurs, templateOwnerMark } from "../../../../reconciler/resources/template/ownership";
import type { TemplateActual } from "../../../../reconciler/resources/template/types";

const US = "p/s/echo";
const template = (description?: string): TemplateActual => ({
  prefix: "echo",
  appliedFor: ["PULL_THROUGH_CACHE"],
  resourceTags: {},
  ...(description !== undefined ? { description } : {}),
});

describe("templateIsOurs", () => {
  it.each([
    { reason: "our mark as the description makes it ours", description: templateOwnerMark(US), ours: true },
    {
      reason: "another reconciler's mark is not ours",
      description: templateOwnerMark("p/s/other"),
      ours: false,
    },
    { reason: "a template without a description is nobody's", description: undefined, ours: false },
    {
      reason: "a description that only mentions us is not the mark",
      description: `${US} templates`,
      ours: false,
    },
  ])("$reason", ({ description, ours }) => {
    // Act
    const result = templateIsOurs(template(description), US);

    // Assess
    expect(result).toBe(ours);
  });

  it("keeps the mark within ECR's 256 characters for the longest owner ids", () => {
    // Act
    const mark = templateOwnerMark("x".repeat(300));

    // Assess
    expect(mark.length).toBe(256);
  });
});

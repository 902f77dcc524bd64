import { desiredState } from "../../../../reconciler/engine/desired";
import { templateCreateSteps, templateUpdateSteps } from "../../../../reconciler/resources/template/steps";
import type { DesiredTemplate } from "../../../../reconciler/resources/template/types";
import { CTX, configOf } from "../../builders";

const templateOf = (repositoryTemplate: Record<string, unknown>) =>
  desiredState(configOf({ repositoryTemplate }), CTX).template as DesiredTemplate;
const plain = templateOf({});
const tagged = templateOf({ resourceTags: { team: "platform" } });

describe("template steps and the template's role", () => {
  it.each([
    {
      reason: "a create names our role when the template needs one, and waits for the new role to reach ECR",
      steps: templateCreateSteps(tagged),
      role: tagged.customRoleArn,
      waits: true,
    },
    {
      reason: "a create of a template that needs no role sends no customRoleArn",
      steps: templateCreateSteps(plain),
      role: undefined,
      waits: false,
    },
    {
      reason: "an update names our role",
      steps: templateUpdateSteps(tagged),
      role: tagged.customRoleArn,
      waits: true,
    },
    {
      reason: "an update of a template that needs no role takes any role off with an empty ARN",
      steps: templateUpdateSteps(plain),
      role: "",
      waits: false,
    },
  ])("$reason", ({ steps, role, waits }) => {
    // Assess
    expect(steps).toHaveLength(1);
    expect(steps[0]?.input.customRoleArn).toBe(role);
    expect(steps[0]?.awaitsPropagation === true).toBe(waits);
  });
});

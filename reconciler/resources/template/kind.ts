import { RESOURCE_TYPES } from "../../../common/types";
import type { ResourceKind } from "../../engine/adapter";
import { diffTemplate } from "./diff";
import { templateCreateSteps, templateDeleteSteps, templateUpdateSteps } from "./steps";
import type { DesiredTemplate, TemplateActual } from "./types";

/**
 * The repository creation template: it names the template's role when it needs one, so it comes after that
 * role and is removed before it; independent of the pull role and the rule; every field updates in place.
 */
export const templateKind: ResourceKind<DesiredTemplate, TemplateActual> = {
  kind: "template",
  type: RESOURCE_TYPES.template,
  order: 2,
  dependsOn: ["templateRole"],
  diff: diffTemplate,
  needsReplace: () => false,
  createSteps: templateCreateSteps,
  updateSteps: (desired) => templateUpdateSteps(desired),
  deleteSteps: templateDeleteSteps,
};

import { sortKeys } from "../../../common/json";
import { byPath, difference, type FieldDifference } from "../../engine/difference";
import { diffTags } from "../tags";
import type { DesiredTemplate, TemplateActual } from "./types";

/**
 * How each field can change: ECR's UpdateRepositoryCreationTemplate sets every field, so none needs a
 * replace. Unset equals ECR's defaults (MUTABLE, AES256).
 */
export const TEMPLATE_FIELDS: Readonly<Record<string, "in-place">> = {
  appliedFor: "in-place",
  customRoleArn: "in-place",
  description: "in-place",
  encryptionConfiguration: "in-place",
  imageTagMutability: "in-place",
  lifecyclePolicy: "in-place",
  resourceTags: "in-place",
};

function canonicalJson(text: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  try {
    return sortKeys(JSON.parse(text));
  } catch {
    return text;
  }
}

/**
 * Differences of a template from the desired one. Unset equals ECR's defaults (MUTABLE, AES256); the
 * lifecycle policy compares as JSON; applied-for as a set; resource tags like role tags.
 */
export function diffTemplate(desired: DesiredTemplate, actual: TemplateActual): FieldDifference[] {
  const out: FieldDifference[] = [];
  const field = (name: string, e: unknown, a: unknown) => {
    if (JSON.stringify(e) !== JSON.stringify(a)) out.push(difference(name, undefined, e, a));
  };
  field("appliedFor", [...desired.appliedFor].sort(), [...actual.appliedFor].sort());
  // "" is how a role is taken off a template (steps.ts): the same as none.
  field("customRoleArn", desired.customRoleArn, actual.customRoleArn || undefined);
  field("description", desired.description, actual.description);
  field("encryptionConfiguration", desired.encryptionConfiguration, {
    encryptionType: actual.encryptionConfiguration?.encryptionType ?? "AES256",
    ...(actual.encryptionConfiguration?.kmsKey ? { kmsKey: actual.encryptionConfiguration.kmsKey } : {}),
  });
  field("imageTagMutability", desired.imageTagMutability, actual.imageTagMutability ?? "MUTABLE");
  field("lifecyclePolicy", canonicalJson(desired.lifecyclePolicy), canonicalJson(actual.lifecyclePolicy));
  out.push(...diffTags("resourceTags", desired.resourceTags, actual.resourceTags));
  return byPath(out);
}

/**
 * PutParameter: creates a parameter, or with `Overwrite: true` writes a new version of one. Parameter Store
 * has no conditional write besides this: `Overwrite: false` (the default) is an atomic create that fails
 * with ParameterAlreadyExists when the name is taken (PutParameter model documentation).
 */
import type { ParameterTier, PutParameterRequest, PutParameterResult } from "@aws-sdk/client-ssm";
import { HierarchyTypeMismatchException, ParameterAlreadyExists } from "@aws-sdk/client-ssm";
import { SSM, stringViolation } from "../constraints";
import { exceptionOptions, ssmValidationError } from "../errors";
import { op } from "../operation";
import type { ParameterState } from "../types";
import { checkName } from "./names";
import { keyIdFor } from "./secureString";

function checkEnum(member: string, value: unknown, allowed: readonly string[]): void {
  if (value !== undefined && !allowed.includes(value as string)) {
    throw ssmValidationError(
      `1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(", ")}]`,
    );
  }
}

/** Checks what a request says on its own, before the parameter it names is looked at; returns the name. */
function checkRequest(input: PutParameterRequest): string {
  const name = checkName(input.Name);
  if (typeof input.Value !== "string" || input.Value.length === 0) {
    throw ssmValidationError(
      "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  }
  checkEnum("type", input.Type, SSM.parameterTypes);
  checkEnum("tier", input.Tier, SSM.tiers);
  const descriptionViolation = stringViolation(input.Description, SSM.description, false);
  if (descriptionViolation) {
    throw ssmValidationError(
      `1 validation error detected: Value at 'description' failed to satisfy constraint: ${descriptionViolation}`,
    );
  }
  if (name.split("/").filter(Boolean).length > SSM.maxHierarchyLevels) {
    throw ssmValidationError(`A hierarchy can have a maximum of ${SSM.maxHierarchyLevels} levels.`);
  }
  // Refused whether or not the parameter exists: Terraform met it creating one (AWS's message, quoted in
  // hashicorp/terraform-provider-aws#18550 and getmoto/moto#4283). Whether an empty list counts is
  // UNCONFIRMED; only a non-empty one is refused here.
  if (input.Overwrite === true && input.Tags !== undefined && input.Tags.length > 0) {
    throw ssmValidationError(
      "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
    );
  }
  return name;
}

/**
 * The tier the value lands in, checked against its size limit. An advanced parameter cannot go back to
 * standard; Intelligent-Tiering picks the smallest tier that fits (PutParameter's `Tier` documentation).
 */
function tierFor(input: PutParameterRequest, existing: ParameterState | undefined): ParameterTier {
  const value = input.Value as string;
  const wanted = input.Tier ?? existing?.tier ?? "Standard";
  const tier =
    existing?.tier === "Advanced" ||
    wanted === "Advanced" ||
    (wanted === "Intelligent-Tiering" && value.length > SSM.standardValueChars)
      ? "Advanced"
      : "Standard";
  const limit = tier === "Advanced" ? SSM.advancedValueChars : SSM.standardValueChars;
  if (value.length > limit) {
    throw ssmValidationError(
      tier === "Standard"
        ? `Standard tier parameters support a maximum parameter value of ${SSM.standardValueChars} characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier.`
        : `Advanced tier parameters support a maximum parameter value of ${SSM.advancedValueChars} characters.`,
    );
  }
  return tier;
}

/** The type of the new version. A parameter keeps its type: "you can't change a parameter from a String type
 * to a SecureString type" (HierarchyTypeMismatchException's model documentation). */
function typeFor(input: PutParameterRequest, existing: ParameterState | undefined): string {
  if (!existing) {
    if (input.Type === undefined)
      throw ssmValidationError("A parameter type is required when you create a parameter.");
    return input.Type;
  }
  if (input.Type !== undefined && input.Type !== existing.type) {
    throw new HierarchyTypeMismatchException(
      exceptionOptions(
        `The parameter type can't be changed from ${existing.type} to ${input.Type}. You must create a new, unique parameter.`,
        400,
      ),
    );
  }
  return existing.type;
}

export const PutParameter = op<PutParameterRequest>((context, input): PutParameterResult => {
  const name = checkRequest(input);
  const existing = context.state.parameters.get(name);
  if (existing && input.Overwrite !== true) {
    throw new ParameterAlreadyExists(
      exceptionOptions(
        "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.",
        400,
      ),
    );
  }
  const type = typeFor(input, existing);
  const tier = tierFor(input, existing);
  const keyId = keyIdFor(context, type, input.KeyId, existing);
  const description = input.Description ?? existing?.description;
  const version = (existing?.version ?? 0) + 1;
  context.state.parameters.set(name, {
    name,
    value: input.Value as string,
    type,
    version,
    lastModifiedDate: context.now(),
    tier,
    ...(description !== undefined ? { description } : {}),
    dataType: input.DataType ?? existing?.dataType ?? "text",
    tags: existing
      ? existing.tags
      : (input.Tags ?? []).map((tag) => ({ Key: tag.Key ?? "", Value: tag.Value ?? "" })),
    ...(keyId !== undefined ? { keyId } : {}),
  });
  return { Version: version, Tier: tier };
});

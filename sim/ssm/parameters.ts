/**
 * SSM parameters: GetParameter, GetParameters, PutParameter, DeleteParameter. Parameters are per Region.
 */

import type {
  DeleteParameterRequest,
  GetParameterRequest,
  GetParameterResult,
  GetParametersRequest,
  GetParametersResult,
  Parameter,
  ParameterTier,
  ParameterType,
  PutParameterRequest,
  PutParameterResult,
} from "@aws-sdk/client-ssm";
import { ParameterAlreadyExists, ParameterNotFound } from "@aws-sdk/client-ssm";
import { SSM, stringViolation } from "../constraints";
import { exceptionOptions, ssmValidationError } from "../errors";
import { op } from "../operation";
import type { AccountContext, ParameterState } from "../types";
import { checkName } from "./names";

function notFound(name: string): ParameterNotFound {
  return new ParameterNotFound(exceptionOptions(`Parameter ${name} not found.`, 400));
}

function parameterOutput(context: AccountContext, parameter: ParameterState, decrypt: boolean): Parameter {
  const path = parameter.name.startsWith("/") ? parameter.name : `/${parameter.name}`;
  return {
    Name: parameter.name,
    Type: parameter.type as ParameterType,
    // Without WithDecryption a SecureString comes back as its ciphertext.
    Value:
      parameter.type === "SecureString" && !decrypt
        ? Buffer.from(`ciphertext:${parameter.name}:${parameter.version}`).toString("base64")
        : parameter.value,
    Version: parameter.version,
    LastModifiedDate: new Date(parameter.lastModifiedDate),
    ARN: `arn:aws:ssm:${context.region}:${context.accountId}:parameter${path}`,
    DataType: parameter.dataType,
  };
}

export const GetParameter = op<GetParameterRequest>((context, input): GetParameterResult => {
  const name = checkName(input.Name);
  const parameter = context.state.parameters.get(name);
  if (!parameter) throw notFound(name);
  return { Parameter: parameterOutput(context, parameter, input.WithDecryption === true) };
});

export const GetParameters = op<GetParametersRequest>((context, input): GetParametersResult => {
  const names = input.Names;
  if (!Array.isArray(names) || names.length < 1 || names.length > SSM.maxNamesPerGetParameters) {
    throw ssmValidationError(
      `1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have length between 1 and ${SSM.maxNamesPerGetParameters}`,
    );
  }
  const unique = [...new Set(names.map((name) => checkName(name, "names")))];
  const found = unique.flatMap((name) => {
    const parameter = context.state.parameters.get(name);
    return parameter ? [parameterOutput(context, parameter, input.WithDecryption === true)] : [];
  });
  // Unknown names are reported, not thrown.
  return {
    Parameters: found,
    InvalidParameters: unique.filter((name) => !context.state.parameters.has(name)),
  };
});

export const PutParameter = op<PutParameterRequest>((context, input): PutParameterResult => {
  const name = checkName(input.Name);
  if (typeof input.Value !== "string" || input.Value.length === 0) {
    throw ssmValidationError(
      "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  }
  if (input.Type !== undefined && !(SSM.parameterTypes as readonly string[]).includes(input.Type)) {
    throw ssmValidationError(
      `1 validation error detected: Value '${input.Type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [${SSM.parameterTypes.join(", ")}]`,
    );
  }
  if (input.Tier !== undefined && !(SSM.tiers as readonly string[]).includes(input.Tier)) {
    throw ssmValidationError(
      `1 validation error detected: Value '${input.Tier}' at 'tier' failed to satisfy constraint: Member must satisfy enum value set: [${SSM.tiers.join(", ")}]`,
    );
  }
  const descriptionViolation = stringViolation(input.Description, SSM.description, false);
  if (descriptionViolation) {
    throw ssmValidationError(
      `1 validation error detected: Value at 'description' failed to satisfy constraint: ${descriptionViolation}`,
    );
  }
  if (name.split("/").filter(Boolean).length > SSM.maxHierarchyLevels) {
    throw ssmValidationError(`A hierarchy can have a maximum of ${SSM.maxHierarchyLevels} levels.`);
  }
  const existing = context.state.parameters.get(name);
  if (existing && input.Overwrite !== true) {
    throw new ParameterAlreadyExists(
      exceptionOptions(
        "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.",
        400,
      ),
    );
  }
  if (existing && input.Tags !== undefined && input.Tags.length > 0) {
    throw ssmValidationError(
      "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
    );
  }
  if (!existing && input.Type === undefined) {
    throw ssmValidationError("A parameter type is required when you create a parameter.");
  }
  // An advanced parameter cannot go back to standard; Intelligent-Tiering picks the smallest tier that fits.
  const wanted = input.Tier ?? existing?.tier ?? "Standard";
  const tier =
    existing?.tier === "Advanced" || wanted === "Advanced"
      ? "Advanced"
      : wanted === "Intelligent-Tiering" && input.Value.length > SSM.standardValueChars
        ? "Advanced"
        : "Standard";
  const limit = tier === "Advanced" ? SSM.advancedValueChars : SSM.standardValueChars;
  if (input.Value.length > limit) {
    throw ssmValidationError(
      tier === "Standard"
        ? `Standard tier parameters support a maximum parameter value of ${SSM.standardValueChars} characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier.`
        : `Advanced tier parameters support a maximum parameter value of ${SSM.advancedValueChars} characters.`,
    );
  }
  const version = (existing?.version ?? 0) + 1;
  context.state.parameters.set(name, {
    name,
    value: input.Value,
    type: input.Type ?? existing?.type ?? "String",
    version,
    lastModifiedDate: context.now(),
    tier,
    ...(input.Description !== undefined
      ? { description: input.Description }
      : existing?.description !== undefined
        ? { description: existing.description }
        : {}),
    dataType: input.DataType ?? existing?.dataType ?? "text",
    tags: existing
      ? existing.tags
      : (input.Tags ?? []).map((tag) => ({ Key: tag.Key ?? "", Value: tag.Value ?? "" })),
  });
  return { Version: version, Tier: tier as ParameterTier };
});

export const DeleteParameter = op<DeleteParameterRequest>((context, input) => {
  const name = checkName(input.Name);
  if (!context.state.parameters.delete(name)) throw notFound(name);
  return {};
});

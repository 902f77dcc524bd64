/**
 * SSM parameter reads and deletes: GetParameter, GetParameters, DeleteParameter (PutParameter has its own
 * module). Parameters are per Region.
 */

import type {
  DeleteParameterRequest,
  GetParameterRequest,
  GetParameterResult,
  GetParametersRequest,
  GetParametersResult,
  Parameter,
  ParameterType,
} from "@aws-sdk/client-ssm";
import { ParameterNotFound } from "@aws-sdk/client-ssm";
import { SSM } from "../constraints";
import { exceptionOptions, ssmValidationError } from "../errors";
import { op } from "../operation";
import type { AccountContext, ParameterState } from "../types";
import { checkName } from "./names";
import { ciphertext } from "./secureString";

function notFound(name: string): ParameterNotFound {
  return new ParameterNotFound(exceptionOptions(`Parameter ${name} not found.`, 400));
}

export function parameterOutput(
  context: AccountContext,
  parameter: ParameterState,
  decrypt: boolean,
): Parameter {
  const path = parameter.name.startsWith("/") ? parameter.name : `/${parameter.name}`;
  return {
    Name: parameter.name,
    Type: parameter.type as ParameterType,
    // Without WithDecryption a SecureString comes back as its ciphertext; the flag changes nothing else.
    Value: parameter.type === "SecureString" && !decrypt ? ciphertext(parameter) : parameter.value,
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

export const DeleteParameter = op<DeleteParameterRequest>((context, input) => {
  const name = checkName(input.Name);
  if (!context.state.parameters.delete(name)) throw notFound(name);
  return {};
});

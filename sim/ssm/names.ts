/**
 * Parameter name rules from PutParameter's documentation ("Naming Constraints").
 */
import { SSM, stringViolation } from "../constraints";
import { ssmValidationError } from "../errors";

const NAME_CHARS = /^[a-zA-Z0-9_.\-/]+$/;

/** The name, checked: ValidationException for a name Parameter Store refuses. */
export function checkName(name: unknown, member = "name"): string {
  const violation = stringViolation(name, SSM.name, true);
  if (violation) {
    throw ssmValidationError(
      `1 validation error detected: Value at '${member}' failed to satisfy constraint: ${violation}`,
    );
  }
  const text = name as string;
  if (!NAME_CHARS.test(text)) {
    throw ssmValidationError(
      "Parameter name: it must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore), / (slash).",
    );
  }
  if (/^\/?(aws|ssm)/i.test(text)) {
    throw ssmValidationError('Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).');
  }
  if (text.includes("/") && !text.startsWith("/")) {
    throw ssmValidationError("Parameter name must be a fully qualified name.");
  }
  return text;
}

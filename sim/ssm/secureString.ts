/**
 * SecureString parameters: which KMS key encrypts them, and the ciphertext a read without
 * `WithDecryption` returns.
 */
import { createHash } from "node:crypto";
import { InvalidKeyId } from "@aws-sdk/client-ssm";
import { SSM, stringViolation } from "../constraints";
import { exceptionOptions, ssmValidationError } from "../errors";
import type { AccountContext, ParameterState } from "../types";

/**
 * The AWS managed key Parameter Store uses when PutParameter names none (PutParameter's `KeyId`
 * documentation: "the default key associated with your Amazon Web Services account"). Every account has it.
 */
export const DEFAULT_SSM_KEY = "alias/aws/ssm";

/** The key ids that name the default key: its alias, and the alias's ARN in this account and Region. */
function namesDefaultKey(context: AccountContext, keyId: string): boolean {
  return (
    keyId === DEFAULT_SSM_KEY ||
    keyId === `arn:aws:kms:${context.region}:${context.accountId}:${DEFAULT_SSM_KEY}`
  );
}

/**
 * The key a put encrypts with. Only SecureString parameters have one: a `KeyId` sent with String or
 * StringList is accepted and dropped (AWS ignores it; Terraform saw the resulting drift,
 * hashicorp/terraform-provider-aws#21095). A key that does not exist is InvalidKeyId, as AWS answers
 * (binxio/aws-ssm-copy#10, "Key '…' does not exist"). An overwrite naming no key keeps the old one.
 */
export function keyIdFor(
  context: AccountContext,
  type: string,
  keyId: unknown,
  existing: ParameterState | undefined,
): string | undefined {
  if (type !== "SecureString") return undefined;
  if (keyId === undefined) return existing?.keyId ?? DEFAULT_SSM_KEY;
  const violation = stringViolation(keyId, SSM.keyId, false);
  if (violation) {
    throw ssmValidationError(
      `1 validation error detected: Value at 'keyId' failed to satisfy constraint: ${violation}`,
    );
  }
  const text = keyId as string;
  if (!namesDefaultKey(context, text) && !context.state.kmsKeys.has(text)) {
    throw new InvalidKeyId(
      exceptionOptions(`Key '${text}' does not exist (Service: AWSKMS; Error Code: NotFoundException)`, 400),
    );
  }
  return text;
}

/**
 * What GetParameter(s) returns for a SecureString read without `WithDecryption`: the KMS ciphertext in
 * base64, which on AWS starts `AQICAH` (seen in tellerops/teller#310). Deterministic per key, name,
 * version and value, and it never contains the plaintext.
 */
export function ciphertext(parameter: ParameterState): string {
  const header = Buffer.from([0x01, 0x02, 0x02, 0x00, 0x78]);
  const blocks: Buffer[] = [header];
  let seed = `${parameter.keyId ?? DEFAULT_SSM_KEY}\n${parameter.name}\n${parameter.version}\n${parameter.value}`;
  // About as long as KMS makes it: the plaintext plus a little more than 100 bytes of envelope.
  for (let length = 0; length < Buffer.byteLength(parameter.value) + 100; length += 32) {
    const block = createHash("sha256").update(seed).digest();
    blocks.push(block);
    seed = block.toString("hex");
  }
  return Buffer.concat(blocks).toString("base64");
}

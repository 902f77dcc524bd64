import type { PolicyDocument } from "../../../common/policyDocument";
import type { PolicyJson } from "../iamPolicy";

/**
 * A role the reconciler owns, as the config wants it: the one ECR's pull-through cache assumes to read Echo's
 * registry, or the one ECR assumes to create the cache's repositories from the template.
 */
export interface DesiredRole {
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  /** Set when the role is created (IAM's Description; not compared). */
  readonly description: string;
  readonly trustPolicy: PolicyDocument;
  readonly inlinePolicyName: string;
  readonly inlinePolicy: PolicyDocument;
  /** The user's tags plus the ownership tag. */
  readonly tags: Readonly<Record<string, string>>;
}

/** A role as observed: documents as IAM returned them (URL-encoded text is fine). */
export interface RoleActual {
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly trustPolicy: string | PolicyJson;
  /** Names of every inline policy on the role. */
  readonly inlinePolicyNames: readonly string[];
  /** Our inline policy's document, when present. */
  readonly inlinePolicy?: string | PolicyJson;
  readonly attachedPolicyArns: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  /** The permissions boundary's policy ARN, when one is set (GetRole's `PermissionsBoundary`). */
  readonly permissionsBoundaryArn?: string;
  /** When IAM created the role (not compared; tells whether it may still be propagating). */
  readonly createDate?: Date;
}

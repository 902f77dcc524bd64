/** An ECR repository creation template for repositories the cache creates under its prefix. */
export interface DesiredTemplate {
  readonly prefix: string;
  /** Templates cannot be tagged: this exact description is our ownership mark. */
  readonly description: string;
  readonly appliedFor: readonly string[];
  readonly imageTagMutability: string;
  /** Lifecycle policy JSON text, or "" for none. */
  readonly lifecyclePolicy: string;
  readonly encryptionConfiguration: { readonly encryptionType: string; readonly kmsKey?: string };
  readonly resourceTags: Readonly<Record<string, string>>;
  /**
   * The role ECR assumes to create the repositories: ours, when the template uses KMS or resource tags (the
   * service-linked role ECR uses otherwise may only call ecr:CreateRepository).
   */
  readonly customRoleArn?: string;
}

/** A repository creation template as observed (ECR's defaults applied by the adapter). */
export interface TemplateActual {
  readonly prefix: string;
  readonly description?: string;
  readonly appliedFor: readonly string[];
  readonly imageTagMutability?: string;
  readonly lifecyclePolicy?: string;
  readonly encryptionConfiguration?: { readonly encryptionType?: string; readonly kmsKey?: string };
  readonly resourceTags: Readonly<Record<string, string>>;
  readonly customRoleArn?: string;
}

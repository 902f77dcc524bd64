/**
 * Every AWS call the reconciler makes, grouped by the resources it makes them on, and the permissions AWS
 * checks on its behalf when it makes them (PassRole, the service-linked roles, what a template takes).
 * The Pulumi component generates the Lambda's execution-role policy from this one list, and the
 * IAM simulation tests check each entry is allowed and nothing else is.
 */
export const RECONCILER_CALLS = {
  /**
   * On the config parameter and the state parameter: both in one GetParameters, and the record's entries
   * (parameters below the state parameter's name) with GetParametersByPath; one lease generation with
   * GetParameter when a create of it may have lost its response.
   */
  ssmRead: ["ssm:GetParameters", "ssm:GetParametersByPath", "ssm:GetParameter"],
  /**
   * Decrypting a SecureString config: only through SSM, only for the config parameter (SSM encrypts with the
   * parameter's ARN as encryption context). Not needed for a String parameter or the AWS managed key.
   */
  kmsDecryptConfig: ["kms:Decrypt"],
  /** On the state parameter and the entries below it only: the reconciler's record of what it created. */
  ssmStateWrite: ["ssm:PutParameter", "ssm:DeleteParameter"],
  /** On any role in the account (reads detect conflicts with roles that are not ours). */
  iamRoleRead: ["iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies"],
  /** Creating a role (the pull role, the template's role), only with the ownership tag set to this reconciler's owner id. */
  iamRoleCreate: ["iam:CreateRole", "iam:TagRole"],
  /** On roles carrying this reconciler's ownership tag only. */
  iamOwnedRoleWrite: [
    "iam:UpdateAssumeRolePolicy",
    "iam:PutRolePolicy",
    "iam:DeleteRolePolicy",
    "iam:DetachRolePolicy",
    "iam:DeleteRolePermissionsBoundary",
    "iam:TagRole",
    "iam:UntagRole",
    "iam:DeleteRole",
  ],
  /** Passing an owned role to ECR in Create/UpdatePullThroughCacheRule. */
  iamPassOwnedRole: ["iam:PassRole"],
  /** Passing the template's role to ECR in Create/UpdateRepositoryCreationTemplate (`customRoleArn`). */
  iamPassTemplateRole: ["iam:PassRole"],
  /** ECR creates AWSServiceRoleForECRPullThroughCache with the first rule in an account. */
  iamServiceLinkedRole: ["iam:CreateServiceLinkedRole"],
  /** ECR creates AWSServiceRoleForECRTemplate with the first repository creation template in an account. */
  iamTemplateServiceLinkedRole: ["iam:CreateServiceLinkedRole"],
  /** Pull-through cache rules: ECR accepts only `Resource: "*"` for these. */
  ecrRules: [
    "ecr:DescribePullThroughCacheRules",
    "ecr:CreatePullThroughCacheRule",
    "ecr:UpdatePullThroughCacheRule",
    "ecr:DeletePullThroughCacheRule",
    "ecr:ValidatePullThroughCacheRule",
  ],
  /**
   * Finding and removing repository creation templates (a template of an earlier config too): ECR accepts
   * only `Resource: "*"` for these.
   */
  ecrTemplates: ["ecr:DescribeRepositoryCreationTemplates", "ecr:DeleteRepositoryCreationTemplate"],
  /** Creating and updating the cache's template: ECR accepts only `Resource: "*"` for these. */
  ecrTemplateWrites: ["ecr:CreateRepositoryCreationTemplate", "ecr:UpdateRepositoryCreationTemplate"],
  /**
   * What ECR also authorises on whoever creates or updates a template (the user guide's list; docs/aws-facts.md,
   * "Repository creation templates"). The reconciler never calls them itself.
   */
  ecrTemplateChecks: ["ecr:CreateRepository", "ecr:PutLifecyclePolicy"],
} as const;

export type CallGroup = keyof typeof RECONCILER_CALLS;

import type { Config } from "../../common/config/schema";
import {
  DEFAULT_UPSTREAM_REPOSITORY_PREFIX,
  INLINE_POLICY_NAME,
  OWNER_TAG_KEY,
  PULL_THROUGH_CACHE_SERVICE_PRINCIPAL,
  UPSTREAM_REGISTRY,
} from "../../common/constants";
import { registryUrl, roleArn } from "../../common/names";
import type { CacheRuleOutput } from "../../common/types";
import type { PolicyDocument } from "./policy";

/** Where the reconciler runs: the downstream account, and who it is. */
export interface RunContext {
  readonly accountId: string;
  readonly region: string;
  /** `aws`, `aws-cn`, `aws-us-gov`: taken from the function's ARN. */
  readonly partition: string;
  /** This reconciler instance's identity, the value of the ownership tag. */
  readonly ownerId: string;
}

export interface DesiredRole {
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly trustPolicy: PolicyDocument;
  readonly inlinePolicyName: string;
  readonly inlinePolicy: PolicyDocument;
  /** The user's tags plus the ownership tag. */
  readonly tags: Readonly<Record<string, string>>;
}

/** The rule as the config wants it: the same shape as the `cacheRule` output. */
export type DesiredRule = CacheRuleOutput;

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
}

export interface DesiredState {
  readonly role: DesiredRole;
  readonly rule: DesiredRule;
  /** Present only when the config has a `repositoryTemplate` block. */
  readonly template?: DesiredTemplate;
}

/** The description that marks a template as created by this reconciler instance (≤256 characters). */
export function templateOwnerMark(ownerId: string): string {
  return `Managed by the echo-ptc reconciler ${ownerId}`.slice(0, 256);
}

/** ECR lifecycle rules from the two simple settings; "" when neither is set. */
export function lifecyclePolicy(settings: {
  expireUntaggedAfterDays?: number;
  keepLastImages?: number;
}): string {
  const rules: Record<string, unknown>[] = [];
  if (settings.expireUntaggedAfterDays !== undefined) {
    rules.push({
      rulePriority: rules.length + 1,
      description: `Expire untagged images ${settings.expireUntaggedAfterDays} days after push`,
      selection: {
        tagStatus: "untagged",
        countType: "sinceImagePushed",
        countUnit: "days",
        countNumber: settings.expireUntaggedAfterDays,
      },
      action: { type: "expire" },
    });
  }
  if (settings.keepLastImages !== undefined) {
    rules.push({
      rulePriority: rules.length + 1,
      description: `Keep the last ${settings.keepLastImages} images`,
      selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: settings.keepLastImages },
      action: { type: "expire" },
    });
  }
  return rules.length === 0 ? "" : JSON.stringify({ rules });
}

/** `repository/<prefix>/*`, or `repository/*` for ROOT; a trailing `/` in the prefix is not doubled. */
function repositoryPattern(prefix: string): string {
  return prefix === DEFAULT_UPSTREAM_REPOSITORY_PREFIX
    ? "repository/*"
    : `repository/${prefix.replace(/\/$/, "")}/*`;
}

/**
 * The permissions ECR needs to fill the cache, computed from the config: no config value can widen them.
 *
 * AWS's example grants nine ECR actions on `*`. We scope them (DOMAIN.md: standard IAM, not shown by AWS):
 * `GetAuthorizationToken` takes only `*`; reads and imports on Echo's repositories under the upstream prefix;
 * writes (and the same reads/imports, since ECR may evaluate them against the cached copy) on this account's
 * repositories under the cache prefix.
 */
export function pullPolicy(config: Config, ctx: RunContext): PolicyDocument {
  const upstream = `arn:${ctx.partition}:ecr:${config.sourceRegistryRegion}:${config.sourceRegistryAccountId}:${repositoryPattern(config.upstreamRepositoryPrefix)}`;
  const cache = `arn:${ctx.partition}:ecr:${ctx.region}:${ctx.accountId}:${repositoryPattern(config.repositoryPrefix)}`;
  const read = [
    "ecr:BatchGetImage",
    "ecr:GetDownloadUrlForLayer",
    "ecr:GetImageCopyStatus",
    "ecr:BatchImportUpstreamImage",
  ];
  const write = ["ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"];
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "AuthorizationToken", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      { Sid: "ReadEchoRegistry", Effect: "Allow", Action: read, Resource: upstream },
      { Sid: "FillCache", Effect: "Allow", Action: [...read, ...write], Resource: cache },
    ],
  };
}

/** Trust for ECR's pull-through cache service only. No SourceAccount condition: DOMAIN.md (UNCONFIRMED that ECR sends it). */
export function trustPolicy(): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: PULL_THROUGH_CACHE_SERVICE_PRINCIPAL },
        Action: "sts:AssumeRole",
      },
    ],
  };
}

/**
 * Everything the config asks for, as plain values.
 *
 * @example
 * const d = desiredState(config, { accountId: "111122223333", region: "eu-west-1", partition: "aws", ownerId: "p/s/echo" });
 * d.rule.upstreamRegistryUrl; // "123456789012.dkr.ecr.us-east-1.amazonaws.com"
 */
export function desiredState(config: Config, ctx: RunContext): DesiredState {
  const arn = roleArn(ctx.partition, ctx.accountId, config.rolePath, config.roleName);
  const t = config.repositoryTemplate;
  const template: DesiredTemplate | undefined = t && {
    prefix: config.repositoryPrefix,
    description: templateOwnerMark(ctx.ownerId),
    appliedFor: ["PULL_THROUGH_CACHE"],
    imageTagMutability: t.imageTagMutability,
    lifecyclePolicy: lifecyclePolicy(t),
    encryptionConfiguration: {
      encryptionType: t.encryption,
      ...(t.kmsKeyArn !== undefined ? { kmsKey: t.kmsKeyArn } : {}),
    },
    resourceTags: t.resourceTags,
  };
  return {
    ...(template ? { template } : {}),
    role: {
      name: config.roleName,
      path: config.rolePath,
      arn,
      trustPolicy: trustPolicy(),
      inlinePolicyName: INLINE_POLICY_NAME,
      inlinePolicy: pullPolicy(config, ctx),
      tags: { ...config.tags, [OWNER_TAG_KEY]: ctx.ownerId },
    },
    rule: {
      ecrRepositoryPrefix: config.repositoryPrefix,
      upstreamRegistryUrl: registryUrl(config.sourceRegistryAccountId, config.sourceRegistryRegion),
      upstreamRegistry: UPSTREAM_REGISTRY,
      upstreamRepositoryPrefix: config.upstreamRepositoryPrefix,
      customRoleArn: arn,
      registryId: ctx.accountId,
    },
  };
}

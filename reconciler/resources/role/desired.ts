import type { Config } from "../../../common/config/schema";
import {
  OWNER_TAG_KEY,
  PULL_THROUGH_CACHE_SERVICE_PRINCIPAL,
  ROLE_DESCRIPTION,
  ROOT_PREFIX,
  TEMPLATE_ROLE_DESCRIPTION,
  TEMPLATE_SERVICE_PRINCIPAL,
} from "../../../common/constants";
import { inlinePolicyName, repositoryArn, roleArn, templateInlinePolicyName } from "../../../common/names";
import { POLICY_VERSION, type PolicyDocument, type PolicyStatement } from "../../../common/policyDocument";
import type { RunContext } from "../../engine/types";
import type { DesiredRole } from "./types";

/** `<prefix>/*`, or `*` for ROOT; a trailing `/` in the prefix is not doubled. */
function repositoryPattern(prefix: string): string {
  return prefix === ROOT_PREFIX ? "*" : `${prefix.replace(/\/$/, "")}/*`;
}

/** What ECR does on Echo's repositories to fill the cache (and, since it may evaluate them there, on ours). */
const UPSTREAM_READS = [
  "ecr:BatchGetImage",
  "ecr:GetDownloadUrlForLayer",
  "ecr:GetImageCopyStatus",
  "ecr:BatchImportUpstreamImage",
];

/**
 * The permissions ECR needs to fill the cache, computed from the config: no config value can widen them.
 *
 * AWS's example grants nine ECR actions on `*`. We scope them (docs/aws-facts.md, "The role ECR assumes":
 * standard IAM, not shown by AWS): `GetAuthorizationToken` takes only `*`; reads and imports on Echo's
 * repositories under the upstream prefix; writes (and the same reads/imports, since ECR may evaluate them
 * against the cached copy) on this account's repositories under the cache prefix.
 */
export function pullPolicy(config: Config, ctx: RunContext): PolicyDocument {
  const upstream = repositoryArn(
    ctx.partition,
    config.sourceRegistryRegion,
    config.sourceRegistryAccountId,
    repositoryPattern(config.upstreamRepositoryPrefix),
  );
  const cache = repositoryArn(
    ctx.partition,
    ctx.region,
    ctx.accountId,
    repositoryPattern(config.repositoryPrefix),
  );
  const read = UPSTREAM_READS;
  const write = ["ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"];
  return {
    Version: POLICY_VERSION,
    Statement: [
      { Sid: "AuthorizationToken", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      { Sid: "ReadEchoRegistry", Effect: "Allow", Action: read, Resource: upstream },
      { Sid: "FillCache", Effect: "Allow", Action: [...read, ...write], Resource: cache },
    ],
  };
}

/**
 * Trust for one ECR service principal only: the pull-through cache's by default. No SourceAccount condition:
 * docs/aws-facts.md ("The role ECR assumes", "Repository creation templates": UNCONFIRMED that ECR sends it).
 */
export function trustPolicy(service: string = PULL_THROUGH_CACHE_SERVICE_PRINCIPAL): PolicyDocument {
  return {
    Version: POLICY_VERSION,
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
  };
}

/**
 * The role the config asks for, tagged with our ownership tag. Its inline policy is named after the prefix, so
 * a role that still holds the policy under another name (an older release used one name for every prefix)
 * shows that one as foreign: the normal diff deletes it and puts ours.
 */
export function desiredRole(config: Config, ctx: RunContext): DesiredRole {
  return {
    name: config.roleName,
    path: config.rolePath,
    arn: roleArn(ctx.partition, ctx.accountId, config.rolePath, config.roleName),
    description: ROLE_DESCRIPTION,
    trustPolicy: trustPolicy(),
    inlinePolicyName: inlinePolicyName(config.repositoryPrefix),
    inlinePolicy: pullPolicy(config, ctx),
    tags: { ...config.tags, [OWNER_TAG_KEY]: ctx.ownerId },
  };
}

/**
 * What ECR needs to create the cache's repositories from the template (docs/aws-facts.md, "Repository creation
 * templates"): CreateRepository on the repositories under the cache prefix, TagResource there when the
 * template tags them, and, with KMS, DescribeKey and the grants on the template's key only. AWS's example
 * grants these (and ReplicateImage, for replication templates) on `*`.
 */
export function templateRolePolicy(config: Config, ctx: RunContext): PolicyDocument {
  const t = config.repositoryTemplate;
  const repositories = repositoryArn(
    ctx.partition,
    ctx.region,
    ctx.accountId,
    repositoryPattern(config.repositoryPrefix),
  );
  const tagged = t !== undefined && Object.keys(t.resourceTags).length > 0;
  const statements: PolicyStatement[] = [
    {
      Sid: "CreateCachedRepositories",
      Effect: "Allow",
      Action: tagged ? ["ecr:CreateRepository", "ecr:TagResource"] : ["ecr:CreateRepository"],
      Resource: repositories,
    },
  ];
  if (t?.kmsKeyArn !== undefined) {
    statements.push({
      Sid: "EncryptCachedRepositories",
      Effect: "Allow",
      Action: ["kms:CreateGrant", "kms:DescribeKey", "kms:RetireGrant"],
      Resource: t.kmsKeyArn,
    });
  }
  return { Version: POLICY_VERSION, Statement: statements };
}

/**
 * The role ECR assumes to create the cache's repositories from the template: trusted by ECR only, at the pull
 * role's path, tagged like it (ownership works the same), named by `repositoryTemplate.roleName`. Undefined
 * without a template.
 */
export function desiredTemplateRole(config: Config, ctx: RunContext): DesiredRole | undefined {
  const t = config.repositoryTemplate;
  if (t === undefined) return undefined;
  return {
    name: t.roleName,
    path: config.rolePath,
    arn: roleArn(ctx.partition, ctx.accountId, config.rolePath, t.roleName),
    description: TEMPLATE_ROLE_DESCRIPTION,
    trustPolicy: trustPolicy(TEMPLATE_SERVICE_PRINCIPAL),
    inlinePolicyName: templateInlinePolicyName(config.repositoryPrefix),
    inlinePolicy: templateRolePolicy(config, ctx),
    tags: { ...config.tags, [OWNER_TAG_KEY]: ctx.ownerId },
  };
}

/** Account and Region of an ECR registry host name, or undefined for any other host. */
function ecrRegistry(host: string): { accountId: string; region: string } | undefined {
  const m = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/.exec(host);
  return m ? { accountId: m[1] as string, region: m[2] as string } : undefined;
}

/**
 * The role, still allowing reads of an upstream a live rule pulls from. While a rule that points at this role
 * stays as it is (its replace was refused), narrowing the role to the new upstream alone would break its pulls
 * and ECR's daily re-checks; so the role keeps both until the rule is replaced.
 */
export function withLiveUpstream(
  role: DesiredRole,
  live: { upstreamRegistryUrl: string; upstreamRepositoryPrefix?: string },
  partition: string,
): DesiredRole {
  const registry = ecrRegistry(live.upstreamRegistryUrl);
  if (registry === undefined) return role;
  const pattern = repositoryPattern(live.upstreamRepositoryPrefix ?? ROOT_PREFIX);
  const statement = {
    Sid: "ReadKeptRuleUpstream",
    Effect: "Allow" as const,
    Action: UPSTREAM_READS,
    Resource: repositoryArn(partition, registry.region, registry.accountId, pattern),
  };
  return {
    ...role,
    inlinePolicy: { ...role.inlinePolicy, Statement: [...role.inlinePolicy.Statement, statement] },
  };
}

/**
 * What Echo, the upstream registry, must grant: the statement of its registry (or repository) policy that lets
 * the customers' accounts pull through their caches (docs/aws-facts.md, "The role ECR assumes"). One definition
 * for the single cache's usage instructions and the fleet's grant.
 */
import { repositoryArn } from "./names";
import type { PolicyStatement } from "./policyDocument";

/** The actions Echo's policy grants a pulling account (AWS's upstream resource policy for ECR to ECR caching). */
export const UPSTREAM_GRANT_ACTIONS = [
  "ecr:BatchGetImage",
  "ecr:GetDownloadUrlForLayer",
  "ecr:BatchImportUpstreamImage",
  "ecr:GetImageCopyStatus",
] as const;

export interface UpstreamGrant {
  /** The partition of Echo's registry, which is the accounts' too (caching reaches ECR only within one). */
  readonly partition: string;
  /** The accounts that pull through a cache of this registry. */
  readonly accountIds: readonly string[];
  readonly sourceRegistryAccountId: string;
  readonly sourceRegistryRegion: string;
  /** The statement's id: letters and digits only (IAM's `Sid`). */
  readonly sid: string;
}

/**
 * The statement granting every account of `accountIds` (their `root` principals, sorted; one is written as a
 * string, several as a list) the pull actions on all of Echo's repositories in its Region.
 *
 * @example
 * upstreamGrantStatement({ partition: "aws", accountIds: ["111111111111"], sourceRegistryAccountId: "123456789012",
 *   sourceRegistryRegion: "us-east-1", sid: "AllowPullThroughCache111111111111" }).Principal;
 * // { AWS: "arn:aws:iam::111111111111:root" }
 */
export function upstreamGrantStatement(g: UpstreamGrant): PolicyStatement {
  const principals = [...new Set(g.accountIds)].sort().map((a) => `arn:${g.partition}:iam::${a}:root`);
  return {
    Sid: g.sid,
    Effect: "Allow",
    Principal: { AWS: principals.length === 1 ? (principals[0] as string) : principals },
    Action: [...UPSTREAM_GRANT_ACTIONS],
    Resource: repositoryArn(g.partition, g.sourceRegistryRegion, g.sourceRegistryAccountId, "*"),
  };
}

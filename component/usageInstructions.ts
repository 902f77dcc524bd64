import { METRIC, METRIC_DIMENSION, ROOT_PREFIX } from "../common/constants";
import { registryUrl, repositoryArn } from "../common/names";
import { POLICY_VERSION, type PolicyDocument, type PolicyStatement } from "../common/policyDocument";
import { upstreamGrantStatement as grantStatement } from "../common/upstreamGrant";
import { PACKAGE_NAME } from "./constants";
import type { ConfigSource } from "./types";

export interface UsageInstructionsInput {
  readonly partition: string;
  /** DNS suffix of the partition, e.g. `amazonaws.com`. */
  readonly dnsSuffix: string;
  /** The customer's account and Region: where the cache lives. */
  readonly accountId: string;
  readonly region: string;
  /** The cache's ECR repository prefix (`ROOT` for the whole registry). */
  readonly cachePrefix: string;
  readonly sourceRegistryAccountId: string;
  readonly sourceRegistryRegion: string;
  readonly configParameterName: string;
  readonly configSource: ConfigSource;
  readonly functionName: string;
  /** The reconciler's owner id (its `OWNER_ID`): what the CLI's `plan` and `apply` need to see what it owns. */
  readonly ownerId: string;
  readonly logGroupName: string;
  readonly metricsNamespace: string;
  /** Value of the metrics' `CacheName` dimension. */
  readonly cacheName: string;
  /** The component's CloudWatch dashboard; the line is left out when not given. */
  readonly dashboardName?: string;
  /** The repository creation template tags the repositories the cache creates. */
  readonly taggedRepositories?: boolean;
}

/** The prefix as it appears in a pull path: none for ROOT, no trailing slash otherwise. */
function pathPrefix(cachePrefix: string): string {
  return cachePrefix === ROOT_PREFIX ? "" : `${cachePrefix.replace(/\/+$/, "")}/`;
}

/**
 * The IAM policy a principal needs to pull through the cache. `CreateRepository` and
 * `BatchImportUpstreamImage` are needed by the first pull of an image, which creates its cached
 * repository (ECR user guide, "IAM permissions required to sync an upstream registry"). When the template
 * tags that repository, `TagResource` too: a create with tags is also authorised as tagging, and whether
 * the puller needs it is UNCONFIRMED (docs/aws-facts.md, "Repository creation templates"), so we grant it.
 */
export function consumerPolicy(p: UsageInstructionsInput): PolicyDocument {
  return {
    Version: POLICY_VERSION,
    Statement: [
      { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      {
        Sid: "PullThroughEchoCache",
        Effect: "Allow",
        Action: [
          "ecr:BatchGetImage",
          "ecr:GetDownloadUrlForLayer",
          "ecr:BatchCheckLayerAvailability",
          "ecr:BatchImportUpstreamImage",
          "ecr:CreateRepository",
          ...(p.taggedRepositories ? ["ecr:TagResource"] : []),
        ],
        Resource: repositoryArn(p.partition, p.region, p.accountId, `${pathPrefix(p.cachePrefix)}*`),
      },
    ],
  };
}

/** The statement Echo must have in its registry (or repository) policy for this account (docs/aws-facts.md, "The role ECR assumes"). */
export function upstreamGrantStatement(p: UsageInstructionsInput): PolicyStatement {
  return grantStatement({
    partition: p.partition,
    accountIds: [p.accountId],
    sourceRegistryAccountId: p.sourceRegistryAccountId,
    sourceRegistryRegion: p.sourceRegistryRegion,
    sid: `AllowPullThroughCache${p.accountId}`,
  });
}

const indent = (text: string, by = "  "): string =>
  text
    .split("\n")
    .map((l) => by + l)
    .join("\n");

function invokeCommand(p: UsageInstructionsInput, action: string): string {
  return (
    `aws lambda invoke --region ${p.region} --function-name ${p.functionName} ` +
    `--payload '{"action":"${action}"}' --cli-binary-format raw-in-base64-out out.json && cat out.json`
  );
}

/**
 * The component's `usageInstructions` output: how to pull, which IAM policies are needed on both
 * sides, how to edit the config, where drift shows, and how to resync or dry-run. Pure and
 * deterministic (no timestamps), so it only changes when an input does.
 *
 * @example
 * const text = usageInstructions({ partition: "aws", dnsSuffix: "amazonaws.com", accountId: "111111111111",
 *   region: "eu-west-1", cachePrefix: "echo", sourceRegistryAccountId: "222222222222",
 *   sourceRegistryRegion: "us-east-1", configParameterName: "/echo-ptc/p/s/n/config", configSource: "ssm",
 *   functionName: "n-reconciler-1234567", logGroupName: "/echo-ptc/p/s/n",
 *   metricsNamespace: "EchoPullThroughCache", cacheName: "n",
 *   dashboardName: "echo-ptc_p_s_n_0a1b2c3d" });
 */
export function usageInstructions(p: UsageInstructionsInput): string {
  const registry = registryUrl(p.accountId, p.region, p.dnsSuffix);
  const ownership =
    p.configSource === "pulumi"
      ? "This config is owned by the Pulumi program: the next `pulumi up` restores the program's values."
      : "After the first deployment this parameter is the source of truth: `pulumi up` does not overwrite it.";
  return [
    "# Echo images through the ECR pull-through cache",
    "",
    "## Pull",
    `  aws ecr get-login-password --region ${p.region} | docker login --username AWS --password-stdin ${registry}`,
    `  docker pull ${registry}/${pathPrefix(p.cachePrefix)}<image>:<tag>`,
    `The first pull of an image creates the repository ${pathPrefix(p.cachePrefix)}<image> in account ${p.accountId}.`,
    "",
    "## IAM policy for principals that pull",
    indent(JSON.stringify(consumerPolicy(p), null, 2)),
    "",
    `## Grant Echo must have in place (registry policy of ${p.sourceRegistryAccountId} in ${p.sourceRegistryRegion})`,
    indent(JSON.stringify(upstreamGrantStatement(p), null, 2)),
    "",
    "## Edit the config",
    `  aws ssm get-parameter --region ${p.region} --name ${p.configParameterName} --query Parameter.Value --output text > config.json`,
    `  aws ssm put-parameter --region ${p.region} --name ${p.configParameterName} --overwrite --type String --value file://config.json`,
    "The reconciler runs on every edit; an invalid config is reported and nothing is changed.",
    ownership,
    "",
    "## Drift, errors and health",
    `  Logs:    CloudWatch Logs group ${p.logGroupName}`,
    `  Metrics: namespace ${p.metricsNamespace}, dimension ${METRIC_DIMENSION}=${p.cacheName}: ${Object.values(METRIC).join(", ")}`,
    ...(p.dashboardName
      ? [
          `  Dashboard: CloudWatch dashboard ${p.dashboardName} (metrics over time, latest drift and errors from the logs)`,
        ]
      : []),
    "",
    "## Resync now",
    `  ${invokeCommand(p, "reconcile")}`,
    "## Dry run (report what would change, change nothing)",
    `  ${invokeCommand(p, "plan")}`,
    "  or from a laptop or CI, with your own credentials (npx -p names our package, not an echo-ptc of npm's):",
    `  npx -p ${PACKAGE_NAME} echo-ptc plan --parameter ${p.configParameterName} --owner-id ${p.ownerId} --region ${p.region}`,
    "",
  ].join("\n");
}

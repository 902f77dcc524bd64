import {
  consumerPolicy,
  type UsageInstructionsInput,
  upstreamGrantStatement,
  usageInstructions,
} from "../../component/usageInstructions";

const INPUT: UsageInstructionsInput = {
  partition: "aws",
  dnsSuffix: "amazonaws.com",
  accountId: "111111111111",
  region: "eu-west-1",
  cachePrefix: "echo",
  sourceRegistryAccountId: "222222222222",
  sourceRegistryRegion: "us-east-1",
  configParameterName: "/echo-ptc/platform/prod/echo-cache/config",
  configSource: "ssm",
  functionName: "echo-ptc-echo-cache-1a2b3c4d",
  ownerId: "platform/prod/echo-cache",
  logGroupName: "/echo-ptc/platform/prod/echo-cache",
  metricsNamespace: "EchoPullThroughCache",
  cacheName: "echo-cache",
  dashboardName: "echo-ptc_platform_prod_echo-cache_0a1b2c3d",
};

describe("usageInstructions", () => {
  const text = usageInstructions(INPUT);

  it("gives the pull command with the real registry URL and prefix", () => {
    expect(text).toContain("docker pull 111111111111.dkr.ecr.eu-west-1.amazonaws.com/echo/<image>:<tag>");
    expect(text).toContain(
      "aws ecr get-login-password --region eu-west-1 | docker login --username AWS --password-stdin 111111111111.dkr.ecr.eu-west-1.amazonaws.com",
    );
  });

  it("includes the consumer policy and Echo's grant as JSON", () => {
    expect(text).toContain(JSON.stringify(consumerPolicy(INPUT), null, 2).split("\n")[3]);
    expect(text).toContain('"AWS": "arn:aws:iam::111111111111:root"');
    expect(text).toContain('"arn:aws:ecr:us-east-1:222222222222:repository/*"');
  });

  it("tells how to edit the config, where drift shows, and how to resync and dry-run", () => {
    expect(text).toContain(
      "aws ssm put-parameter --region eu-west-1 --name /echo-ptc/platform/prod/echo-cache/config --overwrite --type String --value file://config.json",
    );
    expect(text).toContain("CloudWatch Logs group /echo-ptc/platform/prod/echo-cache");
    expect(text).toContain("namespace EchoPullThroughCache, dimension CacheName=echo-cache");
    expect(text).toContain(
      `--function-name echo-ptc-echo-cache-1a2b3c4d --payload '{"action":"reconcile"}' --cli-binary-format raw-in-base64-out out.json`,
    );
    expect(text).toContain(`--payload '{"action":"plan"}'`);
    expect(text).toContain(
      "npx -p @buildecho/pulumi-onboarding-providers-ecr-pullthrough-cache echo-ptc plan --parameter /echo-ptc/platform/prod/echo-cache/config --owner-id platform/prod/echo-cache --region eu-west-1",
    );
  });

  it("names the dashboard when it is given, and leaves the line out otherwise", () => {
    const { dashboardName: _, ...withoutDashboard } = INPUT;

    expect(text).toContain("Dashboard: CloudWatch dashboard echo-ptc_platform_prod_echo-cache_0a1b2c3d");
    expect(usageInstructions(withoutDashboard)).not.toContain("Dashboard:");
  });

  it("says who owns the config", () => {
    expect(text).toContain("`pulumi up` does not overwrite it");
    expect(usageInstructions({ ...INPUT, configSource: "pulumi" })).toContain(
      "the next `pulumi up` restores",
    );
  });

  it("is deterministic", () => {
    expect(usageInstructions(INPUT)).toBe(text);
  });

  it("pulls without a prefix for a ROOT cache and strips a trailing slash", () => {
    expect(usageInstructions({ ...INPUT, cachePrefix: "ROOT" })).toContain(
      "docker pull 111111111111.dkr.ecr.eu-west-1.amazonaws.com/<image>:<tag>",
    );
    expect(usageInstructions({ ...INPUT, cachePrefix: "echo/" })).toContain(
      ".amazonaws.com/echo/<image>:<tag>",
    );
  });
});

describe("consumerPolicy", () => {
  it("grants login on * and the pull actions on the cache's repositories only", () => {
    expect(consumerPolicy(INPUT)).toEqual({
      Version: "2012-10-17",
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
          ],
          Resource: "arn:aws:ecr:eu-west-1:111111111111:repository/echo/*",
        },
      ],
    });
  });

  it("adds TagResource on the cache's repositories when the template tags them (a tagged create is also a tagging)", () => {
    const [, pull] = consumerPolicy({ ...INPUT, taggedRepositories: true }).Statement;

    expect(pull?.Action).toEqual(expect.arrayContaining(["ecr:CreateRepository", "ecr:TagResource"]));
    expect(pull?.Resource).toBe("arn:aws:ecr:eu-west-1:111111111111:repository/echo/*");
  });
});

describe("upstreamGrantStatement", () => {
  it("grants this account's root the upstream actions docs/aws-facts.md lists on Echo's repositories", () => {
    expect(upstreamGrantStatement(INPUT)).toEqual({
      Sid: "AllowPullThroughCache111111111111",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::111111111111:root" },
      Action: [
        "ecr:BatchGetImage",
        "ecr:GetDownloadUrlForLayer",
        "ecr:BatchImportUpstreamImage",
        "ecr:GetImageCopyStatus",
      ],
      Resource: "arn:aws:ecr:us-east-1:222222222222:repository/*",
    });
  });
});

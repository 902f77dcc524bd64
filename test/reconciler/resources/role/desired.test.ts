import { pullPolicy } from "../../../../reconciler/resources/role/desired";
import { CTX, configOf, grants, READS, WRITES } from "../../builders";

describe("pullPolicy", () => {
  it.each([
    {
      reason: "a ROOT upstream prefix reads every repository of Echo's registry",
      overrides: {},
      upstream: "arn:aws:ecr:us-west-2:123456789012:repository/*",
      cache: "arn:aws:ecr:eu-west-1:111122223333:repository/echo/*",
    },
    {
      reason: "an upstream prefix limits reads to the repositories under it",
      overrides: { upstreamRepositoryPrefix: "hardened" },
      upstream: "arn:aws:ecr:us-west-2:123456789012:repository/hardened/*",
      cache: "arn:aws:ecr:eu-west-1:111122223333:repository/echo/*",
    },
    {
      reason: "a trailing '/' in a prefix is not doubled",
      overrides: { repositoryPrefix: "team/a/", upstreamRepositoryPrefix: "hardened/" },
      upstream: "arn:aws:ecr:us-west-2:123456789012:repository/hardened/*",
      cache: "arn:aws:ecr:eu-west-1:111122223333:repository/team/a/*",
    },
    {
      reason: "a ROOT cache prefix caches into every repository of this account",
      overrides: { repositoryPrefix: "ROOT" },
      upstream: "arn:aws:ecr:us-west-2:123456789012:repository/*",
      cache: "arn:aws:ecr:eu-west-1:111122223333:repository/*",
    },
  ])("scopes the pull policy: $reason", ({ overrides, upstream, cache }) => {
    // Prepare
    const config = configOf({ sourceRegistryRegion: "us-west-2", ...overrides });

    // Act
    const policy = pullPolicy(config, CTX);

    // Assess
    const expected: Record<string, string[]> = { "ecr:GetAuthorizationToken": ["*"] };
    // ECR may evaluate reads and imports against the cached copy too, so they are also granted on the cache.
    for (const a of READS) expected[a] = [...new Set([upstream, cache])].sort();
    for (const a of WRITES) expected[a] = [cache];
    expect(grants(policy)).toEqual(expected);
  });
});

import {
  CreatePullThroughCacheRuleCommand,
  DescribePullThroughCacheRulesCommand,
  InvalidParameterException,
  UnsupportedUpstreamRegistryException,
} from "@aws-sdk/client-ecr";
import { ACCOUNT, rejection, UPSTREAM } from "../helpers";
import { type CreateRejection, expectCreateRejected, setup } from "./helpers";

describe("the upstream of a new rule", () => {
  it("infers upstreamRegistry from the URL when the request leaves it out", async () => {
    const { ecr } = setup();

    await ecr.send(
      new CreatePullThroughCacheRuleCommand({
        ecrRepositoryPrefix: "pub",
        upstreamRegistryUrl: "public.ecr.aws",
      }),
    );
    const { pullThroughCacheRules } = await ecr.send(
      new DescribePullThroughCacheRulesCommand({ ecrRepositoryPrefixes: ["pub"] }),
    );

    expect(pullThroughCacheRules?.[0]?.upstreamRegistry).toBe("ecr-public");
  });

  it("accepts this account's own registryId and a credentialArn for an upstream that needs one", async () => {
    const { ecr } = setup();
    const credentialArn =
      "arn:aws:secretsmanager:us-east-1:111122223333:secret:ecr-pullthroughcache/docker-hub-AbCdEf";

    const output = await ecr.send(
      new CreatePullThroughCacheRuleCommand({
        ecrRepositoryPrefix: "docker-hub",
        upstreamRegistryUrl: "registry-1.docker.io",
        registryId: ACCOUNT,
        credentialArn,
      }),
    );
    const missingSecret = await rejection(
      ecr.send(
        new CreatePullThroughCacheRuleCommand({
          ecrRepositoryPrefix: "dh2",
          upstreamRegistryUrl: "registry-1.docker.io",
        }),
      ),
    );

    expect(output).toMatchObject({ upstreamRegistry: "docker-hub", credentialArn, registryId: ACCOUNT });
    expect(missingSecret).toBeInstanceOf(InvalidParameterException);
  });

  const cases: CreateRejection[] = [
    {
      reason: "an upstreamRegistry outside the model's enum",
      input: { upstreamRegistry: "harbor" as "ecr" },
      error: UnsupportedUpstreamRegistryException,
    },
    {
      reason: "a URL that no supported registry type matches",
      input: { upstreamRegistry: undefined, upstreamRegistryUrl: "registry.example.com" },
      error: UnsupportedUpstreamRegistryException,
    },
    {
      reason: "a URL of another registry type than upstreamRegistry",
      input: { upstreamRegistryUrl: "public.ecr.aws" },
      error: InvalidParameterException,
    },
    {
      reason: "a URL with a scheme is not the documented form",
      input: { upstreamRegistryUrl: `https://${UPSTREAM}` },
      error: InvalidParameterException,
    },
    {
      reason: "a credentialArn breaking its pattern",
      input: {
        credentialArn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:other-secret-abcdefghijkl",
      },
      error: InvalidParameterException,
    },
  ];

  it.each(cases)("rejects the request and changes nothing: $reason", expectCreateRejected);
});

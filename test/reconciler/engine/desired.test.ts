import fc from "fast-check";
import { OWNER_TAG_KEY } from "../../../common/constants";
import { desiredState } from "../../../reconciler/engine/desired";
import { CTX, configOf, grants, runContext, THE_NINE_ACTIONS, validConfig } from "../builders";

describe("desiredState", () => {
  it("points the rule at Echo's registry and the role, and tags the role as ours", () => {
    // Prepare
    const config = configOf({
      sourceRegistryRegion: "us-west-2",
      rolePath: "/echo/",
      tags: { team: "platform" },
    });

    // Act
    const desired = desiredState(config, CTX);

    // Assess
    expect(desired.rule).toEqual({
      ecrRepositoryPrefix: "echo",
      upstreamRegistryUrl: "123456789012.dkr.ecr.us-west-2.amazonaws.com",
      upstreamRegistry: "ecr",
      upstreamRepositoryPrefix: "ROOT",
      customRoleArn: "arn:aws:iam::111122223333:role/echo/echo-pullthrough-cache-role",
      registryId: "111122223333",
    });
    expect(desired.role).toEqual(
      expect.objectContaining({
        name: "echo-pullthrough-cache-role",
        path: "/echo/",
        arn: "arn:aws:iam::111122223333:role/echo/echo-pullthrough-cache-role",
        inlinePolicyName: "echo-pullthrough-cache-upstream-access",
        tags: { team: "platform", [OWNER_TAG_KEY]: "org/stack/echo" },
      }),
    );
  });

  it("puts the role at the root path as role/<name>", () => {
    // Act
    const desired = desiredState(configOf(), CTX);

    // Assess
    expect(desired.role.arn).toBe("arn:aws:iam::111122223333:role/echo-pullthrough-cache-role");
  });

  it("lets only ECR's pull-through cache service assume the role", () => {
    // Act
    const desired = desiredState(configOf(), CTX);

    // Assess
    expect(desired.role.trustPolicy).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "pullthroughcache.ecr.amazonaws.com" },
          Action: "sts:AssumeRole",
        },
      ],
    });
  });

  it("grants the same nine actions, and '*' only for GetAuthorizationToken, whatever the config", () => {
    fc.assert(
      fc.property(validConfig, runContext, (config, ctx) => {
        // Act
        const desired = desiredState(config, ctx);

        // Assess
        const granted = grants(desired.role.inlinePolicy);
        expect(Object.keys(granted).sort()).toEqual(THE_NINE_ACTIONS);
        for (const [action, resources] of Object.entries(granted)) {
          if (action === "ecr:GetAuthorizationToken") expect(resources).toEqual(["*"]);
          else
            for (const r of resources)
              expect(r).toMatch(/^arn:aws:ecr:[a-z0-9-]+:[0-9]{12}:repository\/(.+\/)?\*$/);
        }
        expect(desired.role.tags[OWNER_TAG_KEY]).toBe(ctx.ownerId);
      }),
      { numRuns: 200 },
    );
  });
});

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

describe("desiredState: the template's role", () => {
  const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  it.each([
    { reason: "no template, no role", template: undefined, role: false },
    { reason: "AES256 and no tags: ECR's own role can create the repositories", template: {}, role: false },
    {
      reason: "resource tags: ECR's own role cannot tag",
      template: { resourceTags: { team: "a" } },
      role: true,
    },
    {
      reason: "KMS: ECR's own role has no KMS permissions",
      template: { encryption: "KMS", kmsKeyArn: KEY },
      role: true,
    },
  ])("$reason", ({ template, role }) => {
    // Act
    const desired = desiredState(configOf(template ? { repositoryTemplate: template } : {}), CTX);

    // Assess
    expect(desired.templateRole !== undefined).toBe(role);
    expect(desired.template?.customRoleArn).toBe(desired.templateRole?.arn);
  });

  it("is trusted by ECR only, at the pull role's path, tagged as ours like the pull role", () => {
    // Act
    const desired = desiredState(
      configOf({
        rolePath: "/echo/",
        tags: { team: "a" },
        repositoryTemplate: { encryption: "KMS", kmsKeyArn: KEY },
      }),
      CTX,
    );

    // Assess
    expect(desired.templateRole).toEqual(
      expect.objectContaining({
        name: "echo-pullthrough-template-role",
        arn: "arn:aws:iam::111122223333:role/echo/echo-pullthrough-template-role",
        inlinePolicyName: "echo-pullthrough-template-repositories",
        tags: desired.role.tags,
        trustPolicy: {
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Principal: { Service: "ecr.amazonaws.com" }, Action: "sts:AssumeRole" },
          ],
        },
      }),
    );
  });

  it("allows only creating (and, with tags, tagging) the cache's repositories and, with KMS, the key's grants", () => {
    fc.assert(
      fc.property(validConfig, runContext, fc.boolean(), fc.boolean(), (config, ctx, kms, tagged) => {
        // Prepare
        const template = {
          imageTagMutability: "MUTABLE" as const,
          encryption: kms ? ("KMS" as const) : ("AES256" as const),
          ...(kms ? { kmsKeyArn: KEY } : {}),
          resourceTags: (tagged || !kms ? { team: "a" } : {}) as Record<string, string>,
          roleName: "template-role",
        };

        // Act
        const desired = desiredState({ ...config, roleName: "pull-role", repositoryTemplate: template }, ctx);

        // Assess
        const granted = grants(
          desired.templateRole?.inlinePolicy ?? { Version: "2012-10-17", Statement: [] },
        );
        const ecr =
          Object.keys(template.resourceTags).length > 0
            ? ["ecr:CreateRepository", "ecr:TagResource"]
            : ["ecr:CreateRepository"];
        const kmsActions = kms ? ["kms:CreateGrant", "kms:DescribeKey", "kms:RetireGrant"] : [];
        expect(Object.keys(granted).sort()).toEqual([...ecr, ...kmsActions].sort());
        for (const action of ecr)
          expect(granted[action]).toEqual([
            expect.stringMatching(
              new RegExp(`^arn:aws[a-z-]*:ecr:${ctx.region}:${ctx.accountId}:repository/(.+/)?\\*$`),
            ),
          ]);
        for (const action of kmsActions) expect(granted[action]).toEqual([KEY]);
      }),
      { numRuns: 200 },
    );
  });
});

import { context, customResource, setUp } from "./harness";

const BASE = { version: 1, sourceRegistryAccountId: "123456789012" };
const WITH_TEMPLATE = {
  ...BASE,
  repositoryTemplate: {
    imageTagMutability: "IMMUTABLE",
    expireUntaggedAfterDays: 7,
    keepLastImages: 50,
    resourceTags: { team: "platform" },
  },
};

describe("repository creation template", () => {
  it("is created with the cache's prefix, for pull-through cache, with the lifecycle built from the settings", async () => {
    const { handler, account } = setUp(WITH_TEMPLATE);

    const report = await handler(customResource("create"), context);

    expect(report.status).toBe("REMEDIATED");
    const t = account.snapshot().repositoryCreationTemplates.echo;
    expect(t?.appliedFor).toEqual(["PULL_THROUGH_CACHE"]);
    expect(t?.imageTagMutability).toBe("IMMUTABLE");
    expect(
      JSON.parse(t?.lifecyclePolicy ?? "{}").rules.map((r: { selection: unknown }) => r.selection),
    ).toEqual([
      { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
      { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 50 },
    ]);
    expect(t?.resourceTags).toEqual([{ Key: "team", Value: "platform" }]);
    expect((await handler({ action: "reconcile" }, context)).writes).toBe(0);
  });

  it("fixes a lifecycle policy edited out of band with one update", async () => {
    const { handler, account, writesSince } = setUp(WITH_TEMPLATE);
    await handler(customResource("create"), context);
    account.seed("ecr", "UpdateRepositoryCreationTemplate", {
      prefix: "echo",
      lifecyclePolicy: JSON.stringify({ rules: [] }),
    });
    const mark = account.calls.length;

    const report = await handler({ action: "reconcile" }, context);

    const template = report.resources.find((r) => r.type === "AWS::ECR::RepositoryCreationTemplate");
    expect(template?.differences.map((d) => [d.path, d.type])).toEqual([["lifecyclePolicy", "NOT_EQUAL"]]);
    expect(writesSince(mark)).toEqual(["ecr:UpdateRepositoryCreationTemplate"]);
  });

  it("is deleted when the block is removed from the config", async () => {
    const { handler, account, putConfig } = setUp(WITH_TEMPLATE);
    await handler(customResource("create"), context);
    putConfig(BASE);

    const report = await handler({ action: "reconcile" }, context);

    expect(report.status).toBe("REMEDIATED");
    expect(account.snapshot().repositoryCreationTemplates).toEqual({});
    expect((await handler({ action: "reconcile" }, context)).writes).toBe(0);
  });

  it("leaves a template it did not create alone and reports the conflict", async () => {
    const { handler, account } = setUp(WITH_TEMPLATE);
    account.seed("ecr", "CreateRepositoryCreationTemplate", {
      prefix: "echo",
      appliedFor: ["PULL_THROUGH_CACHE"],
      description: "made by hand",
    });
    const before = JSON.stringify(account.snapshot().repositoryCreationTemplates);

    const report = await handler({ action: "reconcile" }, context);

    expect(report.resources.find((r) => r.type === "AWS::ECR::RepositoryCreationTemplate")?.status).toBe(
      "CONFLICT",
    );
    expect(JSON.stringify(account.snapshot().repositoryCreationTemplates)).toBe(before);
    // The role and rule do not depend on the template: they are still created.
    expect(Object.keys(account.snapshot().pullThroughCacheRules)).toEqual(["echo"]);
  });

  it("is removed on teardown with the rest", async () => {
    const { handler, account } = setUp(WITH_TEMPLATE);
    await handler(customResource("create"), context);

    const report = await handler(customResource("delete"), context);

    expect(report.status).toBe("DELETED");
    expect(account.snapshot().repositoryCreationTemplates).toEqual({});
  });
});

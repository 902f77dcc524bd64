import { desiredTemplate, lifecyclePolicy } from "../../../../reconciler/resources/template/desired";
import { templateOwnerMark } from "../../../../reconciler/resources/template/ownership";
import { CTX, configOf } from "../../builders";

describe("lifecyclePolicy", () => {
  it.each([
    { reason: "no setting means no policy", settings: {}, rules: [] },
    {
      reason: "expiring untagged images is one rule by push age",
      settings: { expireUntaggedAfterDays: 14 },
      rules: [{ tagStatus: "untagged", countType: "sinceImagePushed", countNumber: 14 }],
    },
    {
      reason: "both settings are two rules in priority order",
      settings: { expireUntaggedAfterDays: 7, keepLastImages: 100 },
      rules: [
        { tagStatus: "untagged", countType: "sinceImagePushed", countNumber: 7 },
        { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 100 },
      ],
    },
  ])("$reason", ({ settings, rules }) => {
    // Act
    const text = lifecyclePolicy(settings);

    // Assess
    const parsed = text === "" ? { rules: [] } : JSON.parse(text);
    expect(parsed.rules.map((r: { rulePriority: number }) => r.rulePriority)).toEqual(
      rules.map((_, i) => i + 1),
    );
    expect(parsed.rules.map((r: { selection: unknown }) => r.selection)).toEqual(
      rules.map((r) => expect.objectContaining(r)),
    );
  });
});

describe("desiredTemplate", () => {
  it("is absent without a repositoryTemplate block", () => {
    // Act
    const template = desiredTemplate(configOf(), CTX);

    // Assess
    expect(template).toBeUndefined();
  });

  it("applies to the cache's prefix for pull-through cache repositories, marked as ours", () => {
    // Act
    const template = desiredTemplate(
      configOf({
        repositoryTemplate: { encryption: "KMS", kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/k" },
      }),
      CTX,
    );

    // Assess
    expect(template).toEqual(
      expect.objectContaining({
        prefix: "echo",
        appliedFor: ["PULL_THROUGH_CACHE"],
        description: templateOwnerMark(CTX.ownerId),
        encryptionConfiguration: {
          encryptionType: "KMS",
          kmsKey: "arn:aws:kms:eu-west-1:111122223333:key/k",
        },
      }),
    );
  });
});

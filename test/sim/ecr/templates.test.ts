import {
  CreateRepositoryCreationTemplateCommand,
  DeleteRepositoryCreationTemplateCommand,
  DescribeRepositoryCreationTemplatesCommand,
  InvalidParameterException,
  TemplateAlreadyExistsException,
  TemplateNotFoundException,
  UpdateRepositoryCreationTemplateCommand,
} from "@aws-sdk/client-ecr";
import { ACCOUNT, rejection } from "../helpers";
import { CREATED, LATER, OTHER_ROLE_ARN, setup } from "./helpers";

describe("repository creation templates", () => {
  const TEMPLATE = {
    prefix: "echo",
    appliedFor: ["PULL_THROUGH_CACHE" as const],
    lifecyclePolicy: JSON.stringify({ rules: [] }),
    resourceTags: [{ Key: "owner", Value: "echo" }],
  };

  it("creates a template, filling in the tag mutability and encryption AWS defaults", async () => {
    const { ecr } = setup();

    const created = await ecr.send(new CreateRepositoryCreationTemplateCommand(TEMPLATE));
    const described = await ecr.send(new DescribeRepositoryCreationTemplatesCommand({ prefixes: ["echo"] }));

    expect(created.registryId).toBe(ACCOUNT);
    expect(described.repositoryCreationTemplates).toEqual([
      {
        ...TEMPLATE,
        imageTagMutability: "MUTABLE",
        encryptionConfiguration: { encryptionType: "AES256" },
        createdAt: CREATED,
        updatedAt: CREATED,
      },
    ]);
  });

  it("updates only the members sent", async () => {
    const { account, ecr, advanceClock } = setup();
    account.seed("ecr", "CreateRepositoryCreationTemplate", TEMPLATE);
    advanceClock();

    await ecr.send(
      new UpdateRepositoryCreationTemplateCommand({ prefix: "echo", imageTagMutability: "IMMUTABLE" }),
    );

    expect(account.snapshot().repositoryCreationTemplates.echo).toMatchObject({
      imageTagMutability: "IMMUTABLE",
      lifecyclePolicy: TEMPLATE.lifecyclePolicy,
      appliedFor: ["PULL_THROUGH_CACHE"],
      updatedAt: LATER.toISOString(),
    });
  });

  const failures = [
    {
      reason: "Describe names a missing prefix",
      send: (ecr: ReturnType<typeof setup>["ecr"]) =>
        ecr.send(new DescribeRepositoryCreationTemplatesCommand({ prefixes: ["missing"] })),
      error: TemplateNotFoundException,
    },
    {
      reason: "Update names a missing prefix",
      send: (ecr: ReturnType<typeof setup>["ecr"]) =>
        ecr.send(new UpdateRepositoryCreationTemplateCommand({ prefix: "missing", description: "x" })),
      error: TemplateNotFoundException,
    },
    {
      reason: "Delete names a missing prefix",
      send: (ecr: ReturnType<typeof setup>["ecr"]) =>
        ecr.send(new DeleteRepositoryCreationTemplateCommand({ prefix: "missing" })),
      error: TemplateNotFoundException,
    },
    {
      reason: "Create names a prefix that has a template",
      send: (ecr: ReturnType<typeof setup>["ecr"]) =>
        ecr.send(new CreateRepositoryCreationTemplateCommand(TEMPLATE)),
      error: TemplateAlreadyExistsException,
    },
    {
      reason: "Create sends no appliedFor",
      send: (ecr: ReturnType<typeof setup>["ecr"]) =>
        ecr.send(new CreateRepositoryCreationTemplateCommand({ prefix: "new", appliedFor: [] })),
      error: InvalidParameterException,
    },
    {
      reason: "Create sends a lifecycle policy that is not JSON",
      send: (ecr: ReturnType<typeof setup>["ecr"]) =>
        ecr.send(
          new CreateRepositoryCreationTemplateCommand({ ...TEMPLATE, prefix: "new", lifecyclePolicy: "{" }),
        ),
      error: InvalidParameterException,
    },
    {
      reason: "Create names a customRoleArn that does not exist",
      send: (ecr: ReturnType<typeof setup>["ecr"]) =>
        ecr.send(
          new CreateRepositoryCreationTemplateCommand({
            ...TEMPLATE,
            prefix: "new",
            customRoleArn: `arn:aws:iam::${ACCOUNT}:role/missing`,
          }),
        ),
      error: InvalidParameterException,
    },
  ];

  it.each(failures)("fails and changes nothing when $reason", async ({ send, error: expected }) => {
    const { account, ecr } = setup();
    account.seed("ecr", "CreateRepositoryCreationTemplate", TEMPLATE);
    const before = account.snapshot();

    const error = await rejection(send(ecr));

    expect(error).toBeInstanceOf(expected);
    expect(account.snapshot()).toEqual(before);
  });

  it("deletes a template and returns it", async () => {
    const { account, ecr } = setup();
    account.seed("ecr", "CreateRepositoryCreationTemplate", TEMPLATE);

    const output = await ecr.send(new DeleteRepositoryCreationTemplateCommand({ prefix: "echo" }));

    expect(output.repositoryCreationTemplate?.prefix).toBe("echo");
    expect(account.snapshot().repositoryCreationTemplates).toEqual({});
  });

  it("keeps a customRoleArn naming a role of this account, and refuses one in another account", async () => {
    const { account, ecr } = setup();

    await ecr.send(
      new CreateRepositoryCreationTemplateCommand({ ...TEMPLATE, customRoleArn: OTHER_ROLE_ARN }),
    );
    const error = await rejection(
      ecr.send(
        new UpdateRepositoryCreationTemplateCommand({
          prefix: "echo",
          customRoleArn: "arn:aws:iam::444455556666:role/other",
        }),
      ),
    );

    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(account.snapshot().repositoryCreationTemplates.echo?.customRoleArn).toBe(OTHER_ROLE_ARN);
  });

  describe("with requireTemplateRole (the ECR User Guide's rule for KMS and tags)", () => {
    const KMS = {
      encryptionType: "KMS" as const,
      kmsKey: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    };
    const cases = [
      { reason: "resource tags", input: TEMPLATE },
      {
        reason: "KMS encryption",
        input: { prefix: "echo", appliedFor: TEMPLATE.appliedFor, encryptionConfiguration: KMS },
      },
    ];

    it.each(cases)(
      "refuses a template with $reason and no customRoleArn, and accepts it with one",
      async ({ input }) => {
        const { account, ecr } = setup();
        account.requireTemplateRole = true;

        const error = await rejection(ecr.send(new CreateRepositoryCreationTemplateCommand(input)));
        await ecr.send(
          new CreateRepositoryCreationTemplateCommand({ ...input, customRoleArn: OTHER_ROLE_ARN }),
        );

        expect(error).toBeInstanceOf(InvalidParameterException);
        expect(account.snapshot().repositoryCreationTemplates.echo?.customRoleArn).toBe(OTHER_ROLE_ARN);
      },
    );

    it("refuses an update that adds tags to a template without a role, and accepts plain templates", async () => {
      const { account, ecr } = setup();
      account.requireTemplateRole = true;
      await ecr.send(
        new CreateRepositoryCreationTemplateCommand({ prefix: "echo", appliedFor: TEMPLATE.appliedFor }),
      );
      const before = account.snapshot();

      const error = await rejection(
        ecr.send(
          new UpdateRepositoryCreationTemplateCommand({
            prefix: "echo",
            resourceTags: TEMPLATE.resourceTags,
          }),
        ),
      );

      expect(error).toBeInstanceOf(InvalidParameterException);
      expect(account.snapshot()).toEqual(before);
    });

    it("is off by default: AWS was seen accepting a tagged template without a role (containers-roadmap#2398)", async () => {
      const { account, ecr } = setup();

      await ecr.send(new CreateRepositoryCreationTemplateCommand(TEMPLATE));

      expect(account.snapshot().repositoryCreationTemplates.echo?.resourceTags).toEqual(
        TEMPLATE.resourceTags,
      );
    });
  });
});

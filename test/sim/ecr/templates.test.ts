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
import { CREATED, LATER, setup } from "./helpers";

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
});

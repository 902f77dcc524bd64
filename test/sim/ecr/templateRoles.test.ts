import {
  CreateRepositoryCreationTemplateCommand,
  UpdateRepositoryCreationTemplateCommand,
} from "@aws-sdk/client-ecr";
import { repositoryCreationFailure, TEMPLATE_SERVICE_LINKED_ROLE_NAME, trustPolicy } from "../../../sim";
import { ACCOUNT } from "../helpers";
import { OTHER_ROLE_ARN, setup } from "./helpers";

/** What ECR does with a template's role: the service-linked role it makes, and what a pull needs of the role. */
const TEMPLATE_ROLE = "echo-pullthrough-template-role";
const TEMPLATE_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${TEMPLATE_ROLE}`;
const KMS = {
  encryptionType: "KMS" as const,
  kmsKey: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
};
const PLAIN = { prefix: "echo", appliedFor: ["PULL_THROUGH_CACHE" as const] };
const TAGGED = { ...PLAIN, resourceTags: [{ Key: "team", Value: "platform" }] };

/** An account with a role trusting ECR, as the reconciler makes the template's role. */
function withTemplateRole() {
  const s = setup();
  s.account.seed("iam", "CreateRole", {
    RoleName: TEMPLATE_ROLE,
    AssumeRolePolicyDocument: trustPolicy("ecr.amazonaws.com"),
  });
  return s;
}

describe("a repository creation template's roles", () => {
  it("makes AWS create the template service-linked role with the first template, trusted by ECR", async () => {
    // Prepare
    const { account, ecr } = setup();

    // Act
    await ecr.send(new CreateRepositoryCreationTemplateCommand(PLAIN));
    await ecr.send(new CreateRepositoryCreationTemplateCommand({ ...PLAIN, prefix: "other" }));

    // Assess
    const slr = account.snapshot().roles[TEMPLATE_SERVICE_LINKED_ROLE_NAME];
    expect(slr).toMatchObject({
      path: "/aws-service-role/ecr.amazonaws.com/",
      serviceLinked: true,
      attachedPolicies: ["arn:aws:iam::aws:policy/aws-service-role/ECRTemplateServiceRolePolicy"],
    });
    expect(JSON.parse(slr?.assumeRolePolicyDocument ?? "{}").Statement[0].Principal).toEqual({
      Service: "ecr.amazonaws.com",
    });
  });

  it("takes the role off a template updated with an empty customRoleArn", async () => {
    // Prepare
    const { account, ecr } = withTemplateRole();
    await ecr.send(
      new CreateRepositoryCreationTemplateCommand({ ...TAGGED, customRoleArn: TEMPLATE_ROLE_ARN }),
    );

    // Act
    await ecr.send(
      new UpdateRepositoryCreationTemplateCommand({ prefix: "echo", resourceTags: [], customRoleArn: "" }),
    );

    // Assess
    expect(account.snapshot().repositoryCreationTemplates.echo?.customRoleArn).toBeUndefined();
  });

  it.each([
    { reason: "a plain template: ECR's own role can create the repository", template: PLAIN },
    {
      reason: "resource tags with the role ECR needs to tag",
      template: { ...TAGGED, customRoleArn: TEMPLATE_ROLE_ARN },
    },
    {
      reason: "KMS with the role ECR needs for the key's grants",
      template: { ...PLAIN, encryptionConfiguration: KMS, customRoleArn: TEMPLATE_ROLE_ARN },
    },
  ])("lets a pull create repositories through $reason", async ({ template }) => {
    // Prepare
    const { account, ecr } = withTemplateRole();

    // Act
    await ecr.send(new CreateRepositoryCreationTemplateCommand(template));

    // Assess
    expect(repositoryCreationFailure(account.snapshot(), "echo")).toBeUndefined();
  });

  it.each([
    {
      reason: "resource tags and no role: the service-linked role cannot tag",
      template: TAGGED,
      failure: /may only call ecr:CreateRepository: a template that uses resource tags needs a customRoleArn/,
    },
    {
      reason: "KMS and no role: the service-linked role has no KMS permissions",
      template: { ...PLAIN, encryptionConfiguration: KMS },
      failure: /KMS encryption needs a customRoleArn/,
    },
    {
      reason: "a role that trusts only the pull-through cache's principal",
      template: { ...TAGGED, customRoleArn: OTHER_ROLE_ARN },
      failure: /cannot be assumed by ecr\.amazonaws\.com/,
    },
  ])("fails the pull's repository creation with $reason", async ({ template, failure }) => {
    // Prepare
    const { account, ecr } = withTemplateRole();

    // Act
    await ecr.send(new CreateRepositoryCreationTemplateCommand(template));

    // Assess
    expect(repositoryCreationFailure(account.snapshot(), "echo")).toMatch(failure);
  });

  it("fails the pull's repository creation once the template's role is deleted", async () => {
    // Prepare
    const { account, ecr } = withTemplateRole();
    await ecr.send(
      new CreateRepositoryCreationTemplateCommand({ ...TAGGED, customRoleArn: TEMPLATE_ROLE_ARN }),
    );

    // Act
    account.seed("iam", "DeleteRole", { RoleName: TEMPLATE_ROLE });

    // Assess
    expect(repositoryCreationFailure(account.snapshot(), "echo")).toMatch(/does not exist/);
  });
});

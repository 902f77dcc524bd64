/**
 * A KMS template that tags its repositories, under Pulumi mocks: the execution role may do what creating that
 * template takes (pass exactly the template's role to ECR, tag it on create, create repositories, ECR's template
 * service-linked role) and nothing the template's role does itself, and the usage instructions let pullers tag
 * the repositories the template creates.
 */
import { BASIC, type Built, componentFixture, policyOf } from "../componentFixture";
import { ACCOUNT, promiseOf, REGION } from "../pulumiHarness";

const fixture = componentFixture();
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const TEMPLATE_ROLE = `arn:aws:iam::${ACCOUNT}:role/echo-pullthrough-template-role`;
const REPOSITORIES = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/echo/*`;

interface Statement {
  readonly Sid?: string;
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: unknown;
}

const actionsOf = (statements: readonly Statement[]) => statements.flatMap((s) => [s.Action].flat());

/** The consumer policy as the usage instructions print it (indented JSON below its heading). */
function consumerPolicyIn(usage: string): { Statement: Statement[] } {
  const start = usage.indexOf("## IAM policy for principals that pull\n");
  const end = usage.indexOf("\n## Grant Echo must have", start);
  return JSON.parse(usage.slice(usage.indexOf("\n", start) + 1, end));
}

describe("a KMS template that tags its repositories, through the component", () => {
  let built: Built;
  beforeAll(async () => {
    fixture.harness.reset();
    built = await fixture.build("echo-cache", {
      ...BASIC,
      repositoryTemplate: { encryption: "KMS", kmsKeyArn: KEY, resourceTags: { team: "platform" } },
    });
  });
  const statement = (sid: string): Statement | undefined =>
    policyOf(built, "echo-cache-reconciler").Statement.find((s: Statement) => s.Sid === sid);

  it("lets the reconciler pass the template's role (the default name) to ECR only, and tag it as ours on create", () => {
    expect(statement("PassTemplateRoleToEcr")).toEqual(
      expect.objectContaining({
        Action: ["iam:PassRole"],
        Resource: expect.arrayContaining([TEMPLATE_ROLE]),
        Condition: { StringEquals: { "iam:PassedToService": "ecr.amazonaws.com" } },
      }),
    );
    expect(statement("TagConfiguredRoleOnCreate")?.Resource).toEqual(expect.arrayContaining([TEMPLATE_ROLE]));
  });

  it("grants what creating the template takes, and neither tagging repositories nor the key's grants (the template's role does those)", () => {
    const statements: Statement[] = policyOf(built, "echo-cache-reconciler").Statement;

    expect(statement("CreateRepositoriesThroughTemplates")?.Action).toEqual([
      "ecr:CreateRepository",
      "ecr:PutLifecyclePolicy",
    ]);
    expect(statement("CreateEcrTemplateServiceLinkedRole")?.Resource).toBe(
      `arn:aws:iam::${ACCOUNT}:role/aws-service-role/ecr.amazonaws.com/AWSServiceRoleForECRTemplate`,
    );
    const actions = actionsOf(statements);
    expect(actions).not.toContain("ecr:TagResource");
    expect(actions).not.toContain("kms:CreateGrant");
  });

  it("prints a consumer policy that may tag, on exactly the cache's repositories", async () => {
    const usage = await promiseOf(built.component.usageInstructions);

    const pull = consumerPolicyIn(usage).Statement.filter((s) => actionsOf([s]).includes("ecr:TagResource"));
    expect(pull).toEqual([
      expect.objectContaining({
        Action: expect.arrayContaining(["ecr:CreateRepository", "ecr:TagResource"]),
        Resource: REPOSITORIES,
      }),
    ]);
  });
});

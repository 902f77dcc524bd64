/**
 * ECR operations of the simulated account: pull-through cache rules and repository creation templates.
 * Inputs are read as the SDK passed them, and only the members the operation's model declares are read
 * (the SDK drops the others when it serializes, e.g. `upstreamRegistryUrl` sent to UpdatePullThroughCacheRule).
 */

import type {
  CreatePullThroughCacheRuleRequest,
  CreatePullThroughCacheRuleResponse,
  CreateRepositoryCreationTemplateRequest,
  CreateRepositoryCreationTemplateResponse,
  DeletePullThroughCacheRuleRequest,
  DeletePullThroughCacheRuleResponse,
  DeleteRepositoryCreationTemplateRequest,
  DeleteRepositoryCreationTemplateResponse,
  DescribePullThroughCacheRulesRequest,
  DescribePullThroughCacheRulesResponse,
  DescribeRepositoryCreationTemplatesRequest,
  DescribeRepositoryCreationTemplatesResponse,
  PullThroughCacheRule,
  RepositoryCreationTemplate,
  UpdatePullThroughCacheRuleRequest,
  UpdatePullThroughCacheRuleResponse,
  UpdateRepositoryCreationTemplateRequest,
  UpdateRepositoryCreationTemplateResponse,
  UpstreamRegistry,
  ValidatePullThroughCacheRuleRequest,
  ValidatePullThroughCacheRuleResponse,
} from "@aws-sdk/client-ecr";
import {
  InvalidParameterException,
  LimitExceededException,
  PullThroughCacheRuleAlreadyExistsException,
  PullThroughCacheRuleNotFoundException,
  TemplateAlreadyExistsException,
  TemplateNotFoundException,
  UnsupportedUpstreamRegistryException,
} from "@aws-sdk/client-ecr";
import type { StringConstraint } from "./constraints";
import { ECR, ECR_QUOTAS, integerViolation, stringViolation } from "./constraints";
import { accessDenied, ecrInvalidParameter, exceptionOptions } from "./errors";
import { findRoleByArn, insertRole } from "./iam";
import { decodeToken, paginate, sortBy } from "./paging";
import { trustAllowsService } from "./policyDocument";
import type { AccountContext, OperationHandler, RoleState, RuleState, TagPair, TemplateState } from "./types";

/** The principal ECR's pull-through cache assumes roles as. */
export const PULL_THROUGH_CACHE_PRINCIPAL = "pullthroughcache.ecr.amazonaws.com";

/** The role AWS creates with the first pull-through cache rule of an account. */
export const SERVICE_LINKED_ROLE_NAME = "AWSServiceRoleForECRPullThroughCache";

const SERVICE_LINKED_ROLE_PATH = `/aws-service-role/${PULL_THROUGH_CACHE_PRINCIPAL}/`;
const SERVICE_LINKED_ROLE_POLICY =
  "arn:aws:iam::aws:policy/aws-service-role/AWSECRPullThroughCache_ServiceRolePolicy";

/**
 * The upstream registry type each documented URL form implies (CreatePullThroughCacheRule's
 * `upstreamRegistryUrl` documentation lists one form per type).
 */
const URL_FORMS: readonly (readonly [RegExp, UpstreamRegistry])[] = [
  [/^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com$/, "ecr"],
  [/^public\.ecr\.aws$/, "ecr-public"],
  [/^quay\.io$/, "quay"],
  [/^registry\.k8s\.io$/, "k8s"],
  [/^registry-1\.docker\.io$/, "docker-hub"],
  [/^ghcr\.io$/, "github-container-registry"],
  [/^[a-z0-9-]+\.azurecr\.io$/, "azure-container-registry"],
  [/^registry\.gitlab\.com$/, "gitlab-container-registry"],
  [/^cgr\.dev$/, "chainguard"],
];

/** Upstreams that need a Secrets Manager secret (ECR User Guide, "Creating a pull through cache rule"). */
const NEEDS_CREDENTIAL: ReadonlySet<string> = new Set([
  "docker-hub",
  "github-container-registry",
  "azure-container-registry",
  "gitlab-container-registry",
]);

type Handler<I> = (context: AccountContext, input: I) => object;

function op<I>(handler: Handler<I>): OperationHandler {
  return (context, input) => handler(context, input as I);
}

function check(member: string, value: unknown, constraint: StringConstraint, required = true): void {
  const violation = stringViolation(value, constraint, required);
  if (violation) throw ecrInvalidParameter(member, violation);
}

function invalid(message: string): InvalidParameterException {
  return new InvalidParameterException(exceptionOptions(message, 400));
}

/**
 * `registryId` defaults to the caller's account. Naming another account's registry is refused as AWS
 * refuses a call on a resource the caller has no permission for (AccessDeniedException).
 */
function registryOf(context: AccountContext, registryId: unknown, operation: string): string {
  check("registryId", registryId, ECR.registryId, false);
  if (registryId !== undefined && registryId !== context.accountId) throw accessDenied("ecr", operation);
  return context.accountId;
}

function checkMaxResults(value: unknown): number {
  const violation = integerViolation(value, ECR.maxResults);
  if (violation) throw ecrInvalidParameter("maxResults", violation);
  return (value as number | undefined) ?? ECR.maxResults.default;
}

function tokenKey(token: unknown): string | undefined {
  if (token === undefined) return undefined;
  const key = typeof token === "string" ? decodeToken(token) : undefined;
  if (key === undefined)
    throw invalid("Invalid parameter at 'nextToken' failed to satisfy constraint: 'Invalid token'");
  return key;
}

/**
 * The role a `customRoleArn` names: it must be a role of this account that exists (the model: "This role
 * must be in the same account as the registry").
 */
function requireCustomRole(context: AccountContext, arn: unknown): RoleState {
  check("customRoleArn", arn, ECR.customRoleArn);
  const text = arn as string;
  const account = text.split(":")[4];
  if (!text.startsWith("arn:aws:iam::") || !text.includes(":role/")) {
    throw invalid(`Invalid parameter at 'customRoleArn': '${text}' is not an IAM role ARN.`);
  }
  if (account !== context.accountId) {
    throw invalid(`The customRoleArn '${text}' must be in the same account as the registry.`);
  }
  const role = findRoleByArn(context.state, text);
  if (!role) throw invalid(`The customRoleArn '${text}' does not exist.`);
  return role;
}

/**
 * IAM eventual consistency (DOMAIN.md: which error AWS gives is UNCONFIRMED): a role created moments ago
 * cannot be assumed yet. The countdown is fault state, not account state: the call still changes nothing.
 */
function requirePropagated(role: RoleState): void {
  if (role.unusableAttemptsLeft > 0) {
    role.unusableAttemptsLeft -= 1;
    throw invalid(
      `Amazon ECR was unable to assume the role '${role.arn}'. Verify that the role exists and that its trust policy allows ${PULL_THROUGH_CACHE_PRINCIPAL}.`,
    );
  }
}

function requireRule(context: AccountContext, prefix: unknown, registryId: string): RuleState {
  check("ecrRepositoryPrefix", prefix, ECR.ruleRepositoryPrefix);
  const rule = context.state.rules.get(prefix as string);
  if (!rule) {
    throw new PullThroughCacheRuleNotFoundException(
      exceptionOptions(
        `The pull through cache rule with ecrRepositoryPrefix '${String(prefix)}' does not exist in the registry with id '${registryId}'`,
        400,
      ),
    );
  }
  return rule;
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function ruleOutput(rule: RuleState): PullThroughCacheRule {
  return {
    ecrRepositoryPrefix: rule.ecrRepositoryPrefix,
    upstreamRegistryUrl: rule.upstreamRegistryUrl,
    createdAt: new Date(rule.createdAt),
    registryId: rule.registryId,
    ...optional("credentialArn", rule.credentialArn),
    ...optional("customRoleArn", rule.customRoleArn),
    ...optional("upstreamRepositoryPrefix", rule.upstreamRepositoryPrefix),
    upstreamRegistry: rule.upstreamRegistry as UpstreamRegistry,
    updatedAt: new Date(rule.updatedAt),
  };
}

function ensureServiceLinkedRole(context: AccountContext): void {
  if (context.state.roles.has(SERVICE_LINKED_ROLE_NAME.toLowerCase())) return;
  const role = insertRole(context, {
    roleName: SERVICE_LINKED_ROLE_NAME,
    path: SERVICE_LINKED_ROLE_PATH,
    assumeRolePolicyDocument: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: PULL_THROUGH_CACHE_PRINCIPAL }, Action: "sts:AssumeRole" },
      ],
    }),
    description: "Allows ECR to manage pull through cache.",
    serviceLinked: true,
    attachedPolicies: [SERVICE_LINKED_ROLE_POLICY],
  });
  role.unusableAttemptsLeft = 0;
}

const createRule = op<CreatePullThroughCacheRuleRequest>(
  (context, input): CreatePullThroughCacheRuleResponse => {
    check("ecrRepositoryPrefix", input.ecrRepositoryPrefix, ECR.ruleRepositoryPrefix);
    check("upstreamRepositoryPrefix", input.upstreamRepositoryPrefix, ECR.ruleRepositoryPrefix, false);
    check("upstreamRegistryUrl", input.upstreamRegistryUrl, {});
    check("credentialArn", input.credentialArn, ECR.credentialArn, false);
    const registryId = registryOf(context, input.registryId, "CreatePullThroughCacheRule");
    const prefix = input.ecrRepositoryPrefix as string;
    const url = input.upstreamRegistryUrl as string;
    if (input.upstreamRepositoryPrefix !== undefined && prefix === "ROOT") {
      throw invalid("upstreamRepositoryPrefix can only be specified when ecrRepositoryPrefix is not ROOT.");
    }
    if (
      input.upstreamRegistry !== undefined &&
      !(ECR.upstreamRegistries as readonly string[]).includes(input.upstreamRegistry)
    ) {
      throw new UnsupportedUpstreamRegistryException(
        exceptionOptions(`The upstream registry '${input.upstreamRegistry}' is not supported.`, 400),
      );
    }
    const implied = URL_FORMS.find(([form]) => form.test(url))?.[1];
    const upstreamRegistry = input.upstreamRegistry ?? implied;
    if (upstreamRegistry === undefined) {
      throw new UnsupportedUpstreamRegistryException(
        exceptionOptions(`The upstream registry URL '${url}' is not supported.`, 400),
      );
    }
    if (implied !== upstreamRegistry) {
      throw invalid(
        `The upstreamRegistryUrl '${url}' is not a valid URL for upstreamRegistry '${upstreamRegistry}'.`,
      );
    }
    if (NEEDS_CREDENTIAL.has(upstreamRegistry) && input.credentialArn === undefined) {
      throw invalid(`A credentialArn is required for upstreamRegistry '${upstreamRegistry}'.`);
    }
    if (upstreamRegistry === "ecr" && input.customRoleArn === undefined) {
      throw invalid("A customRoleArn is required for an upstreamRegistry of 'ecr'.");
    }
    if (context.state.rules.has(prefix)) {
      throw new PullThroughCacheRuleAlreadyExistsException(
        exceptionOptions(
          `The pull through cache rule with ecrRepositoryPrefix '${prefix}' already exists in the registry with id '${registryId}'`,
          400,
        ),
      );
    }
    if (context.state.rules.size >= ECR_QUOTAS.rulesPerRegistry) {
      throw new LimitExceededException(
        exceptionOptions(
          `The maximum number of pull through cache rules (${ECR_QUOTAS.rulesPerRegistry}) for the registry has been reached.`,
          400,
        ),
      );
    }
    const role =
      input.customRoleArn === undefined ? undefined : requireCustomRole(context, input.customRoleArn);
    if (role) requirePropagated(role);
    const now = context.now();
    const rule: RuleState = {
      ecrRepositoryPrefix: prefix,
      registryId,
      upstreamRegistryUrl: url,
      upstreamRegistry,
      ...optional("upstreamRepositoryPrefix", input.upstreamRepositoryPrefix),
      ...optional("customRoleArn", input.customRoleArn),
      ...optional("credentialArn", input.credentialArn),
      createdAt: now,
      updatedAt: now,
    };
    context.state.rules.set(prefix, rule);
    ensureServiceLinkedRole(context);
    return {
      ecrRepositoryPrefix: rule.ecrRepositoryPrefix,
      upstreamRegistryUrl: rule.upstreamRegistryUrl,
      createdAt: new Date(rule.createdAt),
      registryId,
      upstreamRegistry: rule.upstreamRegistry as UpstreamRegistry,
      ...optional("credentialArn", rule.credentialArn),
      ...optional("customRoleArn", rule.customRoleArn),
      ...optional("upstreamRepositoryPrefix", rule.upstreamRepositoryPrefix),
    };
  },
);

const describeRules = op<DescribePullThroughCacheRulesRequest>(
  (context, input): DescribePullThroughCacheRulesResponse => {
    const registryId = registryOf(context, input.registryId, "DescribePullThroughCacheRules");
    const limit = checkMaxResults(input.maxResults);
    const after = tokenKey(input.nextToken);
    const prefixes = input.ecrRepositoryPrefixes;
    if (prefixes !== undefined) {
      if (!Array.isArray(prefixes) || prefixes.length < 1 || prefixes.length > ECR.maxPrefixesPerDescribe) {
        throw ecrInvalidParameter(
          "ecrRepositoryPrefixes",
          `Member must have length between 1 and ${ECR.maxPrefixesPerDescribe}`,
        );
      }
      // A filter naming a missing prefix fails: it does not return an empty list.
      const named = [...new Set(prefixes)].map((prefix) => requireRule(context, prefix, registryId));
      return { pullThroughCacheRules: named.map(ruleOutput) };
    }
    const page = paginate(
      sortBy(context.state.rules.values(), (rule) => rule.ecrRepositoryPrefix),
      (rule) => rule.ecrRepositoryPrefix,
      after,
      limit,
    );
    return { pullThroughCacheRules: page.items.map(ruleOutput), ...optional("nextToken", page.next) };
  },
);

const updateRule = op<UpdatePullThroughCacheRuleRequest>(
  (context, input): UpdatePullThroughCacheRuleResponse => {
    check("ecrRepositoryPrefix", input.ecrRepositoryPrefix, ECR.ruleRepositoryPrefix);
    check("credentialArn", input.credentialArn, ECR.credentialArn, false);
    const registryId = registryOf(context, input.registryId, "UpdatePullThroughCacheRule");
    // Only credentialArn and customRoleArn can change; the upstream fields are fixed at creation.
    if (input.credentialArn === undefined && input.customRoleArn === undefined) {
      throw invalid("At least one of credentialArn or customRoleArn must be specified.");
    }
    const rule = requireRule(context, input.ecrRepositoryPrefix, registryId);
    const role =
      input.customRoleArn === undefined ? undefined : requireCustomRole(context, input.customRoleArn);
    if (role) requirePropagated(role);
    if (input.credentialArn !== undefined) rule.credentialArn = input.credentialArn;
    if (input.customRoleArn !== undefined) rule.customRoleArn = input.customRoleArn;
    rule.updatedAt = context.now();
    return {
      ecrRepositoryPrefix: rule.ecrRepositoryPrefix,
      registryId,
      updatedAt: new Date(rule.updatedAt),
      ...optional("credentialArn", rule.credentialArn),
      ...optional("customRoleArn", rule.customRoleArn),
      ...optional("upstreamRepositoryPrefix", rule.upstreamRepositoryPrefix),
    };
  },
);

const deleteRule = op<DeletePullThroughCacheRuleRequest>(
  (context, input): DeletePullThroughCacheRuleResponse => {
    const registryId = registryOf(context, input.registryId, "DeletePullThroughCacheRule");
    const rule = requireRule(context, input.ecrRepositoryPrefix, registryId);
    // Repositories already cached under the prefix stay: the simulation does not model repositories.
    context.state.rules.delete(rule.ecrRepositoryPrefix);
    return {
      ecrRepositoryPrefix: rule.ecrRepositoryPrefix,
      upstreamRegistryUrl: rule.upstreamRegistryUrl,
      createdAt: new Date(rule.createdAt),
      registryId,
      ...optional("credentialArn", rule.credentialArn),
      ...optional("customRoleArn", rule.customRoleArn),
      ...optional("upstreamRepositoryPrefix", rule.upstreamRepositoryPrefix),
    };
  },
);

/** Why ECR could not reach the upstream through this rule, or undefined when it can. */
function validationFailure(context: AccountContext, rule: RuleState): string | undefined {
  if (rule.customRoleArn !== undefined) {
    const role = findRoleByArn(context.state, rule.customRoleArn);
    if (!role) return `The IAM role '${rule.customRoleArn}' does not exist.`;
    if (!trustAllowsService(role.assumeRolePolicyDocument, PULL_THROUGH_CACHE_PRINCIPAL)) {
      return `The IAM role '${rule.customRoleArn}' cannot be assumed by ${PULL_THROUGH_CACHE_PRINCIPAL}.`;
    }
  }
  if (context.state.deniedUpstreams.has(rule.upstreamRegistryUrl)) {
    return `Access to the upstream registry '${rule.upstreamRegistryUrl}' was denied for account ${context.accountId}.`;
  }
  return undefined;
}

const validateRule = op<ValidatePullThroughCacheRuleRequest>(
  (context, input): ValidatePullThroughCacheRuleResponse => {
    const registryId = registryOf(context, input.registryId, "ValidatePullThroughCacheRule");
    const rule = requireRule(context, input.ecrRepositoryPrefix, registryId);
    const failure = validationFailure(context, rule);
    return {
      ecrRepositoryPrefix: rule.ecrRepositoryPrefix,
      registryId,
      upstreamRegistryUrl: rule.upstreamRegistryUrl,
      ...optional("credentialArn", rule.credentialArn),
      ...optional("customRoleArn", rule.customRoleArn),
      ...optional("upstreamRepositoryPrefix", rule.upstreamRepositoryPrefix),
      isValid: failure === undefined,
      ...optional("failure", failure),
    };
  },
);

type TemplateFields = Partial<Omit<CreateRepositoryCreationTemplateRequest, "prefix">>;

/** Checks the template members a Create or Update sends; `creating` makes `appliedFor` required. */
function checkTemplateFields(context: AccountContext, input: TemplateFields, creating: boolean): void {
  check("description", input.description, ECR.templateDescription, false);
  check("lifecyclePolicy", input.lifecyclePolicy, ECR.lifecyclePolicy, false);
  check("repositoryPolicy", input.repositoryPolicy, ECR.repositoryPolicy, false);
  if (input.appliedFor !== undefined || creating) {
    const appliedFor = input.appliedFor;
    if (!Array.isArray(appliedFor) || appliedFor.length === 0) {
      throw ecrInvalidParameter("appliedFor", "Member must not be null or empty");
    }
    for (const value of appliedFor) {
      if (!(ECR.appliedFor as readonly string[]).includes(value)) {
        throw ecrInvalidParameter(
          "appliedFor",
          `Member must satisfy enum value set: [${ECR.appliedFor.join(", ")}]`,
        );
      }
    }
  }
  if (
    input.imageTagMutability !== undefined &&
    !(ECR.imageTagMutability as readonly string[]).includes(input.imageTagMutability)
  ) {
    throw ecrInvalidParameter(
      "imageTagMutability",
      `Member must satisfy enum value set: [${ECR.imageTagMutability.join(", ")}]`,
    );
  }
  const encryption = input.encryptionConfiguration;
  if (encryption !== undefined) {
    if (!(ECR.encryptionType as readonly string[]).includes(encryption.encryptionType as string)) {
      throw ecrInvalidParameter(
        "encryptionConfiguration.encryptionType",
        `Member must satisfy enum value set: [${ECR.encryptionType.join(", ")}]`,
      );
    }
    check("encryptionConfiguration.kmsKey", encryption.kmsKey, ECR.kmsKey, false);
  }
  for (const [member, text] of [
    ["lifecyclePolicy", input.lifecyclePolicy],
    ["repositoryPolicy", input.repositoryPolicy],
  ] as const) {
    if (text !== undefined && text !== "" && !isJson(text))
      throw invalid(`Invalid parameter at '${member}': not valid JSON.`);
  }
  for (const tag of input.resourceTags ?? []) {
    if (typeof tag?.Key !== "string" || typeof tag.Value !== "string") {
      throw ecrInvalidParameter("resourceTags", "Member must have Key and Value");
    }
  }
  if (input.customRoleArn !== undefined) requireCustomRole(context, input.customRoleArn);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function requireTemplate(context: AccountContext, prefix: unknown): TemplateState {
  check("prefix", prefix, ECR.templatePrefix);
  const template = context.state.templates.get(prefix as string);
  if (!template) {
    throw new TemplateNotFoundException(
      exceptionOptions(
        `The repository creation template with prefix '${String(prefix)}' does not exist.`,
        400,
      ),
    );
  }
  return template;
}

function copyTags(tags: readonly { Key?: string; Value?: string }[]): TagPair[] {
  return tags.map((tag) => ({ Key: tag.Key ?? "", Value: tag.Value ?? "" }));
}

function templateOutput(template: TemplateState): RepositoryCreationTemplate {
  return {
    prefix: template.prefix,
    ...optional("description", template.description),
    encryptionConfiguration: {
      ...template.encryptionConfiguration,
    } as RepositoryCreationTemplate["encryptionConfiguration"],
    ...optional("resourceTags", template.resourceTags && copyTags(template.resourceTags)),
    imageTagMutability: template.imageTagMutability as RepositoryCreationTemplate["imageTagMutability"],
    ...optional(
      "imageTagMutabilityExclusionFilters",
      template.imageTagMutabilityExclusionFilters?.map((filter) => ({ ...filter })) as
        | RepositoryCreationTemplate["imageTagMutabilityExclusionFilters"]
        | undefined,
    ),
    ...optional("repositoryPolicy", template.repositoryPolicy),
    ...optional("lifecyclePolicy", template.lifecyclePolicy),
    appliedFor: [...template.appliedFor] as RepositoryCreationTemplate["appliedFor"],
    ...optional("customRoleArn", template.customRoleArn),
    createdAt: new Date(template.createdAt),
    updatedAt: new Date(template.updatedAt),
  };
}

const createTemplate = op<CreateRepositoryCreationTemplateRequest>(
  (context, input): CreateRepositoryCreationTemplateResponse => {
    check("prefix", input.prefix, ECR.templatePrefix);
    checkTemplateFields(context, input, true);
    const prefix = input.prefix as string;
    if (context.state.templates.has(prefix)) {
      throw new TemplateAlreadyExistsException(
        exceptionOptions(`The repository creation template with prefix '${prefix}' already exists.`, 400),
      );
    }
    const now = context.now();
    const template: TemplateState = {
      prefix,
      ...optional("description", input.description),
      appliedFor: [...(input.appliedFor ?? [])],
      // AWS fills in these two when the request leaves them out (Terraform marks them computed).
      imageTagMutability: input.imageTagMutability ?? "MUTABLE",
      encryptionConfiguration: {
        encryptionType: input.encryptionConfiguration?.encryptionType ?? "AES256",
        ...optional("kmsKey", input.encryptionConfiguration?.kmsKey),
      },
      ...optional(
        "imageTagMutabilityExclusionFilters",
        input.imageTagMutabilityExclusionFilters?.map((f) => ({
          filterType: String(f.filterType),
          filter: String(f.filter),
        })),
      ),
      ...optional("repositoryPolicy", input.repositoryPolicy),
      ...optional("lifecyclePolicy", input.lifecyclePolicy),
      ...optional("resourceTags", input.resourceTags && copyTags(input.resourceTags)),
      ...optional("customRoleArn", input.customRoleArn),
      createdAt: now,
      updatedAt: now,
    };
    context.state.templates.set(prefix, template);
    return { registryId: context.accountId, repositoryCreationTemplate: templateOutput(template) };
  },
);

const describeTemplates = op<DescribeRepositoryCreationTemplatesRequest>(
  (context, input): DescribeRepositoryCreationTemplatesResponse => {
    const limit = checkMaxResults(input.maxResults);
    const after = tokenKey(input.nextToken);
    if (input.prefixes !== undefined && input.prefixes.length > 0) {
      // The model lists no TemplateNotFoundException for this operation; the simulation throws it for a
      // named prefix that is missing, as Terraform's provider expects. Adapters should also treat an
      // empty list as not found.
      const named = [...new Set(input.prefixes)].map((prefix) => requireTemplate(context, prefix));
      return { registryId: context.accountId, repositoryCreationTemplates: named.map(templateOutput) };
    }
    const page = paginate(
      sortBy(context.state.templates.values(), (template) => template.prefix),
      (template) => template.prefix,
      after,
      limit,
    );
    return {
      registryId: context.accountId,
      repositoryCreationTemplates: page.items.map(templateOutput),
      ...optional("nextToken", page.next),
    };
  },
);

const updateTemplate = op<UpdateRepositoryCreationTemplateRequest>(
  (context, input): UpdateRepositoryCreationTemplateResponse => {
    const template = requireTemplate(context, input.prefix);
    checkTemplateFields(context, input, false);
    if (input.description !== undefined) template.description = input.description;
    if (input.appliedFor !== undefined) template.appliedFor = [...input.appliedFor];
    if (input.imageTagMutability !== undefined) template.imageTagMutability = input.imageTagMutability;
    if (input.imageTagMutabilityExclusionFilters !== undefined) {
      template.imageTagMutabilityExclusionFilters = input.imageTagMutabilityExclusionFilters.map((f) => ({
        filterType: String(f.filterType),
        filter: String(f.filter),
      }));
    }
    if (input.repositoryPolicy !== undefined) template.repositoryPolicy = input.repositoryPolicy;
    if (input.lifecyclePolicy !== undefined) template.lifecyclePolicy = input.lifecyclePolicy;
    if (input.encryptionConfiguration !== undefined) {
      template.encryptionConfiguration = {
        encryptionType: String(input.encryptionConfiguration.encryptionType),
        ...optional("kmsKey", input.encryptionConfiguration.kmsKey),
      };
    }
    if (input.resourceTags !== undefined) template.resourceTags = copyTags(input.resourceTags);
    if (input.customRoleArn !== undefined) template.customRoleArn = input.customRoleArn;
    template.updatedAt = context.now();
    return { registryId: context.accountId, repositoryCreationTemplate: templateOutput(template) };
  },
);

const deleteTemplate = op<DeleteRepositoryCreationTemplateRequest>(
  (context, input): DeleteRepositoryCreationTemplateResponse => {
    const template = requireTemplate(context, input.prefix);
    context.state.templates.delete(template.prefix);
    return { registryId: context.accountId, repositoryCreationTemplate: templateOutput(template) };
  },
);

/** ECR operations by name. */
export const ECR_OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  CreatePullThroughCacheRule: createRule,
  DescribePullThroughCacheRules: describeRules,
  UpdatePullThroughCacheRule: updateRule,
  DeletePullThroughCacheRule: deleteRule,
  ValidatePullThroughCacheRule: validateRule,
  CreateRepositoryCreationTemplate: createTemplate,
  DescribeRepositoryCreationTemplates: describeTemplates,
  UpdateRepositoryCreationTemplate: updateTemplate,
  DeleteRepositoryCreationTemplate: deleteTemplate,
};

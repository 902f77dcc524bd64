/**
 * ECR repository creation templates: Create, Describe, Update and Delete.
 */
import type {
  CreateRepositoryCreationTemplateRequest,
  CreateRepositoryCreationTemplateResponse,
  DeleteRepositoryCreationTemplateRequest,
  DeleteRepositoryCreationTemplateResponse,
  DescribeRepositoryCreationTemplatesRequest,
  DescribeRepositoryCreationTemplatesResponse,
  RepositoryCreationTemplate,
  UpdateRepositoryCreationTemplateRequest,
  UpdateRepositoryCreationTemplateResponse,
} from "@aws-sdk/client-ecr";
import { TemplateAlreadyExistsException, TemplateNotFoundException } from "@aws-sdk/client-ecr";
import { ECR } from "../constraints";
import { ecrInvalidParameter, exceptionOptions } from "../errors";
import { op } from "../operation";
import { paginate, sortBy } from "../paging";
import { trustAllowsService } from "../policyDocument";
import type { AccountSnapshot } from "../snapshot";
import type { AccountContext, TagPair, TemplateState } from "../types";
import { check, checkEnum, checkMaxResults, invalid, optional, requireCustomRole, tokenKey } from "./common";
import {
  ensureServiceLinkedRole,
  TEMPLATE_PRINCIPAL,
  TEMPLATE_SERVICE_LINKED_ROLE_NAME,
} from "./serviceLinkedRole";

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
    for (const value of appliedFor) checkEnum("appliedFor", value, ECR.appliedFor);
  }
  if (input.imageTagMutability !== undefined) {
    checkEnum("imageTagMutability", input.imageTagMutability, ECR.imageTagMutability);
  }
  const encryption = input.encryptionConfiguration;
  if (encryption !== undefined) {
    checkEnum("encryptionConfiguration.encryptionType", encryption.encryptionType, ECR.encryptionType);
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
  // "" names no role: how a role is taken off a template (Terraform's provider sends it; docs/aws-facts.md).
  if (input.customRoleArn) requireCustomRole(context, input.customRoleArn);
}

/**
 * The documented requirement, enforced only when {@link AccountContext.requireTemplateRole} is set (see
 * SimulatedAccount.requireTemplateRole): a template with KMS encryption or resource tags names a role ECR
 * assumes to create the repositories, because the service-linked role may only call ecr:CreateRepository
 * (ECR User Guide, "Repository creation templates" and "ECRTemplateServiceRolePolicy").
 */
function checkNeedsRole(context: AccountContext, template: TemplateFields): void {
  if (!context.requireTemplateRole) return;
  const needs = roleNeed(template);
  if (needs !== undefined)
    throw invalid(`A customRoleArn is required for a repository creation template that uses ${needs}.`);
}

/** What makes the template need a role of its own, when it has none: the SLR may only call CreateRepository. */
function roleNeed(template: {
  readonly customRoleArn?: string | undefined;
  readonly encryptionConfiguration?: { readonly encryptionType?: string | undefined } | undefined;
  readonly resourceTags?: readonly unknown[] | undefined;
}): string | undefined {
  if (template.customRoleArn) return undefined;
  if ((template.encryptionConfiguration?.encryptionType ?? "AES256") !== "AES256") return "KMS encryption";
  return (template.resourceTags ?? []).length > 0 ? "resource tags" : undefined;
}

/**
 * Why ECR could not create a repository under `prefix` from the template there, or undefined when it could
 * (or no template is there). Not an ECR API: what happens when a pull through the cache creates a repository;
 * the pull then reports "not found" (containers-roadmap#2398). Checks what ECR needs of the role it assumes:
 * that it exists and trusts ECR; the role's permissions are the IAM simulation tests' to check.
 *
 * @example
 * expect(repositoryCreationFailure(account.snapshot(), "echo")).toBeUndefined();
 */
export function repositoryCreationFailure(snapshot: AccountSnapshot, prefix: string): string | undefined {
  const template = snapshot.repositoryCreationTemplates[prefix];
  if (template === undefined) return undefined;
  const needs = roleNeed(template);
  if (needs !== undefined)
    return `${TEMPLATE_SERVICE_LINKED_ROLE_NAME} may only call ecr:CreateRepository: a template that uses ${needs} needs a customRoleArn.`;
  const arn = template.customRoleArn;
  if (!arn) return undefined;
  const role = Object.values(snapshot.roles).find((r) => r.arn.toLowerCase() === arn.toLowerCase());
  if (role === undefined) return `The IAM role '${arn}' does not exist.`;
  if (!trustAllowsService(role.assumeRolePolicyDocument, TEMPLATE_PRINCIPAL))
    return `The IAM role '${arn}' cannot be assumed by ${TEMPLATE_PRINCIPAL}.`;
  return undefined;
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

function copyFilters(
  filters: readonly { filterType?: string; filter?: string }[],
): { filterType: string; filter: string }[] {
  return filters.map((f) => ({ filterType: String(f.filterType), filter: String(f.filter) }));
}

type Output = RepositoryCreationTemplate;

function templateOutput(template: TemplateState): Output {
  return {
    prefix: template.prefix,
    ...optional("description", template.description),
    encryptionConfiguration: { ...template.encryptionConfiguration } as Output["encryptionConfiguration"],
    ...optional("resourceTags", template.resourceTags && copyTags(template.resourceTags)),
    imageTagMutability: template.imageTagMutability as Output["imageTagMutability"],
    ...optional(
      "imageTagMutabilityExclusionFilters",
      template.imageTagMutabilityExclusionFilters &&
        (copyFilters(
          template.imageTagMutabilityExclusionFilters,
        ) as Output["imageTagMutabilityExclusionFilters"]),
    ),
    ...optional("repositoryPolicy", template.repositoryPolicy),
    ...optional("lifecyclePolicy", template.lifecyclePolicy),
    appliedFor: [...template.appliedFor] as Output["appliedFor"],
    ...optional("customRoleArn", template.customRoleArn),
    createdAt: new Date(template.createdAt),
    updatedAt: new Date(template.updatedAt),
  };
}

/** The response of Create, Update and Delete: the registry and the template. */
function answer(context: AccountContext, template: TemplateState): CreateRepositoryCreationTemplateResponse {
  return { registryId: context.accountId, repositoryCreationTemplate: templateOutput(template) };
}

export const CreateRepositoryCreationTemplate = op<CreateRepositoryCreationTemplateRequest>(
  (context, input): CreateRepositoryCreationTemplateResponse => {
    check("prefix", input.prefix, ECR.templatePrefix);
    checkTemplateFields(context, input, true);
    checkNeedsRole(context, input);
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
        input.imageTagMutabilityExclusionFilters && copyFilters(input.imageTagMutabilityExclusionFilters),
      ),
      ...optional("repositoryPolicy", input.repositoryPolicy),
      ...optional("lifecyclePolicy", input.lifecyclePolicy),
      ...optional("resourceTags", input.resourceTags && copyTags(input.resourceTags)),
      ...optional("customRoleArn", input.customRoleArn || undefined),
      createdAt: now,
      updatedAt: now,
    };
    context.state.templates.set(prefix, template);
    ensureServiceLinkedRole(context, "template");
    return answer(context, template);
  },
);

export const DescribeRepositoryCreationTemplates = op<DescribeRepositoryCreationTemplatesRequest>(
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
    const byPrefix = (template: TemplateState) => template.prefix;
    const page = paginate(sortBy(context.state.templates.values(), byPrefix), byPrefix, after, limit);
    return {
      registryId: context.accountId,
      repositoryCreationTemplates: page.items.map(templateOutput),
      ...optional("nextToken", page.next),
    };
  },
);

export const UpdateRepositoryCreationTemplate = op<UpdateRepositoryCreationTemplateRequest>(
  (context, input): UpdateRepositoryCreationTemplateResponse => {
    const template = requireTemplate(context, input.prefix);
    checkTemplateFields(context, input, false);
    const role =
      input.customRoleArn !== undefined ? input.customRoleArn || undefined : template.customRoleArn;
    checkNeedsRole(context, {
      ...optional("customRoleArn", role),
      encryptionConfiguration: (input.encryptionConfiguration ??
        template.encryptionConfiguration) as TemplateFields["encryptionConfiguration"],
      resourceTags: input.resourceTags ?? template.resourceTags,
    });
    if (input.description !== undefined) template.description = input.description;
    if (input.appliedFor !== undefined) template.appliedFor = [...input.appliedFor];
    if (input.imageTagMutability !== undefined) template.imageTagMutability = input.imageTagMutability;
    if (input.imageTagMutabilityExclusionFilters !== undefined) {
      template.imageTagMutabilityExclusionFilters = copyFilters(input.imageTagMutabilityExclusionFilters);
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
    if (role === undefined) delete template.customRoleArn;
    else template.customRoleArn = role;
    template.updatedAt = context.now();
    return answer(context, template);
  },
);

export const DeleteRepositoryCreationTemplate = op<DeleteRepositoryCreationTemplateRequest>(
  (context, input): DeleteRepositoryCreationTemplateResponse => {
    const template = requireTemplate(context, input.prefix);
    context.state.templates.delete(template.prefix);
    return answer(context, template);
  },
);

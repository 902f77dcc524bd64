/**
 * ECR pull-through cache rules: Create, Describe, Update, Delete and Validate.
 * Only the members the operation's model declares are read (the SDK drops the others when it serializes,
 * e.g. `upstreamRegistryUrl` sent to UpdatePullThroughCacheRule).
 */
import type {
  CreatePullThroughCacheRuleRequest,
  CreatePullThroughCacheRuleResponse,
  DeletePullThroughCacheRuleRequest,
  DeletePullThroughCacheRuleResponse,
  DescribePullThroughCacheRulesRequest,
  DescribePullThroughCacheRulesResponse,
  PullThroughCacheRule,
  UpdatePullThroughCacheRuleRequest,
  UpdatePullThroughCacheRuleResponse,
  ValidatePullThroughCacheRuleRequest,
  ValidatePullThroughCacheRuleResponse,
} from "@aws-sdk/client-ecr";
import {
  LimitExceededException,
  PullThroughCacheRuleAlreadyExistsException,
  PullThroughCacheRuleNotFoundException,
} from "@aws-sdk/client-ecr";
import { ECR, ECR_QUOTAS } from "../constraints";
import { ecrInvalidParameter, exceptionOptions } from "../errors";
import { findRoleByArn } from "../iam";
import { op } from "../operation";
import { paginate, sortBy } from "../paging";
import { trustAllowsService } from "../policyDocument";
import type { AccountContext, RoleState, RuleState } from "../types";
import { check, checkMaxResults, invalid, optional, registryOf, requireCustomRole, tokenKey } from "./common";
import { ensureServiceLinkedRole, PULL_THROUGH_CACHE_PRINCIPAL } from "./serviceLinkedRole";
import { upstreamRegistryOf } from "./upstreams";

/**
 * IAM eventual consistency (docs/aws-facts.md, "IAM eventual consistency": which error AWS gives is UNCONFIRMED): a role created moments ago
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

/** The usable role a create or update names, or undefined when it names none. */
function usableRole(context: AccountContext, arn: unknown): RoleState | undefined {
  if (arn === undefined) return undefined;
  const role = requireCustomRole(context, arn);
  requirePropagated(role);
  return role;
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

/** The members a rule and every output about one carry (DescribePullThroughCacheRules' `PullThroughCacheRule`). */
function ruleOutput(rule: RuleState): PullThroughCacheRule {
  return {
    ecrRepositoryPrefix: rule.ecrRepositoryPrefix,
    upstreamRegistryUrl: rule.upstreamRegistryUrl,
    createdAt: new Date(rule.createdAt),
    registryId: rule.registryId,
    ...optional("credentialArn", rule.credentialArn),
    ...optional("customRoleArn", rule.customRoleArn),
    ...optional("upstreamRepositoryPrefix", rule.upstreamRepositoryPrefix),
    upstreamRegistry: rule.upstreamRegistry as PullThroughCacheRule["upstreamRegistry"],
    updatedAt: new Date(rule.updatedAt),
  };
}

/** `output` without the members an operation's response shape does not have. */
function without<T extends object, K extends keyof T>(output: T, ...keys: K[]): Omit<T, K> {
  const copy = { ...output };
  for (const key of keys) delete copy[key];
  return copy;
}

export const CreatePullThroughCacheRule = op<CreatePullThroughCacheRuleRequest>(
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
    const upstreamRegistry = upstreamRegistryOf({ ...input, url });
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
    usableRole(context, input.customRoleArn);
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
    // CreatePullThroughCacheRuleResponse has createdAt and no updatedAt.
    return without(ruleOutput(rule), "updatedAt");
  },
);

export const DescribePullThroughCacheRules = op<DescribePullThroughCacheRulesRequest>(
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
    const byPrefix = (rule: RuleState) => rule.ecrRepositoryPrefix;
    const page = paginate(sortBy(context.state.rules.values(), byPrefix), byPrefix, after, limit);
    return { pullThroughCacheRules: page.items.map(ruleOutput), ...optional("nextToken", page.next) };
  },
);

export const UpdatePullThroughCacheRule = op<UpdatePullThroughCacheRuleRequest>(
  (context, input): UpdatePullThroughCacheRuleResponse => {
    check("ecrRepositoryPrefix", input.ecrRepositoryPrefix, ECR.ruleRepositoryPrefix);
    check("credentialArn", input.credentialArn, ECR.credentialArn, false);
    const registryId = registryOf(context, input.registryId, "UpdatePullThroughCacheRule");
    // Only credentialArn and customRoleArn can change; the upstream fields are fixed at creation.
    if (input.credentialArn === undefined && input.customRoleArn === undefined) {
      throw invalid("At least one of credentialArn or customRoleArn must be specified.");
    }
    const rule = requireRule(context, input.ecrRepositoryPrefix, registryId);
    usableRole(context, input.customRoleArn);
    if (input.credentialArn !== undefined) rule.credentialArn = input.credentialArn;
    if (input.customRoleArn !== undefined) rule.customRoleArn = input.customRoleArn;
    rule.updatedAt = context.now();
    // UpdatePullThroughCacheRuleResponse has updatedAt and neither createdAt nor the upstream URL or type.
    return without(ruleOutput(rule), "createdAt", "upstreamRegistryUrl", "upstreamRegistry");
  },
);

export const DeletePullThroughCacheRule = op<DeletePullThroughCacheRuleRequest>(
  (context, input): DeletePullThroughCacheRuleResponse => {
    const registryId = registryOf(context, input.registryId, "DeletePullThroughCacheRule");
    const rule = requireRule(context, input.ecrRepositoryPrefix, registryId);
    // Repositories already cached under the prefix stay: the simulation does not model repositories.
    context.state.rules.delete(rule.ecrRepositoryPrefix);
    // DeletePullThroughCacheRuleResponse has neither updatedAt nor upstreamRegistry.
    return without(ruleOutput(rule), "updatedAt", "upstreamRegistry");
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

export const ValidatePullThroughCacheRule = op<ValidatePullThroughCacheRuleRequest>(
  (context, input): ValidatePullThroughCacheRuleResponse => {
    const registryId = registryOf(context, input.registryId, "ValidatePullThroughCacheRule");
    const rule = requireRule(context, input.ecrRepositoryPrefix, registryId);
    const failure = validationFailure(context, rule);
    return {
      ...without(ruleOutput(rule), "createdAt", "updatedAt", "upstreamRegistry"),
      isValid: failure === undefined,
      ...optional("failure", failure),
    };
  },
);

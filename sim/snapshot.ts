/**
 * Snapshots: deep, plain, key-sorted copies of an account's state, for "nothing changed" assertions.
 */
import { deepCopy } from "./copy";
import { SERVICE_LINKED_ROLE_NAME } from "./ecr";
import { sortBy } from "./paging";
import type { AccountState, ParameterState, RoleState, RuleState, TemplateState } from "./types";

/** A deep, plain, key-sorted copy of an account's state, for "nothing changed" assertions. */
export interface AccountSnapshot {
  readonly accountId: string;
  readonly region: string;
  /** By role name. */
  readonly roles: Record<string, RoleSnapshot>;
  readonly managedPolicies: string[];
  readonly serviceLinkedRoleExists: boolean;
  /** By ecrRepositoryPrefix. */
  readonly pullThroughCacheRules: Record<string, RuleSnapshot>;
  /** By prefix. */
  readonly repositoryCreationTemplates: Record<string, TemplateSnapshot>;
  /** By name. */
  readonly parameters: Record<string, ParameterSnapshot>;
  readonly deniedUpstreams: string[];
}

export interface RoleSnapshot {
  readonly roleName: string;
  readonly path: string;
  readonly roleId: string;
  readonly arn: string;
  readonly createDate: string;
  readonly description?: string;
  readonly maxSessionDuration: number;
  /** As sent (not URL-encoded). */
  readonly assumeRolePolicyDocument: string;
  readonly inlinePolicies: Record<string, string>;
  readonly attachedPolicies: string[];
  readonly tags: Record<string, string>;
  /** Set only when the role has a permissions boundary. */
  readonly permissionsBoundary?: string;
  readonly serviceLinked: boolean;
}

export type RuleSnapshot = Omit<RuleState, "createdAt" | "updatedAt"> & {
  readonly createdAt: string;
  readonly updatedAt: string;
};

export type TemplateSnapshot = Omit<TemplateState, "createdAt" | "updatedAt"> & {
  readonly createdAt: string;
  readonly updatedAt: string;
};

export type ParameterSnapshot = Omit<ParameterState, "lastModifiedDate"> & {
  readonly lastModifiedDate: string;
};

/** True once AWS would have created `AWSServiceRoleForECRPullThroughCache` (with the first rule). */
export function serviceLinkedRoleExists(state: AccountState): boolean {
  return state.roles.get(SERVICE_LINKED_ROLE_NAME.toLowerCase())?.serviceLinked === true;
}

/**
 * The snapshot of one account and Region. Fault bookkeeping (injections, propagation countdowns) is not
 * account state and is left out.
 */
export function snapshotOf(accountId: string, region: string, state: AccountState): AccountSnapshot {
  return {
    accountId,
    region,
    roles: byKey(state.roles.values(), (role) => role.roleName, roleSnapshot),
    managedPolicies: [...state.managedPolicies].sort(),
    serviceLinkedRoleExists: serviceLinkedRoleExists(state),
    pullThroughCacheRules: byKey(state.rules.values(), (rule) => rule.ecrRepositoryPrefix, dated),
    repositoryCreationTemplates: byKey(state.templates.values(), (template) => template.prefix, dated),
    parameters: byKey(
      state.parameters.values(),
      (parameter) => parameter.name,
      (parameter) => ({
        ...sortedCopy(parameter),
        lastModifiedDate: parameter.lastModifiedDate.toISOString(),
      }),
    ),
    deniedUpstreams: [...state.deniedUpstreams].sort(),
  };
}

function roleSnapshot(role: RoleState): RoleSnapshot {
  return {
    roleName: role.roleName,
    path: role.path,
    roleId: role.roleId,
    arn: role.arn,
    createDate: role.createDate.toISOString(),
    ...(role.description !== undefined ? { description: role.description } : {}),
    maxSessionDuration: role.maxSessionDuration,
    assumeRolePolicyDocument: role.assumeRolePolicyDocument,
    inlinePolicies: Object.fromEntries(sortBy(role.inlinePolicies, ([name]) => name)),
    attachedPolicies: [...role.attachedPolicies].sort(),
    tags: Object.fromEntries(sortBy(role.tags.values(), (tag) => tag.Key).map((tag) => [tag.Key, tag.Value])),
    ...(role.permissionsBoundary !== undefined ? { permissionsBoundary: role.permissionsBoundary } : {}),
    serviceLinked: role.serviceLinked,
  };
}

/** A rule or template with its dates as ISO strings. */
function dated<T extends { createdAt: Date; updatedAt: Date }>(
  item: T,
): Omit<T, "createdAt" | "updatedAt"> & { createdAt: string; updatedAt: string } {
  return {
    ...sortedCopy(item),
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
  };
}

function byKey<T, S>(items: Iterable<T>, key: (item: T) => string, map: (item: T) => S): Record<string, S> {
  return Object.fromEntries(sortBy(items, key).map((item) => [key(item), map(item)]));
}

/** A deep copy with object keys in sorted order and undefined members dropped. */
function sortedCopy<T extends object>(value: T): T {
  return sortKeys(deepCopy(value)) as T;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Date || typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

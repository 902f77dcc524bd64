/**
 * The names the fleet chooses: one cache per account×Region, each named so that nothing collides. IAM is one
 * namespace per account (docs/aws-facts.md, "IAM API": role names are unique per account, ignoring case), so
 * every account-wide name a cache makes carries the Region: the role ECR assumes gets the Region's code, and
 * the cache's own roles are autonamed from the child's name, which has it too. Regional names (SSM, logs,
 * Lambda, schedules) are unique by the child's name as well. Pure: no Pulumi here.
 */
import { defaultRoleName, defaultTemplateRoleName } from "../../common/config/schema";
import { DEFAULT_REPOSITORY_PREFIX, MAX_ROLE_NAME_LENGTH } from "../../common/constants";
import { partitionOf, roleArn } from "../../common/names";
import { REGION_CODE_MAX_LENGTH, regionCode } from "../../common/regions";
import { COMPONENT_NAME_MAX_LENGTH } from "../constants";
import { dashboardName, type InstanceIdentity } from "../naming";

/** An AWS account id: 12 digits. */
const ACCOUNT_ID_LENGTH = 12;

/**
 * The longest fleet name: a child is `<fleet>-<account>-<region code>`, and a child's name is a component
 * name (at most {@link COMPONENT_NAME_MAX_LENGTH}, which leaves room for the autonamed roles and functions).
 */
export const FLEET_NAME_MAX_LENGTH =
  COMPONENT_NAME_MAX_LENGTH - ACCOUNT_ID_LENGTH - REGION_CODE_MAX_LENGTH - 2;

/** The role every target account is reached through unless its target names another: AWS Organizations' default. */
export const DEFAULT_TARGET_ROLE_NAME = "OrganizationAccountAccessRole";

/**
 * The name of the cache of one account×Region.
 *
 * @example
 * cacheName("platform", "111111111111", "eu-west-1"); // "platform-111111111111-euw1"
 */
export function cacheName(fleet: string, accountId: string, region: string): string {
  return `${fleet}-${accountId}-${regionCode(region)}`;
}

/**
 * The role ECR assumes in one Region of an account: the configured (or default) role name with the Region's
 * code, so that the caches of two Regions of one account never claim one role.
 *
 * @example
 * regionalRoleName(undefined, "echo", "eu-west-1"); // "echo-pullthrough-cache-role-euw1"
 * regionalRoleName("legacy-role", "echo", "us-east-1"); // "legacy-role-use1"
 */
export function regionalRoleName(
  roleName: string | undefined,
  repositoryPrefix: string,
  region: string,
): string {
  return `${roleName ?? defaultRoleName(repositoryPrefix)}-${regionCode(region)}`;
}

/**
 * The role ECR assumes to create repositories from a template (KMS or resource tags) in one Region of an
 * account: like {@link regionalRoleName}, as IAM role names are account-wide.
 *
 * @example
 * regionalTemplateRoleName(undefined, "echo", "eu-west-1"); // "echo-pullthrough-template-role-euw1"
 */
export function regionalTemplateRoleName(
  roleName: string | undefined,
  repositoryPrefix: string,
  region: string,
): string {
  return `${roleName ?? defaultTemplateRoleName(repositoryPrefix)}-${regionCode(region)}`;
}

/** Cache args as plain values, as far as the Region's names go. */
export interface NamedArgs {
  readonly roleName?: string | undefined;
  readonly repositoryPrefix?: string | undefined;
  readonly repositoryTemplate?: unknown;
}

/**
 * A template with its role named for the Region; anything that is not a template object (absent, or a value
 * the config schema will refuse, naming it) as it is.
 */
export function regionalTemplate(
  template: unknown,
  repositoryPrefix: string | undefined,
  region: string,
): unknown {
  if (typeof template !== "object" || template === null || Array.isArray(template)) return template;
  const roleName = (template as { readonly roleName?: unknown }).roleName;
  return {
    ...template,
    roleName: regionalTemplateRoleName(
      typeof roleName === "string" ? roleName : undefined,
      repositoryPrefix ?? DEFAULT_REPOSITORY_PREFIX,
      region,
    ),
  };
}

/**
 * Plain cache args with the Region's names: the pull role's and, with a template, its role's (the prefix the
 * config schema defaults to is `echo`).
 *
 * @example
 * regionalArgs({ repositoryTemplate: { resourceTags: { team: "a" } } }, "eu-west-1");
 * // { roleName: "echo-pullthrough-cache-role-euw1",
 * //   repositoryTemplate: { resourceTags: …, roleName: "echo-pullthrough-template-role-euw1" } }
 */
export function regionalArgs<T extends NamedArgs>(args: T, region: string): T {
  const { repositoryPrefix, repositoryTemplate } = args;
  return {
    ...args,
    roleName: regionalRoleName(args.roleName, repositoryPrefix ?? DEFAULT_REPOSITORY_PREFIX, region),
    ...(repositoryTemplate !== undefined
      ? { repositoryTemplate: regionalTemplate(repositoryTemplate, repositoryPrefix, region) }
      : {}),
  };
}

/** The longest role name a fleet may be given: the Region's code must still fit IAM's limit. */
export const FLEET_ROLE_NAME_MAX_LENGTH = MAX_ROLE_NAME_LENGTH - REGION_CODE_MAX_LENGTH - 1;

/**
 * The role the fleet's providers assume in an account: `OrganizationAccountAccessRole` in the account's
 * partition (taken from the Region: an account belongs to one partition, and its ARNs carry it).
 *
 * @example
 * targetRoleArn("111111111111", "us-gov-west-1"); // "arn:aws-us-gov:iam::111111111111:role/OrganizationAccountAccessRole"
 */
export function targetRoleArn(accountId: string, region: string): string {
  return roleArn(partitionOf(region), accountId, "/", DEFAULT_TARGET_ROLE_NAME);
}

/**
 * The session name of the providers' assumed roles (`[\w+=,.@-]`, 2–64 characters): it says who acts in
 * CloudTrail.
 */
export function sessionName(fleet: string): string {
  return `echo-ptc-${fleet}`.slice(0, 64);
}

/** The fleet's identity as a name key: a component name has no `/`, so no cache's owner id can equal it. */
function fleetKey(id: InstanceIdentity): InstanceIdentity {
  return { ...id, name: `${id.name}/fleet` };
}

/**
 * The fleet dashboard's name, keyed on the fleet like a cache's dashboard on its owner id (dashboards are
 * account-wide), never equal to a cache's.
 */
export function fleetDashboardName(id: InstanceIdentity): string {
  return dashboardName(fleetKey(id));
}

/**
 * The name of the monitoring account's OAM sink in each Region (`[A-Za-z0-9_.-]`, 1–255; one sink per account
 * and Region, docs/aws-facts.md, "CloudWatch cross-account observability"): the same shape as the dashboard's.
 */
export function sinkName(id: InstanceIdentity): string {
  return fleetDashboardName(id);
}

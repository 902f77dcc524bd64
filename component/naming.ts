import { createHash } from "node:crypto";
import { TAG_VALUE_PATTERN } from "../common/config/schema";
import { STATE_PARAMETER_SUFFIX, TAG_VALUE_MAX_LENGTH } from "../common/constants";
import { roleArn as coreRoleArn } from "../common/names";
import {
  DASHBOARD_NAME_HASH_LENGTH,
  DASHBOARD_NAME_MAX_LENGTH,
  DASHBOARD_NAME_PREFIX,
  FUNCTION_NAME_MAX_LENGTH,
  NAME_ROOT,
} from "./constants";

/** Where one component instance lives: the Pulumi project and stack, and the component's name. */
export interface InstanceIdentity {
  readonly project: string;
  readonly stack: string;
  readonly name: string;
}

/**
 * The reconciler's owner id, the value of the ownership tag on the role it manages:
 * `<project>/<stack>/<name>`. Stable across deployments of the same stack, different for every
 * component instance (Pulumi forbids two resources with the same name and type in one stack).
 *
 * @example
 * ownerId({ project: "platform", stack: "prod", name: "echo-cache" }); // "platform/prod/echo-cache"
 */
export function ownerId(id: InstanceIdentity): string {
  return `${id.project}/${id.stack}/${id.name}`;
}

/** Problems with an owner id as an IAM tag value (≤256 characters of `[\p{L}\p{Z}\p{N}_.:/=+\-@]`). */
export function ownerIdErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > TAG_VALUE_MAX_LENGTH) {
    errors.push(`ownerId: '<project>/<stack>/<name>' must be at most ${TAG_VALUE_MAX_LENGTH} characters`);
  }
  if (!TAG_VALUE_PATTERN.test(value)) {
    errors.push(
      "ownerId: '<project>/<stack>/<name>' may contain only letters, digits, spaces and _ . : / = + - @",
    );
  }
  return errors;
}

/**
 * The hierarchy every name the component chooses itself lives under: `/echo-ptc/<project>/<stack>/<name>`.
 *
 * Deterministic rather than autonamed, so people can type it (`aws ssm put-parameter --name ...`)
 * and it survives a re-create. It is unique per owner id: two instances in one stack differ by name,
 * two stacks by stack. The only possible collision is the same project/stack/name deployed twice into
 * one account, which would also share an owner id and fight over the role; then creation fails loudly
 * (ParameterAlreadyExists) instead of two reconcilers silently sharing a config.
 */
export function namePath(id: InstanceIdentity): string {
  return `${NAME_ROOT}/${id.project}/${id.stack}/${id.name}`;
}

/**
 * Name of the SSM config parameter.
 *
 * @example
 * configParameterName({ project: "platform", stack: "prod", name: "echo-cache" });
 * // "/echo-ptc/platform/prod/echo-cache/config"
 */
export function configParameterName(id: InstanceIdentity): string {
  return `${namePath(id)}/config`;
}

/** Name of the CloudWatch log group the Lambda writes to. */
export function logGroupName(id: InstanceIdentity): string {
  return namePath(id);
}

/**
 * Name of the CloudWatch dashboard: `echo-ptc_<project>_<stack>_<name>_<hash>`.
 *
 * Dashboards are global to the account (their ARN has no Region) and their names allow only
 * `[A-Za-z0-9_-]` (PutDashboard), so the name is keyed on the owner id like the role's ownership tag.
 * Sanitising maps `/` and `.` to `_`, which can make two owner ids read the same (`a_b/c` and
 * `a/b_c`); the sha256 of the unsanitised owner id at the end keeps them apart. The readable part is
 * cut, never the hash, should the name exceed 255 characters.
 *
 * @example
 * dashboardName({ project: "platform", stack: "prod", name: "echo-cache" });
 * // "echo-ptc_platform_prod_echo-cache_" + 8 hex characters
 */
export function dashboardName(id: InstanceIdentity): string {
  const hash = ownerHash(id);
  const readable = `${DASHBOARD_NAME_PREFIX}_${ownerId(id)}`.replace(/[^A-Za-z0-9_-]/g, "_");
  return `${readable.slice(0, DASHBOARD_NAME_MAX_LENGTH - hash.length - 1)}_${hash}`;
}

/** The first characters of the owner id's sha256, in hex: what keeps sanitised names apart. */
function ownerHash(id: InstanceIdentity): string {
  return createHash("sha256").update(ownerId(id)).digest("hex").slice(0, DASHBOARD_NAME_HASH_LENGTH);
}

/**
 * Name of the reconciler Lambda: `echo-ptc-<name>-<hash>`, at most 64 characters of `[A-Za-z0-9_-]`
 * (CreateFunction's `FunctionName`).
 *
 * Deterministic rather than autonamed: when the function is deleted out of band, `pulumi up --refresh`
 * creates it again under the same name, so the Invocation (whose `functionName` forces a replacement)
 * stays as it is and `pulumi destroy` can still run its delete (README, "Lifecycle"). Function names
 * are per Region; the sha256 of the owner id (as in {@link dashboardName}) keeps two stacks or projects
 * of one Region apart, and the component name (≤40 characters, `.` sanitised to `_`) keeps it readable.
 *
 * @example
 * functionName({ project: "platform", stack: "prod", name: "echo-cache" });
 * // "echo-ptc-echo-cache-" + 8 hex characters
 */
export function functionName(id: InstanceIdentity): string {
  const readable = `${DASHBOARD_NAME_PREFIX}-${id.name}`.replace(/[^A-Za-z0-9_-]/g, "_");
  const hash = ownerHash(id);
  return `${readable.slice(0, FUNCTION_NAME_MAX_LENGTH - hash.length - 1)}-${hash}`;
}

/** The reconciler's state parameter (written by the Lambda): the config parameter's name + `.state`. */
export function stateParameterName(configParameterName: string): string {
  return `${configParameterName}${STATE_PARAMETER_SUFFIX}`;
}

/** ARN of the state parameter, from the config parameter's ARN (same account, Region and path). */
export function stateParameterArn(configParameterArn: string): string {
  return `${configParameterArn}${STATE_PARAMETER_SUFFIX}`;
}

/**
 * ARN of an IAM role from its path and name.
 *
 * @example
 * roleArn({ partition: "aws", accountId: "111111111111", path: "/", name: "r" }); // "arn:aws:iam::111111111111:role/r"
 */
export function roleArn(p: { partition: string; accountId: string; path: string; name: string }): string {
  // One definition with the Lambda's desired state, so the policy names exactly the ARN the reconciler makes.
  return coreRoleArn(p.partition, p.accountId, p.path, p.name);
}

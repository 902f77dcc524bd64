/**
 * Policy documents for setting up a simulated account: a trust policy for a service principal and a
 * permissions policy. Plain JSON text, as IAM takes it.
 */

/**
 * A trust policy letting `service` assume the role.
 *
 * @example
 * account.seed("iam", "CreateRole", { RoleName: "r", AssumeRolePolicyDocument: trustPolicy("pullthroughcache.ecr.amazonaws.com") });
 */
export function trustPolicy(service: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
  });
}

/**
 * A permissions policy allowing `actions` on `resource`.
 *
 * @example
 * permissionsPolicy(["ecr:BatchGetImage"], "*");
 */
export function permissionsPolicy(
  actions: readonly string[],
  resource: string | readonly string[] = "*",
): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: [...actions], Resource: resource }],
  });
}

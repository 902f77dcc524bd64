import { type Service, SimulatedAccount, UnsupportedOperationError } from "../../sim";

/** Every operation the simulated account answers. The table is built from the service modules' exports. */
const OPERATIONS: Record<Service, string[]> = {
  iam: [
    "AttachRolePolicy",
    "CreateRole",
    "DeleteRole",
    "DeleteRolePermissionsBoundary",
    "DeleteRolePolicy",
    "DetachRolePolicy",
    "GetRole",
    "GetRolePolicy",
    "ListAttachedRolePolicies",
    "ListRolePolicies",
    "ListRoleTags",
    "ListRoles",
    "PutRolePermissionsBoundary",
    "PutRolePolicy",
    "TagRole",
    "UntagRole",
    "UpdateAssumeRolePolicy",
    "UpdateRole",
  ],
  ecr: [
    "CreatePullThroughCacheRule",
    "CreateRepositoryCreationTemplate",
    "DeletePullThroughCacheRule",
    "DeleteRepositoryCreationTemplate",
    "DescribePullThroughCacheRules",
    "DescribeRepositoryCreationTemplates",
    "UpdatePullThroughCacheRule",
    "UpdateRepositoryCreationTemplate",
    "ValidatePullThroughCacheRule",
  ],
  ssm: ["DeleteParameter", "GetParameter", "GetParameters", "PutParameter"],
  sts: ["GetCallerIdentity"],
};

function supports(service: Service, operation: string): boolean {
  try {
    new SimulatedAccount().seed(service, operation, {});
    return true;
  } catch (error) {
    return !(error instanceof UnsupportedOperationError);
  }
}

describe("the operations the account answers", () => {
  it.each(Object.entries(OPERATIONS))("answers every listed %s operation", (service, operations) => {
    expect(operations.filter((operation) => !supports(service as Service, operation))).toEqual([]);
  });

  it.each([
    ["iam", "InsertRole"],
    ["iam", "CheckTags"],
    ["iam", "AWS_MANAGED_POLICIES"],
    ["ecr", "CreateRepository"],
    ["sts", "CALLER_ROLE_NAME"],
  ] as const)("treats %s %s, a helper or an operation it lacks, as unsupported", (service, operation) => {
    expect(supports(service, operation)).toBe(false);
  });
});

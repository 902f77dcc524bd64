import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  type IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { ROLE_DESCRIPTION } from "../../../common/constants";
import { RESOURCE_TYPES } from "../../../common/types";
import { type CommandTable, type ResourceAdapter, type Step, sendStep } from "../../engine/adapter";
import type { FieldDifference } from "../../engine/difference";
import { call, errorName } from "../../engine/errors";
import type { Observation } from "../../engine/types";
import { tagList } from "../tags";
import { diffRole, ROLE_FIELD, roleNeedsReplace } from "./diff";
import type { DesiredRole, RoleActual } from "./types";

const COMMANDS: CommandTable = {
  "iam:CreateRole": CreateRoleCommand,
  "iam:UpdateAssumeRolePolicy": UpdateAssumeRolePolicyCommand,
  "iam:PutRolePolicy": PutRolePolicyCommand,
  "iam:DeleteRolePolicy": DeleteRolePolicyCommand,
  "iam:DetachRolePolicy": DetachRolePolicyCommand,
  "iam:TagRole": TagRoleCommand,
  "iam:UntagRole": UntagRoleCommand,
  "iam:DeleteRole": DeleteRoleCommand,
};

const notFound = (e: unknown) => errorName(e) === "NoSuchEntityException" || errorName(e) === "NoSuchEntity";

/**
 * The IAM role ECR assumes. Observe reads the role, our inline policy, the names of all inline policies and the
 * attached managed policies in parallel (four reads, no list scan of the account).
 */
export class RoleAdapter implements ResourceAdapter<DesiredRole, RoleActual> {
  readonly type = RESOURCE_TYPES.role;
  readonly order = 1;
  readonly dependsOn = [] as const;
  // A role name is unique, so the new role cannot exist before the old is deleted: the rule would point at
  // nothing in between, and a role of another path may not be ours to create (see the execution policy).
  readonly noReplace =
    "IAM cannot move a role to another path: set rolePath back, or delete the role and the reconciler creates it at the new path";

  constructor(
    private readonly iam: IAMClient,
    private readonly inlinePolicyName: string,
  ) {}

  async observe(roleName: string): Promise<Observation<RoleActual>> {
    const target = roleName;
    const [role, policy, names, attached] = await Promise.all([
      call("iam:GetRole", target, () => this.iam.send(new GetRoleCommand({ RoleName: roleName }))).catch(
        this.missing,
      ),
      call("iam:GetRolePolicy", target, () =>
        this.iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: this.inlinePolicyName })),
      ).catch(this.missing),
      this.listInlinePolicyNames(roleName).catch(this.missing),
      this.listAttachedPolicyArns(roleName).catch(this.missing),
    ]);
    if (role === undefined || role.Role === undefined) return { exists: false };
    const r = role.Role;
    return {
      exists: true,
      actual: {
        name: r.RoleName ?? roleName,
        path: r.Path ?? "/",
        arn: r.Arn ?? "",
        trustPolicy: r.AssumeRolePolicyDocument ?? "{}",
        inlinePolicyNames: (names ?? []).slice().sort(),
        ...(policy?.PolicyDocument !== undefined ? { inlinePolicy: policy.PolicyDocument } : {}),
        attachedPolicyArns: (attached ?? []).slice().sort(),
        tags: Object.fromEntries((r.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""])),
        ...(r.CreateDate ? { createDate: new Date(r.CreateDate) } : {}),
      },
    };
  }

  /** Not-found becomes `undefined`; the role may vanish between the parallel reads. */
  private readonly missing = (e: unknown): undefined => {
    if (notFound((e as Error).cause ?? e)) return undefined;
    throw e;
  };

  private async listInlinePolicyNames(roleName: string): Promise<string[]> {
    const names: string[] = [];
    let marker: string | undefined;
    do {
      const page = await call("iam:ListRolePolicies", roleName, () =>
        this.iam.send(
          new ListRolePoliciesCommand({ RoleName: roleName, ...(marker ? { Marker: marker } : {}) }),
        ),
      );
      names.push(...(page.PolicyNames ?? []));
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    return names;
  }

  private async listAttachedPolicyArns(roleName: string): Promise<string[]> {
    const arns: string[] = [];
    let marker: string | undefined;
    do {
      const page = await call("iam:ListAttachedRolePolicies", roleName, () =>
        this.iam.send(
          new ListAttachedRolePoliciesCommand({ RoleName: roleName, ...(marker ? { Marker: marker } : {}) }),
        ),
      );
      arns.push(...(page.AttachedPolicies ?? []).map((p) => p.PolicyArn ?? ""));
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    return arns;
  }

  diff(desired: DesiredRole, actual: RoleActual): FieldDifference[] {
    return diffRole(desired, actual);
  }

  needsReplace(differences: readonly FieldDifference[]): boolean {
    return roleNeedsReplace(differences);
  }

  createSteps(desired: DesiredRole): Step[] {
    return [
      {
        operation: "iam:CreateRole",
        target: desired.name,
        input: {
          RoleName: desired.name,
          Path: desired.path,
          AssumeRolePolicyDocument: JSON.stringify(desired.trustPolicy),
          Description: ROLE_DESCRIPTION,
          Tags: tagList(desired.tags),
        },
        propagates: true,
      },
      this.putPolicy(desired),
    ];
  }

  private putPolicy(desired: DesiredRole): Step {
    return {
      operation: "iam:PutRolePolicy",
      target: `${desired.name}/${desired.inlinePolicyName}`,
      input: {
        RoleName: desired.name,
        PolicyName: desired.inlinePolicyName,
        PolicyDocument: JSON.stringify(desired.inlinePolicy),
      },
      propagates: true,
    };
  }

  /**
   * The fewest calls that fix the differences. Tags go first: on an adopted role the ownership tag is what
   * lets the reconciler's own tag-scoped permissions cover the calls that follow.
   */
  updateSteps(desired: DesiredRole, _actual: RoleActual, differences: readonly FieldDifference[]): Step[] {
    const steps: Step[] = [];
    const tags = differences.filter((d) => d.field === ROLE_FIELD.tags);
    const set = tags.filter((d) => d.type !== "REMOVE");
    if (set.length > 0) {
      steps.push({
        operation: "iam:TagRole",
        target: desired.name,
        input: { RoleName: desired.name, Tags: set.map((d) => ({ Key: d.key, Value: d.expected })) },
      });
    }
    const unset = tags.filter((d) => d.type === "REMOVE");
    if (unset.length > 0) {
      steps.push({
        operation: "iam:UntagRole",
        target: desired.name,
        input: { RoleName: desired.name, TagKeys: unset.map((d) => d.key) },
      });
    }
    for (const d of differences) steps.push(...this.fieldSteps(desired, d));
    return steps;
  }

  /** The call that fixes one non-tag difference (none for tags, sent above, or the path, never fixed). */
  private fieldSteps(desired: DesiredRole, d: FieldDifference): Step[] {
    switch (d.field) {
      case ROLE_FIELD.trustPolicy:
        return [
          {
            operation: "iam:UpdateAssumeRolePolicy",
            target: desired.name,
            input: { RoleName: desired.name, PolicyDocument: JSON.stringify(desired.trustPolicy) },
            propagates: true,
          },
        ];
      case ROLE_FIELD.inlinePolicies:
        return [
          d.key === desired.inlinePolicyName ? this.putPolicy(desired) : deletePolicy(desired.name, d.key),
        ];
      case ROLE_FIELD.managedPolicies:
        return [detachPolicy(desired.name, d.key)];
      default:
        return [];
    }
  }

  /** IAM refuses DeleteRole (DeleteConflict) while policies remain: remove them first. */
  deleteSteps(actual: RoleActual): Step[] {
    return [
      ...actual.inlinePolicyNames.map((name) => deletePolicy(actual.name, name)),
      ...actual.attachedPolicyArns.map((arn) => detachPolicy(actual.name, arn)),
      { operation: "iam:DeleteRole", target: actual.name, input: { RoleName: actual.name } },
    ];
  }

  execute(step: Step): Promise<void> {
    return sendStep(this.iam, COMMANDS, step);
  }
}

function deletePolicy(roleName: string, policyName: string | undefined): Step {
  return {
    operation: "iam:DeleteRolePolicy",
    target: `${roleName}/${policyName}`,
    input: { RoleName: roleName, PolicyName: policyName },
  };
}

function detachPolicy(roleName: string, policyArn: string | undefined): Step {
  return {
    operation: "iam:DetachRolePolicy",
    target: `${roleName} ${policyArn}`,
    input: { RoleName: roleName, PolicyArn: policyArn },
  };
}

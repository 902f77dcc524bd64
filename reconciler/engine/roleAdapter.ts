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
import { ROLE_DESCRIPTION } from "../../common/constants";
import { type Difference, type Observation, RESOURCE_TYPES } from "../../common/types";
import type { DesiredRole } from "../core/desired";
import { diffRole, type RoleActual } from "../core/diff";
import { type CommandTable, type ResourceAdapter, type Step, sendStep } from "./adapter";
import { call, errorName } from "./errors";

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

/** `Tags[team]` → ["Tags", "team"]. */
function splitPath(path: string): [string, string] | undefined {
  const m = /^(\w+)\[(.*)\]$/.exec(path);
  return m ? [m[1] as string, m[2] as string] : undefined;
}

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

  diff(desired: DesiredRole, actual: RoleActual): Difference[] {
    return diffRole(desired, actual);
  }

  /** IAM cannot change a role's path: only deleting and creating it again would. */
  needsReplace(differences: readonly Difference[]): boolean {
    return differences.some((d) => d.path === "Path");
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
          Tags: Object.entries(desired.tags)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([Key, Value]) => ({ Key, Value })),
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
  updateSteps(desired: DesiredRole, _actual: RoleActual, differences: readonly Difference[]): Step[] {
    const steps: Step[] = [];
    const set = differences.filter((d) => d.path.startsWith("Tags[") && d.type !== "REMOVE");
    if (set.length > 0) {
      steps.push({
        operation: "iam:TagRole",
        target: desired.name,
        input: {
          RoleName: desired.name,
          Tags: set.map((d) => ({ Key: splitPath(d.path)?.[1], Value: d.expected })),
        },
      });
    }
    const unset = differences.filter((d) => d.path.startsWith("Tags[") && d.type === "REMOVE");
    if (unset.length > 0) {
      steps.push({
        operation: "iam:UntagRole",
        target: desired.name,
        input: { RoleName: desired.name, TagKeys: unset.map((d) => splitPath(d.path)?.[1]) },
      });
    }
    for (const d of differences) {
      const [kind, key] = splitPath(d.path) ?? [d.path, ""];
      if (kind === "AssumeRolePolicyDocument") {
        steps.push({
          operation: "iam:UpdateAssumeRolePolicy",
          target: desired.name,
          input: { RoleName: desired.name, PolicyDocument: JSON.stringify(desired.trustPolicy) },
          propagates: true,
        });
      } else if (kind === "Policies" && key === desired.inlinePolicyName) {
        steps.push(this.putPolicy(desired));
      } else if (kind === "Policies") {
        steps.push({
          operation: "iam:DeleteRolePolicy",
          target: `${desired.name}/${key}`,
          input: { RoleName: desired.name, PolicyName: key },
        });
      } else if (kind === "ManagedPolicyArns") {
        steps.push({
          operation: "iam:DetachRolePolicy",
          target: `${desired.name} ${key}`,
          input: { RoleName: desired.name, PolicyArn: key },
        });
      }
    }
    return steps;
  }

  /** IAM refuses DeleteRole (DeleteConflict) while policies remain: remove them first. */
  deleteSteps(actual: RoleActual): Step[] {
    return [
      ...actual.inlinePolicyNames.map((name) => ({
        operation: "iam:DeleteRolePolicy",
        target: `${actual.name}/${name}`,
        input: { RoleName: actual.name, PolicyName: name },
      })),
      ...actual.attachedPolicyArns.map((arn) => ({
        operation: "iam:DetachRolePolicy",
        target: `${actual.name} ${arn}`,
        input: { RoleName: actual.name, PolicyArn: arn },
      })),
      { operation: "iam:DeleteRole", target: actual.name, input: { RoleName: actual.name } },
    ];
  }

  execute(step: Step): Promise<void> {
    return sendStep(this.iam, COMMANDS, step);
  }
}

import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
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
import { OWNER_TAG_KEY } from "../../../common/constants";
import {
  type CommandTable,
  KindAdapter,
  type ResourceKind,
  type Step,
  type StepResult,
  sendDelete,
  sendStep,
} from "../../engine/adapter";
import { call, errorName } from "../../engine/errors";
import type { Observation } from "../../engine/types";
import { roleKind } from "./kind";
import type { DesiredRole, RoleActual } from "./types";

const COMMANDS: CommandTable = {
  "iam:CreateRole": CreateRoleCommand,
  "iam:UpdateAssumeRolePolicy": UpdateAssumeRolePolicyCommand,
  "iam:PutRolePolicy": PutRolePolicyCommand,
  "iam:DeleteRolePolicy": DeleteRolePolicyCommand,
  "iam:DeleteRolePermissionsBoundary": DeleteRolePermissionsBoundaryCommand,
  "iam:DetachRolePolicy": DetachRolePolicyCommand,
  "iam:TagRole": TagRoleCommand,
  "iam:UntagRole": UntagRoleCommand,
  "iam:DeleteRole": DeleteRoleCommand,
};

const notFound = (e: unknown) => errorName(e) === "NoSuchEntityException" || errorName(e) === "NoSuchEntity";

/**
 * An IAM role ECR assumes (the pull role, or with `templateRoleKind` the template's). Observe reads the role,
 * our inline policy, the names of all inline policies and the attached managed policies in parallel (four
 * reads, no list scan of the account).
 */
export class RoleAdapter extends KindAdapter<DesiredRole, RoleActual> {
  constructor(
    private readonly iam: IAMClient,
    /** Whose document to read: the desired role's inline policy; none when nothing is desired. */
    private readonly inlinePolicyName?: string,
    kind: ResourceKind<DesiredRole, RoleActual> = roleKind,
  ) {
    super(kind);
  }

  async observe(roleName: string): Promise<Observation<RoleActual>> {
    const target = roleName;
    const [role, policy, names, attached] = await Promise.all([
      call("iam:GetRole", target, () => this.iam.send(new GetRoleCommand({ RoleName: roleName }))).catch(
        this.missing,
      ),
      this.readInlinePolicy(roleName),
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
        ...(r.PermissionsBoundary?.PermissionsBoundaryArn
          ? { permissionsBoundaryArn: r.PermissionsBoundary.PermissionsBoundaryArn }
          : {}),
        ...(r.CreateDate ? { createDate: new Date(r.CreateDate) } : {}),
      },
    };
  }

  private async readInlinePolicy(roleName: string) {
    const policyName = this.inlinePolicyName;
    if (policyName === undefined) return undefined;
    return call("iam:GetRolePolicy", roleName, () =>
      this.iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })),
    ).catch(this.missing);
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

  /**
   * A lost response is finished, not failed: a delete that meets NoSuchEntity is done; a CreateRole that
   * meets EntityAlreadyExists is done when the role there carries the ownership tag it was created with.
   */
  async execute(step: Step): Promise<StepResult | undefined> {
    if (DELETES.has(step.operation)) return sendDelete(this.iam, COMMANDS, step, notFound);
    try {
      await sendStep(this.iam, COMMANDS, step);
    } catch (e) {
      if (step.operation !== "iam:CreateRole" || !alreadyExists((e as Error).cause ?? e)) throw e;
      if (!(await this.createdAsAsked(step))) throw e;
    }
    return undefined;
  }

  private async createdAsAsked(step: Step): Promise<boolean> {
    const input = step.input as { RoleName: string; Path: string; Tags: { Key: string; Value: string }[] };
    const owner = input.Tags.find((t) => t.Key === OWNER_TAG_KEY)?.Value;
    const o = await this.observe(input.RoleName);
    return (
      o.exists &&
      o.actual.path === input.Path &&
      owner !== undefined &&
      o.actual.tags[OWNER_TAG_KEY] === owner
    );
  }
}

const DELETES = new Set([
  "iam:DeleteRole",
  "iam:DeleteRolePolicy",
  "iam:DetachRolePolicy",
  "iam:DeleteRolePermissionsBoundary",
]);
const alreadyExists = (e: unknown) =>
  ["EntityAlreadyExistsException", "EntityAlreadyExists"].includes(errorName(e));

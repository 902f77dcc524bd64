import {
  CreateRepositoryCreationTemplateCommand,
  DeleteRepositoryCreationTemplateCommand,
  DescribeRepositoryCreationTemplatesCommand,
  type DescribeRepositoryCreationTemplatesCommandOutput,
  type ECRClient,
  UpdateRepositoryCreationTemplateCommand,
} from "@aws-sdk/client-ecr";
import {
  type CommandTable,
  KindAdapter,
  type Step,
  type StepResult,
  sendDelete,
  sendStep,
} from "../../engine/adapter";
import { call, errorName } from "../../engine/errors";
import type { Observation } from "../../engine/types";
import { templateKind } from "./kind";
import type { DesiredTemplate, TemplateActual } from "./types";

const COMMANDS: CommandTable = {
  "ecr:CreateRepositoryCreationTemplate": CreateRepositoryCreationTemplateCommand,
  "ecr:UpdateRepositoryCreationTemplate": UpdateRepositoryCreationTemplateCommand,
  "ecr:DeleteRepositoryCreationTemplate": DeleteRepositoryCreationTemplateCommand,
};

/**
 * ECR repository creation templates (applied for PULL_THROUGH_CACHE). Templates cannot be tagged, so the
 * description carries the ownership mark. Every field can be updated in place.
 */
export class TemplateAdapter extends KindAdapter<DesiredTemplate, TemplateActual> {
  constructor(private readonly ecr: ECRClient) {
    super(templateKind);
  }

  async observe(prefix: string): Promise<Observation<TemplateActual>> {
    let out: DescribeRepositoryCreationTemplatesCommandOutput;
    try {
      out = await call("ecr:DescribeRepositoryCreationTemplates", prefix, () =>
        this.ecr.send(new DescribeRepositoryCreationTemplatesCommand({ prefixes: [prefix] })),
      );
    } catch (e) {
      // ECR answers a named missing prefix with TemplateNotFoundException (its model does not list it).
      if (notFound((e as Error).cause)) return { exists: false };
      throw e;
    }
    // An empty list also means not found.
    const t = out.repositoryCreationTemplates?.find((x) => x.prefix === prefix);
    if (!t) return { exists: false };
    return {
      exists: true,
      actual: {
        prefix,
        ...(t.description !== undefined ? { description: t.description } : {}),
        appliedFor: t.appliedFor ?? [],
        ...(t.imageTagMutability !== undefined ? { imageTagMutability: t.imageTagMutability } : {}),
        ...(t.lifecyclePolicy !== undefined ? { lifecyclePolicy: t.lifecyclePolicy } : {}),
        ...(t.encryptionConfiguration ? { encryptionConfiguration: t.encryptionConfiguration } : {}),
        resourceTags: Object.fromEntries((t.resourceTags ?? []).map((x) => [x.Key ?? "", x.Value ?? ""])),
        ...(t.customRoleArn ? { customRoleArn: t.customRoleArn } : {}),
      },
    };
  }

  /**
   * A lost response is finished, not failed: a delete that meets TemplateNotFound is done; a create that
   * meets TemplateAlreadyExists is done when the template there carries the mark it was created with.
   */
  async execute(step: Step): Promise<StepResult | undefined> {
    if (step.operation === "ecr:DeleteRepositoryCreationTemplate") {
      return sendDelete(this.ecr, COMMANDS, step, notFound);
    }
    try {
      await sendStep(this.ecr, COMMANDS, step);
    } catch (e) {
      const cause = (e as Error).cause ?? e;
      if (
        step.operation !== "ecr:CreateRepositoryCreationTemplate" ||
        errorName(cause) !== "TemplateAlreadyExistsException"
      )
        throw e;
      const o = await this.observe(String(step.input.prefix));
      if (!o.exists || o.actual.description !== step.input.description) throw e;
    }
    return undefined;
  }
}

const notFound = (e: unknown) => errorName(e) === "TemplateNotFoundException";

import {
  CreateRepositoryCreationTemplateCommand,
  DeleteRepositoryCreationTemplateCommand,
  DescribeRepositoryCreationTemplatesCommand,
  type DescribeRepositoryCreationTemplatesCommandOutput,
  type ECRClient,
  UpdateRepositoryCreationTemplateCommand,
} from "@aws-sdk/client-ecr";
import { RESOURCE_TYPES } from "../../../common/types";
import { type CommandTable, type ResourceAdapter, type Step, sendStep } from "../../engine/adapter";
import type { FieldDifference } from "../../engine/difference";
import { call, errorName } from "../../engine/errors";
import type { Observation } from "../../engine/types";
import { tagList } from "../tags";
import { diffTemplate } from "./diff";
import type { DesiredTemplate, TemplateActual } from "./types";

const COMMANDS: CommandTable = {
  "ecr:CreateRepositoryCreationTemplate": CreateRepositoryCreationTemplateCommand,
  "ecr:UpdateRepositoryCreationTemplate": UpdateRepositoryCreationTemplateCommand,
  "ecr:DeleteRepositoryCreationTemplate": DeleteRepositoryCreationTemplateCommand,
};

function fields(desired: DesiredTemplate): Record<string, unknown> {
  return {
    prefix: desired.prefix,
    description: desired.description,
    appliedFor: [...desired.appliedFor],
    imageTagMutability: desired.imageTagMutability,
    // An empty lifecycle policy clears it on update; on create it is simply left out.
    lifecyclePolicy: desired.lifecyclePolicy,
    encryptionConfiguration: { ...desired.encryptionConfiguration },
    resourceTags: tagList(desired.resourceTags),
  };
}

/**
 * ECR repository creation templates (applied for PULL_THROUGH_CACHE). Templates cannot be tagged, so the
 * description carries the ownership mark. Every field can be updated in place.
 */
export class TemplateAdapter implements ResourceAdapter<DesiredTemplate, TemplateActual> {
  readonly type = RESOURCE_TYPES.template;
  readonly order = 2;
  readonly dependsOn = [] as const;

  constructor(private readonly ecr: ECRClient) {}

  async observe(prefix: string): Promise<Observation<TemplateActual>> {
    let out: DescribeRepositoryCreationTemplatesCommandOutput;
    try {
      out = await call("ecr:DescribeRepositoryCreationTemplates", prefix, () =>
        this.ecr.send(new DescribeRepositoryCreationTemplatesCommand({ prefixes: [prefix] })),
      );
    } catch (e) {
      // ECR answers a named missing prefix with TemplateNotFoundException (its model does not list it).
      if (errorName((e as Error).cause) === "TemplateNotFoundException") return { exists: false };
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
      },
    };
  }

  diff(desired: DesiredTemplate, actual: TemplateActual): FieldDifference[] {
    return diffTemplate(desired, actual);
  }

  needsReplace(): boolean {
    return false;
  }

  createSteps(desired: DesiredTemplate): Step[] {
    const { lifecyclePolicy, ...rest } = fields(desired);
    return [
      {
        operation: "ecr:CreateRepositoryCreationTemplate",
        target: desired.prefix,
        input: { ...rest, ...(lifecyclePolicy ? { lifecyclePolicy } : {}) },
      },
    ];
  }

  updateSteps(desired: DesiredTemplate): Step[] {
    return [
      { operation: "ecr:UpdateRepositoryCreationTemplate", target: desired.prefix, input: fields(desired) },
    ];
  }

  deleteSteps(actual: TemplateActual): Step[] {
    return [
      {
        operation: "ecr:DeleteRepositoryCreationTemplate",
        target: actual.prefix,
        input: { prefix: actual.prefix },
      },
    ];
  }

  execute(step: Step): Promise<void> {
    return sendStep(this.ecr, COMMANDS, step);
  }
}

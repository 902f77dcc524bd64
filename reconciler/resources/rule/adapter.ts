import {
  CreatePullThroughCacheRuleCommand,
  DeletePullThroughCacheRuleCommand,
  DescribePullThroughCacheRulesCommand,
  type ECRClient,
  type PullThroughCacheRule,
  UpdatePullThroughCacheRuleCommand,
  ValidatePullThroughCacheRuleCommand,
} from "@aws-sdk/client-ecr";
import { DEFAULT_UPSTREAM_REPOSITORY_PREFIX } from "../../../common/constants";
import { RESOURCE_TYPES, type UpstreamHealth } from "../../../common/types";
import { type CommandTable, type ResourceAdapter, type Step, sendStep } from "../../engine/adapter";
import { differentAt, type FieldDifference } from "../../engine/difference";
import { call, errorName } from "../../engine/errors";
import type { Observation } from "../../engine/types";
import { diffRule, ruleNeedsReplace } from "./diff";
import type { DesiredRule, RuleActual } from "./types";

const COMMANDS: CommandTable = {
  "ecr:CreatePullThroughCacheRule": CreatePullThroughCacheRuleCommand,
  "ecr:UpdatePullThroughCacheRule": UpdatePullThroughCacheRuleCommand,
  "ecr:DeletePullThroughCacheRule": DeletePullThroughCacheRuleCommand,
};

function toActual(r: PullThroughCacheRule): RuleActual {
  return {
    ecrRepositoryPrefix: r.ecrRepositoryPrefix ?? "",
    upstreamRegistryUrl: r.upstreamRegistryUrl ?? "",
    ...(r.upstreamRegistry !== undefined ? { upstreamRegistry: r.upstreamRegistry } : {}),
    ...(r.upstreamRepositoryPrefix !== undefined
      ? { upstreamRepositoryPrefix: r.upstreamRepositoryPrefix }
      : {}),
    ...(r.customRoleArn !== undefined ? { customRoleArn: r.customRoleArn } : {}),
    ...(r.credentialArn !== undefined ? { credentialArn: r.credentialArn } : {}),
    ...(r.registryId !== undefined ? { registryId: r.registryId } : {}),
  };
}

/**
 * Pull-through cache rules. All rules of the registry are read once per run with one unfiltered Describe
 * (at most 50 exist: one page), which both finds our rule and any we left under an old prefix.
 */
export class RuleAdapter implements ResourceAdapter<DesiredRule, RuleActual> {
  readonly type = RESOURCE_TYPES.rule;
  readonly order = 2;
  readonly dependsOn = [RESOURCE_TYPES.role] as const;
  private all?: Promise<Map<string, RuleActual>>;

  constructor(private readonly ecr: ECRClient) {}

  /** Every rule in the registry, by prefix. Memoised: one adapter serves one run. */
  listAll(): Promise<Map<string, RuleActual>> {
    this.all ??= (async () => {
      const rules = new Map<string, RuleActual>();
      let nextToken: string | undefined;
      do {
        const page = await call("ecr:DescribePullThroughCacheRules", "*", () =>
          this.ecr.send(new DescribePullThroughCacheRulesCommand(nextToken ? { nextToken } : {})),
        );
        for (const r of page.pullThroughCacheRules ?? []) rules.set(r.ecrRepositoryPrefix ?? "", toActual(r));
        nextToken = page.nextToken;
      } while (nextToken);
      return rules;
    })();
    return this.all;
  }

  /**
   * Asks ECR to try the upstream with the rule's role (a read). `undefined` when there is no rule to check.
   * The usual failure is that Echo's registry policy does not grant this account yet (see README).
   */
  async validate(prefix: string): Promise<UpstreamHealth | undefined> {
    try {
      const out = await call("ecr:ValidatePullThroughCacheRule", prefix, () =>
        this.ecr.send(new ValidatePullThroughCacheRuleCommand({ ecrRepositoryPrefix: prefix })),
      );
      return { valid: out.isValid === true, ...(out.failure ? { failure: out.failure } : {}) };
    } catch (e) {
      if (errorName((e as Error).cause) === "PullThroughCacheRuleNotFoundException") return undefined;
      throw e;
    }
  }

  async observe(prefix: string): Promise<Observation<RuleActual>> {
    const actual = (await this.listAll()).get(prefix);
    return actual === undefined ? { exists: false } : { exists: true, actual };
  }

  diff(desired: DesiredRule, actual: RuleActual): FieldDifference[] {
    return diffRule(desired, actual);
  }

  needsReplace(differences: readonly FieldDifference[]): boolean {
    return ruleNeedsReplace(differences);
  }

  createSteps(desired: DesiredRule): Step[] {
    return [
      {
        operation: "ecr:CreatePullThroughCacheRule",
        target: desired.ecrRepositoryPrefix,
        input: {
          ecrRepositoryPrefix: desired.ecrRepositoryPrefix,
          upstreamRegistryUrl: desired.upstreamRegistryUrl,
          upstreamRegistry: desired.upstreamRegistry,
          customRoleArn: desired.customRoleArn,
          // ECR applies ROOT itself, and refuses an upstream prefix on a ROOT rule.
          ...(desired.upstreamRepositoryPrefix !== DEFAULT_UPSTREAM_REPOSITORY_PREFIX
            ? { upstreamRepositoryPrefix: desired.upstreamRepositoryPrefix }
            : {}),
        },
        awaitsPropagation: true,
      },
    ];
  }

  /** Only customRoleArn can change in place; an update that sends nothing to change is never made. */
  updateSteps(desired: DesiredRule, _actual: RuleActual, differences: readonly FieldDifference[]): Step[] {
    if (!differentAt(differences, "customRoleArn")) return [];
    return [
      {
        operation: "ecr:UpdatePullThroughCacheRule",
        target: desired.ecrRepositoryPrefix,
        input: { ecrRepositoryPrefix: desired.ecrRepositoryPrefix, customRoleArn: desired.customRoleArn },
        awaitsPropagation: true,
      },
    ];
  }

  /** Deleting a rule keeps the repositories it already cached (docs/aws-facts.md, "Pull-through cache rules"). */
  deleteSteps(actual: RuleActual): Step[] {
    return [
      {
        operation: "ecr:DeletePullThroughCacheRule",
        target: actual.ecrRepositoryPrefix,
        input: { ecrRepositoryPrefix: actual.ecrRepositoryPrefix },
      },
    ];
  }

  execute(step: Step): Promise<void> {
    return sendStep(this.ecr, COMMANDS, step);
  }
}

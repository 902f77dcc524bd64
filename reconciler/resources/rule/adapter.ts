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
import type { UpstreamHealth } from "../../../common/types";
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
import { ruleKind } from "./kind";
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
    ...(r.createdAt !== undefined ? { createdAt: new Date(r.createdAt).toISOString() } : {}),
  };
}

/**
 * Pull-through cache rules. All rules of the registry are read once per run with one unfiltered Describe
 * (at most 50 exist: one page), which both finds our rule and any we left under an old prefix.
 */
export class RuleAdapter extends KindAdapter<DesiredRule, RuleActual> {
  private all?: Promise<Map<string, RuleActual>>;

  constructor(private readonly ecr: ECRClient) {
    super(ruleKind);
  }

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

  /**
   * A lost response is finished, not failed: a delete that meets PullThroughCacheRuleNotFound is done; a
   * create that meets PullThroughCacheRuleAlreadyExists is done when the rule there is the one it asked for.
   * A create returns the rule's `createdAt`, what the record keeps to know this rule from a stranger's.
   */
  async execute(step: Step): Promise<StepResult | undefined> {
    if (step.operation === "ecr:DeletePullThroughCacheRule")
      return sendDelete(this.ecr, COMMANDS, step, notFound);
    try {
      const out = (await sendStep(this.ecr, COMMANDS, step)) as { createdAt?: Date } | undefined;
      return out?.createdAt ? { createdAt: new Date(out.createdAt).toISOString() } : undefined;
    } catch (e) {
      if (step.operation !== "ecr:CreatePullThroughCacheRule" || !alreadyExists((e as Error).cause ?? e))
        throw e;
      const found = await this.find(String(step.input.ecrRepositoryPrefix));
      if (found === undefined || !createdAsAsked(step, found)) throw e;
      return found.createdAt ? { createdAt: found.createdAt } : undefined;
    }
  }

  /** One rule, read again (not from the run's memoised list): after a lost response it is newer than that. */
  private async find(prefix: string): Promise<RuleActual | undefined> {
    try {
      const out = await call("ecr:DescribePullThroughCacheRules", prefix, () =>
        this.ecr.send(new DescribePullThroughCacheRulesCommand({ ecrRepositoryPrefixes: [prefix] })),
      );
      const r = out.pullThroughCacheRules?.find((x) => x.ecrRepositoryPrefix === prefix);
      return r ? toActual(r) : undefined;
    } catch (e) {
      if (notFound((e as Error).cause ?? e)) return undefined;
      throw e;
    }
  }
}

const notFound = (e: unknown) => errorName(e) === "PullThroughCacheRuleNotFoundException";
const alreadyExists = (e: unknown) => errorName(e) === "PullThroughCacheRuleAlreadyExistsException";

/** The rule found is the one the create asked for: same upstream, same role (ECR's defaults applied). */
function createdAsAsked(step: Step, found: RuleActual): boolean {
  const asked = step.input as Record<string, string | undefined>;
  return (
    found.upstreamRegistryUrl === asked.upstreamRegistryUrl &&
    (found.upstreamRegistry ?? "ecr") === asked.upstreamRegistry &&
    (found.upstreamRepositoryPrefix ?? DEFAULT_UPSTREAM_REPOSITORY_PREFIX) ===
      (asked.upstreamRepositoryPrefix ?? DEFAULT_UPSTREAM_REPOSITORY_PREFIX) &&
    found.customRoleArn === asked.customRoleArn &&
    found.credentialArn === undefined
  );
}

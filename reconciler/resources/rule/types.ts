import type { CacheRuleOutput } from "../../../common/types";

/** The rule as the config wants it: the same shape as the `cacheRule` output. */
export type DesiredRule = CacheRuleOutput;

/** A pull-through cache rule as observed. */
export interface RuleActual {
  readonly ecrRepositoryPrefix: string;
  readonly upstreamRegistryUrl: string;
  readonly upstreamRegistry?: string;
  readonly upstreamRepositoryPrefix?: string;
  readonly customRoleArn?: string;
  readonly credentialArn?: string;
  readonly registryId?: string;
  /** When ECR created the rule (ISO text): not compared; what tells our rule from one made in its place. */
  readonly createdAt?: string;
}

import type { Config } from "../../../common/config/schema";
import { UPSTREAM_REGISTRY } from "../../../common/constants";
import { registryUrl } from "../../../common/names";
import type { RunContext } from "../../engine/types";
import type { DesiredRule } from "./types";

/** The rule the config asks for: the cache prefix → Echo's registry, through the role at `roleArn`. */
export function desiredRule(config: Config, ctx: RunContext, roleArn: string): DesiredRule {
  return {
    ecrRepositoryPrefix: config.repositoryPrefix,
    upstreamRegistryUrl: registryUrl(config.sourceRegistryAccountId, config.sourceRegistryRegion),
    upstreamRegistry: UPSTREAM_REGISTRY,
    upstreamRepositoryPrefix: config.upstreamRepositoryPrefix,
    customRoleArn: roleArn,
    registryId: ctx.accountId,
  };
}

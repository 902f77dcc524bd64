import type { Config } from "../../common/config/schema";
import { desiredRole, desiredTemplateRole } from "../resources/role/desired";
import type { DesiredRole } from "../resources/role/types";
import { desiredRule } from "../resources/rule/desired";
import type { DesiredRule } from "../resources/rule/types";
import { desiredTemplate, templateNeedsRole } from "../resources/template/desired";
import type { DesiredTemplate } from "../resources/template/types";
import type { RunContext } from "./types";

export interface DesiredState {
  readonly role: DesiredRole;
  readonly rule: DesiredRule;
  /** Present only when the config has a `repositoryTemplate` block. */
  readonly template?: DesiredTemplate;
  /** The role the template names: present only when the template uses KMS or resource tags. */
  readonly templateRole?: DesiredRole;
}

/**
 * Everything the config asks for, as plain values: each kind's own `desired.ts` builds its part.
 *
 * @example
 * const d = desiredState(config, { accountId: "111122223333", region: "eu-west-1", partition: "aws", ownerId: "p/s/echo" });
 * d.rule.upstreamRegistryUrl; // "123456789012.dkr.ecr.us-east-1.amazonaws.com"
 */
export function desiredState(config: Config, ctx: RunContext): DesiredState {
  const role = desiredRole(config, ctx);
  const t = config.repositoryTemplate;
  const templateRole = t !== undefined && templateNeedsRole(t) ? desiredTemplateRole(config, ctx) : undefined;
  const template = desiredTemplate(config, ctx, templateRole?.arn);
  return {
    ...(template ? { template } : {}),
    ...(templateRole ? { templateRole } : {}),
    role,
    rule: desiredRule(config, ctx, role.arn),
  };
}

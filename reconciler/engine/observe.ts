import { RoleAdapter } from "../resources/role/adapter";
import { templateRoleKind } from "../resources/role/kind";
import type { RoleActual } from "../resources/role/types";
import { RuleAdapter } from "../resources/rule/adapter";
import type { RuleActual } from "../resources/rule/types";
import { TemplateAdapter } from "../resources/template/adapter";
import type { TemplateActual } from "../resources/template/types";
import type { AwsClients } from "./clients";
import type { DesiredState } from "./desired";
import type { OwnershipRecord } from "./record";
import { failed, type Observation, type Settled, settle } from "./types";

/** One adapter per kind; one set serves one run (the rule adapter memoises its one Describe). */
export interface Adapters {
  readonly role: RoleAdapter;
  readonly rule: RuleAdapter;
  readonly template: TemplateAdapter;
  /** The template's role: the role kind's code, as another kind. */
  readonly templateRole: RoleAdapter;
}

/**
 * `inlinePolicyName` and `templateInlinePolicyName` are the desired roles' (they follow the prefix); a
 * teardown without a valid config has none and reads no inline policy document (it removes every inline
 * policy by name).
 */
export function adaptersFor(
  clients: Pick<AwsClients, "iam" | "ecr">,
  inlinePolicyName?: string,
  templateInlinePolicyName?: string,
): Adapters {
  return {
    role: new RoleAdapter(clients.iam, inlinePolicyName),
    rule: new RuleAdapter(clients.ecr),
    template: new TemplateAdapter(clients.ecr),
    templateRole: new RoleAdapter(clients.iam, templateInlinePolicyName, templateRoleKind),
  };
}

/** What a run looks at: what the config wants and everything the record says we made. */
export interface Targets {
  readonly roleNames: readonly string[];
  readonly rulePrefixes: readonly string[];
  readonly templatePrefixes: readonly string[];
  readonly templateRoleNames: readonly string[];
}

/**
 * Pure. IAM role names are unique ignoring case: one role, however the config or the record spells it. A
 * role the config wants for one job is never also looked after as a leftover of the other (a config that
 * swapped the two names): the kind that wants it takes it over.
 */
export function targetsOf(desired: DesiredState | undefined, record: OwnershipRecord): Targets {
  const pull = desired ? [desired.role.name] : [];
  const template = desired?.templateRole ? [desired.templateRole.name] : [];
  return {
    roleNames: uniqueIgnoringCase([...pull, ...without(record.roles, template)]),
    rulePrefixes: [
      ...new Set([...(desired ? [desired.rule.ecrRepositoryPrefix] : []), ...record.rules]),
    ].sort(),
    templatePrefixes: [
      ...new Set([...(desired?.template ? [desired.template.prefix] : []), ...(record.templates ?? [])]),
    ],
    templateRoleNames: uniqueIgnoringCase([...template, ...without(record.templateRoles ?? [], pull)]),
  };
}

function uniqueIgnoringCase(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.filter((n) => !seen.has(n.toLowerCase()) && seen.add(n.toLowerCase()));
}

/** `names` but those in `taken`, ignoring case. */
function without(names: readonly string[], taken: readonly string[]): string[] {
  const lower = new Set(taken.map((n) => n.toLowerCase()));
  return names.filter((n) => !lower.has(n.toLowerCase()));
}

/** Everything one run saw; each read's failure is kept as its value. */
export interface Observed {
  /** By name, as the targets spell it. */
  readonly roles: ReadonlyMap<string, Settled<Observation<RoleActual>>>;
  /** Every rule in the registry, by prefix. */
  readonly rules: Settled<ReadonlyMap<string, RuleActual>>;
  /** Roles that target rules point at and that were not among the roles read, by ARN. */
  readonly pointedRoles: ReadonlyMap<string, Settled<Observation<RoleActual>>>;
  readonly templates: ReadonlyMap<string, Settled<Observation<TemplateActual>>>;
  /** By name, as the targets spell it. */
  readonly templateRoles: ReadonlyMap<string, Settled<Observation<RoleActual>>>;
}

async function readAll<T>(ids: readonly string[], read: (id: string) => Promise<T>) {
  const results = await Promise.all(ids.map((id) => settle(read(id))));
  return new Map(ids.map((id, i) => [id, results[i] as Settled<T>]));
}

/**
 * Reads the targets, in parallel: roles, every rule (one Describe), templates, template roles. Then, only if a target rule
 * points at a role not read yet (drift, or another reconciler took it over), that role too, to learn whose
 * it is. Never writes and never decides anything.
 */
export async function observe(adapters: Adapters, targets: Targets): Promise<Observed> {
  const [roles, rules, templates, templateRoles] = await Promise.all([
    readAll(targets.roleNames, (n) => adapters.role.observe(n)),
    settle(adapters.rule.listAll()),
    readAll(targets.templatePrefixes, (p) => adapters.template.observe(p)),
    readAll(targets.templateRoleNames, (n) => adapters.templateRole.observe(n)),
  ]);
  const seen = new Set(
    [...roles.values(), ...templateRoles.values()].flatMap((o) =>
      !failed(o) && o.exists ? [o.actual.arn] : [],
    ),
  );
  const unseen = failed(rules)
    ? []
    : [
        ...new Set(
          targets.rulePrefixes
            .map((p) => rules.get(p)?.customRoleArn)
            .filter((arn): arn is string => arn !== undefined && !seen.has(arn)),
        ),
      ];
  const pointedRoles = await readAll(unseen, (arn) =>
    adapters.role.observe(arn.slice(arn.lastIndexOf("/") + 1)),
  );
  return { roles, rules, pointedRoles, templates, templateRoles };
}

/**
 * fast-check generators for the convergence properties, and the code that turns a generated scenario into a
 * simulated account: the config, an optional ownership record, our resources (current, drifted, or left over
 * from an earlier config) and resources that are not ours (look-alikes, unrelated rules and parameters).
 *
 * Scenarios are plain data with symbolic references ("the configured role name"), so fast-check can print
 * and shrink them; `seedScenario` resolves the references against the configs.
 */
import fc from "fast-check";
import { type Config, defaultRoleName, parseConfig } from "../../../common/config/schema";
import {
  OWNER_TAG_KEY,
  PULL_THROUGH_CACHE_SERVICE_PRINCIPAL,
  ROLE_DESCRIPTION,
} from "../../../common/constants";
import { type DesiredState, desiredState } from "../../../reconciler/engine/desired";
import type { AccountSnapshot, FaultOptions, RoleSnapshot, SimulatedAccount } from "../../../sim";
import { AWS_MANAGED_POLICIES } from "../../../sim";
import { CONFIG_PARAMETER, CONTEXT, STATE_PARAMETER } from "./fixtures";

/** Another reconciler instance in the same account (its tag and record must never count as ours). */
export const OTHER_OWNER = "proj/prod/other-cache";

// ---------------------------------------------------------------------------------------------------------
// Configs
// ---------------------------------------------------------------------------------------------------------

/** A config document as a user writes it in the SSM parameter, before defaults. */
export interface ConfigDoc {
  readonly version: 1;
  readonly mode: "enforce";
  readonly sourceRegistryAccountId: string;
  readonly sourceRegistryRegion: string;
  readonly repositoryPrefix: string;
  readonly upstreamRepositoryPrefix?: string;
  readonly roleName?: string;
  readonly rolePath: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly adopt: boolean;
  readonly allowReplace: boolean;
  readonly repositoryTemplate?: TemplateDoc;
}

/** `repositoryTemplate` as a user writes it: KMS and tags need the template's role, a plain one does not. */
export interface TemplateDoc {
  readonly encryption?: "KMS";
  readonly kmsKeyArn?: string;
  readonly resourceTags?: Readonly<Record<string, string>>;
  readonly roleName?: string;
  readonly keepLastImages?: number;
}

/**
 * Cache prefixes: plain, nested with `/`, with a trailing `/`, ROOT, and `team/a` next to `team-a` (whose
 * default role names must differ).
 */
export const PREFIXES = [
  "echo",
  "echo/",
  "echo/hardened",
  "team/cache/images",
  "team/a",
  "team-a",
  "mirror_1",
  "ROOT",
];
/** Explicit role names; `Team.Cache@Role` and `team.cache@role` are the same IAM role (names are case-insensitive). */
export const ROLE_NAMES = ["echo-ptc-role", "Team.Cache@Role", "team.cache@role", "ptc_role+1"];
export const ROLE_PATHS = ["/", "/ptc/"];
/** Mostly `/`: a role at another path is a conflict for a person to resolve, and should not crowd out the rest. */
const rolePath = fc.oneof(
  { weight: 3, arbitrary: fc.constant("/") },
  { weight: 1, arbitrary: fc.constant("/ptc/") },
);
export const UPSTREAM_ACCOUNTS = ["123456789012", "210987654321"];
export const UPSTREAM_REGIONS = ["us-east-1", "eu-central-1", "ap-southeast-2"];
export const UPSTREAM_PREFIXES = ["ROOT", "hardened", "echo/base"];
/** Tag keys, pairwise distinct ignoring case (IAM role tag keys are case-insensitive). */
export const TAG_KEYS = ["team", "env", "cost-center", "app:name", "Owner Email"];
export const TAG_VALUES = ["platform", "prod", "", "a b", "x=y@z"];

const tags = fc.dictionary(fc.constantFrom(...TAG_KEYS), fc.constantFrom(...TAG_VALUES), { maxKeys: 5 });
/** `arbitrary` with weight `yes`, undefined with weight `no`. */
function sometimes<T>(yes: number, no: number, arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: yes, arbitrary }, { weight: no, arbitrary: fc.constant(undefined) });
}

const mostlyTrue = fc.oneof(
  { weight: 9, arbitrary: fc.constant(true) },
  { weight: 1, arbitrary: fc.constant(false) },
);

export const KMS_KEYS = [
  `arn:aws:kms:${CONTEXT.region}:${CONTEXT.accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  `arn:aws:kms:${CONTEXT.region}:${CONTEXT.accountId}:key/5678abcd-12ab-34cd-56ef-1234567890ab`,
];
/** The template's role: the default name, one of its own, or one a pull role of another phase may have. */
export const TEMPLATE_ROLE_NAMES = ["echo-template-role", "echo-ptc-role"];

/** Mostly templates that need a role (KMS, tags, both), so the template's role meets drift often. */
export const templateDoc: fc.Arbitrary<TemplateDoc> = fc
  .record({
    needs: fc.constantFrom("kms" as const, "tags" as const, "both" as const, "kms" as const, "none" as const),
    key: fc.constantFrom(...KMS_KEYS),
    resourceTags: fc.dictionary(fc.constantFrom(...TAG_KEYS), fc.constantFrom(...TAG_VALUES), {
      minKeys: 1,
      maxKeys: 2,
    }),
    roleName: fc.option(fc.constantFrom(...TEMPLATE_ROLE_NAMES), { nil: undefined }),
    keepLastImages: fc.option(fc.constantFrom(10, 100), { nil: undefined }),
  })
  .map(({ needs, key, resourceTags, roleName, keepLastImages }) => ({
    ...(needs === "kms" || needs === "both" ? { encryption: "KMS" as const, kmsKeyArn: key } : {}),
    ...(needs === "tags" || needs === "both" ? { resourceTags } : {}),
    ...(roleName !== undefined ? { roleName } : {}),
    ...(keepLastImages !== undefined ? { keepLastImages } : {}),
  }));

/**
 * ECR refuses an upstream prefix on a ROOT rule, and so does the schema: drop it there. The template's role
 * may not be the pull role (one IAM name, ignoring case): drop its explicit name then.
 */
function fixRoot(doc: ConfigDoc): ConfigDoc {
  const t = doc.repositoryTemplate;
  if (t?.roleName !== undefined && t.roleName.toLowerCase() === parsedRoleName(doc).toLowerCase()) {
    const { roleName: _same, ...template } = t;
    return fixRoot({ ...doc, repositoryTemplate: template });
  }
  if (doc.repositoryPrefix !== "ROOT" || doc.upstreamRepositoryPrefix === undefined) return doc;
  const { upstreamRepositoryPrefix: _dropped, ...rest } = doc;
  return rest;
}

function parsedRoleName(doc: ConfigDoc): string {
  return doc.roleName ?? defaultRoleName(doc.repositoryPrefix);
}

/** Random valid configs (every one passes `parseConfig`). */
export const configDoc: fc.Arbitrary<ConfigDoc> = fc
  .record({
    repositoryPrefix: fc.constantFrom(...PREFIXES),
    upstreamRepositoryPrefix: fc.option(fc.constantFrom(...UPSTREAM_PREFIXES), { nil: undefined }),
    roleName: fc.option(fc.constantFrom(...ROLE_NAMES), { nil: undefined }),
    rolePath,
    tags,
    sourceRegistryAccountId: fc.constantFrom(...UPSTREAM_ACCOUNTS),
    sourceRegistryRegion: fc.constantFrom(...UPSTREAM_REGIONS),
    adopt: fc.boolean(),
    allowReplace: mostlyTrue,
    repositoryTemplate: sometimes(1, 2, templateDoc),
  })
  .map(({ upstreamRepositoryPrefix, roleName, repositoryTemplate, ...rest }) =>
    fixRoot({
      version: 1,
      mode: "enforce",
      ...rest,
      ...(upstreamRepositoryPrefix !== undefined ? { upstreamRepositoryPrefix } : {}),
      ...(roleName !== undefined ? { roleName } : {}),
      ...(repositoryTemplate !== undefined ? { repositoryTemplate } : {}),
    }),
  );

/** A config change: the fields an edit of the SSM parameter overrides (any subset, possibly none). */
export type ConfigChange = Partial<Omit<ConfigDoc, "version" | "mode">> & {
  /** Removes an explicit roleName (back to the default derived from the prefix). */
  readonly dropRoleName?: boolean;
  /** Removes the repositoryTemplate block (the template goes, and its role with it). */
  readonly dropTemplate?: boolean;
};

export const configChange: fc.Arbitrary<ConfigChange> = fc.record(
  {
    repositoryPrefix: fc.constantFrom(...PREFIXES),
    upstreamRepositoryPrefix: fc.constantFrom(...UPSTREAM_PREFIXES),
    roleName: fc.constantFrom(...ROLE_NAMES),
    dropRoleName: fc.constant(true),
    rolePath,
    tags,
    sourceRegistryAccountId: fc.constantFrom(...UPSTREAM_ACCOUNTS),
    sourceRegistryRegion: fc.constantFrom(...UPSTREAM_REGIONS),
    adopt: fc.boolean(),
    allowReplace: mostlyTrue,
    repositoryTemplate: templateDoc,
    dropTemplate: fc.constant(true),
  },
  { requiredKeys: [] },
);

export function applyChange(base: ConfigDoc, change: ConfigChange): ConfigDoc {
  const { dropRoleName, dropTemplate, ...fields } = change;
  let merged: ConfigDoc = { ...base, ...fields };
  if (dropRoleName && fields.roleName === undefined) {
    const { roleName: _dropped, ...rest } = merged;
    merged = rest;
  }
  if (dropTemplate && fields.repositoryTemplate === undefined) {
    const { repositoryTemplate: _dropped, ...rest } = merged;
    merged = rest;
  }
  return fixRoot(merged);
}

/** The config with defaults applied; throws on a generator bug (an invalid config). */
export function parsed(doc: ConfigDoc): Config {
  const r = parseConfig(doc);
  if (!r.ok) throw new Error(`generator produced an invalid config: ${r.errors.join("; ")}`);
  return r.config;
}

export function desiredOf(doc: ConfigDoc): DesiredState {
  return desiredState(parsed(doc), CONTEXT);
}

// ---------------------------------------------------------------------------------------------------------
// Starting states
// ---------------------------------------------------------------------------------------------------------

/** Something done to our current role or rule behind the reconciler's back. */
export type Drift =
  | { readonly kind: "trustWidened"; readonly how: "principal" | "condition" | "statement" }
  /** Same meaning, other text: Action as an array, keys reordered, whitespace. Not drift. */
  | { readonly kind: "trustReformatted" }
  | { readonly kind: "inlineEdited"; readonly how: "wildcard" | "extraAction" }
  /** Statements reversed, Sids dropped, indented. Not drift. */
  | { readonly kind: "inlineReformatted" }
  | { readonly kind: "inlineRemoved" }
  | { readonly kind: "extraInline" }
  | { readonly kind: "managedAttached"; readonly arn: string }
  | { readonly kind: "tagAdded"; readonly key: string; readonly value: string }
  | { readonly kind: "tagChanged" }
  | { readonly kind: "tagRemoved" }
  /** A config tag re-spelt in another case (IAM keeps one tag per key, ignoring case). */
  | { readonly kind: "tagKeyRecased" }
  /** The ownership tag removed or set to another owner: the role is no longer ours. */
  | { readonly kind: "ownerTag"; readonly how: "removed" | "foreign" }
  | { readonly kind: "roleDeleted" }
  /** Deleted and created again under the other path (IAM cannot change a path in place). */
  | { readonly kind: "roleRecreatedAtOtherPath" }
  | { readonly kind: "ruleDeleted" }
  /** Our rule pointed at a role that is not ours: nobody's, or another reconciler's (which took it over). */
  | { readonly kind: "ruleRepointed"; readonly to: "unowned" | "otherOwner" }
  | { readonly kind: "ruleUpstreamChanged"; readonly how: "url" | "upstreamPrefix" | "credential" }
  /** Extra tags up to IAM's 50 per role: a tag the config adds fits only once the extras are removed. */
  | { readonly kind: "tagsAtQuota" }
  /** Ours removed and a ~9,800-character foreign inline policy added: both do not fit IAM's 10,240. */
  | { readonly kind: "largeForeignInline" }
  /** A permissions boundary set on our role: it caps what ECR may do with it. */
  | { readonly kind: "boundary" }
  /** The template's role trusts another service: ECR could no longer assume it. */
  | { readonly kind: "templateRoleTrust" }
  | { readonly kind: "templateRoleInline"; readonly how: "removed" | "wildcard" }
  | { readonly kind: "templateRoleAttached" }
  | { readonly kind: "templateRoleDeleted" }
  /** The template's role lost its ownership tag: no longer ours. */
  | { readonly kind: "templateRoleOwnerTag" }
  /** Our role taken off the template (a pull can then no longer create a tagged or encrypted repository). */
  | { readonly kind: "templateRoleTakenOff" }
  | { readonly kind: "templateDeleted" }
  /** The template's description (our ownership mark) changed: no longer ours. */
  | { readonly kind: "templateMark" };

export const drift: fc.Arbitrary<Drift> = fc.oneof(
  fc.record({
    kind: fc.constant("trustWidened" as const),
    how: fc.constantFrom("principal" as const, "condition" as const, "statement" as const),
  }),
  fc.constant({ kind: "trustReformatted" as const }),
  fc.record({
    kind: fc.constant("inlineEdited" as const),
    how: fc.constantFrom("wildcard" as const, "extraAction" as const),
  }),
  fc.constant({ kind: "inlineReformatted" as const }),
  fc.constant({ kind: "inlineRemoved" as const }),
  fc.constant({ kind: "extraInline" as const }),
  fc.record({ kind: fc.constant("managedAttached" as const), arn: fc.constantFrom(...AWS_MANAGED_POLICIES) }),
  fc.record({
    kind: fc.constant("tagAdded" as const),
    key: fc.constantFrom("extra", "team", "Env"),
    value: fc.constantFrom("v1", "drifted"),
  }),
  fc.constant({ kind: "tagChanged" as const }),
  fc.constant({ kind: "tagRemoved" as const }),
  fc.constant({ kind: "tagKeyRecased" as const }),
  fc.record({
    kind: fc.constant("ownerTag" as const),
    how: fc.constantFrom("removed" as const, "foreign" as const),
  }),
  fc.constant({ kind: "roleDeleted" as const }),
  fc.constant({ kind: "roleRecreatedAtOtherPath" as const }),
  fc.constant({ kind: "ruleDeleted" as const }),
  fc.record({
    kind: fc.constant("ruleRepointed" as const),
    to: fc.constantFrom("unowned" as const, "otherOwner" as const),
  }),
  fc.record({
    kind: fc.constant("ruleUpstreamChanged" as const),
    how: fc.constantFrom("url" as const, "upstreamPrefix" as const, "credential" as const),
  }),
  fc.constant({ kind: "tagsAtQuota" as const }),
  fc.constant({ kind: "largeForeignInline" as const }),
  fc.constant({ kind: "boundary" as const }),
  fc.constant({ kind: "templateRoleTrust" as const }),
  fc.record({
    kind: fc.constant("templateRoleInline" as const),
    how: fc.constantFrom("removed" as const, "wildcard" as const),
  }),
  fc.constant({ kind: "templateRoleAttached" as const }),
  fc.constant({ kind: "templateRoleDeleted" as const }),
  fc.constant({ kind: "templateRoleOwnerTag" as const }),
  fc.constant({ kind: "templateRoleTakenOff" as const }),
  fc.constant({ kind: "templateDeleted" as const }),
  fc.constant({ kind: "templateMark" as const }),
);

/** A name: an unrelated one, or exactly the role name / prefix of the first or the changed config. */
export type NameRef =
  | { readonly at: "unrelated"; readonly name: string }
  | { readonly at: "config" | "change"; readonly recase: boolean };

export const UNRELATED_ROLE_NAMES = ["ci-deployer", "echo-pullthrough-cache-role-legacy", "ecr-ptc-shared"];
export const UNRELATED_PREFIXES = ["docker", "quay", "echo-legacy", "team/other"];

/** A role that is not ours: no ownership tag, or another owner's. */
export interface LookAlikeRole {
  readonly name: NameRef;
  readonly owner: "none" | "other";
  /** Trusts ECR's pull-through cache like ours, or EC2. */
  readonly trust: "pullthroughcache" | "ec2";
  readonly path: string;
  readonly inline: boolean;
  readonly attached?: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** A rule that is not ours: the record does not list it (rules cannot be tagged: the record is the proof). */
export interface LookAlikeRule {
  readonly prefix: NameRef;
  /** `ecr` needs a role: it points at a look-alike role (the index wraps), or a helper role. */
  readonly upstream: "ecr" | "ecr-public" | "quay";
  readonly role: number;
}

const nameRef = (unrelated: readonly string[]): fc.Arbitrary<NameRef> =>
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({ at: fc.constant("unrelated" as const), name: fc.constantFrom(...unrelated) }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        at: fc.constantFrom("config" as const, "change" as const),
        recase: fc.boolean(),
      }),
    },
  );

export const lookAlikeRole: fc.Arbitrary<LookAlikeRole> = fc.record({
  name: nameRef(UNRELATED_ROLE_NAMES),
  owner: fc.constantFrom("none" as const, "other" as const),
  trust: fc.constantFrom("pullthroughcache" as const, "ec2" as const),
  path: fc.constantFrom(...ROLE_PATHS),
  inline: fc.boolean(),
  attached: fc.option(fc.constantFrom(...AWS_MANAGED_POLICIES), { nil: undefined }),
  tags,
});

export const lookAlikeRule: fc.Arbitrary<LookAlikeRule> = fc.record({
  prefix: nameRef(UNRELATED_PREFIXES),
  upstream: fc.constantFrom("ecr" as const, "ecr-public" as const, "quay" as const),
  role: fc.nat({ max: 3 }),
});

/**
 * What the ownership record holds at the start: `listing` names what we made, one SSM parameter per entry
 * with each rule's creation time; `older` is the single JSON parameter of version 2.0 (no times, trusted only
 * on the stack owner's deploy); the others prove nothing.
 */
export type RecordState = "listing" | "older" | "missing" | "corrupt" | "foreign";

export interface StartState {
  /** Resources of ours made for an earlier config, listed in the record: leftovers to clean up. */
  readonly previous?: {
    readonly config: ConfigDoc;
    /**
     * `gone`: deleted out of band; `taken`: deleted, and someone else made a role of that name (without an
     * ownership tag, or as another reconciler's, which then owns the rule pointing at it).
     */
    readonly role: "ours" | "gone" | "taken" | "takenByOther";
    readonly rule: "ours" | "gone";
  };
  /** Our resources for the current config, then drifted (no drift: in sync). */
  readonly current?: { readonly drifts: readonly Drift[] };
  /**
   * `listing` names what we made; otherwise only the tags prove anything, and a rule of ours (untaggable)
   * becomes a conflict until `adopt: true`.
   */
  readonly record: RecordState;
  readonly roles: readonly LookAlikeRole[];
  readonly rules: readonly LookAlikeRule[];
  /** Unrelated ecr-public rules (no role), to fill the registry towards its quota of 50. */
  readonly filler: number;
  /** Unrelated SSM parameters next to ours (another reconciler's config and record, a backup). */
  readonly params: boolean;
}

const EMPTY: StartState = { record: "missing", roles: [], rules: [], filler: 0, params: false };

export const startState: fc.Arbitrary<StartState> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(EMPTY) },
  {
    weight: 6,
    arbitrary: fc
      .record({
        previous: sometimes(
          2,
          3,
          fc.record({
            config: configDoc,
            role: fc.constantFrom(
              "ours" as const,
              "ours" as const,
              "gone" as const,
              "taken" as const,
              "takenByOther" as const,
            ),
            rule: fc.constantFrom("ours" as const, "ours" as const, "gone" as const),
          }),
        ),
        current: sometimes(2, 1, fc.record({ drifts: fc.array(drift, { maxLength: 4 }) })),
        // A lost record turns our rules into conflicts (the safe side): common enough to test, not to dominate.
        record: fc.oneof(
          { weight: 8, arbitrary: fc.constant<RecordState>("listing") },
          { weight: 2, arbitrary: fc.constant<RecordState>("older") },
          { weight: 1, arbitrary: fc.constantFrom<RecordState>("missing", "corrupt", "foreign") },
        ),
        roles: fc.array(lookAlikeRole, { maxLength: 3 }),
        rules: fc.array(lookAlikeRule, { maxLength: 3 }),
        filler: fc.oneof(
          { weight: 6, arbitrary: fc.constant(0) },
          { weight: 1, arbitrary: fc.integer({ min: 1, max: 38 }) },
        ),
        params: fc.boolean(),
      })
      // Leftovers can be found only through the record (a renamed role cannot be found without a scan).
      .map((s) =>
        s.previous !== undefined && s.record !== "listing" && s.record !== "older"
          ? { ...s, record: "listing" as const }
          : s,
      ),
  },
);

// ---------------------------------------------------------------------------------------------------------
// Faults
// ---------------------------------------------------------------------------------------------------------

export interface FaultPlan {
  readonly faults: FaultOptions;
  /** Seed of the account's fault draws. */
  readonly seed: number;
  /**
   * Every run is two runs at once (the schedule and a manual invoke, or the CLI's apply beside the Lambda),
   * their calls interleaved in an order drawn from the seed.
   */
  readonly overlap: boolean;
}

export const faultPlan: fc.Arbitrary<FaultPlan> = fc.record({
  faults: fc.record({
    throttleRate: fc.double({ min: 0.3, max: 0.45, noNaN: true }),
    serverErrorRate: fc.constant(0.1),
    roleNotUsableAttempts: fc.integer({ min: 0, max: 3 }),
    // Writes that take effect and whose response is lost (a 5xx or a timeout after AWS acted).
    loseResponseRate: fc.oneof(
      { weight: 1, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.double({ min: 0.05, max: 0.15, noNaN: true }) },
    ),
    lostResponseAs: fc.constantFrom("serverError" as const, "timeout" as const),
  }),
  seed: fc.integer({ min: 1, max: 0x7fffffff }),
  overlap: fc.oneof(
    { weight: 3, arbitrary: fc.constant(false) },
    { weight: 1, arbitrary: fc.constant(true) },
  ),
});

// ---------------------------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------------------------

export interface Scenario {
  readonly config: ConfigDoc;
  /** Applied after the first config has converged (or settled on a conflict). */
  readonly change?: ConfigChange;
  readonly start: StartState;
  readonly faults: FaultPlan;
}

export const scenario: fc.Arbitrary<Scenario> = fc.record(
  {
    config: configDoc,
    change: sometimes(1, 1, configChange),
    start: startState,
    faults: faultPlan,
  },
  { requiredKeys: ["config", "start", "faults"] },
);

/** The configs a scenario applies, in order. */
export function phases(s: Scenario): ConfigDoc[] {
  return s.change === undefined ? [s.config] : [s.config, applyChange(s.config, s.change)];
}

// ---------------------------------------------------------------------------------------------------------
// Seeding
// ---------------------------------------------------------------------------------------------------------

const EC2_TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
});
const PTC_TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Service: PULL_THROUGH_CACHE_SERVICE_PRINCIPAL },
      Action: "sts:AssumeRole",
    },
  ],
});
const SOMEONE_ELSES_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: ["ecr:BatchGetImage"], Resource: "*" }],
});
/** A role that is not ours, made when a drift or a look-alike rule needs one to point at. */
export const HELPER_ROLE = "someone-elses-ptc-role";
export const OTHER_RECONCILERS_ROLE = "other-cache-pullthrough-cache-role";
const CREDENTIAL_ARN = `arn:aws:secretsmanager:${CONTEXT.region}:${CONTEXT.accountId}:secret:ecr-pullthroughcache/echo-token`;

const tagList = (t: Readonly<Record<string, string>>) =>
  Object.entries(t)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([Key, Value]) => ({ Key, Value }));

/** Flips the case of a name's letters: the same IAM role name, another spelling. */
function recase(name: string): string {
  const upper = name.toUpperCase();
  return upper !== name ? upper : name.toLowerCase();
}

function roleOf(snap: AccountSnapshot, name: string): RoleSnapshot | undefined {
  const lower = name.toLowerCase();
  return Object.values(snap.roles).find((r) => r.roleName.toLowerCase() === lower);
}

/** Seeds through the account's out-of-band door (no log, no faults). */
class Seeder {
  /**
   * What `ours` made and still exists as made: role names (lower-cased), rule prefixes, template role names
   * (lower-cased) and template prefixes.
   */
  readonly made = {
    roles: new Set<string>(),
    rules: new Set<string>(),
    templateRoles: new Set<string>(),
    templates: new Set<string>(),
  };
  /** When each rule `ours` made was created: what our record keeps, even after the rule is deleted. */
  readonly ruleCreatedAt = new Map<string, string>();

  constructor(private readonly account: SimulatedAccount) {}

  role(name: string): RoleSnapshot | undefined {
    return roleOf(this.account.snapshot(), name);
  }

  rule(prefix: string) {
    return this.account.snapshot().pullThroughCacheRules[prefix];
  }

  iam(op: string, input: Record<string, unknown>): void {
    this.account.seed("iam", op, input);
  }

  ecr(op: string, input: Record<string, unknown>): void {
    this.account.seed("ecr", op, input);
  }

  /** Creates a role unless one of that name (ignoring case) exists. */
  createRole(input: {
    RoleName: string;
    Path: string;
    Trust: string;
    Tags: Record<string, string>;
    Description?: string;
  }): boolean {
    if (this.role(input.RoleName)) return false;
    this.iam("CreateRole", {
      RoleName: input.RoleName,
      Path: input.Path,
      AssumeRolePolicyDocument: input.Trust,
      Tags: tagList(input.Tags),
      ...(input.Description !== undefined ? { Description: input.Description } : {}),
    });
    return true;
  }

  /** Deletes a role with its policies. */
  deleteRole(name: string): void {
    const role = this.role(name);
    if (!role) return;
    for (const p of Object.keys(role.inlinePolicies))
      this.iam("DeleteRolePolicy", { RoleName: role.roleName, PolicyName: p });
    for (const arn of role.attachedPolicies)
      this.iam("DetachRolePolicy", { RoleName: role.roleName, PolicyArn: arn });
    this.iam("DeleteRole", { RoleName: role.roleName });
  }

  helperRoleArn(): string {
    this.createRole({ RoleName: HELPER_ROLE, Path: "/", Trust: PTC_TRUST, Tags: { team: "someone-else" } });
    return (this.role(HELPER_ROLE) as RoleSnapshot).arn;
  }

  /** A role of another reconciler instance (its ownership tag names another owner). */
  otherReconcilersRoleArn(): string {
    this.createRole({
      RoleName: OTHER_RECONCILERS_ROLE,
      Path: "/",
      Trust: PTC_TRUST,
      Tags: { [OWNER_TAG_KEY]: OTHER_OWNER },
    });
    return (this.role(OTHER_RECONCILERS_ROLE) as RoleSnapshot).arn;
  }

  /**
   * Our role, rule, template role and template exactly as the reconciler makes them for `doc`; parts whose
   * name is taken are skipped (and a template whose role could not be made).
   */
  ours(doc: ConfigDoc): { role: boolean; rule: boolean; templateRole: boolean; template: boolean } {
    const d = desiredOf(doc);
    const made = { role: false, rule: false, ...this.oursForTemplate(doc) };
    if (
      this.createRole({
        RoleName: d.role.name,
        Path: d.role.path,
        Trust: JSON.stringify(d.role.trustPolicy),
        Tags: { ...d.role.tags },
        Description: ROLE_DESCRIPTION,
      })
    ) {
      made.role = true;
      this.made.roles.add(d.role.name.toLowerCase());
      this.iam("PutRolePolicy", {
        RoleName: d.role.name,
        PolicyName: d.role.inlinePolicyName,
        PolicyDocument: JSON.stringify(d.role.inlinePolicy),
      });
    }
    if (this.rule(d.rule.ecrRepositoryPrefix) === undefined && this.role(d.role.name)) {
      made.rule = true;
      this.made.rules.add(d.rule.ecrRepositoryPrefix);
      this.ecr("CreatePullThroughCacheRule", {
        ecrRepositoryPrefix: d.rule.ecrRepositoryPrefix,
        upstreamRegistryUrl: d.rule.upstreamRegistryUrl,
        upstreamRegistry: d.rule.upstreamRegistry,
        customRoleArn: (this.role(d.role.name) as RoleSnapshot).arn,
        ...(d.rule.upstreamRepositoryPrefix !== "ROOT"
          ? { upstreamRepositoryPrefix: d.rule.upstreamRepositoryPrefix }
          : {}),
      });
      const created = this.rule(d.rule.ecrRepositoryPrefix)?.createdAt;
      if (created !== undefined) this.ruleCreatedAt.set(d.rule.ecrRepositoryPrefix, created);
    }
    return made;
  }

  private oursForTemplate(doc: ConfigDoc): { templateRole: boolean; template: boolean } {
    const d = desiredOf(doc);
    const made = { templateRole: false, template: false };
    const r = d.templateRole;
    if (
      r &&
      this.createRole({
        RoleName: r.name,
        Path: r.path,
        Trust: JSON.stringify(r.trustPolicy),
        Tags: { ...r.tags },
        Description: r.description,
      })
    ) {
      made.templateRole = true;
      this.made.templateRoles.add(r.name.toLowerCase());
      this.iam("PutRolePolicy", {
        RoleName: r.name,
        PolicyName: r.inlinePolicyName,
        PolicyDocument: JSON.stringify(r.inlinePolicy),
      });
    }
    const t = d.template;
    if (!t || (r && !made.templateRole) || this.account.snapshot().repositoryCreationTemplates[t.prefix])
      return made;
    made.template = true;
    this.made.templates.add(t.prefix);
    this.ecr("CreateRepositoryCreationTemplate", {
      prefix: t.prefix,
      description: t.description,
      appliedFor: [...t.appliedFor],
      imageTagMutability: t.imageTagMutability,
      ...(t.lifecyclePolicy ? { lifecyclePolicy: t.lifecyclePolicy } : {}),
      encryptionConfiguration: { ...t.encryptionConfiguration },
      resourceTags: tagList(t.resourceTags),
      ...(t.customRoleArn ? { customRoleArn: t.customRoleArn } : {}),
    });
    return made;
  }

  /** Drifts only what `ours` made (a look-alike holding the configured name is someone else's, not drift). */
  /** Applies a drift, unless AWS would refuse it (a quota the role is already at: nobody could make it). */
  drift(doc: ConfigDoc, x: Drift): void {
    try {
      this.applyDrift(doc, x);
    } catch (e) {
      if ((e as Error).name !== "LimitExceededException") throw e;
    }
  }

  private applyDrift(doc: ConfigDoc, x: Drift): void {
    if (x.kind.startsWith("template")) {
      this.templateDrift(doc, x);
      return;
    }
    const d = desiredOf(doc);
    const role = this.made.roles.has(d.role.name.toLowerCase()) ? this.role(d.role.name) : undefined;
    const rule = this.made.rules.has(d.rule.ecrRepositoryPrefix)
      ? this.rule(d.rule.ecrRepositoryPrefix)
      : undefined;
    const name = role?.roleName ?? d.role.name;
    const trust = d.role.trustPolicy as unknown as { Statement: Record<string, unknown>[] };
    const inline = d.role.inlinePolicy as unknown as { Statement: Record<string, unknown>[] };
    const configKey = Object.keys(parsed(doc).tags).sort()[0];
    switch (x.kind) {
      case "trustWidened": {
        if (!role) return;
        const s0 = trust.Statement[0] as Record<string, unknown>;
        const statements =
          x.how === "principal"
            ? [
                {
                  ...s0,
                  Principal: {
                    Service: PULL_THROUGH_CACHE_SERVICE_PRINCIPAL,
                    AWS: "arn:aws:iam::999999999999:root",
                  },
                },
              ]
            : x.how === "condition"
              ? [{ ...s0, Condition: { StringEquals: { "aws:SourceAccount": CONTEXT.accountId } } }]
              : [
                  s0,
                  { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
                ];
        this.iam("UpdateAssumeRolePolicy", {
          RoleName: name,
          PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
        });
        return;
      }
      case "trustReformatted": {
        if (!role) return;
        const statements = trust.Statement.map((s) => ({
          Action: [s.Action],
          Principal: { Service: [PULL_THROUGH_CACHE_SERVICE_PRINCIPAL] },
          Effect: s.Effect,
        }));
        this.iam("UpdateAssumeRolePolicy", {
          RoleName: name,
          PolicyDocument: JSON.stringify({ Statement: statements, Version: "2012-10-17" }, null, 4),
        });
        return;
      }
      case "inlineEdited": {
        if (!role) return;
        const statements =
          x.how === "wildcard"
            ? inline.Statement.map((s) => ({ ...s, Resource: "*" }))
            : [...inline.Statement, { Effect: "Allow", Action: "ecr:DeleteRepository", Resource: "*" }];
        this.iam("PutRolePolicy", {
          RoleName: name,
          PolicyName: d.role.inlinePolicyName,
          PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
        });
        return;
      }
      case "inlineReformatted": {
        if (!role || role.inlinePolicies[d.role.inlinePolicyName] === undefined) return;
        const statements = [...inline.Statement].reverse().map(({ Sid: _sid, ...s }) => s);
        this.iam("PutRolePolicy", {
          RoleName: name,
          PolicyName: d.role.inlinePolicyName,
          PolicyDocument: JSON.stringify({ Statement: statements, Version: "2012-10-17" }, null, 2),
        });
        return;
      }
      case "inlineRemoved":
        if (role?.inlinePolicies[d.role.inlinePolicyName] !== undefined)
          this.iam("DeleteRolePolicy", { RoleName: name, PolicyName: d.role.inlinePolicyName });
        return;
      case "extraInline":
        if (role)
          this.iam("PutRolePolicy", {
            RoleName: name,
            PolicyName: "backdoor",
            PolicyDocument: SOMEONE_ELSES_POLICY,
          });
        return;
      case "managedAttached":
        if (role) this.iam("AttachRolePolicy", { RoleName: name, PolicyArn: x.arn });
        return;
      case "tagAdded":
        if (role) this.iam("TagRole", { RoleName: name, Tags: [{ Key: x.key, Value: x.value }] });
        return;
      case "tagChanged":
        if (role)
          this.iam("TagRole", {
            RoleName: name,
            Tags: [{ Key: configKey ?? "team", Value: "changed-out-of-band" }],
          });
        return;
      case "tagRemoved":
        if (role && configKey !== undefined) this.iam("UntagRole", { RoleName: name, TagKeys: [configKey] });
        return;
      case "tagKeyRecased": {
        const value = configKey === undefined ? undefined : parsed(doc).tags[configKey];
        if (role && configKey !== undefined && recase(configKey) !== configKey)
          this.iam("TagRole", { RoleName: name, Tags: [{ Key: recase(configKey), Value: value }] });
        return;
      }
      case "ownerTag":
        if (!role) return;
        if (x.how === "removed") this.iam("UntagRole", { RoleName: name, TagKeys: [OWNER_TAG_KEY] });
        else this.iam("TagRole", { RoleName: name, Tags: [{ Key: OWNER_TAG_KEY, Value: OTHER_OWNER }] });
        return;
      case "roleDeleted":
        if (role) this.deleteRole(name);
        return;
      case "roleRecreatedAtOtherPath": {
        if (!role) return;
        const snapshot = role;
        this.deleteRole(name);
        this.iam("CreateRole", {
          RoleName: snapshot.roleName,
          Path: snapshot.path === "/" ? "/ptc/" : "/",
          AssumeRolePolicyDocument: snapshot.assumeRolePolicyDocument,
          Tags: tagList(snapshot.tags),
        });
        for (const [p, text] of Object.entries(snapshot.inlinePolicies))
          this.iam("PutRolePolicy", { RoleName: snapshot.roleName, PolicyName: p, PolicyDocument: text });
        return;
      }
      case "ruleDeleted":
        if (rule) this.ecr("DeletePullThroughCacheRule", { ecrRepositoryPrefix: rule.ecrRepositoryPrefix });
        return;
      case "ruleRepointed":
        if (rule)
          this.ecr("UpdatePullThroughCacheRule", {
            ecrRepositoryPrefix: rule.ecrRepositoryPrefix,
            customRoleArn: x.to === "unowned" ? this.helperRoleArn() : this.otherReconcilersRoleArn(),
          });
        return;
      case "tagsAtQuota": {
        if (!role) return;
        const room = 50 - Object.keys(this.role(name)?.tags ?? {}).length;
        const extra = Array.from({ length: room }, (_, n) => ({ Key: `filler${n}`, Value: "x" }));
        if (extra.length > 0) this.iam("TagRole", { RoleName: name, Tags: extra });
        return;
      }
      case "largeForeignInline": {
        if (!role) return;
        if (this.role(name)?.inlinePolicies[d.role.inlinePolicyName] !== undefined)
          this.iam("DeleteRolePolicy", { RoleName: name, PolicyName: d.role.inlinePolicyName });
        const big = {
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: `arn:aws:s3:::${"b".repeat(9_700)}/*`,
        };
        this.iam("PutRolePolicy", {
          RoleName: name,
          PolicyName: "foreign-large",
          PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [big] }),
        });
        return;
      }
      case "boundary": {
        if (!role) return;
        this.iam("PutRolePermissionsBoundary", {
          RoleName: name,
          PermissionsBoundary: "arn:aws:iam::aws:policy/ReadOnlyAccess",
        });
        return;
      }
      case "ruleUpstreamChanged": {
        if (!rule?.customRoleArn || !role) return;
        this.ecr("DeletePullThroughCacheRule", { ecrRepositoryPrefix: rule.ecrRepositoryPrefix });
        const isRoot = rule.ecrRepositoryPrefix === "ROOT";
        this.ecr("CreatePullThroughCacheRule", {
          ecrRepositoryPrefix: rule.ecrRepositoryPrefix,
          upstreamRegistryUrl:
            x.how === "url"
              ? `999999999999.dkr.ecr.${doc.sourceRegistryRegion}.amazonaws.com`
              : rule.upstreamRegistryUrl,
          upstreamRegistry: "ecr",
          customRoleArn: role.arn,
          ...(x.how === "upstreamPrefix" && !isRoot
            ? { upstreamRepositoryPrefix: "drifted" }
            : rule.upstreamRepositoryPrefix !== undefined
              ? { upstreamRepositoryPrefix: rule.upstreamRepositoryPrefix }
              : {}),
          ...(x.how === "credential" ? { credentialArn: CREDENTIAL_ARN } : {}),
        });
        return;
      }
    }
  }

  /** A drift of the template or its role; only of what `ours` made. */
  private templateDrift(doc: ConfigDoc, x: Drift): void {
    const d = desiredOf(doc);
    const r = d.templateRole;
    const role = r && this.made.templateRoles.has(r.name.toLowerCase()) ? this.role(r.name) : undefined;
    const t = d.template;
    const made = t && this.made.templates.has(t.prefix);
    // A template deleted by an earlier drift is gone: no later drift can edit it.
    const template = made && this.account.snapshot().repositoryCreationTemplates[t.prefix] ? t : undefined;
    const name = role?.roleName ?? "";
    switch (x.kind) {
      case "templateRoleTrust":
        if (role) this.iam("UpdateAssumeRolePolicy", { RoleName: name, PolicyDocument: EC2_TRUST });
        return;
      case "templateRoleInline":
        if (!role || !r || role.inlinePolicies[r.inlinePolicyName] === undefined) return;
        if (x.how === "removed")
          this.iam("DeleteRolePolicy", { RoleName: name, PolicyName: r.inlinePolicyName });
        else
          this.iam("PutRolePolicy", {
            RoleName: name,
            PolicyName: r.inlinePolicyName,
            PolicyDocument: JSON.stringify({
              Version: "2012-10-17",
              Statement: [{ Effect: "Allow", Action: "ecr:*", Resource: "*" }],
            }),
          });
        return;
      case "templateRoleAttached":
        if (role) this.iam("AttachRolePolicy", { RoleName: name, PolicyArn: AWS_MANAGED_POLICIES[0] });
        return;
      case "templateRoleDeleted":
        if (role) this.deleteRole(name);
        return;
      case "templateRoleOwnerTag":
        if (role) this.iam("UntagRole", { RoleName: name, TagKeys: [OWNER_TAG_KEY] });
        return;
      case "templateRoleTakenOff":
        if (template?.customRoleArn)
          this.ecr("UpdateRepositoryCreationTemplate", { prefix: template.prefix, customRoleArn: "" });
        return;
      case "templateDeleted":
        if (template) this.ecr("DeleteRepositoryCreationTemplate", { prefix: template.prefix });
        return;
      case "templateMark":
        if (template)
          this.ecr("UpdateRepositoryCreationTemplate", {
            prefix: template.prefix,
            description: "edited by hand",
          });
        return;
    }
  }

  lookAlikeRole(r: LookAlikeRole, name: string): void {
    this.createRole({
      RoleName: name,
      Path: r.path,
      Trust: r.trust === "ec2" ? EC2_TRUST : PTC_TRUST,
      Tags: { ...r.tags, ...(r.owner === "other" ? { [OWNER_TAG_KEY]: OTHER_OWNER } : {}) },
    });
    const role = this.role(name) as RoleSnapshot;
    if (r.inline)
      this.iam("PutRolePolicy", {
        RoleName: role.roleName,
        PolicyName: "theirs",
        PolicyDocument: SOMEONE_ELSES_POLICY,
      });
    if (r.attached) this.iam("AttachRolePolicy", { RoleName: role.roleName, PolicyArn: r.attached });
  }

  lookAlikeRule(r: LookAlikeRule, prefix: string, roleArn: string): void {
    if (this.rule(prefix) !== undefined) return;
    const upstream =
      r.upstream === "ecr"
        ? {
            upstreamRegistryUrl: "999999999999.dkr.ecr.us-west-2.amazonaws.com",
            upstreamRegistry: "ecr",
            customRoleArn: roleArn,
          }
        : r.upstream === "ecr-public"
          ? { upstreamRegistryUrl: "public.ecr.aws", upstreamRegistry: "ecr-public" }
          : { upstreamRegistryUrl: "quay.io", upstreamRegistry: "quay" };
    this.ecr("CreatePullThroughCacheRule", { ecrRepositoryPrefix: prefix, ...upstream });
  }
}

/** A role name may be re-spelt in another case (same IAM role); a prefix may not (ECR prefixes are lowercase). */
function resolve(ref: NameRef, byPhase: { config: string; change: string }, canRecase: boolean): string {
  if (ref.at === "unrelated") return ref.name;
  const name = byPhase[ref.at];
  return ref.recase && canRecase ? recase(name) : name;
}

/**
 * Builds the scenario's starting account: look-alikes first (they may occupy the configured names), then
 * leftovers of the earlier config, then our current resources and their drift, then the record, the
 * unrelated parameters and the config.
 */
export function seedScenario(account: SimulatedAccount, s: Scenario): void {
  const seeder = new Seeder(account);
  const [first, second] = phases(s) as [ConfigDoc, ConfigDoc | undefined];
  const dFirst = desiredOf(first);
  const dSecond = desiredOf(second ?? first);
  const roleNames = { config: dFirst.role.name, change: dSecond.role.name };
  const prefixes = { config: dFirst.rule.ecrRepositoryPrefix, change: dSecond.rule.ecrRepositoryPrefix };
  const { start } = s;

  for (const r of start.roles) seeder.lookAlikeRole(r, resolve(r.name, roleNames, true));
  const lookAlikeArns = Object.values(account.snapshot().roles)
    .filter((r) => !r.serviceLinked)
    .map((r) => r.arn);
  for (const r of start.rules) {
    const arn =
      lookAlikeArns.length > 0
        ? (lookAlikeArns[r.role % lookAlikeArns.length] as string)
        : seeder.helperRoleArn();
    seeder.lookAlikeRule(r, resolve(r.prefix, prefixes, false), arn);
  }

  const listed = {
    roles: [] as string[],
    rules: [] as string[],
    templateRoles: [] as string[],
    templates: [] as string[],
  };
  const list = (d: DesiredState, made: ReturnType<Seeder["ours"]>) => {
    if (made.role) listed.roles.push(d.role.name);
    if (made.rule) listed.rules.push(d.rule.ecrRepositoryPrefix);
    if (made.templateRole && d.templateRole) listed.templateRoles.push(d.templateRole.name);
    if (made.template && d.template) listed.templates.push(d.template.prefix);
  };
  // Only what we made is ours to list: a name someone else already held was never created by us.
  if (start.previous) {
    const p = start.previous;
    // A record of version 2.0 never listed a template or its role: no leftover of one to find.
    const { repositoryTemplate: _older, ...withoutTemplate } = p.config;
    const previous = start.record === "older" ? withoutTemplate : p.config;
    const d = desiredOf(previous);
    const made = seeder.ours(previous);
    list(d, made);
    if (made.rule && p.rule === "gone") {
      seeder.ecr("DeletePullThroughCacheRule", { ecrRepositoryPrefix: d.rule.ecrRepositoryPrefix });
      seeder.made.rules.delete(d.rule.ecrRepositoryPrefix);
    }
    if (made.role && p.role !== "ours") {
      seeder.deleteRole(d.role.name);
      seeder.made.roles.delete(d.role.name.toLowerCase());
    }
    if (made.role && (p.role === "taken" || p.role === "takenByOther")) {
      const taken: LookAlikeRole = {
        name: { at: "unrelated", name: d.role.name },
        owner: p.role === "taken" ? "none" : "other",
        trust: "pullthroughcache",
        path: "/",
        inline: false,
        tags: {},
      };
      seeder.lookAlikeRole(taken, d.role.name);
    }
  }
  if (start.current) {
    list(dFirst, seeder.ours(first));
    for (const x of start.current.drifts) seeder.drift(first, x);
  }
  for (let i = 0; i < start.filler; i++) {
    seeder.lookAlikeRule(
      { prefix: { at: "unrelated", name: "" }, upstream: "ecr-public", role: 0 },
      `filler-${i}`,
      "",
    );
  }

  const put = (Name: string, Value: string) =>
    account.seed("ssm", "PutParameter", { Name, Value, Type: "String", Overwrite: true });
  const roles = [...new Set(listed.roles)];
  const rules = [...new Set(listed.rules)];
  const templateRoles = [...new Set(listed.templateRoles)];
  const templates = [...new Set(listed.templates)];
  const hasOurs = roles.length + rules.length + templateRoles.length + templates.length > 0;
  const seedEntries = (ownerId: string, under = STATE_PARAMETER) => {
    for (const id of roles) put(entryName(under, "role", id), JSON.stringify({ ownerId, id }));
    for (const id of templateRoles)
      put(entryName(under, "templateRole", id), JSON.stringify({ ownerId, id }));
    for (const id of templates) put(entryName(under, "template", id), JSON.stringify({ ownerId, id }));
    for (const id of rules) {
      const createdAt = seeder.ruleCreatedAt.get(id);
      put(entryName(under, "rule", id), JSON.stringify({ ownerId, id, ...(createdAt ? { createdAt } : {}) }));
    }
  };
  const olderRecord = (ownerId: string) => JSON.stringify({ version: 1, ownerId, roles, rules });
  if (start.record === "listing" && hasOurs) seedEntries(CONTEXT.ownerId);
  else if (start.record === "older" && hasOurs) put(STATE_PARAMETER, olderRecord(CONTEXT.ownerId));
  else if (start.record === "corrupt") {
    put(STATE_PARAMETER, "{not json");
    for (const id of rules) put(entryName(STATE_PARAMETER, "rule", id), "{not json");
  } else if (start.record === "foreign") seedEntries(OTHER_OWNER);
  if (start.params) {
    put(
      "/echo-ptc/other-cache/config",
      JSON.stringify({ version: 1, sourceRegistryAccountId: "123456789012" }),
    );
    put("/echo-ptc/other-cache/config.state", olderRecord(OTHER_OWNER));
    seedEntries(OTHER_OWNER, "/echo-ptc/other-cache/config.state");
    put(`${CONFIG_PARAMETER}.state.bak`, olderRecord(CONTEXT.ownerId));
  }
  writeConfig(account, first);
}

/**
 * The name of a record entry, as the README documents it: one SSM parameter below the state parameter, per
 * kind and id, the id with every character but letters, digits, `.` and `-` written `_XX` (hex).
 */
export function entryName(
  state: string,
  kind: "role" | "rule" | "template" | "templateRole",
  id: string,
): string {
  const safe = id.replace(
    /[^A-Za-z0-9.-]/g,
    (c) => `_${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
  return `${state}/${kind}/${safe}`;
}

/** Writes the config parameter out of band, as a user editing it would. */
export function writeConfig(account: SimulatedAccount, doc: ConfigDoc): void {
  account.seed("ssm", "PutParameter", {
    Name: CONFIG_PARAMETER,
    Value: JSON.stringify(doc),
    Type: "String",
    Overwrite: true,
  });
}

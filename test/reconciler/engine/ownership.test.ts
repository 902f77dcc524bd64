import { ECRClient } from "@aws-sdk/client-ecr";
import { IAMClient } from "@aws-sdk/client-iam";
import { OWNER_TAG_KEY } from "../../../common/constants";
import { RESOURCE_TYPES } from "../../../common/types";
import { desiredState } from "../../../reconciler/engine/desired";
import { AwsCallError } from "../../../reconciler/engine/errors";
import { adaptersFor, type Observed, targetsOf } from "../../../reconciler/engine/observe";
import { ownedItems } from "../../../reconciler/engine/ownership";
import { emptyRecord, type OwnershipRecord } from "../../../reconciler/engine/record";
import type { Observation, Settled } from "../../../reconciler/engine/types";
import type { DesiredRole, RoleActual } from "../../../reconciler/resources/role/types";
import type { RuleActual } from "../../../reconciler/resources/rule/types";
import { templateOwnerMark } from "../../../reconciler/resources/template/ownership";
import type { TemplateActual } from "../../../reconciler/resources/template/types";
import { CTX, configOf, roleInSync } from "../builders";

const adapters = adaptersFor({
  iam: new IAMClient({ region: CTX.region }),
  ecr: new ECRClient({ region: CTX.region }),
});
const desired = desiredState(configOf({ repositoryTemplate: {} }), CTX);
const OTHER = "p/s/other";
const denied = {
  error: new AwsCallError("iam:GetRole", "x", Object.assign(new Error("no"), { name: "AccessDenied" })),
};

const ourRole: RoleActual = roleInSync(desired.role);
const roleOf = (owner: string | undefined, name = desired.role.name): RoleActual => {
  const { [OWNER_TAG_KEY]: _ours, ...tags } = ourRole.tags;
  return {
    ...ourRole,
    name,
    arn: `arn:aws:iam::${CTX.accountId}:role/${name}`,
    tags: owner === undefined ? tags : { ...tags, [OWNER_TAG_KEY]: owner },
  };
};
const MADE = "2026-11-01T10:00:00.000Z";
const ruleTo = (roleArn: string | undefined, createdAt = MADE): RuleActual => ({
  ecrRepositoryPrefix: desired.rule.ecrRepositoryPrefix,
  upstreamRegistryUrl: desired.rule.upstreamRegistryUrl,
  createdAt,
  ...(roleArn !== undefined ? { customRoleArn: roleArn } : {}),
});
/** The record after we made the rule at `echo`. */
const MADE_ECHO = { rules: ["echo"], ruleCreatedAt: { echo: MADE } };
const seen = <T>(actual: T | undefined): Observation<T> =>
  actual === undefined ? { exists: false } : { exists: true, actual };

interface Case {
  readonly reason: string;
  readonly record?: Partial<OwnershipRecord>;
  readonly role?: Settled<Observation<RoleActual>>;
  readonly rule?: RuleActual;
  readonly pointed?: Record<string, Settled<Observation<RoleActual>>>;
  readonly template?: TemplateActual;
  readonly owned: { role: boolean; rule: boolean; template: boolean };
  readonly ruleUnreadable?: boolean;
}

function itemsOf(c: Case) {
  const record: OwnershipRecord = { ...emptyRecord(CTX.ownerId), ...c.record };
  const targets = targetsOf(desired, record);
  const observed: Observed = {
    roles: new Map([[desired.role.name, c.role ?? seen<RoleActual>(undefined)]]),
    rules: new Map(c.rule ? [[c.rule.ecrRepositoryPrefix, c.rule]] : []),
    pointedRoles: new Map(Object.entries(c.pointed ?? {})),
    templates: new Map([[desired.template?.prefix ?? "", seen(c.template)]]),
    templateRoles: new Map(),
  };
  return ownedItems({ adapters, targets, observed, desired, record, ownerId: CTX.ownerId });
}

const byType = (items: ReturnType<typeof itemsOf>, type: string) =>
  items.find((i) => i.adapter.type === type);

describe("ownedItems: whose each observed thing is", () => {
  it.each<Case>([
    {
      reason: "our tagged role, the rule we made pointing at it and a template with our mark are ours",
      record: MADE_ECHO,
      role: seen(ourRole),
      rule: ruleTo(ourRole.arn),
      template: {
        prefix: "echo",
        appliedFor: [],
        resourceTags: {},
        description: templateOwnerMark(CTX.ownerId),
      },
      owned: { role: true, rule: true, template: true },
    },
    {
      reason: "a rule at our prefix that the record does not list is not ours, even pointing at our role",
      role: seen(ourRole),
      rule: ruleTo(ourRole.arn),
      owned: { role: true, rule: false, template: false },
    },
    {
      reason: "a rule made at our prefix after ours was deleted (another creation time) is not ours",
      record: MADE_ECHO,
      role: seen(ourRole),
      rule: ruleTo(ourRole.arn, "2026-11-20T09:00:00.000Z"),
      owned: { role: true, rule: false, template: false },
    },
    {
      reason: "the rule we made whose role was deleted is ours by its recorded creation time",
      record: MADE_ECHO,
      rule: ruleTo(ourRole.arn),
      pointed: { [ourRole.arn]: seen<RoleActual>(undefined) },
      owned: { role: false, rule: true, template: false },
    },
    {
      reason: "a listed rule pointing at a role another reconciler owns was taken over",
      record: MADE_ECHO,
      role: seen(ourRole),
      rule: ruleTo("arn:aws:iam::111122223333:role/theirs"),
      pointed: { "arn:aws:iam::111122223333:role/theirs": seen(roleOf(OTHER, "theirs")) },
      owned: { role: true, rule: false, template: false },
    },
    {
      reason: "a role of our name tagged by another reconciler is not ours",
      role: seen(roleOf(OTHER)),
      owned: { role: false, rule: false, template: false },
    },
    {
      reason:
        "a listed rule whose role we could not read is neither ours nor not: its observation is the error",
      record: { rules: ["echo"] },
      role: seen(ourRole),
      rule: ruleTo("arn:aws:iam::111122223333:role/unreadable"),
      pointed: { "arn:aws:iam::111122223333:role/unreadable": denied },
      owned: { role: true, rule: false, template: false },
      ruleUnreadable: true,
    },
    {
      reason: "a template with another description is not ours",
      template: { prefix: "echo", appliedFor: [], resourceTags: {}, description: "made by hand" },
      owned: { role: false, rule: false, template: false },
    },
  ])("$reason", (c) => {
    // Act
    const items = itemsOf(c);

    // Assess
    expect({
      role: byType(items, RESOURCE_TYPES.role)?.owned,
      rule: byType(items, RESOURCE_TYPES.rule)?.owned,
      template: byType(items, RESOURCE_TYPES.template)?.owned,
    }).toEqual(c.owned);
    expect("error" in (byType(items, RESOURCE_TYPES.rule)?.observation ?? {})).toBe(
      c.ruleUnreadable === true,
    );
  });

  it("wants what the config names and lists the record's other ids as unwanted", () => {
    // Prepare
    const c: Case = {
      reason: "",
      record: { roles: ["old-role"], rules: ["old"] },
      owned: { role: false, rule: false, template: false },
    };

    // Act
    const items = itemsOf(c);

    // Assess
    expect(items.map((i) => [i.adapter.type, i.id, i.desired !== undefined])).toEqual([
      [RESOURCE_TYPES.template, "echo", true],
      [RESOURCE_TYPES.role, desired.role.name, true],
      [RESOURCE_TYPES.role, "old-role", false],
      [RESOURCE_TYPES.rule, "echo", true],
      [RESOURCE_TYPES.rule, "old", false],
    ]);
  });
});

describe("ownedItems: the template's role", () => {
  const KEY = `arn:aws:kms:${CTX.region}:${CTX.accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const kms = desiredState(configOf({ repositoryTemplate: { encryption: "KMS", kmsKeyArn: KEY } }), CTX);
  const templateRole = kms.templateRole as DesiredRole;
  const tagged = (owner: string | undefined): RoleActual => {
    const { [OWNER_TAG_KEY]: _ours, ...tags } = templateRole.tags;
    return {
      ...roleInSync(templateRole),
      tags: owner === undefined ? tags : { ...tags, [OWNER_TAG_KEY]: owner },
    };
  };
  const itemsFor = (actual: RoleActual | undefined, record: Partial<OwnershipRecord> = {}) => {
    const r: OwnershipRecord = { ...emptyRecord(CTX.ownerId), ...record };
    const targets = targetsOf(kms, r);
    const observed: Observed = {
      roles: new Map(),
      rules: new Map(),
      pointedRoles: new Map(),
      templates: new Map(),
      templateRoles: new Map(
        targets.templateRoleNames.map((n) => [n, seen(n === templateRole.name ? actual : undefined)]),
      ),
    };
    return ownedItems({ adapters, targets, observed, desired: kms, record: r, ownerId: CTX.ownerId });
  };

  it.each([
    { reason: "our ownership tag makes it ours, as it does the pull role", owner: CTX.ownerId, owned: true },
    { reason: "another reconciler's tag does not", owner: OTHER, owned: false },
    { reason: "no ownership tag does not", owner: undefined, owned: false },
  ])("$reason", ({ owner, owned }) => {
    // Act
    const items = itemsFor(tagged(owner));

    // Assess
    const item = items.find((i) => i.adapter === adapters.templateRole && i.id === templateRole.name);
    expect([item?.desired, item?.owned]).toEqual([templateRole, owned]);
  });

  it("is an item of its own kind, beside the pull role, and a recorded old one is unwanted", () => {
    // Act
    const items = itemsFor(tagged(CTX.ownerId), { templateRoles: ["old-template-role"] });

    // Assess
    expect(
      items
        .filter((i) => i.adapter.type === RESOURCE_TYPES.role)
        .map((i) => [i.adapter.kind, i.id, i.desired !== undefined]),
    ).toEqual([
      ["role", kms.role.name, true],
      ["templateRole", templateRole.name, true],
      ["templateRole", "old-template-role", false],
    ]);
    expect(kms.template?.customRoleArn).toBe(templateRole.arn);
  });
});

describe("targetsOf", () => {
  it("reads one role however the config and the record spell its name (IAM names ignore case)", () => {
    // Act
    const targets = targetsOf(desired, {
      ...emptyRecord(CTX.ownerId),
      roles: [desired.role.name.toUpperCase()],
    });

    // Assess
    expect(targets.roleNames).toEqual([desired.role.name]);
  });

  it("looks after a role under the kind the config now wants it for, never under both", () => {
    // Prepare: the config swapped the two roles' names since the record was written.
    const swapped = desiredState(
      configOf({
        roleName: "role-b",
        repositoryTemplate: { roleName: "role-a", resourceTags: { team: "platform" } },
      }),
      CTX,
    );

    // Act
    const targets = targetsOf(swapped, {
      ...emptyRecord(CTX.ownerId),
      roles: ["role-a"],
      templateRoles: ["ROLE-B"],
    });

    // Assess
    expect([targets.roleNames, targets.templateRoleNames]).toEqual([["role-b"], ["role-a"]]);
  });
});

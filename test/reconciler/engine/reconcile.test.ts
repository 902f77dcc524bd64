import {
  CreatePullThroughCacheRuleCommand,
  DescribePullThroughCacheRulesCommand,
  PullThroughCacheRuleNotFoundException,
  ValidatePullThroughCacheRuleCommand,
} from "@aws-sdk/client-ecr";
import {
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  NoSuchEntityException,
} from "@aws-sdk/client-iam";
import { GetParametersByPathCommand, GetParametersCommand } from "@aws-sdk/client-ssm";
import { type AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { OWNER_TAG_KEY } from "../../../common/constants";
import type { DesiredState } from "../../../reconciler/engine/desired";
import { reconcile } from "../../../reconciler/engine/reconcile";
import { emptyRecord, type OwnershipRecord } from "../../../reconciler/engine/record";
import { entriesOf } from "../../../reconciler/engine/recordEntries";
import { teardown } from "../../../reconciler/engine/teardown";
import { CONFIG_PARAMETER, CONTEXT, deps, desired, newClients, STATE_PARAMETER } from "./fixtures";

/**
 * Exact commands for each scenario, with aws-sdk-client-mock: reads are answered from a scenario,
 * writes are recorded and asserted one by one.
 */

interface RoleFixture {
  name: string;
  path?: string;
  trust: unknown;
  inline?: Record<string, unknown>;
  attached?: string[];
  tags: Record<string, string>;
}

interface Scenario {
  config: Record<string, unknown>;
  record?: { roles: string[]; rules: string[] };
  roles: RoleFixture[];
  rules: Record<string, unknown>[];
}

const enc = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));

function ourRole(d: DesiredState, over: Partial<RoleFixture> = {}): RoleFixture {
  return {
    name: d.role.name,
    trust: d.role.trustPolicy,
    inline: { [d.role.inlinePolicyName]: d.role.inlinePolicy },
    attached: [],
    tags: { ...d.role.tags },
    ...over,
  };
}

/** When our rules in these scenarios were made; the record says so. */
const MADE = new Date("2026-01-01T00:00:00.000Z");
const NEW_RULE = new Date("2026-06-01T00:00:00.000Z");

function ourRule(d: DesiredState, over: Record<string, unknown> = {}) {
  return {
    ecrRepositoryPrefix: d.rule.ecrRepositoryPrefix,
    upstreamRegistryUrl: d.rule.upstreamRegistryUrl,
    upstreamRegistry: "ecr",
    customRoleArn: d.rule.customRoleArn,
    registryId: CONTEXT.accountId,
    createdAt: MADE,
    ...over,
  };
}

/** The record's entries as SSM holds them (one parameter each below the state parameter). */
function storedEntries(record: OwnershipRecord) {
  return [...entriesOf(record)].map(([name, Value]) => ({ Name: `${STATE_PARAMETER}/${name}`, Value }));
}

// biome-ignore lint/suspicious/noExplicitAny: one stub type for the three clients' different command unions.
type Stub = AwsClientStub<any>;

function setUp(s: Scenario) {
  const clients = newClients();
  const iam: Stub = mockClient(clients.iam);
  const ecr: Stub = mockClient(clients.ecr);
  const ssm: Stub = mockClient(clients.ssm);
  const record: OwnershipRecord = {
    ...emptyRecord(CONTEXT.ownerId),
    ...s.record,
    ruleCreatedAt: Object.fromEntries((s.record?.rules ?? []).map((p) => [p, MADE.toISOString()])),
  };
  ssm.on(GetParametersCommand).resolves({
    Parameters: [
      {
        Name: CONFIG_PARAMETER,
        Value: JSON.stringify({ version: 1, sourceRegistryAccountId: "123456789012", ...s.config }),
      },
    ],
  });
  ssm.on(GetParametersByPathCommand).resolves({ Parameters: storedEntries(record) });
  const missing = () => new NoSuchEntityException({ message: "not found", $metadata: {} });
  iam.on(GetRoleCommand).rejects(missing());
  iam.on(GetRolePolicyCommand).rejects(missing());
  iam.on(ListRolePoliciesCommand).rejects(missing());
  iam.on(ListAttachedRolePoliciesCommand).rejects(missing());
  for (const r of s.roles) {
    const path = r.path ?? "/";
    iam.on(GetRoleCommand, { RoleName: r.name }).resolves({
      Role: {
        RoleName: r.name,
        Path: path,
        Arn: `arn:aws:iam::${CONTEXT.accountId}:role${path}${r.name}`,
        RoleId: "AROAEXAMPLE",
        CreateDate: new Date(0),
        AssumeRolePolicyDocument: enc(r.trust),
        Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })),
      },
    });
    iam
      .on(ListRolePoliciesCommand, { RoleName: r.name })
      .resolves({ PolicyNames: Object.keys(r.inline ?? {}), IsTruncated: false });
    iam.on(ListAttachedRolePoliciesCommand, { RoleName: r.name }).resolves({
      AttachedPolicies: (r.attached ?? []).map((PolicyArn) => ({
        PolicyArn,
        PolicyName: PolicyArn.split("/").pop(),
      })),
      IsTruncated: false,
    });
    for (const [name, doc] of Object.entries(r.inline ?? {})) {
      iam
        .on(GetRolePolicyCommand, { RoleName: r.name, PolicyName: name })
        .resolves({ RoleName: r.name, PolicyName: name, PolicyDocument: enc(doc) });
    }
  }
  ecr.on(DescribePullThroughCacheRulesCommand).resolves({ pullThroughCacheRules: s.rules });
  ecr.on(ValidatePullThroughCacheRuleCommand).resolves({ isValid: true });
  ecr.on(CreatePullThroughCacheRuleCommand).resolves({ createdAt: NEW_RULE });
  return { clients, iam, ecr, ssm };
}

const READ = /^(Get|List|Describe|Validate)/;
const NOW = new Date("2026-12-01T12:00:00.000Z");

/** Every write call, in the order sent (sinon numbers calls globally), as [operation, input]; the lease too. */
function allWrites(...stubs: Stub[]): [string, unknown][] {
  return stubs
    .flatMap((stub) => stub.calls())
    .sort((a, b) => (a as unknown as { callId: number }).callId - (b as unknown as { callId: number }).callId)
    .map((c) => {
      const cmd = c.args[0] as { constructor: { name: string }; input: unknown };
      return [cmd.constructor.name.replace(/Command$/, ""), cmd.input] as [string, unknown];
    })
    .filter(([name]) => !READ.test(name));
}

const isLease = ([op, input]: [string, unknown]) =>
  op === "PutParameter" && (input as { Name: string }).Name.startsWith(`${STATE_PARAMETER}/lease/`);

/** The write calls of the run itself: every write but the lease's (its own test below). */
function writes(...stubs: Stub[]): [string, unknown][] {
  return allWrites(...stubs).filter((w) => !isLease(w));
}

afterEach(() => jest.restoreAllMocks());

describe("exact commands", () => {
  it("creates record, role, inline policy and rule on a fresh account", async () => {
    const d = desired();
    const { clients, iam, ecr, ssm } = setUp({ config: {}, roles: [], rules: [] });

    const report = await reconcile(deps(clients, { now: () => NOW }), { action: "reconcile" });

    expect(report.status).toBe("REMEDIATED");
    const claimed = NOW.toISOString();
    expect(writes(ssm, iam, ecr)).toEqual([
      [
        "PutParameter",
        {
          Name: `${STATE_PARAMETER}/role/echo-pullthrough-cache-role`,
          Type: "String",
          Overwrite: false,
          Value: JSON.stringify({ id: d.role.name, ownerId: CONTEXT.ownerId, since: claimed }),
        },
      ],
      [
        "PutParameter",
        {
          Name: `${STATE_PARAMETER}/rule/echo`,
          Type: "String",
          Overwrite: false,
          Value: JSON.stringify({ id: "echo", ownerId: CONTEXT.ownerId, since: claimed }),
        },
      ],
      [
        "CreateRole",
        {
          RoleName: "echo-pullthrough-cache-role",
          Path: "/",
          AssumeRolePolicyDocument: JSON.stringify(d.role.trustPolicy),
          Description: expect.any(String),
          Tags: [{ Key: OWNER_TAG_KEY, Value: CONTEXT.ownerId }],
        },
      ],
      [
        "PutRolePolicy",
        {
          RoleName: d.role.name,
          PolicyName: "echo-pullthrough-cache-upstream-access",
          PolicyDocument: JSON.stringify(d.role.inlinePolicy),
        },
      ],
      [
        "CreatePullThroughCacheRule",
        {
          ecrRepositoryPrefix: "echo",
          upstreamRegistryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com",
          upstreamRegistry: "ecr",
          customRoleArn: `arn:aws:iam::${CONTEXT.accountId}:role/echo-pullthrough-cache-role`,
        },
      ],
      [
        "PutParameter",
        {
          Name: `${STATE_PARAMETER}/rule/echo`,
          Type: "String",
          Overwrite: true,
          Value: JSON.stringify({ createdAt: NEW_RULE.toISOString(), id: "echo", ownerId: CONTEXT.ownerId }),
        },
      ],
    ]);
  });

  it("reports IN_SYNC with zero writes when IAM returns URL-encoded, reordered documents", async () => {
    const d = desired();
    const trust = d.role.trustPolicy as unknown as { Statement: Record<string, unknown>[] };
    const reordered = {
      Statement: trust.Statement.map((s) => ({
        Action: [s.Action],
        Principal: s.Principal,
        Effect: s.Effect,
      })),
      Version: "2012-10-17",
    };
    const inline = d.role.inlinePolicy as unknown as { Statement: Record<string, unknown>[] };
    const inlineReordered = { Version: "2012-10-17", Statement: [...inline.Statement].reverse() };
    const { clients, iam, ecr, ssm } = setUp({
      config: {},
      record: { roles: [d.role.name], rules: ["echo"] },
      roles: [ourRole(d, { trust: reordered, inline: { [d.role.inlinePolicyName]: inlineReordered } })],
      rules: [ourRule(d)],
    });

    const report = await reconcile(deps(clients), { action: "reconcile" });

    expect(report.status).toBe("IN_SYNC");
    expect(report.writes).toBe(0);
    expect(writes(ssm, iam, ecr)).toEqual([]);
  });

  it("fixes trust-policy drift with one UpdateAssumeRolePolicy and nothing else", async () => {
    const d = desired();
    const widened = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "pullthroughcache.ecr.amazonaws.com", AWS: "*" },
          Action: "sts:AssumeRole",
        },
      ],
    };
    const { clients, iam, ecr, ssm } = setUp({
      config: {},
      record: { roles: [d.role.name], rules: ["echo"] },
      roles: [ourRole(d, { trust: widened })],
      rules: [ourRule(d)],
    });

    await reconcile(deps(clients), { action: "reconcile" });

    expect(writes(ssm, iam, ecr)).toEqual([
      [
        "UpdateAssumeRolePolicy",
        { RoleName: d.role.name, PolicyDocument: JSON.stringify(d.role.trustPolicy) },
      ],
    ]);
  });

  it("detaches an extra attached policy with one DetachRolePolicy", async () => {
    const d = desired();
    const admin = "arn:aws:iam::aws:policy/AdministratorAccess";
    const { clients, iam, ecr, ssm } = setUp({
      config: {},
      record: { roles: [d.role.name], rules: ["echo"] },
      roles: [ourRole(d, { attached: [admin] })],
      rules: [ourRule(d)],
    });

    const report = await reconcile(deps(clients), { action: "reconcile" });

    expect(writes(ssm, iam, ecr)).toEqual([
      ["DetachRolePolicy", { RoleName: d.role.name, PolicyArn: admin }],
    ]);
    expect(report.resources.find((r) => r.type === "AWS::IAM::Role")?.differences).toEqual([
      { path: `ManagedPolicyArns[${admin}]`, type: "ADD", actual: admin },
    ]);
  });

  it("recreates a rule deleted out of band", async () => {
    const d = desired();
    const { clients, iam, ecr, ssm } = setUp({
      config: {},
      record: { roles: [d.role.name], rules: ["echo"] },
      roles: [ourRole(d)],
      rules: [],
    });

    await reconcile(deps(clients, { now: () => NOW }), { action: "reconcile" });

    // The claim (when we start making it) before the create; its creation time after.
    expect(writes(ssm, iam, ecr)).toEqual([
      [
        "PutParameter",
        {
          Name: `${STATE_PARAMETER}/rule/echo`,
          Type: "String",
          Overwrite: true,
          Value: JSON.stringify({ id: "echo", ownerId: CONTEXT.ownerId, since: NOW.toISOString() }),
        },
      ],
      [
        "CreatePullThroughCacheRule",
        {
          ecrRepositoryPrefix: "echo",
          upstreamRegistryUrl: d.rule.upstreamRegistryUrl,
          upstreamRegistry: "ecr",
          customRoleArn: d.rule.customRoleArn,
        },
      ],
      [
        "PutParameter",
        {
          Name: `${STATE_PARAMETER}/rule/echo`,
          Type: "String",
          Overwrite: true,
          Value: JSON.stringify({ createdAt: NEW_RULE.toISOString(), id: "echo", ownerId: CONTEXT.ownerId }),
        },
      ],
    ]);
  });

  it("replaces the rule (delete, then create) when the upstream region changes", async () => {
    const before = desired();
    const after = desired({ sourceRegistryRegion: "eu-central-1" });
    const { clients, iam, ecr, ssm } = setUp({
      config: { sourceRegistryRegion: "eu-central-1" },
      record: { roles: [before.role.name], rules: ["echo"] },
      roles: [ourRole(after)],
      rules: [ourRule(before)],
    });

    await reconcile(deps(clients, { now: () => NOW }), { action: "reconcile" });

    expect(writes(ssm, iam, ecr)).toEqual([
      [
        "PutParameter",
        {
          Name: `${STATE_PARAMETER}/rule/echo`,
          Type: "String",
          Overwrite: true,
          Value: JSON.stringify({ id: "echo", ownerId: CONTEXT.ownerId, since: NOW.toISOString() }),
        },
      ],
      ["DeletePullThroughCacheRule", { ecrRepositoryPrefix: "echo" }],
      [
        "CreatePullThroughCacheRule",
        {
          ecrRepositoryPrefix: "echo",
          upstreamRegistryUrl: "123456789012.dkr.ecr.eu-central-1.amazonaws.com",
          upstreamRegistry: "ecr",
          customRoleArn: after.rule.customRoleArn,
        },
      ],
      [
        "PutParameter",
        {
          Name: `${STATE_PARAMETER}/rule/echo`,
          Type: "String",
          Overwrite: true,
          Value: JSON.stringify({ createdAt: NEW_RULE.toISOString(), id: "echo", ownerId: CONTEXT.ownerId }),
        },
      ],
    ]);
  });

  it("on a role rename creates the new role, repoints the rule, then removes the old role", async () => {
    const old = desired();
    const renamed = desired({ roleName: "team-cache-role" });
    const { clients, iam, ecr, ssm } = setUp({
      config: { roleName: "team-cache-role" },
      record: { roles: [old.role.name], rules: ["echo"] },
      roles: [ourRole(old)],
      rules: [ourRule(old)],
    });

    const report = await reconcile(deps(clients), { action: "reconcile" });

    expect(report.status).toBe("REMEDIATED");
    expect(
      writes(ssm, iam, ecr).map(([op, input]) => [
        op,
        (input as { RoleName?: string }).RoleName ?? (input as { Name?: string }).Name,
      ]),
    ).toEqual([
      ["PutParameter", `${STATE_PARAMETER}/role/team-cache-role`],
      ["CreateRole", "team-cache-role"],
      ["PutRolePolicy", "team-cache-role"],
      ["UpdatePullThroughCacheRule", undefined],
      ["DeleteRolePolicy", old.role.name],
      ["DeleteRole", old.role.name],
      ["DeleteParameter", `${STATE_PARAMETER}/role/${old.role.name}`],
    ]);
    expect(ecr.calls().map((c) => c.args[0].input)).toContainEqual({
      ecrRepositoryPrefix: "echo",
      customRoleArn: renamed.role.arn,
    });
  });

  it("tears down rule first, then the role's policies, then the role, then the record's entries", async () => {
    const d = desired();
    const admin = "arn:aws:iam::aws:policy/AdministratorAccess";
    const { clients, iam, ecr, ssm } = setUp({
      config: {},
      record: { roles: [d.role.name], rules: ["echo"] },
      roles: [ourRole(d, { attached: [admin] })],
      rules: [ourRule(d)],
    });

    const report = await teardown(deps(clients), { action: "delete" });

    expect(report.status).toBe("DELETED");
    expect(writes(ssm, iam, ecr)).toEqual([
      ["DeletePullThroughCacheRule", { ecrRepositoryPrefix: "echo" }],
      ["DeleteRolePolicy", { RoleName: d.role.name, PolicyName: d.role.inlinePolicyName }],
      ["DetachRolePolicy", { RoleName: d.role.name, PolicyArn: admin }],
      ["DeleteRole", { RoleName: d.role.name }],
      ["DeleteParameter", { Name: `${STATE_PARAMETER}/role/${d.role.name}` }],
      ["DeleteParameter", { Name: `${STATE_PARAMETER}/rule/echo` }],
    ]);
  });

  it("leaves a role it does not own untouched and reports the conflict", async () => {
    const d = desired();
    const { clients, iam, ecr, ssm } = setUp({
      config: {},
      roles: [ourRole(d, { tags: { team: "platform" } })],
      rules: [],
    });

    const report = await reconcile(deps(clients), { action: "reconcile" });

    expect(report.status).toBe("FAILED");
    expect(report.resources.find((r) => r.type === "AWS::IAM::Role")?.status).toBe("CONFLICT");
    expect(report.errors.map((e) => e.name)).toContain("OwnershipConflict");
    expect(writes(ssm, iam, ecr)).toEqual([]);
  });

  it("takes the lease before its first write and releases it after its last, and takes none with nothing to do", async () => {
    const d = desired();
    const drifted = setUp({
      config: {},
      record: { roles: [d.role.name], rules: ["echo"] },
      roles: [ourRole(d, { attached: ["arn:aws:iam::aws:policy/AdministratorAccess"] })],
      rules: [ourRule(d)],
    });
    const inSync = setUp({
      config: {},
      record: { roles: [d.role.name], rules: ["echo"] },
      roles: [ourRole(d)],
      rules: [ourRule(d)],
    });

    await reconcile(deps(drifted.clients), { action: "reconcile" });
    await reconcile(deps(inSync.clients), { action: "reconcile" });

    const sent = allWrites(drifted.ssm, drifted.iam, drifted.ecr);
    const lease = `${STATE_PARAMETER}/lease/000000000001`;
    expect(
      sent.map(([op, input]) => [
        op,
        (input as { Name?: string }).Name,
        (input as { Overwrite?: boolean }).Overwrite,
      ]),
    ).toEqual([
      ["PutParameter", lease, false],
      ["DetachRolePolicy", undefined, undefined],
      ["PutParameter", lease, true],
    ]);
    const released = sent[2]?.[1] as { Value: string } | undefined;
    expect(JSON.parse(released?.Value ?? "{}")).toEqual(expect.objectContaining({ released: true }));
    expect(allWrites(inSync.ssm, inSync.iam, inSync.ecr)).toEqual([]);
  });

  it("reads all rules with one unfiltered Describe, never a filtered one that throws on a missing prefix", async () => {
    const d = desired();
    const { clients, ecr } = setUp({
      config: {},
      record: { roles: [d.role.name], rules: ["echo"] },
      roles: [ourRole(d)],
      rules: [ourRule(d)],
    });
    ecr
      .on(DescribePullThroughCacheRulesCommand, { ecrRepositoryPrefixes: ["echo"] })
      .rejects(new PullThroughCacheRuleNotFoundException({ message: "x", $metadata: {} }));

    await reconcile(deps(clients), { action: "plan" });

    expect(ecr.commandCalls(DescribePullThroughCacheRulesCommand).map((c) => c.args[0].input)).toEqual([{}]);
  });
});

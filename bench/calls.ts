import { inlinePolicyName } from "../common/names";
import type { Report } from "../common/types";
import type { CallRecord } from "../sim";
import { PULL_THROUGH_CACHE_PRINCIPAL, trustPolicy } from "../sim";
import { atMost, type Figure } from "./figures";
import { ACCOUNT, BASE_CONFIG, type Deployment, deployed, lambdaContext, PARAM, PREFIX, ROLE } from "./sim";

const VALIDATE = "ecr:ValidatePullThroughCacheRule";
const name = (c: CallRecord) => `${c.service}:${c.operation}`;

/** "iam:GetRole 1, ssm:GetParameters 1": calls by operation. */
export function byOperation(calls: readonly CallRecord[]): string {
  const counts = new Map<string, number>();
  for (const c of calls) counts.set(name(c), (counts.get(name(c)) ?? 0) + 1);
  return [...counts].map(([op, n]) => `${op} ${n}`).join(", ") || "none";
}

/** Reads and writes of one scheduled run of an account already in sync. */
export async function inSync(): Promise<Figure[]> {
  const d = await deployed();
  const { report } = await d.scheduled();
  if (report.status !== "IN_SYNC") throw new Error(`expected IN_SYNC, got ${report.status}`);
  const reads = d.account.calls.filter((c) => !c.write && name(c) !== VALIDATE);
  const validates = d.account.calls.filter((c) => name(c) === VALIDATE);
  const writes = d.account.calls.filter((c) => c.write);
  const g = "in-sync calls";
  return [
    // Config and an older record in one GetParameters, the record's entries and the lease in one
    // GetParametersByPath, both at once; then the role's four reads beside the rules.
    atMost(g, "reads (excl. Validate)", reads.length, 7, "", byOperation(reads)),
    atMost(g, "ValidatePullThroughCacheRule", validates.length, 1, "", "upstream health, beside the reads"),
    atMost(g, "writes", writes.length, 0, "", byOperation(writes)),
  ];
}

const widerTrust = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: PULL_THROUGH_CACHE_PRINCIPAL }, Action: "sts:AssumeRole" },
    { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" },
  ],
});

const SSM_CHANGE = {
  source: "aws.ssm",
  "detail-type": "Parameter Store Change",
  detail: { name: PARAM, type: "String", operation: "Update" },
};

/** A run that changes AWS takes the lease and releases it: two SSM writes (engine/lease.ts). */
const LEASE_WRITES = 2;

interface Drift {
  readonly name: string;
  /** The fewest writes to AWS's resources the APIs allow to undo it (1 unless `why` says otherwise). */
  readonly minimum: number;
  readonly why?: string;
  /**
   * Record entries the fix must write besides the lease: a rule we create is claimed before (so a lost
   * response cannot orphan it) and confirmed after with its creation time (what tells it from a stranger's).
   */
  readonly recordWrites?: number;
  /** The status of a plan after the run (default IN_SYNC): a drift the reconciler must not fix is reported. */
  readonly after?: Report["status"];
  readonly make: (d: Deployment) => void;
  /** A config edit: the run is the one EventBridge's Parameter Store Change event starts, not the schedule's. */
  readonly configEdit?: boolean;
}

/** Each kind of drift, made out of band after a converged deploy. */
const DRIFTS: readonly Drift[] = [
  {
    name: "trust policy widened",
    minimum: 1,
    make: (d) =>
      d.account.seed("iam", "UpdateAssumeRolePolicy", { RoleName: ROLE, PolicyDocument: widerTrust }),
  },
  {
    name: "inline policy edited",
    minimum: 1,
    make: (d) =>
      d.account.seed("iam", "PutRolePolicy", {
        RoleName: ROLE,
        PolicyName: inlinePolicyName(PREFIX),
        PolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "ecr:*", Resource: "*" }],
        }),
      }),
  },
  {
    name: "extra attached policy",
    minimum: 1,
    make: (d) =>
      d.account.seed("iam", "AttachRolePolicy", {
        RoleName: ROLE,
        PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
      }),
  },
  {
    name: "tag value changed",
    minimum: 1,
    make: (d) =>
      d.account.seed("iam", "TagRole", { RoleName: ROLE, Tags: [{ Key: "team", Value: "other" }] }),
  },
  {
    name: "rule deleted",
    minimum: 1,
    recordWrites: 2,
    make: (d) => d.account.seed("ecr", "DeletePullThroughCacheRule", { ecrRepositoryPrefix: PREFIX }),
  },
  {
    // Not ours any more: a rule is ours only while it points at a role carrying our tag (a record entry can
    // be forged; the tag cannot). Reported as a CONFLICT and touched by nothing; its record entry goes, and
    // `adopt: true` takes it back.
    name: "rule repointed at someone else's role (CONFLICT, left alone)",
    minimum: 0,
    recordWrites: 1,
    after: "FAILED",
    make: (d) => {
      const other = d.account.seed("iam", "CreateRole", {
        RoleName: "someone-elses-role",
        AssumeRolePolicyDocument: trustPolicy(PULL_THROUGH_CACHE_PRINCIPAL),
      }) as { Role: { Arn: string } };
      d.account.seed("ecr", "UpdatePullThroughCacheRule", {
        ecrRepositoryPrefix: PREFIX,
        customRoleArn: other.Role.Arn,
      });
    },
  },
  {
    name: "upstream region changed",
    minimum: 3,
    recordWrites: 2,
    why: "replace 2 (ECR cannot update the URL) + PutRolePolicy 1 (the policy names the region)",
    make: (d) => d.putConfig({ ...BASE_CONFIG, sourceRegistryRegion: "eu-central-1" }),
    configEdit: true,
  },
];

/**
 * Write calls of the one run that answers each drift: the resource writes the APIs need, the record entries
 * the fix must write, and the lease when anything is written. The run must leave the account as `after` says.
 */
export async function driftWrites(): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const drift of DRIFTS) {
    const d = await deployed();
    drift.make(d);
    if (drift.configEdit) await d.handler(SSM_CHANGE, lambdaContext);
    else await d.scheduled();
    const writes = d.account.calls.filter((c) => c.write);
    const after = await d.handler({ action: "plan" }, lambdaContext);
    const expected = drift.after ?? "IN_SYNC";
    const settled = after.status === expected;
    const record = drift.recordWrites ?? 0;
    // Only a run that changes AWS's resources takes the lease.
    const budget = drift.minimum + record + (drift.minimum > 0 ? LEASE_WRITES : 0);
    const figure = atMost(
      "writes to fix drift",
      drift.name,
      writes.length,
      budget,
      "",
      [
        byOperation(writes),
        `minimum: ${drift.why ?? `${drift.minimum} to AWS's resources`}${record ? `, ${record} record entries` : ""}${drift.minimum > 0 ? `, lease ${LEASE_WRITES}` : ""}`,
        ...(settled ? [] : [`NOT ${expected} after (${after.status})`]),
      ].join("; "),
    );
    figures.push(settled ? figure : { ...figure, ok: false });
  }
  return figures;
}

/** Calls of an in-sync run in an account crowded with unrelated roles and rules, over an empty account's. */
export async function scale(roles = 5000, rules = 49): Promise<Figure[]> {
  const d = await deployed();
  await d.scheduled();
  const empty = d.account.calls.length;
  const trust = trustPolicy(PULL_THROUGH_CACHE_PRINCIPAL);
  for (let i = 0; i < roles; i++) {
    d.account.seed("iam", "CreateRole", { RoleName: `unrelated-role-${i}`, AssumeRolePolicyDocument: trust });
  }
  for (let i = 0; i < rules; i++) {
    d.account.seed("ecr", "CreatePullThroughCacheRule", {
      ecrRepositoryPrefix: `unrelated-${i}`,
      upstreamRegistryUrl: "999999999999.dkr.ecr.us-west-2.amazonaws.com",
      upstreamRegistry: "ecr",
      customRoleArn: `arn:aws:iam::${ACCOUNT}:role/unrelated-role-${i}`,
    });
  }
  d.account.resetCalls();
  const { report } = await d.scheduled();
  if (report.status !== "IN_SYNC") throw new Error(`crowded account: expected IN_SYNC, got ${report.status}`);
  const crowded = d.account.calls.length;
  return [
    atMost(
      "scale",
      `calls with ${roles} roles + ${rules} rules`,
      crowded / empty,
      1,
      "×",
      `${crowded} calls vs ${empty} in the just-deployed account`,
    ),
  ];
}

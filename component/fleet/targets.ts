/**
 * The fleet's targets, checked and spread out into one placement per account×Region before anything is
 * created: a bad account id, a name no AWS Region has, an account×Region listed twice, an account in two
 * partitions, a role to assume outside its account. Every problem names its target (`targets[2].regions[1]`).
 * Pure: no Pulumi here.
 */
import { partitionOf } from "../../common/names";
import { isKnownRegion } from "../../common/regions";
import { cacheName, targetRoleArn } from "./naming";
import type { FleetMonitoringAccount, FleetTarget, FleetView } from "./types";

const ACCOUNT_ID = /^[0-9]{12}$/;
/** An IAM role's ARN: partition, account, and the role's path and name (IAM `roleNameType`, `pathType`). */
const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::([0-9]{12}):role\/[\w+=,.@/-]+$/;

/** One account×Region of the fleet. */
export interface Placement {
  /** `<account>/<region>`: the key of the fleet's `caches`. */
  readonly key: string;
  /** Where the pair is written in the args: `targets[2].regions[1]`. */
  readonly path: string;
  readonly targetIndex: number;
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  /** The role the pair's provider assumes. */
  readonly roleArn: string;
  /** The cache's component name. */
  readonly name: string;
  readonly view: FleetView;
}

/** The monitoring account, checked, with its role. */
export interface Monitoring {
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  readonly roleArn: string;
}

function roleArnErrors(path: string, roleArn: unknown, accountId: string, partition: string): string[] {
  if (roleArn === undefined) return [];
  const m = typeof roleArn === "string" ? ROLE_ARN.exec(roleArn) : null;
  if (m && m[1] === partition && m[2] === accountId) return [];
  return [
    `${path}: must be the ARN of a role in account ${accountId} (arn:${partition}:iam::${accountId}:role/<name>)`,
  ];
}

/** The monitoring account's problems, and the account when it has none. */
export function checkMonitoring(m: FleetMonitoringAccount | undefined): {
  readonly errors: string[];
  readonly monitoring?: Monitoring;
} {
  if (m === undefined) return { errors: [] };
  if (typeof m !== "object" || m === null) {
    return { errors: ["monitoringAccount: must be an object with accountId and region"] };
  }
  const errors: string[] = [];
  if (typeof m.accountId !== "string" || !ACCOUNT_ID.test(m.accountId)) {
    errors.push("monitoringAccount.accountId: must be a 12-digit AWS account id");
  }
  if (!isKnownRegion(m.region)) {
    errors.push(
      `monitoringAccount.region: ${JSON.stringify(m.region)} is not an AWS Region (the SDK's list of Regions)`,
    );
  }
  if (errors.length > 0) return { errors };
  const partition = partitionOf(m.region);
  errors.push(...roleArnErrors("monitoringAccount.roleArn", m.roleArn, m.accountId, partition));
  const roleArn = m.roleArn ?? targetRoleArn(m.accountId, m.region);
  return errors.length > 0
    ? { errors }
    : { errors, monitoring: { accountId: m.accountId, region: m.region, partition, roleArn } };
}

function viewOf(accountId: string, monitoring: Monitoring | undefined): FleetView {
  if (monitoring === undefined) return "none";
  return accountId === monitoring.accountId ? "local" : "linked";
}

/** One target's own problems (its account id, its Regions' names, its role), and its placements. */
function placeTarget(
  fleet: string,
  target: FleetTarget,
  i: number,
  monitoring: Monitoring | undefined,
): { errors: string[]; placements: Placement[] } {
  const at = `targets[${i}]`;
  if (typeof target !== "object" || target === null) {
    return { errors: [`${at}: must be an object with accountId and regions`], placements: [] };
  }
  const errors: string[] = [];
  const { accountId, regions } = target;
  if (typeof accountId !== "string" || !ACCOUNT_ID.test(accountId)) {
    errors.push(`${at}.accountId: must be a 12-digit AWS account id`);
  }
  if (!Array.isArray(regions) || regions.length === 0)
    errors.push(`${at}.regions: must list at least one Region`);
  const known = (Array.isArray(regions) ? regions : []).flatMap((region: unknown, j) => {
    if (isKnownRegion(region)) return [{ region, path: `${at}.regions[${j}]` }];
    errors.push(
      `${at}.regions[${j}]: ${JSON.stringify(region)} is not an AWS Region (the SDK's list of Regions)`,
    );
    return [];
  });
  if (errors.length > 0) return { errors, placements: [] };
  const partition = partitionOf(known[0]?.region ?? "");
  errors.push(...roleArnErrors(`${at}.roleArn`, target.roleArn, accountId, partition));
  const placements = known.map(({ region, path }) => ({
    key: `${accountId}/${region}`,
    path,
    targetIndex: i,
    accountId,
    region,
    partition: partitionOf(region),
    roleArn: target.roleArn ?? targetRoleArn(accountId, region),
    name: cacheName(fleet, accountId, region),
    view: viewOf(accountId, monitoring),
  }));
  return { errors, placements };
}

/** What two placements must agree on, and what no placement may do, across the whole fleet. */
function crossErrors(placements: readonly Placement[], monitoring: Monitoring | undefined): string[] {
  const errors: string[] = [];
  const seen = new Map<string, Placement>();
  const accounts = new Map<string, Placement>();
  for (const p of placements) {
    const first = seen.get(p.key);
    if (first) errors.push(`${p.path}: ${p.accountId}/${p.region} is already ${first.path}`);
    else seen.set(p.key, p);
    const account = accounts.get(p.accountId);
    if (account && account.partition !== p.partition) {
      errors.push(
        `${p.path}: ${p.region} is in the ${p.partition} partition, but account ${p.accountId} is in ` +
          `${account.partition} (${account.path}); an account belongs to one partition`,
      );
    } else if (!account) accounts.set(p.accountId, p);
    if (monitoring && p.partition !== monitoring.partition) {
      errors.push(
        `${p.path}: ${p.region} is in the ${p.partition} partition and the monitoring account in ` +
          `${monitoring.partition}; OAM links a source only to a sink in its own Region`,
      );
    }
  }
  return errors;
}

/**
 * Every account×Region of the targets, in the order written, or every problem with them.
 *
 * @example
 * placeTargets("platform", [{ accountId: "111111111111", regions: ["eu-west-1", "us-east-1"] }], undefined)
 *   .placements.map((p) => p.name); // ["platform-111111111111-euw1", "platform-111111111111-use1"]
 */
export function placeTargets(
  fleet: string,
  targets: readonly FleetTarget[],
  monitoring: Monitoring | undefined,
): { readonly errors: string[]; readonly placements: Placement[] } {
  if (!Array.isArray(targets) || targets.length === 0) {
    return { errors: ["targets: must list at least one account and its Regions"], placements: [] };
  }
  const placed = targets.map((t, i) => placeTarget(fleet, t, i, monitoring));
  const placements = placed.flatMap((p) => p.placements);
  const errors = [...placed.flatMap((p) => p.errors), ...crossErrors(placements, monitoring)];
  return { errors, placements };
}

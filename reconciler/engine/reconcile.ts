import { type Config, parseConfigText } from "../../common/config/schema";
import { INLINE_POLICY_NAME, OWNER_TAG_KEY } from "../../common/constants";
import {
  type Observation,
  RESOURCE_TYPES,
  type Report,
  type ReportError,
  type ResourceReport,
  type RunAction,
  type UpstreamHealth,
} from "../../common/types";
import { type DesiredState, desiredState, type RunContext, templateOwnerMark } from "../core/desired";
import type { RoleActual, RuleActual, TemplateActual } from "../core/diff";
import { appliesChanges } from "../core/plan";
import { buildReport, outputsOf } from "../core/report";
import type { AwsClients } from "./clients";
import { OwnershipConflictError, toReportError } from "./errors";
import {
  type ApplyOptions,
  applyPlan,
  type Item,
  type ItemOutcome,
  type PlannedItem,
  planItems,
  toResourceReport,
} from "./loop";
import { RoleAdapter } from "./roleAdapter";
import { RuleAdapter } from "./ruleAdapter";
import {
  type DocumentStore,
  normaliseRecord,
  type OwnershipRecord,
  SsmStore,
  type StoredDocuments,
  sameRecord,
} from "./store";
import { TemplateAdapter } from "./templateAdapter";

export interface EngineDeps {
  readonly clients: Pick<AwsClients, "iam" | "ecr" | "ssm">;
  readonly context: RunContext;
  readonly configParameterName: string;
  readonly stateParameterName: string;
  readonly sleep?: ApplyOptions["sleep"];
  readonly remainingMs?: ApplyOptions["remainingMs"];
  readonly propagationDelaysMs?: ApplyOptions["propagationDelaysMs"];
  /** Where config and record live; default: the two SSM parameters. */
  readonly store?: DocumentStore;
  /** The clock (the simulated account's, in tests). */
  readonly now?: () => Date;
  /**
   * Whether `adopt: true` in the config is honoured. The Lambda sets it only when the deployment allows
   * adopting (the component's args), so an SSM edit alone cannot take over other resources. Default true.
   */
  readonly allowAdopt?: boolean;
}

function storeOf(deps: EngineDeps): DocumentStore {
  return (
    deps.store ??
    new SsmStore(deps.clients.ssm, deps.configParameterName, deps.stateParameterName, deps.context.ownerId)
  );
}

export interface RunRequest {
  readonly action: RunAction;
  /** Apply even in detect mode (the Pulumi custom resource's create/update: an explicit deploy). */
  readonly enforce?: boolean;
  /** Identity of the custom-resource deployment asking (see `teardown`). */
  readonly deploymentId?: string;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Observes without throwing: a failed read is kept as the item's error. */
async function settle<T>(p: Promise<T>): Promise<T | { error: unknown }> {
  try {
    return await p;
  } catch (error) {
    return { error };
  }
}

interface Observed {
  readonly items: Item[];
  readonly rules: RuleAdapter;
}

/**
 * Observes the wanted role and rule and everything the record says we made, then decides ownership:
 * a role is ours when it carries our ownership tag; a rule when the record lists its prefix and it does not
 * point at a role another reconciler owns; a template when its description is our mark.
 */
async function observe(
  deps: EngineDeps,
  desired: DesiredState | undefined,
  record: OwnershipRecord,
  rules = new RuleAdapter(deps.clients.ecr),
): Promise<Observed> {
  const roles = new RoleAdapter(deps.clients.iam, INLINE_POLICY_NAME);
  const templates = new TemplateAdapter(deps.clients.ecr);
  // IAM role names are unique ignoring case: one role, however the config or the record spells it.
  const roleNames = uniqueIgnoringCase([...(desired ? [desired.role.name] : []), ...record.roles]);
  const templatePrefixes = [
    ...new Set([...(desired?.template ? [desired.template.prefix] : []), ...(record.templates ?? [])]),
  ];
  const [roleObs, allRules, templateObs] = await Promise.all([
    Promise.all(roleNames.map((n) => settle(roles.observe(n)))),
    rules.listAll().then(
      (m) => ({ rules: m }),
      (error: unknown) => ({ error }),
    ),
    Promise.all(templatePrefixes.map((p) => settle(templates.observe(p)))),
  ]);
  const items: Item[] = [];
  // Templates cannot be tagged: ours carry our owner mark as their description.
  const mark = templateOwnerMark(deps.context.ownerId);
  templatePrefixes.forEach((prefix, i) => {
    const observation = templateObs[i] as Observation<TemplateActual> | { error: unknown };
    const wanted = desired?.template !== undefined && desired.template.prefix === prefix;
    items.push({
      adapter: templates,
      id: prefix,
      ...(wanted ? { desired: desired.template } : {}),
      observation,
      owned: "actual" in observation && observation.actual.description === mark,
    });
  });
  // Whose each observed role is (its owner tag), by ARN: what decides whose a rule pointing at it is.
  const roleOwner = new Map<string, string | undefined>();
  roleNames.forEach((name, i) => {
    const observation = roleObs[i] as Observation<RoleActual> | { error: unknown };
    if ("actual" in observation)
      roleOwner.set(observation.actual.arn, observation.actual.tags[OWNER_TAG_KEY]);
    const wanted = desired !== undefined && name.toLowerCase() === desired.role.name.toLowerCase();
    items.push({
      adapter: roles,
      id: name,
      ...(wanted ? { desired: desired.role } : {}),
      observation,
      owned: "actual" in observation && observation.actual.tags[OWNER_TAG_KEY] === deps.context.ownerId,
    });
  });

  const prefixes = [
    ...new Set([...(desired ? [desired.rule.ecrRepositoryPrefix] : []), ...record.rules]),
  ].sort();
  const ruleMap = "error" in allRules ? undefined : allRules.rules;
  // A rule of ours may point at a role we did not observe (drift, or another reconciler took it over):
  // read that role too, only then, to learn whose it is.
  const unseen = [
    ...new Set(
      prefixes
        .map((p) => ruleMap?.get(p)?.customRoleArn)
        .filter((arn): arn is string => arn !== undefined && !roleOwner.has(arn)),
    ),
  ];
  const unseenObs = await Promise.all(
    unseen.map((arn) => settle(roles.observe(arn.slice(arn.lastIndexOf("/") + 1)))),
  );
  const unreadable = new Set<string>();
  unseen.forEach((arn, i) => {
    const o = unseenObs[i] as Observation<RoleActual> | { error: unknown };
    if ("error" in o) unreadable.add(arn);
    else roleOwner.set(arn, o.exists ? o.actual.tags[OWNER_TAG_KEY] : undefined);
  });
  // Rules cannot be tagged: a rule is ours only while our record lists it (we created or adopted it), and
  // never while it points at a role another reconciler owns (it was taken over). Pointing at a role of ours
  // proves nothing: someone else's rule may point at a role we created or adopted. A lost record therefore
  // turns our rules into conflicts until `adopt: true`, which is the safe side.
  const ownerId = deps.context.ownerId;
  const isOurs = (r: RuleActual) => {
    const roleOwnerId = r.customRoleArn === undefined ? undefined : roleOwner.get(r.customRoleArn);
    return (
      record.rules.includes(r.ecrRepositoryPrefix) && (roleOwnerId === undefined || roleOwnerId === ownerId)
    );
  };
  for (const p of prefixes) {
    const actual = ruleMap?.get(p);
    const pointsAtUnreadable = actual?.customRoleArn !== undefined && unreadable.has(actual.customRoleArn);
    const observation: Observation<RuleActual> | { error: unknown } =
      "error" in allRules
        ? allRules
        : pointsAtUnreadable
          ? {
              error: (unseenObs[unseen.indexOf(actual?.customRoleArn as string)] as { error: unknown }).error,
            }
          : actual
            ? { exists: true, actual }
            : { exists: false };
    const wanted = desired?.rule.ecrRepositoryPrefix === p;
    items.push({
      adapter: rules,
      id: p,
      ...(wanted ? { desired: desired?.rule } : {}),
      observation,
      owned: actual !== undefined && !("error" in observation) && isOurs(actual),
    });
  }
  return { items, rules };
}

/** IAM propagation takes 10–30 s (DOMAIN.md); a role younger than this may not be usable by ECR yet. */
const PROPAGATION_WINDOW_MS = 5 * 60_000;

/** Whether a role we want was created within the propagation window (by an earlier, interrupted run). */
function roleIsNew(items: readonly Item[], now: Date): boolean {
  return items.some((i) => {
    const o = i.observation;
    if (i.desired === undefined || !("exists" in o) || !o.exists) return false;
    const created = (o.actual as Partial<RoleActual>).createDate;
    return created instanceof Date && now.getTime() - created.getTime() < PROPAGATION_WINDOW_MS;
  });
}

/** Upstream health, or the error of asking: one read, made alongside the observation. */
function checkUpstream(
  rules: RuleAdapter,
  prefix: string,
): Promise<UpstreamHealth | undefined | { error: unknown }> {
  return settle(rules.validate(prefix));
}

/** The record after this run: what we intend to own (before applying) or still own (after). */
function recordAfter(
  record: OwnershipRecord,
  plan: readonly PlannedItem[],
  keep: (p: PlannedItem) => boolean,
  deploymentId: string | undefined,
): OwnershipRecord {
  const ids = (type: string) =>
    plan.filter((p) => p.item.adapter.type === type && keep(p)).map((p) => p.item.id);
  return normaliseRecord({
    ...record,
    roles: ids(RESOURCE_TYPES.role),
    rules: ids(RESOURCE_TYPES.rule),
    templates: ids(RESOURCE_TYPES.template),
    ...(deploymentId !== undefined ? { deploymentId } : {}),
  });
}

const exists = (p: PlannedItem) => !("error" in p.item.observation) && p.item.observation.exists;

function uniqueIgnoringCase(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.filter((n) => !seen.has(n.toLowerCase()) && seen.add(n.toLowerCase()));
}

/** Whether the record lists this item, in the list of its own kind. */
function listed(record: OwnershipRecord, item: Item): boolean {
  const list =
    item.adapter.type === RESOURCE_TYPES.role
      ? record.roles
      : item.adapter.type === RESOURCE_TYPES.rule
        ? record.rules
        : (record.templates ?? []);
  return list.includes(item.id);
}

/**
 * Items we own or are about to create or adopt. An item that could not be observed keeps whatever the
 * record said: a failed read proves nothing, so it neither adds a claim nor drops one.
 */
function intended(p: PlannedItem, record: OwnershipRecord): boolean {
  if ("error" in p.item.observation) return listed(record, p.item);
  if (p.item.desired !== undefined) return p.decision !== "conflict" || p.item.owned;
  return exists(p) && p.item.owned;
}

function conflictErrors(resources: readonly ResourceReport[]): ReportError[] {
  return resources
    .filter((r) => r.status === "CONFLICT")
    .map((r) =>
      toReportError(new OwnershipConflictError(`${r.type} ${r.id} ${r.reason ?? "conflicts"}`), r.id),
    );
}

function invalidConfigReport(action: RunAction, errors: readonly string[]): Report {
  return buildReport({
    action,
    mode: "unknown",
    status: "INVALID_CONFIG",
    resources: [],
    errors: errors.map((message) => ({ name: "InvalidConfig", message, retryable: false })),
    writes: 0,
  });
}

/** Config and record, or the FAILED report of not being able to read them. */
async function readDocuments(store: DocumentStore, action: RunAction): Promise<StoredDocuments | Report> {
  try {
    return await store.read();
  } catch (e) {
    return buildReport({ action, mode: "unknown", resources: [], errors: [toReportError(e)], writes: 0 });
  }
}

function parse(docs: StoredDocuments, deps: EngineDeps): { config: Config } | { errors: string[] } {
  if (docs.configText === undefined) {
    return { errors: [`(root): config parameter ${deps.configParameterName} does not exist`] };
  }
  const r = parseConfigText(docs.configText);
  return r.ok ? { config: r.config } : { errors: r.errors };
}

/**
 * The paused report. A deploy while paused still becomes the deployment in charge, or an older deployment's
 * delete (Pulumi runs it after the new create) would remove everything.
 */
async function paused(
  store: DocumentStore,
  docs: StoredDocuments,
  request: RunRequest,
  outputs: ReturnType<typeof outputsOf>,
): Promise<Report> {
  let writes = 0;
  const errors: ReportError[] = [];
  if (request.deploymentId !== undefined && request.deploymentId !== docs.record.deploymentId) {
    try {
      writes++;
      await store.write({ ...docs.record, deploymentId: request.deploymentId });
    } catch (e) {
      errors.push(toReportError(e));
    }
  }
  return buildReport({
    action: request.action,
    mode: "paused",
    ...(errors.length === 0 ? { status: "PAUSED" as const } : {}),
    resources: [],
    errors,
    writes,
    outputs,
    message: "mode is paused: nothing was observed or changed",
  });
}

/** Whether an item stays in the record after the run, given what the run did to it. */
function stillListed(p: PlannedItem, o: ItemOutcome | undefined, before: OwnershipRecord): boolean {
  if ("error" in p.item.observation) return listed(before, p.item);
  if (o?.status === "DELETED") return false;
  if (p.item.desired === undefined) return exists(p) && p.item.owned;
  // A create that was blocked or failed before making anything must not leave a claim on a name someone else
  // may take; one that made something (a role, not yet its policy) must stay listed, or a rename would orphan it.
  if (p.decision === "create") return o?.applied === true || o?.partly === true;
  // Ours already, or adopted (adopt is the only way past a conflict).
  return p.decision !== "conflict" || p.item.owned;
}

/**
 * One run: read the config and record, observe, plan, and apply per the action and mode.
 *
 * @example
 * const report = await reconcile(deps, { action: "plan" }); // never writes
 */
export async function reconcile(deps: EngineDeps, request: RunRequest): Promise<Report> {
  const { action } = request;
  const store = storeOf(deps);
  const docs = await readDocuments(store, action);
  if ("status" in docs) return docs;
  const parsed = parse(docs, deps);
  if ("errors" in parsed) return invalidConfigReport(action, parsed.errors);
  const { config } = parsed;
  const desired = desiredState(config, deps.context);
  const outputs = outputsOf(desired, deps.context);
  if (config.mode === "paused" && action !== "plan") return paused(store, docs, request, outputs);
  // ValidatePullThroughCacheRule runs beside the reads (ECR API calls cost nothing; the critical path stays
  // two round trips), and again after a run that changed something, so the report shows the health now.
  const rules = new RuleAdapter(deps.clients.ecr);
  const [{ items }, healthBefore] = await Promise.all([
    observe(deps, desired, docs.record, rules),
    checkUpstream(rules, desired.rule.ecrRepositoryPrefix),
  ]);
  const adoptRefused = config.adopt && deps.allowAdopt === false;
  const plan = planItems(items, {
    adopt: config.adopt && !adoptRefused,
    allowReplace: config.allowReplace,
  }).map((p) =>
    adoptRefused && p.decision === "conflict" && !p.item.owned
      ? {
          ...p,
          reason: `${p.reason}; adopt: true in the config is not honoured: this deployment does not allow adopting (set adopt: true in the component's args)`,
        }
      : p,
  );
  const apply = request.enforce === true || appliesChanges(action, config.mode);
  let writes = 0;
  const errors: ReportError[] = [];

  // Record intent before creating anything, so a crash between create and record cannot orphan a resource.
  // A create that waits on a failed or conflicting resource of lower order will not run: no claim for it.
  const blocked = new Set<string>(
    plan
      .filter((p) => p.item.desired !== undefined && (p.error || p.decision === "conflict"))
      .map((p) => p.item.adapter.type),
  );
  const willRun = (p: PlannedItem) =>
    p.decision !== "create" || !p.item.adapter.dependsOn.some((t) => blocked.has(t));
  const before = recordAfter(
    docs.record,
    plan,
    (p) => intended(p, docs.record) && willRun(p),
    // A first deployment has no older one to protect, so it may be named before applying (one write less).
    docs.record.deploymentId ?? request.deploymentId,
  );
  const needsWork = plan.some((p) => p.steps.length > 0);
  if (apply && (!sameRecord(before, docs.record) || (!docs.recordExists && needsWork))) {
    try {
      writes++;
      await store.write(before);
    } catch (e) {
      errors.push(toReportError(e));
      const resources = plan.map((p) => toResourceReport({ planned: p, applied: false, status: "FAILED" }));
      return buildReport({ action, mode: config.mode, resources, errors, writes, outputs });
    }
  }
  const result = await applyPlan(plan, apply, {
    sleep: deps.sleep ?? realSleep,
    remainingMs: deps.remainingMs ?? (() => Number.POSITIVE_INFINITY),
    ...(deps.propagationDelaysMs ? { propagationDelaysMs: deps.propagationDelaysMs } : {}),
    recentlyPropagated: roleIsNew(items, deps.now?.() ?? new Date()),
  });
  writes += result.writes;
  const resources = result.outcomes
    .filter((o) => !(o.planned.decision === "absent" && !o.error))
    .map(toResourceReport);
  errors.push(...result.outcomes.flatMap((o) => (o.error ? [o.error] : [])), ...conflictErrors(resources));

  // Forget what is gone: stale entries deleted this run or no longer there.
  if (apply) {
    const after = recordAfter(
      before,
      plan,
      (p) =>
        stillListed(
          p,
          result.outcomes.find((x) => x.planned === p),
          before,
        ),
      // The deployment that applied last is recorded only once it did apply: a failed create leaves the
      // older deployment's delete in charge (Pulumi keeps the old resource when the new one fails).
      errors.length === 0 && request.deploymentId !== undefined ? request.deploymentId : before.deploymentId,
    );
    if (!sameRecord(after, before)) {
      try {
        writes++;
        await store.write(after);
      } catch (e) {
        errors.push(toReportError(e));
      }
    }
  }
  const ruleOutcome = result.outcomes.find((o) => o.planned.item.adapter === rules && o.planned.item.desired);
  // Health is ours to report only for our rule; a conflicting rule's health says nothing about this cache.
  let upstream: UpstreamHealth | undefined;
  if (ruleOutcome && ruleOutcome.status !== "CONFLICT" && ruleOutcome.status !== "FAILED") {
    const health = writes > 0 ? await checkUpstream(rules, desired.rule.ecrRepositoryPrefix) : healthBefore;
    if (health && "error" in health)
      errors.push(toReportError(health.error, desired.rule.ecrRepositoryPrefix));
    else upstream = health;
  }
  return buildReport({
    action,
    mode: config.mode,
    resources,
    errors,
    writes,
    outputs,
    ...(upstream ? { upstream } : {}),
  });
}

/**
 * Removes everything this reconciler owns (rules first, then roles with their policies, then the record),
 * or with `retain` reports it and leaves it. Needs no valid config: the record lists what to remove.
 *
 * Under a Pulumi replacement the new custom resource's create runs before the old one's delete; the record
 * names the deployment that applied last, so a delete from an older deployment changes nothing.
 */
export async function teardown(deps: EngineDeps, request: RunRequest): Promise<Report> {
  const action = request.action;
  const store = storeOf(deps);
  const docs = await readDocuments(store, action);
  if ("status" in docs) return docs;
  const parsed = parse(docs, deps);
  const config = "config" in parsed ? parsed.config : undefined;
  const mode = config?.mode ?? "unknown";
  const superseded =
    request.deploymentId !== undefined &&
    docs.record.deploymentId !== undefined &&
    docs.record.deploymentId !== request.deploymentId;
  if (superseded) {
    return buildReport({
      action,
      mode,
      resources: [],
      errors: [],
      writes: 0,
      message: `deployment ${docs.record.deploymentId} replaced ${request.deploymentId}: nothing removed`,
    });
  }
  const desired = config ? desiredState(config, deps.context) : undefined;
  const { items } = await observe(deps, desired, docs.record);
  // On teardown nothing is wanted: every owned resource is removed.
  const unwanted: Item[] = items.map(({ desired: _d, ...rest }) => rest);
  const plan = planItems(unwanted, { adopt: false, allowReplace: false });
  const apply = action === "delete";
  const result = await applyPlan(plan, apply, {
    sleep: deps.sleep ?? realSleep,
    remainingMs: deps.remainingMs ?? (() => Number.POSITIVE_INFINITY),
  });
  let writes = result.writes;
  const resources = result.outcomes
    .filter((o) => o.planned.decision !== "absent" || o.error)
    .map((o) =>
      toResourceReport(o.status === "STALE" && action === "retain" ? { ...o, status: "RETAINED" } : o),
    );
  const errors = result.outcomes.flatMap((o) => (o.error ? [o.error] : []));
  if (apply && errors.length === 0 && docs.recordExists) {
    try {
      writes++;
      await store.remove();
    } catch (e) {
      errors.push(toReportError(e));
    }
  }
  return buildReport({ action, mode, resources, errors, writes });
}

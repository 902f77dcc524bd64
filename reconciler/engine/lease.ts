import { randomUUID } from "node:crypto";
import type { Report, ReportError } from "../../common/types";
import type { LeaseEntry, LeaseStore, StoreWrite } from "./store";

/**
 * Overlapping runs (the schedule and a manual invoke, the CLI's apply beside the Lambda, any two invocations)
 * must not write at once: two replaces of one rule could each delete the rule the other just made. So a run
 * that is about to write takes a lease first, and observes and plans again under it; a run with nothing to
 * write takes none (an in-sync run stays at zero writes).
 *
 * The lease is a sequence of generations, one SSM parameter each (`<state>/lease/<n>`). Taking it creates
 * generation n+1 with `Overwrite: false`, SSM's one atomic create (docs/aws-facts.md, "SSM Parameter
 * Store"): of two runs, exactly one creates it. A generation expires, so a run that died holding it cannot
 * block the others; an expired one is superseded by the next generation, never deleted first, so no run can
 * remove a lease another has just taken. Pure decisions here; the store does the I/O.
 */

/** How long a lease lasts beyond the run's own deadline: the run is stopped by then. */
export const LEASE_MARGIN_MS = 60_000;
/** Without a deadline (a local run), a lease lasts this long. */
export const LEASE_WITHOUT_DEADLINE_MS = 15 * 60_000;
/**
 * The longest any run can hold the lease: Lambda's longest timeout (15 minutes; a local run's lease is as
 * long) plus the margin. A generation claiming to last longer was not written by a run of ours, and is not
 * honoured: whoever may write the record cannot block every run for good.
 */
export const LEASE_LONGEST_MS = 15 * 60_000 + LEASE_MARGIN_MS;
/** Waits between looks at a held lease: about a minute in all. */
export const LEASE_WAITS_MS = [1000, 2000, 4000, 8000, 15000, 15000, 15000] as const;
/** A waiting run gives up while it still has this long to do its own work. */
const RESERVE_MS = 120_000;

/** The generation to take, or the one that holds the lease. */
export function leaseDecision(
  generations: readonly LeaseEntry[],
  now: Date,
): { readonly take: number } | { readonly heldBy: LeaseEntry } {
  const latest = generations[generations.length - 1];
  const expires = latest === undefined ? Number.NaN : Date.parse(latest.expiresAt);
  const live = expires > now.getTime() && expires <= now.getTime() + LEASE_LONGEST_MS;
  if (latest && !latest.released && live) return { heldBy: latest };
  return { take: (latest?.generation ?? 0) + 1 };
}

export interface LeaseRun {
  readonly store: LeaseStore;
  readonly now: () => Date;
  readonly remainingMs: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

export type Held = { readonly entry: LeaseEntry; readonly write: StoreWrite };

/** The error of a run that found the lease held past its patience: nothing was changed; retry later. */
function inProgress(held: LeaseEntry): ReportError {
  return {
    name: "ReconcileInProgress",
    message: `another run (${held.holder}) holds the lease until ${held.expiresAt}: nothing was changed; the next run, or a retry, applies the config`,
    retryable: true,
  };
}

/** Takes the lease, waiting (bounded) while another run holds it. */
export async function takeLease(
  run: LeaseRun,
): Promise<Held | { readonly error: ReportError; readonly write: StoreWrite }> {
  const holder = randomUUID();
  const actions: string[] = [];
  for (let attempt = 0; ; attempt++) {
    const decided = leaseDecision(run.store.generations(), run.now());
    if ("take" in decided) {
      const remaining = run.remainingMs();
      const lasts = Number.isFinite(remaining) ? remaining + LEASE_MARGIN_MS : LEASE_WITHOUT_DEADLINE_MS;
      const entry = {
        generation: decided.take,
        holder,
        expiresAt: new Date(run.now().getTime() + lasts).toISOString(),
      };
      const { taken, write } = await run.store.take(entry);
      actions.push(...write.actions);
      if (write.error !== undefined) return { error: toError(write.error), write: { actions } };
      if (!taken) return { entry, write: { actions } };
    }
    const wait = LEASE_WAITS_MS[attempt];
    const held = "heldBy" in decided ? decided.heldBy : run.store.generations().at(-1);
    if (wait === undefined || run.remainingMs() < wait + RESERVE_MS) {
      return {
        error: inProgress(held ?? { generation: 0, holder: "unknown", expiresAt: "unknown" }),
        write: { actions },
      };
    }
    await run.sleep(wait);
    await run.store.refresh();
  }
}

function toError(e: unknown): ReportError {
  const err = e as { name?: string; message?: string; cause?: { name?: string; message?: string } };
  return {
    name: err.cause?.name ?? err.name ?? "Error",
    message: err.cause?.message ?? err.message ?? String(e),
    retryable: true,
  };
}

/**
 * The report of a run that wrote under the lease: the lease's writes first and last among the record's. A
 * release that failed is no failure of the run: the generation expires by itself.
 */
export function withLeaseWrites(report: Report, taken: StoreWrite, released: StoreWrite): Report {
  const actions = [...taken.actions, ...(report.recordActions ?? []), ...released.actions];
  return {
    ...report,
    writes: report.writes + taken.actions.length + released.actions.length,
    ...(actions.length > 0 ? { recordActions: actions } : {}),
  };
}

/**
 * Runs `body` under the lease: takes it (waiting, bounded), runs, releases. `body` says whether it removed
 * the record, lease generations included (a teardown): then there is nothing left to release.
 */
export async function underLease(
  run: LeaseRun,
  failed: (error: ReportError) => Report,
  body: () => Promise<{ readonly report: Report; readonly removedRecord?: boolean }>,
): Promise<Report> {
  const held = await takeLease(run);
  if ("error" in held) return withLeaseWrites(failed(held.error), held.write, { actions: [] });
  try {
    const { report, removedRecord } = await body();
    const released = removedRecord ? { actions: [] } : await release(run, held.entry);
    return withLeaseWrites(report, held.write, released);
  } catch (e) {
    await release(run, held.entry);
    throw e;
  }
}

/**
 * Releases a generation, trying again a few times (each try is the SDK's own retries): a lease left held
 * blocks every writing run until it expires.
 */
async function release(run: LeaseRun, entry: LeaseEntry): Promise<StoreWrite> {
  const actions: string[] = [];
  for (const wait of [0, ...LEASE_WAITS_MS.slice(0, 2)]) {
    if (wait > 0) await run.sleep(wait);
    const done = await run.store.release(entry);
    actions.push(...done.actions);
    if (done.error === undefined) return { actions };
  }
  return { actions };
}

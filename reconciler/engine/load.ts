import { type Config, parseConfigText } from "../../common/config/schema";
import type { Report, RunAction } from "../../common/types";
import { applyOptionsOf, type EngineDeps } from "./deps";
import { isAccessDenied, toReportError } from "./errors";
import { AFTER_PERMISSION_WAIT_MS, PERMISSION_DELAYS_MS } from "./propagation";
import { buildReport } from "./report";
import type { DocumentStore, StoredDocuments } from "./store";

/** A loaded run: the stored documents and the valid config, or the report that ends the run here. */
type Loaded = { docs: StoredDocuments; config: Config } | { report: Report };

/** Reads config and record; an unreadable store is FAILED, an invalid config INVALID_CONFIG. */
export async function load(store: DocumentStore, deps: EngineDeps, action: RunAction): Promise<Loaded> {
  const docs = await readDocuments(store, action, deps.youngPermissions ? waitOf(deps) : undefined);
  if ("status" in docs) return { report: docs };
  const parsed = parse(docs, deps);
  if ("errors" in parsed) return { report: invalidConfigReport(action, parsed.errors) };
  return { docs, config: parsed.config };
}

/** How a run waits: its sleep and its deadline. */
interface Wait {
  readonly sleep: (ms: number) => Promise<void>;
  readonly remainingMs: () => number;
}

function waitOf(deps: EngineDeps): Wait {
  const { sleep, remainingMs } = applyOptionsOf(deps);
  return { sleep, remainingMs };
}

const deniedByIam = (e: unknown) => isAccessDenied((e as Error).cause ?? e);

/**
 * Config and record, or the FAILED report of not being able to read them. With `young` (a deploy, seconds after
 * Pulumi attached the execution role's policy: IAM is eventually consistent, docs/aws-facts.md "IAM eventual
 * consistency"), an access denial is retried with backoff for about a minute, while the run keeps the time it
 * needs after; then the run fails with AWS's message.
 */
export async function readDocuments(
  store: DocumentStore,
  action: RunAction,
  young?: Wait,
): Promise<StoredDocuments | Report> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await store.read();
    } catch (e) {
      const delay = PERMISSION_DELAYS_MS[attempt];
      const retry =
        young !== undefined &&
        deniedByIam(e) &&
        delay !== undefined &&
        young.remainingMs() >= delay + AFTER_PERMISSION_WAIT_MS;
      if (!retry) {
        return buildReport({ action, mode: "unknown", resources: [], errors: [toReportError(e)], writes: 0 });
      }
      await young.sleep(delay);
    }
  }
}

export function parse(docs: StoredDocuments, deps: EngineDeps): { config: Config } | { errors: string[] } {
  if (docs.configText === undefined) {
    return { errors: [`(root): config parameter ${deps.configParameterName} does not exist`] };
  }
  const r = parseConfigText(docs.configText);
  return r.ok ? { config: r.config } : { errors: r.errors };
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

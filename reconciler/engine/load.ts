import { type Config, parseConfigText } from "../../common/config/schema";
import type { Report, RunAction } from "../../common/types";
import type { EngineDeps } from "./deps";
import { toReportError } from "./errors";
import { buildReport } from "./report";
import type { DocumentStore, StoredDocuments } from "./store";

/** A loaded run: the stored documents and the valid config, or the report that ends the run here. */
type Loaded = { docs: StoredDocuments; config: Config } | { report: Report };

/** Reads config and record; an unreadable store is FAILED, an invalid config INVALID_CONFIG. */
export async function load(store: DocumentStore, deps: EngineDeps, action: RunAction): Promise<Loaded> {
  const docs = await readDocuments(store, action);
  if ("status" in docs) return { report: docs };
  const parsed = parse(docs, deps);
  if ("errors" in parsed) return { report: invalidConfigReport(action, parsed.errors) };
  return { docs, config: parsed.config };
}

/** Config and record, or the FAILED report of not being able to read them. */
export async function readDocuments(
  store: DocumentStore,
  action: RunAction,
): Promise<StoredDocuments | Report> {
  try {
    return await store.read();
  } catch (e) {
    return buildReport({ action, mode: "unknown", resources: [], errors: [toReportError(e)], writes: 0 });
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

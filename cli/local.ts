import { GetParametersCommand, type SSMClient } from "@aws-sdk/client-ssm";
import type { Report } from "../common/types";
import type { AwsClients } from "../reconciler/engine/clients";
import { reconcile } from "../reconciler/engine/reconcile";
import { emptyRecord, type OwnershipRecord, parseRecord } from "../reconciler/engine/record";
import { type DocumentStore, SsmStore, type StoredDocuments } from "../reconciler/engine/store";
import type { RunContext } from "../reconciler/engine/types";

/** A config taken from a local file; the ownership record stays in memory, or in SSM when a parameter is named. */
export class FileConfigStore implements DocumentStore {
  private record: OwnershipRecord;
  private recordExists = false;

  constructor(
    private readonly configText: string,
    private readonly ownerId: string,
    private readonly ssm?: SSMClient,
    private readonly stateParameterName?: string,
  ) {
    this.record = emptyRecord(ownerId);
  }

  /** The record parameter when the record is kept in SSM; in memory it is no AWS call. */
  get recordParameter(): string | undefined {
    return this.ssm ? this.stateParameterName : undefined;
  }

  async read(): Promise<StoredDocuments> {
    if (this.ssm && this.stateParameterName) {
      const names = [this.stateParameterName];
      const out = await this.ssm.send(new GetParametersCommand({ Names: names }));
      const text = out.Parameters?.[0]?.Value;
      this.record = parseRecord(text, this.ownerId);
      this.recordExists = text !== undefined;
    }
    return { configText: this.configText, record: this.record, recordExists: this.recordExists };
  }

  async write(record: OwnershipRecord): Promise<void> {
    if (this.ssm && this.stateParameterName) {
      await new SsmStore(this.ssm, "", this.stateParameterName, this.ownerId).write(record);
    }
    this.record = record;
    this.recordExists = true;
  }

  async remove(): Promise<void> {
    if (this.ssm && this.stateParameterName)
      await new SsmStore(this.ssm, "", this.stateParameterName, this.ownerId).remove();
    this.record = emptyRecord(this.ownerId);
    this.recordExists = false;
  }
}

export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export interface LocalRun {
  readonly clients: Pick<AwsClients, "iam" | "ecr" | "ssm">;
  readonly context: RunContext;
  readonly action: "plan" | "remediate";
  readonly configParameterName?: string;
  readonly stateParameterName?: string;
  readonly store?: DocumentStore;
}

/** Runs the engine from a laptop or CI: `plan` never writes, `apply` fixes drift whatever the mode. */
export function runLocally(run: LocalRun): Promise<Report> {
  return reconcile(
    {
      clients: run.clients,
      context: run.context,
      configParameterName: run.configParameterName ?? "",
      stateParameterName: run.stateParameterName ?? "",
      ...(run.store ? { store: run.store } : {}),
    },
    { action: run.action },
  );
}

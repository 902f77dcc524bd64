import { GetParametersCommand, type SSMClient } from "@aws-sdk/client-ssm";
import type { Report } from "../common/types";
import type { AwsClients } from "../reconciler/engine/clients";
import { reconcile } from "../reconciler/engine/reconcile";
import { emptyRecord, type OwnershipRecord } from "../reconciler/engine/record";
import {
  type DocumentStore,
  SsmRecordStore,
  type StoredDocuments,
  type StoreWrite,
} from "../reconciler/engine/store";
import type { RunContext } from "../reconciler/engine/types";

/** A config taken from a local file; the ownership record stays in memory, or in SSM when a parameter is named. */
export class FileConfigStore implements DocumentStore {
  private memory: OwnershipRecord;
  private memoryExists = false;
  private readonly inSsm?: SsmRecordStore;

  constructor(
    private readonly configText: string,
    ownerId: string,
    private readonly ssm?: SSMClient,
    private readonly stateParameterName?: string,
  ) {
    this.memory = emptyRecord(ownerId);
    if (ssm && stateParameterName) this.inSsm = new SsmRecordStore(ssm, stateParameterName, ownerId);
  }

  /** The record parameter when the record is kept in SSM; in memory it is no AWS call. */
  get recordParameter(): string | undefined {
    return this.ssm ? this.stateParameterName : undefined;
  }

  async read(): Promise<StoredDocuments> {
    if (this.inSsm && this.ssm && this.stateParameterName) {
      const names = [this.stateParameterName];
      const older = this.ssm
        .send(new GetParametersCommand({ Names: names }))
        .then((o) => o.Parameters?.[0]?.Value);
      const { record, exists, fromOlder } = await this.inSsm.read(older);
      return {
        configText: this.configText,
        record,
        recordExists: exists,
        ...(fromOlder ? { fromOlderRecord: true } : {}),
      };
    }
    return { configText: this.configText, record: this.memory, recordExists: this.memoryExists };
  }

  async write(record: OwnershipRecord): Promise<StoreWrite> {
    if (this.inSsm) return this.inSsm.write(record);
    this.memory = record;
    this.memoryExists = true;
    return { actions: [] };
  }

  async remove(): Promise<StoreWrite> {
    if (this.inSsm) return this.inSsm.remove();
    this.memory = emptyRecord(this.memory.ownerId);
    this.memoryExists = false;
    return { actions: [] };
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

/** Runs the engine from a laptop or CI: `plan` never writes, `apply` fixes drift even in detect mode (paused stays paused). */
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

import {
  GetParametersByPathCommand,
  GetParametersCommand,
  PutParameterCommand,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import { call, errorName } from "./errors";
import { LEASE_ENTRY, type LeaseStore, SsmLeaseStore } from "./leaseStore";
import { type OwnershipRecord, parseRecord } from "./record";
import { entriesOf, entryChanges, recordOfEntries } from "./recordEntries";
import { all, deleteCall, type RecordCall, type StoreWrite } from "./storeWrites";

export type { LeaseEntry, LeaseStore } from "./leaseStore";
export { NO_STORE_WRITE, type StoreWrite } from "./storeWrites";

export interface StoredDocuments {
  /** The config parameter's text, or undefined when the parameter does not exist. */
  readonly configText?: string;
  readonly record: OwnershipRecord;
  /** Whether any of the record is stored. */
  readonly recordExists: boolean;
  /** Part of it comes from an older single-parameter record, which the next write replaces by entries. */
  readonly fromOlderRecord?: boolean;
}

/** Where the engine reads its config and keeps its ownership record. */
export interface DocumentStore {
  /** The lease serialising runs that write; none for a record kept in memory (a local run). */
  readonly lease?: LeaseStore;
  read(): Promise<StoredDocuments>;
  /** Stores the record: only what changed since the last read or write. */
  write(record: OwnershipRecord): Promise<StoreWrite>;
  /** Removes every stored part of the record. */
  remove(): Promise<StoreWrite>;
}

/**
 * The record in SSM, one parameter per entry under the state parameter's name (engine/recordEntries.ts), and
 * an older record (version 2.0: one JSON parameter at the state parameter's name), read and merged, then
 * replaced by entries on the first write.
 */
export class SsmRecordStore {
  private stored = new Map<string, string>();
  private olderExists = false;
  /** The lease, read with the record: its generations are entries too (engine/leaseStore.ts). */
  readonly lease: SsmLeaseStore;

  constructor(
    private readonly ssm: SSMClient,
    readonly stateParameterName: string,
    private readonly ownerId: string,
  ) {
    this.lease = new SsmLeaseStore(ssm, stateParameterName, ownerId, () => this.readEntries());
  }

  /** The record's entries and the lease's generations, apart. */
  private keep(entries: Map<string, string>): void {
    this.stored = new Map([...entries].filter(([name]) => !name.startsWith(LEASE_ENTRY)));
    this.lease.keep(entries);
  }

  /**
   * Reads the entries; `olderText` is the state parameter's own value, read elsewhere at the same time (beside
   * the config, in one GetParameters).
   */
  async read(
    olderText: Promise<string | undefined>,
  ): Promise<{ record: OwnershipRecord; exists: boolean; fromOlder: boolean }> {
    const [entries, olderRead] = await Promise.allSettled([this.readEntries(), olderText]);
    // Both reads run at once; the config read's failure is the one reported, whichever came first.
    if (olderRead.status === "rejected") throw olderRead.reason;
    if (entries.status === "rejected") throw entries.reason;
    const [stored, older] = [entries.value, olderRead.value];
    this.keep(stored);
    this.olderExists = older !== undefined;
    const previous = older === undefined ? undefined : parseRecord(older, this.ownerId);
    return {
      record: recordOfEntries(this.ownerId, this.stored, previous),
      exists: this.olderExists || this.stored.size > 0 || this.lease.generations().length > 0,
      fromOlder: this.olderExists,
    };
  }

  private async readEntries(): Promise<Map<string, string>> {
    const entries = new Map<string, string>();
    const base = `${this.stateParameterName}/`;
    let NextToken: string | undefined;
    do {
      const page = await call("ssm:GetParametersByPath", this.stateParameterName, () =>
        this.ssm.send(
          new GetParametersByPathCommand({
            Path: this.stateParameterName,
            Recursive: true,
            ...(NextToken ? { NextToken } : {}),
          }),
        ),
      );
      for (const p of page.Parameters ?? []) {
        if (p.Name?.startsWith(base) && p.Value !== undefined)
          entries.set(p.Name.slice(base.length), p.Value);
      }
      NextToken = page.NextToken;
    } while (NextToken);
    return entries;
  }

  async write(record: OwnershipRecord): Promise<StoreWrite> {
    const wanted = entriesOf(record);
    const { puts, deletes } = entryChanges(this.stored, wanted);
    const done = await all([
      ...puts.map((p) => this.putCall(p.name, p.value, p.created)),
      ...deletes.map((name) => deleteCall(this.ssm, `${this.stateParameterName}/${name}`)),
    ]);
    if (done.error) return done;
    this.stored = wanted;
    // The older record is replaced by its entries, now written: it is read no more.
    if (!this.olderExists) return done;
    const older = await all([deleteCall(this.ssm, this.stateParameterName)]);
    if (!older.error) this.olderExists = false;
    return { actions: [...done.actions, ...older.actions], ...(older.error ? { error: older.error } : {}) };
  }

  async remove(): Promise<StoreWrite> {
    const names = [
      ...[...this.stored.keys()].map((n) => `${this.stateParameterName}/${n}`),
      ...this.lease.names(),
    ];
    const done = await all([
      ...names.map((name) => deleteCall(this.ssm, name)),
      ...(this.olderExists ? [deleteCall(this.ssm, this.stateParameterName)] : []),
    ]);
    if (!done.error) {
      this.stored = new Map();
      this.lease.forget();
      this.olderExists = false;
    }
    return done;
  }

  /**
   * A new entry is created, never overwritten (`Overwrite: false` is SSM's one atomic create): if another run
   * made it meanwhile, its entry stands, unless ours knows more (a rule's creation time). A lost response's
   * retry meets ParameterAlreadyExists too, and our own entry stands.
   */
  private putCall(name: string, value: string, created: boolean): RecordCall {
    return {
      action: `ssm:PutParameter ${this.stateParameterName}/${name}`,
      send: () => this.put(name, value, created),
    };
  }

  private async put(name: string, value: string, created: boolean): Promise<void> {
    const send = (Overwrite: boolean) =>
      call("ssm:PutParameter", `${this.stateParameterName}/${name}`, () =>
        this.ssm.send(
          new PutParameterCommand({
            Name: `${this.stateParameterName}/${name}`,
            Value: value,
            Type: "String",
            Overwrite,
          }),
        ),
      );
    try {
      await send(!created);
    } catch (e) {
      if (!created || errorName((e as Error).cause) !== "ParameterAlreadyExists") throw e;
      if ((JSON.parse(value) as { createdAt?: string }).createdAt !== undefined) await send(true);
    }
  }
}

/** Config and ownership record in SSM: the config (and an older record) with one GetParameters, beside the entries. */
export class SsmStore implements DocumentStore {
  private readonly record: SsmRecordStore;
  readonly lease: LeaseStore;

  constructor(
    private readonly ssm: SSMClient,
    readonly configParameterName: string,
    readonly stateParameterName: string,
    ownerId: string,
  ) {
    this.record = new SsmRecordStore(ssm, stateParameterName, ownerId);
    this.lease = this.record.lease;
  }

  async read(): Promise<StoredDocuments> {
    const names = [this.configParameterName, this.stateParameterName];
    const parameters = call("ssm:GetParameters", names.join(","), () =>
      // A SecureString config is read as plain text: SSM decrypts it with its KMS key (docs/aws-facts.md,
      // "SSM Parameter Store"). For a String parameter the flag changes nothing.
      this.ssm.send(new GetParametersCommand({ Names: names, WithDecryption: true })),
    );
    const value = async (n: string) => (await parameters).Parameters?.find((p) => p.Name === n)?.Value;
    const { record, exists, fromOlder } = await this.record.read(value(this.stateParameterName));
    const configText = await value(this.configParameterName);
    return {
      ...(configText !== undefined ? { configText } : {}),
      record,
      recordExists: exists,
      ...(fromOlder ? { fromOlderRecord: true } : {}),
    };
  }

  write(record: OwnershipRecord): Promise<StoreWrite> {
    return this.record.write(record);
  }

  remove(): Promise<StoreWrite> {
    return this.record.remove();
  }
}

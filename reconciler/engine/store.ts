import {
  DeleteParameterCommand,
  GetParametersCommand,
  PutParameterCommand,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import { call } from "./errors";
import { normaliseRecord, type OwnershipRecord, parseRecord } from "./record";

export interface StoredDocuments {
  /** The config parameter's text, or undefined when the parameter does not exist. */
  readonly configText?: string;
  readonly record: OwnershipRecord;
  /** Whether the record parameter exists. */
  readonly recordExists: boolean;
}

/** Where the engine reads its config and keeps its ownership record. */
export interface DocumentStore {
  /**
   * The SSM parameter the record is written to, named in the report's `recordActions`; undefined when the
   * record is kept in memory (a local run), where writing it is no AWS call and counts as no write.
   */
  readonly recordParameter?: string;
  read(): Promise<StoredDocuments>;
  write(record: OwnershipRecord): Promise<void>;
  remove(): Promise<void>;
}

/** The report's line for a write of the record: `ssm:PutParameter <name>`; none for a record in memory. */
export function recordActions(store: DocumentStore, operation: "ssm:PutParameter" | "ssm:DeleteParameter") {
  return store.recordParameter === undefined ? [] : [`${operation} ${store.recordParameter}`];
}

/** Config and ownership record in SSM, both read with one GetParameters. */
export class SsmStore implements DocumentStore {
  constructor(
    private readonly ssm: SSMClient,
    readonly configParameterName: string,
    readonly stateParameterName: string,
    private readonly ownerId: string,
  ) {}

  get recordParameter(): string {
    return this.stateParameterName;
  }

  async read(): Promise<StoredDocuments> {
    const names = [this.configParameterName, this.stateParameterName];
    const out = await call("ssm:GetParameters", names.join(","), () =>
      this.ssm.send(new GetParametersCommand({ Names: names })),
    );
    const value = (n: string) => out.Parameters?.find((p) => p.Name === n)?.Value;
    const stateText = value(this.stateParameterName);
    const record = parseRecord(stateText, this.ownerId);
    const configText = value(this.configParameterName);
    return {
      ...(configText !== undefined ? { configText } : {}),
      record,
      recordExists: stateText !== undefined,
    };
  }

  async write(record: OwnershipRecord): Promise<void> {
    await call("ssm:PutParameter", this.stateParameterName, () =>
      this.ssm.send(
        new PutParameterCommand({
          Name: this.stateParameterName,
          Value: JSON.stringify(normaliseRecord(record)),
          Type: "String",
          Overwrite: true,
        }),
      ),
    );
  }

  async remove(): Promise<void> {
    await call("ssm:DeleteParameter", this.stateParameterName, () =>
      this.ssm.send(new DeleteParameterCommand({ Name: this.stateParameterName })),
    );
  }
}

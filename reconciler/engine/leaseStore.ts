import { GetParameterCommand, PutParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { sortKeys } from "../../common/json";
import { call, errorName } from "./errors";
import { all, deleteCall, type StoreWrite } from "./storeWrites";

/** One generation of the lease a run takes before it writes (engine/lease.ts). */
export interface LeaseEntry {
  readonly generation: number;
  readonly holder: string;
  readonly expiresAt: string;
  readonly released?: boolean;
}

/** Where the lease lives: beside the record's entries, read with them. */
export interface LeaseStore {
  /** The lease generations as last read. */
  readonly generations: () => readonly LeaseEntry[];
  /** Reads the generations again (a waiting run polls this). */
  refresh(): Promise<readonly LeaseEntry[]>;
  /** Creates a generation; `taken` when another run created it first. The call is listed in `write`. */
  take(entry: LeaseEntry): Promise<{ readonly taken: boolean; readonly write: StoreWrite }>;
  /** Marks a generation released and removes the older ones. */
  release(entry: LeaseEntry): Promise<StoreWrite>;
}

/** Lease generations are entries `lease/<generation>` below the state parameter, zero-padded so they sort. */
export const LEASE_ENTRY = "lease/";
const generationName = (g: number) => `${LEASE_ENTRY}${String(g).padStart(12, "0")}`;

function leaseValue(entry: LeaseEntry, ownerId: string): string {
  const { generation: _g, ...rest } = entry;
  return JSON.stringify(sortKeys({ ownerId, ...rest }));
}

function parseLease(text: string, ownerId: string): Omit<LeaseEntry, "generation"> | undefined {
  try {
    const v = JSON.parse(text) as {
      ownerId?: unknown;
      holder?: unknown;
      expiresAt?: unknown;
      released?: unknown;
    };
    if (v.ownerId !== ownerId || typeof v.holder !== "string" || typeof v.expiresAt !== "string")
      return undefined;
    return { holder: v.holder, expiresAt: v.expiresAt, ...(v.released === true ? { released: true } : {}) };
  } catch {
    return undefined;
  }
}

/** The lease in SSM: its generations are read with the record's entries (`keep`), and polled by `refresh`. */
export class SsmLeaseStore implements LeaseStore {
  private entries: LeaseEntry[] = [];

  constructor(
    private readonly ssm: SSMClient,
    private readonly stateParameterName: string,
    private readonly ownerId: string,
    /** Lists every entry below the state parameter (relative name → value). */
    private readonly list: () => Promise<ReadonlyMap<string, string>>,
  ) {}

  /** Keeps the lease's generations of a listing of the state parameter's entries. */
  keep(listing: ReadonlyMap<string, string>): void {
    this.entries = [...listing]
      .filter(([name]) => name.startsWith(LEASE_ENTRY))
      .flatMap(([name, text]) => {
        const v = parseLease(text, this.ownerId);
        return v ? [{ ...v, generation: Number(name.slice(LEASE_ENTRY.length)) }] : [];
      })
      .sort((a, b) => a.generation - b.generation);
  }

  readonly generations = (): readonly LeaseEntry[] => this.entries;

  /** The full names of the generations kept: what a teardown removes with the record. */
  names(): string[] {
    return this.entries.map((l) => this.nameOf(l.generation));
  }

  forget(): void {
    this.entries = [];
  }

  async refresh(): Promise<readonly LeaseEntry[]> {
    this.keep(await this.list());
    return this.entries;
  }

  async take(entry: LeaseEntry): Promise<{ taken: boolean; write: StoreWrite }> {
    const name = this.nameOf(entry.generation);
    const value = leaseValue(entry, this.ownerId);
    const action = [`ssm:PutParameter ${name}`];
    try {
      await call("ssm:PutParameter", name, () =>
        this.ssm.send(
          new PutParameterCommand({ Name: name, Value: value, Type: "String", Overwrite: false }),
        ),
      );
      return { taken: false, write: { actions: action } };
    } catch (e) {
      if (errorName((e as Error).cause) !== "ParameterAlreadyExists") {
        return { taken: true, write: { actions: action, error: e } };
      }
      // Ours if our own create took effect and only its response was lost.
      const held = await call("ssm:GetParameter", name, () =>
        this.ssm.send(new GetParameterCommand({ Name: name })),
      );
      const v = parseLease(held.Parameter?.Value ?? "", this.ownerId);
      return { taken: v?.holder !== entry.holder, write: { actions: action } };
    }
  }

  async release(entry: LeaseEntry): Promise<StoreWrite> {
    const name = this.nameOf(entry.generation);
    const released = leaseValue({ ...entry, released: true }, this.ownerId);
    const older = this.entries.filter((l) => l.generation < entry.generation - 1).map((l) => l.generation);
    return all([
      {
        action: `ssm:PutParameter ${name}`,
        send: () =>
          call("ssm:PutParameter", name, () =>
            this.ssm.send(
              new PutParameterCommand({ Name: name, Value: released, Type: "String", Overwrite: true }),
            ),
          ),
      },
      ...older.map((g) => deleteCall(this.ssm, this.nameOf(g))),
    ]);
  }

  private nameOf(generation: number): string {
    return `${this.stateParameterName}/${generationName(generation)}`;
  }
}

import {
  DeleteParameterCommand,
  GetParametersCommand,
  PutParameterCommand,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import * as z from "zod/mini";
import { call } from "./errors";

/**
 * The reconciler's own record, kept in a second SSM parameter next to the config. Rules cannot be tagged and
 * a renamed role cannot be found without a scan, so this lists every role name and rule prefix the reconciler
 * created or adopted. It is an index, not the proof of ownership: a role is ours only while it carries our
 * ownership tag, and a rule only while it is listed here or points at a role of ours.
 */
export interface OwnershipRecord {
  readonly version: 1;
  readonly ownerId: string;
  readonly roles: readonly string[];
  readonly rules: readonly string[];
  /** Prefixes of repository creation templates. */
  readonly templates?: readonly string[];
  /** The custom resource deployment that last applied the config (see the handler's delete path). */
  readonly deploymentId?: string;
}

const recordSchema = z.object({
  version: z.literal(1),
  ownerId: z.string(),
  roles: z.array(z.string()),
  rules: z.array(z.string()),
  templates: z.optional(z.array(z.string())),
  deploymentId: z.optional(z.string()),
});

export function emptyRecord(ownerId: string): OwnershipRecord {
  return { version: 1, ownerId, roles: [], rules: [] };
}

/** Sorted, de-duplicated, so equal records serialise equally and an unchanged record is never written. */
export function normaliseRecord(r: OwnershipRecord): OwnershipRecord {
  return {
    version: 1,
    ownerId: r.ownerId,
    roles: [...new Set(r.roles)].sort(),
    rules: [...new Set(r.rules)].sort(),
    ...(r.templates && r.templates.length > 0 ? { templates: [...new Set(r.templates)].sort() } : {}),
    ...(r.deploymentId !== undefined ? { deploymentId: r.deploymentId } : {}),
  };
}

export function sameRecord(a: OwnershipRecord, b: OwnershipRecord): boolean {
  return JSON.stringify(normaliseRecord(a)) === JSON.stringify(normaliseRecord(b));
}

export interface StoredDocuments {
  /** The config parameter's text, or undefined when the parameter does not exist. */
  readonly configText?: string;
  readonly record: OwnershipRecord;
  /** Whether the record parameter exists. */
  readonly recordExists: boolean;
}

/** Where the engine reads its config and keeps its ownership record. */
export interface DocumentStore {
  read(): Promise<StoredDocuments>;
  write(record: OwnershipRecord): Promise<void>;
  remove(): Promise<void>;
}

/** Parses a stored record; anything unreadable or of another owner starts empty (ownership is re-proven by tags). */
export function parseRecord(text: string | undefined, ownerId: string): OwnershipRecord {
  if (text === undefined) return emptyRecord(ownerId);
  try {
    const parsed = recordSchema.safeParse(JSON.parse(text));
    if (parsed.success && parsed.data.ownerId === ownerId) return normaliseRecord(parsed.data);
  } catch {
    // Not JSON: rebuilt from what the tags prove.
  }
  return emptyRecord(ownerId);
}

/** Config and ownership record in SSM, both read with one GetParameters. */
export class SsmStore implements DocumentStore {
  constructor(
    private readonly ssm: SSMClient,
    readonly configParameterName: string,
    readonly stateParameterName: string,
    private readonly ownerId: string,
  ) {}

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

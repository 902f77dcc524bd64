import { DeleteParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { call, errorName } from "./errors";

/**
 * What a store write did: the write calls it sent (`ssm:PutParameter <name>`, what the report lists among the
 * record's actions; none for a record kept in memory), and the first failure if one failed.
 */
export interface StoreWrite {
  readonly actions: readonly string[];
  readonly error?: unknown;
}

export const NO_STORE_WRITE: StoreWrite = { actions: [] };

/** One write call of the record, named as the report lists it. */
export interface RecordCall {
  readonly action: string;
  readonly send: () => Promise<unknown>;
}

/** Sends the calls at once (one round trip); every call runs, and the first failure is kept. */
export async function all(calls: readonly RecordCall[]): Promise<StoreWrite> {
  const results = await Promise.allSettled(calls.map((c) => c.send()));
  const failure = results.find((r) => r.status === "rejected");
  const actions = calls.map((c) => c.action);
  return { actions, ...(failure ? { error: (failure as PromiseRejectedResult).reason } : {}) };
}

/** A DeleteParameter of a record entry; one that meets ParameterNotFound is done (another run, or a lost response). */
export function deleteCall(ssm: SSMClient, name: string): RecordCall {
  return {
    action: `ssm:DeleteParameter ${name}`,
    send: async () => {
      try {
        await call("ssm:DeleteParameter", name, () => ssm.send(new DeleteParameterCommand({ Name: name })));
      } catch (e) {
        if (errorName((e as Error).cause) !== "ParameterNotFound") throw e;
      }
    },
  };
}

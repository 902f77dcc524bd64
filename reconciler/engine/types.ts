/** Plain values the engine passes between its steps. Nothing here does I/O. */

/** Where the reconciler runs: the downstream account, and who it is. */
export interface RunContext {
  readonly accountId: string;
  readonly region: string;
  /** `aws`, `aws-cn`, `aws-us-gov`: taken from the function's ARN. */
  readonly partition: string;
  /** This reconciler instance's identity, the value of the ownership tag. */
  readonly ownerId: string;
}

/** Another deployment's hold on a resource this one wants: whose it is, and what to set instead. */
export interface Claim {
  readonly owner: string;
  readonly remedy: string;
}

/** What an adapter saw. Not-found is `exists: false`, never an error. */
export type Observation<T> = { readonly exists: false } | { readonly exists: true; readonly actual: T };

/** A read that may have failed: the failure is kept as a value, so one failed read stops nothing else. */
export type Settled<T> = T | { readonly error: unknown };

/** Awaits a read without throwing: a failure becomes `{ error }`. */
export async function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  try {
    return await p;
  } catch (error) {
    return { error };
  }
}

export function failed<T>(s: Settled<T>): s is { readonly error: unknown } {
  return s !== null && typeof s === "object" && "error" in s;
}

/**
 * IAM is eventually consistent (docs/aws-facts.md, "IAM eventual consistency"): a role created or changed a
 * moment ago may not be usable for a while (observed from about 2 s to about 2 minutes). One definition of the timing, used by
 * the loop (how long to retry) and by the run (whether an earlier run's change may still be propagating).
 */

/** Backoff before each retry of a call that waits for propagation: about 2 minutes in all. */
export const PROPAGATION_DELAYS_MS = [
  2000, 4000, 8000, 15000, 15000, 15000, 15000, 15000, 15000, 15000,
] as const;

/** A role younger than this may not be usable by ECR yet (an earlier run may have been cut short). */
export const PROPAGATION_WINDOW_MS = 5 * 60_000;

/** Time kept back to finish and report before the Lambda is stopped. */
export const SAFETY_MARGIN_MS = 10_000;

/** Whether something created at `created` may still be propagating at `now`. */
export function mayStillPropagate(created: Date | undefined, now: Date): boolean {
  return created instanceof Date && now.getTime() - created.getTime() < PROPAGATION_WINDOW_MS;
}

/**
 * Backoff before each retry of the run's first read while the execution role's policy may not have reached SSM
 * (a deploy: Pulumi attached it seconds ago): about 60 s in all, well within the Lambda's timeout.
 */
export const PERMISSION_DELAYS_MS = [1000, 2000, 4000, 8000, 15000, 15000, 15000] as const;

/** What a run still needs after waiting for its permissions: the rule's propagation retries, and reporting. */
export const AFTER_PERMISSION_WAIT_MS = 150_000;

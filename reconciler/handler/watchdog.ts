/**
 * How long before the invocation's deadline the watchdog speaks: inside the engine's own margin (it
 * starts no retry wait within 10 s of the deadline, `SAFETY_MARGIN_MS`), and early enough for one log
 * line and one EMF line to be written before Lambda stops the function.
 */
export const DEADLINE_WATCHDOG_MARGIN_MS = 5_000;

/** `setTimeout` runs a delay over 2^31 − 1 ms after 1 ms instead (Node.js timers documentation). */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * Calls `onDeadline` once, `marginMs` before the invocation's deadline, unless disarmed first. When a run
 * hangs (an AWS call that never answers) Lambda stops it at the timeout without running any more of our
 * code, so this is the last moment the handler can still say why.
 *
 * @returns disarm: call it when the invocation ends. Lambda freezes the process between invocations, and a
 * timer left armed would fire in the middle of a later one.
 * @example
 * const disarm = armDeadline(context.getRemainingTimeInMillis(), () => logger.error("timing out"));
 * try { await run(); } finally { disarm(); }
 */
export function armDeadline(
  remainingMs: number,
  onDeadline: () => void,
  marginMs = DEADLINE_WATCHDOG_MARGIN_MS,
): () => void {
  const delay = Math.max(0, remainingMs - marginMs);
  // No deadline to watch (a caller without one passes Infinity): Node would run a longer delay at once.
  if (!Number.isFinite(delay) || delay > MAX_TIMER_DELAY_MS) return () => {};
  const timer = setTimeout(onDeadline, delay);
  return () => clearTimeout(timer);
}

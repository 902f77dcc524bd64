/**
 * Deterministic interleaving of concurrent callers: every call to a simulated account waits for a turn,
 * and turns go out one at a time, in an order drawn from a seeded random source. Two reconciler runs
 * started together then interleave call by call, the same way for the same seed.
 *
 * When a turn is given: only once every SDK command in flight has reached the account (is waiting for
 * its turn). A command is in flight from `client.send()` until it settles, retries and backoff included,
 * so a command between two attempts is waited for. Decisions are taken after the event loop has run
 * every pending promise callback (a `setImmediate`), so a caller that sends its next command right after
 * the previous one settles takes part in the next draw.
 *
 * What it cannot see: a caller waiting on a timer of its own between two commands (a real `setTimeout`
 * sleep). Such a caller misses the draws taken meanwhile; timers make the order depend on the clock, so
 * give callers an injected sleep that resolves without one.
 */
export class TurnScheduler {
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private pending = false;

  /** @param random draws the next turn: a seeded source makes the interleaving reproducible. */
  constructor(private readonly random: () => number) {}

  /**
   * Counts one command as in flight until the returned function is called (calling it again does
   * nothing).
   */
  begin(): () => void {
    this.inFlight += 1;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.inFlight -= 1;
      this.schedule();
    };
  }

  /** Resolves when the calling attempt may run. */
  turn(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      this.grant();
    });
  }

  private grant(): void {
    // A command in flight that is not waiting is on its way (serializing, signing, backing off): wait for it.
    if (this.waiting.length === 0 || this.waiting.length < this.inFlight) return;
    const [next] = this.waiting.splice(Math.floor(this.random() * this.waiting.length), 1);
    next?.();
    // The attempt that got the turn runs at once; the next draw waits until its effects have settled.
    if (this.waiting.length > 0) this.schedule();
  }
}

/**
 * Which faults the next calls meet: errors injected for one operation (`failNext`), responses lost for
 * one operation (`loseNextResponse`), and the random faults of {@link FaultOptions}, drawn from the
 * account's random source (seed it for reproducible runs).
 */
import { lostResponseError, serverError, throttlingError } from "./faults";
import type { FaultOptions, LostResponse, Service } from "./types";

function key(service: Service, operation: string): string {
  return `${service}:${operation}`;
}

function enqueue<T>(queues: Map<string, T[]>, name: string, item: T, times: number): void {
  const queue = queues.get(name) ?? [];
  for (let i = 0; i < times; i += 1) queue.push(item);
  queues.set(name, queue);
}

export class FaultPlan {
  private readonly failures = new Map<string, (() => Error)[]>();
  private readonly losses = new Map<string, LostResponse[]>();

  constructor(private readonly random: () => number) {}

  /** Queues `times` failures of one operation; each call consumes one. */
  failNext(service: Service, operation: string, error: Error | (() => Error), times: number): void {
    enqueue(this.failures, key(service, operation), typeof error === "function" ? error : () => error, times);
  }

  /** Queues `times` lost responses of one operation; each call that succeeds consumes one. */
  loseNext(service: Service, operation: string, as: LostResponse, times: number): void {
    enqueue(this.losses, key(service, operation), as, times);
  }

  /** The error a call meets before it is processed (it then changes nothing), or undefined. */
  before(service: Service, operation: string, faults: FaultOptions): Error | undefined {
    const injected = this.failures.get(key(service, operation))?.shift();
    if (injected) return injected();
    const { throttleRate = 0, serverErrorRate = 0 } = faults;
    if (throttleRate > 0 && this.random() < throttleRate) return throttlingError(service);
    if (serverErrorRate > 0 && this.random() < serverErrorRate) return serverError(service);
    return undefined;
  }

  /**
   * The error that replaces the response of a call that was processed and succeeded, when its response
   * is lost, or undefined. Random losses strike writes only: a lost read changes nothing worth modelling.
   */
  after(service: Service, operation: string, write: boolean, faults: FaultOptions): Error | undefined {
    const queued = this.losses.get(key(service, operation))?.shift();
    if (queued) return lostResponseError(service, queued);
    const { loseResponseRate = 0 } = faults;
    if (write && loseResponseRate > 0 && this.random() < loseResponseRate) {
      return lostResponseError(service, faults.lostResponseAs ?? "serverError");
    }
    return undefined;
  }
}

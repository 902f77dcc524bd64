/**
 * The part of AWS Lambda the provider's Invocation talks to: functions by name, each running the BUILT handler
 * bundle (dist/lambda/index.js) against a simulated account, and Invoke as the RequestResponse call the provider
 * makes. What Invoke answers is Lambda's (docs/aws-facts.md, "Lambda"): an unknown function is a
 * `ResourceNotFoundException`; a handler that throws still answers, with `FunctionError` set and the error
 * object `{errorType, errorMessage}` as the payload.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { Handler } from "../../reconciler/handler";
import { createSimulatedClients, type SimulatedAccount } from "../../sim";
import { builtCreateHandler } from "../reconciler/handler/harness";

/** Lambda's timeout of the reconciler (component/constants.ts, LAMBDA_TIMEOUT_SECONDS). */
const TIMEOUT_MS = 300_000;

/** About one AWS round trip: what a run beside a sleeping one gets done per this much sleep. */
const ROUND_TRIP_MS = 100;

/** The one clock of an emulated world: the account's, the handler's, and what the handler's sleeps advance. */
export class VirtualClock {
  private ms: number;

  constructor(start = Date.parse("2026-03-02T09:00:00.000Z")) {
    this.ms = start;
  }

  now(): Date {
    return new Date(this.ms);
  }

  /**
   * The handler's sleep: the clock moves on at once, and the event loop turns once per 100 ms slept (about
   * one AWS round trip), so a run that waits lets a run beside it go on as it would meanwhile, and a test
   * waits for nothing.
   */
  readonly sleep = async (ms: number): Promise<void> => {
    this.ms += ms;
    for (let turn = 0; turn < Math.ceil(ms / ROUND_TRIP_MS); turn++) await new Promise(setImmediate);
  };
}

/** Lambda's `ResourceNotFoundException` for Invoke of a function that does not exist. */
export class FunctionNotFoundError extends Error {
  override readonly name = "ResourceNotFoundException";
}

export interface InvokeOutput {
  /** Set when the handler threw (`Unhandled`): the payload is then the error. */
  readonly FunctionError?: string;
  readonly Payload: string;
}

interface DeployedFunction {
  readonly arn: string;
  readonly env: Readonly<Record<string, string>>;
  readonly handler: Handler;
}

export class LambdaService {
  private readonly functions = new Map<string, DeployedFunction>();

  constructor(
    readonly account: SimulatedAccount,
    private readonly clock: VirtualClock,
  ) {}

  arnOf(name: string): string {
    return `arn:aws:lambda:${this.account.region}:${this.account.accountId}:function:${name}`;
  }

  exists(name: string): boolean {
    return this.functions.has(name);
  }

  /**
   * CreateFunction, or an update of its environment: a new configuration starts new execution environments,
   * so the handler is built again. Its calls carry the function's name as their `actor`.
   */
  put(name: string, env: Readonly<Record<string, string>>): void {
    const handler = builtCreateHandler()({
      clients: () => createSimulatedClients(this.account, { actor: name }),
      logger: new Logger({ serviceName: "lifecycle", logLevel: "SILENT" }),
      metrics: new Metrics({ namespace: "Lifecycle", serviceName: "lifecycle" }),
      env: { AWS_REGION: this.account.region, ...env },
      sleep: this.clock.sleep,
      now: () => this.clock.now(),
    });
    this.functions.set(name, { arn: this.arnOf(name), env, handler });
  }

  envOf(name: string): Readonly<Record<string, string>> | undefined {
    return this.functions.get(name)?.env;
  }

  /** DeleteFunction (out of band too: someone deleting it in the console). */
  delete(name: string): void {
    this.functions.delete(name);
  }

  /** Invoke with `InvocationType: RequestResponse`. */
  async invoke(name: string, payload: string): Promise<InvokeOutput> {
    const fn = this.functions.get(name);
    if (fn === undefined) throw new FunctionNotFoundError(`Function not found: ${this.arnOf(name)}`);
    const started = this.clock.now().getTime();
    const context = {
      invokedFunctionArn: fn.arn,
      functionName: name,
      getRemainingTimeInMillis: () => TIMEOUT_MS - (this.clock.now().getTime() - started),
    };
    try {
      return { Payload: JSON.stringify(await fn.handler(JSON.parse(payload), context)) };
    } catch (e) {
      const error = e as Error;
      return {
        FunctionError: "Unhandled",
        Payload: JSON.stringify({ errorType: error.name, errorMessage: error.message }),
      };
    }
  }
}

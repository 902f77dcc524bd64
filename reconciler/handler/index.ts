import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { Context } from "aws-lambda";
import {
  DEFAULT_METRICS_NAMESPACE,
  DEFAULT_SERVICE_NAME,
  ENV,
  UNHEALTHY_CAUSE,
} from "../../common/constants";
import type { Report } from "../../common/types";
import { type AwsClients, createClients, DEFAULT_MAX_ATTEMPTS } from "../engine/clients";
import type { EngineDeps } from "../engine/reconcile";
import { CustomResourceFailedError, contextFromArn, handleEvent, mustThrow, readEnv } from "./run";
import { publish, publishUnhealthy } from "./telemetry";
import { armDeadline } from "./watchdog";

/** What the handler is built from; the defaults are what runs in Lambda. The demo passes a simulated account. */
export interface HandlerOptions {
  readonly clients?: (region: string) => Pick<AwsClients, "iam" | "ecr" | "ssm">;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  readonly env?: NodeJS.ProcessEnv;
  readonly sleep?: EngineDeps["sleep"];
  readonly propagationDelaysMs?: EngineDeps["propagationDelaysMs"];
  /** The clock (a test's, beside its sleep); default the system clock. */
  readonly now?: EngineDeps["now"];
}

export type Handler = (
  event: unknown,
  context: Pick<Context, "invokedFunctionArn" | "functionName" | "getRemainingTimeInMillis">,
) => Promise<Report>;

/**
 * Builds the Lambda handler. Clients are built once per container, on first use.
 *
 * @example
 * const run = createHandler({ clients: () => simulatedClients });
 * await run({ action: "plan" }, context);
 */
export function createHandler(options: HandlerOptions = {}): Handler {
  const env = options.env ?? process.env;
  const serviceName = env[ENV.serviceName] || DEFAULT_SERVICE_NAME;
  const logger = options.logger ?? new Logger({ serviceName });
  const metrics =
    options.metrics ??
    new Metrics({ namespace: env[ENV.metricsNamespace] || DEFAULT_METRICS_NAMESPACE, serviceName });
  let clients: Pick<AwsClients, "iam" | "ecr" | "ssm"> | undefined;
  return async (event, context) => {
    const cacheName = env[ENV.cacheName] || context.functionName;
    // A run still going near the Lambda timeout is unhealthy: say so while our code still runs.
    const disarm = armDeadline(context.getRemainingTimeInMillis(), () => {
      logger.error("reconcile timing out", { remainingMs: context.getRemainingTimeInMillis() });
      publishUnhealthy(metrics, cacheName, { [UNHEALTHY_CAUSE.timedOut]: 1 });
    });
    let outcome: Awaited<ReturnType<typeof handleEvent>>;
    try {
      const handlerEnv = readEnv(env);
      const runContext = contextFromArn(
        context.invokedFunctionArn,
        handlerEnv.ownerId ?? context.functionName,
      );
      const region = env.AWS_REGION || runContext.region;
      clients ??=
        options.clients?.(region) ??
        createClients({ region, maxAttempts: Number(env.AWS_MAX_ATTEMPTS) || DEFAULT_MAX_ATTEMPTS });
      outcome = await handleEvent(event, handlerEnv, {
        clients,
        context: runContext,
        remainingMs: () => context.getRemainingTimeInMillis(),
        ...(options.sleep ? { sleep: options.sleep } : {}),
        ...(options.propagationDelaysMs ? { propagationDelaysMs: options.propagationDelaysMs } : {}),
        ...(options.now ? { now: options.now } : {}),
      });
    } catch (e) {
      // A missing environment variable, an unknown event, or a bug: no report to publish, but the failure
      // is logged and counted in Unhealthy.
      logger.error("reconcile not run", e as Error);
      publishUnhealthy(metrics, cacheName, { [UNHEALTHY_CAUSE.reconcileErrors]: 1 });
      throw e;
    } finally {
      disarm();
    }
    const { trigger, report } = outcome;
    // A deploy or an edit of the config changes what was asked for: that is not drift.
    const intended = trigger.kind === "custom-resource" || trigger.kind === "config-change";
    publish(report, logger, metrics, cacheName, intended);
    if (mustThrow(trigger, report)) {
      throw new CustomResourceFailedError(
        report,
        trigger.kind === "custom-resource" ? trigger.lifecycle : undefined,
      );
    }
    return report;
  };
}

/** The Lambda entry point (`index.handler`). */
export const handler: Handler = createHandler();

/**
 * Wires a {@link SimulatedAccount} into real AWS SDK v3 clients.
 *
 * Why a middleware and not aws-sdk-client-mock: aws-sdk-client-mock replaces `client.send`, so nothing of
 * the SDK runs: not its retry strategy, not its serializers, not its endpoint or signing steps. A test
 * written against it cannot show that throttling is retried or that a retried call ends in the right
 * error. This middleware sits at the `deserialize` step, inside the SDK's retry middleware (which runs at
 * `finalizeRequest`), and answers in place of the HTTP round trip and the deserializer. Everything above
 * it is the real client: the input is serialized, an endpoint resolved, the request signed (hence the
 * static fake credentials: signing runs before deserialize), and every throttling or 5xx error the
 * account raises goes through the client's real retry strategy.
 *
 * With interleaving on (SimulatedAccountOptions.interleave) a second middleware, at the top of the
 * initialize step, tells the account's turn order that a command is in flight from `send()` until it
 * settles, so a draw waits for a command that is between two attempts.
 */
import type { ECRClient } from "@aws-sdk/client-ecr";
import type { IAMClient } from "@aws-sdk/client-iam";
import type { SSMClient } from "@aws-sdk/client-ssm";
import { STSClient } from "@aws-sdk/client-sts";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import type {
  AbsoluteLocation,
  AwsCredentialIdentity,
  DeserializeHandlerOptions,
  DeserializeMiddleware,
  InitializeHandlerOptions,
  InitializeMiddleware,
  MetadataBearer,
  MiddlewareStack,
} from "@smithy/types";
import type { AwsClients } from "../reconciler/engine/clients";
import { createClients, DEFAULT_MAX_ATTEMPTS } from "../reconciler/engine/clients";
import type { SimulatedAccount } from "./SimulatedAccount";
import type { ClientCall, Service } from "./types";

/** The SDK clients a simulated account can answer for. */
export interface SimulatableClients {
  readonly iam?: IAMClient;
  readonly ecr?: ECRClient;
  readonly ssm?: SSMClient;
  readonly sts?: STSClient;
}

/** The clients {@link createSimulatedClients} builds: the reconciler's three plus STS. */
export interface SimulatedClients extends AwsClients {
  readonly sts: STSClient;
}

export interface SimulatedClientOptions {
  /** Total attempts per call, first included. Default: the reconciler's own default. */
  readonly maxAttempts?: number;
  /**
   * Backoff before retry `attempt` (1-based), in ms. Default 0: simulated calls have nothing to wait for,
   * and tests stay fast. Pass a function to reproduce real timing in a benchmark.
   */
  readonly backoffMs?: (attempt: number) => number;
  /**
   * Who these clients act for, recorded as `actor` on each call they make: tells two concurrent runs'
   * calls apart in {@link SimulatedAccount.calls}.
   */
  readonly actor?: string;
}

/** What {@link attachSimulatedAccount} may be told about the clients it attaches. */
export type AttachOptions = Pick<SimulatedClientOptions, "actor">;

/** Static credentials: SigV4 signing needs some, and runs before the middleware answers. */
export const SIMULATED_CREDENTIALS: AwsCredentialIdentity = {
  accessKeyId: "AKIASIMULATED",
  secretAccessKey: "simulated",
};

const MIDDLEWARE_NAME = "simulatedAccountMiddleware";

const MIDDLEWARE_OPTIONS: DeserializeHandlerOptions & AbsoluteLocation = {
  step: "deserialize",
  priority: "high",
  name: MIDDLEWARE_NAME,
  override: true,
};

const IN_FLIGHT_OPTIONS: InitializeHandlerOptions & AbsoluteLocation = {
  step: "initialize",
  priority: "high",
  name: "simulatedAccountInFlightMiddleware",
  override: true,
};

/**
 * Makes each given client answer from `account` instead of AWS: adds a middleware at the deserialize
 * step that never calls `next` (no HTTP request is sent), runs the command's operation on the account
 * and returns its output with `$metadata`, or throws the modelled exception. Attaching twice replaces
 * the first middleware.
 *
 * @example
 * const iam = new IAMClient({ region: "us-east-1", credentials: SIMULATED_CREDENTIALS });
 * attachSimulatedAccount({ iam }, account);
 * await iam.send(new GetRoleCommand({ RoleName: "missing" })); // throws NoSuchEntityException
 */
export function attachSimulatedAccount(
  clients: SimulatableClients,
  account: SimulatedAccount,
  options: AttachOptions = {},
): void {
  const call: ClientCall = options.actor === undefined ? {} : { actor: options.actor };
  for (const service of ["iam", "ecr", "ssm", "sts"] as const) {
    // The four clients' stacks differ only in their command types, which these middlewares do not read.
    const stack = clients[service]?.middlewareStack as MiddlewareStack<object, MetadataBearer> | undefined;
    stack?.add(simulatedAccountMiddleware(service, account, call), MIDDLEWARE_OPTIONS);
    // Only with interleaving: the middleware's promise adds ticks to every call, and nothing needs it otherwise.
    if (account.turns) stack?.add(inFlightMiddleware(account), IN_FLIGHT_OPTIONS);
  }
}

function inFlightMiddleware<Input extends object, Output extends object>(
  account: SimulatedAccount,
): InitializeMiddleware<Input, Output> {
  return (next) => async (args) => {
    const end = account.turns?.begin();
    try {
      return await next(args);
    } finally {
      end?.();
    }
  };
}

let requestCounter = 0;

function simulatedAccountMiddleware<Input extends object, Output extends MetadataBearer>(
  service: Service,
  account: SimulatedAccount,
  call: ClientCall,
): DeserializeMiddleware<Input, Output> {
  return (_next, context) => async (args) => {
    const commandName = typeof context.commandName === "string" ? context.commandName : "";
    const operation = commandName.replace(/Command$/, "");
    const result = await account.handle(service, operation, args.input, call);
    requestCounter += 1;
    // The output type is the command's; the account built it to that command's model.
    const output = {
      ...result,
      $metadata: { httpStatusCode: 200, requestId: `simulated-${String(requestCounter).padStart(8, "0")}` },
    } as unknown as Output;
    return { output, response: {} };
  };
}

/**
 * Builds the reconciler's clients with `createClients` (static fake credentials, the account's Region),
 * plus an STS client configured the same way, all answering from `account`.
 *
 * @example
 * const account = new SimulatedAccount();
 * const clients = createSimulatedClients(account, { maxAttempts: 3 });
 * await clients.ssm.send(new PutParameterCommand({ Name: "/echo/config", Value: "{}", Type: "String" }));
 */
export function createSimulatedClients(
  account: SimulatedAccount,
  options: SimulatedClientOptions = {},
): SimulatedClients {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const backoffMs = options.backoffMs ?? (() => 0);
  const clients = createClients({
    region: account.region,
    maxAttempts,
    backoffMs,
    credentials: SIMULATED_CREDENTIALS,
  });
  const sts = new STSClient({
    region: account.region,
    maxAttempts,
    retryStrategy: new ConfiguredRetryStrategy(maxAttempts, backoffMs),
    credentials: SIMULATED_CREDENTIALS,
  });
  const simulated = { ...clients, sts };
  attachSimulatedAccount(simulated, account, options);
  return simulated;
}

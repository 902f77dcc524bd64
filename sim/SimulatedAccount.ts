import { type CallerPolicyChange, callerDenial, startPropagating } from "./callerPolicies";
import { deepCopy } from "./copy";
import { isWrite, runOperation } from "./dispatch";
import { FaultPlan } from "./FaultPlan";
import type { AccountSnapshot } from "./snapshot";
import { serviceLinkedRoleExists, snapshotOf } from "./snapshot";
import { newAccountWideState, newRegionalState } from "./state";
import { TurnScheduler } from "./TurnScheduler";
import type {
  AccountContext,
  AccountState,
  AccountWideState,
  CallRecord,
  ClientCall,
  FaultOptions,
  LostResponse,
  Service,
} from "./types";

export interface SimulatedAccountOptions {
  /** Default `111122223333`. */
  readonly accountId?: string;
  /** Default `us-east-1`. */
  readonly region?: string;
  readonly faults?: FaultOptions;
  /** When > 0, every call through an SDK client waits this long first (for benchmarks). Default 0. */
  readonly latencyMs?: number;
  /** Source of fault draws, default `Math.random`; pass a seeded one for reproducible faults. */
  readonly random?: () => number;
  /** The account's clock, default the system clock. Also settable later through {@link SimulatedAccount.clock}. */
  readonly clock?: () => Date;
  /** See {@link SimulatedAccount.requireTemplateRole}. Default false. */
  readonly requireTemplateRole?: boolean;
  /**
   * Makes every call wait for a turn, given out one at a time in an order drawn from `random`, so that
   * concurrent callers (two reconciler runs at once) interleave call by call, reproducibly for a seed.
   * Default off: calls run as they arrive. See {@link TurnScheduler}.
   *
   * @example
   * const account = new SimulatedAccount({ interleave: { random: seededRandom(seed) } });
   */
  readonly interleave?: { readonly random: () => number };
}

/**
 * What the views of one account in a {@link SimulatedWorld} share: its IAM namespace, the world's turn
 * order, the world's call log. A standalone account has its own of each.
 */
export interface SharedAccountParts {
  readonly accountWide: AccountWideState;
  readonly turns?: TurnScheduler;
  readonly onCall?: (call: CallRecord) => void;
}

/**
 * A stateful in-memory model of one AWS account and Region: IAM roles, ECR pull-through cache rules and
 * repository creation templates, SSM parameters, STS identity. It answers SDK v3 commands with the
 * outputs and the exception classes AWS's SDK would give, checks inputs against the AWS API models, and
 * can inject throttling, 5xx, lost-response, IAM-propagation and one-off faults.
 *
 * Two ways in:
 * - {@link SimulatedAccount.handle}: what SDK clients reach through `attachSimulatedAccount`. Logged in
 *   {@link SimulatedAccount.calls}, subject to faults and latency.
 * - {@link SimulatedAccount.seed}: the same operations, out of band: no log, no faults, no latency. Tests
 *   and the demo use it to set up the account or to drift it behind the reconciler's back.
 *
 * @example
 * const account = new SimulatedAccount({ faults: { throttleRate: 0.2 }, random: seededRandom(7) });
 * account.seed("iam", "CreateRole", { RoleName: "other", AssumeRolePolicyDocument: trust });
 * const clients = createSimulatedClients(account);
 * await clients.iam.send(new GetRoleCommand({ RoleName: "other" }));
 * expect(account.writes()).toEqual([]);
 */
export class SimulatedAccount {
  readonly accountId: string;
  readonly region: string;
  /** Faults in force; replace to change them between calls. */
  faults: FaultOptions;
  /** Delay of every SDK call in ms. */
  latencyMs: number;
  /** The account's clock: stamps CreateDate, createdAt, updatedAt, LastModifiedDate. */
  clock: () => Date;
  /**
   * When true, Create/UpdateRepositoryCreationTemplate refuse, with InvalidParameterException, a template
   * that uses KMS encryption or resource tags without a `customRoleArn`. The ECR User Guide says such a
   * template needs a custom role ("Creating a repository creation template": a custom role is needed if
   * the template uses KMS keys, resource tags, or both). Whether the API refuses it is UNCONFIRMED:
   * containers-roadmap#2398 shows AWS accepting a tagged template without one, and pulls through the cache
   * then failing. Default false (accept, as observed); set it to hold a caller to the documented rule.
   */
  requireTemplateRole: boolean;
  /** Every call received through {@link SimulatedAccount.handle}, one entry per attempt, in order. */
  readonly calls: CallRecord[] = [];
  /**
   * Upstream registry URLs whose registry policy does not grant this account: ValidatePullThroughCacheRule
   * of a rule pointing there reports `isValid: false`. Empty (all granted) by default.
   *
   * @example
   * account.deniedUpstreams.add("999999999999.dkr.ecr.eu-west-1.amazonaws.com");
   */
  readonly deniedUpstreams: Set<string>;

  /** The turn order calls wait for, when interleaving is on (see {@link SimulatedAccountOptions.interleave}). */
  readonly turns: TurnScheduler | undefined;

  private readonly state: AccountState;
  private readonly plan: FaultPlan;
  private readonly onCall: ((call: CallRecord) => void) | undefined;

  /** @param shared set by {@link SimulatedWorld} only: what this account shares with its other Regions. */
  constructor(options: SimulatedAccountOptions = {}, shared?: SharedAccountParts) {
    this.accountId = options.accountId ?? "111122223333";
    this.region = options.region ?? "us-east-1";
    this.faults = { ...options.faults };
    this.latencyMs = options.latencyMs ?? 0;
    this.plan = new FaultPlan(options.random ?? Math.random);
    this.clock = options.clock ?? (() => new Date());
    this.requireTemplateRole = options.requireTemplateRole ?? false;
    this.state = { ...(shared?.accountWide ?? newAccountWideState()), ...newRegionalState() };
    this.deniedUpstreams = this.state.deniedUpstreams;
    this.turns = shared ? shared.turns : options.interleave && new TurnScheduler(options.interleave.random);
    this.onCall = shared?.onCall;
  }

  /** The account's current time. */
  now(): Date {
    return new Date(this.clock().getTime());
  }

  /** True once AWS would have created `AWSServiceRoleForECRPullThroughCache` (with the first rule). */
  get serviceLinkedRoleExists(): boolean {
    return serviceLinkedRoleExists(this.state);
  }

  /**
   * Answers one SDK call: waits `latencyMs`, then its turn when interleaving, logs the call, raises an
   * injected or random fault, else runs the operation. Resolves to the output without `$metadata`; rejects
   * with the SDK's exception class.
   * A call that fails changes no account state, except one whose response is lost (it took effect; see
   * {@link SimulatedAccount.loseNextResponse} and {@link FaultOptions.loseResponseRate}).
   *
   * @param client set by attachSimulatedAccount: the SDK command this attempt belongs to. Without it the
   *   call counts as a command of its own for interleaving.
   *
   * @example
   * const output = await account.handle("iam", "GetRole", { RoleName: "echo-ptc" });
   */
  async handle(service: Service, operation: string, input: unknown, client?: ClientCall): Promise<object> {
    const end = client ? undefined : this.turns?.begin();
    try {
      if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
      // Without interleaving nothing is awaited here: the call runs in the same tick, as it always did.
      if (this.turns) await this.turns.turn();
      return this.answer(service, operation, input, client);
    } finally {
      end?.();
    }
  }

  /**
   * Runs an operation out of band, as someone else acting on the account would: not logged, no faults,
   * no latency. Roles created this way count as long settled (no propagation faults). Throws the same
   * errors as {@link SimulatedAccount.handle} for invalid input.
   *
   * @example
   * // Drift: someone attaches AdministratorAccess to the reconciler's role.
   * account.seed("iam", "AttachRolePolicy", { RoleName: "echo-ptc", PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" });
   */
  seed(service: Service, operation: string, input: unknown): object {
    return this.run(service, operation, input, true);
  }

  /**
   * Makes the next `times` calls of one operation fail with `error` (a factory gives a fresh error per
   * call), before any random fault. Note the SDK retries errors it classifies as throttling or transient:
   * each retry consumes one injection.
   *
   * @example
   * account.failNext("ecr", "CreatePullThroughCacheRule", () => accessDenied("ecr", "CreatePullThroughCacheRule"));
   */
  failNext(service: Service, operation: string, error: Error | (() => Error), times = 1): void {
    this.plan.failNext(service, operation, error, times);
  }

  /**
   * Makes the next `times` calls of one operation that succeed lose their response: the change is made,
   * but the caller sees `as` (the service's 5xx by default, or a timeout), so the SDK retries the call and
   * the retry meets the consequence. Checked before {@link FaultOptions.loseResponseRate}.
   *
   * @example
   * account.loseNextResponse("iam", "CreateRole");
   * // The SDK retries the ServiceFailure; the retry finds the role: EntityAlreadyExistsException.
   * await expect(clients.iam.send(new CreateRoleCommand(input))).rejects.toThrow(EntityAlreadyExistsException);
   */
  loseNextResponse(
    service: Service,
    operation: string,
    options: { as?: LostResponse; times?: number } = {},
  ): void {
    this.plan.loseNext(service, operation, options.as ?? "serverError", options.times ?? 1);
  }

  /**
   * The policy of the role that clients made with `actor` act as was attached (or, with `newlyAllowed`,
   * changed) now: their calls are denied for `propagationMs` (IAM eventual consistency, see `callerDenial`).
   * E.g. `account.attachCallerPolicy("fn", { principalArn: "arn:aws:sts::…:assumed-role/r/fn", propagationMs: 8000 })`.
   */
  attachCallerPolicy(actor: string, options: CallerPolicyChange): void {
    startPropagating(this.state, this.now(), actor, options);
  }

  /** Makes a customer managed policy exist, so AttachRolePolicy accepts its ARN. */
  putManagedPolicy(arn: string): void {
    this.state.managedPolicies.add(arn);
  }

  /**
   * Makes a KMS key exist in this Region, so PutParameter of a SecureString accepts `keyId` (any form: key
   * id, key ARN, alias, alias ARN, matched as given). `alias/aws/ssm` always exists.
   *
   * @example
   * account.putKmsKey("alias/echo");
   */
  putKmsKey(keyId: string): void {
    this.state.kmsKeys.add(keyId);
  }

  /** The calls that changed something: writes that succeeded, including those whose response was lost. */
  writes(): CallRecord[] {
    return this.calls.filter(
      (call) => call.write && (call.error === undefined || call.responseLost === true),
    );
  }

  /** Empties the call log. */
  resetCalls(): void {
    this.calls.length = 0;
  }

  /**
   * A deep, plain, deterministic copy of all account state (keys sorted, dates as ISO strings). Fault
   * bookkeeping (injections, propagation countdowns) is not account state and is left out.
   *
   * @example
   * const before = account.snapshot();
   * await expect(clients.iam.send(new DeleteRoleCommand({ RoleName: "r" }))).rejects.toThrow(DeleteConflictException);
   * expect(account.snapshot()).toEqual(before);
   */
  snapshot(): AccountSnapshot {
    return snapshotOf(this.accountId, this.region, this.state);
  }

  private answer(service: Service, operation: string, input: unknown, client?: ClientCall): object {
    const record: CallRecord = {
      service,
      operation,
      input: deepCopy(input),
      write: isWrite(operation),
      ...(client?.actor !== undefined ? { actor: client.actor } : {}),
    };
    this.calls.push(record);
    this.onCall?.(record);
    try {
      const call = { service, operation, input, actor: client?.actor };
      const denied = callerDenial(this.state, this.now(), call, this);
      if (denied) throw denied;
      const fault = this.plan.before(service, operation, this.faults);
      if (fault) throw fault;
      const output = this.run(service, operation, input, false);
      const lost = this.plan.after(service, operation, record.write, this.faults);
      if (lost) {
        record.responseLost = true;
        throw lost;
      }
      return output;
    } catch (error) {
      record.error = error instanceof Error ? error.name : String(error);
      throw error;
    }
  }

  private run(service: Service, operation: string, input: unknown, seeding: boolean): object {
    const { ids } = this.state;
    const context: AccountContext = {
      accountId: this.accountId,
      region: this.region,
      state: this.state,
      now: () => this.now(),
      newId: (prefix) => {
        ids.last += 1;
        return `${prefix}${String(ids.last).padStart(17, "0")}`;
      },
      seeding,
      faults: this.faults,
      requireTemplateRole: this.requireTemplateRole,
    };
    return runOperation(context, service, operation, input);
  }
}

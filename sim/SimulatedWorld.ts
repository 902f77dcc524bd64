import { SimulatedAccount, type SimulatedAccountOptions } from "./SimulatedAccount";
import type { AccountSnapshot } from "./snapshot";
import { newAccountWideState } from "./state";
import { TurnScheduler } from "./TurnScheduler";
import type { AccountWideState, CallRecord } from "./types";

/** What every account and Region of a world starts with; `accountId` and `region` come from {@link SimulatedWorld.account}. */
export type SimulatedWorldOptions = Omit<SimulatedAccountOptions, "accountId" | "region">;

/** A call of the world's log: which account and Region it went to, and the call as that account logged it. */
export interface WorldCallRecord {
  readonly accountId: string;
  readonly region: string;
  readonly call: CallRecord;
}

/**
 * Several AWS accounts, each in several Regions, as AWS partitions them: IAM is one namespace per account,
 * shared by all its Regions (role names unique per account ignoring case, one service-linked role, one set
 * of managed policies); ECR pull-through cache rules and repository creation templates, SSM parameters
 * and KMS keys are per Region. Nothing is shared between accounts.
 *
 * {@link SimulatedWorld.account} gives the view of one account in one Region: a {@link SimulatedAccount},
 * so `createSimulatedClients`, `seed`, `snapshot`, `calls` and faults work on it as on a standalone one.
 * Each view has its own call log and faults (starting from the world's); they share the world's clock,
 * random source and, with `interleave`, one turn order, so runs in different Regions or accounts
 * interleave deterministically too.
 *
 * @example
 * const world = new SimulatedWorld({ random: seededRandom(1) });
 * const east = createSimulatedClients(world.account("111122223333", "us-east-1"));
 * const west = createSimulatedClients(world.account("111122223333", "eu-west-1"));
 * await east.iam.send(new CreateRoleCommand({ RoleName: "echo-ptc", AssumeRolePolicyDocument: trust }));
 * await west.iam.send(new GetRoleCommand({ RoleName: "ECHO-PTC" })); // the same role: IAM is global
 */
export class SimulatedWorld {
  private readonly views = new Map<string, SimulatedAccount>();
  private readonly iam = new Map<string, AccountWideState>();
  private readonly log: WorldCallRecord[] = [];
  private readonly turns: TurnScheduler | undefined;
  private readonly random: () => number;

  constructor(private readonly options: SimulatedWorldOptions = {}) {
    this.random = options.random ?? Math.random;
    this.turns = options.interleave && new TurnScheduler(options.interleave.random);
  }

  /**
   * The view of `accountId` in `region`, made on first use; the same object on every later call.
   *
   * @example
   * const account = world.account("444455556666", "eu-west-1");
   */
  account(accountId: string, region = "us-east-1"): SimulatedAccount {
    const key = `${accountId}/${region}`;
    let view = this.views.get(key);
    if (!view) {
      let accountWide = this.iam.get(accountId);
      if (!accountWide) {
        accountWide = newAccountWideState();
        this.iam.set(accountId, accountWide);
      }
      view = new SimulatedAccount(
        { ...this.options, accountId, region, random: this.random },
        {
          accountWide,
          ...(this.turns ? { turns: this.turns } : {}),
          onCall: (call) => this.log.push({ accountId, region, call }),
        },
      );
      this.views.set(key, view);
    }
    return view;
  }

  /** Every view made so far, in the order they were made. */
  accounts(): SimulatedAccount[] {
    return [...this.views.values()];
  }

  /** Every call any view received, in the order received. */
  calls(): readonly WorldCallRecord[] {
    return this.log;
  }

  /**
   * The snapshot of every view, by account id then Region. IAM members repeat in each Region of an
   * account: they are the same roles.
   */
  snapshot(): Record<string, Record<string, AccountSnapshot>> {
    const out: Record<string, Record<string, AccountSnapshot>> = {};
    for (const view of [...this.views.values()].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1))) {
      out[view.accountId] = { ...out[view.accountId], [view.region]: view.snapshot() };
    }
    return out;
  }
}

function keyOf(view: SimulatedAccount): string {
  return `${view.accountId}/${view.region}`;
}

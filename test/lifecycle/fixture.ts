/**
 * What the lifecycle tests share: a simulated account with the emulated stack on it, the component's args, and
 * what AWS holds after each step.
 */
import type { InstanceIdentity } from "../../component/naming";
import type { EcrPullThroughCacheArgValues } from "../../component/types";
import { SimulatedAccount, type SimulatedWorld, seededRandom } from "../../sim";
import type { VirtualClock } from "./lambdaService";
import { EmulatedStack } from "./stack";

export const ACCOUNT = "111122223333";
export const REGION = "eu-west-1";
export const ECHO = "123456789012";
export const IDENTITY: InstanceIdentity = { project: "platform", stack: "prod", name: "echo-cache" };
export const ROLE = "echo-pullthrough-cache-role";
export const ARGS: EcrPullThroughCacheArgValues = { sourceRegistryAccountId: ECHO };

/** A new stack on a new account, or on `world`'s account in `region`. */
export function newStack(
  options: {
    world?: SimulatedWorld;
    region?: string;
    identity?: InstanceIdentity;
    clock?: VirtualClock;
    /** Interleave concurrent runs call by call, in an order drawn from this seed. */
    interleaveSeed?: number;
    iamPropagationMs?: number;
  } = {},
): EmulatedStack {
  const region = options.region ?? REGION;
  const interleave =
    options.interleaveSeed === undefined
      ? {}
      : { interleave: { random: seededRandom(options.interleaveSeed) } };
  const account = options.world
    ? options.world.account(ACCOUNT, region)
    : new SimulatedAccount({ accountId: ACCOUNT, region, ...interleave });
  return new EmulatedStack(account, options.identity ?? IDENTITY, {
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.iamPropagationMs ? { iamPropagationMs: options.iamPropagationMs } : {}),
  });
}

/** What the cache is made of in AWS: the role names, the rule prefixes, the record's parameters. */
export function cacheOf(stack: EmulatedStack) {
  const snap = stack.account.snapshot();
  const state = `/echo-ptc/${stack.identity.project}/${stack.identity.stack}/${stack.identity.name}/config.state`;
  return {
    roles: Object.keys(snap.roles).filter((r) => !r.startsWith("AWSServiceRole")),
    rules: Object.keys(snap.pullThroughCacheRules),
    record: Object.keys(snap.parameters).filter((p) => p.startsWith(state)),
  };
}

/** The actions the provider sent since `mark`. */
export const actionsSince = (stack: EmulatedStack, mark: number) =>
  stack.sent.slice(mark).map((s) => s.action);

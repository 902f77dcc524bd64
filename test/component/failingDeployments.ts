/**
 * Programs whose args are valid when the constructor runs and invalid once their Outputs resolve. Such a
 * failure reaches Pulumi as an unhandled rejection (that is how a program's asynchronous error fails
 * `pulumi up`), which jest would take for a failure of the test itself: so each scenario runs in a child
 * process of its own (`runScenario`, bundled with esbuild into dist/), which prints what was reported and
 * what was registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { EcrPullThroughCache, type EcrPullThroughCacheArgs } from "../../component";
import { type DeployTarget, installHarness, promiseOf } from "./pulumiHarness";

export interface Scenario {
  readonly reason: string;
  /** The args, built inside the child (Outputs cannot cross a process boundary). */
  readonly args: () => EcrPullThroughCacheArgs;
  readonly target?: DeployTarget;
  /** The field the error names. */
  readonly path: string;
  /**
   * The types registered all the same: none when a config field is invalid (every child consumes the
   * config), those that do not consume a component setting when only that setting is.
   */
  readonly registered: readonly string[];
}

const ECHO = "123456789012";
const GOVCLOUD: DeployTarget = {
  partition: "aws-us-gov",
  dnsSuffix: "amazonaws.com",
  region: "us-gov-west-1",
};

export const SCENARIOS: Readonly<Record<string, Scenario>> = {
  secretAccountId: {
    reason: "a secret account id (config.requireSecret) that resolves to 11 digits",
    args: () => ({ sourceRegistryAccountId: pulumi.secret("12345678901") }),
    path: "sourceRegistryAccountId",
    registered: [],
  },
  stackReference: {
    reason: "a prefix read from another stack (StackReference) that is not lowercase",
    args: () => ({
      sourceRegistryAccountId: ECHO,
      repositoryPrefix: new pulumi.StackReference("org/platform/prod").getOutput("badPrefix"),
    }),
    path: "repositoryPrefix",
    registered: [],
  },
  promisedMemory: {
    reason: "a Promise of a memory size Lambda does not offer",
    args: () => ({ sourceRegistryAccountId: ECHO, lambdaMemorySize: Promise.resolve(64) }),
    path: "lambdaMemorySize",
    // The Lambda fails, and what needs it (its invocation, triggers, the heartbeat on its invocations) waits;
    // the Unhealthy alarm needs only the component's name.
    registered: [
      "aws:cloudwatch/eventRule:EventRule",
      "aws:cloudwatch/logGroup:LogGroup",
      "aws:cloudwatch/metricAlarm:MetricAlarm",
      "aws:iam/role:Role",
      "aws:iam/role:Role",
      "aws:iam/rolePolicy:RolePolicy",
      "aws:ssm/parameter:Parameter",
    ],
  },
  taggedOutput: {
    reason: "a tag value from an Output, longer than AWS allows",
    args: () => ({ sourceRegistryAccountId: ECHO, tags: { owner: pulumi.output("x".repeat(300)) } }),
    path: "tags.owner",
    registered: [],
  },
  otherPartition: {
    reason: "Echo's default Region (commercial) while the stack deploys into GovCloud",
    args: () => ({ sourceRegistryAccountId: ECHO }),
    target: GOVCLOUD,
    path: "sourceRegistryRegion",
    registered: [],
  },
};

/** What a child reports: the distinct errors Pulumi would log, and the resources that were registered. */
export interface ScenarioOutcome {
  /** The constructor returned (the values were not known when it ran). */
  readonly constructed: boolean;
  readonly errors: ReadonlyArray<{
    readonly name: string;
    readonly message: string;
    readonly componentName?: string;
    readonly errors?: readonly string[];
    /** The error is attached to the component (Pulumi logs it against the component's URN). */
    readonly onComponent: boolean;
  }>;
  /** Types of the resources registered, the component's own included. */
  readonly registered: readonly string[];
}

async function runScenario(key: string): Promise<ScenarioOutcome> {
  const scenario = SCENARIOS[key];
  if (scenario === undefined) throw new Error(`no scenario ${key}`);
  const seen = new Set<unknown>();
  process.on("unhandledRejection", (e) => seen.add(e));
  const harness = await installHarness();
  if (scenario.target) harness.target = scenario.target;
  let component: EcrPullThroughCache | undefined;
  try {
    component = new EcrPullThroughCache("echo-cache", scenario.args());
  } catch (e) {
    seen.add(e);
  }
  if (component) await promiseOf(component.urn);
  await harness.settle(200);
  const errors = [...seen].map((e) => {
    const error = e as Error & { componentName?: string; errors?: string[]; resource?: unknown };
    return {
      name: error.name,
      message: error.message,
      ...(error.componentName === undefined ? {} : { componentName: error.componentName }),
      ...(error.errors === undefined ? {} : { errors: error.errors }),
      onComponent: component !== undefined && error.resource === component,
    };
  });
  return { constructed: component !== undefined, errors, registered: harness.resources.map((r) => r.type) };
}

if (require.main === module) {
  runScenario(process.argv[2] ?? "").then(
    (outcome) => {
      process.stdout.write(JSON.stringify(outcome));
      // As Pulumi's runner does once it has logged an error (which also keeps its leak report quiet: the
      // resources that wait for the rejected values never settle).
      process.exit(outcome.errors.length > 0 ? 1 : 0);
    },
    (e) => {
      process.stderr.write(String(e));
      process.exit(2);
    },
  );
}

/**
 * Pulumi mocks that record every registered resource with what `MockResourceArgs` does not show:
 * the parent URN, dependsOn and ignoreChanges. They wrap the mock monitor's `registerResource`
 * (the monitor `setMocks` installs, reachable through `pulumi.runtime.getMonitor()`), which receives
 * the engine's RegisterResourceRequest itself.
 */
import * as pulumi from "@pulumi/pulumi";
import { dnsSuffixOf, partitionOf } from "../../common/names";
import type { Report } from "../../common/types";

export const ACCOUNT = "111111111111";
export const REGION = "eu-west-1";
export const PROJECT = "platform";
export const STACK = "prod";

export interface RecordedResource {
  readonly type: string;
  /** The logical (Pulumi) name. */
  readonly name: string;
  readonly custom: boolean;
  /** URN of the parent; "" when none. */
  readonly parent: string;
  /** The provider reference (`<provider urn>::<id>`) the resource is managed by; "" for the default provider. */
  readonly provider: string;
  readonly dependencies: readonly string[];
  readonly ignoreChanges: readonly string[];
  /** Top-level inputs whose value was a secret (the engine's secret envelope). */
  readonly secretInputs: readonly string[];
  // biome-ignore lint/suspicious/noExplicitAny: deserialized resource inputs are untyped.
  readonly inputs: Record<string, any>;
  urn?: string;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getParent(): string;
  getProvider(): string;
  getDependenciesList(): string[];
  getIgnorechangesList(): string[];
  getObject(): unknown;
}
type Callback = (err: unknown, response?: { getUrn(): string }) => void;
interface MonitorLike {
  registerResource(req: RegisterRequest, callback: Callback): Promise<void>;
}

/** Replaces the engine's secret envelopes (`{ <sig>: <secret sig>, value }`) with their values. */
function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (typeof value !== "object" || value === null || pulumi.asset.Asset.isInstance(value)) return value;
  if (pulumi.asset.Archive.isInstance(value)) return value;
  const record = value as Record<string, unknown>;
  if (record[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig)
    return unwrapSecrets(record.value);
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrapSecrets(v)]));
}

/** What a `pulumi.StackReference` to any stack reads: another stack's outputs the component's args may use. */
export const STACK_OUTPUTS = { echoAccountId: "123456789012", echoRegion: "eu-central-1", badPrefix: "Echo" };

function isSecret(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig
  );
}

/** Deterministic stand-in for Pulumi's random autoname suffix. */
export function autoname(logicalName: string): string {
  let h = 0;
  for (const c of logicalName) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `${logicalName}-${h.toString(16).padStart(8, "0").slice(0, 7)}`;
}

/** Where a resource or an invoke goes: the account and Region of its provider. */
export interface Where {
  readonly accountId: string;
  readonly region: string;
}

/** A report as the Lambda returns it, with outputs for the given prefix and role name, in one account and Region. */
export function sampleReport(
  prefix = "echo",
  roleName = "echo-pullthrough-cache-role",
  where: Where = { accountId: ACCOUNT, region: REGION },
): Report {
  const { accountId, region } = where;
  const roleArn = `arn:aws:iam::${accountId}:role/${roleName}`;
  return {
    status: "IN_SYNC",
    mode: "enforce",
    action: "reconcile",
    resources: [],
    errors: [],
    writes: 0,
    outputs: {
      roleArn,
      cachePrefix: prefix,
      registryUrl: `${accountId}.dkr.ecr.${region}.amazonaws.com`,
      upstreamRegistryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com",
      cacheRule: {
        ecrRepositoryPrefix: prefix,
        upstreamRegistryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com",
        upstreamRegistry: "ecr",
        upstreamRepositoryPrefix: "ROOT",
        customRoleArn: roleArn,
        registryId: accountId,
      },
    },
  };
}

function outputsFor(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  where: Where,
  result: (where: Where) => string,
): Record<string, unknown> {
  const physical = typeof inputs.name === "string" ? inputs.name : autoname(name);
  const { accountId: account, region } = where;
  switch (type) {
    case "aws:ssm/parameter:Parameter":
      return {
        ...inputs,
        name: physical,
        arn: `arn:aws:ssm:${region}:${account}:parameter${physical.startsWith("/") ? "" : "/"}${physical}`,
      };
    case "aws:cloudwatch/logGroup:LogGroup":
      return { ...inputs, name: physical, arn: `arn:aws:logs:${region}:${account}:log-group:${physical}` };
    case "aws:iam/role:Role":
      return { ...inputs, name: physical, arn: `arn:aws:iam::${account}:role/${physical}` };
    case "aws:lambda/function:Function":
      return { ...inputs, name: physical, arn: `arn:aws:lambda:${region}:${account}:function:${physical}` };
    case "aws:cloudwatch/eventRule:EventRule":
      return { ...inputs, name: physical, arn: `arn:aws:events:${region}:${account}:rule/${physical}` };
    case "aws:oam/sink:Sink":
      return { ...inputs, arn: `arn:aws:oam:${region}:${account}:sink/${autoname(name)}` };
    case "aws:oam/link:Link":
      return { ...inputs, arn: `arn:aws:oam:${region}:${account}:link/${autoname(name)}` };
    case "aws:lambda/invocation:Invocation":
      return { ...inputs, result: result(where) };
    case "pulumi:pulumi:StackReference":
      return { ...inputs, outputs: STACK_OUTPUTS, secretOutputNames: [] };
    default:
      return { ...inputs };
  }
}

/** A `pulumi.log.warn` the program made. */
export interface Warning {
  readonly message: string;
  readonly resource: pulumi.Resource | undefined;
}

/** The deploying account's partition and Region, as the provider's invokes report them. */
export interface DeployTarget {
  readonly partition: string;
  readonly dnsSuffix: string;
  readonly region: string;
}

export const COMMERCIAL: DeployTarget = { partition: "aws", dnsSuffix: "amazonaws.com", region: REGION };

/**
 * GetParametersByPath without `Recursive`: the parameters directly under the path, and empty lists (not an
 * error) when there are none (terraform-provider-aws `parameters_by_path_data_source.go`).
 */
function parametersByPath(
  ssm: ReadonlyMap<string, string>,
  path: string,
  { accountId, region }: Where,
): Record<string, unknown> {
  const found = [...ssm].filter(([name]) => name.slice(0, name.lastIndexOf("/")) === path.replace(/\/$/, ""));
  return {
    id: path,
    path,
    region,
    arns: found.map(([name]) => `arn:aws:ssm:${region}:${accountId}:parameter${name}`),
    names: found.map(([name]) => name),
    types: found.map(() => "String"),
    values: found.map(([, value]) => value),
  };
}

export interface Harness {
  readonly resources: RecordedResource[];
  /** What the mocked Invocation returns as `result`, given the account and Region it runs in. */
  invocationResult: (where: Where) => string;
  /** Every `pulumi.log.warn` since the last reset. */
  readonly warnings: Warning[];
  /** SSM parameters that exist before the program runs, by name (what GetParametersByPath finds). */
  readonly ssm: Map<string, string>;
  /** False: GetParametersByPath fails (AccessDenied for the deployer, say). */
  ssmReadable: boolean;
  /** Where the stack deploys; commercial eu-west-1 unless a test says otherwise. */
  target: DeployTarget;
  /**
   * The account and Region of a provider reference (`<urn>::<id>`): an explicit `aws.Provider`'s first allowed
   * account and its Region, or the stack's own for "" (the default provider).
   */
  whereOf(provider: string | undefined): Where;
  reset(): void;
  /** Resolves once no resource has been registered for `quietMs`. */
  settle(quietMs?: number): Promise<void>;
}

/** Installs the mocks (call in `beforeAll`, before constructing any component). */
export async function installHarness(preview = false): Promise<Harness> {
  /** The explicit `aws.Provider`s registered so far, by URN. */
  const explicitProviders = new Map<string, Where>();
  const harness: Harness = {
    resources: [],
    invocationResult: (where) => JSON.stringify(sampleReport(undefined, undefined, where)),
    warnings: [],
    ssm: new Map(),
    ssmReadable: true,
    target: COMMERCIAL,
    reset() {
      harness.resources.length = 0;
      harness.invocationResult = (where) => JSON.stringify(sampleReport(undefined, undefined, where));
      harness.warnings.length = 0;
      harness.ssm.clear();
      harness.ssmReadable = true;
      harness.target = COMMERCIAL;
    },
    whereOf(provider) {
      const urn = provider ? provider.slice(0, provider.lastIndexOf("::")) : "";
      const declared = explicitProviders.get(urn);
      return declared ?? { accountId: ACCOUNT, region: harness.target.region };
    },
    async settle(quietMs = 30) {
      let seen = -1;
      while (seen !== harness.resources.length) {
        seen = harness.resources.length;
        await new Promise((r) => setTimeout(r, quietMs));
      }
    },
  };
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => ({
        id: args.custom ? `${args.name}-id` : undefined,
        state: args.custom
          ? outputsFor(args.type, args.name, args.inputs, harness.whereOf(args.provider), (where) =>
              harness.invocationResult(where),
            )
          : {},
      }),
      call: (args) => {
        const where = harness.whereOf(args.provider);
        switch (args.token) {
          case "aws:index/getCallerIdentity:getCallerIdentity":
            return {
              accountId: where.accountId,
              arn: `arn:aws:iam::${where.accountId}:user/deployer`,
              userId: "AIDA",
              id: where.accountId,
            };
          case "aws:index/getRegion:getRegion": {
            const { region } = where;
            return { region, name: region, id: region, description: region, endpoint: "" };
          }
          case "aws:index/getPartition:getPartition": {
            // An explicit provider's partition is its Region's; the default provider's is the test's target.
            const { partition, dnsSuffix } = args.provider
              ? { partition: partitionOf(where.region), dnsSuffix: dnsSuffixOf(where.region) }
              : harness.target;
            return { partition, id: partition, dnsSuffix, reverseDnsPrefix: "com.amazonaws" };
          }
          case "aws:ssm/getParametersByPath:getParametersByPath":
            if (!harness.ssmReadable) throw new Error("AccessDeniedException: ssm:GetParametersByPath");
            return parametersByPath(harness.ssm, args.inputs.path, where);
          default:
            throw new Error(`unexpected invoke ${args.token}`);
        }
      },
    },
    PROJECT,
    STACK,
    preview,
  );
  // Recorded instead of printed (the mocks have no engine to send them to). Not jest.spyOn: the harness also
  // runs outside jest, in the child processes of failingDeployments.ts.
  (pulumi.log as { warn: (message: string, resource?: pulumi.Resource) => Promise<void> }).warn = async (
    message,
    resource,
  ) => {
    harness.warnings.push({ message, resource });
  };
  const monitor = pulumi.runtime.getMonitor() as unknown as MonitorLike;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = async (req, callback) => {
    const raw = pulumi.runtime.deserializeProperties(
      req.getObject() as Parameters<typeof pulumi.runtime.deserializeProperties>[0],
    ) as Record<string, unknown>;
    const record: RecordedResource = {
      type: req.getType(),
      name: req.getName(),
      custom: req.getCustom(),
      parent: req.getParent(),
      provider: req.getProvider(),
      dependencies: req.getDependenciesList(),
      ignoreChanges: req.getIgnorechangesList(),
      secretInputs: Object.keys(raw).filter((k) => isSecret(raw[k])),
      inputs: unwrapSecrets(raw) as RecordedResource["inputs"],
    };
    harness.resources.push(record);
    return register(req, (err, response) => {
      if (response) record.urn = response.getUrn();
      if (response && record.type === "pulumi:providers:aws") {
        explicitProviders.set(response.getUrn(), providerWhere(record.inputs));
      }
      callback(err, response);
    });
  };
  return harness;
}

/** An explicit provider's account (its first allowed account id) and Region, from its registered inputs. */
// biome-ignore lint/suspicious/noExplicitAny: deserialized resource inputs are untyped.
function providerWhere(inputs: Record<string, any>): Where {
  // The provider's object-valued args are JSON text on the wire (@pulumi/aws provider.js).
  const allowed = typeof inputs.allowedAccountIds === "string" ? JSON.parse(inputs.allowedAccountIds) : [];
  return { accountId: allowed?.[0] ?? ACCOUNT, region: inputs.region ?? REGION };
}

/** The value of an Output (mocks resolve every value outside preview). */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

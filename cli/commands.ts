import { parseArgs } from "node:util";
import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { parseConfig } from "../common/config/schema";
import { STATE_PARAMETER_SUFFIX } from "../common/constants";
import type { Report } from "../common/types";
import { SSM_STANDARD_VALUE_MAX_BYTES } from "../component/constants";
import type { RunContext } from "../reconciler/engine/types";
import { createSimulatedClients, SimulatedAccount } from "../sim";
import { AWS_OPTION_SPEC, type AwsOptions, awsContext, lambdaClient } from "./aws";
import { formatReport } from "./format";
import { readDocument } from "./input";
import { CliError, FileConfigStore, runLocally } from "./local";
import { EXIT, USAGE } from "./usage";

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Builds the Lambda client for `invoke` (tests pass a mocked one). */
  readonly lambda?: (options: AwsOptions) => LambdaClient;
  /** Standard input, for `-` (tests pass a buffer). */
  readonly stdin?: () => Buffer;
}

/**
 * The exit code of a report: 1 when the run failed, the config is invalid or the cache is unusable
 * (DEGRADED: pulls fail, whatever else the run did); with `detailed`, 2 when drift was found and not fixed.
 */
export function reportExit(report: Report, detailed: boolean): number {
  switch (report.status) {
    case "FAILED":
    case "INVALID_CONFIG":
    case "DEGRADED":
      return EXIT.failed;
    case "DRIFTED":
      return detailed ? EXIT.changes : EXIT.ok;
    default:
      return EXIT.ok;
  }
}

function print(io: Io, report: Report, json: boolean, detailed = false): number {
  io.out(`${json ? JSON.stringify(report, null, 2) : formatReport(report)}\n`);
  return reportExit(report, detailed);
}

/** The `validate` command: the schema's problems and SSM's size limit on the bytes as uploaded. */
export function validate(args: string[], io: Io): number {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const file = positionals[0];
  if (!file || positionals.length > 1)
    throw new CliError(`validate needs one file\n\n${USAGE.validate}`, EXIT.usage);
  const doc = readDocument(file, io.stdin);
  const result = parseConfig(doc.json);
  const problems = result.ok ? [] : [...result.errors];
  if (doc.bytes > SSM_STANDARD_VALUE_MAX_BYTES) problems.push(sizeProblem(doc.bytes, doc.json));
  if (problems.length === 0) {
    io.out(`${doc.name}: valid\n`);
    return EXIT.ok;
  }
  io.err(`${doc.name}: ${problems.length} problem(s)\n${problems.map((e) => `  ${e}`).join("\n")}\n`);
  return EXIT.failed;
}

function sizeProblem(bytes: number, json: unknown): string {
  const n = (x: number) => x.toLocaleString("en-US");
  const compact = Buffer.byteLength(JSON.stringify(json), "utf8");
  const hint =
    compact <= SSM_STANDARD_VALUE_MAX_BYTES
      ? `; without white space it is ${n(compact)} bytes (jq -c . <file>)`
      : "; remove tags or template settings";
  return `(document): ${n(bytes)} bytes, and an SSM standard-tier parameter holds at most ${n(SSM_STANDARD_VALUE_MAX_BYTES)} (UTF-8 bytes, not characters): put-parameter would fail${hint}`;
}

const RUN_OPTIONS = {
  config: { type: "string" },
  parameter: { type: "string" },
  "owner-id": { type: "string" },
  "state-parameter": { type: "string" },
  ...AWS_OPTION_SPEC,
  simulate: { type: "boolean", default: false },
  "detailed-exitcode": { type: "boolean", default: false },
  json: { type: "boolean", default: false },
} as const;

/** The `plan` and `apply` commands: the engine run from here, on AWS or on a simulated account. */
export async function planOrApply(command: "plan" | "apply", args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: RUN_OPTIONS, strict: true });
  if (command === "apply" && values["detailed-exitcode"])
    throw new CliError(`--detailed-exitcode is for plan and invoke\n\n${USAGE.apply}`, EXIT.usage);
  if (!values.config === !values.parameter)
    throw new CliError(
      `${command} needs exactly one of --config or --parameter\n\n${USAGE[command]}`,
      EXIT.usage,
    );
  const action = command === "plan" ? "plan" : "remediate";
  const ownerId = values["owner-id"] ?? (values.simulate ? "echo-ptc-cli" : undefined);
  if (!ownerId)
    throw new CliError(
      `${command} against AWS needs --owner-id (the function's OWNER_ID), so that it recognises what the reconciler owns`,
      EXIT.usage,
    );
  const show = (report: Report) => print(io, report, values.json, values["detailed-exitcode"]);
  if (values.simulate) {
    if (values.parameter)
      throw new CliError(
        "--simulate starts from an empty account: give the config with --config",
        EXIT.usage,
      );
    const account = new SimulatedAccount({ region: values.region ?? "us-east-1" });
    const clients = createSimulatedClients(account, { backoffMs: () => 0 });
    const context: RunContext = {
      accountId: account.accountId,
      region: account.region,
      partition: "aws",
      ownerId,
    };
    const { text } = readDocument(values.config as string, io.stdin);
    return show(await runLocally({ clients, context, action, store: new FileConfigStore(text, ownerId) }));
  }
  // Without a record, what apply creates would be listed nowhere: the deployed reconciler could never
  // find it again (after a rename) nor remove it on destroy.
  if (values.config && action === "remediate" && !values["state-parameter"]) {
    throw new CliError(
      "apply --config against AWS needs --state-parameter (the deployed reconciler's <config parameter>.state), so that what it creates is recorded",
      EXIT.usage,
    );
  }
  const { clients, context } = await awsContext(values, ownerId);
  if (values.config) {
    const { text } = readDocument(values.config, io.stdin);
    const store = new FileConfigStore(text, ownerId, clients.ssm, values["state-parameter"]);
    return show(await runLocally({ clients, context, action, store }));
  }
  const parameter = values.parameter as string;
  const stateParameterName = values["state-parameter"] ?? `${parameter}${STATE_PARAMETER_SUFFIX}`;
  return show(
    await runLocally({ clients, context, action, configParameterName: parameter, stateParameterName }),
  );
}

const ACTIONS = ["plan", "reconcile", "remediate"];

/** The `invoke` command: the deployed Lambda, `plan` unless asked otherwise. */
export async function invoke(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      action: { type: "string", default: "plan" },
      ...AWS_OPTION_SPEC,
      "detailed-exitcode": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
    allowPositionals: true,
  });
  const functionName = positionals[0];
  if (!functionName || positionals.length > 1)
    throw new CliError(`invoke needs one function name\n\n${USAGE.invoke}`, EXIT.usage);
  if (!ACTIONS.includes(values.action))
    throw new CliError(`--action must be plan, reconcile or remediate, got ${values.action}`, EXIT.usage);
  const client = io.lambda?.(values) ?? (await lambdaClient(values));
  const out = await client.send(
    new InvokeCommand({
      FunctionName: functionName,
      Payload: new TextEncoder().encode(JSON.stringify({ action: values.action })),
    }),
  );
  const text = out.Payload ? new TextDecoder().decode(out.Payload) : "";
  if (out.FunctionError) throw new CliError(`${functionName} failed (${out.FunctionError}): ${text}`);
  let report: Report;
  try {
    report = JSON.parse(text) as Report;
  } catch {
    throw new CliError(`${functionName} did not return a report: ${text.slice(0, 200)}`);
  }
  return print(io, report, values.json, values["detailed-exitcode"]);
}

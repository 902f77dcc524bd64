import { parseArgs } from "node:util";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { configJsonSchema } from "../common/config/jsonSchema";
import { parseConfig } from "../common/config/schema";
import { STATE_PARAMETER_SUFFIX } from "../common/constants";
import type { Report } from "../common/types";
import { type AwsClients, createClients } from "../reconciler/engine/clients";
import type { RunContext } from "../reconciler/engine/types";
import { createSimulatedClients, SimulatedAccount } from "../sim";
import { printDemo } from "./demo";
import { formatReport } from "./format";
import { CliError, FileConfigStore, readJsonFile, runLocally } from "./local";

const USAGE: Record<string, string> = {
  main: `echo-ptc: operate the Echo ECR pull-through cache reconciler

Usage:
  echo-ptc validate <config.json>          check a config document; exit 1 listing every bad field
  echo-ptc schema                          print the config's JSON Schema
  echo-ptc plan  (--config <file> | --parameter <ssm-name>) [options]   what would change (never writes)
  echo-ptc apply (--config <file> | --parameter <ssm-name>) [options]   fix drift now, whatever the mode
  echo-ptc invoke <function-name> [--action plan|reconcile|remediate]   run the deployed Lambda
  echo-ptc demo [--json]                   the whole story on a simulated account (no AWS needed)

Run 'echo-ptc <command> --help' for a command's options.`,
  validate: `Usage: echo-ptc validate <config.json>

Validates a config document against schema v1. Exit 0 when valid; exit 1 listing every bad field as 'path: message'.`,
  schema: `Usage: echo-ptc schema

Prints the JSON Schema (draft 2020-12) of the config document, for editors and CI.`,
  plan: `Usage: echo-ptc plan (--config <file> | --parameter <ssm-name>) [--owner-id <id>] [--state-parameter <name>] [--region <r>] [--simulate] [--json]

Observes AWS with the default credential chain and prints the drift and the calls that would fix it. Never writes.
  --config <file>          the config document to plan for
  --parameter <name>       read the config from this SSM parameter (the deployed one)
  --owner-id <id>          the reconciler's owner id (the function's OWNER_ID; see the stack's usageInstructions)
  --state-parameter <name> the ownership record (default: <parameter>${STATE_PARAMETER_SUFFIX})
  --region <region>        default: AWS_REGION / the profile's region
  --simulate               run against a fresh simulated account instead of AWS
  --json                   print the raw report`,
  apply: `Usage: echo-ptc apply (--config <file> | --parameter <ssm-name>) [--owner-id <id>] [--state-parameter <name>] [--region <r>] [--simulate] [--json]

Like plan, then makes the changes (as the Lambda's {"action":"remediate"} does). Options as for plan.`,
  invoke: `Usage: echo-ptc invoke <function-name> [--action plan|reconcile|remediate] [--region <r>] [--json]

Invokes the deployed reconciler Lambda synchronously and prints its report.`,
  demo: `Usage: echo-ptc demo [--json]

Runs the real handler and engine against a simulated AWS account: deploy, in-sync run, drift, detect,
remediate, prefix change, invalid edit, destroy. Needs no AWS credentials and no network.`,
};

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Builds the Lambda client for `invoke` (tests pass a mocked one). */
  readonly lambda?: (region?: string) => LambdaClient;
}

const CREDENTIAL_ERRORS = new Set([
  "CredentialsProviderError",
  "ExpiredTokenException",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
]);

/** A run that failed, could not read its config, or found the cache unusable (DEGRADED: pulls fail). */
function failureExit(report: Report): number {
  return report.status === "FAILED" || report.status === "INVALID_CONFIG" || report.status === "DEGRADED"
    ? 1
    : 0;
}

function print(io: Io, report: Report, json: boolean): number {
  io.out(`${json ? JSON.stringify(report, null, 2) : formatReport(report)}\n`);
  return failureExit(report);
}

async function awsContext(
  region: string | undefined,
  ownerId: string,
): Promise<{ clients: AwsClients; context: RunContext }> {
  const sts = new STSClient(region ? { region } : {});
  const resolvedRegion = region ?? (await sts.config.region());
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  const partition = identity.Arn?.split(":")[1] ?? "aws";
  return {
    clients: createClients({ region: resolvedRegion }),
    context: { accountId: identity.Account ?? "", region: resolvedRegion, partition, ownerId },
  };
}

async function planOrApply(command: "plan" | "apply", args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: "string" },
      parameter: { type: "string" },
      "owner-id": { type: "string" },
      "state-parameter": { type: "string" },
      region: { type: "string" },
      simulate: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (!values.config === !values.parameter)
    throw new CliError(`${command} needs exactly one of --config or --parameter\n\n${USAGE[command]}`, 2);
  const action = command === "plan" ? "plan" : "remediate";
  const ownerId = values["owner-id"] ?? (values.simulate ? "echo-ptc-cli" : undefined);
  if (!ownerId)
    throw new CliError(
      `${command} against AWS needs --owner-id (the function's OWNER_ID), so that it recognises what the reconciler owns`,
      2,
    );
  if (values.simulate) {
    const account = new SimulatedAccount({ region: values.region ?? "us-east-1" });
    const clients = createSimulatedClients(account, { backoffMs: () => 0 });
    const context: RunContext = {
      accountId: account.accountId,
      region: account.region,
      partition: "aws",
      ownerId,
    };
    if (values.parameter) {
      throw new CliError("--simulate starts from an empty account: give the config with --config", 2);
    }
    const { text } = readJsonFile(values.config as string);
    const report = await runLocally({ clients, context, action, store: new FileConfigStore(text, ownerId) });
    return print(io, report, values.json);
  }
  // Without a record, what apply creates would be listed nowhere: the deployed reconciler could never
  // find it again (after a rename) nor remove it on destroy.
  if (values.config && action === "remediate" && !values["state-parameter"]) {
    throw new CliError(
      "apply --config against AWS needs --state-parameter (the deployed reconciler's <config parameter>.state), so that what it creates is recorded",
      2,
    );
  }
  const { clients, context } = await awsContext(values.region, ownerId);
  if (values.config) {
    const { text } = readJsonFile(values.config);
    const store = new FileConfigStore(text, ownerId, clients.ssm, values["state-parameter"]);
    return print(io, await runLocally({ clients, context, action, store }), values.json);
  }
  const parameter = values.parameter as string;
  const report = await runLocally({
    clients,
    context,
    action,
    configParameterName: parameter,
    stateParameterName: values["state-parameter"] ?? `${parameter}${STATE_PARAMETER_SUFFIX}`,
  });
  return print(io, report, values.json);
}

async function invoke(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      action: { type: "string", default: "reconcile" },
      region: { type: "string" },
      json: { type: "boolean", default: false },
    },
    allowPositionals: true,
  });
  const functionName = positionals[0];
  if (!functionName || positionals.length > 1)
    throw new CliError(`invoke needs one function name\n\n${USAGE.invoke}`, 2);
  if (!["plan", "reconcile", "remediate"].includes(values.action)) {
    throw new CliError(`--action must be plan, reconcile or remediate, got ${values.action}`, 2);
  }
  const client =
    io.lambda?.(values.region) ?? new LambdaClient(values.region ? { region: values.region } : {});
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
  return print(io, report, values.json);
}

function validate(args: string[], io: Io): number {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new CliError(`validate needs one file\n\n${USAGE.validate}`, 2);
  const { json } = readJsonFile(file);
  const result = parseConfig(json);
  if (result.ok) {
    io.out(`${file}: valid\n`);
    return 0;
  }
  io.err(`${file}: ${result.errors.length} problem(s)\n${result.errors.map((e) => `  ${e}`).join("\n")}\n`);
  return 1;
}

/**
 * The CLI. Returns the exit code: 0 success, 1 invalid or failed, 2 usage.
 *
 * @example
 * await main(["validate", "config.json"], { out: console.log, err: console.error });
 */
export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    io.out(`${USAGE.main}\n`);
    return command ? 0 : 2;
  }
  if (!USAGE[command] || command === "main") {
    io.err(`unknown command ${command}\n\n${USAGE.main}\n`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(`${USAGE[command]}\n`);
    return 0;
  }
  try {
    switch (command) {
      case "validate":
        return validate(rest, io);
      case "schema":
        io.out(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
        return 0;
      case "plan":
      case "apply":
        return await planOrApply(command, rest, io);
      case "invoke":
        return await invoke(rest, io);
      case "demo": {
        const { values } = parseArgs({ args: rest, options: { json: { type: "boolean", default: false } } });
        await printDemo(io.out, values.json);
        return 0;
      }
    }
  } catch (e) {
    const name = (e as Error).name;
    if (e instanceof CliError) {
      io.err(`echo-ptc: ${e.message}\n`);
      return e.exitCode;
    }
    if (CREDENTIAL_ERRORS.has(name)) {
      io.err(
        "echo-ptc: no usable AWS credentials. Configure the default credential chain (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, SSO login) or use --simulate.\n",
      );
      return 1;
    }
    if (name === "TypeError" && (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.err(`echo-ptc: ${(e as Error).message}\n\n${USAGE[command]}\n`);
      return 2;
    }
    io.err(`echo-ptc: ${name}: ${(e as Error).message}\n`);
    return 1;
  }
  return 2;
}

if (require.main === module) {
  main(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  }).then((code) => {
    process.exitCode = code;
  });
}

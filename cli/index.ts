import { type ParseArgsConfig, parseArgs } from "node:util";
import { configJsonSchema } from "../common/config/jsonSchema";
import { type Io, invoke, planOrApply, validate } from "./commands";
import { printDemo } from "./demo";
import { CliError } from "./local";
import { EXIT, USAGE } from "./usage";

export type { Io } from "./commands";

const CREDENTIAL_ERRORS = new Set([
  "CredentialsProviderError",
  "ExpiredTokenException",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
]);

const HELP = new Set(["--help", "-h"]);
const COMMANDS = Object.keys(USAGE).filter((c) => c !== "main");

/** Set by the build (esbuild.config.mjs) to package.json's version; absent when run from the sources. */
declare const ECHO_PTC_VERSION: string | undefined;
const VERSION = typeof ECHO_PTC_VERSION === "string" ? ECHO_PTC_VERSION : "0.0.0-source";

/** Commands that take no arguments but their flags; anything else on their line is an error. */
function noPositionals(args: string[], options: ParseArgsConfig["options"] = {}) {
  return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
}

async function run(command: string, rest: string[], io: Io): Promise<number> {
  switch (command) {
    case "--version":
      noPositionals(rest);
      io.out(`${VERSION}\n`);
      return EXIT.ok;
    case "validate":
      return validate(rest, io);
    case "schema":
      noPositionals(rest);
      io.out(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
      return EXIT.ok;
    case "plan":
    case "apply":
      return planOrApply(command, rest, io);
    case "invoke":
      return invoke(rest, io);
    case "demo": {
      const values = noPositionals(rest, { json: { type: "boolean", default: false } });
      await printDemo(io.out, values.json === true);
      return EXIT.ok;
    }
    default:
      throw new CliError(`unknown command ${command}\n\n${USAGE.main}`, EXIT.usage);
  }
}

/** What an error prints, and the exit code it gives. */
function failure(e: unknown, command: string): { text: string; code: number } {
  const name = (e as Error).name;
  if (e instanceof CliError) return { text: e.message, code: e.exitCode };
  if (CREDENTIAL_ERRORS.has(name)) {
    return {
      text: `no usable AWS credentials (${(e as Error).message}). Configure the default credential chain (AWS_PROFILE or --profile, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, SSO login); plan and apply can also run with --simulate.`,
      code: EXIT.failed,
    };
  }
  if (name === "TypeError" && (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS"))
    return { text: `${(e as Error).message}\n\n${USAGE[command] ?? USAGE.main}`, code: EXIT.usage };
  return { text: `${name}: ${(e as Error).message}`, code: EXIT.failed };
}

/**
 * The CLI. Returns the exit code: 0 success, 1 invalid or failed, 2 a wrong command line; under
 * `--detailed-exitcode`, Terraform's 0 no changes, 1 error, 2 changes (a wrong command line is then 1).
 *
 * @example
 * await main(["validate", "config.json"], { out: console.log, err: console.error });
 */
export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  const detailed = argv.includes("--detailed-exitcode");
  const usage = detailed ? EXIT.failed : EXIT.usage;
  if (!command || HELP.has(command) || (command === "help" && rest.length === 0)) {
    io.out(`${USAGE.main}\n`);
    return command ? EXIT.ok : usage;
  }
  if (command === "help") {
    const help = rest.length === 1 && rest[0] !== "main" ? USAGE[rest[0] as string] : undefined;
    if (help) {
      io.out(`${help}\n`);
      return EXIT.ok;
    }
    io.err(`echo-ptc: help takes one command: ${COMMANDS.join(", ")}\n`);
    return usage;
  }
  if (USAGE[command] && command !== "main" && rest.some((a) => HELP.has(a))) {
    io.out(`${USAGE[command]}\n`);
    return EXIT.ok;
  }
  try {
    return await run(command, rest, io);
  } catch (e) {
    const { text, code } = failure(e, command);
    io.err(`echo-ptc: ${text}\n`);
    return code === EXIT.usage ? usage : code;
  }
}

/**
 * A writer that stops quietly when the reader goes away (`echo-ptc schema | head`): EPIPE is the end of the
 * output, not a crash. The command still finishes and sets its exit code.
 */
function pipeSafe(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE" && e.code !== "ERR_STREAM_DESTROYED") throw e;
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

if (require.main === module) {
  // The SDK warns on every Node below 22 that its releases after January 2027 will need 22
  // (aws/aws-sdk-js-v3#7983); this package supports Node 20, and the notice is no news to a CLI user. The
  // SDK's documented switch turns off that warning only; a value the user set wins.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  main(process.argv.slice(2), { out: pipeSafe(process.stdout), err: pipeSafe(process.stderr) }).then(
    (code) => {
      process.exitCode = code;
    },
  );
}

import { STATE_PARAMETER_SUFFIX } from "../common/constants";
import { SSM_STANDARD_VALUE_MAX_BYTES } from "../component/constants";

/** The CLI's exit codes. `plan --detailed-exitcode` has Terraform's meaning: 0 no changes, 1 error, 2 changes. */
export const EXIT = {
  ok: 0,
  /** Invalid, failed, or the cache unusable (DEGRADED); an unreadable file; no credentials. */
  failed: 1,
  /** A wrong command line; under `--detailed-exitcode` it is 1, since 2 means changes there. */
  usage: 2,
  /** `--detailed-exitcode`: the report shows drift not fixed. */
  changes: 2,
} as const;

const AWS_OPTIONS = `  --profile <name>         the AWS profile to use (default: AWS_PROFILE, then the default credential chain)
  --region <region>        the AWS Region (default: AWS_REGION, then the profile's region)`;

const REPORT_EXIT_CODES = `Exit codes:
  0  the run succeeded: in sync, fixed, or (without --detailed-exitcode) drift found
  1  an error: a failed AWS call, an invalid config, the cache unusable (DEGRADED: ECR cannot use
     Echo's registry, pulls fail), no credentials or Region, a file that cannot be read
  2  a wrong command line (1 with --detailed-exitcode)
  With --detailed-exitcode, as Terraform: 0 no changes, 1 error, 2 changes (drift not fixed)`;

/** Each command's help: what it does, its options, examples and exit codes. `main` is the overview. */
export const USAGE: Record<string, string> = {
  main: `echo-ptc: operate the Echo ECR pull-through cache reconciler

Usage:
  echo-ptc validate <config.json | ->      check a config document; exit 1 listing every problem
  echo-ptc schema                          print the config's JSON Schema
  echo-ptc plan  (--config <file> | --parameter <ssm-name>) [options]   what would change (never writes)
  echo-ptc apply (--config <file> | --parameter <ssm-name>) [options]   fix drift now, even in detect mode
  echo-ptc invoke <function-name> [--action plan|reconcile|remediate]   run the deployed Lambda (default: plan)
  echo-ptc demo [--json]                   the whole story on a simulated account (no AWS needed)
  echo-ptc --version                       print the version
  echo-ptc help <command>                  a command's options, examples and exit codes

Exit codes: 0 success, 1 invalid or failed, 2 a wrong command line; see each command's help.`,
  validate: `Usage: echo-ptc validate <config.json | ->

Validates a config document against schema v1, as the Lambda will read it, and checks that it fits an SSM
standard-tier parameter (${SSM_STANDARD_VALUE_MAX_BYTES.toLocaleString("en-US")} bytes, counted as UTF-8 bytes of the file as uploaded). '-' reads
standard input. A syntax error is shown as <file>:<line>:<column>. A UTF-8 byte order mark is accepted.

Examples:
  echo-ptc validate config.json
  aws ssm get-parameter --name <configParameterName> --query Parameter.Value --output text | echo-ptc validate -

Exit codes:
  0  valid
  1  invalid (every problem listed as 'path: message'), not JSON, too big, or unreadable
  2  a wrong command line`,
  schema: `Usage: echo-ptc schema

Prints the JSON Schema (draft 2020-12) of the config document, for editors and CI.

Examples:
  echo-ptc schema > config.schema.json

Exit codes:
  0  printed
  2  a wrong command line`,
  plan: `Usage: echo-ptc plan (--config <file> | --parameter <ssm-name>) [--owner-id <id>] [--state-parameter <name>] [--profile <name>] [--region <region>] [--simulate] [--detailed-exitcode] [--json]

Observes AWS with your credentials and prints the drift and the calls that would fix it. Never writes.
  --config <file>          the config document to plan for ('-' reads standard input)
  --parameter <name>       read the config from this SSM parameter (the deployed one)
  --owner-id <id>          required against AWS: the reconciler's owner id (the function's OWNER_ID; the
                           usageInstructions output prints the whole plan command)
  --state-parameter <name> the ownership record (default: <parameter>${STATE_PARAMETER_SUFFIX})
${AWS_OPTIONS}
  --simulate               run against a fresh simulated account instead of AWS
  --detailed-exitcode      exit 2 when there are changes (see Exit codes)
  --json                   print the raw report

Examples:
  echo-ptc plan --parameter /echo-ptc/platform/prod/echo-cache/config --owner-id platform/prod/echo-cache --region eu-west-1
  echo-ptc plan --parameter /echo-ptc/platform/prod/echo-cache/config --owner-id platform/prod/echo-cache --detailed-exitcode
  echo-ptc plan --simulate --config config.json

${REPORT_EXIT_CODES}`,
  apply: `Usage: echo-ptc apply (--config <file> | --parameter <ssm-name>) [--owner-id <id>] [--state-parameter <name>] [--profile <name>] [--region <region>] [--simulate] [--json]

Like plan, then makes the changes (as the Lambda's {"action":"remediate"} does). Options as for plan;
with --config against AWS, --state-parameter is required, so that what apply creates is recorded.

Examples:
  echo-ptc apply --parameter /echo-ptc/platform/prod/echo-cache/config --owner-id platform/prod/echo-cache --profile prod
  echo-ptc apply --simulate --config config.json --json

Exit codes:
  0  in sync, or fixed
  1  an error: a failed AWS call, an invalid config, the cache still unusable after the fix (DEGRADED), no
     credentials or Region, a file that cannot be read
  2  a wrong command line`,
  invoke: `Usage: echo-ptc invoke <function-name> [--action plan|reconcile|remediate] [--profile <name>] [--region <region>] [--detailed-exitcode] [--json]

Invokes the deployed reconciler Lambda synchronously and prints its report.
  --action <action>        plan (the default: report, never write), reconcile (act per the mode), or
                           remediate (fix now, even in detect mode)
${AWS_OPTIONS}
  --detailed-exitcode      exit 2 when the report shows drift not fixed (see Exit codes)
  --json                   print the raw report

Examples:
  echo-ptc invoke echo-ptc-echo-cache-1a2b3c4d --region eu-west-1
  echo-ptc invoke echo-ptc-echo-cache-1a2b3c4d --action remediate --profile prod

${REPORT_EXIT_CODES}
  1  also when the function itself failed (its error is printed)`,
  demo: `Usage: echo-ptc demo [--json]

Runs the real handler and engine against a simulated AWS account: deploy, in-sync run, Echo's grant
withdrawn, drift, detect, remediate, prefix change, invalid edit, destroy; then a fleet of 2 accounts × 2
Regions and its one drift view. Needs no AWS credentials and no network.

Examples:
  echo-ptc demo
  echo-ptc demo --json | jq .report.status

Exit codes:
  0  the demo ran
  2  a wrong command line`,
};

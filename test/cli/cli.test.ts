import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { main } from "../../cli";
import { configJsonSchema } from "../../common/config/jsonSchema";
import { usageInstructions } from "../../component/usageInstructions";

const root = join(__dirname, "..", "..");
const cli = join(root, "dist", "cli", "echo-ptc.js");
const dir = mkdtempSync(join(tmpdir(), "echo-ptc-"));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/**
 * Runs the built CLI in a child process with no AWS credentials anywhere, no Region, and nothing that
 * silences the SDK: what a user's shell gives it.
 */
function run(args: string[], env: Record<string, string> = {}, input?: string | Buffer) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      AWS_CONFIG_FILE: join(dir, "none"),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, "none"),
      AWS_EC2_METADATA_DISABLED: "true",
      ...env,
    },
    encoding: "utf8",
    timeout: 60_000,
    ...(input !== undefined ? { input } : {}),
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const GOOD = file("good.json", JSON.stringify({ version: 1, sourceRegistryAccountId: "123456789012" }));
const BAD = file(
  "bad.json",
  JSON.stringify({ version: 1, sourceRegistryAccountId: "1234", repositoryPrefix: "Echo", colour: "blue" }),
);
const NOT_JSON = file("not.json", "version: 1\n");
const tags = (n: number, value: (i: number) => string) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`key-${i}`, value(i)]));

beforeAll(() => {
  execFileSync(process.execPath, [join(root, "esbuild.config.mjs")], { cwd: root });
});

describe("echo-ptc validate", () => {
  it("exits 0 on a valid document", () => {
    const r = run(["validate", GOOD]);

    expect(r.code).toBe(0);
    expect(r.out).toContain("valid");
  });

  it("exits 1 listing every bad field by path", () => {
    const r = run(["validate", BAD]);

    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^ {2}colour: unknown field$/m);
    expect(r.err).toMatch(/^ {2}repositoryPrefix: /m);
    expect(r.err).toMatch(/^ {2}sourceRegistryAccountId: must be a 12-digit AWS account id$/m);
  });

  it("says a file that is not JSON is not JSON, at its line and column", () => {
    const r = run(["validate", NOT_JSON]);

    expect(r.code).toBe(1);
    expect(r.err).toContain(`${NOT_JSON}:1:1: not JSON: expected a value`);
  });

  it("points at a syntax error by line and column, as editors read <file>:<line>:<column>", () => {
    // Prepare
    const broken = file(
      "broken.json",
      '{\n  "version": 1,\n  "sourceRegistryAccountId": "123456789012",\n}\n',
    );

    // Act
    const r = run(["validate", broken]);

    // Assess
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `echo-ptc: ${broken}:4:1: not JSON: a trailing ',' before '}' is not allowed in JSON\n`,
    );
  });

  it("reads standard input for '-'", () => {
    const good = run(
      ["validate", "-"],
      {},
      JSON.stringify({ version: 1, sourceRegistryAccountId: "123456789012" }),
    );
    const bad = run(["validate", "-"], {}, JSON.stringify({ version: 1, sourceRegistryAccountId: "1" }));

    expect([good.code, good.out]).toEqual([0, "<stdin>: valid\n"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^<stdin>: 1 problem\(s\)\n {2}sourceRegistryAccountId: /);
  });

  it("accepts a file saved with a UTF-8 byte order mark", () => {
    // Prepare
    const bom = file(
      "bom.json",
      `\uFEFF${JSON.stringify({ version: 1, sourceRegistryAccountId: "123456789012" })}`,
    );

    // Act
    const r = run(["validate", bom]);

    // Assess
    expect(r.code).toBe(0);
  });

  it.each([
    {
      reason: "a pretty-printed document over 4,096 bytes, which fits without white space",
      doc: {
        version: 1,
        sourceRegistryAccountId: "123456789012",
        tags: tags(49, (i) => `value-${i}`.padEnd(60, "x")),
      },
      indent: 10,
      problem: /without white space it is [\d,]+ bytes/,
    },
    {
      reason: "fewer than 4,096 characters but more than 4,096 bytes: SSM counts bytes",
      doc: { version: 1, sourceRegistryAccountId: "123456789012", tags: tags(20, () => "é".repeat(100)) },
      indent: 0,
      problem: /remove tags or template settings/,
    },
    {
      reason: "a document under the limit",
      doc: { version: 1, sourceRegistryAccountId: "123456789012", tags: tags(10, () => "é".repeat(100)) },
      indent: 2,
      problem: undefined,
    },
  ])(
    "checks SSM's standard-tier size on the file as it would be uploaded: $reason",
    ({ doc, indent, problem }) => {
      // Prepare
      const text = JSON.stringify(doc, null, indent);
      const path = file("sized.json", text);
      const bytes = Buffer.byteLength(text, "utf8");

      // Act
      const r = run(["validate", path]);

      // Assess
      expect(bytes > 4096).toBe(problem !== undefined);
      expect(r.code).toBe(problem ? 1 : 0);
      if (problem) {
        expect(r.err).toContain(`(document): ${bytes.toLocaleString("en-US")} bytes`);
        expect(r.err).toMatch(problem);
      }
    },
  );

  it("counts UTF-8 bytes, not characters: a document of fewer than 4,096 characters can be too big", () => {
    // Prepare
    const text = JSON.stringify({
      version: 1,
      sourceRegistryAccountId: "123456789012",
      tags: tags(20, () => "é".repeat(100)),
    });

    // Act
    const r = run(["validate", file("accents.json", text)]);

    // Assess
    expect(text.length).toBeLessThan(4096);
    expect(r.code).toBe(1);
  });
});

describe("echo-ptc schema", () => {
  it("prints the config's JSON Schema (draft 2020-12), the same as the shipped file", () => {
    const r = run(["schema"]);

    expect(r.code).toBe(0);
    const schema = JSON.parse(r.out);
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema).toEqual(configJsonSchema());
  });
});

describe("echo-ptc plan and apply --simulate", () => {
  it("plan shows what a fresh account lacks and writes nothing", () => {
    const r = run(["plan", "--simulate", "--config", GOOD]);

    expect(r.code).toBe(0);
    expect(r.out).toContain("status DRIFTED  mode enforce  action plan  writes 0");
    expect(r.out).toMatch(/AWS::IAM::Role {2}echo-pullthrough-cache-role {2}MISSING/);
    expect(r.out).toContain("iam:CreateRole echo-pullthrough-cache-role");
  });

  it("apply creates the role and rule and prints the raw report with --json", () => {
    const r = run(["apply", "--simulate", "--config", GOOD, "--json"]);

    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.status).toBe("REMEDIATED");
    expect(report.resources.map((x: { status: string }) => x.status)).toEqual(["REMEDIATED", "REMEDIATED"]);
  });

  it("apply with an invalid config exits 1 with the field paths", () => {
    const r = run(["apply", "--simulate", "--config", BAD]);

    expect(r.code).toBe(1);
    expect(r.out).toContain("status INVALID_CONFIG");
    expect(r.out).toContain("sourceRegistryAccountId: must be a 12-digit AWS account id");
  });

  it("needs exactly one of --config and --parameter", () => {
    const r = run(["plan", "--simulate"]);

    expect(r.code).toBe(2);
    expect(r.err).toContain("exactly one of --config or --parameter");
  });
});

describe("echo-ptc against AWS", () => {
  it("says clearly when there are no AWS credentials", () => {
    const r = run(
      ["plan", "--parameter", "/echo-ptc/p/s/echo-cache/config", "--owner-id", "p/s/echo-cache"],
      {
        AWS_REGION: "eu-west-1",
      },
    );

    expect(r.code).toBe(1);
    expect(r.err).toContain("no usable AWS credentials");
  });

  it("refuses to apply a local config to AWS without a state parameter to record what it creates", () => {
    const r = run(["apply", "--config", GOOD, "--owner-id", "p/s/echo-cache"], { AWS_REGION: "eu-west-1" });

    expect(r.code).toBe(2);
    expect(r.err).toContain("--state-parameter");
  });

  it("refuses to plan against AWS without the owner id", () => {
    const r = run(["plan", "--parameter", "/x"]);

    expect(r.code).toBe(2);
    expect(r.err).toContain("--owner-id");
  });

  it.each([
    { reason: "invoke", args: ["invoke", "echo-cache-reconciler"] },
    {
      reason: "plan",
      args: ["plan", "--parameter", "/echo-ptc/p/s/echo-cache/config", "--owner-id", "p/s/echo-cache"],
    },
  ])("says to pass --region when no Region is configured, and fails with 1: $reason", ({ args }) => {
    const r = run(args);

    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^echo-ptc: no AWS Region: pass --region <region>/);
  });

  it("accepts the plan command the usageInstructions output prints: only credentials are missing", () => {
    // Prepare
    const printed = usageInstructions({
      partition: "aws",
      dnsSuffix: "amazonaws.com",
      accountId: "111122223333",
      region: "eu-west-1",
      cachePrefix: "echo",
      sourceRegistryAccountId: "123456789012",
      sourceRegistryRegion: "us-east-1",
      configParameterName: "/echo-ptc/p/s/echo-cache/config",
      configSource: "ssm",
      functionName: "echo-ptc-echo-cache-1a2b3c4d",
      ownerId: "p/s/echo-cache",
      logGroupName: "/echo-ptc/p/s/echo-cache",
      metricsNamespace: "EchoPullThroughCache",
      cacheName: "echo-cache",
    });
    const words =
      printed
        .split("\n")
        .find((l) => l.includes("echo-ptc plan"))
        ?.trim()
        .split(/\s+/) ?? [];

    // Act: the words after npx -p <package> echo-ptc.
    const r = run(words.slice(words.indexOf("echo-ptc") + 1));

    // Assess
    expect(words.slice(0, 3)).toEqual([
      "npx",
      "-p",
      "@buildecho/pulumi-onboarding-providers-ecr-pullthrough-cache",
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("no usable AWS credentials");
  });

  it("takes the Region and the credentials from --profile", () => {
    // Prepare: a profile with a Region and no credentials.
    const config = file("aws-config", "[profile ci]\nregion = eu-central-1\n");

    // Act
    const withProfile = run(["invoke", "echo-cache-reconciler", "--profile", "ci"], {
      AWS_CONFIG_FILE: config,
    });
    const without = run(["invoke", "echo-cache-reconciler"], { AWS_CONFIG_FILE: config });

    // Assess: the profile's Region was found; its credentials were looked for, and are missing.
    expect(withProfile.code).toBe(1);
    expect(withProfile.err).toContain("no usable AWS credentials");
    expect(without.err).toContain("no AWS Region");
  });

  it("takes --region over the environment's", async () => {
    // Prepare
    const seen: unknown[] = [];
    const lambda = new LambdaClient({ region: "eu-west-1" });
    mockClient(lambda)
      .on(InvokeCommand)
      .resolves({ StatusCode: 200, Payload: payload({ ...REPORT, status: "IN_SYNC" }) });

    // Act
    await main(["invoke", "fn", "--region", "ap-south-1", "--profile", "prod"], {
      ...quiet,
      lambda: (options) => {
        seen.push(options);
        return lambda;
      },
    });

    // Assess
    expect(seen).toEqual([expect.objectContaining({ region: "ap-south-1", profile: "prod" })]);
  });
});

const REPORT = { status: "IN_SYNC", mode: "enforce", action: "plan", writes: 0, errors: [], resources: [] };
const payload = (report: unknown) => new TextEncoder().encode(JSON.stringify(report)) as never;
const quiet = { out: () => {}, err: () => {} };

describe("exit codes", () => {
  it.each([
    { reason: "in sync is success", status: "IN_SYNC", detailed: false, code: 0 },
    {
      reason: "drift found is success without --detailed-exitcode",
      status: "DRIFTED",
      detailed: false,
      code: 0,
    },
    {
      reason: "drift found is 'changes' with --detailed-exitcode",
      status: "DRIFTED",
      detailed: true,
      code: 2,
    },
    { reason: "no changes is 0 with --detailed-exitcode", status: "IN_SYNC", detailed: true, code: 0 },
    { reason: "a paused cache has no changes", status: "PAUSED", detailed: true, code: 0 },
    { reason: "a failed run is an error", status: "FAILED", detailed: true, code: 1 },
    { reason: "an invalid config is an error", status: "INVALID_CONFIG", detailed: false, code: 1 },
    {
      reason: "a cache ECR cannot use is an error: pulls fail",
      status: "DEGRADED",
      detailed: false,
      code: 1,
    },
    {
      reason: "a cache ECR cannot use is an error, not 'changes'",
      status: "DEGRADED",
      detailed: true,
      code: 1,
    },
    { reason: "a fix is success", status: "REMEDIATED", detailed: true, code: 0 },
  ])("invoke: $reason", async ({ status, detailed, code }) => {
    // Prepare
    const lambda = new LambdaClient({ region: "eu-west-1" });
    mockClient(lambda)
      .on(InvokeCommand)
      .resolves({ StatusCode: 200, Payload: payload({ ...REPORT, status }) });

    // Act
    const exit = await main(["invoke", "fn", ...(detailed ? ["--detailed-exitcode"] : [])], {
      ...quiet,
      lambda: () => lambda,
    });

    // Assess
    expect(exit).toBe(code);
  });

  it("plan --detailed-exitcode exits 2 when there are changes, as Terraform does", () => {
    const r = run(["plan", "--simulate", "--config", GOOD, "--detailed-exitcode"]);

    expect(r.code).toBe(2);
    expect(r.out).toContain("status DRIFTED");
  });

  it("a wrong command line under --detailed-exitcode is 1, since 2 means changes there", () => {
    const detailed = run(["plan", "--simulate", "--detailed-exitcode"]);
    const plain = run(["plan", "--simulate"]);

    expect([detailed.code, plain.code]).toEqual([1, 2]);
  });

  it("apply refuses --detailed-exitcode, which only a plan has", () => {
    const r = run(["apply", "--simulate", "--config", GOOD, "--detailed-exitcode"]);

    expect(r.code).toBe(1);
    expect(r.err).toContain("--detailed-exitcode is for plan and invoke");
  });
});

describe("echo-ptc invoke", () => {
  it("invokes the function with the action and prints its report as a table", async () => {
    const lambda = new LambdaClient({ region: "eu-west-1" });
    const mock = mockClient(lambda);
    const report = {
      status: "DRIFTED",
      mode: "detect",
      action: "plan",
      writes: 0,
      errors: [],
      resources: [
        {
          type: "AWS::IAM::Role",
          id: "echo-pullthrough-cache-role",
          status: "DRIFTED",
          applied: false,
          actions: [
            "iam:DetachRolePolicy echo-pullthrough-cache-role arn:aws:iam::aws:policy/AdministratorAccess",
          ],
          differences: [
            {
              path: "ManagedPolicyArns[arn:aws:iam::aws:policy/AdministratorAccess]",
              type: "REMOVE",
              actual: "arn:aws:iam::aws:policy/AdministratorAccess",
            },
          ],
        },
      ],
    };
    mock
      .on(InvokeCommand)
      .resolves({ StatusCode: 200, Payload: new TextEncoder().encode(JSON.stringify(report)) as never });
    const out: string[] = [];

    const code = await main(["invoke", "echo-cache-reconciler", "--action", "plan"], {
      out: (t) => out.push(t),
      err: (t) => out.push(t),
      lambda: () => lambda,
    });

    expect(code).toBe(0);
    const sent = mock.commandCalls(InvokeCommand)[0]?.args[0].input;
    expect(sent?.FunctionName).toBe("echo-cache-reconciler");
    expect(JSON.parse(new TextDecoder().decode(sent?.Payload as Uint8Array))).toEqual({ action: "plan" });
    expect(out.join("")).toContain("status DRIFTED  mode detect  action plan  writes 0");
    expect(out.join("")).toMatch(/ManagedPolicyArns\[arn:aws:iam::aws:policy\/AdministratorAccess\] +REMOVE/);
  });

  it("plans unless told otherwise: the default action never writes", async () => {
    // Prepare
    const lambda = new LambdaClient({ region: "eu-west-1" });
    const mock = mockClient(lambda);
    mock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payload(REPORT) });

    // Act
    await main(["invoke", "echo-cache-reconciler"], { ...quiet, lambda: () => lambda });

    // Assess
    const sent = mock.commandCalls(InvokeCommand)[0]?.args[0].input;
    expect(JSON.parse(new TextDecoder().decode(sent?.Payload as Uint8Array))).toEqual({ action: "plan" });
  });

  it("prints the record's writes and a DEGRADED report's message", async () => {
    // Prepare
    const lambda = new LambdaClient({ region: "eu-west-1" });
    const report = {
      ...REPORT,
      action: "reconcile",
      status: "DEGRADED",
      writes: 1,
      recordActions: ["ssm:PutParameter /echo-ptc/p/s/echo-cache/config.state"],
      upstream: { valid: false, failure: "registry policy does not allow this account" },
      message: "ECR cannot use Echo's registry through this cache (…): pulls fail until …",
    };
    mockClient(lambda)
      .on(InvokeCommand)
      .resolves({ StatusCode: 200, Payload: payload(report) });
    const out: string[] = [];

    // Act
    const code = await main(["invoke", "fn", "--action", "reconcile"], {
      ...quiet,
      out: (t) => out.push(t),
      lambda: () => lambda,
    });

    // Assess
    expect(code).toBe(1);
    expect(out.join("")).toMatch(
      /^status DEGRADED {2}mode enforce {2}action reconcile {2}writes 1\n {2}ECR cannot use/,
    );
    expect(out.join("")).toContain("record  ssm:PutParameter /echo-ptc/p/s/echo-cache/config.state");
    expect(out.join("")).toContain("upstream  INVALID: registry policy does not allow this account");
  });

  it("reports a function error and exits 1", async () => {
    const lambda = new LambdaClient({ region: "eu-west-1" });
    mockClient(lambda)
      .on(InvokeCommand)
      .resolves({
        StatusCode: 200,
        FunctionError: "Unhandled",
        Payload: new TextEncoder().encode('{"errorType":"UnknownEvent"}') as never,
      });
    const err: string[] = [];

    const code = await main(["invoke", "fn"], {
      out: () => {},
      err: (t) => err.push(t),
      lambda: () => lambda,
    });

    expect(code).toBe(1);
    expect(err.join("")).toContain("fn failed (Unhandled)");
  });
});

/** The demo's steps: deploy, in sync, upstream refused, detect, remediate, prefix change, invalid edit, destroy ×2. */
const DEMO_STATUSES = [
  "REMEDIATED",
  "IN_SYNC",
  "DEGRADED",
  "DRIFTED",
  "REMEDIATED",
  "REMEDIATED",
  "INVALID_CONFIG",
  "DELETED",
  "DELETED",
];

const COMMANDS = ["validate", "schema", "plan", "apply", "invoke", "demo"];

describe("echo-ptc help and demo", () => {
  it.each(COMMANDS)("%s --help prints its usage, examples of it, and its exit codes", (command) => {
    const r = run([command, "--help"]);
    const examples = r.out.slice(r.out.indexOf("\nExamples:\n"), r.out.indexOf("\nExit codes:\n"));

    expect(r.code).toBe(0);
    expect(r.out).toContain(`Usage: echo-ptc ${command}`);
    expect(examples.match(new RegExp(`^ {2}.*echo-ptc ${command}\\b`, "gm"))?.length).toBeGreaterThan(0);
    expect(r.out.slice(r.out.indexOf("\nExit codes:\n"))).toMatch(/^ {2}0 {2}\S/m);
    expect(r.out).toMatch(/^ {2}2 {2}a wrong command line/m);
  });

  it.each(COMMANDS)("help %s prints the same as %s --help", (command) => {
    expect(run(["help", command]).out).toBe(run([command, "--help"]).out);
  });

  it("--version prints the package's version", () => {
    const r = run(["--version"]);

    expect(r.code).toBe(0);
    expect(r.out).toBe(`${JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version}\n`);
  });

  it.each([
    { reason: "schema takes no argument", args: ["schema", "extra"] },
    { reason: "demo takes no argument", args: ["demo", "extra"] },
    { reason: "--version takes no argument", args: ["--version", "extra"] },
    { reason: "validate takes one file", args: ["validate", "a.json", "b.json"] },
    { reason: "invoke takes one function", args: ["invoke", "fn", "extra"] },
    {
      reason: "plan takes no positional argument",
      args: ["plan", "--simulate", "--config", "c.json", "extra"],
    },
    { reason: "an unknown option is refused", args: ["plan", "--simulate", "--confg", "c.json"] },
    { reason: "help takes one command", args: ["help", "plan", "apply"] },
    { reason: "help knows only the CLI's commands", args: ["help", "frobnicate"] },
  ])("refuses unexpected arguments with exit 2: $reason", ({ args }) => {
    const r = run(args);

    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^echo-ptc: (Unexpected argument|Unknown option|validate needs one file|invoke needs one function name|help takes one command)/,
    );
    expect(r.out).toBe("");
  });

  it("stops quietly when the reader of its output goes away (| head): no EPIPE crash", () => {
    // Prepare: `true` exits at once, so every write meets a closed pipe.
    const err = join(dir, "epipe.err");

    // Act
    const r = spawnSync(
      "bash",
      ["-c", `"$0" "$1" schema 2>"$2" | true; exit "\${PIPESTATUS[0]}"`, process.execPath, cli, err],
      {
        encoding: "utf8",
      },
    );

    // Assess
    expect(r.status).toBe(0);
    expect(readFileSync(err, "utf8")).toBe("");
  });

  it("prints no Node-version warning of the SDK on stderr when it calls AWS", () => {
    const r = run(["invoke", "echo-cache-reconciler", "--region", "eu-west-1"]);

    expect(r.err).toContain("no usable AWS credentials");
    expect(r.err).not.toMatch(/NodeVersionSupportWarning|Warning:/);
  });

  it("an unknown command exits 2 with the usage", () => {
    const r = run(["frobnicate"]);

    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown command frobnicate");
  });

  it("the demo tells the whole story and ends with nothing left", () => {
    const r = run(["demo"]);

    expect(r.code).toBe(0);
    const statuses = [...r.out.matchAll(/^status (\w+)/gm)].map((m) => m[1]);
    expect(statuses).toEqual(DEMO_STATUSES);
    expect(r.out).toMatch(/^upstream {2}INVALID: .+/m);
    expect(r.out).toContain("ecr:CreateRepositoryCreationTemplate echo-images");
    expect(r.out).toContain("ecr:DeleteRepositoryCreationTemplate echo-images");
    expect(r.out).toContain("status IN_SYNC  mode enforce  action reconcile  writes 0");
    expect(r.out).toContain("AWS state after the invalid edit is unchanged: true");
    expect(r.out).toContain(
      "iam:DetachRolePolicy echo-pullthrough-cache-role arn:aws:iam::aws:policy/AdministratorAccess",
    );
  });

  it("the demo's --json prints one parseable report per step", () => {
    const r = run(["demo", "--json"]);

    const lines = r.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(r.code).toBe(0);
    expect(lines.filter((l) => l.report).map((l) => l.report.status)).toEqual(DEMO_STATUSES);
  });
});

import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { main } from "../../cli";
import { configJsonSchema } from "../../common/config/jsonSchema";

const root = join(__dirname, "..", "..");
const cli = join(root, "dist", "cli", "echo-ptc.js");
const dir = mkdtempSync(join(tmpdir(), "echo-ptc-"));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Runs the built CLI in a child process with no AWS credentials anywhere. */
function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      AWS_CONFIG_FILE: join(dir, "none"),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, "none"),
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      ...env,
    },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const GOOD = file("good.json", JSON.stringify({ version: 1, sourceRegistryAccountId: "123456789012" }));
const BAD = file(
  "bad.json",
  JSON.stringify({ version: 1, sourceRegistryAccountId: "1234", repositoryPrefix: "Echo", colour: "blue" }),
);
const NOT_JSON = file("not.json", "version: 1\n");

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

  it("says a file that is not JSON is not JSON", () => {
    const r = run(["validate", NOT_JSON]);

    expect(r.code).toBe(1);
    expect(r.err).toContain(`${NOT_JSON} is not JSON`);
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

describe("echo-ptc help and demo", () => {
  it.each(["validate", "schema", "plan", "apply", "invoke", "demo"])(
    "%s --help prints its usage",
    (command) => {
      const r = run([command, "--help"]);

      expect(r.code).toBe(0);
      expect(r.out).toContain(`echo-ptc ${command}`);
    },
  );

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

import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

const root = join(__dirname, "..", "..", "..");
const bundle = join(root, "dist", "lambda", "index.js");

/** A local port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("the built Lambda bundle", () => {
  beforeAll(() => {
    // Always test what `npm run build` ships, freshly bundled.
    execFileSync(process.execPath, [join(root, "esbuild.config.mjs")], { cwd: root });
  });

  it("loads in a fresh Node process and answers a plan with a FAILED report naming the failing call", async () => {
    const port = await closedPort();
    const script = `
      const { handler } = require(${JSON.stringify(bundle)});
      const context = {
        invokedFunctionArn: "arn:aws:lambda:eu-west-1:111122223333:function:echo-cache-reconciler",
        functionName: "echo-cache-reconciler",
        getRemainingTimeInMillis: () => 60000,
      };
      handler({ action: "plan" }, context).then(
        (r) => process.stdout.write("REPORT " + JSON.stringify(r) + "\\n"),
        (e) => { process.stdout.write("THROWN " + e.name + "\\n"); process.exitCode = 3; },
      );`;
    const started = Date.now();

    const run = spawnSync(process.execPath, ["-e", script], {
      env: {
        PATH: process.env.PATH,
        CONFIG_PARAMETER_NAME: "/echo-ptc/echo-cache/config",
        AWS_REGION: "eu-west-1",
        AWS_ACCESS_KEY_ID: "AKIAEXAMPLE",
        AWS_SECRET_ACCESS_KEY: "example",
        AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
        AWS_MAX_ATTEMPTS: "2",
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      },
      encoding: "utf8",
      timeout: 30_000,
    });
    const elapsed = Date.now() - started;

    expect(run.status).toBe(0);
    const line = run.stdout.split("\n").find((l) => l.startsWith("REPORT "));
    const report = JSON.parse((line ?? "REPORT {}").slice("REPORT ".length));
    expect(report.status).toBe("FAILED");
    expect(report.action).toBe("plan");
    expect(report.writes).toBe(0);
    expect(report.errors[0]).toEqual(
      expect.objectContaining({ operation: "ssm:GetParameters", retryable: true }),
    );
    expect(elapsed).toBeLessThan(15_000);
    // One structured log line carries the same report.
    const logged = (run.stderr + run.stdout).split("\n").filter((l) => l.includes('"reconcile FAILED"'));
    expect(logged).toHaveLength(1);
  });

  it("is CommonJS, exports the handler, and ships no AGPL test dependency", () => {
    const text = readFileSync(bundle, "utf8");
    const exported = require(bundle) as Record<string, unknown>;

    expect(Object.keys(exported)).toContain("handler");
    expect(typeof exported.handler).toBe("function");
    expect(text).not.toContain("@cloud-copilot");
    expect(readFileSync(`${bundle}.map`, "utf8").length).toBeGreaterThan(0);
  });
});

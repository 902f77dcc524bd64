import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { PACKAGE_NAME } from "../../component/constants";
import { lambdaBundlePath, packageRoot } from "../../component/lambdaBundle";

describe("lambdaBundlePath", () => {
  it("finds dist/lambda/index.js at this package's root from the TypeScript sources", () => {
    const root = path.resolve(__dirname, "..", "..");

    expect(packageRoot(path.join(root, "infra"))).toBe(root);
    expect(lambdaBundlePath(path.join(root, "infra"))).toBe(path.join(root, "dist", "lambda", "index.js"));
  });

  it("finds the package root from the published layout, skipping unrelated package.json files", () => {
    const installed = mkdtempSync(path.join(tmpdir(), "ptc-"));
    writeFileSync(path.join(installed, "package.json"), JSON.stringify({ name: PACKAGE_NAME }));
    mkdirSync(path.join(installed, "dist", "lib", "infra"), { recursive: true });
    writeFileSync(path.join(installed, "dist", "package.json"), JSON.stringify({ name: "something-else" }));

    expect(lambdaBundlePath(path.join(installed, "dist", "lib", "infra"))).toBe(
      path.join(installed, "dist", "lambda", "index.js"),
    );
  });

  it("fails clearly when the package root cannot be found", () => {
    expect(() => packageRoot(tmpdir())).toThrow(PACKAGE_NAME);
  });
});

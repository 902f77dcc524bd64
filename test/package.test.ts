import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..");

/** What `npm pack` would publish (after `npm run build`, which `npm test` runs first). */
function packedFiles(): string[] {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  return (JSON.parse(out) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path) ?? [];
}

describe("the published package", () => {
  beforeAll(() => {
    if (!existsSync(join(root, "dist", "lib", "component", "index.js"))) {
      throw new Error("dist/lib is missing: run `npm run build` first (npm test does)");
    }
  });

  it("ships the compiled component with types, the Lambda bundle, the CLI and the config schema", () => {
    const files = packedFiles();

    expect(files).toEqual(
      expect.arrayContaining([
        "dist/lib/component/index.js",
        "dist/lib/component/index.d.ts",
        "dist/lib/common/config/schema.js",
        "dist/lib/common/calls.js",
        "dist/lambda/index.js",
        "dist/cli/echo-ptc.js",
        "config.schema.json",
        "LICENSE",
        "README.md",
      ]),
    );
    expect(
      files.filter(
        (f) => /^(test|bench|examples|sim|reconciler|component|common|cli)\//.test(f) || f.endsWith(".map"),
      ),
    ).toEqual([]);
  });

  it("points main, types, exports and bin at files that are shipped", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    const files = packedFiles();

    for (const path of [
      pkg.main,
      pkg.types,
      pkg.exports["."].default,
      pkg.exports["."].types,
      pkg.bin["echo-ptc"],
    ]) {
      expect(files).toContain(path.replace(/^\.\//, ""));
    }
  });

  it("loads the component from the compiled output, every relative import shipped", () => {
    const files = new Set(packedFiles());
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      expect(files).toContain(file);
      const text = readFileSync(join(root, file), "utf8");
      for (const m of text.matchAll(/require\("(\.[^"]+)"\)/g)) {
        visit(join(file, "..", `${m[1]}.js`).replace(/\\/g, "/"));
      }
    };

    visit("dist/lib/component/index.js");

    expect(seen.size).toBeGreaterThan(5);
  });

  it("bundles no AGPL test dependency into anything it ships", () => {
    for (const file of ["dist/lambda/index.js", "dist/cli/echo-ptc.js"]) {
      expect(readFileSync(join(root, file), "utf8")).not.toContain("@cloud-copilot");
    }
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(Object.keys(pkg.dependencies ?? {})).not.toContain("@cloud-copilot/iam-simulate");
  });
});

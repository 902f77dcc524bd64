import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as main from "../../component";

describe("the package main", () => {
  it("exports only the component, its function form, the fleet and the error class at runtime (the rest are types)", () => {
    expect(Object.keys(main).sort()).toEqual([
      "EcrPullThroughCache",
      "EcrPullThroughCacheArgsError",
      "EcrPullThroughCacheFleet",
      "createEcrPullThroughCache",
    ]);
  });
});

describe("component import closure", () => {
  // The published package ships dist/lib/component and dist/lib/common; the component must not pull
  // in the handler, the SDK clients, or test-only (AGPL) tooling. Relative imports are resolved to
  // paths from the package root, so a module in component/build/ is held to the same list.
  const root = path.resolve(__dirname, "..", "..");
  const allowed = [
    /^component\/[A-Za-z/]+$/,
    /^common\/config\/(schema|types)$/,
    /^common\/(calls|constants|names|json|policyDocument|regions|types|upstreamGrant)$/,
    /^@pulumi\/(pulumi|aws)$/,
    /^node:(crypto|fs|path)$/,
  ];
  const fromRoot = (file: string, specifier: string): string =>
    specifier.startsWith(".")
      ? path
          .relative(root, path.resolve(path.dirname(file), specifier))
          .split(path.sep)
          .join("/")
      : specifier;

  it("imports only the component, the shared modules, Pulumi and Node built-ins", () => {
    const dir = path.join(root, "component");
    const specifiers = readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts"))
      .map((f) => path.join(dir, f))
      .flatMap((file) =>
        [...readFileSync(file, "utf8").matchAll(/^(?:import|export)\b[^;]*?from "([^"]+)"/gms)].map((m) =>
          fromRoot(file, m[1] ?? ""),
        ),
      );

    expect(specifiers.length).toBeGreaterThan(0);
    expect(specifiers).toContain("component/build/context");
    expect(specifiers.filter((s) => !allowed.some((a) => a.test(s)))).toEqual([]);
  });
});

/**
 * The tree's rules, checked on the sources: what may import what (what ships where), how long a file or a
 * function may grow. These read the code with TypeScript's own parser; they run no product code.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import * as ts from "typescript";

const root = join(__dirname, "..");
const SOURCE_DIRS = ["common", "component", "reconciler", "sim", "cli", "bench", "scripts"];

function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return filesUnder(path);
    return path.endsWith(".ts") ? [path.split(sep).join("/")] : [];
  });
}

const sources = SOURCE_DIRS.flatMap(filesUnder);
const parsed = new Map(
  sources.map((f) => [
    f,
    ts.createSourceFile(f, readFileSync(join(root, f), "utf8"), ts.ScriptTarget.ES2022, true),
  ]),
);

/** Every relative import of a file, as a path from the repository root (no extension). */
function importsOf(file: string): string[] {
  const source = parsed.get(file) as ts.SourceFile;
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      const spec = (node.moduleSpecifier as ts.StringLiteral).text;
      if (spec.startsWith("."))
        out.push(
          relative(root, join(root, file, "..", spec))
            .split(sep)
            .join("/"),
        );
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

const top = (path: string) => path.split("/")[0];

describe("what ships where", () => {
  it.each([
    {
      reason: "common/ is shared by the Lambda and the component, so it imports neither",
      dir: "common",
      allowed: ["common"],
    },
    {
      reason: "the component ships without the reconciler's engine or the simulated account",
      dir: "component",
      allowed: ["common", "component"],
    },
    {
      reason: "the Lambda bundle never contains the component or the simulated account",
      dir: "reconciler",
      allowed: ["common", "reconciler"],
    },
  ])("$reason", ({ dir, allowed }) => {
    // Act
    const outside = sources
      .filter((f) => top(f) === dir)
      .flatMap((f) => importsOf(f).map((i) => `${f} -> ${i}`))
      .filter((edge) => !allowed.includes(top(edge.split(" -> ")[1] as string) as string));

    // Assess
    expect(outside).toEqual([]);
  });

  it("the simulated account is a double of AWS: it uses only the reconciler's client factory", () => {
    // Act
    const edges = sources
      .filter((f) => top(f) === "sim")
      .flatMap((f) => importsOf(f))
      .filter((i) => top(i) !== "sim");

    // Assess
    expect([...new Set(edges)]).toEqual(edges.length === 0 ? [] : ["reconciler/engine/clients"]);
  });

  it("everything outside sim/ reaches the simulated account through its index only", () => {
    // Prepare
    const everything = [...sources.filter((f) => top(f) !== "sim"), ...filesUnder("test")];
    for (const f of everything.filter((x) => !parsed.has(x))) {
      parsed.set(
        f,
        ts.createSourceFile(f, readFileSync(join(root, f), "utf8"), ts.ScriptTarget.ES2022, true),
      );
    }

    // Act
    const deep = everything.flatMap((f) =>
      importsOf(f)
        .filter((i) => i.startsWith("sim/"))
        .map((i) => `${f} -> ${i}`),
    );

    // Assess
    expect(deep).toEqual([]);
  });
});

/** The packages a file imports at run time (not `import type`). */
function runtimePackagesOf(file: string): string[] {
  const source = parsed.get(file) as ts.SourceFile;
  return source.statements.flatMap((node) => {
    if (!ts.isImportDeclaration(node) || node.importClause?.isTypeOnly) return [];
    const spec = (node.moduleSpecifier as ts.StringLiteral).text;
    return spec.startsWith(".") ? [] : [spec];
  });
}

/** Every source file the file reaches through relative imports, itself included. */
function reachable(file: string): string[] {
  const seen = new Set<string>();
  const visit = (f: string) => {
    const path = parsed.has(`${f}.ts`) ? `${f}.ts` : parsed.has(`${f}/index.ts`) ? `${f}/index.ts` : f;
    if (seen.has(path) || !parsed.has(path)) return;
    seen.add(path);
    for (const i of importsOf(path)) visit(i);
  };
  visit(file);
  return [...seen];
}

describe("what the CLI bundles", () => {
  it("the CLI (dist/cli/echo-ptc.js) reaches no Pulumi SDK at run time, so its bundle stays small", () => {
    // Act
    const pulumi = reachable("cli/index.ts").flatMap((f) =>
      runtimePackagesOf(f)
        .filter((p) => p.startsWith("@pulumi/"))
        .map((p) => `${f} -> ${p}`),
    );

    // Assess
    expect(reachable("cli/index.ts")).toContain("cli/fleet.ts");
    expect(pulumi).toEqual([]);
  });
});

describe("sizes", () => {
  it("no source file outside the tests is over 300 lines", () => {
    // Act
    const long = sources
      .map((f) => [f, readFileSync(join(root, f), "utf8").split("\n").length] as const)
      .filter(([, lines]) => lines > 300);

    // Assess
    expect(long).toEqual([]);
  });

  it("no function in the Lambda's code (reconciler/, common/) is over 60 lines", () => {
    // Prepare
    const long: string[] = [];
    for (const f of sources.filter((x) => top(x) === "reconciler" || top(x) === "common")) {
      const source = parsed.get(f) as ts.SourceFile;
      const visit = (node: ts.Node) => {
        if (ts.isFunctionLike(node) && "body" in node && node.body) {
          const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
          const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
          if (end - start + 1 > 60) long.push(`${f}:${start + 1} (${end - start + 1} lines)`);
        }
        ts.forEachChild(node, visit);
      };

      // Act
      visit(source);
    }

    // Assess
    expect(long).toEqual([]);
  });
});

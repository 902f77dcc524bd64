import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";

/**
 * The package as a user meets it: packed, installed into a fresh project made like `pulumi new aws-typescript`
 * (its tsconfig, verbatim) beside the newest @pulumi/pulumi, @pulumi/aws 7.x and TypeScript 5.x from the npm
 * registry, and type-checked as `pulumi up` does. Needs the registry; everything lives in a temporary folder.
 */

const root = join(__dirname, "..", "..");
const PACKAGE = "@buildecho/pulumi-onboarding-providers-ecr-pullthrough-cache";

/** pulumi/templates `aws-typescript/tsconfig.json`: no skipLibCheck, no esModuleInterop. */
const TEMPLATE_TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
};

/** The README's quick start: the first TypeScript block of its "Quick start" section. */
function quickStart(): string {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Quick start"));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error("the README's Quick start has no ts block");
  return block;
}

/** The programs a user would copy: the quick start, the examples, and a first hour's program. */
function programs(): Record<string, string> {
  const examples = readdirSync(join(root, "examples"));
  return {
    "index.ts": quickStart(),
    ...Object.fromEntries(
      examples.map((e) => [`${e}/index.ts`, readFileSync(join(root, "examples", e, "index.ts"), "utf8")]),
    ),
    "firstHour.ts": readFileSync(join(__dirname, "firstHour.ts"), "utf8"),
  };
}

/** A declaration file's text without its comments (TSDoc examples show imports that are not imports). */
function declarations(file: string): string {
  return readFileSync(file, "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/^\s*\/\/(?!\/ <reference).*$/gm, "");
}

function declarationFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".d.ts"))
    .map((f) => join(dir, f));
}

describe("a stock `pulumi new aws-typescript` project", () => {
  let work: string;
  let project: string;
  beforeAll(() => {
    if (!existsSync(join(root, "dist", "lib", "component", "index.d.ts"))) {
      throw new Error("dist/lib is missing: run `npm run build` first (npm test does)");
    }
    work = mkdtempSync(join(tmpdir(), "echo-ptc-stock-"));
    project = join(work, "project");
    mkdirSync(project);
    // --ignore-scripts: prepack would rebuild what `npm test` has just built.
    const packed = JSON.parse(
      execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], {
        cwd: root,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }),
    ) as { filename: string }[];
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({
        name: "first-hour",
        main: "index.ts",
        devDependencies: { "@types/node": "^18", typescript: "^5.0.0" },
        dependencies: {
          "@pulumi/aws": "^7.0.0",
          "@pulumi/pulumi": "latest",
          [PACKAGE]: `file:../${packed[0]?.filename}`,
        },
      }),
    );
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify(TEMPLATE_TSCONFIG, null, 4));
    for (const [file, text] of Object.entries(programs())) {
      mkdirSync(dirname(join(project, file)), { recursive: true });
      writeFileSync(join(project, file), text);
    }
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: project,
      stdio: ["ignore", "ignore", "pipe"],
    });
  }, 150_000);
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("installs the newest @pulumi/pulumi, @pulumi/aws 7.x and TypeScript 5.x", () => {
    const version = (name: string) =>
      JSON.parse(readFileSync(join(project, "node_modules", name, "package.json"), "utf8")).version as string;

    expect(version("@pulumi/aws")).toMatch(/^7\./);
    expect(version("typescript")).toMatch(/^5\./);
    expect(version("@pulumi/pulumi")).toMatch(/^3\./);
  });

  it("type-checks the quick start, the examples and a first hour's program with the template's tsconfig", () => {
    // Prepare
    expect(Object.keys(programs()).sort()).toEqual(
      [
        "advanced/index.ts",
        "basic/index.ts",
        "firstHour.ts",
        "fleet/index.ts",
        "index.ts",
        "multi-team/index.ts",
      ].sort(),
    );

    // Act
    const tsc = spawnSync(
      process.execPath,
      [join(project, "node_modules", "typescript", "bin", "tsc"), "--noEmit"],
      {
        cwd: project,
        encoding: "utf8",
      },
    );

    // Assess
    expect({ status: tsc.status, output: tsc.stdout + tsc.stderr }).toEqual({ status: 0, output: "" });
  }, 60_000);

  it("ships declarations that name no types but its own, @pulumi/pulumi's and @pulumi/aws's", () => {
    // Prepare
    const installed = join(project, "node_modules", ...PACKAGE.split("/"));
    const files = declarationFiles(join(installed, "dist"));

    // Act: every module a declaration imports or references.
    const foreign = files.flatMap((f) =>
      [...declarations(f).matchAll(/(?:from |import\(|reference types=)"([^"]+)"/g)]
        .map((m) => m[1] as string)
        .filter((spec) => !spec.startsWith(".") && !/^@pulumi\/(pulumi|aws)(\/|$)/.test(spec))
        .map((spec) => `${relative(installed, f)}: ${spec}`),
    );
    const dangling = files.flatMap((f) =>
      [...declarations(f).matchAll(/(?:from |import\()"(\.[^"]+)"/g)]
        .map((m) => join(dirname(f), `${m[1]}.d.ts`))
        .filter((target) => !existsSync(target))
        .map((target) => `${relative(installed, f)} -> ${relative(installed, target)}`),
    );

    // Assess
    expect(files.length).toBeGreaterThan(10);
    expect(foreign).toEqual([]);
    expect(dangling).toEqual([]);
  });
});

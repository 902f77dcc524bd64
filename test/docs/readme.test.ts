import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as ts from "typescript";
import { reportExit } from "../../cli/commands";
import { USAGE } from "../../cli/usage";
import {
  configInputSchema,
  defaultRoleName,
  defaultTemplateRoleName,
  parseConfig,
} from "../../common/config/schema";
import { METRIC, UNHEALTHY_CAUSE } from "../../common/constants";
import { REPORT_STATUSES, type Report } from "../../common/types";
import { EcrPullThroughCache } from "../../component";
import { ARG_FIELDS, REPOSITORY_TEMPLATE_FIELDS } from "../../component/argFields";
import { driftQuery, UNHEALTHY_QUERY_COMMANDS } from "../../component/logQueries";
import type { EcrPullThroughCacheArgValues } from "../../component/types";
import { upstreamGrantStatement, usageInstructions } from "../../component/usageInstructions";
import { validateArgs } from "../../component/validateArgs";
import { classifyEvent } from "../../reconciler/handler/events";
import { takesTags } from "../component/providerTypings";
import { type Harness, installHarness, promiseOf } from "../component/pulumiHarness";

/** The README's commands and payloads are checked against the code, so the docs cannot drift. */

const root = join(__dirname, "..", "..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  scripts: Record<string, string>;
};
const blocks = [...readme.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({
  lang: m[1],
  body: m[2] ?? "",
}));

const usage = {
  partition: "aws",
  dnsSuffix: "amazonaws.com",
  accountId: "111122223333",
  region: "eu-west-1",
  cachePrefix: "echo",
  sourceRegistryAccountId: "123456789012",
  sourceRegistryRegion: "us-east-1",
  configParameterName: "/echo-ptc/p/s/echo-cache/config",
  configSource: "ssm" as const,
  functionName: "echo-ptc-echo-cache-1a2b3c4d",
  ownerId: "p/s/echo-cache",
  logGroupName: "/echo-ptc/p/s/echo-cache",
  metricsNamespace: "EchoPullThroughCache",
  cacheName: "echo-cache",
};

describe("README", () => {
  it("opens with the two commands that work on a fresh machine, and they are package scripts", () => {
    const first = blocks[0]?.body.split("\n").map((l) => l.replace(/#.*$/, "").trim());

    expect(first?.slice(0, 2)).toEqual(["npm install && npm run demo", "npm test"]);
    expect(pkg.scripts.demo).toBeDefined();
    expect(pkg.scripts.test).toBeDefined();
  });

  it("names only npm scripts that exist", () => {
    const named = [...readme.matchAll(/npm run (\w+)/g)].map((m) => m[1] as string);

    expect(named.length).toBeGreaterThan(0);
    for (const script of named) expect(Object.keys(pkg.scripts)).toContain(script);
  });

  it("has JSON blocks that parse, and its config example is valid", () => {
    const json = blocks.filter((b) => b.lang === "json").map((b) => JSON.parse(b.body));
    const configs = json.filter((j) => "sourceRegistryAccountId" in j);

    expect(configs).toHaveLength(1);
    expect(parseConfig(configs[0])).toEqual(expect.objectContaining({ ok: true }));
  });

  it("documents every config field, and no field the schema lacks", () => {
    const section = readme.slice(readme.indexOf("## The config document"), readme.indexOf("## Runbook"));
    const documented = [...section.matchAll(/^\| `([$\w]+)` \|/gm)].map((m) => m[1]).sort();

    expect(documented).toEqual(Object.keys(configInputSchema.shape).sort());
  });

  it("shows the grant Echo must have exactly as usageInstructions prints it", () => {
    const grant = blocks
      .filter((b) => b.lang === "json")
      .map((b) => JSON.parse(b.body))
      .find((j) => j.Principal);

    expect(grant).toEqual(upstreamGrantStatement(usage));
  });

  it("gives lambda invoke payloads the handler accepts: manual runs, and Lifecycle's recount (a custom resource's delete)", () => {
    const payloads = [...readme.matchAll(/--payload '([^']+)'/g)].map((m) => JSON.parse(m[1] as string));
    const kindOf = (p: unknown) => {
      const trigger = classifyEvent(p, usage.configParameterName);
      return trigger.kind === "custom-resource" ? `${trigger.kind} ${trigger.lifecycle}` : trigger.kind;
    };

    expect(payloads.length).toBeGreaterThanOrEqual(3);
    expect([...new Set(payloads.map(kindOf))].sort()).toEqual(["custom-resource delete", "manual"]);
  });

  it("describes events in the contract table that the handler classifies as documented", () => {
    const section = readme.slice(
      readme.indexOf("## The Lambda's contract"),
      readme.indexOf("## Limits and choices"),
    );
    const events = [...section.matchAll(/^\| [^|`]*`(\{.*?\})`/gm)].map((m) => JSON.parse(m[1] as string));

    expect(events.map((e) => classifyEvent(e, usage.configParameterName).kind)).toEqual([
      "manual",
      "manual",
      "manual",
      "schedule",
      "custom-resource",
    ]);
  });

  it("edits SSM with the same command usageInstructions prints", () => {
    const put = readme.match(/aws ssm put-parameter --name <configParameterName> (.*)/)?.[1];
    const printed = usageInstructions(usage);

    expect(put).toBeDefined();
    expect(printed).toContain(`--name ${usage.configParameterName} ${put}`);
  });

  /** The first column of the table under `header`, as code spans. */
  const firstColumn = (header: string) => {
    const start = readme.indexOf(header);
    const table = readme.slice(start).split("\n\n")[0] ?? "";
    return start < 0 ? [] : [...table.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]).sort();
  };

  it("lists exactly the metrics the Lambda emits, and exactly the causes it tells with them", () => {
    expect(firstColumn("| metric | meaning | alarm |")).toEqual(Object.values(METRIC).sort());
    expect(firstColumn("| cause | adds to `Unhealthy` | when |")).toEqual(
      Object.values(UNHEALTHY_CAUSE).sort(),
    );
  });

  it("gives the Logs Insights query the Unhealthy alarm's description quotes", () => {
    const query = blocks.find((b) => b.body.includes("ispresent(Unhealthy)"))?.body.trim();

    expect(query?.split("\n| ")).toEqual([...UNHEALTHY_QUERY_COMMANDS]);
  });

  it("shows the drift query the dashboard runs", () => {
    // Prepare
    const commands = driftQuery("/g").split("\n| ").slice(1).join("\n| ");

    // Act
    const shown = blocks
      .filter((b) => b.lang === "" && b.body.startsWith("fields ") && b.body.includes("unnest"))
      .map((b) => b.body.trim());

    // Assess
    expect(shown).toEqual([commands]);
  });
});

describe("README, the CLI", () => {
  // Commands as written in code: `echo-ptc …` spans and `npx echo-ptc …` lines.
  const uses = [...readme.matchAll(/(?:`|npx )echo-ptc ((?:--)?[\w-]+)((?: [^`\n|]*)?)/g)].map((m) => ({
    command: m[1] as string,
    flags: (m[2] ?? "").match(/--[\w-]+/g) ?? [],
  }));

  it("uses only commands the CLI's help lists, each with options its own help lists", () => {
    // Act
    const unknown = uses.flatMap(({ command, flags }) => {
      if (command.startsWith("--")) return USAGE.main?.includes(`echo-ptc ${command}`) ? [] : [command];
      if (command === "help") return USAGE.main?.includes("echo-ptc help <command>") ? [] : [command];
      const help = command === "main" ? undefined : USAGE[command];
      if (!help) return [command];
      return flags.filter((f) => !help.includes(f)).map((f) => `${command} ${f}`);
    });

    // Assess
    expect(uses.length).toBeGreaterThan(10);
    expect(uses.map((u) => u.command)).toEqual(
      expect.arrayContaining(["--version", "help", "invoke", "plan", "validate"]),
    );
    expect(unknown).toEqual([]);
  });

  it("gives the exit codes plan and invoke have: in their help, and for the statuses it names", () => {
    // Prepare
    const table = readme.slice(readme.indexOf("| exit | `plan`, `invoke` |"));
    const rows = [...table.matchAll(/^\| `(\d)` \| (.*?) \| (.*?) \|$/gm)].map((m) => ({
      code: Number(m[1]),
      plain: m[2] as string,
      detailed: m[3] as string,
    }));
    const statuses = (text: string) =>
      [...text.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1] as Report["status"]);
    const exitOf = (status: Report["status"], detailed: boolean) =>
      reportExit({ status, mode: "enforce", action: "plan", resources: [], errors: [], writes: 0 }, detailed);

    // Assess
    expect(rows.map((r) => r.code)).toEqual([0, 1, 2]);
    for (const command of ["plan", "invoke"]) {
      const codes = (USAGE[command] ?? "").slice((USAGE[command] ?? "").indexOf("Exit codes:"));
      for (const { code } of rows) expect(codes).toMatch(new RegExp(`^ {2}${code} {2}\\S`, "m"));
      expect(codes).toContain("With --detailed-exitcode, as Terraform: 0 no changes, 1 error, 2 changes");
    }
    for (const { code, plain, detailed } of rows) {
      for (const status of statuses(plain)) expect([status, exitOf(status, false)]).toEqual([status, code]);
      for (const status of statuses(detailed)) expect([status, exitOf(status, true)]).toEqual([status, code]);
    }
    expect(rows.flatMap((r) => statuses(`${r.plain} ${r.detailed}`))).toEqual(
      expect.arrayContaining(["FAILED", "INVALID_CONFIG", "DEGRADED", "DRIFTED"]),
    );
  });

  it("lists every top-level report status in the contract, as the type has them", () => {
    // Prepare
    const section = readme.slice(readme.indexOf("| status | when |"), readme.indexOf("`writes` counts"));

    // Act
    const listed = [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);

    // Assess
    expect(listed).toEqual([...REPORT_STATUSES]);
  });
});

describe("README, Development", () => {
  const development = readme.slice(readme.indexOf("## Development"));

  it("names only reconciler files that exist in its architecture note", () => {
    // Act
    const named = [...development.matchAll(/`((?:engine|handler|resources)\/[\w/<>.]+\.ts)`/g)].map(
      (m) => m[1] as string,
    );
    const concrete = named.flatMap((p) =>
      p.includes("<kind>") ? ["role", "rule", "template"].map((k) => p.replace("<kind>", k)) : [p],
    );

    // Assess
    expect(concrete.length).toBeGreaterThan(8);
    for (const p of concrete) expect(existsSync(join(root, "reconciler", p))).toBe(true);
  });

  it("draws every top-level source folder of the tree", () => {
    // Prepare
    const tree = blocks.find((b) => b.body.includes("reconciler/"))?.body ?? "";

    // Act
    const drawn = [...tree.matchAll(/^(\w+)\/\s/gm)].map((m) => m[1]);

    // Assess
    for (const dir of [
      "common",
      "reconciler",
      "component",
      "cli",
      "sim",
      "test",
      "bench",
      "docs",
      "examples",
    ]) {
      expect(drawn).toContain(dir);
    }
  });
});

/** The rows of the first Markdown table after `heading`, as cells (backticks kept, `\|` unescaped). */
function table(heading: string): string[][] {
  const section = readme.slice(readme.indexOf(`\n${heading}\n`) + 1);
  const body = section.slice(0, section.indexOf("\n## "));
  return body
    .split("\n")
    .filter((l) => l.startsWith("| "))
    .slice(2)
    .map((l) =>
      l
        .replace(/\\\|/g, "<pipe>")
        .replace(/^\|(.*)\|$/, "$1")
        .split("|")
        .map((c) => c.replace(/<pipe>/g, "|").trim()),
    );
}

const code = (cell: string | undefined) => (cell ?? "").replace(/^`|`$/g, "");

/** The declared type of each member of an interface or class in a source file, `pulumi.` dropped. */
function declaredTypes(file: string, name: string): Map<string, string> {
  const source = ts.createSourceFile(
    file,
    readFileSync(join(root, file), "utf8"),
    ts.ScriptTarget.ES2022,
    true,
  );
  const types = new Map<string, string>();
  const visit = (node: ts.Node) => {
    if ((ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node)) && node.name?.text === name) {
      for (const m of node.members) {
        const isPublicProperty =
          (ts.isPropertySignature(m) || ts.isPropertyDeclaration(m)) &&
          !(ts.getCombinedModifierFlags(m as ts.Declaration) & ts.ModifierFlags.Private);
        if (isPublicProperty && m.type && m.name && ts.isIdentifier(m.name)) {
          types.set(m.name.text, m.type.getText(source).replace(/pulumi\./g, ""));
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return types;
}

describe("README, Inputs", () => {
  const rows = table("## Inputs").map(([name, type, required, def]) => ({
    name: code(name),
    type: code(type),
    required,
    def: code(def),
  }));
  const declared = new Map([
    ...declaredTypes("component/types.ts", "EcrPullThroughCacheArgs"),
    // RepositoryTemplateArgs maps each field of the document's repositoryTemplate to an Input of it.
    ...[...declaredTypes("common/config/types.ts", "RepositoryTemplateInput")].map(
      ([k, v]) => [`repositoryTemplate.${k}`, `Input<${v}>`] as const,
    ),
  ]);

  it("lists every argument, the fields of repositoryTemplate too, and nothing else", () => {
    expect(rows.map((r) => r.name).sort()).toEqual(
      [...ARG_FIELDS, ...REPOSITORY_TEMPLATE_FIELDS.map((f) => `repositoryTemplate.${f}`)].sort(),
    );
    expect([...declared.keys()].sort()).toEqual(rows.map((r) => r.name).sort());
  });

  it("gives each argument the type the code declares", () => {
    expect(Object.fromEntries(rows.map((r) => [r.name, r.type]))).toEqual(Object.fromEntries(declared));
  });

  it("marks as required exactly what validateArgs requires", () => {
    const result = validateArgs({} as EcrPullThroughCacheArgValues);
    const required = (result.ok ? [] : result.errors)
      .filter((e) => e.includes(": is required"))
      .map((e) => e.slice(0, e.indexOf(":")));

    expect(rows.filter((r) => r.required === "yes").map((r) => r.name)).toEqual(required);
    expect(rows.filter((r) => r.required !== "yes").every((r) => r.required === "no")).toBe(true);
  });

  it("gives each default as the code applies it", () => {
    // Prepare: every default the code applies, the nested ones from an empty repositoryTemplate.
    const echo = { sourceRegistryAccountId: "123456789012" };
    const plain = validateArgs(echo);
    const nested = parseConfig({ ...echo, repositoryTemplate: {} });
    if (!plain.ok || !nested.ok) throw new Error("the defaults must validate");
    const { config, document: _document, ...settings } = plain.resolved;
    const applied: Record<string, unknown> = {
      ...config,
      ...settings,
      roleName: defaultRoleName("<repositoryPrefix>"),
      sourceRegistryAccountId: undefined,
      version: undefined,
      ...Object.fromEntries(
        Object.entries(nested.config.repositoryTemplate ?? {}).map(([k, v]) => [
          `repositoryTemplate.${k}`,
          v,
        ]),
      ),
      "repositoryTemplate.roleName": defaultTemplateRoleName("<repositoryPrefix>"),
    };
    const shown = (v: unknown) => (v === undefined ? "none" : typeof v === "string" ? v : JSON.stringify(v));

    // Assess: an argument without a default says none, or nothing when it is required.
    const expected = rows.map((r) => ({
      name: r.name,
      def: r.required === "yes" ? "" : shown(applied[r.name]),
    }));
    expect(rows.map(({ name, def }) => ({ name, def }))).toEqual(expected);
  });
});

describe("README, Outputs", () => {
  it("lists every output of the component with its type, and nothing else", () => {
    const rows = table("## Outputs").map(([name, type]) => [code(name), code(type)]);

    expect(Object.fromEntries(rows)).toEqual(
      Object.fromEntries(declaredTypes("component/EcrPullThroughCache.ts", "EcrPullThroughCache")),
    );
    // The class's outputs are the ones it registers.
    expect(rows.map(([name]) => name).sort()).toEqual(
      [...declaredTypes("component/types.ts", "EcrPullThroughCacheOutputs").keys()].sort(),
    );
  });
});

describe("README, Resources", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await installHarness();
  });

  it("lists every resource the component registers, and says which carry the tags", async () => {
    // Prepare: the default schedule, which has the heartbeat alarm.
    const cache = new EcrPullThroughCache("echo-cache", { sourceRegistryAccountId: "123456789012" });
    const urn = await promiseOf(cache.urn);
    await promiseOf(cache.usageInstructions);
    await harness.settle();

    // Act
    const registered = harness.resources
      .filter((r) => r.parent === urn)
      .map((r) => ({
        type: r.type,
        name: r.name.replace(/^echo-cache-/, "<name>-"),
        tags: takesTags(r.type),
      }));
    const listed = table("## Resources").map(([type, name, , tags]) => ({
      type: code(type),
      name: code(name),
      tags: tags === "yes",
    }));

    // Assess
    const key = (r: { type: string; name: string }) => `${r.type} ${r.name}`;
    expect([...listed].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      [...registered].sort((a, b) => key(a).localeCompare(key(b))),
    );
  });
});

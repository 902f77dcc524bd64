import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** Every citation of an AWS fact in the code resolves in a clone: to a section of docs/aws-facts.md. */

const root = join(__dirname, "..", "..");
const facts = readFileSync(join(root, "docs", "aws-facts.md"), "utf8");
const headings = new Set([...facts.matchAll(/^## (.+)$/gm)].map((m) => (m[1] as string).trim()));

function files(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return files(path);
    return /\.(ts|mjs)$/.test(name) ? [path] : [];
  });
}

const code = ["common", "component", "reconciler", "sim", "cli", "bench", "scripts", "test"].flatMap(files);
const text = (f: string) => readFileSync(join(root, f), "utf8").replace(/\s*\n\s*(\*|\/\/)?\s*/g, " ");

describe("docs/aws-facts.md", () => {
  it("has a section for every citation in the code", () => {
    // Act
    const cited = code.flatMap((f) =>
      [...text(f).matchAll(/docs\/aws-facts\.md[,:]? \(?"([^"]+)"/g)].map((m) => ({
        f,
        section: m[1] as string,
      })),
    );

    // Assess
    expect(cited.length).toBeGreaterThan(5);
    expect(cited.filter((c) => !headings.has(c.section))).toEqual([]);
  });

  it("is what the code cites: no citation points outside the repository", () => {
    // Act
    const outside = code.filter((f) => /DOMAIN\.md/.test(readFileSync(join(root, f), "utf8")));

    // Assess
    expect(outside).toEqual([]);
  });

  it("gives every fact a source", () => {
    // Act
    const sections = facts.split(/^## /m).slice(1);

    // Assess
    for (const s of sections) expect(s).toMatch(/Source/);
  });
});

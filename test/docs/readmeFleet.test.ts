import { readFileSync } from "node:fs";
import { join } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { installHarness, promiseOf } from "../component/pulumiHarness";

/** The README's "Fleet" section is the fleet example as it is, and shows what that program sends Echo. */

const root = join(__dirname, "..", "..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const section = readme.slice(readme.indexOf("## Fleet"), readme.indexOf("## Performance and cost"));
const block = (lang: string) => new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(section)?.[1];

// The example imports the package by name, as a user's program does: here that is the package main's source.
jest.mock("@buildecho/pulumi-onboarding-providers-ecr-pullthrough-cache", () => require("../../component"), {
  virtual: true,
});

describe("the README's Fleet section", () => {
  it("shows the fleet example program as it is", () => {
    // Act
    const example = readFileSync(join(root, "examples", "fleet", "index.ts"), "utf8");

    // Assess
    expect(block("ts")).toBe(example);
  });

  it("shows exactly the grant that program outputs for Echo", async () => {
    // Prepare
    const harness = await installHarness();

    // Act: the example program, run under the Pulumi mocks.
    const program = require("../../examples/fleet/index") as { echoGrant: pulumi.Output<string> };
    const grant = await promiseOf(program.echoGrant);
    await harness.settle();

    // Assess
    expect(JSON.parse(block("json") ?? "null")).toEqual(JSON.parse(grant));
  });
});

// Bundles the Lambda handler (SDK included, so its versions are pinned), the CLI and the benchmark.

import { existsSync, readFileSync } from "node:fs";
import { build } from "esbuild";

// The CLI prints the version it was built as; inlining package.json would bundle its dependency lists too.
const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));

const common = {
  bundle: true,
  mainFields: ["module", "main"],
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: true,
  logLevel: "warning",
};

const entries = [
  { entryPoints: ["reconciler/handler/index.ts"], outfile: "dist/lambda/index.js", minify: true },
  {
    entryPoints: ["cli/index.ts"],
    outfile: "dist/cli/echo-ptc.js",
    banner: { js: "#!/usr/bin/env node" },
    define: { ECHO_PTC_VERSION: JSON.stringify(version) },
  },
  // The bench builds the component under Pulumi's mocks: the Pulumi SDKs load from node_modules, unbundled.
  {
    entryPoints: ["bench/bench.ts"],
    outfile: "dist/bench/bench.js",
    external: ["@pulumi/pulumi", "@pulumi/aws"],
  },
].filter((e) => existsSync(e.entryPoints[0]));

await Promise.all(entries.map((e) => build({ ...common, ...e })));

// Bundles the Lambda handler (SDK included, so its versions are pinned), the CLI and the benchmark.

import { existsSync } from "node:fs";
import { build } from "esbuild";

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
  { entryPoints: ["cli/index.ts"], outfile: "dist/cli/echo-ptc.js", banner: { js: "#!/usr/bin/env node" } },
  // The bench builds the component under Pulumi's mocks: the Pulumi SDKs load from node_modules, unbundled.
  {
    entryPoints: ["bench/bench.ts"],
    outfile: "dist/bench/bench.js",
    external: ["@pulumi/pulumi", "@pulumi/aws"],
  },
].filter((e) => existsSync(e.entryPoints[0]));

await Promise.all(entries.map((e) => build({ ...common, ...e })));

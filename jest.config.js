/** Type checking is `npm run typecheck` (tsc); jest only transpiles, with swc, to stay fast. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  testTimeout: 60000,
  setupFiles: ["<rootDir>/test/setup-env.ts"],
};

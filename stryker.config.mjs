// Mutation testing of the rule modules: `npx stryker run` (npm run mutation).
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts" },
  plugins: ["@stryker-mutator/vitest-runner"],
  mutate: [
    "src/requirements/**/*.ts",
    "src/eligibility/**/*.ts",
    "src/purchase/**/*.ts",
    "src/providers/**/*.ts",
  ],
  coverageAnalysis: "perTest",
  // Static mutants (module-level code: zod schemas, lookup tables) need every test re-run on a fresh
  // module graph and would take about three quarters of the run time; they are reported as ignored.
  ignoreStatic: true,
  concurrency: 2,
  reporters: ["clear-text", "html", "json", "progress"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 90, low: 80, break: 80 },
  tempDirName: ".stryker-tmp",
  // Only what the mutated code and its tests need goes into the sandbox.
  ignorePatterns: ["coverage", "dist", "docs", "reports", "bench", "examples", "schemas", ".examples", "test/model", "test/service", "test/postgres", "test/scenarios", "test/cli", "test/docs"],
  cleanTempDir: true,
  timeoutMS: 10000,
};

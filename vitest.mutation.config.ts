import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

/**
 * Vitest settings for mutation testing (`stryker.config.mjs`): the tests of the mutated folders
 * (plus the journey tests, which drive requirements and eligibility through the reducer), no
 * coverage, none of the slow service, model or adapter suites, and fast-check properties capped at
 * 100 runs.
 */
export default defineConfig({
  resolve: {
    ...base.resolve,
    alias: {
      ...(base.resolve?.alias as Record<string, string> | undefined),
      // Properties are capped at 100 runs while mutating (MUTATION_NUM_RUNS to change it).
      "fast-check": fileURLToPath(new URL("./test/mutation/capped-fast-check.ts", import.meta.url)),
    },
  },
  test: {
    include: [
      "test/requirements/**/*.test.ts",
      "test/eligibility/**/*.test.ts",
      "test/purchase/**/*.test.ts",
      "test/providers/**/*.test.ts",
      "test/journey/**/*.test.ts",
    ],
    coverage: { enabled: false },
    // Mutants are switched at run time, so the test files can share one module graph between runs.
    isolate: false,
  },
});

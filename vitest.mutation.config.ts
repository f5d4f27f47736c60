import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

/**
 * Vitest settings for mutation testing (`stryker.config.mjs`): the tests of the mutated folders
 * (plus the journey tests, which drive requirements and eligibility through the reducer), no
 * coverage, none of the slow service, model or adapter suites.
 */
export default defineConfig({
  ...(base.resolve === undefined ? {} : { resolve: base.resolve }),
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

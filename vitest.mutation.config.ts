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
    // Each mutant run starts a fresh worker. Without isolation the test files of one run share its
    // module graph instead of importing the library once per file, and pre-bundled dependencies load
    // as one file each: together about a third less start-up per mutant.
    isolate: false,
    deps: { optimizer: { ssr: { enabled: true, include: ["zod", "date-fns", "@date-fns/utc", "fast-check"] } } },
  },
});

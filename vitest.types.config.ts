import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

/**
 * Type tests (`npm run test:types`): `test/types/*.test-d.ts` are checked by the TypeScript compiler
 * (`expectTypeOf` and `@ts-expect-error`), not executed.
 */
export default defineConfig({
  ...(base.resolve === undefined ? {} : { resolve: base.resolve }),
  test: {
    include: [],
    coverage: { enabled: false },
    typecheck: {
      enabled: true,
      only: true,
      include: ["test/types/**/*.test-d.ts"],
      tsconfig: "./tsconfig.json",
    },
  },
});

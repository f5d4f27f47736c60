import { configDefaults, defineConfig } from "vitest/config";
import base from "./vitest.config.js";

// The PostgreSQL server suite: run through `scripts/test-postgres.sh`, which starts a throwaway
// server and sets ACADEMIC_CREDIT_PG_URL. Same aliases as the main config; no coverage gate.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["test/postgres/server.test.ts", "test/http/load.postgres.test.ts"],
    // The main config leaves these files out (they need a server); this config is the one that runs them.
    exclude: configDefaults.exclude,
    coverage: { enabled: false },
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

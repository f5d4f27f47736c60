import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

process.env.TZ ??= "UTC";

export default defineConfig({
  resolve: {
    alias: {
      // The package resolves `#hmac` through package.json `imports` against the built files;
      // tests run from source, so point it at the Node implementation directly.
      "#hmac": fileURLToPath(new URL("./src/providers/hmac-node.ts", import.meta.url)),
      // Tests import the package's public entry points by name, as a host does, served from source.
      "academic-credit/adapters/memory": fileURLToPath(new URL("./src/adapters/memory/index.ts", import.meta.url)),
      "academic-credit/testing": fileURLToPath(new URL("./src/testing/index.ts", import.meta.url)),
      "academic-credit/scenarios": fileURLToPath(new URL("./src/scenario/index.ts", import.meta.url)),
      "academic-credit/postgres": fileURLToPath(new URL("./src/postgres/index.ts", import.meta.url)),
      "academic-credit/http": fileURLToPath(new URL("./src/http/index.ts", import.meta.url)),
      "academic-credit": fileURLToPath(new URL("./src/index.ts", import.meta.url)),
    },
  },
  test: {
    include: ["test/**/*.test.ts"],
    // Needs a real PostgreSQL server: `npm run test:postgres` starts one and runs it.
    exclude: [...configDefaults.exclude, "test/postgres/server.test.ts", "test/http/load.postgres.test.ts"],
    coverage: {
      enabled: true,
      provider: "v8",
      reporter: ["text-summary", "json-summary"],
      include: ["src/requirements/**", "src/eligibility/**"],
      thresholds: {
        "src/requirements/**": { lines: 95, branches: 90 },
        "src/eligibility/**": { lines: 95, branches: 90 },
      },
    },
  },
});

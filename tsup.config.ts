import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    "adapters/memory": "src/adapters/memory/index.ts",
    testing: "src/testing/index.ts",
    postgres: "src/postgres/index.ts",
    cli: "src/cli/main.ts",
    scenarios: "src/scenario/index.ts",
    http: "src/http/index.ts",
    "hmac-node": "src/providers/hmac-node.ts",
    "hmac-web": "src/providers/hmac-web.ts",
  },
  format: ["esm", "cjs"],
  dts: { compilerOptions: { ignoreDeprecations: "6.0" } },
  sourcemap: true,
  clean: true,
  treeshake: true,
  target: "es2022",
  platform: "neutral",
  external: ["zod", "#hmac", "vitest", "fast-check", "pg", "@electric-sql/pglite"],
});

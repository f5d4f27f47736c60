import { builtinModules } from "node:module";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

/**
 * The pure core (everything in src/ except the places listed in `effectfulFiles`) never reads the
 * clock, never draws random numbers and never imports Node built-ins: time and ids come in through
 * ports, and the core must run in any JavaScript runtime (docs/rules.md §2, §9).
 */
const effectfulFiles = [
  "src/adapters/**",
  "src/cli/**",
  "src/testing/**",
  "src/postgres/**",
  "src/providers/hmac-node.ts",
];

const coreReason =
  "The core is pure and runtime-neutral: take `now`/ids as parameters or through a port (see docs/rules.md §2).";

export default defineConfig([
  {
    ignores: [
      "dist/",
      "coverage/",
      "docs/api/",
      "reports/",
      "node_modules/",
      "bench/.tmp/",
      ".stryker-tmp/",
      "test/docs/.blocks/",
    ],
  },
  {
    files: ["**/*.{js,mjs,cjs,ts,mts,cts}"],
    extends: [tseslint.configs.recommended],
    linterOptions: {
      reportUnusedDisableDirectives: "error",
    },
    rules: {
      "@typescript-eslint/consistent-type-imports": [
        "error",
        { prefer: "type-imports", fixStyle: "separate-type-imports" },
      ],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
    },
  },
  {
    files: ["src/**/*.ts"],
    ignores: effectfulFiles,
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: `Date.now() reads the clock. ${coreReason}` },
        {
          object: "Math",
          property: "random",
          message: `Math.random() is not reproducible. ${coreReason}`,
        },
      ],
      "no-restricted-imports": [
        "error",
        {
          paths: builtinModules.map((name) => ({
            name,
            message: `Node built-ins are not available in every runtime. ${coreReason}`,
          })),
          patterns: [
            {
              regex: "^node:",
              message: `Node built-ins are not available in every runtime. ${coreReason}`,
            },
          ],
        },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: `new Date() without an argument reads the clock. ${coreReason}`,
        },
        {
          selector: "ImportExpression[source.value=/^node:/]",
          message: `Node built-ins are not available in every runtime. ${coreReason}`,
        },
      ],
    },
  },
]);

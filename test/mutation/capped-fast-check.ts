// fast-check for mutation testing only (vitest.mutation.config.ts aliases "fast-check" here): the
// same library, with every property capped at MUTATION_NUM_RUNS runs (default 100). A surviving
// mutant runs every property that covers it to the end, so properties of 1,000 runs would dominate
// the mutation run, while a killed mutant usually fails within the first few runs anyway.
import * as real from "../../node_modules/fast-check/lib/fast-check.js";

const cap = Number(process.env["MUTATION_NUM_RUNS"] ?? "100");

type Runner = (property: unknown, params?: { readonly numRuns?: number }) => unknown;

function capped(run: Runner): Runner {
  return (property, params = {}) => run(property, { ...params, numRuns: Math.min(params.numRuns ?? 100, cap) });
}

const fc: typeof real = { ...real, assert: capped(real.assert as Runner) as typeof real.assert, check: capped(real.check as Runner) as typeof real.check };

export default fc;
export * from "../../node_modules/fast-check/lib/fast-check.js";

/**
 * Number of random runs for the model-based and fuzz tests: the default keeps `test/model` under
 * half a minute on two cores; `MODEL_RUNS_FACTOR=10 npx vitest run test/model` runs ten times more.
 */
export function runs(base: number): number {
  const factor = Number(process.env["MODEL_RUNS_FACTOR"] ?? "1");
  return Math.max(1, Math.round(base * (Number.isFinite(factor) && factor > 0 ? factor : 1)));
}

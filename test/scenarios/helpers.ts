import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../../", import.meta.url));
export const examplesDir = `${root}examples/scenarios/`;

/** The example scenario files, sorted by name. */
export function exampleFiles(): string[] {
  return readdirSync(examplesDir)
    .filter((f) => f.endsWith(".json"))
    .sort();
}

export function readExample(file: string): unknown {
  return JSON.parse(readFileSync(`${examplesDir}${file}`, "utf8")) as unknown;
}

/** The SCENARIOS.md example, as a value to build variants from. */
export function baseScenario(): Record<string, unknown> & { steps: Record<string, unknown>[] } {
  return readExample(exampleFiles()[0] ?? "") as Record<string, unknown> & { steps: Record<string, unknown>[] };
}

/** The SCENARIOS.md example up to eligibility (its first 8 steps), with extra steps after. */
export function eligibleThen(...steps: Record<string, unknown>[]): Record<string, unknown> {
  const base = baseScenario();
  return { ...base, name: "variant", steps: [...base.steps.slice(0, 8), ...steps] };
}

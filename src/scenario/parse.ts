import { err, ok, type Issue, type Result } from "../result/index.js";
import { describeIssues, PARSE_OPTIONS, toIssues } from "../result/parse.js";
import { instantSchema } from "../time/schema.js";
import { findUnknownProviders } from "../policy/references.js";
import { checkStepOrder, scenarioSchema } from "./schema.js";
import type { Scenario } from "./types.js";

function rawStepInstants(input: unknown): (Date | undefined)[] {
  if (typeof input !== "object" || input === null) return [];
  const steps = (input as { readonly steps?: unknown }).steps;
  if (!Array.isArray(steps)) return [];
  return steps.map((s: unknown) => {
    if (typeof s !== "object" || s === null) return undefined;
    const at = instantSchema.safeParse((s as { readonly at?: unknown }).at);
    return at.success ? at.data : undefined;
  });
}

const pathKey = (i: Issue): string => `${JSON.stringify(i.path)} ${i.message}`;

/** Issues outside `steps` keep their place in front; step issues are ordered by step index. */
function stepIndex(i: Issue): number {
  const [first, second] = i.path;
  return first === "steps" && typeof second === "number" ? second : -1;
}

/**
 * Parses a scenario file (docs/scenarios.md) from its JSON text or its parsed value. Reports every
 * problem at once, each with its JSON path (`steps[3].at`), including a step earlier than the one
 * before it. A well-formed scenario whose policy offers credit from a provider it does not list is
 * refused with `unknown-provider` and an issue at that offer's path (`policy.offers[1].providerId`).
 * Never throws.
 *
 * @param json - the file's text, or the value `JSON.parse` gave.
 * @returns the scenario, or `invalid-input` (or `unknown-provider`) with `issues`.
 * @example
 * ```ts
 * import { parseScenario } from "academic-credit/scenarios";
 * const r = parseScenario('{ "name": "x", "steps": [] }');
 * if (!r.ok) r.error.issues?.map((i) => i.path.join(".")); // ["policy", "providers", "learner"]
 * ```
 */
export function parseScenario(json: unknown): Result<Scenario> {
  let input = json;
  if (typeof json === "string") {
    try {
      input = JSON.parse(json) as unknown;
    } catch (cause) {
      const detail = cause instanceof SyntaxError ? cause.message : "unreadable text";
      return err("invalid-input", `Invalid scenario: not valid JSON (${detail})`, { issues: [{ path: [], message: `not valid JSON: ${detail}` }] });
    }
  }
  let parsed: ReturnType<typeof scenarioSchema.safeParse>;
  try {
    parsed = scenarioSchema.safeParse(input, PARSE_OPTIONS);
  } catch {
    return err("invalid-input", "Invalid scenario: the value could not be read", { issues: [{ path: [], message: "unreadable value" }] });
  }
  if (parsed.success) {
    const unknown = findUnknownProviders(parsed.data.policy, parsed.data.providers, ["policy"]);
    return unknown.length === 0 ? ok(parsed.data) : err("unknown-provider", `Invalid scenario: ${describeIssues(unknown)}`, { issues: unknown });
  }
  const issues = toIssues(parsed.error);
  const seen = new Set(issues.map(pathKey));
  checkStepOrder(rawStepInstants(input), (i, message) => {
    const issue: Issue = { path: ["steps", i, "at"], message };
    if (!seen.has(pathKey(issue))) issues.push(issue);
  });
  const sorted = issues.map((issue, index) => ({ issue, index })).sort((a, b) => stepIndex(a.issue) - stepIndex(b.issue) || a.index - b.index);
  const all = sorted.map((s) => s.issue);
  return err("invalid-input", `Invalid scenario: ${describeIssues(all)}`, { issues: all });
}

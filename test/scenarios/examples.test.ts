import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERROR_CODES, type ErrorCode } from "../../src/result/index.js";
import {
  DASHBOARD_STATUSES,
  ELIGIBILITY_STATUSES,
  PURCHASE_STATUSES,
  parseScenario,
  replayScenario,
  type ScenarioReport,
} from "../../src/scenario/index.js";
import { exampleFiles, examplesDir, readExample, root } from "./helpers.js";

/**
 * What no single-learner scenario can reach, and why (docs/scenarios.md, "What the examples cover"):
 * - dashboard `error`: only inconsistent data gives it (a purchase whose provider left the catalog,
 *   a checkout or purchase without a grant, a grant without a deadline); a scenario's catalog is
 *   fixed and the service never writes such a log.
 * - `version-conflict`: needs two writers racing on one learner; a replay runs one step at a time.
 * - `unavailable`: a failing port; the in-memory adapters of a replay never fail.
 */
const UNREACHABLE_DASHBOARD = ["error"];
const UNREACHABLE_CODES: readonly ErrorCode[] = ["version-conflict", "unavailable"];

const files = exampleFiles();
const reports = new Map<string, ScenarioReport>();

async function reportOf(file: string): Promise<ScenarioReport> {
  const cached = reports.get(file);
  if (cached !== undefined) return cached;
  const parsed = parseScenario(readFileSync(`${examplesDir}${file}`, "utf8"));
  if (!parsed.ok) throw new Error(`${file}: ${parsed.error.message}`);
  const report = await replayScenario(parsed.value);
  reports.set(file, report);
  return report;
}

async function allReports(): Promise<ScenarioReport[]> {
  return Promise.all(files.map(reportOf));
}

describe("examples/scenarios", () => {
  it("ships at least 12 example scenarios", () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  it.each(files)("SCENARIOS.md: %s replays with every expectation holding", async (file) => {
    const report = await reportOf(file);
    expect(report.steps.filter((s) => !s.ok).map((s) => `${s.at} ${s.action}: ${s.failure ?? ""}`)).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it("SCENARIOS.md: the first example is exactly the example of the scenario guide", () => {
    const guide = readFileSync(`${root}docs/scenarios.md`, "utf8");
    const block = /<!-- the SCENARIOS\.md example -->\s*```json\n([\s\S]*?)```/.exec(guide)?.[1];
    expect(block).toBeDefined();
    expect(readExample(files[0] ?? "")).toEqual(JSON.parse(block ?? "null"));
    expect(readFileSync(`${examplesDir}${files[0] ?? ""}`, "utf8")).toBe(block);
  });

  it("every example names the JSON Schema of scenario files, except the verbatim guide example", () => {
    for (const file of files.slice(1)) {
      expect((readExample(file) as { $schema?: string }).$schema, file).toBe("../../schemas/scenario.schema.json");
    }
  });

  it("§6 together the examples reach every eligibility status", async () => {
    const reached = new Set((await allReports()).flatMap((r) => r.steps.map((s) => s.state.eligibility)));
    expect([...reached].sort()).toEqual([...ELIGIBILITY_STATUSES].sort());
  });

  it("§8 together the examples reach every purchase status", async () => {
    const reached = new Set((await allReports()).flatMap((r) => r.steps.map((s) => s.state.purchase)));
    expect([...reached].sort()).toEqual([...PURCHASE_STATUSES].sort());
  });

  it("§11 together the examples reach every dashboard status a consistent log can show (all but error)", async () => {
    const reached = new Set<string>((await allReports()).flatMap((r) => r.steps.map((s) => s.state.dashboard)));
    expect([...reached].sort()).toEqual(DASHBOARD_STATUSES.filter((s) => !UNREACHABLE_DASHBOARD.includes(s)).sort());
  });

  it("§12 together the examples produce, as expected refusals, every error code a single learner can meet", async () => {
    const refused = new Set<string>(
      (await allReports()).flatMap((r) => r.steps.flatMap((s) => (s.ok && s.error !== undefined ? [s.error.code] : []))),
    );
    expect([...refused].sort()).toEqual(ERROR_CODES.filter((c) => !UNREACHABLE_CODES.includes(c)).sort());
  });

  it("§10 together the examples send every email template", async () => {
    const sent = new Set((await allReports()).flatMap((r) => r.steps.flatMap((s) => s.emails)));
    expect([...sent].sort()).toEqual(["credit-decision", "deadline-reminder", "eligibility", "purchase-receipt"]);
  });

  it("§13.5 replaying an example twice gives the same report", async () => {
    const file = files[0] ?? "";
    const parsed = parseScenario(readExample(file));
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(await replayScenario(parsed.value)).toEqual(await replayScenario(parsed.value));
  });
});

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, type CliIo } from "../../src/cli/run.js";
import { baseScenario, exampleFiles, examplesDir, root } from "../scenarios/helpers.js";

interface Captured {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

const dir = mkdtempSync(join(tmpdir(), "academic-credit-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value, null, 2));
  return file;
}

async function run(argv: string[], options: { tty?: boolean; env?: Record<string, string>; io?: Partial<CliIo> } = {}): Promise<Captured> {
  let out = "";
  let err = "";
  const code = await runCli(argv, {
    stdout: { write: (t: string) => (out += t), isTTY: options.tty ?? false },
    stderr: { write: (t: string) => (err += t) },
    cwd: dir,
    env: options.env ?? {},
    ...options.io,
  });
  return { code, out, err };
}

function wrongExpectation(): Record<string, unknown> {
  const base = baseScenario();
  return {
    ...base,
    name: "expects the wrong purchase status",
    steps: base.steps.map((s, i) => (i === 10 ? { at: s.at, expect: { purchase: "approved", dashboard: "must-request" } } : s)),
  };
}

function malformed(): Record<string, unknown> {
  const base = baseScenario();
  const steps = [...base.steps];
  steps[2] = { at: "2026-05-01T10:00:00Z", event: { type: "grade-updated", grade: 85 } };
  steps[5] = { ...steps[5], at: "2026-01-01T00:00:00Z" };
  return { ...base, learner: { ...(base.learner as object), email: "" }, steps };
}

describe("academic-credit CLI", () => {
  it("--help prints the usage and exits 0", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("academic-credit replay <file-or-folder>... [--json]");
    expect(r.out).toContain("academic-credit demo");
    expect(r.out).toMatch(/2 +a file is not a valid scenario/);
  });

  it("usage errors exit 2: no command, an unknown command or option, replay without files, a missing file", async () => {
    for (const argv of [[], ["replay"], ["play", "x.json"], ["replay", "--verbose", "x.json"], ["demo", "extra.json"]]) {
      const r = await run(argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.err).toMatch(/^academic-credit: /);
    }
    const missing = await run(["replay", "nowhere.json"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("cannot read nowhere.json");
  });

  it("SCENARIOS.md: a scenario whose expectations hold exits 0 with one timeline line a step", async () => {
    const file = write("ok.json", baseScenario());
    const r = await run(["replay", file]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    const lines = r.out.split("\n").filter((l) => /^ {2}\d{4}-\d\d-\d\dT/.test(l));
    expect(lines).toHaveLength(14);
    expect(lines[6]).toMatch(/^ {2}2026-06-03T08:00:00Z {2}✓ exam-reviewed final-exam clean \(automated\) → eligibility granted +eligible · available · eligible$/);
    expect(r.out).toContain("every expectation holds (14 steps)");
  });

  it("SCENARIOS.md: a wrong expectation exits 1 and prints expected vs actual at that step", async () => {
    const r = await run(["replay", write("wrong.json", wrongExpectation())]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/2026-07-01T12:03:00Z {2}✗ expect purchase=approved dashboard=must-request/);
    expect(r.out).toMatch(/purchase +expected approved, actual paid/);
    expect(r.out).not.toMatch(/dashboard +expected/);
    expect(r.out).toContain("1 of 14 steps failed");
  });

  it("SCENARIOS.md: a file that is not a valid scenario exits 2 and prints the JSON path of each problem", async () => {
    const r = await run(["replay", write("bad.json", malformed())]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain("bad.json is not a valid scenario:");
    expect(r.err).toContain("learner.email: must not be empty");
    expect(r.err).toContain("steps[2].event.grade: must be between 0 and 1");
    expect(r.err).toContain("steps[5].at: step is earlier than the step before it");
  });

  it("an offer naming a provider the file does not list makes the file invalid (exit 2), at its JSON path, in text and --json", async () => {
    const base = baseScenario();
    const policy = base["policy"] as { offers: unknown[] };
    const file = write("ghost-offer.json", { ...base, policy: { ...policy, offers: [...policy.offers, { providerId: "harvard", price: { amount: 100, currency: "USD" }, creditHours: 1 }] } });
    const r = await run(["replay", file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('policy.offers[2].providerId: unknown provider "harvard": no provider has this id');
    const j = await run(["replay", "--json", file]);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.out)).toMatchObject({ ok: false, valid: false, code: "unknown-provider", issues: [{ path: ["policy", "offers", 2, "providerId"] }] });
  });

  it("an event naming an exam the policy does not have is stored and the step holds, with its warning printed and in --json", async () => {
    const base = baseScenario();
    const steps = [...base.steps];
    steps.splice(3, 0, { at: "2026-05-01T10:00:00Z", event: { type: "exam-graded", examId: "midterm", score: 0.9 } });
    const file = write("unknown-exam.json", { ...base, name: "grades an exam the course does not have", steps });
    const r = await run(["replay", file]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('⚠ unknown-requirement: The policy has no proctored-exam requirement "midterm": the event is stored but changes nothing');
    const j = await run(["replay", "--json", file]);
    const doc = JSON.parse(j.out) as { ok: boolean; steps: { action: string; warnings?: unknown[] }[] };
    expect(doc.ok).toBe(true);
    expect(doc.steps[3]?.warnings).toEqual([
      { code: "unknown-requirement", field: "examId", requirementId: "midterm", message: 'The policy has no proctored-exam requirement "midterm": the event is stored but changes nothing' },
    ]);
    expect(doc.steps.filter((s) => s.warnings !== undefined)).toHaveLength(1);
  });

  it("a file that is not JSON exits 2 at the root", async () => {
    const r = await run(["replay", write("broken.json", "{ \"name\": ")]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\(root\): not valid JSON/);
  });

  it("SCENARIOS.md --json: one JSON document per scenario with name, ok, and steps of at, kind, ok, error?, state, emails", async () => {
    const r = await run(["replay", "--json", write("j1.json", baseScenario()), write("j2.json", wrongExpectation())]);
    expect(r.code).toBe(1);
    const docs = r.out.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(docs).toHaveLength(2);
    expect(docs.map((d) => [d.name, d.ok, d.file])).toEqual([
      ["passes everything and buys credit from the first of two providers", true, "j1.json"],
      ["expects the wrong purchase status", false, "j2.json"],
    ]);
    const steps = docs[0]?.steps as Record<string, unknown>[];
    for (const step of steps) {
      expect(Object.keys(step)).toEqual(expect.arrayContaining(["at", "kind", "ok", "state", "emails"]));
      expect(Object.keys(step.state as object).sort()).toEqual(["dashboard", "deadline", "eligibility", "purchase", "requirements"]);
    }
    const failed = (docs[1]?.steps as Record<string, unknown>[]).find((s) => s.ok === false);
    expect(failed).toMatchObject({ kind: "expect", expected: { purchase: "approved" }, actual: { purchase: "paid" } });
    expect(r.out).not.toContain("\u001b[");
  });

  it("--json reports an invalid file as a JSON document with its issues, and exits 2", async () => {
    const r = await run(["replay", "--json", write("jbad.json", malformed())]);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.out) as { ok: boolean; valid: boolean; issues: { path: unknown[] }[] };
    expect(doc).toMatchObject({ file: "jbad.json", ok: false, valid: false });
    expect(doc.issues.map((i) => i.path)).toEqual([["learner", "email"], ["steps", 2, "event", "grade"], ["steps", 5, "at"]]);
  });

  it("a folder replays every *.json inside, sorted by name; the exit code is the worst of its files", async () => {
    const folder = join(dir, "folder");
    rmSync(folder, { recursive: true, force: true });
    const { mkdirSync } = await import("node:fs");
    mkdirSync(folder);
    writeFileSync(join(folder, "b-wrong.json"), JSON.stringify(wrongExpectation()));
    writeFileSync(join(folder, "a-ok.json"), JSON.stringify(baseScenario()));
    writeFileSync(join(folder, "notes.txt"), "not a scenario");
    const r = await run(["replay", "--json", "folder"]);
    expect(r.code).toBe(1);
    expect(r.out.trim().split("\n").map((l) => (JSON.parse(l) as { file: string }).file)).toEqual([join("folder", "a-ok.json"), join("folder", "b-wrong.json")]);
    writeFileSync(join(folder, "c-bad.json"), JSON.stringify(malformed()));
    const human = await run(["replay", "folder"]);
    expect(human.code).toBe(2);
    expect(human.out).toContain("3 scenarios: 1 hold, 1 fail, 1 invalid");
    const empty = join(dir, "empty");
    mkdirSync(empty, { recursive: true });
    expect((await run(["replay", "empty"])).code).toBe(2);
  });

  it("demo replays every example scenario shipped with the package and exits 0", async () => {
    const r = await run(["demo"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Replaying the ${exampleFiles().length} example scenarios`);
    expect(r.out).toContain(`${exampleFiles().length} scenarios: ${exampleFiles().length} hold`);
  });

  it("demo --json prints one report per example", async () => {
    const r = await run(["demo", "--json"], { io: { examplesDir } });
    expect(r.code).toBe(0);
    expect(r.out.trim().split("\n")).toHaveLength(exampleFiles().length);
  });

  it("colours only when stdout is a terminal, and never with NO_COLOR or --no-color", async () => {
    const file = write("colour.json", baseScenario());
    expect((await run(["replay", file], { tty: true })).out).toContain("\u001b[32m✓");
    expect((await run(["replay", file], { tty: false })).out).not.toContain("\u001b[");
    expect((await run(["replay", file], { tty: true, env: { NO_COLOR: "1" } })).out).not.toContain("\u001b[");
    expect((await run(["replay", file, "--no-color"], { tty: true })).out).not.toContain("\u001b[");
  });
});

const built = join(root, "dist", "cli.js");
const sources = [join(root, "src", "cli"), join(root, "src", "scenario")].flatMap((d) => readdirSync(d).map((f) => join(d, f)));
const fresh = existsSync(built) && sources.every((s) => statSync(s).mtimeMs <= statSync(built).mtimeMs);

describe.skipIf(!fresh)("the built dist/cli.js (runs only when dist is built from the current sources)", () => {
  it("node dist/cli.js demo exits 0; a wrong expectation exits 1; an invalid file exits 2", () => {
    const demo = spawnSync(process.execPath, [built, "demo"], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(demo.status).toBe(0);
    expect(demo.stdout).toContain(`${exampleFiles().length} scenarios: ${exampleFiles().length} hold`);
    const wrong = spawnSync(process.execPath, [built, "replay", write("spawn-wrong.json", wrongExpectation())], { encoding: "utf8" });
    expect(wrong.status).toBe(1);
    const bad = spawnSync(process.execPath, [built, "replay", write("spawn-bad.json", malformed())], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("steps[2].event.grade");
  });
});

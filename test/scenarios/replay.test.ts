import { describe, expect, it } from "vitest";
import { parseScenario, replayScenario, type ScenarioReport } from "../../src/scenario/index.js";
import { judgeAction } from "../../src/scenario/replay.js";
import type { ScenarioState } from "../../src/scenario/types.js";
import { baseScenario, eligibleThen } from "./helpers.js";

async function replay(input: unknown): Promise<ScenarioReport> {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return replayScenario(parsed.value);
}

const last = (r: ScenarioReport) => r.steps[r.steps.length - 1];

const checkout = { at: "2026-07-01T12:00:00Z", command: { type: "start-checkout", providerId: "asu", method: "card", idempotencyKey: "k1" } };
const pay = { at: "2026-07-01T12:03:00Z", command: { type: "payment-result", outcome: "succeeded" } };
const request = { at: "2026-07-02T09:00:00Z", command: { type: "request-credit" } };

describe("replayScenario", () => {
  it("SCENARIOS.md --json: the report has name, ok, and per step at, kind, ok, state and emails", async () => {
    const report = await replay(baseScenario());
    expect(report.ok).toBe(true);
    expect(report.name).toBe("passes everything and buys credit from the first of two providers");
    expect(report.steps.map((s) => s.kind)).toEqual([
      "event", "event", "event", "expect", "event", "event", "event", "expect", "command", "command", "expect", "command", "command", "expect",
    ]);
    expect(report.steps[6]).toEqual({
      at: "2026-06-03T08:00:00Z",
      kind: "event",
      action: "exam-reviewed final-exam clean (automated)",
      ok: true,
      detail: "eligibility granted",
      state: {
        eligibility: "eligible",
        requirements: { grade: "satisfied", "final-exam": "satisfied" },
        purchase: "available",
        dashboard: "eligible",
        deadline: "2027-06-30T23:59:00Z",
      },
      emails: ["eligibility"],
    });
    expect(report.steps[0]?.state).toEqual({
      eligibility: "needs-verified-enrollment",
      requirements: { grade: "pending", "final-exam": "pending" },
      purchase: "unavailable",
      dashboard: "hidden",
      deadline: null,
    });
  });

  it("a wrong expectation fails its step with the expected and actual values of the fields that differ, and the replay goes on", async () => {
    const base = baseScenario();
    const steps = base.steps.map((s, i) =>
      i === 10 ? { at: s.at, expect: { purchase: "approved", dashboard: "must-request", requirements: { grade: "satisfied", "final-exam": "failed" } } } : s,
    );
    const report = await replay({ ...base, steps });
    expect(report.ok).toBe(false);
    const failed = report.steps.filter((s) => !s.ok);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      at: "2026-07-01T12:03:00Z",
      kind: "expect",
      failure: "expectation not met",
      expected: { purchase: "approved", requirements: { "final-exam": "failed" } },
      actual: { purchase: "paid", requirements: { "final-exam": "satisfied" } },
    });
    expect(failed[0]?.expected).not.toHaveProperty("dashboard");
    expect(last(report)?.ok).toBe(true);
  });

  it("an expectation of a requirement the policy does not have shows it as absent (null)", async () => {
    const report = await replay(eligibleThen({ at: "2026-06-03T08:00:00Z", expect: { requirements: { essay: "satisfied" } } }));
    expect(last(report)).toMatchObject({ ok: false, expected: { requirements: { essay: "satisfied" } }, actual: { requirements: { essay: null } } });
  });

  it("emails and deadline expectations compare the whole list and the instant", async () => {
    const report = await replay(
      eligibleThen(
        { at: "2026-06-03T08:00:00Z", expect: { emails: [], deadline: "2027-06-30T23:59:00.000Z" } },
        { at: "2026-06-03T08:00:00Z", expect: { deadline: "2027-07-01T01:59:00+02:00" } },
      ),
    );
    expect(report.steps[8]).toMatchObject({ ok: false, expected: { emails: [] }, actual: { emails: ["eligibility"] } });
    expect(report.steps[8]?.expected).not.toHaveProperty("deadline");
    expect(report.steps[9]?.ok).toBe(true);
  });

  it("SCENARIOS.md expectError: a step refused with that code, changing nothing, holds", async () => {
    const report = await replay(eligibleThen({ at: "2026-07-01T09:00:00Z", command: { type: "request-credit" }, expectError: "not-paid" }));
    expect(last(report)).toMatchObject({ ok: true, expectError: "not-paid", error: { code: "not-paid" } });
    expect(report.ok).toBe(true);
  });

  it("SCENARIOS.md expectError: a refusal with another code fails the step", async () => {
    const report = await replay(eligibleThen({ at: "2026-07-01T09:00:00Z", command: { type: "request-credit" }, expectError: "request-completed" }));
    expect(last(report)?.ok).toBe(false);
    expect(last(report)?.failure).toMatch(/^expected a refusal with request-completed, but it was refused with not-paid/);
  });

  it("SCENARIOS.md expectError: an accepted step fails when a refusal was expected", async () => {
    const report = await replay(eligibleThen({ ...checkout, expectError: "not-eligible" }));
    expect(last(report)).toMatchObject({ ok: false, failure: "expected a refusal with not-eligible, but the step was accepted" });
  });

  it("SCENARIOS.md: without expectError any refusal fails the step, and later steps still run", async () => {
    const report = await replay(eligibleThen({ at: "2026-07-01T09:00:00Z", command: { type: "refund" } }, checkout));
    expect(report.steps[8]).toMatchObject({ ok: false, error: { code: "refund-not-allowed" } });
    expect(report.steps[8]?.failure).toMatch(/^refused with refund-not-allowed/);
    expect(report.steps[9]).toMatchObject({ ok: true, detail: "co-1 started" });
    expect(report.ok).toBe(false);
  });

  it("an event refused by the service (deadline-extended before eligibility) is a refusal like any command's", async () => {
    const base = baseScenario();
    const report = await replay({
      ...base,
      steps: [base.steps[0], { at: "2026-01-10T09:00:00Z", event: { type: "deadline-extended", until: "2027-12-31T00:00:00Z" }, expectError: "not-eligible" }],
    });
    expect(report.ok).toBe(true);
  });

  it("payment-result defaults: the open checkout, its offer's amount and currency, payment id pay- + checkout id; repeating it is a duplicate", async () => {
    const report = await replay(eligibleThen(checkout, pay, pay));
    expect(report.steps[9]).toMatchObject({ ok: true, detail: "co-1 paid", state: { purchase: "paid" } });
    expect(report.steps[10]).toMatchObject({ ok: true, detail: "co-1 duplicate", state: { purchase: "paid" } });
    expect(last(report)?.emails).toEqual(["eligibility", "purchase-receipt"]);
  });

  it("payment-result with idempotencyKey selects the checkout started with that key", async () => {
    const report = await replay(
      eligibleThen(
        checkout,
        { at: "2026-07-01T12:01:00Z", command: { type: "start-checkout", providerId: "hogwarts", method: "card", idempotencyKey: "k2" } },
        { at: "2026-07-01T12:03:00Z", command: { type: "payment-result", outcome: "succeeded", idempotencyKey: "k1" } },
      ),
    );
    expect(last(report)).toMatchObject({ ok: true, detail: "co-1 paid", state: { purchase: "paid", dashboard: "must-request" } });
  });

  it("payment-result with no checkout at all is refused by the service with no-open-checkout", async () => {
    const report = await replay(eligibleThen({ ...pay, expectError: "no-open-checkout" }));
    expect(last(report)?.ok).toBe(true);
  });

  it("provider-callback defaults: the latest request, its provider, timestamp = at, signed with the provider's first key", async () => {
    const report = await replay(eligibleThen(checkout, pay, request, { at: "2026-07-09T09:00:00Z", command: { type: "provider-callback", status: "approved" } }));
    expect(last(report)).toMatchObject({ ok: true, detail: "recorded, request approved", state: { purchase: "approved", dashboard: "approved" } });
  });

  it("provider-callback signWith: older-key proves rotation, wrong-key and none are refused", async () => {
    const cb = (signWith: string) => ({ at: "2026-07-09T09:00:00Z", command: { type: "provider-callback", status: "pending", signWith } });
    const report = await replay(eligibleThen(checkout, pay, request, cb("older-key"), { ...cb("wrong-key"), expectError: "invalid-signature" }, { ...cb("none"), expectError: "invalid-callback" }));
    expect(report.steps.slice(-3).map((s) => [s.ok, s.error?.code ?? s.detail])).toEqual([
      [true, "acknowledged, request pending"],
      [true, "invalid-signature"],
      [true, "invalid-callback"],
    ]);
  });

  it("§7 provider-callback signWith: valid and older-key use the provider's usable keys, skipping non-ASCII ones as the service does", async () => {
    const cb = (signWith: string) => ({ at: "2026-07-09T09:00:00Z", command: { type: "provider-callback", status: "pending", signWith } });
    const base = eligibleThen(checkout, pay, request, cb("valid"), cb("older-key"));
    const keys = (base as { providerKeys: Record<string, string[]> }).providerKeys;
    const withNonAscii = { ...base, providerKeys: { ...keys, asu: ["clé-secrète", ...(keys.asu ?? []), "ключ"] } };
    const report = await replay(withNonAscii);
    expect(report.steps.slice(-2).map((s) => [s.ok, s.error?.code ?? s.detail])).toEqual([
      [true, "acknowledged, request pending"],
      [true, "acknowledged, request pending"],
    ]);
  });

  it("§5.2 exam events keep their attemptId through a scenario, and the step text names it", async () => {
    const base = baseScenario();
    const exam = (at: string, fields: Record<string, unknown>) => ({ at, event: { examId: "final-exam", ...fields } });
    const steps = [
      ...base.steps.slice(0, 4),
      exam("2026-05-20T10:00:00Z", { type: "exam-attempt", status: "started", attemptId: "old" }),
      exam("2026-05-20T11:00:00Z", { type: "exam-attempt", status: "reset", attemptId: "old" }),
      exam("2026-05-20T12:00:00Z", { type: "exam-attempt", status: "submitted", attemptId: "new" }),
      // A failing human review of the archived attempt: kept, but the new attempt still awaits its review.
      exam("2026-05-21T08:00:00Z", { type: "exam-reviewed", result: "suspicious", reviewer: "human", attemptId: "old" }),
    ];
    const report = await replay({ ...base, steps });
    expect(report.steps.slice(4).map((s) => s.action)).toEqual([
      "exam-attempt final-exam started, attempt old",
      "exam-attempt final-exam reset, attempt old",
      "exam-attempt final-exam submitted, attempt new",
      "exam-reviewed final-exam suspicious (human), attempt old",
    ]);
    expect(last(report)).toMatchObject({ ok: true, state: { eligibility: "in-progress", requirements: { "final-exam": "submitted" } } });
  });

  it("§9 provider-callback timestampOffsetSeconds: 900 s old and 60 s ahead are accepted, one second more is stale", async () => {
    const cb = (offset: number) => ({ at: "2026-07-09T09:00:00Z", command: { type: "provider-callback", status: "pending", timestampOffsetSeconds: offset } });
    const report = await replay(
      eligibleThen(checkout, pay, request, cb(-900), cb(60), { ...cb(-901), expectError: "stale-timestamp" }, { ...cb(61), expectError: "stale-timestamp" }),
    );
    expect(report.ok).toBe(true);
  });

  it("provider-callback before any request: the service answers request-not-found", async () => {
    const report = await replay(
      eligibleThen({ at: "2026-07-09T09:00:00Z", command: { type: "provider-callback", status: "approved" }, expectError: "request-not-found" }),
    );
    expect(report.ok).toBe(true);
  });

  it("§10 send-due-reminders runs the reminder scheduler at the step's instant; a replay sends no reminder otherwise", async () => {
    const report = await replay(
      eligibleThen(
        { at: "2027-06-25T00:00:00Z", expect: { emails: ["eligibility"] } },
        { at: "2027-06-25T00:00:00Z", command: { type: "send-due-reminders" } },
        { at: "2027-06-25T00:00:00Z", expect: { emails: ["eligibility", "deadline-reminder"] } },
      ),
    );
    expect(report.ok).toBe(true);
    expect(report.steps[9]?.detail).toBe("1 reminder queued");
  });

  it("record-decision and refund run through the service", async () => {
    const report = await replay(
      eligibleThen(checkout, pay, { at: "2026-07-02T09:00:00Z", command: { type: "refund" } }, { at: "2026-07-02T09:00:00Z", expect: { purchase: "available" } }),
    );
    expect(report.ok).toBe(true);
    expect(report.steps[10]?.detail).toBe("refund of pay-co-1 requested");
  });

  it("a scenario with no steps gives an empty, passing report", async () => {
    const report = await replay({ ...baseScenario(), steps: [] });
    expect(report).toEqual({ name: "passes everything and buys credit from the first of two providers", ok: true, steps: [] });
  });
});

describe("expectError: refused with the code and the learner's state unchanged", () => {
  const state: ScenarioState = {
    eligibility: "eligible",
    requirements: { grade: "satisfied", "final-exam": "satisfied" },
    purchase: "available",
    dashboard: "eligible",
    deadline: "2027-06-30T23:59:00Z",
  } as ScenarioState;
  const step = { kind: "command", at: new Date("2026-07-01T00:00:00Z"), command: { type: "request-credit" }, expectError: "not-paid" } as never;
  const refused = { ok: false, error: { code: "not-paid", message: "Credit has not been paid for yet" } } as never;

  it("passes when refused with the code and nothing changed", () => {
    expect(judgeAction(step, refused, state, { ...state })).toEqual({ ok: true });
  });

  it("fails when the refusal changed the state, naming each change", () => {
    const changed = { ...state, purchase: "checkout", requirements: { ...state.requirements, grade: "failed" } } as ScenarioState;
    const r = judgeAction(step, refused, state, changed);
    expect(r.ok).toBe(false);
    expect(r.failure).toContain("the learner's state changed");
    expect(r.failure).toContain("purchase available → checkout");
    expect(r.failure).toContain("requirement grade satisfied → failed");
  });

  it("fails when accepted, or refused with another code", () => {
    expect(judgeAction(step, { ok: true, value: {} } as never, state, state).failure).toContain("but the step was accepted");
    const other = { ok: false, error: { code: "unknown-provider", message: "x" } } as never;
    expect(judgeAction(step, other, state, state).failure).toContain("refused with unknown-provider");
  });
});

import { describe, expect, it } from "vitest";
import { evaluateEligibility, type EligibilityEvaluation } from "../../src/eligibility/evaluate.js";
import { toProgressView } from "../../src/eligibility/progress.js";
import { toCheckoutId, toPaymentId, toProviderId, toRequestId, toRequirementId } from "../../src/ids/index.js";
import { appendEvents, type JourneyEvent } from "../../src/journey/record.js";
import { at, passesEverything, policy, rid, run } from "../fixtures.js";

const P = policy();
const eligible = run(P, passesEverything).record;
const co = toCheckoutId("co-1");
const pay = toPaymentId("pay-1");
const asu = toProviderId("asu");
const req = toRequestId("557168d0f7664fe59097106c67c3f847");

const checkoutStarted: JourneyEvent = {
  type: "checkout-started",
  at: at("2026-07-01T12:00:00Z"),
  checkoutId: co,
  providerId: asu,
  method: "card",
  idempotencyKey: "k1",
  price: { amount: 60000, currency: "USD" },
  creditHours: 3,
};
const paid: JourneyEvent = { type: "payment-succeeded", at: at("2026-07-01T12:03:00Z"), checkoutId: co, paymentId: pay, amount: 60000, currency: "USD" };
const requested: JourneyEvent = { type: "credit-requested", at: at("2026-07-02T09:00:00Z"), requestId: req, providerId: asu };
const decided = (status: "approved" | "rejected"): JourneyEvent => ({
  type: "credit-decided",
  at: at("2026-07-09T09:00:00Z"),
  requestId: req,
  status,
  source: "provider-callback",
});

describe("§6 explanations after eligibility follow the purchase", () => {
  const cases: [string, JourneyEvent[], string, unknown][] = [
    ["an open checkout", [checkoutStarted], "complete-checkout", { code: "complete-checkout" }],
    ["paid, not requested", [checkoutStarted, paid], "complete-credit", { code: "complete-credit" }],
    ["a pending request", [checkoutStarted, paid, requested], "await-decision", { code: "await-decision" }],
    ["approved", [checkoutStarted, paid, requested, decided("approved")], "credit-decided", { code: "credit-decided", status: "approved" }],
    ["rejected", [checkoutStarted, paid, requested, decided("rejected")], "credit-decided", { code: "credit-decided", status: "rejected" }],
  ];
  for (const [name, events, , step] of cases) {
    it(`§6 ${name} explains ${JSON.stringify(step)}`, () => {
      const e = evaluateEligibility(P, appendEvents(eligible, events), at("2026-07-20T00:00:00Z"));
      expect(e.explanation.nextSteps).toEqual([step]);
      expect(e.explanation.message.length).toBeGreaterThan(10);
    });
  }

  it("§6 a paid learner stays eligible after the deadline (credit paid)", () => {
    const e = evaluateEligibility(P, appendEvents(eligible, [checkoutStarted, paid]), at("2028-01-01T00:00:00Z"));
    expect(e.status).toBe("eligible");
    expect(e.paid).toBe(true);
  });

  it("§6 after the deadline an open checkout still explains complete-checkout (it may still succeed)", () => {
    const e = evaluateEligibility(P, appendEvents(eligible, [checkoutStarted]), at("2027-07-01T00:00:00Z"));
    expect(e.status).toBe("expired");
    expect(e.explanation.nextSteps).toEqual([{ code: "complete-checkout" }]);
  });

  it("§6 finalGrade stops following grades once credit is requested", () => {
    const withGrade = run(P, [["2026-07-05T00:00:00Z", { type: "grade-updated", grade: 0.99 }]], {
      record: appendEvents(eligible, [checkoutStarted, paid, requested]),
      effects: [],
    }).record;
    expect(evaluateEligibility(P, withGrade, at("2026-07-06T00:00:00Z")).finalGrade).toBe(0.85);
    const beforeRequest = run(P, [["2026-07-01T13:00:00Z", { type: "grade-updated", grade: 0.91 }]], {
      record: appendEvents(eligible, [checkoutStarted, paid]),
      effects: [],
    }).record;
    expect(evaluateEligibility(P, beforeRequest, at("2026-07-06T00:00:00Z")).finalGrade).toBe(0.91);
  });

  it("§6 a policy without a grade requirement has no finalGrade", () => {
    const p = policy({ requirements: [{ kind: "custom", id: "x", displayName: "X" }] });
    const j = run(p, [
      ["2026-01-10T09:00:00Z", { type: "enrolled", mode: "verified" }],
      ["2026-01-10T09:05:00Z", { type: "initial-verification", result: "approved" }],
      ["2026-02-01T00:00:00Z", { type: "requirement-recorded", requirementId: rid("x"), status: "satisfied" }],
    ]);
    expect(evaluateEligibility(p, j.record, at("2026-02-02T00:00:00Z")).finalGrade).toBeUndefined();
  });
});

describe("§6 progress view: criteria and headlines", () => {
  const p = policy({
    endsAt: undefined,
    requirements: [
      { kind: "grade", id: "grade", minGrade: 0.755 },
      { kind: "proctored-exam", id: "final-exam", displayName: "Final exam", passingScore: 0.6 },
      { kind: "identity-reverification", id: "photo", displayName: "Photo ID", dueAt: "2026-03-01T12:00:00Z" },
      { kind: "identity-reverification", id: "photo2", displayName: "Second photo ID" },
      { kind: "custom", id: "essay", displayName: "Write an essay" },
    ],
  });

  it("§6 each kind has its criterion text", () => {
    const e = evaluateEligibility(p, run(p, []).record, at("2026-01-01T00:00:00Z"));
    const v = toProgressView(p, e, { timeZone: "America/New_York" });
    expect(v.requirements.map((r) => r.criterion)).toEqual([
      "Minimum grade 75.5%",
      "Score at least 60% and pass the proctoring review",
      "Verify your identity by 1 March 2026, 07:00 (America/New_York) (needs a computer with a webcam)",
      "Verify your identity (needs a computer with a webcam)",
      "Write an essay",
    ]);
    expect(v.headline).toBe("Enroll in the verified track to earn credit");
  });

  it("§6 headlines for not-eligible, in-progress and expired", () => {
    const notEligible = run(P, [...passesEverything.slice(0, 2), ["2026-03-01T00:00:00Z", { type: "exam-attempt", examId: rid("final-exam"), status: "declined" }]]);
    expect(toProgressView(P, evaluateEligibility(P, notEligible.record, at("2026-03-02T00:00:00Z"))).headline).toBe("You are no longer eligible for credit");
    const inProgress = run(P, passesEverything.slice(0, 2));
    expect(toProgressView(P, evaluateEligibility(P, inProgress.record, at("2026-03-02T00:00:00Z"))).headline).toBe(
      "Complete these requirements to become eligible for credit",
    );
    expect(toProgressView(P, evaluateEligibility(P, eligible, at("2028-01-01T00:00:00Z"))).headline).toBe("The deadline to purchase credit has passed");
  });

  it("§6 a view of a hand-made evaluation: satisfied without an instant, eligible without a deadline, unknown requirement ids skipped", () => {
    const base = evaluateEligibility(P, eligible, at("2026-07-01T00:00:00Z"));
    const handMade: EligibilityEvaluation = {
      status: "eligible",
      requirements: [
        { requirementId: toRequirementId("grade"), status: "satisfied" },
        { requirementId: toRequirementId("gone"), status: "pending" },
      ],
      recorded: true,
      paid: false,
      enrollment: { ok: true },
      explanation: base.explanation,
    };
    const v = toProgressView(P, handMade);
    expect(v.headline).toBe("You are eligible for credit");
    expect(v.requirements).toHaveLength(1);
    expect(v.requirements[0]?.label).toBe("Completed");
    expect(v.requirements[0]?.statusDate).toBeUndefined();
  });

  it("§6 progress view falls back to UTC for an unknown zone", () => {
    const v = toProgressView(P, evaluateEligibility(P, eligible, at("2026-07-01T00:00:00Z")), { timeZone: "Mars/Olympus" });
    expect(v.deadline).toBe("30 June 2027, 23:59 (UTC)");
  });
});

describe("§2 explanation messages name dates in the learner's zone", () => {
  const now = at("2026-07-01T00:00:00Z");

  it("evaluateEligibility writes the deadline in the zone it is given, and in UTC by default", () => {
    expect(evaluateEligibility(P, eligible, now, { timeZone: "America/New_York" }).explanation.message).toBe(
      "You are eligible for credit. Purchase it before 30 June 2027, 19:59 (America/New_York).",
    );
    expect(evaluateEligibility(P, eligible, now).explanation.message).toBe("You are eligible for credit. Purchase it before 30 June 2027, 23:59 (UTC).");
    expect(evaluateEligibility(P, eligible, at("2027-07-01T00:00:00Z"), { timeZone: "Asia/Kathmandu" }).explanation.message).toBe(
      "The deadline to purchase credit passed on 1 July 2027, 05:44 (Asia/Kathmandu).",
    );
  });

  it("the progress view's message and headline give the deadline in the same zone, whatever zone the evaluation was made in", () => {
    const view = toProgressView(P, evaluateEligibility(P, eligible, now), { timeZone: "America/New_York" });
    expect(view.headline).toBe("You are eligible for credit until 30 June 2027, 19:59 (America/New_York)");
    expect(view.message).toBe("You are eligible for credit. Purchase it before 30 June 2027, 19:59 (America/New_York).");
  });
});

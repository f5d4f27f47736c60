import { describe, expect, it } from "vitest";
import { checkEnrollment, evaluateEligibility } from "../../src/eligibility/evaluate.js";
import { explainEligibility } from "../../src/eligibility/explain.js";
import { toProgressView } from "../../src/eligibility/progress.js";
import { toCheckoutId, toPaymentId, toProviderId, toRequestId } from "../../src/ids/index.js";
import { appendEvents, type JourneyEvent } from "../../src/journey/record.js";
import { at, passesEverything, policy, rid, run, verifiedLearner } from "../fixtures.js";

// Pins details of §6 evaluations that the scenario-style tests leave open: every field of the
// evaluation, the explanation of each status, and the progress view's optional fields.

const P = policy();
const eligible = run(P, passesEverything).record;
const co = toCheckoutId("co-1");
const asu = toProviderId("asu");
const req = toRequestId("557168d0f7664fe59097106c67c3f847");
const started: JourneyEvent = {
  type: "checkout-started",
  at: at("2026-07-01T12:00:00Z"),
  checkoutId: co,
  providerId: asu,
  method: "card",
  idempotencyKey: "k1",
  price: { amount: 60000, currency: "USD" },
  creditHours: 3,
};
const paid: JourneyEvent = { type: "payment-succeeded", at: at("2026-07-01T12:03:00Z"), checkoutId: co, paymentId: toPaymentId("pay-1"), amount: 60000, currency: "USD" };
const requested: JourneyEvent = { type: "credit-requested", at: at("2026-07-02T09:00:00Z"), requestId: req, providerId: asu };
const decided = (status: "approved" | "rejected"): JourneyEvent => ({ type: "credit-decided", at: at("2026-07-09T09:00:00Z"), requestId: req, status, source: "provider-callback" });
const afterDeadline = at("2028-01-01T00:00:00Z");

describe("§6 after the deadline, credit paid keeps the learner eligible, whatever the request's state", () => {
  const cases: [string, JourneyEvent[]][] = [
    ["paid, not requested", [started, paid]],
    ["a pending request", [started, paid, requested]],
    ["an approved request", [started, paid, requested, decided("approved")]],
    ["a rejected request", [started, paid, requested, decided("rejected")]],
  ];
  for (const [name, events] of cases) {
    it(`§6 ${name}: eligible and paid after the deadline`, () => {
      const e = evaluateEligibility(P, appendEvents(eligible, events), afterDeadline);
      expect(e.status).toBe("eligible");
      expect(e.paid).toBe(true);
      expect(e.recorded).toBe(true);
    });
  }

  it("§6 an open checkout is not paid: expired after the deadline, paid false", () => {
    const e = evaluateEligibility(P, appendEvents(eligible, [started]), afterDeadline);
    expect(e.status).toBe("expired");
    expect(e.paid).toBe(false);
  });
});

describe("§6 evaluations before a grant are unrecorded and unpaid", () => {
  it("§6 needs-verified-enrollment, not-eligible, in-progress and unrecorded eligible all say recorded: false, paid: false", () => {
    const states = [
      evaluateEligibility(P, run(P, []).record, at("2026-02-01T00:00:00Z")),
      evaluateEligibility(P, run(P, [...verifiedLearner, ["2026-02-01T00:00:00Z", { type: "exam-attempt", examId: rid("final-exam"), status: "declined" }]]).record, at("2026-02-02T00:00:00Z")),
      evaluateEligibility(P, run(P, verifiedLearner).record, at("2026-02-01T00:00:00Z")),
      evaluateEligibility(policy({ requirements: [{ kind: "grade", id: "grade" }] }), run(P, [...verifiedLearner, ["2026-02-01T00:00:00Z", { type: "grade-updated", grade: 0.9 }]]).record, at("2026-02-02T00:00:00Z")),
    ];
    expect(states.map((s) => s.status)).toEqual(["needs-verified-enrollment", "not-eligible", "in-progress", "eligible"]);
    for (const s of states) {
      expect(s.recorded).toBe(false);
      expect(s.paid).toBe(false);
    }
  });

  it("§6 an unrecorded grant carries the would-be grant instant, deadline and final grade", () => {
    const gradeOnly = policy({ requirements: [{ kind: "grade", id: "grade" }] });
    const record = run(P, [...verifiedLearner, ["2026-02-01T00:00:00Z", { type: "grade-updated", grade: 0.9 }]]).record;
    const e = evaluateEligibility(gradeOnly, record, at("2026-02-02T00:00:00Z"));
    expect(e.grantedAt).toEqual(at("2026-02-02T00:00:00Z"));
    expect(e.deadline).toEqual(at("2027-06-30T23:59:00Z"));
    expect(e.finalGrade).toBe(0.9);
    expect(e.requirements).toEqual([{ requirementId: "grade", status: "satisfied", at: at("2026-02-01T00:00:00Z"), reason: { code: "final-grade", finalGrade: 0.9 } }]);
  });

  it("§6 without a grade requirement there is no finalGrade field at all, recorded or not", () => {
    const customOnly = policy({ requirements: [{ kind: "custom", id: "lab", displayName: "Lab" }] });
    const record = run(customOnly, [...verifiedLearner, ["2026-02-01T00:00:00Z", { type: "requirement-recorded", requirementId: rid("lab"), status: "satisfied" }]]).record;
    const recorded = evaluateEligibility(customOnly, record, at("2026-02-02T00:00:00Z"));
    const unrecorded = evaluateEligibility(customOnly, run(customOnly, verifiedLearner).record, at("2026-02-02T00:00:00Z"));
    expect(recorded.recorded).toBe(true);
    expect("finalGrade" in recorded).toBe(false);
    expect(recorded.requirements).toEqual([{ requirementId: "lab", status: "satisfied", at: at("2026-02-01T00:00:00Z"), reason: { code: "recorded" } }]);
    expect(unrecorded.status).toBe("in-progress");
    expect("finalGrade" in unrecorded).toBe(false);
  });

  it("§6 an unrecorded grant without a grade requirement has no finalGrade field", () => {
    const examOnly = policy({ requirements: [] });
    const e = evaluateEligibility(examOnly, run(P, verifiedLearner).record, at("2026-02-02T00:00:00Z"));
    expect(e.status).toBe("eligible");
    expect(e.recorded).toBe(false);
    expect("finalGrade" in e).toBe(false);
  });
});

describe("§6 the final grade", () => {
  it("§6 finalGrade comes from the grade requirement even when an exam is listed first", () => {
    const examFirst = policy({
      requirements: [
        { kind: "proctored-exam", id: "final-exam", displayName: "Final exam", passingScore: 0.6 },
        { kind: "grade", id: "grade", minGrade: 0.8 },
      ],
    });
    const e = evaluateEligibility(examFirst, run(examFirst, passesEverything).record, at("2026-06-04T00:00:00Z"));
    expect(e.finalGrade).toBe(0.85);
    expect(e.requirements.map((r) => r.reason)).toEqual([
      { code: "exam", attempt: "verified", score: 0.7, review: "clean" },
      { code: "final-grade", finalGrade: 0.85 },
    ]);
  });

  it("§6 an inactive grade requirement gives no finalGrade", () => {
    const inactive = policy({
      requirements: [
        { kind: "grade", id: "grade", minGrade: 0.8, active: false },
        { kind: "proctored-exam", id: "final-exam", displayName: "Final exam", passingScore: 0.6 },
      ],
    });
    const e = evaluateEligibility(inactive, run(inactive, passesEverything).record, at("2026-06-04T00:00:00Z"));
    expect(e.status).toBe("eligible");
    expect("finalGrade" in e).toBe(false);
  });

  it("§6 finalGrade stops following passing grades once credit is requested", () => {
    const record = appendEvents(eligible, [started, paid, requested, { type: "grade-updated", grade: 0.97, at: at("2026-07-03T00:00:00Z") }]);
    const e = evaluateEligibility(P, record, at("2026-07-04T00:00:00Z"));
    expect(e.finalGrade).toBe(0.85);
    const before = evaluateEligibility(P, appendEvents(eligible, [{ type: "grade-updated", grade: 0.97, at: at("2026-06-20T00:00:00Z") }]), at("2026-07-04T00:00:00Z"));
    expect(before.finalGrade).toBe(0.97);
  });

  it("§6 a failed grade keeps its own reason after the grant of another path (only a satisfied grade shows final-grade)", () => {
    const late = policy({ requirements: [{ kind: "grade", id: "grade" }, { kind: "custom", id: "lab", displayName: "Lab" }] });
    const record = run(late, [...verifiedLearner, ["2026-07-10T00:00:00Z", { type: "grade-updated", grade: 0.9 }]]).record;
    const e = evaluateEligibility(late, record, at("2026-07-11T00:00:00Z"));
    expect(e.status).toBe("not-eligible");
    expect(e.requirements[0]).toEqual({ requirementId: "grade", status: "failed", at: at("2026-06-30T23:59:00Z"), reason: { code: "late", grade: 0.9 } });
    expect(e.finalGrade).toBeUndefined();
  });
});

describe("§3 requirements added after the grant are shown as they stood at the grant", () => {
  it("§3 an added requirement already met before the grant shows satisfied; one met only after it shows pending", () => {
    const record = run(P, [
      ["2026-01-10T09:00:00Z", { type: "requirement-recorded", requirementId: rid("essay"), status: "satisfied" }],
      ...passesEverything,
      ["2026-06-10T00:00:00Z", { type: "requirement-recorded", requirementId: rid("lab"), status: "satisfied" }],
    ]).record;
    const changed = policy({
      requirements: [
        { kind: "grade", id: "grade", minGrade: 0.8 },
        { kind: "proctored-exam", id: "final-exam", displayName: "Final exam", passingScore: 0.6 },
        { kind: "custom", id: "essay", displayName: "Essay" },
        { kind: "custom", id: "lab", displayName: "Lab" },
      ],
    });
    const e = evaluateEligibility(changed, record, at("2026-08-01T00:00:00Z"));
    expect(e.requirements.map((r) => [r.requirementId, r.status])).toEqual([
      ["grade", "satisfied"],
      ["final-exam", "satisfied"],
      ["essay", "satisfied"],
      ["lab", "pending"],
    ]);
    expect(e.status).toBe("eligible");
  });
});

describe("§4 the enrollment check", () => {
  it("§4 an unenrolled learner keeps their mode but is not enrolled", () => {
    const record = run(P, [...verifiedLearner, ["2026-02-01T00:00:00Z", { type: "unenrolled" }]]).record;
    expect(record.enrollment.mode).toBe("verified");
    expect(checkEnrollment(P, record)).toEqual({ ok: false, reason: "not-enrolled" });
  });

  it("§4 mode not eligible names the mode; missing verification names it too", () => {
    expect(checkEnrollment(P, run(P, [["2026-01-10T09:00:00Z", { type: "enrolled", mode: "audit" }]]).record)).toEqual({ ok: false, reason: "mode-not-eligible", mode: "audit" });
    expect(checkEnrollment(P, run(P, [["2026-01-10T09:00:00Z", { type: "enrolled", mode: "verified" }]]).record)).toEqual({
      ok: false,
      reason: "verification-required",
      mode: "verified",
    });
    expect(checkEnrollment(P, run(P, verifiedLearner).record)).toEqual({ ok: true });
  });
});

describe("§6 explanations, status by status", () => {
  const now = at("2026-02-01T00:00:00Z");

  it("§6 not enrolled: enroll, and the message says to enroll", () => {
    const e = evaluateEligibility(P, run(P, []).record, now);
    expect(e.explanation.message).toBe("Enroll in the verified track to become eligible for credit.");
    expect(e.explanation.nextSteps[0]).toEqual({ code: "enroll" });
  });

  it("§6 audit: upgrade-to-verified with the mode, and the message says to upgrade", () => {
    const e = evaluateEligibility(P, run(P, [["2026-01-10T09:00:00Z", { type: "enrolled", mode: "audit" }]]).record, now);
    expect(e.explanation.message).toBe("Upgrade to the verified track to become eligible for credit.");
    expect(e.explanation.nextSteps.filter((s) => s.code === "upgrade-to-verified" || s.code === "verify-identity" || s.code === "enroll")).toEqual([
      { code: "upgrade-to-verified", mode: "audit" },
    ]);
  });

  it("§6 verification missing: verify-identity only, and the message says to verify", () => {
    const e = evaluateEligibility(P, run(P, [["2026-01-10T09:00:00Z", { type: "enrolled", mode: "verified" }]]).record, now);
    expect(e.explanation.message).toBe("Verify your identity to become eligible for credit.");
    expect(e.explanation.nextSteps.filter((s) => s.code === "upgrade-to-verified" || s.code === "verify-identity" || s.code === "enroll")).toEqual([{ code: "verify-identity" }]);
  });

  it("§6 needs-verified-enrollment also lists the requirements still to do", () => {
    const e = evaluateEligibility(P, run(P, []).record, now);
    expect(e.explanation.nextSteps).toEqual([
      { code: "enroll" },
      { code: "raise-grade", requirementId: "grade", minimum: 0.8, by: at("2026-06-30T23:59:00Z") },
      { code: "take-exam", examId: "final-exam", by: at("2026-06-30T23:59:00Z") },
    ]);
  });

  it("§6 not-eligible lists every failed and declined requirement, then the verified certificate", () => {
    const two = policy({
      requirements: [
        { kind: "custom", id: "a", displayName: "A" },
        { kind: "custom", id: "b", displayName: "B" },
        { kind: "custom", id: "c", displayName: "C" },
      ],
    });
    const record = run(two, [
      ...verifiedLearner,
      ["2026-02-01T00:00:00Z", { type: "requirement-recorded", requirementId: rid("a"), status: "failed" }],
      ["2026-02-01T00:00:00Z", { type: "requirement-recorded", requirementId: rid("b"), status: "declined" }],
    ]).record;
    const e = evaluateEligibility(two, record, at("2026-02-02T00:00:00Z"));
    expect(e.explanation).toEqual({
      nextSteps: [
        { code: "requirement-not-met", requirementId: "a", status: "failed" },
        { code: "requirement-not-met", requirementId: "b", status: "declined" },
        { code: "earn-verified-certificate" },
      ],
      message: "You are no longer eligible for credit in this course. You can still earn a verified certificate.",
    });
  });

  it("§6 in-progress counts the remaining requirements in its message, singular and plural, and skips satisfied ones", () => {
    const one = evaluateEligibility(P, run(P, [...verifiedLearner, ["2026-02-01T00:00:00Z", { type: "grade-updated", grade: 0.9 }]]).record, now);
    expect(one.explanation.message).toBe("Complete the remaining requirement to become eligible for credit.");
    expect(one.explanation.nextSteps).toEqual([{ code: "take-exam", examId: "final-exam", by: at("2026-06-30T23:59:00Z") }]);
    const two = evaluateEligibility(P, run(P, verifiedLearner).record, now);
    expect(two.explanation.message).toBe("Complete the remaining 2 requirements to become eligible for credit.");
  });

  it("§6 raise-grade shows the latest grade (not exam scores), and no course end when the course has none", () => {
    const open = policy({ endsAt: undefined });
    const record = run(open, [
      ...verifiedLearner,
      ["2026-02-01T00:00:00Z", { type: "grade-updated", grade: 0.5 }],
      ["2026-02-02T00:00:00Z", { type: "grade-updated", grade: 0.6 }],
      ["2026-02-03T00:00:00Z", { type: "exam-graded", examId: rid("final-exam"), score: 0.3 }],
    ]).record;
    const e = evaluateEligibility(open, record, at("2026-02-04T00:00:00Z"));
    expect(e.explanation.nextSteps).toEqual([
      { code: "raise-grade", requirementId: "grade", current: 0.6, minimum: 0.8 },
      { code: "take-exam", examId: "final-exam" },
    ]);
  });

  it("§5.2 an exam submitted and graded but not yet reviewed waits for the review; verified without a score waits for the grade", () => {
    const submitted = run(P, [...verifiedLearner, ["2026-02-01T00:00:00Z", { type: "exam-attempt", examId: rid("final-exam"), status: "submitted" }]]).record;
    expect(evaluateEligibility(P, submitted, now).explanation.nextSteps).toContainEqual({ code: "await-review", examId: "final-exam" });
    const reviewed = run(P, [
      ...verifiedLearner,
      ["2026-02-01T00:00:00Z", { type: "exam-attempt", examId: rid("final-exam"), status: "submitted" }],
      ["2026-02-01T01:00:00Z", { type: "exam-reviewed", examId: rid("final-exam"), result: "clean", reviewer: "automated" }],
    ]).record;
    expect(evaluateEligibility(P, reviewed, at("2026-02-02T00:00:00Z")).explanation.nextSteps).toContainEqual({ code: "await-exam-grade", examId: "final-exam" });
    const secondReview = run(P, [
      ...verifiedLearner,
      ["2026-02-01T00:00:00Z", { type: "exam-attempt", examId: rid("final-exam"), status: "submitted" }],
      ["2026-02-01T01:00:00Z", { type: "exam-reviewed", examId: rid("final-exam"), result: "suspicious", reviewer: "automated" }],
    ]).record;
    expect(evaluateEligibility(P, secondReview, at("2026-02-02T00:00:00Z")).explanation.nextSteps).toContainEqual({ code: "await-review", examId: "final-exam" });
  });

  it("§5.3 reverify carries the due date only when the checkpoint has one", () => {
    const checks = policy({
      requirements: [
        { kind: "identity-reverification", id: "c1", displayName: "Check 1", dueAt: "2026-05-01T00:00:00Z" },
        { kind: "identity-reverification", id: "c2", displayName: "Check 2" },
      ],
    });
    const e = evaluateEligibility(checks, run(checks, verifiedLearner).record, now);
    expect(e.explanation.nextSteps).toEqual([
      { code: "reverify", checkpointId: "c1", needsWebcam: true, by: at("2026-05-01T00:00:00Z") },
      { code: "reverify", checkpointId: "c2", needsWebcam: true },
    ]);
  });

  it("§6 eligible and expired messages name the deadline in UTC; decisions have their own messages", () => {
    expect(evaluateEligibility(P, eligible, at("2026-07-01T00:00:00Z")).explanation.message).toBe("You are eligible for credit. Purchase it before 30 June 2027, 23:59 (UTC).");
    expect(evaluateEligibility(P, eligible, afterDeadline).explanation).toEqual({
      nextSteps: [{ code: "deadline-passed", deadline: at("2027-06-30T23:59:00Z") }],
      message: "The deadline to purchase credit passed on 30 June 2027, 23:59 (UTC).",
    });
    expect(evaluateEligibility(P, appendEvents(eligible, [started, paid, requested, decided("approved")]), afterDeadline).explanation.message).toBe("The provider granted you credit.");
    expect(evaluateEligibility(P, appendEvents(eligible, [started, paid, requested, decided("rejected")]), afterDeadline).explanation.message).toBe(
      "The provider did not grant credit; contact the provider.",
    );
  });

  it("§6 statuses of requirements the policy does not know are skipped by the explanation", () => {
    const e = evaluateEligibility(P, run(P, verifiedLearner).record, now);
    const withStranger = { ...e, requirements: [{ requirementId: rid("unknown"), status: "pending" as const }, ...e.requirements] };
    expect(explainEligibility(P, run(P, verifiedLearner).record, withStranger, now).nextSteps).toEqual(e.explanation.nextSteps);
  });
});

describe("§6 progress view details", () => {
  it("§6 pending requirements have no status date; reached ones do, in the default UTC zone", () => {
    const e = evaluateEligibility(P, run(P, [...verifiedLearner, ["2026-02-01T10:30:00Z", { type: "grade-updated", grade: 0.9 }]]).record, at("2026-02-02T00:00:00Z"));
    const view = toProgressView(P, e);
    expect(view.requirements[0]?.statusDate).toBe("1 February 2026, 10:30 (UTC)");
    expect("statusDate" in (view.requirements[1] ?? {})).toBe(false);
    expect("deadline" in view).toBe(false);
  });

  it("§5.3 only identity reverifications need a webcam; the eligible view carries the deadline", () => {
    const checks = policy({
      requirements: [
        { kind: "grade", id: "grade" },
        { kind: "identity-reverification", id: "c1", displayName: "Check 1" },
      ],
    });
    const view = toProgressView(checks, evaluateEligibility(checks, run(checks, verifiedLearner).record, at("2026-02-02T00:00:00Z")));
    expect(view.requirements.map((r) => r.needsWebcam)).toEqual([false, true]);
    const eligibleView = toProgressView(P, evaluateEligibility(P, eligible, at("2026-07-01T00:00:00Z")));
    expect(eligibleView.deadline).toBe("30 June 2027, 23:59 (UTC)");
  });
});

describe("§6 further details of frozen statuses and the final grade", () => {
  it("§3 a course with no requirements at the grant: a requirement added later shows as it stood at the grant", () => {
    const none = policy({ requirements: [] });
    const record = run(none, [["2026-01-10T08:00:00Z", { type: "requirement-recorded", requirementId: rid("essay"), status: "satisfied" }], ...verifiedLearner]).record;
    expect(record.grant?.requirements).toEqual([]);
    const added = policy({ requirements: [{ kind: "custom", id: "essay", displayName: "Essay" }] });
    expect(evaluateEligibility(added, record, at("2026-03-01T00:00:00Z")).requirements).toEqual([
      { requirementId: "essay", status: "satisfied", at: at("2026-01-10T08:00:00Z"), reason: { code: "recorded" } },
    ]);
  });

  it("§6 evaluated at an instant before the credit request, the final grade ignores grades after that instant", () => {
    const record = appendEvents(eligible, [
      { type: "grade-updated", grade: 0.93, at: at("2026-06-25T00:00:00Z") },
      started,
      paid,
      requested,
    ]);
    expect(evaluateEligibility(P, record, at("2026-06-20T00:00:00Z")).finalGrade).toBe(0.85);
    expect(evaluateEligibility(P, record, at("2026-07-20T00:00:00Z")).finalGrade).toBe(0.93);
  });

  it("§6 only the grade requirement's reason shows the final grade; the exam keeps its own", () => {
    const e = evaluateEligibility(P, eligible, at("2026-06-04T00:00:00Z"));
    expect(e.requirements.map((r) => r.reason)).toEqual([
      { code: "final-grade", finalGrade: 0.85 },
      { code: "exam", attempt: "verified", score: 0.7, review: "clean" },
    ]);
  });

  it("§6 next steps carry `current` and `by` only when known", () => {
    const open = policy({ endsAt: undefined, requirements: [{ kind: "grade", id: "grade" }, { kind: "proctored-exam", id: "final-exam", displayName: "Final", passingScore: 0.6 }, { kind: "identity-reverification", id: "c1", displayName: "Check" }] });
    const steps = evaluateEligibility(open, run(open, verifiedLearner).record, at("2026-02-01T00:00:00Z")).explanation.nextSteps;
    expect(steps).toHaveLength(3);
    for (const step of steps) {
      expect("by" in step, step.code).toBe(false);
      expect("current" in step, step.code).toBe(false);
    }
  });
});

describe("§6 a grant due only after a policy change, after its own deadline", () => {
  it("§6 unrecorded and past the course-end deadline: expired, with the deadline counted from the course end", () => {
    const record = run(P, [...verifiedLearner, ["2026-02-01T00:00:00Z", { type: "grade-updated", grade: 0.9 }]]).record;
    const gradeOnly = policy({ requirements: [{ kind: "grade", id: "grade" }], purchaseWindow: { anchor: "course-end", length: { days: 1 } } });
    const e = evaluateEligibility(gradeOnly, record, at("2026-08-01T00:00:00Z"));
    expect(e).toMatchObject({ status: "expired", recorded: false, deadline: at("2026-07-01T23:59:00Z") });
    expect(e.explanation.nextSteps).toEqual([{ code: "deadline-passed", deadline: at("2026-07-01T23:59:00Z") }]);
  });
});

import { describe, expect, it } from "vitest";
import { evaluateEligibility } from "../../src/eligibility/evaluate.js";
import { toProgressView } from "../../src/eligibility/progress.js";
import { reduceJourney, reevaluateJourney } from "../../src/journey/reducer.js";
import { at, passesEverything, policy, rid, run, verifiedLearner } from "../fixtures.js";

const P = policy();

describe("§6 needs-verified-enrollment", () => {
  it("§6 a learner who never enrolled needs a verified enrollment, with `enroll` as the next step", () => {
    const j = run(P, []);
    const e = evaluateEligibility(P, j.record, at("2026-02-01T00:00:00Z"));
    expect(e.status).toBe("needs-verified-enrollment");
    expect(e.explanation.nextSteps[0]).toEqual({ code: "enroll" });
  });

  it("§4 an audit learner sees needs-verified-enrollment with the upgrade as the next step, while outcomes are still recorded", () => {
    const j = run(P, [
      ["2026-01-10T09:00:00Z", { type: "enrolled", mode: "audit" }],
      ["2026-01-10T09:05:00Z", { type: "initial-verification", result: "approved" }],
      ["2026-05-01T10:00:00Z", { type: "grade-updated", grade: 0.9 }],
    ]);
    const e = evaluateEligibility(P, j.record, at("2026-05-02T00:00:00Z"));
    expect(e.status).toBe("needs-verified-enrollment");
    expect(e.explanation.nextSteps[0]).toEqual({ code: "upgrade-to-verified", mode: "audit" });
    expect(e.requirements.find((r) => r.requirementId === "grade")?.status).toBe("satisfied");
  });

  it("§4 initial verification not approved keeps the learner at needs-verified-enrollment", () => {
    for (const result of ["submitted", "denied", "expired"] as const) {
      const j = run(P, [
        ["2026-01-10T09:00:00Z", { type: "enrolled", mode: "verified" }],
        ["2026-01-10T09:05:00Z", { type: "initial-verification", result }],
      ]);
      const e = evaluateEligibility(P, j.record, at("2026-02-01T00:00:00Z"));
      expect(e.status).toBe("needs-verified-enrollment");
      expect(e.explanation.nextSteps[0]).toEqual({ code: "verify-identity" });
    }
  });

  it("§3 requireInitialVerification: false needs no initial verification", () => {
    const p = policy({ requireInitialVerification: false });
    const j = run(p, [["2026-01-10T09:00:00Z", { type: "enrolled", mode: "verified" }]]);
    expect(evaluateEligibility(p, j.record, at("2026-02-01T00:00:00Z")).status).toBe("in-progress");
  });

  it("§4 unenrolling before eligibility returns the learner to needs-verified-enrollment", () => {
    const j = run(P, [...verifiedLearner, ["2026-02-01T00:00:00Z", { type: "unenrolled" }]]);
    expect(evaluateEligibility(P, j.record, at("2026-02-02T00:00:00Z")).status).toBe("needs-verified-enrollment");
  });

  it("§4 the audit → verified upgrade after every requirement is satisfied grants eligibility at the upgrade instant", () => {
    const j = run(P, [
      ["2026-01-10T09:00:00Z", { type: "enrolled", mode: "audit" }],
      ["2026-01-10T09:05:00Z", { type: "initial-verification", result: "approved" }],
      ...passesEverything.slice(2),
      ["2026-06-10T12:00:00Z", { type: "enrollment-mode-changed", mode: "verified" }],
    ]);
    const e = evaluateEligibility(P, j.record, at("2026-06-11T00:00:00Z"));
    expect(e.status).toBe("eligible");
    expect(e.grantedAt).toEqual(at("2026-06-10T12:00:00Z"));
    expect(j.effects).toHaveLength(1);
  });
});

describe("§6 not-eligible and in-progress", () => {
  it("§6 a declined requirement makes the learner not-eligible; a verified certificate is still possible", () => {
    const j = run(P, [...verifiedLearner, ["2026-03-01T00:00:00Z", { type: "exam-attempt", examId: rid("final-exam"), status: "declined" }]]);
    const e = evaluateEligibility(P, j.record, at("2026-03-02T00:00:00Z"));
    expect(e.status).toBe("not-eligible");
    expect(e.explanation.nextSteps).toEqual([
      { code: "requirement-not-met", requirementId: "final-exam", status: "declined" },
      { code: "earn-verified-certificate" },
    ]);
  });

  it("§6 a failed requirement makes the learner not-eligible", () => {
    const j = run(P, [...verifiedLearner, ["2026-07-01T00:00:00Z", { type: "grade-updated", grade: 0.5 }]]);
    expect(evaluateEligibility(P, j.record, at("2026-07-02T00:00:00Z")).status).toBe("not-eligible");
  });

  it("§6 needs-verified-enrollment comes before not-eligible", () => {
    const j = run(P, [
      ["2026-01-10T09:00:00Z", { type: "enrolled", mode: "audit" }],
      ["2026-03-01T00:00:00Z", { type: "exam-attempt", examId: rid("final-exam"), status: "declined" }],
    ]);
    expect(evaluateEligibility(P, j.record, at("2026-03-02T00:00:00Z")).status).toBe("needs-verified-enrollment");
  });

  it("§6 in-progress explains raise-grade with current grade, minimum and the course end", () => {
    const j = run(P, [...verifiedLearner, ["2026-04-01T00:00:00Z", { type: "grade-updated", grade: 0.72 }]]);
    const e = evaluateEligibility(P, j.record, at("2026-04-02T00:00:00Z"));
    expect(e.status).toBe("in-progress");
    expect(e.explanation.nextSteps).toContainEqual({ code: "raise-grade", requirementId: "grade", current: 0.72, minimum: 0.8, by: at("2026-06-30T23:59:00Z") });
    expect(e.explanation.nextSteps).toContainEqual({ code: "take-exam", examId: "final-exam", by: at("2026-06-30T23:59:00Z") });
  });

  it("§6 a submitted exam explains await-review", () => {
    const j = run(P, [...verifiedLearner, ["2026-06-01T10:00:00Z", { type: "exam-attempt", examId: rid("final-exam"), status: "submitted" }]]);
    const e = evaluateEligibility(P, j.record, at("2026-06-02T00:00:00Z"));
    expect(e.explanation.nextSteps).toContainEqual({ code: "await-review", examId: "final-exam" });
  });

  it("§5.2 a verified exam without a score explains await-exam-grade", () => {
    const j = run(P, [
      ...verifiedLearner,
      ["2026-06-01T10:00:00Z", { type: "exam-attempt", examId: rid("final-exam"), status: "submitted" }],
      ["2026-06-02T10:00:00Z", { type: "exam-reviewed", examId: rid("final-exam"), result: "clean", reviewer: "automated" }],
    ]);
    const e = evaluateEligibility(P, j.record, at("2026-06-03T00:00:00Z"));
    expect(e.explanation.nextSteps).toContainEqual({ code: "await-exam-grade", examId: "final-exam" });
  });

  it("§5.3/§5.4 reverification and custom requirements explain their next steps", () => {
    const p = policy({
      endsAt: undefined,
      requirements: [
        { kind: "identity-reverification", id: "midterm-photo", displayName: "Midterm ID check", dueAt: "2026-03-01T00:00:00Z" },
        { kind: "custom", id: "essay", displayName: "Essay" },
        { kind: "custom", id: "lab", displayName: "Lab" },
        { kind: "identity-reverification", id: "final-photo", displayName: "Final ID check" },
      ],
    });
    const j = run(p, [
      ...verifiedLearner,
      ["2026-02-01T00:00:00Z", { type: "requirement-recorded", requirementId: rid("lab"), status: "submitted" }],
      ["2026-02-01T00:00:00Z", { type: "reverification", checkpointId: rid("final-photo"), result: "submitted" }],
    ]);
    const e = evaluateEligibility(p, j.record, at("2026-02-02T00:00:00Z"));
    expect(e.explanation.nextSteps).toEqual([
      { code: "reverify", checkpointId: "midterm-photo", by: at("2026-03-01T00:00:00Z"), needsWebcam: true },
      { code: "complete-requirement", requirementId: "essay" },
      { code: "await-requirement", requirementId: "lab" },
      { code: "await-reverification", checkpointId: "final-photo" },
    ]);
    expect(e.explanation.message).toBe("Complete the remaining 4 requirements to become eligible for credit.");
  });
});

describe("§6 eligible and expired", () => {
  it("§6 eligibility is granted at the instant of the last satisfied requirement, with the course-end deadline, and one email", () => {
    const j = run(P, passesEverything);
    expect(j.record.grant?.at).toEqual(at("2026-06-03T08:00:00Z"));
    expect(j.record.grant?.deadline).toEqual(at("2027-06-30T23:59:00Z"));
    expect(j.effects).toEqual([
      { type: "send-email", template: "eligibility", idempotencyKey: "eligibility:course-v1:MITx+6.002x+2026_T1:42", deadline: at("2027-06-30T23:59:00Z") },
    ]);
    const e = evaluateEligibility(P, j.record, at("2026-06-03T08:00:00Z"));
    expect(e.status).toBe("eligible");
    expect(e.recorded).toBe(true);
    expect(e.explanation.nextSteps).toEqual([{ code: "purchase-before", deadline: at("2027-06-30T23:59:00Z") }]);
  });

  it("§6 the eligibility email is sent once, however many satisfying events follow", () => {
    const j = run(P, [...passesEverything, ["2026-06-04T00:00:00Z", { type: "grade-updated", grade: 0.95 }], ["2026-06-05T00:00:00Z", { type: "enrolled", mode: "verified" }]]);
    expect(j.effects).toHaveLength(1);
    expect(j.record.events.filter((e) => e.type === "eligibility-granted")).toHaveLength(1);
  });

  it("§2 the deadline instant itself is closed: eligible one millisecond before, expired at it", () => {
    const j = run(P, passesEverything);
    expect(evaluateEligibility(P, j.record, at("2027-06-30T23:58:59.999Z")).status).toBe("eligible");
    const e = evaluateEligibility(P, j.record, at("2027-06-30T23:59:00Z"));
    expect(e.status).toBe("expired");
    expect(e.explanation.nextSteps).toEqual([{ code: "deadline-passed", deadline: at("2027-06-30T23:59:00Z") }]);
  });

  it("§3 purchaseWindow with the eligibility anchor counts from the grant", () => {
    const p = policy({ purchaseWindow: { anchor: "eligibility", length: { days: 30 } } });
    const j = run(p, passesEverything);
    expect(j.record.grant?.deadline).toEqual(at("2026-07-03T08:00:00Z"));
  });

  it("§3 the course-end anchor falls back to eligibility when the course has no end", () => {
    const p = policy({ endsAt: undefined });
    const j = run(p, passesEverything);
    expect(j.record.grant?.deadline).toEqual(at("2027-06-03T08:00:00Z"));
  });

  it("§2 one year from Feb 29 is Feb 28", () => {
    const p = policy({ endsAt: undefined, requirements: [{ kind: "grade", id: "grade", minGrade: 0.8 }] });
    const j = run(p, [...verifiedLearner, ["2028-02-29T12:00:00Z", { type: "grade-updated", grade: 0.9 }]]);
    expect(j.record.grant?.deadline).toEqual(at("2029-02-28T12:00:00Z"));
  });

  it("§6 eligibility granted after its own deadline is expired at once and sends no email", () => {
    const p = policy({ endsAt: "2025-01-01T00:00:00Z", purchaseWindow: { anchor: "course-end", length: { days: 30 } }, requirements: [{ kind: "custom", id: "x", displayName: "X" }] });
    const j = run(p, [...verifiedLearner, ["2026-02-01T00:00:00Z", { type: "requirement-recorded", requirementId: rid("x"), status: "satisfied" }]]);
    expect(j.record.grant).toBeDefined();
    expect(j.effects).toEqual([]);
    expect(evaluateEligibility(p, j.record, at("2026-02-01T00:00:00Z")).status).toBe("expired");
  });

  it("§5.1 a grade exactly at minGrade makes the learner eligible", () => {
    const p = policy({ requirements: [{ kind: "grade", id: "grade", minGrade: 0.8 }] });
    const j = run(p, [...verifiedLearner, ["2026-05-01T00:00:00Z", { type: "grade-updated", grade: 0.8 }]]);
    expect(evaluateEligibility(p, j.record, at("2026-05-01T00:00:00Z")).status).toBe("eligible");
  });

  it("§6 events at equal instants: the grant happens at that instant, in log order", () => {
    const p = policy({ requirements: [{ kind: "grade", id: "grade" }, { kind: "custom", id: "x", displayName: "X" }] });
    const j = run(p, [
      ...verifiedLearner,
      ["2026-05-01T00:00:00Z", { type: "grade-updated", grade: 0.9 }],
      ["2026-05-01T00:00:00Z", { type: "requirement-recorded", requirementId: rid("x"), status: "satisfied" }],
    ]);
    expect(j.record.grant?.at).toEqual(at("2026-05-01T00:00:00Z"));
    expect(j.record.events.map((e) => e.type).slice(-2)).toEqual(["requirement-recorded", "eligibility-granted"]);
  });

  it("§6 events for unknown or inactive requirements are kept in the log and ignored", () => {
    const p = policy({ requirements: [{ kind: "grade", id: "grade" }, { kind: "custom", id: "old", displayName: "Old", active: false }] });
    const j = run(p, [
      ...verifiedLearner,
      ["2026-04-01T00:00:00Z", { type: "requirement-recorded", requirementId: rid("old"), status: "failed" }],
      ["2026-04-01T00:00:00Z", { type: "exam-attempt", examId: rid("no-such-exam"), status: "declined" }],
      ["2026-04-02T00:00:00Z", { type: "grade-updated", grade: 0.9 }],
    ]);
    const e = evaluateEligibility(p, j.record, at("2026-04-03T00:00:00Z"));
    expect(e.status).toBe("eligible");
    expect(e.requirements.map((r) => r.requirementId)).toEqual(["grade"]);
    expect(j.record.events).toHaveLength(6);
  });
});

describe("§6 sticky eligibility and frozen statuses", () => {
  it("§6 later failures never revoke eligibility and requirement statuses no longer change", () => {
    const j = run(P, [
      ...passesEverything,
      ["2026-06-05T00:00:00Z", { type: "exam-reviewed", examId: rid("final-exam"), result: "suspicious", reviewer: "human" }],
      ["2026-06-06T00:00:00Z", { type: "grade-updated", grade: 0.1 }],
      ["2026-06-07T00:00:00Z", { type: "unenrolled" }],
      ["2026-07-07T00:00:00Z", { type: "grade-updated", grade: 0.1 }],
    ]);
    const e = evaluateEligibility(P, j.record, at("2026-08-01T00:00:00Z"));
    expect(e.status).toBe("eligible");
    expect(e.requirements.map((r) => r.status)).toEqual(["satisfied", "satisfied"]);
  });

  it("§6 finalGrade keeps following later passing grades (and only those) after the grant", () => {
    const j = run(P, [
      ...passesEverything,
      ["2026-06-10T00:00:00Z", { type: "grade-updated", grade: 0.93 }],
      ["2026-06-11T00:00:00Z", { type: "grade-updated", grade: 0.5 }],
    ]);
    const e = evaluateEligibility(P, j.record, at("2026-06-12T00:00:00Z"));
    expect(e.finalGrade).toBe(0.93);
    expect(e.requirements[0]?.reason).toEqual({ code: "final-grade", finalGrade: 0.93 });
  });

  it("§3 a policy that changes after eligibility (a requirement added) keeps the learner eligible", () => {
    const j = run(P, passesEverything);
    const changed = policy({
      requirements: [
        { kind: "grade", id: "grade", minGrade: 0.95 },
        { kind: "proctored-exam", id: "final-exam", displayName: "Final exam", passingScore: 0.6 },
        { kind: "custom", id: "new-essay", displayName: "Essay" },
      ],
    });
    const e = evaluateEligibility(changed, j.record, at("2026-08-01T00:00:00Z"));
    expect(e.status).toBe("eligible");
    expect(e.requirements.map((r) => [r.requirementId, r.status])).toEqual([
      ["grade", "satisfied"],
      ["final-exam", "satisfied"],
      ["new-essay", "pending"],
    ]);
  });

  it("§3 deactivating the only unmet requirement lets re-evaluation grant eligibility once, at that instant", () => {
    const j = run(P, [...verifiedLearner, ["2026-05-01T00:00:00Z", { type: "grade-updated", grade: 0.9 }]]);
    const changed = policy({
      requirements: [
        { kind: "grade", id: "grade", minGrade: 0.8 },
        { kind: "proctored-exam", id: "final-exam", displayName: "Final exam", passingScore: 0.6, active: false },
      ],
    });
    const unrecorded = evaluateEligibility(changed, j.record, at("2026-05-10T00:00:00Z"));
    expect(unrecorded.status).toBe("eligible");
    expect(unrecorded.recorded).toBe(false);
    const step = reevaluateJourney(j.record, changed, at("2026-05-10T00:00:00Z"));
    expect(step.events.map((e) => e.type)).toEqual(["eligibility-granted"]);
    expect(step.effects).toHaveLength(1);
    expect(reevaluateJourney(step.record, changed, at("2026-05-11T00:00:00Z")).events).toEqual([]);
  });
});

describe("§3 the edx preset", () => {
  const edx = policy({ preset: "edx", endsAt: undefined });

  it("§3 edx preset accepts Open edX credit modes and takes a 365-day window from eligibility", () => {
    expect(edx.eligibleModes).toContain("professional");
    expect(edx.purchaseWindow).toEqual({ anchor: "eligibility", length: { days: 365 } });
    const j = run(edx, [
      ["2026-01-10T09:00:00Z", { type: "enrolled", mode: "professional" }],
      ["2026-01-10T09:05:00Z", { type: "initial-verification", result: "approved" }],
      ["2026-05-01T10:00:00Z", { type: "grade-updated", grade: 0.85 }],
      ["2026-06-01T10:00:00Z", { type: "exam-attempt", examId: rid("final-exam"), status: "submitted" }],
      ["2026-06-01T11:00:00Z", { type: "exam-graded", examId: rid("final-exam"), score: 0.7 }],
      ["2026-06-03T08:00:00Z", { type: "exam-reviewed", examId: rid("final-exam"), result: "rules-violation", reviewer: "automated" }],
    ]);
    expect(j.record.grant?.deadline).toEqual(at("2027-06-03T08:00:00Z"));
  });

  it("§3 the edx preset needs no exam score (proctoring.requireScore: false): the passing review grants eligibility; an explicit true restores the score", () => {
    expect(P.proctoring.requireScore).toBe(true);
    expect(edx.proctoring.requireScore).toBe(false);
    const events: Parameters<typeof run>[1] = [
      ["2026-01-10T09:00:00Z", { type: "enrolled", mode: "professional" }],
      ["2026-01-10T09:05:00Z", { type: "initial-verification", result: "approved" }],
      ["2026-05-01T10:00:00Z", { type: "grade-updated", grade: 0.85 }],
      ["2026-06-01T10:00:00Z", { type: "exam-attempt", examId: rid("final-exam"), status: "submitted" }],
      ["2026-06-03T08:00:00Z", { type: "exam-reviewed", examId: rid("final-exam"), result: "rules-violation", reviewer: "automated" }],
    ];
    const j = run(edx, events);
    expect(j.record.grant?.at).toEqual(at("2026-06-03T08:00:00Z"));
    expect(evaluateEligibility(edx, j.record, at("2026-06-04T00:00:00Z")).status).toBe("eligible");
    const scored = policy({ preset: "edx", endsAt: undefined, proctoring: { requireScore: true } });
    expect(scored.proctoring.requireScore).toBe(true);
    const k = run(scored, events);
    expect(k.record.grant).toBeUndefined();
    expect(evaluateEligibility(scored, k.record, at("2026-06-04T00:00:00Z")).requirements.find((r) => r.requirementId === "final-exam")?.status).toBe("submitted");
    expect(policy({ proctoring: { requireScore: false } }).proctoring.requireScore).toBe(false);
  });

  it("§3 the default policy does not accept rules-violation as a passing review", () => {
    const j = run(P, [...passesEverything.slice(0, -1), ["2026-06-03T08:00:00Z", { type: "exam-reviewed", examId: rid("final-exam"), result: "rules-violation", reviewer: "human" }]]);
    expect(evaluateEligibility(P, j.record, at("2026-06-04T00:00:00Z")).status).toBe("not-eligible");
  });
});

describe("§6 deadline-extended", () => {
  it("§6 deadline-extended before eligibility is refused with not-eligible", () => {
    const j = run(P, verifiedLearner);
    const r = reduceJourney(j.record, { type: "deadline-extended", until: at("2028-01-01T00:00:00Z"), at: at("2026-02-01T00:00:00Z") }, P);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe("not-eligible");
  });

  it("§6 deadline-extended must be later than the current deadline (equal is refused)", () => {
    const j = run(P, passesEverything);
    const r = reduceJourney(j.record, { type: "deadline-extended", until: at("2027-06-30T23:59:00Z"), at: at("2026-07-01T00:00:00Z") }, P);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe("deadline-not-later");
  });

  it("§6 deadline-extended moves one learner's deadline and re-opens an expired window", () => {
    const j = run(P, [...passesEverything, ["2027-07-05T00:00:00Z", { type: "deadline-extended", until: at("2027-08-01T00:00:00Z") }]]);
    const e = evaluateEligibility(P, j.record, at("2027-07-10T00:00:00Z"));
    expect(e.status).toBe("eligible");
    expect(e.deadline).toEqual(at("2027-08-01T00:00:00Z"));
  });
});

describe("§6 progress view", () => {
  it("§6 labels: Upcoming, Verification submitted, Completed on {date}, Minimum grade not met, Verification failed, Verification declined", () => {
    const p = policy({
      requirements: [
        { kind: "grade", id: "grade", minGrade: 0.8 },
        { kind: "proctored-exam", id: "midterm", displayName: "Midterm", passingScore: 0.5 },
        { kind: "proctored-exam", id: "final-exam", displayName: "Final exam", passingScore: 0.6 },
        { kind: "custom", id: "essay", displayName: "Essay" },
        { kind: "custom", id: "lab", displayName: "Lab" },
        { kind: "identity-reverification", id: "photo", displayName: "Photo ID", dueAt: "2026-03-01T00:00:00Z" },
      ],
      proctoring: { declineCascades: false },
    });
    const j = run(p, [
      ...verifiedLearner,
      ["2026-02-01T00:00:00Z", { type: "exam-attempt", examId: rid("midterm"), status: "submitted" }],
      ["2026-02-02T00:00:00Z", { type: "exam-attempt", examId: rid("final-exam"), status: "declined" }],
      ["2026-02-03T22:30:00Z", { type: "requirement-recorded", requirementId: rid("essay"), status: "satisfied" }],
      ["2026-02-04T00:00:00Z", { type: "requirement-recorded", requirementId: rid("lab"), status: "failed" }],
      ["2026-07-01T00:00:00Z", { type: "grade-updated", grade: 0.5 }],
    ]);
    const e = evaluateEligibility(p, j.record, at("2026-02-10T00:00:00Z"));
    const before = toProgressView(p, e, { timeZone: "Asia/Tokyo" });
    expect(before.title).toBe("Requirements for Course Credit");
    expect(before.requirements.map((r) => r.label)).toEqual([
      "Upcoming",
      "Verification submitted",
      "Verification declined",
      "Completed on 4 February 2026",
      "Verification failed",
      "Upcoming",
    ]);
    expect(before.requirements[0]?.criterion).toBe("Minimum grade 80%");
    expect(before.requirements[5]?.needsWebcam).toBe(true);
    const after = toProgressView(p, evaluateEligibility(p, j.record, at("2026-07-02T00:00:00Z")));
    expect(after.requirements[0]?.label).toBe("Minimum grade not met");
    expect(after.requirements[5]?.label).toBe("Verification failed");
  });

  it("§2 the eligible headline names the deadline in the learner's zone", () => {
    const j = run(P, passesEverything);
    const v = toProgressView(P, evaluateEligibility(P, j.record, at("2026-06-04T00:00:00Z")), { timeZone: "America/New_York" });
    expect(v.headline).toBe("You are eligible for credit until 30 June 2027, 19:59 (America/New_York)");
    expect(v.deadline).toBe("30 June 2027, 19:59 (America/New_York)");
  });
});

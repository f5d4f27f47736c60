import { describe, expect, it } from "vitest";
import type { RequirementEvent, Timed } from "../../src/journey/events.js";
import {
  NOT_STARTED_ATTEMPT,
  evaluateCustomRequirement,
  evaluateGradeRequirement,
  evaluateIdentityReverification,
  evaluateProctoredExams,
  eventsAsOf,
  isPassing,
  nextAttemptState,
  PASS_TOLERANCE,
  toRequirementStatus,
} from "../../src/requirements/index.js";
import { ctx, examReq, gradeReq, id, rules, t } from "./helpers.js";

// Pins details of docs/rules.md §5 that the scenario tests leave open: which events each evaluator
// reads, the exact shape of statuses and attempts, and the cascade's reach.

const noise: Timed<RequirementEvent>[] = [
  { type: "grade-updated", grade: 0.95, at: t("2026-02-01T00:00:00Z") },
  { type: "exam-graded", examId: id("final"), score: 0.9, at: t("2026-02-01T00:00:00Z") },
  { type: "exam-reviewed", examId: id("final"), result: "clean", reviewer: "human", at: t("2026-02-01T00:00:00Z") },
  { type: "reverification", checkpointId: id("c9"), result: "approved", at: t("2026-02-01T00:00:00Z") },
  { type: "requirement-recorded", requirementId: id("other"), status: "failed", at: t("2026-02-01T00:00:00Z") },
];

describe("§5 each evaluator reads only its own events", () => {
  it("§5.4 a custom requirement ignores other kinds of events and other requirements' records", () => {
    const lab = { kind: "custom", id: id("lab"), displayName: "Lab", active: true } as const;
    const s = evaluateCustomRequirement(lab, noise, ctx("2026-03-01T00:00:00Z"));
    expect(s).toEqual({ requirementId: "lab", status: "pending" });
    expect("reason" in s).toBe(false);
    const recorded = evaluateCustomRequirement(lab, [...noise, { type: "requirement-recorded", requirementId: id("lab"), status: "submitted", at: t("2026-02-02T00:00:00Z") }], ctx("2026-03-01T00:00:00Z"));
    expect(recorded).toEqual({ requirementId: "lab", status: "submitted", at: t("2026-02-02T00:00:00Z"), reason: { code: "recorded" } });
  });

  it("§5.1 a grade requirement reads only grade-updated events: an exam event after the end does not become the latest grade", () => {
    const events: Timed<RequirementEvent>[] = [
      { type: "grade-updated", grade: 0.5, at: t("2026-03-01T00:00:00Z") },
      { type: "exam-graded", examId: id("final"), score: 0.99, at: t("2026-07-02T00:00:00Z") },
      { type: "exam-attempt", examId: id("final"), status: "submitted", at: t("2026-07-03T00:00:00Z") },
    ];
    expect(evaluateGradeRequirement(gradeReq(0.8), events, ctx("2026-08-01T00:00:00Z", "2026-06-30T23:59:00Z"))).toEqual({
      requirementId: "grade",
      status: "failed",
      at: t("2026-06-30T23:59:00Z"),
      reason: { code: "below-minimum", grade: 0.5, minimum: 0.8 },
    });
  });

  it("§5.3 a reverification ignores other events and other checkpoints", () => {
    const c1 = { kind: "identity-reverification", id: id("c1"), displayName: "Check", active: true } as const;
    expect(evaluateIdentityReverification(c1, noise, ctx("2026-03-01T00:00:00Z"))).toEqual({ requirementId: "c1", status: "pending" });
  });

  it("§5.3 a result after dueAt for a checkpoint never submitted in time does not count: failed, missed", () => {
    const c1 = { kind: "identity-reverification", id: id("c1"), displayName: "Check", dueAt: t("2026-04-01T00:00:00Z"), active: true } as const;
    const late: Timed<RequirementEvent>[] = [{ type: "reverification", checkpointId: id("c1"), result: "approved", at: t("2026-04-02T00:00:00Z") }];
    expect(evaluateIdentityReverification(c1, late, ctx("2026-04-03T00:00:00Z"))).toEqual({ requirementId: "c1", status: "failed", at: t("2026-04-01T00:00:00Z"), reason: { code: "missed" } });
    const lateAfterSubmitLate: Timed<RequirementEvent>[] = [
      { type: "reverification", checkpointId: id("c1"), result: "submitted", at: t("2026-04-01T12:00:00Z") },
      { type: "reverification", checkpointId: id("c1"), result: "approved", at: t("2026-04-02T00:00:00Z") },
    ];
    expect(evaluateIdentityReverification(c1, lateAfterSubmitLate, ctx("2026-04-03T00:00:00Z")).status).toBe("failed");
    const inTime: Timed<RequirementEvent>[] = [
      { type: "reverification", checkpointId: id("c1"), result: "submitted", at: t("2026-03-31T12:00:00Z") },
      { type: "reverification", checkpointId: id("c1"), result: "approved", at: t("2026-04-02T00:00:00Z") },
    ];
    expect(evaluateIdentityReverification(c1, inTime, ctx("2026-04-03T00:00:00Z")).status).toBe("satisfied");
  });
});

describe("§5.2 attempt shapes", () => {
  it("§5.2 an attempt carries only the fields it has", () => {
    const started = nextAttemptState(NOT_STARTED_ATTEMPT, { type: "exam-attempt", status: "started" }, rules);
    expect(Object.keys(started)).toEqual(["state"]);
    const graded = nextAttemptState(started, { type: "exam-graded", score: 0.7 }, rules);
    expect(graded).toEqual({ state: "started", score: 0.7 });
    expect(Object.keys(graded).sort()).toEqual(["score", "state"]);
    const reviewed = nextAttemptState(started, { type: "exam-reviewed", result: "clean", reviewer: "automated" }, rules);
    expect(Object.keys(reviewed).sort()).toEqual(["review", "state"]);
    const both = nextAttemptState(graded, { type: "exam-reviewed", result: "clean", reviewer: "automated" }, rules);
    expect(both).toEqual({ state: "verified", score: 0.7, review: { result: "clean", reviewer: "automated" } });
  });

  it("§5.2 a started notice after a second-review-required review moves the attempt back to started; after a finished one it changes nothing", () => {
    const pendingReview = nextAttemptState(NOT_STARTED_ATTEMPT, { type: "exam-reviewed", result: "suspicious", reviewer: "automated" }, rules);
    expect(nextAttemptState(pendingReview, { type: "exam-attempt", status: "started" }, rules).state).toBe("started");
    const reviewed = nextAttemptState(NOT_STARTED_ATTEMPT, { type: "exam-reviewed", result: "clean", reviewer: "automated" }, rules);
    expect(nextAttemptState(reviewed, { type: "exam-attempt", status: "started" }, rules).state).toBe("verified");
    expect(nextAttemptState(reviewed, { type: "exam-attempt", status: "submitted" }, rules).state).toBe("verified");
    expect(nextAttemptState(reviewed, { type: "exam-attempt", status: "error" }, rules).state).toBe("error");
  });
});

describe("§5.2 exam statuses over time and the decline cascade", () => {
  const final = examReq("final");
  const midterm = examReq("midterm");
  const at = (iso: string) => t(iso);

  it("§5.2 the status instant stays when the attempt moves between states with the same status", () => {
    const [s] = evaluateProctoredExams(
      [final],
      [
        { type: "exam-attempt", examId: id("final"), status: "submitted", at: at("2026-03-01T00:00:00Z") },
        { type: "exam-graded", examId: id("final"), score: 0.9, at: at("2026-03-02T00:00:00Z") },
        { type: "exam-reviewed", examId: id("final"), result: "suspicious", reviewer: "automated", at: at("2026-03-03T00:00:00Z") },
      ],
      ctx("2026-03-04T00:00:00Z"),
    );
    expect(s).toEqual({
      requirementId: "final",
      status: "submitted",
      at: at("2026-03-01T00:00:00Z"),
      reason: { code: "exam", attempt: "second-review-required", score: 0.9, review: "suspicious" },
    });
  });

  it("§5.2 an unscored attempt's reason has no score field", () => {
    const [s] = evaluateProctoredExams([final], [{ type: "exam-attempt", examId: id("final"), status: "submitted", at: at("2026-03-01T00:00:00Z") }], ctx("2026-03-04T00:00:00Z"));
    expect(s?.reason).toEqual({ code: "exam", attempt: "submitted" });
    expect(s?.reason !== undefined && "score" in s.reason).toBe(false);
  });

  it("§5.2 only a declined attempt cascades, only to exams not yet submitted, never to itself", () => {
    const events: Timed<RequirementEvent>[] = [
      { type: "exam-attempt", examId: id("midterm"), status: "submitted", at: at("2026-03-01T00:00:00Z") },
      { type: "exam-graded", examId: id("final"), score: 0.3, at: at("2026-03-02T00:00:00Z") },
      { type: "exam-attempt", examId: id("third"), status: "started", at: at("2026-03-02T12:00:00Z") },
    ];
    const third = examReq("third");
    const untouched = evaluateProctoredExams([midterm, final, third], events, ctx("2026-03-03T00:00:00Z"));
    expect(untouched.map((s) => s.status)).toEqual(["submitted", "pending", "pending"]);
    const declined = evaluateProctoredExams(
      [midterm, final, third],
      [...events, { type: "exam-attempt", examId: id("third"), status: "declined", at: at("2026-03-04T00:00:00Z") }],
      ctx("2026-03-05T00:00:00Z"),
    );
    expect(declined.map((s) => [s.status, s.reason])).toEqual([
      ["submitted", { code: "exam", attempt: "submitted" }],
      ["declined", { code: "exam", attempt: "declined", score: 0.3, cascadedFrom: "third" }],
      ["declined", { code: "exam", attempt: "declined" }],
    ]);
  });

  it("§5.2 without declineCascades, declining one exam leaves the others alone", () => {
    const noCascade = { ...rules, declineCascades: false };
    const [m, f] = evaluateProctoredExams([midterm, final], [{ type: "exam-attempt", examId: id("midterm"), status: "declined", at: at("2026-03-01T00:00:00Z") }], ctx("2026-03-02T00:00:00Z", undefined, noCascade));
    expect([m?.status, f?.status]).toEqual(["declined", "pending"]);
  });

  it("§5.2 a cascaded exam the learner then declines itself is declined on its own account", () => {
    const [, f] = evaluateProctoredExams(
      [midterm, final],
      [
        { type: "exam-attempt", examId: id("midterm"), status: "declined", at: at("2026-03-01T00:00:00Z") },
        { type: "exam-attempt", examId: id("final"), status: "declined", at: at("2026-03-02T00:00:00Z") },
      ],
      ctx("2026-03-03T00:00:00Z"),
    );
    expect(f).toEqual({ requirementId: "final", status: "declined", at: at("2026-03-01T00:00:00Z"), reason: { code: "exam", attempt: "declined" } });
  });

  it("§5.2 a cascaded exam that the learner starts again, or that a review moves on, loses its cascade reason; a grade keeps it", () => {
    const base: Timed<RequirementEvent>[] = [{ type: "exam-attempt", examId: id("midterm"), status: "declined", at: at("2026-03-01T00:00:00Z") }];
    const graded = evaluateProctoredExams([midterm, final], [...base, { type: "exam-graded", examId: id("final"), score: 0.5, at: at("2026-03-02T00:00:00Z") }], ctx("2026-03-03T00:00:00Z"));
    expect(graded[1]?.reason).toEqual({ code: "exam", attempt: "declined", score: 0.5, cascadedFrom: "midterm" });
    const reviewed = evaluateProctoredExams([midterm, final], [...base, { type: "exam-reviewed", examId: id("final"), result: "clean", reviewer: "human", at: at("2026-03-02T00:00:00Z") }], ctx("2026-03-03T00:00:00Z"));
    expect(reviewed[1]?.reason).toEqual({ code: "exam", attempt: "verified", review: "clean" });
    const restarted = evaluateProctoredExams([midterm, final], [...base, { type: "exam-attempt", examId: id("final"), status: "started", at: at("2026-03-02T00:00:00Z") }], ctx("2026-03-03T00:00:00Z"));
    expect(restarted[1]?.reason).toEqual({ code: "exam", attempt: "started" });
  });
});

describe("§5 shared helpers", () => {
  it("§5.1 the tolerance boundary passes: minimum − 1e-9 is enough, anything below is not", () => {
    expect(isPassing(0.8 - PASS_TOLERANCE, 0.8)).toBe(true);
    expect(isPassing(0.8 - 2 * PASS_TOLERANCE, 0.8)).toBe(false);
  });

  it("§5 eventsAsOf keeps events up to and including now, in time order with equal instants in log order, and always returns a fresh array", () => {
    const e = (iso: string, grade: number): Timed<RequirementEvent> => ({ type: "grade-updated", grade, at: t(iso) });
    const sorted = [e("2026-01-01T00:00:00Z", 1), e("2026-01-02T00:00:00Z", 2)];
    const copy = eventsAsOf(sorted, t("2026-01-02T00:00:00Z"));
    expect(copy).toEqual(sorted);
    expect(copy).not.toBe(sorted);
    copy.pop();
    expect(sorted).toHaveLength(2);
    const shuffled = [e("2026-01-03T00:00:00Z", 1), e("2026-01-02T00:00:00Z", 2), e("2026-01-02T00:00:00Z", 3), e("2026-01-01T00:00:00Z", 4), e("2026-01-02T00:00:00Z", 5), e("2026-01-09T00:00:00Z", 6)];
    expect(eventsAsOf(shuffled, t("2026-01-03T00:00:00Z")).map((x) => (x.type === "grade-updated" ? x.grade : 0))).toEqual([4, 2, 3, 5, 1]);
    expect(eventsAsOf([e("2026-01-01T00:00:00Z", 1), e("2026-01-05T00:00:00Z", 2)], t("2026-01-02T00:00:00Z"))).toHaveLength(1);
    const unsortedPast = [e("2026-01-02T00:00:00Z", 1), e("2026-01-01T00:00:00Z", 2)];
    expect(eventsAsOf(unsortedPast, t("2026-01-03T00:00:00Z")).map((x) => (x.type === "grade-updated" ? x.grade : 0))).toEqual([2, 1]);
  });

  it("§5 a status has no `at` when pending and no `reason` when none is given", () => {
    const pending = toRequirementStatus(id("x"), "pending", t("2026-01-01T00:00:00Z"));
    expect(Object.keys(pending).sort()).toEqual(["requirementId", "status"]);
    const reached = toRequirementStatus(id("x"), "failed", t("2026-01-01T00:00:00Z"));
    expect(Object.keys(reached).sort()).toEqual(["at", "requirementId", "status"]);
    const explained = toRequirementStatus(id("x"), "pending", undefined, { code: "missed" });
    expect(explained).toEqual({ requirementId: "x", status: "pending", reason: { code: "missed" } });
  });
});

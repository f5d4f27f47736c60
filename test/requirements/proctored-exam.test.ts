import { describe, expect, it } from "vitest";
import type { ExamAttemptStatus } from "../../src/journey/events.js";
import type { ProctoringRules } from "../../src/policy/index.js";
import {
  evaluateProctoredExams,
  mapReviewResult,
  nextAttemptState,
  NOT_STARTED_ATTEMPT,
  toExamStatus,
  type ExamAttempt,
  type ExamAttemptState,
} from "../../src/requirements/index.js";
import { attempt, ctx, examReq, graded, grade, id, reviewed, rules, t } from "./helpers.js";

const edxRules: ProctoringRules = { passingReviewResults: ["clean", "rules-violation"], requireSecondReview: true, declineCascades: true };
const noSecondReview: ProctoringRules = { ...rules, requireSecondReview: false };
const noCascade: ProctoringRules = { ...rules, declineCascades: false };

const END = "2026-06-30T23:59:00Z";
const NOW = "2026-06-15T00:00:00Z";
const T1 = "2026-06-01T10:00:00Z";
const T2 = "2026-06-01T11:00:00Z";
const T3 = "2026-06-03T08:00:00Z";
const T4 = "2026-06-05T08:00:00Z";

const final = examReq("final", 0.6);
const midterm = examReq("midterm", 0.6);
const quiz = examReq("quiz", 0.5);

function one(events: Parameters<typeof evaluateProctoredExams>[1], c = ctx(NOW, END)) {
  const [s] = evaluateProctoredExams([final], events, c);
  return s;
}

describe("§5.2 review mapping", () => {
  it("§5.2 a result in passingReviewResults → verified", () => {
    expect(mapReviewResult("clean", "automated", rules)).toBe("verified");
    expect(mapReviewResult("clean", "human", rules)).toBe("verified");
  });

  it("§5.2 rules-violation passes under the edx preset (Software Secure) but not by default", () => {
    expect(mapReviewResult("rules-violation", "automated", edxRules)).toBe("verified");
    expect(mapReviewResult("rules-violation", "automated", rules)).toBe("second-review-required");
  });

  it("§5.2 not-reviewed → error", () => {
    expect(mapReviewResult("not-reviewed", "automated", rules)).toBe("error");
    expect(mapReviewResult("not-reviewed", "human", noSecondReview)).toBe("error");
  });

  it("§5.2 a result listed as passing wins over the not-reviewed rule", () => {
    expect(mapReviewResult("not-reviewed", "automated", { ...rules, passingReviewResults: ["not-reviewed"] })).toBe("verified");
  });

  it("§5.2 another result reviewed automatically with second reviews on → second-review-required", () => {
    expect(mapReviewResult("suspicious", "automated", rules)).toBe("second-review-required");
  });

  it("§5.2 another result reviewed by a human → rejected", () => {
    expect(mapReviewResult("suspicious", "human", rules)).toBe("rejected");
  });

  it("§5.2 another result with requireSecondReview false → rejected", () => {
    expect(mapReviewResult("suspicious", "automated", noSecondReview)).toBe("rejected");
  });
});

describe("§5.2 attempt state machine", () => {
  const from = (state: ExamAttemptState): ExamAttempt => ({ state });
  const apply = (a: ExamAttempt, status: ExamAttemptStatus) => nextAttemptState(a, { type: "exam-attempt", status }, rules);

  it("§5.2 usual path not-started → started → submitted → verified", () => {
    const started = apply(NOT_STARTED_ATTEMPT, "started");
    expect(started.state).toBe("started");
    const submitted = apply(started, "submitted");
    expect(submitted.state).toBe("submitted");
    expect(nextAttemptState(submitted, { type: "exam-reviewed", result: "clean", reviewer: "automated" }, rules).state).toBe("verified");
  });

  it("§5.2 timed-out counts as submitted", () => {
    expect(apply(from("started"), "timed-out").state).toBe("submitted");
  });

  it("§5.2 declined from not-started or started", () => {
    expect(apply(NOT_STARTED_ATTEMPT, "declined").state).toBe("declined");
    expect(apply(from("started"), "declined").state).toBe("declined");
  });

  it("§5.2 attempt events are applied from any state (the diagram is not a filter)", () => {
    expect(apply(NOT_STARTED_ATTEMPT, "submitted").state).toBe("submitted");
    expect(apply(from("verified"), "declined").state).toBe("declined");
    expect(apply(from("submitted"), "started").state).toBe("started");
    expect(apply(from("second-review-required"), "started").state).toBe("started");
    expect(apply(from("declined"), "submitted").state).toBe("submitted");
    expect(apply(from("submitted"), "error").state).toBe("error");
  });

  it("§5.2 a started notice after a finished attempt (verified, rejected, error) changes nothing: only a staff reset clears it (Open edX refuses the transition)", () => {
    for (const state of ["verified", "rejected", "error"] as const) {
      const finished: ExamAttempt = { state, score: 0.9, review: { result: state === "error" ? "not-reviewed" : state === "verified" ? "clean" : "suspicious", reviewer: "human" } };
      expect(apply(finished, "started"), state).toBe(finished);
      expect(apply(apply(finished, "reset"), "started").state, state).toBe("started");
    }
  });

  it("§5.2 reset clears the attempt: back to not-started, score and review cleared", () => {
    const a: ExamAttempt = { state: "verified", score: 0.9, review: { result: "clean", reviewer: "automated" } };
    expect(apply(a, "reset")).toEqual({ state: "not-started" });
  });

  it("§5.2 exam-graded records the score and keeps the state; a regrade replaces it", () => {
    const a = nextAttemptState(from("submitted"), { type: "exam-graded", score: 0.7 }, rules);
    expect(a).toEqual({ state: "submitted", score: 0.7 });
    expect(nextAttemptState(a, { type: "exam-graded", score: 0.4 }, rules)).toEqual({ state: "submitted", score: 0.4 });
  });

  it("§5.2 a review before submission still sets the state", () => {
    const a = nextAttemptState(NOT_STARTED_ATTEMPT, { type: "exam-reviewed", result: "clean", reviewer: "automated" }, rules);
    expect(a).toEqual({ state: "verified", review: { result: "clean", reviewer: "automated" } });
  });

  it("§5.2 a submission notice after the review keeps the review's state", () => {
    const reviewed = nextAttemptState(NOT_STARTED_ATTEMPT, { type: "exam-reviewed", result: "suspicious", reviewer: "human" }, rules);
    expect(apply(reviewed, "submitted").state).toBe("rejected");
    expect(apply(reviewed, "timed-out").state).toBe("rejected");
  });

  it("§5.2 a re-review moves the state again (second review by a human)", () => {
    const first = nextAttemptState(from("submitted"), { type: "exam-reviewed", result: "suspicious", reviewer: "automated" }, rules);
    expect(first.state).toBe("second-review-required");
    const second = nextAttemptState(first, { type: "exam-reviewed", result: "clean", reviewer: "human" }, rules);
    expect(second).toEqual({ state: "verified", review: { result: "clean", reviewer: "human" } });
  });

  it("§5.2 the input attempt is not modified", () => {
    const a: ExamAttempt = { state: "submitted" };
    nextAttemptState(a, { type: "exam-graded", score: 0.5 }, rules);
    expect(a).toEqual({ state: "submitted" });
  });
});

describe("§5.2 requirement status from the attempt", () => {
  it("§5.2 declined → declined", () => expect(toExamStatus({ state: "declined" }, 0.6)).toBe("declined"));
  it("§5.2 submitted → submitted", () => expect(toExamStatus({ state: "submitted", score: 0.9 }, 0.6)).toBe("submitted"));
  it("§5.2 second-review-required → submitted", () => expect(toExamStatus({ state: "second-review-required" }, 0.6)).toBe("submitted"));
  it("§5.2 verified with a passing score → satisfied", () => expect(toExamStatus({ state: "verified", score: 0.6 }, 0.6)).toBe("satisfied"));
  it("§5.2 verified with a score 1e-10 under passingScore → satisfied (tolerance)", () =>
    expect(toExamStatus({ state: "verified", score: 0.6 - 1e-10 }, 0.6)).toBe("satisfied"));
  it("§5.2 verified with no score yet → submitted", () => expect(toExamStatus({ state: "verified" }, 0.6)).toBe("submitted"));
  it("§5.2 verified with a failing score → failed", () => expect(toExamStatus({ state: "verified", score: 0.59 }, 0.6)).toBe("failed"));
  it("§5.2 rejected → failed", () => expect(toExamStatus({ state: "rejected", score: 1 }, 0.6)).toBe("failed"));
  it("§5.2 error → failed", () => expect(toExamStatus({ state: "error" }, 0.6)).toBe("failed"));
  it("§5.2 not-started or started → pending", () => {
    expect(toExamStatus({ state: "not-started" }, 0.6)).toBe("pending");
    expect(toExamStatus({ state: "started", score: 1 }, 0.6)).toBe("pending");
  });
});

describe("§5.2 evaluateProctoredExams", () => {
  it("§5.2 an exam with no event is pending with no reason", () => {
    expect(one([])).toEqual({ requirementId: id("final"), status: "pending" });
  });

  it("§5.2 passing score and passing review → satisfied at the instant the last fact arrived", () => {
    const s = one([attempt(T1, "final", "submitted"), graded(T2, "final", 0.7), reviewed(T3, "final", "clean")]);
    expect(s).toEqual({
      requirementId: id("final"),
      status: "satisfied",
      at: t(T3),
      reason: { code: "exam", attempt: "verified", score: 0.7, review: "clean" },
    });
  });

  it("§5.2 started only → pending with the attempt as reason", () => {
    expect(one([attempt(T1, "final", "started")])).toEqual({
      requirementId: id("final"),
      status: "pending",
      reason: { code: "exam", attempt: "started" },
    });
  });

  it("§5.2 review before grade: verified with no score is submitted, then the grade satisfies it", () => {
    const events = [attempt(T1, "final", "submitted"), reviewed(T2, "final", "clean"), graded(T3, "final", 0.8)];
    expect(one(events, ctx(T2, END))).toMatchObject({ status: "submitted", at: t(T1), reason: { attempt: "verified" } });
    expect(one(events)).toMatchObject({ status: "satisfied", at: t(T3) });
  });

  it("§5.2 review before the submission notice: the late notice does not undo the review", () => {
    const events = [graded(T1, "final", 0.8), reviewed(T2, "final", "clean"), attempt(T3, "final", "submitted")];
    expect(one(events)).toMatchObject({ status: "satisfied", at: t(T2), reason: { attempt: "verified" } });
  });

  it("§5.2 regrade: a failed exam regraded to a passing score is satisfied; a satisfied one regraded lower stays satisfied", () => {
    const base = [attempt(T1, "final", "submitted"), graded(T2, "final", 0.5), reviewed(T3, "final", "clean")];
    expect(one(base)).toEqual({
      requirementId: id("final"),
      status: "failed",
      at: t(T3),
      reason: { code: "exam", attempt: "verified", score: 0.5, review: "clean" },
    });
    const up = [...base, graded(T4, "final", 0.65)];
    expect(one(up)).toEqual({
      requirementId: id("final"),
      status: "satisfied",
      at: t(T4),
      reason: { code: "exam", attempt: "verified", score: 0.65, review: "clean" },
    });
    // Satisfied never goes back to failed: the lower regrade is kept in the log and changes nothing, reason included.
    expect(one([...up, graded("2026-06-06T00:00:00Z", "final", 0.2)])).toEqual(one(up));
  });

  it("§5.2 verified with a failing score → failed", () => {
    expect(one([graded(T1, "final", 0.3), reviewed(T2, "final", "clean")])).toMatchObject({ status: "failed", at: t(T2) });
  });

  it("§5.2 suspicious automated review → second-review-required → submitted; a human's suspicious → rejected → failed", () => {
    const events = [attempt(T1, "final", "submitted"), graded(T2, "final", 0.9), reviewed(T3, "final", "suspicious", "automated")];
    expect(one(events)).toEqual({
      requirementId: id("final"),
      status: "submitted",
      at: t(T1),
      reason: { code: "exam", attempt: "second-review-required", score: 0.9, review: "suspicious" },
    });
    expect(one([...events, reviewed(T4, "final", "suspicious", "human")])).toMatchObject({
      status: "failed",
      at: t(T4),
      reason: { attempt: "rejected" },
    });
  });

  it("§5.2 second review by a human that passes → satisfied", () => {
    const events = [
      attempt(T1, "final", "submitted"),
      graded(T2, "final", 0.9),
      reviewed(T3, "final", "suspicious", "automated"),
      reviewed(T4, "final", "clean", "human"),
    ];
    expect(one(events)).toMatchObject({ status: "satisfied", at: t(T4), reason: { review: "clean" } });
  });

  it("§5.2 requireSecondReview false: an automated suspicious review → rejected → failed", () => {
    const events = [attempt(T1, "final", "submitted"), reviewed(T2, "final", "suspicious")];
    expect(one(events, ctx(NOW, END, noSecondReview))).toMatchObject({ status: "failed", reason: { attempt: "rejected" } });
  });

  it("§5.2 not-reviewed → error → failed", () => {
    const s = one([attempt(T1, "final", "submitted"), graded(T2, "final", 0.9), reviewed(T3, "final", "not-reviewed")]);
    expect(s).toEqual({
      requirementId: id("final"),
      status: "failed",
      at: t(T3),
      reason: { code: "exam", attempt: "error", score: 0.9, review: "not-reviewed" },
    });
  });

  it("§5.2 an attempt error → failed", () => {
    expect(one([attempt(T1, "final", "started"), attempt(T2, "final", "error")])).toMatchObject({
      status: "failed",
      at: t(T2),
      reason: { attempt: "error" },
    });
  });

  it("§5.2 reset (staff) clears the attempt: the requirement goes back to pending without `at`", () => {
    const s = one([attempt(T1, "final", "submitted"), graded(T2, "final", 0.9), reviewed(T3, "final", "clean"), attempt(T4, "final", "reset")]);
    expect(s).toEqual({ requirementId: id("final"), status: "pending", reason: { code: "exam", attempt: "not-started" } });
  });

  it("§5.2 after a reset a new attempt is judged on its own score and review", () => {
    const s = one([
      graded(T1, "final", 0.9),
      reviewed(T1, "final", "suspicious", "human"),
      attempt(T2, "final", "reset"),
      attempt(T3, "final", "submitted"),
    ]);
    expect(s).toEqual({ requirementId: id("final"), status: "submitted", at: t(T3), reason: { code: "exam", attempt: "submitted" } });
  });

  it("§5.2 declined → declined", () => {
    expect(one([attempt(T1, "final", "declined")])).toEqual({
      requirementId: id("final"),
      status: "declined",
      at: t(T1),
      reason: { code: "exam", attempt: "declined" },
    });
  });

  it("§5.2 declineCascades: declining one exam declines every other not-started or started exam at the same instant", () => {
    const [f, m, q] = evaluateProctoredExams(
      [final, midterm, quiz],
      [attempt(T1, "midterm", "started"), attempt(T2, "final", "declined")],
      ctx(NOW, END),
    );
    expect(f).toMatchObject({ status: "declined", at: t(T2), reason: { code: "exam", attempt: "declined" } });
    expect(f?.reason).not.toHaveProperty("cascadedFrom");
    expect(m).toEqual({
      requirementId: id("midterm"),
      status: "declined",
      at: t(T2),
      reason: { code: "exam", attempt: "declined", cascadedFrom: id("final") },
    });
    expect(q).toEqual({
      requirementId: id("quiz"),
      status: "declined",
      at: t(T2),
      reason: { code: "exam", attempt: "declined", cascadedFrom: id("final") },
    });
  });

  it("§5.2 declineCascades spares exams already submitted, reviewed or failed", () => {
    const [f, m, q] = evaluateProctoredExams(
      [final, midterm, quiz],
      [attempt(T1, "midterm", "submitted"), graded(T1, "quiz", 0.9), reviewed(T1, "quiz", "clean"), attempt(T2, "final", "declined")],
      ctx(NOW, END),
    );
    expect(f?.status).toBe("declined");
    expect(m?.status).toBe("submitted");
    expect(q?.status).toBe("satisfied");
  });

  it("§5.2 declineCascades false: declining one exam leaves the others alone", () => {
    const [f, m] = evaluateProctoredExams([final, midterm], [attempt(T1, "final", "declined")], ctx(NOW, END, noCascade));
    expect(f?.status).toBe("declined");
    expect(m).toEqual({ requirementId: id("midterm"), status: "pending" });
  });

  it("§5.2 later events for a cascaded exam still apply in order", () => {
    const [, m] = evaluateProctoredExams(
      [final, midterm],
      [attempt(T1, "final", "declined"), attempt(T2, "midterm", "submitted")],
      ctx(NOW, END),
    );
    expect(m).toEqual({ requirementId: id("midterm"), status: "submitted", at: t(T2), reason: { code: "exam", attempt: "submitted" } });
  });

  it("§5.2 a grade for a cascaded exam keeps it declined and keeps cascadedFrom", () => {
    const [, m] = evaluateProctoredExams(
      [final, midterm],
      [attempt(T1, "final", "declined"), graded(T2, "midterm", 0.9)],
      ctx(NOW, END),
    );
    expect(m).toEqual({
      requirementId: id("midterm"),
      status: "declined",
      at: t(T1),
      reason: { code: "exam", attempt: "declined", score: 0.9, cascadedFrom: id("final") },
    });
  });

  it("§5.2 declining a cascaded exam itself drops cascadedFrom", () => {
    const [, m] = evaluateProctoredExams(
      [final, midterm],
      [attempt(T1, "final", "declined"), attempt(T2, "midterm", "declined")],
      ctx(NOW, END),
    );
    expect(m).toEqual({ requirementId: id("midterm"), status: "declined", at: t(T1), reason: { code: "exam", attempt: "declined" } });
  });

  it("§5.2 equal instants keep log order: a decline cascades onto an exam started at the same instant before it, not after it", () => {
    const before = evaluateProctoredExams([final, midterm], [attempt(T1, "midterm", "submitted"), attempt(T1, "final", "declined")], ctx(NOW, END));
    expect(before[1]?.status).toBe("submitted");
    const after = evaluateProctoredExams([final, midterm], [attempt(T1, "final", "declined"), attempt(T1, "midterm", "submitted")], ctx(NOW, END));
    expect(after[1]).toMatchObject({ status: "submitted", at: t(T1) });
    const startedThenDeclined = evaluateProctoredExams(
      [final, midterm],
      [attempt(T1, "midterm", "started"), attempt(T1, "final", "declined")],
      ctx(NOW, END),
    );
    expect(startedThenDeclined[1]?.status).toBe("declined");
  });

  it("§5.2 endsAt passed and the exam never started → failed, reason missed, at endsAt", () => {
    expect(one([], ctx("2026-07-01T00:00:00Z", END))).toEqual({ requirementId: id("final"), status: "failed", at: t(END), reason: { code: "missed" } });
  });

  it("§5.2 endsAt passed and the exam only started → failed, reason missed", () => {
    expect(one([attempt(T1, "final", "started")], ctx(END, END))).toEqual({
      requirementId: id("final"),
      status: "failed",
      at: t(END),
      reason: { code: "missed" },
    });
  });

  it("§5.2 endsAt not yet passed (one millisecond before): an unstarted exam is still pending", () => {
    expect(one([], ctx("2026-06-30T23:58:59.999Z", END))?.status).toBe("pending");
  });

  it("§5.2 endsAt passed: a submitted attempt keeps waiting for its review", () => {
    expect(one([attempt(T1, "final", "submitted")], ctx("2026-08-01T00:00:00Z", END))).toMatchObject({ status: "submitted", at: t(T1) });
  });

  it("§5.2 endsAt passed: a review after the end still judges a submitted attempt", () => {
    const s = one(
      [attempt(T1, "final", "submitted"), graded(T2, "final", 0.9), reviewed("2026-07-03T00:00:00Z", "final", "clean")],
      ctx("2026-08-01T00:00:00Z", END),
    );
    expect(s).toMatchObject({ status: "satisfied", at: t("2026-07-03T00:00:00Z") });
  });

  it("§5.2 endsAt passed: a declined exam stays declined", () => {
    expect(one([attempt(T1, "final", "declined")], ctx("2026-08-01T00:00:00Z", END))?.status).toBe("declined");
  });

  it("§5.2 endsAt passed: an exam reset after the end and not submitted again is missed", () => {
    const s = one([attempt(T1, "final", "submitted"), attempt("2026-07-02T00:00:00Z", "final", "reset")], ctx("2026-08-01T00:00:00Z", END));
    expect(s).toEqual({ requirementId: id("final"), status: "failed", at: t(END), reason: { code: "missed" } });
  });

  it("§5.2 with no endsAt an unstarted exam stays pending", () => {
    expect(one([], ctx("2099-01-01T00:00:00Z"))?.status).toBe("pending");
  });

  it("§5.2 Feb 29 endsAt: an exam submitted on Feb 29 waits, an unstarted one is missed from then on", () => {
    const end = "2028-02-29T23:59:00Z";
    const [f, m] = evaluateProctoredExams(
      [final, midterm],
      [attempt("2028-02-29T20:00:00Z", "final", "submitted")],
      ctx("2028-03-01T00:00:00Z", end, noCascade),
    );
    expect(f?.status).toBe("submitted");
    expect(m).toEqual({ requirementId: id("midterm"), status: "failed", at: t(end), reason: { code: "missed" } });
  });

  it("§5.2 events for unknown exams and other kinds are ignored", () => {
    expect(one([attempt(T1, "other-exam", "declined"), graded(T1, "nope", 1), grade(T1, 0.9)])).toEqual({
      requirementId: id("final"),
      status: "pending",
    });
  });

  it("§5.2 events after now are ignored", () => {
    expect(one([attempt(T1, "final", "submitted"), reviewed(T3, "final", "clean"), graded(T3, "final", 1)], ctx(T2, END))).toMatchObject({
      status: "submitted",
      reason: { attempt: "submitted" },
    });
  });

  it("§5.2 the passing score is per exam", () => {
    const [f, q] = evaluateProctoredExams(
      [final, quiz],
      [graded(T1, "final", 0.55), reviewed(T1, "final", "clean"), graded(T1, "quiz", 0.55), reviewed(T1, "quiz", "clean")],
      ctx(NOW, END),
    );
    expect(f?.status).toBe("failed");
    expect(q?.status).toBe("satisfied");
  });

  it("§5.2 a requirement listed twice gets the same status twice", () => {
    const statuses = evaluateProctoredExams([final, final], [attempt(T1, "final", "submitted")], ctx(NOW, END));
    expect(statuses).toHaveLength(2);
    expect(statuses[0]).toEqual(statuses[1]);
  });
});

describe("§5.2 a satisfied exam stays satisfied until a staff reset (Open edX never sets satisfied back to failed)", () => {
  const passed = [attempt(T1, "final", "submitted"), graded(T2, "final", 0.9), reviewed(T3, "final", "clean")];
  const LATER = "2026-06-07T00:00:00Z";

  it("§5.2 a human re-review that fails the recording, an error, a failing automated re-review or a lower regrade change nothing", () => {
    const before = one(passed);
    expect(before).toEqual({ requirementId: id("final"), status: "satisfied", at: t(T3), reason: { code: "exam", attempt: "verified", score: 0.9, review: "clean" } });
    const later = [
      reviewed(T4, "final", "rules-violation", "human"),
      reviewed(T4, "final", "suspicious", "automated"),
      reviewed(T4, "final", "not-reviewed", "automated"),
      attempt(T4, "final", "error"),
      attempt(T4, "final", "declined"),
      attempt(T4, "final", "started"),
      graded(T4, "final", 0.1),
    ];
    for (const e of later) expect(one([...passed, e]), JSON.stringify(e)).toEqual(before);
    // Not even a detour through a second review: suspicious (automated), then suspicious (human).
    expect(one([...passed, reviewed(T4, "final", "suspicious", "automated"), reviewed(LATER, "final", "suspicious", "human")])).toEqual(before);
  });

  it("§5.2 a staff reset still clears it: pending, then the new attempt is judged on its own", () => {
    const reset = [...passed, attempt(T4, "final", "reset")];
    expect(one(reset)).toEqual({ requirementId: id("final"), status: "pending", reason: { code: "exam", attempt: "not-started" } });
    expect(one([...reset, attempt(LATER, "final", "submitted"), graded(LATER, "final", 0.3), reviewed(LATER, "final", "clean")])).toMatchObject({
      status: "failed",
      at: t(LATER),
    });
  });

  it("§5.2 before it is satisfied, the same events still fail it (the rule is about satisfied only)", () => {
    const waiting = [attempt(T1, "final", "submitted"), reviewed(T3, "final", "clean")];
    expect(one(waiting)?.status).toBe("submitted");
    expect(one([...waiting, graded(T4, "final", 0.1)])?.status).toBe("failed");
    expect(one([attempt(T1, "final", "submitted"), graded(T2, "final", 0.9), reviewed(T3, "final", "suspicious", "human")])?.status).toBe("failed");
  });
});

describe("§5.2 attempt identity: a reset archives the attempt; events naming an archived attempt change nothing", () => {
  const ev = <E extends Parameters<typeof evaluateProctoredExams>[1][number]>(e: E, attemptId: string): E => ({ ...e, attemptId });
  const LATER = "2026-06-07T00:00:00Z";

  it("§5.2 a review of the archived attempt after the reset is kept in the log but changes nothing (Open edX test_update_archived_attempt)", () => {
    const plain = [attempt(T1, "final", "submitted"), attempt(T2, "final", "reset"), reviewed(T3, "final", "clean"), graded(T4, "final", 0.9)];
    const events = plain.map((e) => ev(e, "a1"));
    expect(one(events)).toEqual({ requirementId: id("final"), status: "pending", reason: { code: "exam", attempt: "not-started" } });
    // Without attempt ids the same review applies to whatever attempt is current.
    expect(one(plain)?.status).toBe("satisfied");
  });

  it("§5.2 the reset archives the attempt the earlier events named, even when the reset names none", () => {
    const events = [ev(attempt(T1, "final", "submitted"), "a1"), attempt(T2, "final", "reset"), ev(reviewed(T3, "final", "clean"), "a1")];
    expect(one(events)?.status).toBe("pending");
  });

  it("§5.2 the new attempt is judged on its own events; the archived one's late events are ignored among them", () => {
    const events = [
      ev(attempt(T1, "final", "submitted"), "a1"),
      ev(attempt(T2, "final", "reset"), "a1"),
      ev(attempt(T3, "final", "submitted"), "a2"),
      ev(reviewed(T4, "final", "suspicious", "human"), "a1"),
      ev(graded(T4, "final", 0.9), "a2"),
      ev(reviewed(LATER, "final", "clean"), "a2"),
    ];
    expect(one(events)).toEqual({ requirementId: id("final"), status: "satisfied", at: t(LATER), reason: { code: "exam", attempt: "verified", score: 0.9, review: "clean" } });
    // A late duplicate of the old reset does not reset the new attempt.
    expect(one([...events, ev(attempt("2026-06-08T00:00:00Z", "final", "reset"), "a1")])?.status).toBe("satisfied");
  });

  it("§5.2 a reset naming an attempt archives it too, and attempts are per exam", () => {
    const [f, m] = evaluateProctoredExams(
      [final, midterm],
      [ev(attempt(T1, "final", "reset"), "x"), ev(attempt(T2, "final", "submitted"), "x"), ev(attempt(T2, "midterm", "submitted"), "x")],
      ctx(NOW, END),
    );
    expect(f?.status).toBe("pending");
    expect(m?.status).toBe("submitted");
  });

  it("§5.2 a started notice after a finished attempt changes nothing without a reset, and starts the next attempt after one", () => {
    const rejected = [attempt(T1, "final", "submitted"), reviewed(T2, "final", "suspicious", "human")];
    expect(one([...rejected, attempt(T3, "final", "started")])).toEqual(one(rejected));
    expect(one([...rejected, attempt(T3, "final", "started")])?.status).toBe("failed");
    expect(one([...rejected, attempt(T3, "final", "reset"), attempt(T4, "final", "started")])).toMatchObject({ status: "pending", reason: { attempt: "started" } });
    // After the course end, a finished attempt that is 'started' again is not 'missed': it keeps its own status.
    const verified = [attempt(T1, "final", "submitted"), reviewed(T2, "final", "clean")];
    expect(one([...verified, attempt(T3, "final", "started")], ctx("2026-07-02T00:00:00Z", END))?.status).toBe("submitted");
  });
});

describe("§5.2 proctoring.requireScore: false (the edx preset) satisfies an exam on its review alone", () => {
  const noScore: ProctoringRules = { ...rules, requireScore: false };

  it("§5.2 a verified attempt without any score is satisfied at the review", () => {
    const events = [attempt(T1, "final", "submitted"), reviewed(T3, "final", "clean")];
    expect(one(events, ctx(NOW, END, noScore))).toEqual({ requirementId: id("final"), status: "satisfied", at: t(T3), reason: { code: "exam", attempt: "verified", review: "clean" } });
    expect(one(events)?.status).toBe("submitted");
    expect(one(events, ctx(NOW, END, { ...rules, requireScore: true }))?.status).toBe("submitted");
  });

  it("§5.2 the score does not decide, in either order: a failing score before or after the review still satisfies", () => {
    expect(one([graded(T1, "final", 0.1), reviewed(T3, "final", "clean")], ctx(NOW, END, noScore))?.status).toBe("satisfied");
    expect(one([reviewed(T1, "final", "clean"), graded(T3, "final", 0.1)], ctx(NOW, END, noScore))?.status).toBe("satisfied");
  });

  it("§5.2 the review still decides: failing reviews fail, and second reviews wait", () => {
    expect(one([attempt(T1, "final", "submitted"), reviewed(T3, "final", "suspicious", "human")], ctx(NOW, END, noScore))?.status).toBe("failed");
    expect(one([attempt(T1, "final", "submitted"), reviewed(T3, "final", "suspicious")], ctx(NOW, END, noScore))?.status).toBe("submitted");
    expect(one([attempt(T1, "final", "submitted")], ctx(NOW, END, noScore))?.status).toBe("submitted");
  });

  it("§5.2 toExamStatus takes the option; its default is to require the score", () => {
    expect(toExamStatus({ state: "verified" }, 0.6, false)).toBe("satisfied");
    expect(toExamStatus({ state: "verified", score: 0 }, 0.6, false)).toBe("satisfied");
    expect(toExamStatus({ state: "verified" }, 0.6)).toBe("submitted");
    expect(toExamStatus({ state: "rejected" }, 0.6, false)).toBe("failed");
    expect(toExamStatus({ state: "submitted" }, 0.6, false)).toBe("submitted");
  });
});

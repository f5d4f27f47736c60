import type { RequirementId } from "../ids/index.js";
import type { ProctoredExamRequirement, ProctoringRules, ReviewResult } from "../policy/index.js";
import type {
  ExamAttemptStatus,
  RequirementEvent,
  RequirementStatusName,
  Reviewer,
  Timed,
} from "../journey/events.js";
import {
  timelineAsOf,
  isPassing,
  toRequirementStatus,
  type ExamAttemptState,
  type RequirementContext,
  type RequirementReason,
  type RequirementStatus,
} from "./types.js";

/**
 * What is known about one proctored exam attempt: its state (docs/rules.md §5.2), the latest exam
 * score and the latest review of the recording.
 *
 * @example
 * ```ts
 * import type { ExamAttempt } from "academic-credit";
 * const attempt: ExamAttempt = { state: "verified", score: 0.7, review: { result: "clean", reviewer: "automated" } };
 * ```
 */
export interface ExamAttempt {
  readonly state: ExamAttemptState;
  /** Latest exam score in [0, 1]; a regrade replaces it. */
  readonly score?: number;
  /** Latest review of the proctoring recording; a re-review replaces it. */
  readonly review?: { readonly result: ReviewResult; readonly reviewer: Reviewer };
}

/**
 * What moves an exam attempt: the `exam-attempt`, `exam-graded` and `exam-reviewed` events
 * (the events themselves fit; `examId` and `at` are not read).
 *
 * @example
 * ```ts
 * import type { ExamInput } from "academic-credit";
 * const input: ExamInput = { type: "exam-reviewed", result: "suspicious", reviewer: "human" };
 * ```
 */
export type ExamInput =
  | { readonly type: "exam-attempt"; readonly status: ExamAttemptStatus }
  | { readonly type: "exam-graded"; readonly score: number }
  | { readonly type: "exam-reviewed"; readonly result: ReviewResult; readonly reviewer: Reviewer };

/**
 * An attempt nobody has started: the state of every exam before its first event, and after a
 * staff `reset`.
 *
 * @example
 * ```ts
 * import { NOT_STARTED_ATTEMPT } from "academic-credit";
 * NOT_STARTED_ATTEMPT.state; // "not-started"
 * ```
 */
export const NOT_STARTED_ATTEMPT: ExamAttempt = { state: "not-started" };

/**
 * Maps the review of a proctoring recording to an attempt state (docs/rules.md §5.2): a result in
 * `passingReviewResults` → `verified`; `not-reviewed` → `error`; any other result → `rejected`
 * when a human reviewed it or second reviews are off, else `second-review-required`.
 *
 * @param result - the review result.
 * @param reviewer - who reviewed the recording.
 * @param rules - the course's proctoring rules.
 * @returns the attempt state the review leads to.
 * @example
 * ```ts
 * import { mapReviewResult } from "academic-credit";
 * const rules = { passingReviewResults: ["clean"], requireSecondReview: true, declineCascades: true } as const;
 * mapReviewResult("suspicious", "automated", rules); // "second-review-required"
 * mapReviewResult("suspicious", "human", rules); // "rejected"
 * ```
 */
export function mapReviewResult(
  result: ReviewResult,
  reviewer: Reviewer,
  rules: ProctoringRules,
): "verified" | "error" | "rejected" | "second-review-required" {
  if (rules.passingReviewResults.includes(result)) return "verified";
  if (result === "not-reviewed") return "error";
  return reviewer === "human" || !rules.requireSecondReview ? "rejected" : "second-review-required";
}

/** An attempt with only the fields that are set (one object shape per combination, no spreads: this runs for every exam event). */
function attemptOf(state: ExamAttemptState, score: number | undefined, review: ExamAttempt["review"]): ExamAttempt {
  if (score === undefined) return review === undefined ? { state } : { state, review };
  return review === undefined ? { state, score } : { state, score, review };
}

const STATE_AFTER: Readonly<Record<Exclude<ExamAttemptStatus, "reset">, ExamAttemptState>> = {
  started: "started",
  submitted: "submitted",
  "timed-out": "submitted",
  declined: "declined",
  error: "error",
};

/**
 * The proctored exam attempt state machine (docs/rules.md §5.2). Every input is applied from any
 * state, because an LMS may skip states or send a review before the grade:
 *
 * - `exam-attempt`: `started` → `started`, except from a finished attempt (`verified`,
 *   `rejected`, `error`), which stays as it is until a staff reset; `submitted` and `timed-out` → `submitted`, unless the
 *   attempt's review has already arrived, in which case the attempt keeps the state that review
 *   maps to (a late submission notice never undoes a review); `declined` → `declined`; `error` →
 *   `error`; `reset` → a fresh {@link NOT_STARTED_ATTEMPT} (score and review cleared).
 * - `exam-graded`: records the score (a regrade replaces it); the state does not change.
 * - `exam-reviewed`: records the review and moves to {@link mapReviewResult}'s state (a
 *   re-review moves it again).
 *
 * @param attempt - the attempt so far.
 * @param input - the event to apply.
 * @param rules - the course's proctoring rules.
 * @returns the next attempt; the input attempt is not modified.
 * @example
 * ```ts
 * import { NOT_STARTED_ATTEMPT, nextAttemptState } from "academic-credit";
 * const rules = { passingReviewResults: ["clean"], requireSecondReview: true, declineCascades: true } as const;
 * const submitted = nextAttemptState(NOT_STARTED_ATTEMPT, { type: "exam-attempt", status: "timed-out" }, rules);
 * submitted.state; // "submitted"
 * nextAttemptState(submitted, { type: "exam-reviewed", result: "clean", reviewer: "automated" }, rules).state; // "verified"
 * ```
 */
export function nextAttemptState(attempt: ExamAttempt, input: ExamInput, rules: ProctoringRules): ExamAttempt {
  switch (input.type) {
    case "exam-graded":
      return attemptOf(attempt.state, input.score, attempt.review);
    case "exam-reviewed": {
      const review = { result: input.result, reviewer: input.reviewer };
      return attemptOf(mapReviewResult(review.result, review.reviewer, rules), attempt.score, review);
    }
    case "exam-attempt": {
      if (input.status === "reset") return NOT_STARTED_ATTEMPT;
      // A finished attempt is not started again: only a staff reset clears it (Open edX refuses the transition).
      if (input.status === "started" && (attempt.state === "verified" || attempt.state === "rejected" || attempt.state === "error")) return attempt;
      const state = STATE_AFTER[input.status];
      const { review } = attempt;
      if (state !== "submitted" || review === undefined) return attemptOf(state, attempt.score, review);
      return attemptOf(mapReviewResult(review.result, review.reviewer, rules), attempt.score, review);
    }
    default: {
      const never: never = input;
      return never;
    }
  }
}

const STATUS_OF_STATE: Readonly<Record<Exclude<ExamAttemptState, "verified">, RequirementStatusName>> = {
  "not-started": "pending",
  started: "pending",
  submitted: "submitted",
  "second-review-required": "submitted",
  rejected: "failed",
  error: "failed",
  declined: "declined",
};

/**
 * The requirement status an attempt gives (docs/rules.md §5.2): `declined` → `declined`;
 * `submitted` or `second-review-required` → `submitted`; `verified` with a score
 * `>= passingScore - 1e-9` → `satisfied`, with no score yet → `submitted`, with a lower score →
 * `failed`; `rejected` or `error` → `failed`; `not-started` or `started` → `pending`. When the
 * course does not require a score (`proctoring.requireScore: false`, as Open edX), `verified` is
 * `satisfied` whatever the score, or without one.
 *
 * @param attempt - the attempt.
 * @param passingScore - the exam's passing score, in [0, 1].
 * @param requireScore - whether a passing score is needed besides the review (default `true`).
 * @returns the status name.
 * @example
 * ```ts
 * import { toExamStatus } from "academic-credit";
 * toExamStatus({ state: "verified" }, 0.6); // "submitted": the score has not arrived yet
 * toExamStatus({ state: "verified", score: 0.6 }, 0.6); // "satisfied"
 * toExamStatus({ state: "verified" }, 0.6, false); // "satisfied": the review is enough
 * ```
 */
export function toExamStatus(attempt: ExamAttempt, passingScore: number, requireScore = true): RequirementStatusName {
  if (attempt.state !== "verified") return STATUS_OF_STATE[attempt.state];
  if (!requireScore) return "satisfied";
  if (attempt.score === undefined) return "submitted";
  return isPassing(attempt.score, passingScore) ? "satisfied" : "failed";
}

interface ExamRow {
  readonly req: ProctoredExamRequirement;
  readonly attempt: ExamAttempt;
  /** Whether any event (or a cascade) has touched this exam. */
  readonly touched: boolean;
  readonly status: RequirementStatusName;
  readonly at: Date | undefined;
  readonly cascadedFrom: RequirementId | undefined;
  /** The attempt ids events named since the last reset: the current attempt's. */
  readonly current: readonly string[] | undefined;
  /** The attempt ids resets archived: events naming them change nothing. */
  readonly archived: readonly string[] | undefined;
}

function freshRow(req: ProctoredExamRequirement): ExamRow {
  return { req, attempt: NOT_STARTED_ATTEMPT, touched: false, status: "pending", at: undefined, cascadedFrom: undefined, current: undefined, archived: undefined };
}

function isUnsubmitted(attempt: ExamAttempt): boolean {
  return attempt.state === "not-started" || attempt.state === "started";
}

function advance(
  row: ExamRow,
  attempt: ExamAttempt,
  at: Date,
  cascadedFrom: RequirementId | undefined,
  rules: ProctoringRules,
  current = row.current,
  archived = row.archived,
): ExamRow {
  const status = toExamStatus(attempt, row.req.passingScore, rules.requireScore);
  const reached = status === row.status ? row.at : status === "pending" ? undefined : at;
  return { req: row.req, attempt, touched: true, status, at: reached, cascadedFrom, current, archived };
}

type ExamReason = Extract<RequirementReason, { readonly code: "exam" }>;

function examReason(row: ExamRow): RequirementReason {
  const { attempt, cascadedFrom } = row;
  const reason: { -readonly [K in keyof ExamReason]: ExamReason[K] } = { code: "exam", attempt: attempt.state };
  if (attempt.score !== undefined) reason.score = attempt.score;
  if (attempt.review !== undefined) reason.review = attempt.review.result;
  if (cascadedFrom !== undefined) reason.cascadedFrom = cascadedFrom;
  return reason;
}

function finalStatus(row: ExamRow, ctx: RequirementContext): RequirementStatus {
  const { endsAt } = ctx;
  if (endsAt !== undefined && endsAt.getTime() <= ctx.now.getTime() && isUnsubmitted(row.attempt)) {
    return toRequirementStatus(row.req.id, "failed", endsAt, { code: "missed" });
  }
  return toRequirementStatus(row.req.id, row.status, row.at, row.touched ? examReason(row) : undefined);
}

/**
 * Evaluates the proctored exams of a course together, as of `ctx.now` (docs/rules.md §5.2). They are
 * evaluated together because, with `declineCascades`, declining one exam at instant `T` also
 * declines, at `T`, every other given exam whose attempt is `not-started` or `started` at that
 * point of the log (reason `cascadedFrom` names the declined exam). Later events for a cascaded
 * exam still apply in order.
 *
 * Each exam's attempt follows {@link nextAttemptState} and its status {@link toExamStatus}; `at`
 * is the instant the status name was last reached (a move between two attempt states with the
 * same status keeps it). Once `endsAt <= now`, an exam whose attempt is still `not-started` or
 * `started` (judged on the attempt as of `now`) is `failed` at `endsAt` with reason `missed`;
 * submitted attempts keep waiting for their review, and declined exams stay declined.
 * Events for exams not in `reqs` are ignored. An exam with no event is `pending` with no reason.
 *
 * @param reqs - the active proctored exam requirements, in policy order.
 * @param events - the learner's requirement events in log order; other kinds are skipped.
 * @param ctx - course end, evaluation instant and proctoring rules.
 * @returns one status per requirement of `reqs`, in the same order.
 * @example
 * ```ts
 * import { evaluateProctoredExams, toRequirementId } from "academic-credit";
 * const midterm = { kind: "proctored-exam", id: toRequirementId("midterm"), displayName: "Midterm", passingScore: 0.6, active: true } as const;
 * const final = { kind: "proctored-exam", id: toRequirementId("final"), displayName: "Final", passingScore: 0.6, active: true } as const;
 * const [m, f] = evaluateProctoredExams(
 *   [midterm, final],
 *   [{ type: "exam-attempt", examId: midterm.id, status: "declined", at: new Date("2026-05-01T10:00:00Z") }],
 *   { now: new Date("2026-05-02T00:00:00Z"), proctoring: { passingReviewResults: ["clean"], requireSecondReview: true, declineCascades: true } },
 * );
 * m?.status; // "declined"
 * f?.reason; // { code: "exam", attempt: "declined", cascadedFrom: "midterm" }
 * ```
 */
export function evaluateProctoredExams(
  reqs: readonly ProctoredExamRequirement[],
  events: readonly Timed<RequirementEvent>[],
  ctx: RequirementContext,
): RequirementStatus[] {
  const rows = new Map<RequirementId, ExamRow>();
  for (const req of reqs) if (!rows.has(req.id)) rows.set(req.id, freshRow(req));
  const rules = ctx.proctoring;
  for (const e of timelineAsOf(events, ctx.now)) {
    if (e.type !== "exam-attempt" && e.type !== "exam-graded" && e.type !== "exam-reviewed") continue;
    const row = rows.get(e.examId);
    if (row === undefined) continue;
    const { attemptId } = e;
    // An archived attempt's events stay in the log and change nothing.
    if (attemptId !== undefined && row.archived?.includes(attemptId) === true) continue;
    if (e.type === "exam-attempt" && e.status === "reset") {
      // Archives the current attempt (and the one the reset names) and starts over.
      const archived = [...(row.archived ?? []), ...(row.current ?? []), ...(attemptId === undefined ? [] : [attemptId])];
      rows.set(e.examId, advance(row, NOT_STARTED_ATTEMPT, e.at, undefined, rules, undefined, archived));
      continue;
    }
    const current = attemptId === undefined || row.current?.includes(attemptId) === true ? row.current : [...(row.current ?? []), attemptId];
    if (row.status === "satisfied") {
      // Satisfied never goes back: only a staff reset moves a satisfied exam (Open edX keeps it satisfied).
      if (current !== row.current) rows.set(e.examId, { ...row, current });
      continue;
    }
    const attempt = nextAttemptState(row.attempt, e, rules);
    const keepsCascade = e.type !== "exam-attempt" && attempt.state === "declined";
    rows.set(e.examId, advance(row, attempt, e.at, keepsCascade ? row.cascadedFrom : undefined, rules, current));
    if (e.type === "exam-attempt" && e.status === "declined" && rules.declineCascades) {
      for (const [id, other] of rows) {
        if (id === e.examId || !isUnsubmitted(other.attempt)) continue;
        const declined = nextAttemptState(other.attempt, { type: "exam-attempt", status: "declined" }, rules);
        rows.set(id, advance(other, declined, e.at, e.examId, rules));
      }
    }
  }
  return reqs.map((req) => finalStatus(rows.get(req.id) ?? freshRow(req), ctx));
}

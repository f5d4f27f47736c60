import type { ProctoringRules } from "../policy/index.js";
import type { ExamInput } from "./proctored-exam.js";
import type { ExamAttemptState } from "./types.js";

/**
 * One row of the proctored exam attempt table: from `from`, the example `input` leads to `to`
 * under {@link EXAM_ATTEMPT_TABLE_RULES}.
 *
 * @example
 * ```ts
 * import type { ExamAttemptTransition } from "academic-credit";
 * const row: ExamAttemptTransition = {
 *   from: "started", input: { type: "exam-attempt", status: "timed-out" }, label: "timed-out", to: "submitted",
 * };
 * ```
 */
export interface ExamAttemptTransition {
  readonly from: ExamAttemptState;
  /** An input that takes this arrow (the label says which inputs do). */
  readonly input: ExamInput;
  /** The arrow's text in diagrams. */
  readonly label: string;
  readonly to: ExamAttemptState;
}

/**
 * The proctoring rules the attempt table is written for: the defaults of docs/rules.md §3 (only
 * `clean` passes, second reviews required, declines cascade).
 *
 * @example
 * ```ts
 * import { EXAM_ATTEMPT_TABLE_RULES } from "academic-credit";
 * EXAM_ATTEMPT_TABLE_RULES.passingReviewResults; // ["clean"]
 * ```
 */
export const EXAM_ATTEMPT_TABLE_RULES: ProctoringRules = {
  passingReviewResults: ["clean"],
  requireSecondReview: true,
  declineCascades: true,
};

/**
 * The usual path of a proctored exam attempt (docs/rules.md §5.2), as data: the source of the state
 * diagram in `docs/concepts.md`, checked row by row against `nextAttemptState` by the test suite.
 * Attempt events apply from any state (an LMS may skip states), so this is the path, not a filter;
 * {@link EXAM_ATTEMPT_ANY_STATE} lists what applies everywhere.
 *
 * @example
 * ```ts
 * import { EXAM_ATTEMPT_TRANSITIONS } from "academic-credit";
 * EXAM_ATTEMPT_TRANSITIONS.filter((t) => t.from === "submitted").map((t) => t.to);
 * // ["verified", "second-review-required", "rejected", "error"]
 * ```
 */
export const EXAM_ATTEMPT_TRANSITIONS: readonly ExamAttemptTransition[] = [
  { from: "not-started", input: { type: "exam-attempt", status: "started" }, label: "started", to: "started" },
  { from: "started", input: { type: "exam-attempt", status: "submitted" }, label: "submitted or timed-out", to: "submitted" },
  { from: "submitted", input: { type: "exam-reviewed", result: "clean", reviewer: "automated" }, label: "passing review", to: "verified" },
  {
    from: "submitted",
    input: { type: "exam-reviewed", result: "suspicious", reviewer: "automated" },
    label: "failing automated review",
    to: "second-review-required",
  },
  { from: "submitted", input: { type: "exam-reviewed", result: "rules-violation", reviewer: "human" }, label: "failing human review", to: "rejected" },
  { from: "submitted", input: { type: "exam-reviewed", result: "not-reviewed", reviewer: "automated" }, label: "not-reviewed", to: "error" },
  {
    from: "second-review-required",
    input: { type: "exam-reviewed", result: "clean", reviewer: "human" },
    label: "passing second review",
    to: "verified",
  },
  {
    from: "second-review-required",
    input: { type: "exam-reviewed", result: "suspicious", reviewer: "human" },
    label: "failing second review",
    to: "rejected",
  },
  { from: "not-started", input: { type: "exam-attempt", status: "declined" }, label: "declined", to: "declined" },
  { from: "started", input: { type: "exam-attempt", status: "declined" }, label: "declined", to: "declined" },
  { from: "started", input: { type: "exam-attempt", status: "error" }, label: "error", to: "error" },
];

/**
 * What applies to an exam attempt in every state (docs/rules.md §5.2): a staff `reset` starts it over,
 * and a grade (or regrade) records the score without moving the state.
 *
 * @example
 * ```ts
 * import { EXAM_ATTEMPT_ANY_STATE } from "academic-credit";
 * EXAM_ATTEMPT_ANY_STATE.map((r) => r.label); // ["reset (staff)", "exam-graded"]
 * ```
 */
export const EXAM_ATTEMPT_ANY_STATE: readonly {
  readonly input: ExamInput;
  readonly label: string;
  readonly to: ExamAttemptState | "unchanged";
}[] = [
  { input: { type: "exam-attempt", status: "reset" }, label: "reset (staff)", to: "not-started" },
  { input: { type: "exam-graded", score: 0.7 }, label: "exam-graded", to: "unchanged" },
];

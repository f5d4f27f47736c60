import type { RequirementId } from "../ids/index.js";
import type { ProctoringRules, ReviewResult } from "../policy/index.js";
import type { ReverificationResult, RequirementStatusName } from "../journey/events.js";

/** State of a proctored exam attempt (docs/rules.md §5.2). */
export type ExamAttemptState =
  | "not-started"
  | "started"
  | "submitted"
  | "verified"
  | "second-review-required"
  | "rejected"
  | "error"
  | "declined";

/** Why a requirement has its status. */
export type RequirementReason =
  /** Grade satisfied: the recorded final grade. */
  | { readonly code: "final-grade"; readonly finalGrade: number }
  /** Grade failed: a passing grade that arrived at or after the course end. */
  | { readonly code: "late"; readonly grade: number }
  /** Grade failed: below the minimum at or after the course end (no grade at all when `grade` is absent). */
  | { readonly code: "below-minimum"; readonly grade?: number; readonly minimum: number }
  /** Exam never submitted by the course end, or reverification due date missed. */
  | { readonly code: "missed" }
  /** Proctored exam: the attempt state, with the score and review when known. */
  | {
      readonly code: "exam";
      readonly attempt: ExamAttemptState;
      readonly score?: number;
      readonly review?: ReviewResult;
      /** Set when this exam was declined because another exam was declined. */
      readonly cascadedFrom?: RequirementId;
    }
  /** Identity reverification: the last result that counted. */
  | { readonly code: "reverification"; readonly result: ReverificationResult }
  /** Custom requirement: recorded by the host. */
  | { readonly code: "recorded" };

/** The status of one requirement, the instant it was reached and why. */
export interface RequirementStatus {
  readonly requirementId: RequirementId;
  readonly status: RequirementStatusName;
  /** When the status was reached; absent for `pending`. */
  readonly at?: Date;
  readonly reason?: RequirementReason;
}

/** What requirement evaluation needs besides the events. */
export interface RequirementContext {
  /** Course end, if any. */
  readonly endsAt?: Date;
  /** Evaluation instant. */
  readonly now: Date;
  readonly proctoring: ProctoringRules;
}

/**
 * Tolerance of every "at least the minimum" comparison of §5: a value passes when
 * `value >= minimum - PASS_TOLERANCE`, so floating-point noise never fails a learner.
 *
 * @example
 * ```ts
 * import { PASS_TOLERANCE } from "academic-credit";
 * 0.8 - 1e-10 >= 0.8 - PASS_TOLERANCE; // true
 * ```
 */
export const PASS_TOLERANCE = 1e-9;

/**
 * Whether a grade or exam score reaches a minimum, with {@link PASS_TOLERANCE}
 * (docs/rules.md §5.1: `grade >= minGrade - 1e-9`). `NaN` never passes.
 *
 * @param value - the grade or score, in [0, 1].
 * @param minimum - the minimum grade or passing score, in [0, 1].
 * @returns `true` when `value >= minimum - 1e-9`.
 * @example
 * ```ts
 * import { isPassing } from "academic-credit";
 * isPassing(0.8, 0.8); // true
 * isPassing(0.79999999, 0.8); // false
 * ```
 */
export function isPassing(value: number, minimum: number): boolean {
  return value >= minimum - PASS_TOLERANCE;
}

/**
 * The events that have happened as of `now`, in time order: events stamped after `now` (or with
 * an invalid instant) are dropped, and the rest are sorted by instant, keeping log order between
 * equal instants. Instants are compared as epoch milliseconds, so the host's time zone never
 * matters. Internal: every requirement evaluator reads its events through this.
 *
 * @param events - timed events in log order.
 * @param now - the evaluation instant.
 * @returns a new array; the input is not modified.
 * @example
 * ```ts
 * import { eventsAsOf, toRequirementId } from "academic-credit";
 * const id = toRequirementId("c1");
 * eventsAsOf(
 *   [
 *     { type: "requirement-recorded", requirementId: id, status: "satisfied", at: new Date("2026-03-02T00:00:00Z") },
 *     { type: "requirement-recorded", requirementId: id, status: "failed", at: new Date("2026-03-01T00:00:00Z") },
 *   ],
 *   new Date("2026-03-01T12:00:00Z"),
 * ).length; // 1
 * ```
 */
export function eventsAsOf<E extends { readonly at: Date }>(events: readonly E[], now: Date): E[] {
  const timeline = timelineAsOf(events, now);
  return timeline === events ? events.slice() : (timeline as E[]);
}

/**
 * {@link eventsAsOf} without the copy: answers `events` itself when it already is in time order
 * with nothing after `now` (a learner record's requirement events usually are), else a new
 * array. Internal: for evaluators that only read the result.
 */
export function timelineAsOf<E extends { readonly at: Date }>(events: readonly E[], now: Date): readonly E[] {
  const limit = now.getTime();
  let previous = -Infinity;
  for (const event of events) {
    const time = event.at.getTime();
    if (!(time <= limit) || time < previous) return sortedAsOf(events, limit);
    previous = time;
  }
  return events;
}

function sortedAsOf<E extends { readonly at: Date }>(events: readonly E[], limit: number): E[] {
  return events
    .map((event, index) => ({ event, index, time: event.at.getTime() }))
    .filter((x) => x.time <= limit)
    .sort((a, b) => a.time - b.time || a.index - b.index)
    .map((x) => x.event);
}

/**
 * Builds a {@link RequirementStatus}, leaving out `at` for `pending` and any absent reason (so
 * the object satisfies `exactOptionalPropertyTypes`). Internal.
 *
 * @param requirementId - the requirement.
 * @param status - the status name.
 * @param at - when the status was reached; ignored for `pending`.
 * @param reason - why, if known.
 * @returns the status object.
 * @example
 * ```ts
 * import { toRequirementStatus, toRequirementId } from "academic-credit";
 * toRequirementStatus(toRequirementId("c1"), "pending", new Date("2026-03-01T00:00:00Z"));
 * // { requirementId: "c1", status: "pending" }
 * ```
 */
export function toRequirementStatus(
  requirementId: RequirementId,
  status: RequirementStatusName,
  at?: Date,
  reason?: RequirementReason,
): RequirementStatus {
  if (status === "pending" || at === undefined) return reason === undefined ? { requirementId, status } : { requirementId, status, reason };
  return reason === undefined ? { requirementId, status, at } : { requirementId, status, at, reason };
}

import type { RequirementId } from "../ids/index.js";
import type { ReviewResult } from "../policy/index.js";

/** Status of a requirement (docs/rules.md §5). */
export type RequirementStatusName = "pending" | "submitted" | "satisfied" | "failed" | "declined";

/** Result of the initial photo-ID verification. */
export type InitialVerificationResult = "submitted" | "approved" | "denied" | "expired";
/** What an LMS reports about a proctored exam attempt. */
export type ExamAttemptStatus = "started" | "submitted" | "timed-out" | "declined" | "error" | "reset";
/** Who reviewed a proctoring recording. */
export type Reviewer = "automated" | "human";
/** Result of an in-course identity reverification. */
export type ReverificationResult = "submitted" | "approved" | "denied" | "skipped" | "system-error";

/** `enrolled { mode }` (docs/rules.md §4). */
export interface EnrolledEvent { readonly type: "enrolled"; readonly mode: string }
/** `enrollment-mode-changed { mode }`. */
export interface EnrollmentModeChangedEvent { readonly type: "enrollment-mode-changed"; readonly mode: string }
/** `unenrolled`. */
export interface UnenrolledEvent { readonly type: "unenrolled" }
/** `initial-verification { result }`. */
export interface InitialVerificationEvent { readonly type: "initial-verification"; readonly result: InitialVerificationResult }
/** `grade-updated { grade }` (docs/rules.md §5.1), grade in [0, 1]. */
export interface GradeUpdatedEvent { readonly type: "grade-updated"; readonly grade: number }
/**
 * `exam-attempt { examId, status, attemptId? }` (docs/rules.md §5.2). `attemptId` is the LMS's id of
 * the attempt: once a `reset` has archived an attempt, events naming it change nothing.
 */
export interface ExamAttemptEvent {
  readonly type: "exam-attempt";
  readonly examId: RequirementId;
  readonly status: ExamAttemptStatus;
  readonly attemptId?: string;
}
/** `exam-graded { examId, score, attemptId? }`, score in [0, 1]. */
export interface ExamGradedEvent { readonly type: "exam-graded"; readonly examId: RequirementId; readonly score: number; readonly attemptId?: string }
/** `exam-reviewed { examId, result, reviewer, attemptId? }`. */
export interface ExamReviewedEvent {
  readonly type: "exam-reviewed";
  readonly examId: RequirementId;
  readonly result: ReviewResult;
  readonly reviewer: Reviewer;
  readonly attemptId?: string;
}
/** `reverification { checkpointId, result }` (docs/rules.md §5.3). */
export interface ReverificationEvent {
  readonly type: "reverification";
  readonly checkpointId: RequirementId;
  readonly result: ReverificationResult;
}
/** `requirement-recorded { requirementId, status }` (docs/rules.md §5.4). */
export interface RequirementRecordedEvent {
  readonly type: "requirement-recorded";
  readonly requirementId: RequirementId;
  readonly status: RequirementStatusName;
}
/** `deadline-extended { until }` (staff, docs/rules.md §6). */
export interface DeadlineExtendedEvent { readonly type: "deadline-extended"; readonly until: Date }

/** An LMS fact about one learner in one course (docs/rules.md §4–§6). */
export type LearnerEvent =
  | EnrolledEvent
  | EnrollmentModeChangedEvent
  | UnenrolledEvent
  | InitialVerificationEvent
  | GradeUpdatedEvent
  | ExamAttemptEvent
  | ExamGradedEvent
  | ExamReviewedEvent
  | ReverificationEvent
  | RequirementRecordedEvent
  | DeadlineExtendedEvent;

/** The requirement-outcome events, the ones requirement modules read. */
export type RequirementEvent =
  | GradeUpdatedEvent
  | ExamAttemptEvent
  | ExamGradedEvent
  | ExamReviewedEvent
  | ReverificationEvent
  | RequirementRecordedEvent;

/** A value stamped with the instant it happened. */
export type Timed<E> = E & { readonly at: Date };

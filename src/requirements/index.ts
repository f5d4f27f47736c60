import type { RequirementEvent, Timed } from "../journey/events.js";
import type { ProctoredExamRequirement, Requirement } from "../policy/index.js";
import { evaluateCustomRequirement } from "./custom.js";
import { evaluateGradeRequirement } from "./grade.js";
import { evaluateIdentityReverification } from "./identity-reverification.js";
import { evaluateProctoredExams } from "./proctored-exam.js";
import { timelineAsOf, toRequirementStatus, type RequirementContext, type RequirementStatus } from "./types.js";

export { evaluateCustomRequirement } from "./custom.js";
export { evaluateGradeRequirement, latestPassingGrade } from "./grade.js";
export { evaluateIdentityReverification } from "./identity-reverification.js";
export {
  evaluateProctoredExams,
  mapReviewResult,
  nextAttemptState,
  NOT_STARTED_ATTEMPT,
  toExamStatus,
} from "./proctored-exam.js";
export type { ExamAttempt, ExamInput } from "./proctored-exam.js";
export { eventsAsOf, isPassing, PASS_TOLERANCE, toRequirementStatus } from "./types.js";
export type {
  ExamAttemptState,
  RequirementContext,
  RequirementReason,
  RequirementStatus,
} from "./types.js";

/**
 * Evaluates every active requirement of a policy as of `ctx.now` (docs/rules.md §5). Pure: reads no
 * clock, and instants are compared as instants, so the host's time zone never changes a result.
 *
 * Events stamped after `ctx.now` are ignored; the rest are taken in time order, equal instants in
 * log order. Events for unknown or inactive requirements are ignored. Each kind is judged by its
 * own rule: {@link evaluateGradeRequirement}, {@link evaluateProctoredExams} (all exams together,
 * for the decline cascade), {@link evaluateIdentityReverification} and
 * {@link evaluateCustomRequirement}.
 *
 * @param requirements - the policy's requirements, in policy order (inactive ones are skipped).
 * @param events - the learner's requirement events in log order.
 * @param ctx - course end (if any), evaluation instant and proctoring rules.
 * @returns one status per active requirement, in policy order.
 * @example
 * ```ts
 * import { evaluateRequirements, toRequirementId } from "academic-credit";
 * const grade = { kind: "grade", id: toRequirementId("grade"), displayName: "Minimum grade", minGrade: 0.8, active: true } as const;
 * const exam = { kind: "proctored-exam", id: toRequirementId("final-exam"), displayName: "Final exam", passingScore: 0.6, active: true } as const;
 * const statuses = evaluateRequirements(
 *   [grade, exam],
 *   [
 *     { type: "grade-updated", grade: 0.85, at: new Date("2026-05-01T10:00:00Z") },
 *     { type: "exam-attempt", examId: exam.id, status: "submitted", at: new Date("2026-06-01T10:00:00Z") },
 *   ],
 *   {
 *     endsAt: new Date("2026-06-30T23:59:00Z"),
 *     now: new Date("2026-06-02T00:00:00Z"),
 *     proctoring: { passingReviewResults: ["clean"], requireSecondReview: true, declineCascades: true },
 *   },
 * );
 * statuses.map((s) => s.status); // ["satisfied", "submitted"]
 * ```
 */
export function evaluateRequirements(
  requirements: readonly Requirement[],
  events: readonly Timed<RequirementEvent>[],
  ctx: RequirementContext,
): RequirementStatus[] {
  const active = requirements.filter((r) => r.active);
  const timeline = timelineAsOf(events, ctx.now);
  const exams = active.filter((r): r is ProctoredExamRequirement => r.kind === "proctored-exam");
  // One status per exam, in the order of `exams`, which is the order they come in below.
  const examStatuses = evaluateProctoredExams(exams, timeline, ctx);
  let nextExam = 0;
  return active.map((req): RequirementStatus => {
    switch (req.kind) {
      case "grade":
        return evaluateGradeRequirement(req, timeline, ctx);
      case "proctored-exam":
        return examStatuses[nextExam++] ?? toRequirementStatus(req.id, "pending");
      case "identity-reverification":
        return evaluateIdentityReverification(req, timeline, ctx);
      case "custom":
        return evaluateCustomRequirement(req, timeline, ctx);
      default: {
        const never: never = req;
        return never;
      }
    }
  });
}

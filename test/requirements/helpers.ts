import { toRequirementId, type RequirementId } from "../../src/ids/index.js";
import type {
  ExamAttemptStatus,
  RequirementEvent,
  RequirementStatusName,
  ReverificationResult,
  Reviewer,
  Timed,
} from "../../src/journey/events.js";
import type {
  CustomRequirement,
  GradeRequirement,
  IdentityReverificationRequirement,
  ProctoredExamRequirement,
  ProctoringRules,
  ReviewResult,
} from "../../src/policy/index.js";
import type { RequirementContext } from "../../src/requirements/types.js";

export const rules: ProctoringRules = { passingReviewResults: ["clean"], requireSecondReview: true, declineCascades: true };

export const t = (iso: string): Date => new Date(iso);
export const id = (s: string): RequirementId => toRequirementId(s);

export function ctx(now: string, endsAt?: string, proctoring: ProctoringRules = rules): RequirementContext {
  return endsAt === undefined ? { now: t(now), proctoring } : { now: t(now), endsAt: t(endsAt), proctoring };
}

export function gradeReq(minGrade = 0.8, reqId = "grade", active = true): GradeRequirement {
  return { kind: "grade", id: id(reqId), displayName: "Minimum grade", minGrade, active };
}

export function examReq(reqId: string, passingScore = 0.6, active = true): ProctoredExamRequirement {
  return { kind: "proctored-exam", id: id(reqId), displayName: `Exam ${reqId}`, passingScore, active };
}

export function reverReq(reqId: string, dueAt?: string, active = true): IdentityReverificationRequirement {
  return dueAt === undefined
    ? { kind: "identity-reverification", id: id(reqId), displayName: `Check ${reqId}`, active }
    : { kind: "identity-reverification", id: id(reqId), displayName: `Check ${reqId}`, dueAt: t(dueAt), active };
}

export function customReq(reqId: string, active = true): CustomRequirement {
  return { kind: "custom", id: id(reqId), displayName: `Custom ${reqId}`, active };
}

export type Ev = Timed<RequirementEvent>;

export const grade = (at: string, g: number): Ev => ({ type: "grade-updated", grade: g, at: t(at) });
export const attempt = (at: string, examId: string, status: ExamAttemptStatus): Ev => ({
  type: "exam-attempt",
  examId: id(examId),
  status,
  at: t(at),
});
export const graded = (at: string, examId: string, score: number): Ev => ({ type: "exam-graded", examId: id(examId), score, at: t(at) });
export const reviewed = (at: string, examId: string, result: ReviewResult, reviewer: Reviewer = "automated"): Ev => ({
  type: "exam-reviewed",
  examId: id(examId),
  result,
  reviewer,
  at: t(at),
});
export const reverif = (at: string, checkpointId: string, result: ReverificationResult): Ev => ({
  type: "reverification",
  checkpointId: id(checkpointId),
  result,
  at: t(at),
});
export const recorded = (at: string, requirementId: string, status: RequirementStatusName): Ev => ({
  type: "requirement-recorded",
  requirementId: id(requirementId),
  status,
  at: t(at),
});

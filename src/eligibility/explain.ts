import type { RequirementId } from "../ids/index.js";
import type { LearnerRecord } from "../journey/record.js";
import type { CoursePolicy, Requirement } from "../policy/index.js";
import { openCheckout, purchaseStatus } from "../purchase/index.js";
import type { RequirementStatus } from "../requirements/types.js";
import { formatInstant } from "../time/index.js";
import type { EligibilityEvaluation } from "./evaluate.js";

/** One thing the learner (or someone else) has to do or wait for, with a stable code and data. */
export type NextStep =
  | { readonly code: "enroll" }
  | { readonly code: "upgrade-to-verified"; readonly mode?: string }
  | { readonly code: "verify-identity" }
  | { readonly code: "raise-grade"; readonly requirementId: RequirementId; readonly current?: number; readonly minimum: number; readonly by?: Date }
  | { readonly code: "take-exam"; readonly examId: RequirementId; readonly by?: Date }
  | { readonly code: "await-review"; readonly examId: RequirementId }
  | { readonly code: "await-exam-grade"; readonly examId: RequirementId }
  | { readonly code: "reverify"; readonly checkpointId: RequirementId; readonly by?: Date; readonly needsWebcam: true }
  | { readonly code: "await-reverification"; readonly checkpointId: RequirementId }
  | { readonly code: "complete-requirement"; readonly requirementId: RequirementId }
  | { readonly code: "await-requirement"; readonly requirementId: RequirementId }
  | { readonly code: "requirement-not-met"; readonly requirementId: RequirementId; readonly status: "failed" | "declined" }
  | { readonly code: "earn-verified-certificate" }
  | { readonly code: "purchase-before"; readonly deadline: Date }
  | { readonly code: "complete-checkout" }
  | { readonly code: "complete-credit" }
  | { readonly code: "await-decision" }
  | { readonly code: "credit-decided"; readonly status: "approved" | "rejected" }
  | { readonly code: "deadline-passed"; readonly deadline: Date }
  | { readonly code: "credit-not-offered" };

/** The next steps of an evaluation and an English summary. */
export interface Explanation {
  readonly nextSteps: readonly NextStep[];
  readonly message: string;
}

function latestGrade(record: LearnerRecord): number | undefined {
  let grade: number | undefined;
  for (const e of record.requirementEvents) if (e.type === "grade-updated") grade = e.grade;
  return grade;
}

function stepFor(req: Requirement, s: RequirementStatus, policy: CoursePolicy, record: LearnerRecord): NextStep | undefined {
  if (s.status === "satisfied") return undefined;
  if (s.status === "failed" || s.status === "declined") return { code: "requirement-not-met", requirementId: req.id, status: s.status };
  switch (req.kind) {
    case "grade": {
      const current = latestGrade(record);
      return {
        code: "raise-grade",
        requirementId: req.id,
        minimum: req.minGrade,
        ...(current === undefined ? {} : { current }),
        ...(policy.endsAt === undefined ? {} : { by: policy.endsAt }),
      };
    }
    case "proctored-exam": {
      if (s.status === "pending") return { code: "take-exam", examId: req.id, ...(policy.endsAt === undefined ? {} : { by: policy.endsAt }) };
      const reason = s.reason;
      if (reason?.code === "exam" && reason.attempt === "verified") return { code: "await-exam-grade", examId: req.id };
      return { code: "await-review", examId: req.id };
    }
    case "identity-reverification":
      return s.status === "pending"
        ? { code: "reverify", checkpointId: req.id, needsWebcam: true, ...(req.dueAt === undefined ? {} : { by: req.dueAt }) }
        : { code: "await-reverification", checkpointId: req.id };
    case "custom":
      return s.status === "pending" ? { code: "complete-requirement", requirementId: req.id } : { code: "await-requirement", requirementId: req.id };
    /* v8 ignore start -- @preserve: exhaustive, unreachable */
    default: {
      const never: never = req;
      return never;
    }
    /* v8 ignore stop -- @preserve */
  }
}

function requirementSteps(policy: CoursePolicy, record: LearnerRecord, statuses: readonly RequirementStatus[]): NextStep[] {
  const steps: NextStep[] = [];
  for (const s of statuses) {
    const req = policy.requirements.find((r) => r.id === s.requirementId);
    if (req === undefined) continue;
    const step = stepFor(req, s, policy, record);
    if (step !== undefined) steps.push(step);
  }
  return steps;
}

/**
 * The message of a `purchase-before` or `deadline-passed` step, with the deadline in the learner's
 * zone (docs/rules.md §2). Internal: `explainEligibility` and `toProgressView` share it, so a view in one
 * zone never shows a message written for another.
 */
export function deadlineMessage(step: Extract<NextStep, { readonly deadline: Date }>, timeZone: string): string {
  const deadline = formatInstant(step.deadline, timeZone);
  return step.code === "purchase-before" ? `You are eligible for credit. Purchase it before ${deadline}.` : `The deadline to purchase credit passed on ${deadline}.`;
}

/**
 * Builds the explanation of an evaluation: next steps with stable codes and data, and an English
 * message with dates in `timeZone`. In a course that does not offer credit now (`enabled: false`), a
 * learner who has not paid and has no checkout open is only told so. Internal: called by
 * `evaluateEligibility`.
 */
export function explainEligibility(
  policy: CoursePolicy,
  record: LearnerRecord,
  e: Omit<EligibilityEvaluation, "explanation">,
  now: Date,
  timeZone = "UTC",
): Explanation {
  return policy.enabled || e.paid || openCheckout(record.purchase) !== undefined
    ? explainStatus(policy, record, e, now, timeZone)
    : { nextSteps: [{ code: "credit-not-offered" }], message: "This course does not offer credit at the moment." };
}

function explainStatus(policy: CoursePolicy, record: LearnerRecord, e: Omit<EligibilityEvaluation, "explanation">, now: Date, timeZone: string): Explanation {
  switch (e.status) {
    case "needs-verified-enrollment": {
      const check = e.enrollment;
      const reason = check.ok ? "verification-required" : check.reason;
      const first: NextStep =
        reason === "not-enrolled"
          ? { code: "enroll" }
          : reason === "mode-not-eligible"
            ? { code: "upgrade-to-verified", ...(check.ok || check.mode === undefined ? {} : { mode: check.mode }) }
            : { code: "verify-identity" };
      const action = reason === "not-enrolled" ? "Enroll in the verified track" : reason === "mode-not-eligible" ? "Upgrade to the verified track" : "Verify your identity";
      return {
        nextSteps: [...(check.ok ? [] : [first]), ...requirementSteps(policy, record, e.requirements)],
        message: `${action} to become eligible for credit.`,
      };
    }
    case "not-eligible":
      return {
        nextSteps: [
          ...requirementSteps(policy, record, e.requirements).filter((s) => s.code === "requirement-not-met"),
          { code: "earn-verified-certificate" },
        ],
        message: "You are no longer eligible for credit in this course. You can still earn a verified certificate.",
      };
    case "in-progress": {
      const steps = requirementSteps(policy, record, e.requirements);
      return {
        nextSteps: steps,
        message: `Complete the remaining ${steps.length === 1 ? "requirement" : `${steps.length} requirements`} to become eligible for credit.`,
      };
    }
    case "eligible":
    case "expired": {
      const deadline = e.deadline as Date;
      const status = purchaseStatus(record.purchase, { granted: true, deadline }, now);
      switch (status) {
        case "checkout":
          return { nextSteps: [{ code: "complete-checkout" }], message: "Complete your payment to purchase credit." };
        case "paid":
          return { nextSteps: [{ code: "complete-credit" }], message: "Complete your credit request at the provider's site." };
        case "request-pending":
          return { nextSteps: [{ code: "await-decision" }], message: "Your credit request is with the provider, who will decide on it." };
        case "approved":
        case "rejected":
          return {
            nextSteps: [{ code: "credit-decided", status }],
            message: status === "approved" ? "The provider granted you credit." : "The provider did not grant credit; contact the provider.",
          };
        default: {
          const step = e.status === "eligible" ? ({ code: "purchase-before", deadline } as const) : ({ code: "deadline-passed", deadline } as const);
          return { nextSteps: [step], message: deadlineMessage(step, timeZone) };
        }
      }
    }
    /* v8 ignore start -- @preserve: exhaustive, unreachable */
    default: {
      const never: never = e.status;
      return never;
    }
    /* v8 ignore stop -- @preserve */
  }
}

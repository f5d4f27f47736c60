import type { RequirementId } from "../ids/index.js";
import type { CoursePolicy, Requirement } from "../policy/index.js";
import type { RequirementStatusName } from "../journey/events.js";
import { formatDate, formatInstant } from "../time/index.js";
import type { EligibilityEvaluation, EligibilityStatus } from "./evaluate.js";
import { deadlineMessage } from "./explain.js";

/** One row of the "Requirements for Course Credit" section. */
export interface ProgressRequirementView {
  readonly id: RequirementId;
  readonly kind: Requirement["kind"];
  readonly displayName: string;
  /** What is needed, e.g. "Minimum grade 80%". */
  readonly criterion: string;
  readonly status: RequirementStatusName;
  /** The status instant in the learner's zone (`30 June 2027, 23:59 (UTC)`), when there is one. */
  readonly statusDate?: string;
  /** "Upcoming", "Verification submitted", "Completed on {date}", … */
  readonly label: string;
  /** Identity reverification needs a computer with a webcam. */
  readonly needsWebcam: boolean;
}

/** The progress page's credit section. */
export interface ProgressView {
  readonly title: "Requirements for Course Credit";
  readonly status: EligibilityStatus;
  readonly headline: string;
  /** The purchase deadline in the learner's zone, once eligible. */
  readonly deadline?: string;
  readonly requirements: readonly ProgressRequirementView[];
  /** The explanation's message, with its dates in the view's zone. */
  readonly message: string;
}

/** Options of {@link toProgressView}. */
export interface ProgressViewOptions {
  /** The learner's IANA time zone (default `UTC`). */
  readonly timeZone?: string;
}

function percent(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

function criterionOf(req: Requirement, timeZone: string): string {
  switch (req.kind) {
    case "grade":
      return `Minimum grade ${percent(req.minGrade)}`;
    case "proctored-exam":
      return `Score at least ${percent(req.passingScore)} and pass the proctoring review`;
    case "identity-reverification":
      return req.dueAt === undefined
        ? "Verify your identity (needs a computer with a webcam)"
        : `Verify your identity by ${formatInstant(req.dueAt, timeZone)} (needs a computer with a webcam)`;
    case "custom":
      return req.displayName;
    /* v8 ignore start -- @preserve: exhaustive, unreachable */
    default: {
      const never: never = req;
      return never;
    }
    /* v8 ignore stop -- @preserve */
  }
}

function labelOf(req: Requirement, status: RequirementStatusName, at: Date | undefined, timeZone: string): string {
  switch (status) {
    case "pending":
      return "Upcoming";
    case "submitted":
      return "Verification submitted";
    case "satisfied":
      return at === undefined ? "Completed" : `Completed on ${formatDate(at, timeZone)}`;
    case "failed":
      return req.kind === "grade" ? "Minimum grade not met" : "Verification failed";
    case "declined":
      return "Verification declined";
    /* v8 ignore start -- @preserve: exhaustive, unreachable */
    default: {
      const never: never = status;
      return never;
    }
    /* v8 ignore stop -- @preserve */
  }
}

function headlineOf(status: EligibilityStatus, deadline: string | undefined): string {
  switch (status) {
    case "needs-verified-enrollment":
      return "Enroll in the verified track to earn credit";
    case "not-eligible":
      return "You are no longer eligible for credit";
    case "in-progress":
      return "Complete these requirements to become eligible for credit";
    case "eligible":
      return deadline === undefined ? "You are eligible for credit" : `You are eligible for credit until ${deadline}`;
    case "expired":
      return "The deadline to purchase credit has passed";
    /* v8 ignore start -- @preserve: exhaustive, unreachable */
    default: {
      const never: never = status;
      return never;
    }
    /* v8 ignore stop -- @preserve */
  }
}

/**
 * Turns an evaluation into the progress page's "Requirements for Course Credit" view model, with
 * the labels of docs/rules.md §6 and dates in the learner's time zone.
 *
 * @param policy - the course policy.
 * @param evaluation - from `evaluateEligibility`.
 * @param options - the learner's time zone.
 * @returns the view model.
 * @example
 * ```ts
 * import { emptyRecord, evaluateEligibility, parsePolicy, toCourseId, toLearnerId, toProgressView } from "academic-credit";
 * const p = parsePolicy({ courseId: "c", title: "T", requirements: [{ kind: "grade", id: "grade" }], offers: [] });
 * if (p.ok) {
 *   const e = evaluateEligibility(p.value, emptyRecord(toLearnerId("1"), toCourseId("c")), new Date("2026-01-01T00:00:00Z"));
 *   toProgressView(p.value, e, { timeZone: "Europe/London" }).requirements[0]?.label; // "Upcoming"
 * }
 * ```
 */
export function toProgressView(policy: CoursePolicy, evaluation: EligibilityEvaluation, options: ProgressViewOptions = {}): ProgressView {
  const timeZone = options.timeZone ?? "UTC";
  const deadline = evaluation.deadline === undefined ? undefined : formatInstant(evaluation.deadline, timeZone);
  const requirements: ProgressRequirementView[] = [];
  const first = evaluation.explanation.nextSteps[0];
  for (const s of evaluation.requirements) {
    const req = policy.requirements.find((r) => r.id === s.requirementId);
    if (req === undefined) continue;
    requirements.push({
      id: req.id,
      kind: req.kind,
      displayName: req.displayName,
      criterion: criterionOf(req, timeZone),
      status: s.status,
      ...(s.at === undefined ? {} : { statusDate: formatInstant(s.at, timeZone) }),
      label: labelOf(req, s.status, s.at, timeZone),
      needsWebcam: req.kind === "identity-reverification",
    });
  }
  return {
    title: "Requirements for Course Credit",
    status: evaluation.status,
    headline: evaluation.explanation.nextSteps[0]?.code === "credit-not-offered" ? evaluation.explanation.message : headlineOf(evaluation.status, deadline),
    ...(deadline === undefined ? {} : { deadline }),
    requirements,
    message: first?.code === "purchase-before" || first?.code === "deadline-passed" ? deadlineMessage(first, timeZone) : evaluation.explanation.message,
  };
}

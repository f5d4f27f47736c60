import type { CourseId, ProviderId, RequirementId } from "../ids/index.js";
import type { Duration } from "../time/index.js";

/** Result of the review of a proctoring recording. */
export type ReviewResult = "clean" | "rules-violation" | "suspicious" | "not-reviewed";

/** A minimum course grade (docs/rules.md §5.1). */
export interface GradeRequirement {
  readonly kind: "grade";
  readonly id: RequirementId;
  /** Shown to the learner; defaults to "Minimum grade". */
  readonly displayName: string;
  /** In [0, 1]; default 0.8. */
  readonly minGrade: number;
  /** Inactive requirements are kept but ignored. */
  readonly active: boolean;
}

/** A proctored exam: a passing score and a passing review (docs/rules.md §5.2). The id is the exam id. */
export interface ProctoredExamRequirement {
  readonly kind: "proctored-exam";
  readonly id: RequirementId;
  readonly displayName: string;
  /** In [0, 1]. */
  readonly passingScore: number;
  readonly active: boolean;
}

/** An in-course identity reverification checkpoint (docs/rules.md §5.3). The id is the checkpoint id. */
export interface IdentityReverificationRequirement {
  readonly kind: "identity-reverification";
  readonly id: RequirementId;
  readonly displayName: string;
  readonly dueAt?: Date;
  readonly active: boolean;
}

/** A host-evaluated requirement (docs/rules.md §5.4). */
export interface CustomRequirement {
  readonly kind: "custom";
  readonly id: RequirementId;
  readonly displayName: string;
  readonly active: boolean;
}

/** Any requirement of a course credit policy. */
export type Requirement =
  | GradeRequirement
  | ProctoredExamRequirement
  | IdentityReverificationRequirement
  | CustomRequirement;

/** A price in integer minor units of an ISO 4217 currency. */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

/** What one provider charges for the course's credit. */
export interface Offer {
  readonly providerId: ProviderId;
  readonly price: Money;
  readonly creditHours: number;
}

/** When the purchase deadline starts counting and for how long. */
export interface PurchaseWindow {
  readonly anchor: "course-end" | "eligibility";
  readonly length: Duration;
}

/** Proctoring rules of the course. */
export interface ProctoringRules {
  readonly passingReviewResults: readonly ReviewResult[];
  readonly requireSecondReview: boolean;
  readonly declineCascades: boolean;
  /**
   * Whether a proctored exam also needs a passing `exam-graded` score besides a passing review
   * (default `true`). `false` (the `edx` preset) satisfies it on the review alone, as Open edX does.
   */
  readonly requireScore?: boolean;
}

/**
 * A course credit policy with every default applied (docs/rules.md §3). Build one from JSON with
 * `parsePolicy`.
 */
export interface CoursePolicy {
  readonly courseId: CourseId;
  readonly title: string;
  /**
   * Whether the course offers credit now (Open edX `CreditCourse.enabled`; default `true`). A
   * disabled course still records every event, but grants no eligibility and sells nothing.
   */
  readonly enabled: boolean;
  readonly endsAt?: Date;
  readonly eligibleModes: readonly string[];
  readonly requireInitialVerification: boolean;
  readonly requirements: readonly Requirement[];
  readonly purchaseWindow: PurchaseWindow;
  readonly offers: readonly Offer[];
  readonly proctoring: ProctoringRules;
}

/**
 * Default eligible enrollment modes (the verified track).
 *
 * @example
 * ```ts
 * import { DEFAULT_ELIGIBLE_MODES } from "academic-credit";
 * DEFAULT_ELIGIBLE_MODES; // ["verified"]
 * ```
 */
export const DEFAULT_ELIGIBLE_MODES: readonly string[] = ["verified"];

/**
 * Open edX's credit-eligible enrollment modes (the `edx` preset).
 *
 * @example
 * ```ts
 * import { EDX_ELIGIBLE_MODES } from "academic-credit";
 * EDX_ELIGIBLE_MODES.includes("professional"); // true
 * ```
 */
export const EDX_ELIGIBLE_MODES: readonly string[] = [
  "verified",
  "professional",
  "no-id-professional",
  "executive-education",
  "paid-executive-education",
  "paid-bootcamp",
];

/**
 * The active requirements of a policy, in order.
 *
 * @param policy - the course policy.
 * @returns the requirements with `active: true`.
 * @example
 * ```ts
 * import { activeRequirements, parsePolicy } from "academic-credit";
 * const policy = parsePolicy({ courseId: "c", title: "T", requirements: [], offers: [] });
 * if (policy.ok) activeRequirements(policy.value); // []
 * ```
 */
export function activeRequirements(policy: CoursePolicy): readonly Requirement[] {
  return policy.requirements.filter((r) => r.active);
}

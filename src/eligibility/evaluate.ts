import type { LearnerRecord } from "../journey/record.js";
import type { RequirementId } from "../ids/index.js";
import { activeRequirements, type CoursePolicy, type GradeRequirement } from "../policy/index.js";
import { purchaseStatus } from "../purchase/index.js";
import { evaluateRequirements, latestPassingGrade } from "../requirements/index.js";
import type { RequirementContext, RequirementStatus } from "../requirements/types.js";
import { isDeadlineOpen } from "../time/index.js";
import { explainEligibility, type Explanation } from "./explain.js";
import { purchaseDeadline } from "./window.js";

/** Overall credit eligibility of a learner in a course (docs/rules.md §6). */
export type EligibilityStatus = "needs-verified-enrollment" | "not-eligible" | "in-progress" | "eligible" | "expired";

/** Why the enrollment does or does not allow eligibility. */
export type EnrollmentCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: "not-enrolled" | "mode-not-eligible" | "verification-required"; readonly mode?: string };

/** The result of {@link evaluateEligibility}. */
export interface EligibilityEvaluation {
  readonly status: EligibilityStatus;
  /** Every active requirement, in policy order; frozen at the grant once eligibility is granted. */
  readonly requirements: readonly RequirementStatus[];
  /** When eligibility was granted (recorded), or would be granted now (`recorded: false`). */
  readonly grantedAt?: Date;
  /** The purchase deadline (exclusive), once eligibility is granted. */
  readonly deadline?: Date;
  /** `false` when every condition holds but the grant has not been recorded yet (e.g. right after a policy change). */
  readonly recorded: boolean;
  /** Whether credit has been paid for (and not refunded). */
  readonly paid: boolean;
  readonly enrollment: EnrollmentCheck;
  /** The grade the provider would receive: the latest passing grade until credit is requested. */
  readonly finalGrade?: number;
  readonly explanation: Explanation;
}

/**
 * Options of {@link evaluateEligibility}.
 *
 * @example
 * ```ts
 * import type { EvaluateEligibilityOptions } from "academic-credit";
 * const options: EvaluateEligibilityOptions = { timeZone: "America/New_York" };
 * ```
 */
export interface EvaluateEligibilityOptions {
  /** The learner's IANA time zone, for the dates in the explanation's message (default `UTC`). */
  readonly timeZone?: string;
}

/**
 * Checks the enrollment side of eligibility: enrolled, in an eligible mode, initial verification
 * approved when required.
 *
 * @param policy - the course policy.
 * @param record - the learner record.
 * @returns `{ ok: true }` or the first reason it fails.
 * @example
 * ```ts
 * import { checkEnrollment, emptyRecord, parsePolicy, toCourseId, toLearnerId } from "academic-credit";
 * const p = parsePolicy({ courseId: "c", title: "T", requirements: [], offers: [] });
 * if (p.ok) checkEnrollment(p.value, emptyRecord(toLearnerId("1"), toCourseId("c"))); // { ok: false, reason: "not-enrolled" }
 * ```
 */
export function checkEnrollment(policy: CoursePolicy, record: LearnerRecord): EnrollmentCheck {
  const { enrollment } = record;
  if (!enrollment.active || enrollment.mode === undefined) return { ok: false, reason: "not-enrolled" };
  if (!policy.eligibleModes.includes(enrollment.mode)) return { ok: false, reason: "mode-not-eligible", mode: enrollment.mode };
  if (policy.requireInitialVerification && record.initialVerification?.result !== "approved") {
    return { ok: false, reason: "verification-required", mode: enrollment.mode };
  }
  return { ok: true };
}

function requirementContext(policy: CoursePolicy, now: Date): RequirementContext {
  return policy.endsAt === undefined
    ? { now, proctoring: policy.proctoring }
    : { now, endsAt: policy.endsAt, proctoring: policy.proctoring };
}

/**
 * Requirement statuses as the current policy sees them at `now`, ignoring any grant. Internal.
 */
export function liveRequirementStatuses(policy: CoursePolicy, record: LearnerRecord, now: Date): RequirementStatus[] {
  return evaluateRequirements(policy.requirements, record.requirementEvents, requirementContext(policy, now));
}

function frozenStatuses(policy: CoursePolicy, record: LearnerRecord, grantAt: Date, snapshot: readonly RequirementStatus[]): RequirementStatus[] {
  const byId = new Map<RequirementId, RequirementStatus>(snapshot.map((s) => [s.requirementId, s]));
  const active = activeRequirements(policy);
  const missing = active.some((r) => !byId.has(r.id));
  const asOfGrant = missing ? liveRequirementStatuses(policy, record, grantAt) : [];
  const fallback = new Map(asOfGrant.map((s) => [s.requirementId, s]));
  return active.map((r) => byId.get(r.id) ?? fallback.get(r.id) ?? { requirementId: r.id, status: "pending" });
}

function creditRequestedAt(record: LearnerRecord): Date | undefined {
  for (const e of record.events) if (e.type === "credit-requested") return e.at;
  return undefined;
}

function finalGradeOf(policy: CoursePolicy, record: LearnerRecord, now: Date): number | undefined {
  const grade = activeRequirements(policy).find((r): r is GradeRequirement => r.kind === "grade");
  if (grade === undefined) return undefined;
  const requested = creditRequestedAt(record);
  const until = requested !== undefined && requested.getTime() < now.getTime() ? requested : now;
  return latestPassingGrade(grade, record.requirementEvents, requirementContext(policy, until));
}

function withFinalGrade(statuses: RequirementStatus[], policy: CoursePolicy, finalGrade: number | undefined): RequirementStatus[] {
  if (finalGrade === undefined) return statuses;
  return statuses.map((s) => {
    const req = policy.requirements.find((r) => r.id === s.requirementId);
    if (req?.kind !== "grade" || s.status !== "satisfied") return s;
    return { ...s, reason: { code: "final-grade", finalGrade } };
  });
}

/**
 * Evaluates a learner's credit eligibility at `now` (docs/rules.md §6): the overall status, every
 * active requirement's status, the deadline and an explanation with next steps. Pure: reads no
 * clock, and the process time zone never changes the result.
 *
 * Once eligibility is recorded as granted it is never revoked, and requirement statuses stay as
 * they were at the grant. When every condition holds but no grant is recorded yet (the policy just
 * changed), the result is `eligible` with `recorded: false` and a deadline counted from `now`.
 * A course whose policy is not `enabled` never grants: such a learner stays `in-progress`, and the
 * explanation is `credit-not-offered` (unless credit was paid or a checkout is open).
 *
 * @param policy - the course policy (defaults applied).
 * @param record - the learner record.
 * @param now - the evaluation instant.
 * @param options - the learner's time zone, for the explanation's message (default `UTC`).
 * @returns the evaluation.
 * @example
 * ```ts
 * import { emptyRecord, evaluateEligibility, parsePolicy, toCourseId, toLearnerId } from "academic-credit";
 * const p = parsePolicy({ courseId: "c", title: "T", requirements: [{ kind: "grade", id: "grade" }], offers: [] });
 * if (p.ok) {
 *   const e = evaluateEligibility(p.value, emptyRecord(toLearnerId("1"), toCourseId("c")), new Date("2026-01-01T00:00:00Z"));
 *   e.status; // "needs-verified-enrollment"
 * }
 * ```
 */
export function evaluateEligibility(policy: CoursePolicy, record: LearnerRecord, now: Date, options: EvaluateEligibilityOptions = {}): EligibilityEvaluation {
  const finish = (e: Draft): EligibilityEvaluation => withExplanation(policy, record, now, e, options.timeZone);
  const enrollment = checkEnrollment(policy, record);
  const grant = record.grant;
  if (grant !== undefined) {
    const status = purchaseStatus(record.purchase, { granted: true, deadline: grant.deadline }, now);
    const paid = status === "paid" || status === "request-pending" || status === "approved" || status === "rejected";
    const finalGrade = finalGradeOf(policy, record, now);
    const requirements = withFinalGrade(frozenStatuses(policy, record, grant.at, grant.requirements), policy, finalGrade);
    const overall: EligibilityStatus = paid || isDeadlineOpen(grant.deadline, now) ? "eligible" : "expired";
    const e: Draft = {
      status: overall,
      requirements,
      grantedAt: grant.at,
      deadline: grant.deadline,
      recorded: true,
      paid,
      enrollment,
    };
    if (finalGrade !== undefined) e.finalGrade = finalGrade;
    return finish(e);
  }
  const requirements = liveRequirementStatuses(policy, record, now);
  if (!enrollment.ok) {
    return finish({ requirements, recorded: false, paid: false, enrollment, status: "needs-verified-enrollment" });
  }
  if (requirements.some((s) => s.status === "failed" || s.status === "declined")) {
    return finish({ requirements, recorded: false, paid: false, enrollment, status: "not-eligible" });
  }
  if (requirements.every((s) => s.status === "satisfied") && policy.enabled) {
    const deadline = purchaseDeadline(policy, now);
    const finalGrade = finalGradeOf(policy, record, now);
    const e: Draft = {
      requirements: withFinalGrade(requirements, policy, finalGrade),
      recorded: false,
      paid: false,
      enrollment,
      status: isDeadlineOpen(deadline, now) ? "eligible" : "expired",
      grantedAt: now,
      deadline,
    };
    if (finalGrade !== undefined) e.finalGrade = finalGrade;
    return finish(e);
  }
  return finish({ requirements, recorded: false, paid: false, enrollment, status: "in-progress" });
}

/** An evaluation being built, before its explanation. */
type Draft = { -readonly [K in keyof Omit<EligibilityEvaluation, "explanation">]: EligibilityEvaluation[K] };

/** Adds the explanation as the last field (built in place: evaluations are made on every read). */
function withExplanation(policy: CoursePolicy, record: LearnerRecord, now: Date, partial: Draft, timeZone: string | undefined): EligibilityEvaluation {
  const e: Draft & { explanation?: Explanation } = partial;
  e.explanation = explainEligibility(policy, record, partial, now, timeZone);
  return e as EligibilityEvaluation;
}

/**
 * Whether everything eligibility needs holds at `now` and no grant is recorded yet: the reducer
 * records the grant when this turns true. Internal.
 */
export function isGrantDue(policy: CoursePolicy, record: LearnerRecord, now: Date): RequirementStatus[] | undefined {
  if (record.grant !== undefined || !policy.enabled) return undefined;
  if (!checkEnrollment(policy, record).ok) return undefined;
  const statuses = liveRequirementStatuses(policy, record, now);
  return statuses.every((s) => s.status === "satisfied") ? statuses : undefined;
}

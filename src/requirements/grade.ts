import type { GradeRequirement } from "../policy/index.js";
import type { GradeUpdatedEvent, RequirementEvent, Timed } from "../journey/events.js";
import {
  timelineAsOf,
  isPassing,
  toRequirementStatus,
  type RequirementContext,
  type RequirementReason,
  type RequirementStatus,
} from "./types.js";

interface GradeFold {
  /** First instant the requirement was satisfied, and the latest passing grade since then. */
  readonly satisfied: { readonly at: Date; readonly finalGrade: number } | undefined;
  /** Latest grade received, whatever it was. */
  readonly last: Timed<GradeUpdatedEvent> | undefined;
}

function isBeforeEnd(at: Date, endsAt: Date | undefined): boolean {
  return endsAt === undefined || at.getTime() < endsAt.getTime();
}

function foldGrades(req: GradeRequirement, events: readonly Timed<RequirementEvent>[], ctx: RequirementContext): GradeFold {
  let satisfied: GradeFold["satisfied"];
  let last: GradeFold["last"];
  for (const e of timelineAsOf(events, ctx.now)) {
    if (e.type !== "grade-updated") continue;
    last = e;
    if (!isPassing(e.grade, req.minGrade)) continue;
    if (satisfied !== undefined) satisfied = { at: satisfied.at, finalGrade: e.grade };
    else if (isBeforeEnd(e.at, ctx.endsAt)) satisfied = { at: e.at, finalGrade: e.grade };
  }
  return { satisfied, last };
}

function failureReason(req: GradeRequirement, last: Timed<GradeUpdatedEvent> | undefined, endsAt: Date): RequirementReason {
  if (last === undefined) return { code: "below-minimum", minimum: req.minGrade };
  if (!isBeforeEnd(last.at, endsAt) && isPassing(last.grade, req.minGrade)) return { code: "late", grade: last.grade };
  return { code: "below-minimum", grade: last.grade, minimum: req.minGrade };
}

/**
 * Evaluates a minimum-grade requirement as of `ctx.now` (docs/rules.md §5.1). Grades are read from
 * `grade-updated` events; a grade passes when `grade >= minGrade - 1e-9`.
 *
 * - A passing grade before `endsAt` (or with no end) satisfies the requirement. `at` is the first
 *   instant it was satisfied; the reason's `finalGrade` is the latest passing grade, so it keeps
 *   moving on later passing grades (before or after `endsAt`), while failing grades never change
 *   a satisfied requirement.
 * - A failing grade before `endsAt` changes nothing: the learner still has time.
 * - Once `endsAt <= now` without a satisfying grade, the requirement is `failed` at `endsAt` (the
 *   instant the deadline closed; a grade stamped exactly at `endsAt` is late). The reason follows
 *   the latest grade: `late` when it is a passing grade received at or after `endsAt`, else
 *   `below-minimum` with that grade (or without a grade when none was ever received).
 * - Otherwise `pending`, with no reason.
 *
 * @param req - the grade requirement.
 * @param events - the learner's requirement events in log order; other kinds are skipped.
 * @param ctx - course end, evaluation instant and proctoring rules.
 * @returns the requirement's status.
 * @example
 * ```ts
 * import { evaluateGradeRequirement, toRequirementId } from "academic-credit";
 * const req = { kind: "grade", id: toRequirementId("grade"), displayName: "Minimum grade", minGrade: 0.8, active: true } as const;
 * const s = evaluateGradeRequirement(req, [{ type: "grade-updated", grade: 0.85, at: new Date("2026-05-01T10:00:00Z") }], {
 *   now: new Date("2026-06-01T00:00:00Z"),
 *   proctoring: { passingReviewResults: ["clean"], requireSecondReview: true, declineCascades: true },
 * });
 * s.status; // "satisfied"
 * s.reason; // { code: "final-grade", finalGrade: 0.85 }
 * ```
 */
export function evaluateGradeRequirement(
  req: GradeRequirement,
  events: readonly Timed<RequirementEvent>[],
  ctx: RequirementContext,
): RequirementStatus {
  const fold = foldGrades(req, events, ctx);
  if (fold.satisfied !== undefined) {
    const { at, finalGrade } = fold.satisfied;
    return toRequirementStatus(req.id, "satisfied", at, { code: "final-grade", finalGrade });
  }
  const { endsAt } = ctx;
  if (endsAt !== undefined && endsAt.getTime() <= ctx.now.getTime()) {
    return toRequirementStatus(req.id, "failed", endsAt, failureReason(req, fold.last, endsAt));
  }
  return toRequirementStatus(req.id, "pending");
}

/**
 * The grade a credit provider would receive as of `ctx.now`: the latest passing grade of a
 * satisfied grade requirement (docs/rules.md §5.1 and §6). It is the `finalGrade` of
 * {@link evaluateGradeRequirement}: passing grades received before `endsAt`, and once the
 * requirement is satisfied, every later passing grade, even after `endsAt`. Eligibility calls it
 * with a later `now` than its frozen statuses, because the final grade keeps following passing
 * grades until credit is requested.
 *
 * @param req - the grade requirement.
 * @param events - the learner's requirement events in log order.
 * @param ctx - course end, evaluation instant and proctoring rules.
 * @returns the grade, or `undefined` while the requirement is not satisfied.
 * @example
 * ```ts
 * import { latestPassingGrade, toRequirementId } from "academic-credit";
 * const req = { kind: "grade", id: toRequirementId("grade"), displayName: "Minimum grade", minGrade: 0.8, active: true } as const;
 * latestPassingGrade(
 *   req,
 *   [
 *     { type: "grade-updated", grade: 0.85, at: new Date("2026-05-01T10:00:00Z") },
 *     { type: "grade-updated", grade: 0.7, at: new Date("2026-05-02T10:00:00Z") },
 *     { type: "grade-updated", grade: 0.9, at: new Date("2026-07-15T10:00:00Z") },
 *   ],
 *   {
 *     endsAt: new Date("2026-06-30T23:59:00Z"),
 *     now: new Date("2026-08-01T00:00:00Z"),
 *     proctoring: { passingReviewResults: ["clean"], requireSecondReview: true, declineCascades: true },
 *   },
 * ); // 0.9
 * ```
 */
export function latestPassingGrade(
  req: GradeRequirement,
  events: readonly Timed<RequirementEvent>[],
  ctx: RequirementContext,
): number | undefined {
  return foldGrades(req, events, ctx).satisfied?.finalGrade;
}

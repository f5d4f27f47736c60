import type { CustomRequirement } from "../policy/index.js";
import type { RequirementEvent, RequirementStatusName, Timed } from "../journey/events.js";
import { timelineAsOf, toRequirementStatus, type RequirementContext, type RequirementStatus } from "./types.js";

/**
 * Evaluates a host-evaluated requirement as of `ctx.now` (docs/rules.md §5.4): the latest
 * `requirement-recorded` event for its id sets any status, except that a `satisfied` requirement
 * never goes back to `failed` (as Open edX: a `failed` recorded after `satisfied` is kept in the
 * log and changes nothing; `pending`, `submitted` and `declined` still apply). `at` is the instant the current
 * status name was first reached in a row (recording the same status again keeps it); recording
 * `pending` clears it. The reason is `recorded` once anything was recorded; with nothing recorded
 * the requirement is `pending` with no reason.
 *
 * @param req - the custom requirement.
 * @param events - the learner's requirement events in log order; other kinds and ids are skipped.
 * @param ctx - evaluation instant (course end and proctoring rules are not read).
 * @returns the requirement's status.
 * @example
 * ```ts
 * import { evaluateCustomRequirement, toRequirementId } from "academic-credit";
 * const req = { kind: "custom", id: toRequirementId("essay"), displayName: "Final essay", active: true } as const;
 * evaluateCustomRequirement(
 *   req,
 *   [{ type: "requirement-recorded", requirementId: req.id, status: "satisfied", at: new Date("2026-05-01T10:00:00Z") }],
 *   { now: new Date("2026-06-01T00:00:00Z"), proctoring: { passingReviewResults: ["clean"], requireSecondReview: true, declineCascades: true } },
 * ).status; // "satisfied"
 * ```
 */
export function evaluateCustomRequirement(
  req: CustomRequirement,
  events: readonly Timed<RequirementEvent>[],
  ctx: RequirementContext,
): RequirementStatus {
  let status: RequirementStatusName = "pending";
  let at: Date | undefined;
  let recorded = false;
  for (const e of timelineAsOf(events, ctx.now)) {
    if (e.type !== "requirement-recorded" || e.requirementId !== req.id) continue;
    // Satisfied never goes back to failed (Open edX refuses that one change); the event stays in the log.
    if (status === "satisfied" && e.status === "failed") continue;
    if (e.status !== status) at = e.at;
    status = e.status;
    recorded = true;
  }
  return toRequirementStatus(req.id, status, at, recorded ? { code: "recorded" } : undefined);
}

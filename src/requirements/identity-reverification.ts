import type { IdentityReverificationRequirement } from "../policy/index.js";
import type { RequirementEvent, RequirementStatusName, ReverificationResult, Timed } from "../journey/events.js";
import { timelineAsOf, toRequirementStatus, type RequirementContext, type RequirementStatus } from "./types.js";

const STATUS_AFTER: Readonly<Record<Exclude<ReverificationResult, "system-error">, RequirementStatusName>> = {
  submitted: "submitted",
  approved: "satisfied",
  denied: "failed",
  skipped: "declined",
};

/**
 * Evaluates an in-course identity reverification checkpoint as of `ctx.now` (docs/rules.md §5.3),
 * from the `reverification` events whose `checkpointId` is the requirement's id.
 *
 * - `submitted` → `submitted`; `approved` → `satisfied`; `denied` → `failed`; `skipped` →
 *   `declined`; `system-error` changes nothing (the learner retries). A new `submitted` after a
 *   denial moves the checkpoint back to `submitted`. An approved (`satisfied`) checkpoint never
 *   goes back to `failed`: a later `denied` is kept in the log and changes nothing.
 * - `declined` is final: later events are ignored.
 * - The due date is exclusive like every deadline: an event stamped at or after `dueAt` is late.
 *   A late `submitted` or `skipped` does not count (a submission after the due date is no
 *   submission). A late `approved` or `denied` counts when a submission was made before `dueAt`
 *   (a `submitted`, or a result that implies one), because that submission is still judged.
 * - When `dueAt <= now` and nothing counted (still `pending`), the checkpoint is `failed` at
 *   `dueAt` with reason `missed`.
 *
 * `at` is the instant the current status name was first reached in a row; the reason carries the
 * last result that counted.
 *
 * @param req - the reverification requirement.
 * @param events - the learner's requirement events in log order; other kinds and checkpoints are skipped.
 * @param ctx - evaluation instant (course end and proctoring rules are not read).
 * @returns the checkpoint's status.
 * @example
 * ```ts
 * import { evaluateIdentityReverification, toRequirementId } from "academic-credit";
 * const req = {
 *   kind: "identity-reverification",
 *   id: toRequirementId("midterm-check"),
 *   displayName: "Midterm identity check",
 *   dueAt: new Date("2026-04-01T00:00:00Z"),
 *   active: true,
 * } as const;
 * const s = evaluateIdentityReverification(
 *   req,
 *   [
 *     { type: "reverification", checkpointId: req.id, result: "submitted", at: new Date("2026-03-31T10:00:00Z") },
 *     { type: "reverification", checkpointId: req.id, result: "approved", at: new Date("2026-04-02T10:00:00Z") },
 *   ],
 *   { now: new Date("2026-05-01T00:00:00Z"), proctoring: { passingReviewResults: ["clean"], requireSecondReview: true, declineCascades: true } },
 * );
 * s.status; // "satisfied": submitted in time, judged later
 * ```
 */
export function evaluateIdentityReverification(
  req: IdentityReverificationRequirement,
  events: readonly Timed<RequirementEvent>[],
  ctx: RequirementContext,
): RequirementStatus {
  const due = req.dueAt?.getTime();
  let status: RequirementStatusName = "pending";
  let at: Date | undefined;
  let last: ReverificationResult | undefined;
  let submittedInTime = false;
  for (const e of timelineAsOf(events, ctx.now)) {
    if (e.type !== "reverification" || e.checkpointId !== req.id) continue;
    if (status === "declined") break;
    // system-error: the learner retries. Satisfied never goes back to failed (Open edX refuses that change).
    if (e.result === "system-error" || (status === "satisfied" && e.result === "denied")) continue;
    const inTime = due === undefined || e.at.getTime() < due;
    const isResult = e.result === "approved" || e.result === "denied";
    if (!inTime && !(isResult && submittedInTime)) continue;
    if (inTime && e.result !== "skipped") submittedInTime = true;
    const next = STATUS_AFTER[e.result];
    if (next !== status) at = e.at;
    status = next;
    last = e.result;
  }
  if (status === "pending" && req.dueAt !== undefined && req.dueAt.getTime() <= ctx.now.getTime()) {
    return toRequirementStatus(req.id, "failed", req.dueAt, { code: "missed" });
  }
  return toRequirementStatus(req.id, status, at, last === undefined ? undefined : { code: "reverification", result: last });
}

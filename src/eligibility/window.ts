import type { CoursePolicy } from "../policy/index.js";
import { addDurationUtc } from "../time/index.js";

/**
 * The purchase deadline for eligibility granted at `grantedAt` (docs/rules.md §3 `purchaseWindow`):
 * the course end plus the window length with the `course-end` anchor (falling back to the grant
 * instant when the course has no end), or the grant instant plus the length with the
 * `eligibility` anchor. Durations are added in UTC.
 *
 * @param policy - the course policy.
 * @param grantedAt - when eligibility was granted.
 * @returns the exclusive deadline.
 * @example
 * ```ts
 * import { parsePolicy, purchaseDeadline } from "academic-credit";
 * const p = parsePolicy({ courseId: "c", title: "T", endsAt: "2026-06-30T23:59:00Z", requirements: [], offers: [] });
 * if (p.ok) purchaseDeadline(p.value, new Date("2026-06-03T08:00:00Z")).toISOString(); // "2027-06-30T23:59:00.000Z"
 * ```
 */
export function purchaseDeadline(policy: CoursePolicy, grantedAt: Date): Date {
  const { anchor, length } = policy.purchaseWindow;
  const start = anchor === "course-end" && policy.endsAt !== undefined ? policy.endsAt : grantedAt;
  return addDurationUtc(start, length);
}

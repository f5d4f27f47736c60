import { evaluateEligibility } from "../eligibility/evaluate.js";
import type { CoursePolicy } from "../policy/index.js";
import { addDurationUtc } from "../time/index.js";
import type { LearnerRecord } from "./record.js";

/** A deadline reminder was queued for this deadline (recorded so it is sent at most once). */
export interface ReminderSentEvent {
  readonly type: "reminder-sent";
  readonly at: Date;
  readonly deadline: Date;
  readonly daysLeft: 30 | 7;
}

/** A reminder that is due now. */
export interface DueReminder {
  readonly daysLeft: 30 | 7;
  readonly deadline: Date;
  /** Stable per learner, course, deadline and reminder. */
  readonly idempotencyKey: string;
}

/**
 * The deadline reminders due for a learner at `now` (docs/rules.md §10): 30 and 7 days before the
 * deadline, while eligible and nothing is paid, each at most once per deadline (an extension
 * starts a new pair). The 30-day reminder is due from 30 days before until 7 days before; past
 * that only the 7-day one is, so a scheduler that first runs when both are due sends only the
 * 7-day one. A course that does not offer credit now (`enabled: false`) sends none. Pure: the host's scheduler calls it (through the service) with its own `now`.
 *
 * @param policy - the course policy.
 * @param record - the learner record.
 * @param now - the scheduler's instant.
 * @returns zero or one due reminder.
 * @example
 * ```ts
 * import { dueReminders, emptyRecord, parsePolicy, toCourseId, toLearnerId } from "academic-credit";
 * const p = parsePolicy({ courseId: "c", title: "T", requirements: [], offers: [] });
 * if (p.ok) dueReminders(p.value, emptyRecord(toLearnerId("1"), toCourseId("c")), new Date("2026-01-01T00:00:00Z")); // []
 * ```
 */
export function dueReminders(policy: CoursePolicy, record: LearnerRecord, now: Date): DueReminder[] {
  const grant = record.grant;
  if (grant === undefined || !policy.enabled) return [];
  const evaluation = evaluateEligibility(policy, record, now);
  if (evaluation.status !== "eligible" || evaluation.paid) return [];
  const deadline = grant.deadline;
  const t = now.getTime();
  if (t >= deadline.getTime()) return [];
  const sent = new Set<number>();
  for (const e of record.events) {
    if (e.type === "reminder-sent" && e.deadline.getTime() === deadline.getTime()) sent.add(e.daysLeft);
  }
  const sevenBefore = addDurationUtc(deadline, { days: -7 }).getTime();
  const thirtyBefore = addDurationUtc(deadline, { days: -30 }).getTime();
  const key = (days: number): string => `reminder-${days}:${record.courseId}:${record.learnerId}:${deadline.toISOString()}`;
  if (t >= sevenBefore) return sent.has(7) ? [] : [{ daysLeft: 7, deadline, idempotencyKey: key(7) }];
  if (t >= thirtyBefore) return sent.has(30) ? [] : [{ daysLeft: 30, deadline, idempotencyKey: key(30) }];
  return [];
}

import { isGrantDue } from "../eligibility/evaluate.js";
import { purchaseDeadline } from "../eligibility/window.js";
import type { CoursePolicy } from "../policy/index.js";
import { err, ok, type Result } from "../result/index.js";
import { formatInstant, isDeadlineOpen } from "../time/index.js";
import type { LearnerEvent, Timed } from "./events.js";
import { appendEvents, type EligibilityGrantedEvent, type JourneyEvent, type LearnerRecord } from "./record.js";

/** The eligibility email, as data: the service turns it into an outbox message. */
export interface EligibilityEmailEffect {
  readonly type: "send-email";
  readonly template: "eligibility";
  /** One eligibility email per learner and course, ever. */
  readonly idempotencyKey: string;
  readonly deadline: Date;
}

/** What the journey reducer asks the outside world to do. */
export type JourneyEffect = EligibilityEmailEffect;

/** The outcome of one reducer step. */
export interface JourneyStep {
  readonly record: LearnerRecord;
  /** Events appended by this step: the input event, then derived facts. */
  readonly events: readonly JourneyEvent[];
  readonly effects: readonly JourneyEffect[];
}

/**
 * The idempotency key of a learner's eligibility email in a course.
 *
 * @param record - the learner record.
 * @returns a stable key.
 * @example
 * ```ts
 * import { eligibilityEmailKey, emptyRecord, toCourseId, toLearnerId } from "academic-credit";
 * eligibilityEmailKey(emptyRecord(toLearnerId("42"), toCourseId("c"))); // "eligibility:c:42"
 * ```
 */
export function eligibilityEmailKey(record: Pick<LearnerRecord, "learnerId" | "courseId">): string {
  return `eligibility:${record.courseId}:${record.learnerId}`;
}

function grantIfDue(policy: CoursePolicy, record: LearnerRecord, at: Date): { events: JourneyEvent[]; effects: JourneyEffect[] } {
  const statuses = isGrantDue(policy, record, at);
  if (statuses === undefined) return { events: [], effects: [] };
  const deadline = purchaseDeadline(policy, at);
  const granted: EligibilityGrantedEvent = { type: "eligibility-granted", at, deadline, requirements: statuses };
  const effects: JourneyEffect[] = isDeadlineOpen(deadline, at)
    ? [{ type: "send-email", template: "eligibility", idempotencyKey: eligibilityEmailKey(record), deadline }]
    : [];
  return { events: [granted], effects };
}

/**
 * The journey reducer: applies one LMS event (docs/rules.md §4–§6) to a learner record under a
 * policy, records derived facts (eligibility granted, with its deadline) and returns effects as
 * data (the eligibility email, once). Pure.
 *
 * Refusals: `deadline-extended` before eligibility (`not-eligible`) or not later than the current
 * deadline (`deadline-not-later`).
 *
 * @param record - the learner record.
 * @param event - the LMS event with its instant.
 * @param policy - the course policy in force.
 * @returns the new record, the appended events and the effects, or a typed error.
 * @example
 * ```ts
 * import { emptyRecord, parsePolicy, reduceJourney, toCourseId, toLearnerId } from "academic-credit";
 * const p = parsePolicy({ courseId: "c", title: "T", requireInitialVerification: false, requirements: [], offers: [] });
 * if (p.ok) {
 *   const r = reduceJourney(emptyRecord(toLearnerId("1"), toCourseId("c")), { type: "enrolled", mode: "verified", at: new Date("2026-01-10T09:00:00Z") }, p.value);
 *   if (r.ok) r.value.events.map((e) => e.type); // ["enrolled", "eligibility-granted"]
 * }
 * ```
 */
export function reduceJourney(record: LearnerRecord, event: Timed<LearnerEvent>, policy: CoursePolicy): Result<JourneyStep> {
  if (event.type === "deadline-extended") {
    const grant = record.grant;
    if (grant === undefined) return err("not-eligible", "Only a learner who has been granted eligibility can have their deadline extended");
    if (event.until.getTime() <= grant.deadline.getTime()) {
      return err("deadline-not-later", `The new deadline must be later than the current one (${formatInstant(grant.deadline)})`, {
        deadline: grant.deadline,
      });
    }
  }
  const next = appendEvents(record, [event]);
  const last = record.events.at(-1)?.at;
  const at = last !== undefined && last.getTime() > event.at.getTime() ? last : event.at;
  const derived = grantIfDue(policy, next, at);
  return ok({ record: appendEvents(next, derived.events), events: [event, ...derived.events], effects: derived.effects });
}

/**
 * Re-evaluates a record at `now` under the current policy and records the grant when everything
 * now holds (after a policy change, e.g. a deactivated requirement). Never revokes.
 *
 * @param record - the learner record.
 * @param policy - the current policy.
 * @param now - the instant of the re-evaluation.
 * @returns the step (no events when nothing changed).
 * @example
 * ```ts
 * import { emptyRecord, parsePolicy, reevaluateJourney, toCourseId, toLearnerId } from "academic-credit";
 * const p = parsePolicy({ courseId: "c", title: "T", requirements: [], offers: [] });
 * if (p.ok) reevaluateJourney(emptyRecord(toLearnerId("1"), toCourseId("c")), p.value, new Date("2026-01-01T00:00:00Z")).events.length; // 0
 * ```
 */
export function reevaluateJourney(record: LearnerRecord, policy: CoursePolicy, now: Date): JourneyStep {
  const derived = grantIfDue(policy, record, now);
  return { record: appendEvents(record, derived.events), events: derived.events, effects: derived.effects };
}

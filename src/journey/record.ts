import type { CourseId, LearnerId } from "../ids/index.js";
import {
  applyPurchaseEvent,
  initialPurchaseState,
  type PurchaseEvent,
  type PurchaseState,
} from "../purchase/index.js";
import type { RequirementStatus } from "../requirements/types.js";
import type { ReminderSentEvent } from "./reminders.js";
import type {
  InitialVerificationResult,
  LearnerEvent,
  RequirementEvent,
  Timed,
} from "./events.js";

/**
 * A derived fact recorded by the reducer: eligibility was granted at `at`, with its deadline and
 * the requirement statuses frozen at that instant. Recording it keeps a replay stable when the
 * policy later changes.
 */
export interface EligibilityGrantedEvent {
  readonly type: "eligibility-granted";
  readonly at: Date;
  /** Exclusive purchase deadline computed from the policy at the grant. */
  readonly deadline: Date;
  /** Requirement statuses at the grant; they never change afterwards. */
  readonly requirements: readonly RequirementStatus[];
}

/** Anything stored in a learner's log: LMS facts, derived facts and purchase facts. */
export type JourneyEvent = Timed<LearnerEvent> | EligibilityGrantedEvent | ReminderSentEvent | PurchaseEvent;

/** The learner's enrollment as the log tells it. */
export interface EnrollmentState {
  readonly active: boolean;
  readonly mode?: string;
  readonly enrolledAt?: Date;
}

/** Eligibility as granted and recorded, with every staff extension applied. */
export interface EligibilityGrant {
  readonly at: Date;
  /** The current deadline (extensions included). */
  readonly deadline: Date;
  readonly requirements: readonly RequirementStatus[];
}

/**
 * One learner's record in one course: the append-only log and what it folds into. Build one with
 * {@link replay} or {@link emptyRecord}; change it only through `reduceJourney` and the service.
 */
export interface LearnerRecord {
  readonly learnerId: LearnerId;
  readonly courseId: CourseId;
  /** Every stored event, in log order. Its length is the record's version. */
  readonly events: readonly JourneyEvent[];
  readonly enrollment: EnrollmentState;
  readonly initialVerification?: { readonly result: InitialVerificationResult; readonly at: Date };
  /** Requirement outcome events, ordered by instant (equal instants keep log order). */
  readonly requirementEvents: readonly Timed<RequirementEvent>[];
  readonly grant?: EligibilityGrant;
  readonly purchase: PurchaseState;
}

/**
 * An empty record: a learner the log knows nothing about yet.
 *
 * @param learnerId - the learner.
 * @param courseId - the course.
 * @returns a record with no events.
 * @example
 * ```ts
 * import { emptyRecord, toCourseId, toLearnerId } from "academic-credit";
 * const record = emptyRecord(toLearnerId("42"), toCourseId("course-v1:MITx+6.002x+2026_T1"));
 * record.events.length; // 0
 * ```
 */
export function emptyRecord(learnerId: LearnerId, courseId: CourseId): LearnerRecord {
  return {
    learnerId,
    courseId,
    events: [],
    enrollment: { active: false },
    requirementEvents: [],
    purchase: initialPurchaseState,
  };
}

const REQUIREMENT_EVENT_TYPES: ReadonlySet<string> = new Set([
  "grade-updated",
  "exam-attempt",
  "exam-graded",
  "exam-reviewed",
  "reverification",
  "requirement-recorded",
]);

/** Whether a journey event is a requirement outcome. Internal. */
export function isRequirementEvent(event: JourneyEvent): event is Timed<RequirementEvent> {
  return REQUIREMENT_EVENT_TYPES.has(event.type);
}

/** Inserts by instant, after any event with the same instant (stable). Internal. */
function insertByInstant<E extends { readonly at: Date }>(list: E[], event: E): void {
  const t = event.at.getTime();
  let i = list.length;
  while (i > 0 && (list[i - 1] as E).at.getTime() > t) i--;
  if (i === list.length) list.push(event);
  else list.splice(i, 0, event);
}

interface Draft {
  events: JourneyEvent[];
  enrollment: EnrollmentState;
  initialVerification?: { readonly result: InitialVerificationResult; readonly at: Date };
  requirementEvents: Timed<RequirementEvent>[];
  grant?: EligibilityGrant;
  purchase: PurchaseState;
}

function applyToDraft(d: Draft, event: JourneyEvent): void {
  d.events.push(event);
  switch (event.type) {
    case "enrolled":
      d.enrollment = { active: true, mode: event.mode, enrolledAt: d.enrollment.enrolledAt ?? event.at };
      return;
    case "enrollment-mode-changed":
      d.enrollment = { ...d.enrollment, mode: event.mode };
      return;
    case "unenrolled":
      d.enrollment = { ...d.enrollment, active: false };
      return;
    case "initial-verification":
      d.initialVerification = { result: event.result, at: event.at };
      return;
    case "grade-updated":
    case "exam-attempt":
    case "exam-graded":
    case "exam-reviewed":
    case "reverification":
    case "requirement-recorded":
      insertByInstant(d.requirementEvents, event);
      return;
    case "deadline-extended":
      if (d.grant !== undefined && event.until.getTime() > d.grant.deadline.getTime()) {
        d.grant = { ...d.grant, deadline: event.until };
      }
      return;
    case "reminder-sent":
      return;
    case "eligibility-granted":
      if (d.grant === undefined) d.grant = { at: event.at, deadline: event.deadline, requirements: event.requirements };
      return;
    default:
      d.purchase = applyPurchaseEvent(d.purchase, event);
      return;
  }
}

function toDraft(record: LearnerRecord): Draft {
  const d: Draft = {
    events: [...record.events],
    enrollment: record.enrollment,
    requirementEvents: [...record.requirementEvents],
    purchase: record.purchase,
  };
  if (record.initialVerification !== undefined) d.initialVerification = record.initialVerification;
  if (record.grant !== undefined) d.grant = record.grant;
  return d;
}

function fromDraft(record: Pick<LearnerRecord, "learnerId" | "courseId">, d: Draft): LearnerRecord {
  const out: {
    -readonly [K in keyof LearnerRecord]: LearnerRecord[K];
  } = {
    learnerId: record.learnerId,
    courseId: record.courseId,
    events: d.events,
    enrollment: d.enrollment,
    requirementEvents: d.requirementEvents,
    purchase: d.purchase,
  };
  if (d.initialVerification !== undefined) out.initialVerification = d.initialVerification;
  if (d.grant !== undefined) out.grant = d.grant;
  return out;
}

/**
 * Appends already-decided events to a record (no rule is checked: that is the reducer's job).
 *
 * @param record - the record.
 * @param events - events to append, in order.
 * @returns the new record; the old one is unchanged.
 * @example
 * ```ts
 * import { appendEvents, emptyRecord, toCourseId, toLearnerId } from "academic-credit";
 * const r = appendEvents(emptyRecord(toLearnerId("42"), toCourseId("c")), [
 *   { type: "enrolled", mode: "verified", at: new Date("2026-01-10T09:00:00Z") },
 * ]);
 * r.enrollment.mode; // "verified"
 * ```
 */
export function appendEvents(record: LearnerRecord, events: readonly JourneyEvent[]): LearnerRecord {
  if (events.length === 0) return record;
  const d = toDraft(record);
  for (const e of events) applyToDraft(d, e);
  return fromDraft(record, d);
}

/**
 * Folds a stored log into a learner record. Needs no policy: derived facts (the eligibility grant
 * and its deadline) are in the log, so the same log always gives the same record.
 *
 * @param learnerId - the learner.
 * @param courseId - the course.
 * @param events - the stored log, in order.
 * @returns the record.
 * @example
 * ```ts
 * import { replay, toCourseId, toLearnerId } from "academic-credit";
 * const record = replay(toLearnerId("42"), toCourseId("c"), [
 *   { type: "enrolled", mode: "verified", at: new Date("2026-01-10T09:00:00Z") },
 * ]);
 * record.enrollment.active; // true
 * ```
 */
export function replay(learnerId: LearnerId, courseId: CourseId, events: readonly JourneyEvent[]): LearnerRecord {
  const d: Draft = { events: [], enrollment: { active: false }, requirementEvents: [], purchase: initialPurchaseState };
  for (const e of events) applyToDraft(d, e);
  return fromDraft({ learnerId, courseId }, d);
}

import type { ProgressView } from "../eligibility/progress.js";
import type { CourseId, LearnerId } from "../ids/index.js";
import type { CheckoutId, PaymentId, ProviderId } from "../ids/index.js";
import type { LearnerEvent } from "../journey/events.js";
import type { CreditPorts } from "../ports/index.js";
import type { CheckoutOption, DashboardTile, PaymentMethod, PaymentOutcome, PurchaseOutput } from "../purchase/index.js";
import type { Result } from "../result/index.js";
import * as commands from "./commands.js";
import type { CallbackOutcome, CheckoutStarted, CreditRequestAction } from "./commands.js";
import type { CreditServiceOptions, ServiceContext } from "./context.js";
import { recordEvent, type EventOutcome, type RecordEventOptions } from "./events.js";
import { recomputeCourse, sendDueReminders, type RecomputeReport, type ReminderOptions, type ReminderReport } from "./maintenance.js";
import { dispatchOutbox, type DispatchOptions, type DispatchReport } from "./outbox.js";
import { observeCommands } from "./observe.js";
import * as queries from "./queries.js";
import type { LearnerCourseState } from "./queries.js";
import { recordEvents, type EventBatchItem } from "./batch.js";
import * as read from "./read.js";
import type { CreditRequestSummary, EligibilitySummary, RequirementFilter, RequirementStatusEntry } from "./read.js";
import { retireLearner } from "./retire.js";
import type { Provider } from "../providers/model.js";
import type { RetirementReport } from "../ports/index.js";

/** The fields of one LMS event type, without its `type` tag (the service method names it). */
export type LearnerEventFields<T extends LearnerEvent["type"]> = Omit<Extract<LearnerEvent, { type: T }>, "type">;

/**
 * The application service: every event and command of docs/rules.md §4–§9 run through the ports, with
 * optimistic concurrency, idempotency and an outbox. Every method answers a `Result`; none throws.
 */
export interface CreditService {
  /**
   * Records many learners' events at once (a gradebook sync): one answer per item, in order, the
   * same as one `recordEvent` call per item (typed errors for bad items, `eventId`s idempotent),
   * with one load and one append per chunk of 500 on stores that batch. Fails as a whole only
   * when `items` is not an array.
   */
  recordEvents(items: readonly EventBatchItem[]): Promise<Result<readonly Result<EventOutcome>[]>>;
  /** Records any LMS event given as JSON-like data (validated). */
  recordEvent(learnerId: LearnerId, courseId: CourseId, event: unknown, options?: RecordEventOptions): Promise<Result<EventOutcome>>;
  /** `enrolled { mode }`. */
  enroll(learnerId: LearnerId, courseId: CourseId, e: LearnerEventFields<"enrolled">, options?: RecordEventOptions): Promise<Result<EventOutcome>>;
  /** `enrollment-mode-changed { mode }`. */
  changeEnrollmentMode(learnerId: LearnerId, courseId: CourseId, e: LearnerEventFields<"enrollment-mode-changed">, options?: RecordEventOptions): Promise<Result<EventOutcome>>;
  /** `unenrolled`. */
  unenroll(learnerId: LearnerId, courseId: CourseId, options?: RecordEventOptions): Promise<Result<EventOutcome>>;
  /** `initial-verification { result }`. */
  recordInitialVerification(learnerId: LearnerId, courseId: CourseId, e: LearnerEventFields<"initial-verification">, options?: RecordEventOptions): Promise<Result<EventOutcome>>;
  /** `grade-updated { grade }`. */
  updateGrade(learnerId: LearnerId, courseId: CourseId, e: LearnerEventFields<"grade-updated">, options?: RecordEventOptions): Promise<Result<EventOutcome>>;
  /** `exam-attempt { examId, status }`. */
  recordExamAttempt(learnerId: LearnerId, courseId: CourseId, e: LearnerEventFields<"exam-attempt">, options?: RecordEventOptions): Promise<Result<EventOutcome>>;
  /** `exam-graded { examId, score }`. */
  recordExamGrade(learnerId: LearnerId, courseId: CourseId, e: LearnerEventFields<"exam-graded">, options?: RecordEventOptions): Promise<Result<EventOutcome>>;
  /** `exam-reviewed { examId, result, reviewer }`. */
  recordExamReview(learnerId: LearnerId, courseId: CourseId, e: LearnerEventFields<"exam-reviewed">, options?: RecordEventOptions): Promise<Result<EventOutcome>>;
  /** `reverification { checkpointId, result }`. */
  recordReverification(learnerId: LearnerId, courseId: CourseId, e: LearnerEventFields<"reverification">, options?: RecordEventOptions): Promise<Result<EventOutcome>>;
  /** `requirement-recorded { requirementId, status }`. */
  recordRequirement(learnerId: LearnerId, courseId: CourseId, e: LearnerEventFields<"requirement-recorded">, options?: RecordEventOptions): Promise<Result<EventOutcome>>;
  /** `deadline-extended { until }` (staff). */
  extendDeadline(learnerId: LearnerId, courseId: CourseId, e: LearnerEventFields<"deadline-extended">, options?: RecordEventOptions): Promise<Result<EventOutcome>>;

  /** `start-checkout`: calls the payment gateway; a failing gateway records nothing. */
  startCheckout(
    learnerId: LearnerId,
    courseId: CourseId,
    command: { readonly providerId: ProviderId | string; readonly method: PaymentMethod; readonly idempotencyKey: string },
  ): Promise<Result<CheckoutStarted>>;
  /** `payment-result`, as reported by the payment gateway. */
  recordPaymentResult(
    learnerId: LearnerId,
    courseId: CourseId,
    command: {
      readonly checkoutId: CheckoutId | string;
      readonly outcome: PaymentOutcome;
      readonly paymentId: PaymentId | string;
      readonly amount: number;
      readonly currency: string;
    },
  ): Promise<Result<PurchaseOutput>>;
  /** "Complete Credit": a signed form for `signed-request` providers, a link for `link` ones. */
  requestCredit(learnerId: LearnerId, courseId: CourseId): Promise<Result<CreditRequestAction>>;
  /** A provider's callback body, verified (docs/rules.md §9) and applied. `providerId` is the one the route names. */
  handleProviderCallback(providerId: string, body: unknown): Promise<Result<CallbackOutcome>>;
  /** `record-decision` for `link` providers that never call back (trusted). */
  recordDecision(learnerId: LearnerId, courseId: CourseId, command: { readonly status: "approved" | "rejected" }): Promise<Result<PurchaseOutput>>;
  /** `refund`: only when paid and no request issued. */
  refund(learnerId: LearnerId, courseId: CourseId): Promise<Result<PurchaseOutput>>;

  /** The full state of a learner in a course. */
  getState(learnerId: LearnerId, courseId: CourseId): Promise<Result<LearnerCourseState>>;
  /** The progress page's "Requirements for Course Credit" view. */
  progress(learnerId: LearnerId, courseId: CourseId): Promise<Result<ProgressView>>;
  /** Dashboard tiles across the learner's credit courses. */
  dashboard(learnerId: LearnerId): Promise<Result<readonly DashboardTile[]>>;
  /** The learner's credit requests across courses (Open edX `get_credit_requests_for_user`). */
  creditRequests(learnerId: LearnerId): Promise<Result<readonly CreditRequestSummary[]>>;
  /** The courses where the learner may purchase credit now (Open edX `get_eligibilities_for_user`). */
  eligibilities(learnerId: LearnerId): Promise<Result<readonly EligibilitySummary[]>>;
  /** Active providers, all or those named (Open edX `get_credit_providers`). */
  providers(ids?: readonly string[]): Promise<Result<readonly Provider[]>>;
  /** Requirement statuses with date, reason and order, filtered by kind and id (Open edX `get_credit_requirement_status`). */
  requirementStatuses(learnerId: LearnerId, courseId: CourseId, filter?: RequirementFilter): Promise<Result<readonly RequirementStatusEntry[]>>;
  /**
   * Retires a learner (GDPR erasure, as Open edX's `retire_user`): removes their personal data from
   * the store and keeps the credit and financial facts; later queries still answer. Idempotent.
   * Needs a store with `retireLearner`.
   */
  retireLearner(learnerId: LearnerId): Promise<Result<RetirementReport>>;
  /** The multi-provider checkout options. */
  checkoutOptions(learnerId: LearnerId, courseId: CourseId): Promise<Result<readonly CheckoutOption[]>>;

  /** Delivers due outbox messages at least once (call it from a worker loop, e.g. `startCreditWorker`). */
  dispatchOutbox(options?: DispatchOptions): Promise<Result<DispatchReport>>;
  /** Queues due deadline reminders (call it from a scheduler); `signal` stops it between learners. */
  sendDueReminders(courseIds?: readonly CourseId[], options?: ReminderOptions): Promise<Result<ReminderReport>>;
  /** Re-evaluates a course's learners after a policy change; grants newly met eligibility once. */
  recomputeCourse(courseId: CourseId): Promise<Result<RecomputeReport>>;
}

/** Tags untrusted event fields with their type; anything unreadable becomes an invalid event. */
function withType(fields: unknown, type: string): unknown {
  try {
    return fields !== null && typeof fields === "object" ? { ...fields, type } : { type, fields };
  } catch {
    return { type, unreadable: true };
  }
}

/** `deadline-extended` accepts `until` as a `Date` or an ISO string. */
function deadlineExtension(fields: unknown): unknown {
  const event = withType(fields, "deadline-extended") as { until?: unknown };
  const until = event.until;
  return until instanceof Date && !Number.isNaN(until.getTime()) ? { ...event, until: until.toISOString() } : event;
}

/**
 * Creates the application service over the host's ports.
 *
 * @param ports - storage, payment, mail, clock, ids, provider keys and catalog.
 * @param options - retry, callback and outbox settings, and an observer (`observe`).
 * @returns the service.
 * @example
 * ```ts
 * import { createCreditService, toCourseId, toLearnerId } from "academic-credit";
 * import {
 *   createManualClock, createMemoryCatalog, createMemoryMailer, createMemoryPaymentGateway,
 *   createMemoryProviderKeys, createMemoryStore, createSequentialIds,
 * } from "academic-credit/adapters/memory";
 *
 * const service = createCreditService({
 *   store: createMemoryStore(),
 *   payments: createMemoryPaymentGateway(),
 *   mailer: createMemoryMailer(),
 *   clock: createManualClock(new Date("2026-01-10T09:00:00Z")),
 *   ids: createSequentialIds(),
 *   keys: createMemoryProviderKeys(),
 *   catalog: createMemoryCatalog(),
 * });
 * await service.enroll(toLearnerId("42"), toCourseId("course-v1:MITx+6.002x+2026_T1"), { mode: "verified" });
 * ```
 */
export function createCreditService(ports: CreditPorts, options: CreditServiceOptions = {}): CreditService {
  const service = createService(ports, options);
  return options.observe === undefined ? service : observeCommands(service, options);
}

function createService(ports: CreditPorts, options: CreditServiceOptions): CreditService {
  const ctx: ServiceContext = { ports, options };
  const ev =
    <T extends LearnerEvent["type"]>(type: T) =>
    (learnerId: LearnerId, courseId: CourseId, e: LearnerEventFields<T>, o?: RecordEventOptions) =>
      recordEvent(ctx, learnerId, courseId, withType(e, type), o);
  return {
    recordEvents: (items) => recordEvents(ctx, items),
    recordEvent: (l, c, e, o) => recordEvent(ctx, l, c, e, o),
    enroll: ev("enrolled"),
    changeEnrollmentMode: ev("enrollment-mode-changed"),
    unenroll: (l, c, o) => recordEvent(ctx, l, c, { type: "unenrolled" }, o),
    recordInitialVerification: ev("initial-verification"),
    updateGrade: ev("grade-updated"),
    recordExamAttempt: ev("exam-attempt"),
    recordExamGrade: ev("exam-graded"),
    recordExamReview: ev("exam-reviewed"),
    recordReverification: ev("reverification"),
    recordRequirement: ev("requirement-recorded"),
    extendDeadline: (l, c, e, o) => recordEvent(ctx, l, c, deadlineExtension(e), o),
    startCheckout: (l, c, cmd) => commands.startCheckout(ctx, l, c, cmd),
    recordPaymentResult: (l, c, cmd) => commands.recordPaymentResult(ctx, l, c, cmd),
    requestCredit: (l, c) => commands.requestCredit(ctx, l, c),
    handleProviderCallback: (p, body) => commands.handleProviderCallback(ctx, p, body),
    recordDecision: (l, c, cmd) => commands.recordDecision(ctx, l, c, cmd),
    refund: (l, c) => commands.refund(ctx, l, c),
    getState: (l, c) => queries.getState(ctx, l, c),
    progress: (l, c) => queries.progress(ctx, l, c),
    dashboard: (l) => queries.dashboard(ctx, l),
    checkoutOptions: (l, c) => queries.checkoutOptions(ctx, l, c),
    creditRequests: (l) => read.creditRequests(ctx, l),
    eligibilities: (l) => read.eligibilities(ctx, l),
    providers: (ids) => read.providers(ctx, ids),
    requirementStatuses: (l, c, f) => read.requirementStatuses(ctx, l, c, f),
    retireLearner: (l) => retireLearner(ctx, l),
    dispatchOutbox: (o) => dispatchOutbox(ctx, o),
    sendDueReminders: (courses, o) => sendDueReminders(ctx, courses, o),
    recomputeCourse: (c) => recomputeCourse(ctx, c),
  };
}

export type { CreditServiceOptions } from "./context.js";
export type { CreditCommandName, CreditObservation, CreditObserver, OutboxFailureCode, OutboxMessageRef } from "./observe.js";
export type { EventOutcome, RecordEventOptions } from "./events.js";
export type { CallbackOutcome, CheckoutStarted, CreditRequestAction } from "./commands.js";
export type { DispatchOptions, DispatchReport } from "./outbox.js";
export type { RecomputeReport, ReminderOptions, ReminderReport } from "./maintenance.js";
export type { LearnerCourseState } from "./queries.js";
export type { EventBatchItem } from "./batch.js";
export type { CreditRequestSummary, EligibilitySummary, RequirementFilter, RequirementStatusEntry } from "./read.js";

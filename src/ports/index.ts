import type { CheckoutId, CourseId, LearnerId, PaymentId, ProviderId, RequestId } from "../ids/index.js";
import type { JourneyEvent } from "../journey/record.js";
import type { EmailMessage } from "../notifications/index.js";
import type { CoursePolicy, Money } from "../policy/index.js";
import type { Provider } from "../providers/model.js";
import type { CreditError, Result } from "../result/index.js";

/** A learner-course log as stored, with its version (the number of stored events). */
export interface StoredJourney {
  readonly events: readonly JourneyEvent[];
  readonly version: number;
  /** Set when the learner was retired (`CreditStore.retireLearner`): the instant of the first retirement. */
  readonly retiredAt?: Date;
}

/** Names one learner-course log. */
export interface StreamRef {
  readonly learnerId: LearnerId;
  readonly courseId: CourseId;
}

/** What one append answers. */
export type AppendResult = Result<{ readonly version: number }, CreditError<"version-conflict">>;

/** What `CreditStore.retireLearner` did. */
export interface RetirementReport {
  /** The first retirement's instant (a repeated retirement keeps it). */
  readonly retiredAt: Date;
  /** Courses the learner has a log in. */
  readonly courses: readonly CourseId[];
  /** Undelivered emails and credit requests removed from the outbox (never sent). */
  readonly outboxRemoved: number;
  /** Delivered emails whose personal fields were blanked. */
  readonly outboxScrubbed: number;
}

/** A refund the outbox asks the payment gateway for. */
export interface RefundRequest {
  readonly paymentId: PaymentId;
  readonly amount: number;
  readonly currency: string;
}

/** A credit request the outbox sends to a provider without learner action (`completionSteps: false`). */
export interface CreditRequestDelivery {
  readonly providerId: ProviderId;
  readonly requestId: RequestId;
}

/** What an outbox message carries. */
export type OutboxPayload =
  | { readonly kind: "email"; readonly email: EmailMessage }
  | { readonly kind: "refund"; readonly refund: RefundRequest }
  | { readonly kind: "credit-request"; readonly request: CreditRequestDelivery };

/** A message to store with the events that caused it. */
export interface NewOutboxMessage {
  /** Unique per message: a redelivery with the same key must not be sent twice by the receiver. */
  readonly idempotencyKey: string;
  readonly payload: OutboxPayload;
}

/** An outbox message as stored, with its delivery bookkeeping. */
export interface OutboxMessage extends NewOutboxMessage {
  readonly id: string;
  readonly learnerId: LearnerId;
  readonly courseId: CourseId;
  readonly createdAt: Date;
  /** Delivery attempts so far. */
  readonly attempts: number;
  /** Not to be tried before this instant. */
  readonly nextAttemptAt: Date;
  readonly deliveredAt?: Date;
  /** Last delivery error, without secrets. */
  readonly lastError?: string;
}

/** A credit request as the store indexes it, for callbacks. */
export interface CreditRequestLocation {
  readonly requestId: RequestId;
  readonly providerId: ProviderId;
  readonly learnerId: LearnerId;
  readonly courseId: CourseId;
}

/** What one atomic append writes. */
export interface AppendBatch {
  readonly learnerId: LearnerId;
  readonly courseId: CourseId;
  /** The version the caller loaded; the append fails with `version-conflict` when the stored one differs. */
  readonly expectedVersion: number;
  readonly events: readonly JourneyEvent[];
  readonly outbox: readonly NewOutboxMessage[];
  /** Credit requests to index for callback look-up. */
  readonly requests: readonly { readonly requestId: RequestId; readonly providerId: ProviderId }[];
  /** A command's idempotency record, stored with the events. */
  readonly idempotency?: { readonly key: string; readonly response: unknown };
  /** The instant of the append (outbox `createdAt` and first `nextAttemptAt`). */
  readonly now: Date;
}

/**
 * Storage port. Appends are atomic (events, outbox messages, request index and idempotency record
 * together) and guarded by an expected version.
 */
export interface CreditStore {
  /** Loads a learner's log in a course (empty with version 0 when unknown). */
  load(learnerId: LearnerId, courseId: CourseId): Promise<StoredJourney>;
  /** Appends atomically; answers `version-conflict` when another writer got there first. */
  append(batch: AppendBatch): Promise<AppendResult>;
  /**
   * Optional: loads several logs in one round trip, answering in the order asked. Without it the
   * service loads them one by one.
   */
  loadMany?(streams: readonly StreamRef[]): Promise<readonly StoredJourney[]>;
  /**
   * Optional: several appends in one round trip, one answer per batch in order. Each batch is
   * guarded by its own stream's version exactly as `append`; batches of one stream follow each
   * other (expected versions consecutive), and once one of them fails every later batch of that
   * stream answers `version-conflict` too. Other streams are not affected. Without it the service
   * appends the batches one by one.
   */
  appendMany?(batches: readonly AppendBatch[]): Promise<readonly AppendResult[]>;
  /**
   * Optional (GDPR erasure): records the learner as retired and removes their personal data:
   * undelivered emails and credit requests leave the outbox, delivered emails keep only their
   * non-personal fields (see `retiredOutboxPayload`), and `load` answers `retiredAt` from then on.
   * Events, payments, refunds and requests stay (they hold no profile data). Idempotent.
   */
  retireLearner?(learnerId: LearnerId, at: Date): Promise<RetirementReport>;
  /** The stored response of an idempotent command, if it already ran. */
  getIdempotentResponse(key: string): Promise<unknown>;
  /** Finds a credit request by id (for provider callbacks). */
  findRequest(requestId: RequestId): Promise<CreditRequestLocation | undefined>;
  /** Streams the learners who have a log in a course (any order, each once). */
  learnersOfCourse(courseId: CourseId): AsyncIterable<LearnerId>;
  /** The courses in which a learner has a log (any order, each once): what the dashboard lists. */
  coursesOfLearner(learnerId: LearnerId): Promise<readonly CourseId[]>;
  /** Claims up to `limit` undelivered messages due at `now`, so that no other dispatcher claims them until `leaseUntil`. */
  claimOutbox(now: Date, limit: number, leaseUntil: Date): Promise<readonly OutboxMessage[]>;
  /** Marks a claimed message delivered. */
  markDelivered(id: string, at: Date): Promise<void>;
  /** Records a failed attempt and when to try again. */
  markFailed(id: string, error: string, nextAttemptAt: Date): Promise<void>;
  /**
   * Hands a claimed, undelivered message back untried: its lease ends, so the next dispatch can
   * claim it at once; its attempts, last error and next attempt stay as they were. Optional: without
   * it, a dispatcher that stops mid-batch records a failed attempt ("not tried") instead.
   */
  releaseOutbox?(id: string): Promise<void>;
  /** Every outbox message, delivered or not (for views and tests), oldest first. */
  listOutbox(learnerId: LearnerId, courseId: CourseId): Promise<readonly OutboxMessage[]>;
}

/** A checkout the gateway created. */
export interface CreatedCheckout {
  readonly checkoutId: CheckoutId;
  /** Where to send the learner to pay, if the gateway has a hosted page. */
  readonly redirectUrl?: string;
}

/** Payment port. */
export interface PaymentGateway {
  /** Creates a checkout for an offer; throwing or rejecting means no checkout. */
  createCheckout(input: {
    readonly learnerId: LearnerId;
    readonly courseId: CourseId;
    readonly providerId: ProviderId;
    readonly method: "card" | "paypal";
    readonly price: Money;
    readonly idempotencyKey: string;
  }): Promise<CreatedCheckout>;
  /**
   * Refunds a payment; must be idempotent per `idempotencyKey`. The service's keys are
   * `refund:<paymentId>:<courseId>:<learnerId>`: two learners whose payments the gateway reported
   * with the same id get two refunds, and a redelivery of one refund is never a second one.
   */
  refund(input: RefundRequest & { readonly idempotencyKey: string }): Promise<void>;
}

/** Mail port: sends one rendered or structured message; must be idempotent per `idempotencyKey`. */
export interface Mailer {
  send(message: EmailMessage): Promise<void>;
}

/** Clock port: the only place that reads the time. */
export interface Clock {
  now(): Date;
}

/** Id port: fresh ids (credit request ids are 32 lowercase hex). */
export interface IdGenerator {
  /** A new credit request id: 32 lowercase hex characters. */
  requestId(): RequestId;
  /** A new opaque id (outbox messages). */
  id(): string;
}

/**
 * Provider keys port: the ordered keys of a provider. Only non-empty ASCII keys are used: sign
 * with the first of them, accept any.
 */
export interface ProviderKeys {
  keysOf(providerId: ProviderId): Promise<readonly string[]>;
}

/** A learner as the host knows them. */
export interface LearnerProfile {
  readonly id: LearnerId;
  readonly username: string;
  readonly email: string;
  readonly fullName: string;
  /** ISO 3166 country code. */
  readonly country?: string;
  /** IANA time zone for dates shown to them (default UTC). */
  readonly timeZone?: string;
  /** BCP 47 locale for prices (default en). */
  readonly locale?: string;
}

/** Catalog port: course policies, providers and learner profiles. */
export interface Catalog {
  policy(courseId: CourseId): Promise<CoursePolicy | undefined>;
  provider(providerId: ProviderId): Promise<Provider | undefined>;
  providers(): Promise<readonly Provider[]>;
  learner(learnerId: LearnerId): Promise<LearnerProfile | undefined>;
  /** Every credit course (for the reminder scheduler). */
  courses(): Promise<readonly CourseId[]>;
}

/** A signed credit request form: POST `parameters` to `url`. */
export interface SignedCreditRequestForm {
  readonly providerId: ProviderId;
  readonly requestId: RequestId;
  readonly url: string;
  readonly parameters: Readonly<Record<string, string>>;
}

/**
 * Optional port: POSTs a signed credit request to a provider server-to-server (for providers with
 * `integration: "signed-request"` and `completionSteps: false`). Must be idempotent per request id.
 */
export interface CreditRequestSender {
  send(form: SignedCreditRequestForm): Promise<void>;
}

/** Every port the service needs. */
export interface CreditPorts {
  readonly store: CreditStore;
  readonly payments: PaymentGateway;
  readonly mailer: Mailer;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly keys: ProviderKeys;
  readonly catalog: Catalog;
  /** Optional: sends automatic signed credit requests; without it they are only recorded. */
  readonly creditRequests?: CreditRequestSender;
}

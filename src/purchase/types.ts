import type { CheckoutId, CourseId, PaymentId, ProviderId, RequestId } from "../ids/index.js";
import type { CoursePolicy, Money, Offer } from "../policy/index.js";
import type { Provider } from "../providers/model.js";
import type { CreditError } from "../result/index.js";

/**
 * How the learner pays at checkout.
 *
 * @example
 * ```ts
 * import type { PaymentMethod } from "academic-credit";
 * const method: PaymentMethod = "paypal";
 * ```
 */
export type PaymentMethod = "card" | "paypal";

/**
 * What the payment gateway reports about a checkout.
 *
 * @example
 * ```ts
 * import type { PaymentOutcome } from "academic-credit";
 * const outcome: PaymentOutcome = "cancelled";
 * ```
 */
export type PaymentOutcome = "succeeded" | "failed" | "cancelled";

/**
 * A final decision of a credit provider.
 *
 * @example
 * ```ts
 * import type { CreditDecision } from "academic-credit";
 * const decision: CreditDecision = "approved";
 * ```
 */
export type CreditDecision = "approved" | "rejected";

/**
 * Who recorded a credit decision: the provider's signed callback, or trusted staff/host code.
 *
 * @example
 * ```ts
 * import type { DecisionSource } from "academic-credit";
 * const source: DecisionSource = "staff";
 * ```
 */
export type DecisionSource = "provider-callback" | "staff";

/**
 * The learner's purchase status (docs/rules.md §8).
 *
 * @example
 * ```ts
 * import type { PurchaseStatus } from "academic-credit";
 * const status: PurchaseStatus = "request-pending";
 * ```
 */
export type PurchaseStatus =
  | "unavailable"
  | "available"
  | "checkout"
  | "paid"
  | "request-pending"
  | "approved"
  | "rejected";

/**
 * Finds a provider by id, or `undefined` when the id is unknown. Build one from a list with
 * `toProviderLookup`.
 *
 * @example
 * ```ts
 * import type { ProviderLookup } from "academic-credit";
 * const none: ProviderLookup = () => undefined;
 * ```
 */
export type ProviderLookup = (id: ProviderId) => Provider | undefined;

/**
 * What the purchase rules need to know about eligibility (docs/rules.md §6): whether it was granted and,
 * once granted, the learner's current exclusive purchase deadline.
 *
 * @example
 * ```ts
 * import type { PurchaseEligibility } from "academic-credit";
 * const e: PurchaseEligibility = { granted: true, deadline: new Date("2027-06-30T23:59:00Z") };
 * ```
 */
export type PurchaseEligibility =
  | { readonly granted: false; readonly deadline?: Date }
  | { readonly granted: true; readonly deadline: Date };

/**
 * Everything a purchase decision reads besides the state and the command. Ids come from outside:
 * the core never makes one up.
 *
 * @example
 * ```ts
 * import { parsePolicy, toProviderLookup, toRequestId, type PurchaseContext } from "academic-credit";
 * const policy = parsePolicy({ courseId: "c", title: "T", requirements: [], offers: [] });
 * if (policy.ok) {
 *   const ctx: PurchaseContext = {
 *     now: new Date("2026-07-01T12:00:00Z"),
 *     policy: policy.value,
 *     providers: toProviderLookup([]),
 *     eligibility: { granted: true, deadline: new Date("2027-06-30T23:59:00Z") },
 *     requestId: toRequestId("557168d0f7664fe59097106c67c3f847"),
 *   };
 * }
 * ```
 */
export interface PurchaseContext {
  /** The decision instant; every event is stamped with it. */
  readonly now: Date;
  /** The course policy (its offers and title). */
  readonly policy: CoursePolicy;
  readonly providers: ProviderLookup;
  readonly eligibility: PurchaseEligibility;
  /** A fresh id for a new credit request (needed by `request-credit`, and by a payment that issues the request itself). */
  readonly requestId?: RequestId;
}

// ---------------------------------------------------------------------------------------------
// Events

/**
 * A checkout was opened at the payment gateway for one provider's offer; the price and credit hours
 * are those of the offer at that instant.
 *
 * @example
 * ```ts
 * import { toCheckoutId, toProviderId, type CheckoutStartedEvent } from "academic-credit";
 * const e: CheckoutStartedEvent = {
 *   type: "checkout-started", at: new Date("2026-07-01T12:00:00Z"), checkoutId: toCheckoutId("co-1"),
 *   providerId: toProviderId("asu"), method: "card", idempotencyKey: "k1",
 *   price: { amount: 60000, currency: "USD" }, creditHours: 3,
 * };
 * ```
 */
export interface CheckoutStartedEvent {
  readonly type: "checkout-started";
  readonly at: Date;
  readonly checkoutId: CheckoutId;
  readonly providerId: ProviderId;
  readonly method: PaymentMethod;
  readonly idempotencyKey: string;
  readonly price: Money;
  readonly creditHours: number;
}

/**
 * A payment succeeded and bought the offer of its checkout.
 *
 * @example
 * ```ts
 * import { toCheckoutId, toPaymentId, type PaymentSucceededEvent } from "academic-credit";
 * const e: PaymentSucceededEvent = {
 *   type: "payment-succeeded", at: new Date("2026-07-01T12:03:00Z"), checkoutId: toCheckoutId("co-1"),
 *   paymentId: toPaymentId("pay-co-1"), amount: 60000, currency: "USD",
 * };
 * ```
 */
export interface PaymentSucceededEvent {
  readonly type: "payment-succeeded";
  readonly at: Date;
  readonly checkoutId: CheckoutId;
  readonly paymentId: PaymentId;
  readonly amount: number;
  readonly currency: string;
}

/**
 * A payment failed or was cancelled; the open checkout is closed.
 *
 * @example
 * ```ts
 * import { toCheckoutId, toPaymentId, type PaymentFailedEvent } from "academic-credit";
 * const e: PaymentFailedEvent = {
 *   type: "payment-failed", at: new Date("2026-07-01T12:03:00Z"), checkoutId: toCheckoutId("co-1"),
 *   paymentId: toPaymentId("pay-co-1"), outcome: "cancelled",
 * };
 * ```
 */
export interface PaymentFailedEvent {
  readonly type: "payment-failed";
  readonly at: Date;
  readonly checkoutId: CheckoutId;
  readonly paymentId: PaymentId;
  readonly outcome: "failed" | "cancelled";
}

/**
 * A successful payment was refused (a second purchase) and its money is being returned.
 *
 * @example
 * ```ts
 * import { toCheckoutId, toPaymentId, type PaymentRefundRequestedEvent } from "academic-credit";
 * const e: PaymentRefundRequestedEvent = {
 *   type: "payment-refund-requested", at: new Date("2026-07-01T12:05:00Z"), checkoutId: toCheckoutId("co-2"),
 *   paymentId: toPaymentId("pay-co-2"), amount: 45000, currency: "USD", reason: "duplicate-payment",
 * };
 * ```
 */
export interface PaymentRefundRequestedEvent {
  readonly type: "payment-refund-requested";
  readonly at: Date;
  readonly checkoutId: CheckoutId;
  readonly paymentId: PaymentId;
  readonly amount: number;
  readonly currency: string;
  readonly reason: "duplicate-payment";
}

/**
 * A credit request was issued to the provider (again, with the same id, when re-issued).
 *
 * @example
 * ```ts
 * import { toProviderId, toRequestId, type CreditRequestedEvent } from "academic-credit";
 * const e: CreditRequestedEvent = {
 *   type: "credit-requested", at: new Date("2026-07-02T09:00:00Z"),
 *   requestId: toRequestId("557168d0f7664fe59097106c67c3f847"), providerId: toProviderId("asu"),
 * };
 * ```
 */
export interface CreditRequestedEvent {
  readonly type: "credit-requested";
  readonly at: Date;
  readonly requestId: RequestId;
  readonly providerId: ProviderId;
}

/**
 * The provider's final decision on the pending credit request.
 *
 * @example
 * ```ts
 * import { toRequestId, type CreditDecidedEvent } from "academic-credit";
 * const e: CreditDecidedEvent = {
 *   type: "credit-decided", at: new Date("2026-07-09T09:00:00Z"),
 *   requestId: toRequestId("557168d0f7664fe59097106c67c3f847"), status: "approved", source: "provider-callback",
 * };
 * ```
 */
export interface CreditDecidedEvent {
  readonly type: "credit-decided";
  readonly at: Date;
  readonly requestId: RequestId;
  readonly status: CreditDecision;
  readonly source: DecisionSource;
}

/**
 * The purchase was refunded (before any credit request); the log keeps it.
 *
 * @example
 * ```ts
 * import { toCheckoutId, toPaymentId, type RefundedEvent } from "academic-credit";
 * const e: RefundedEvent = {
 *   type: "refunded", at: new Date("2026-07-03T09:00:00Z"),
 *   paymentId: toPaymentId("pay-co-1"), checkoutId: toCheckoutId("co-1"),
 * };
 * ```
 */
export interface RefundedEvent {
  readonly type: "refunded";
  readonly at: Date;
  readonly paymentId: PaymentId;
  readonly checkoutId: CheckoutId;
}

/**
 * A stored purchase fact (docs/rules.md §8). Plain JSON data apart from `at`.
 *
 * @example
 * ```ts
 * import { toProviderId, toRequestId, type PurchaseEvent } from "academic-credit";
 * const e: PurchaseEvent = {
 *   type: "credit-requested", at: new Date("2026-07-02T09:00:00Z"),
 *   requestId: toRequestId("557168d0f7664fe59097106c67c3f847"), providerId: toProviderId("asu"),
 * };
 * ```
 */
export type PurchaseEvent =
  | CheckoutStartedEvent
  | PaymentSucceededEvent
  | PaymentFailedEvent
  | PaymentRefundRequestedEvent
  | CreditRequestedEvent
  | CreditDecidedEvent
  | RefundedEvent;

// ---------------------------------------------------------------------------------------------
// State

/**
 * Where a checkout stands: `open` (waiting for its payment), `replaced` (the learner opened another
 * one, or another one was paid), `closed` (its payment failed or was cancelled), `paid`, `refunded`.
 *
 * @example
 * ```ts
 * import type { CheckoutStatus } from "academic-credit";
 * const s: CheckoutStatus = "replaced";
 * ```
 */
export type CheckoutStatus = "open" | "replaced" | "closed" | "paid" | "refunded";

/**
 * One checkout the learner started, with the offer it sells.
 *
 * @example
 * ```ts
 * import { initialPurchaseState, type CheckoutRecord } from "academic-credit";
 * const all: readonly CheckoutRecord[] = initialPurchaseState.checkouts; // []
 * ```
 */
export interface CheckoutRecord {
  readonly checkoutId: CheckoutId;
  readonly providerId: ProviderId;
  readonly method: PaymentMethod;
  readonly idempotencyKey: string;
  readonly price: Money;
  readonly creditHours: number;
  readonly startedAt: Date;
  readonly status: CheckoutStatus;
}

/**
 * A payment result that was recorded: the one that bought credit, a failure that closed a checkout,
 * or a refused success whose refund was requested.
 *
 * @example
 * ```ts
 * import { initialPurchaseState, type PaymentRecord } from "academic-credit";
 * const payments: readonly PaymentRecord[] = initialPurchaseState.payments; // []
 * ```
 */
export type PaymentRecord =
  | {
      readonly kind: "purchase";
      readonly paymentId: PaymentId;
      readonly checkoutId: CheckoutId;
      readonly amount: number;
      readonly currency: string;
      readonly at: Date;
    }
  | {
      readonly kind: "failure";
      readonly paymentId: PaymentId;
      readonly checkoutId: CheckoutId;
      readonly outcome: "failed" | "cancelled";
      readonly at: Date;
    }
  | {
      readonly kind: "refund-requested";
      readonly paymentId: PaymentId;
      readonly checkoutId: CheckoutId;
      readonly amount: number;
      readonly currency: string;
      readonly at: Date;
    };

/**
 * The purchase that currently counts (paid, not refunded).
 *
 * @example
 * ```ts
 * import { initialPurchaseState, type PurchaseRecord } from "academic-credit";
 * const p: PurchaseRecord | null = initialPurchaseState.purchase; // null
 * ```
 */
export interface PurchaseRecord {
  readonly checkoutId: CheckoutId;
  readonly paymentId: PaymentId;
  readonly providerId: ProviderId;
  readonly method: PaymentMethod;
  readonly price: Money;
  readonly creditHours: number;
  /** When the paid checkout was started (inside the purchase window). */
  readonly checkoutStartedAt: Date;
  readonly paidAt: Date;
}

/**
 * The credit request of the current purchase: pending, or decided (final).
 *
 * @example
 * ```ts
 * import { initialPurchaseState, type CreditRequestRecord } from "academic-credit";
 * const r: CreditRequestRecord | null = initialPurchaseState.request; // null
 * ```
 */
export type CreditRequestRecord =
  | {
      readonly status: "pending";
      readonly requestId: RequestId;
      readonly providerId: ProviderId;
      /** First issue. */
      readonly requestedAt: Date;
      /** Latest issue (a re-issue re-signs with a fresh timestamp). */
      readonly issuedAt: Date;
    }
  | {
      readonly status: CreditDecision;
      readonly requestId: RequestId;
      readonly providerId: ProviderId;
      readonly requestedAt: Date;
      readonly issuedAt: Date;
      readonly decidedAt: Date;
      readonly source: DecisionSource;
    };

/**
 * A learner's purchase in one course, folded from {@link PurchaseEvent}s by `applyPurchaseEvent`.
 * The status shown to people is derived by `purchaseStatus`.
 *
 * @example
 * ```ts
 * import { initialPurchaseState, type PurchaseState } from "academic-credit";
 * const s: PurchaseState = initialPurchaseState;
 * ```
 */
export interface PurchaseState {
  /** Every checkout ever started, in order of first start. */
  readonly checkouts: readonly CheckoutRecord[];
  /** Every recorded payment result, in log order. */
  readonly payments: readonly PaymentRecord[];
  /** The purchase that counts, or `null` (nothing paid, or refunded). */
  readonly purchase: PurchaseRecord | null;
  /** The credit request of that purchase, or `null` before the first one. */
  readonly request: CreditRequestRecord | null;
}

// ---------------------------------------------------------------------------------------------
// Commands

/**
 * `start-checkout` (docs/rules.md §8): the learner picks a provider and a payment method. Checked with
 * `planCheckout`; the service then calls the payment gateway and records the checkout with a
 * {@link RecordCheckoutCommand}.
 *
 * @example
 * ```ts
 * import { toProviderId, type StartCheckoutCommand } from "academic-credit";
 * const c: StartCheckoutCommand = { type: "start-checkout", providerId: toProviderId("asu"), method: "card", idempotencyKey: "k1" };
 * ```
 */
export interface StartCheckoutCommand {
  readonly type: "start-checkout";
  readonly providerId: ProviderId;
  readonly method: PaymentMethod;
  readonly idempotencyKey: string;
}

/**
 * Records a checkout the payment gateway created for a `start-checkout`; every check of
 * `planCheckout` runs again first.
 *
 * @example
 * ```ts
 * import { toCheckoutId, toProviderId, type RecordCheckoutCommand } from "academic-credit";
 * const c: RecordCheckoutCommand = {
 *   type: "record-checkout", checkoutId: toCheckoutId("co-1"), providerId: toProviderId("asu"), method: "card", idempotencyKey: "k1",
 * };
 * ```
 */
export interface RecordCheckoutCommand {
  readonly type: "record-checkout";
  readonly checkoutId: CheckoutId;
  readonly providerId: ProviderId;
  readonly method: PaymentMethod;
  readonly idempotencyKey: string;
}

/**
 * `payment-result` (docs/rules.md §8): what the payment gateway says about a checkout.
 *
 * @example
 * ```ts
 * import { toCheckoutId, toPaymentId, type PaymentResultCommand } from "academic-credit";
 * const c: PaymentResultCommand = {
 *   type: "payment-result", checkoutId: toCheckoutId("co-1"), outcome: "succeeded",
 *   paymentId: toPaymentId("pay-co-1"), amount: 60000, currency: "USD",
 * };
 * ```
 */
export interface PaymentResultCommand {
  readonly type: "payment-result";
  readonly checkoutId: CheckoutId;
  readonly outcome: PaymentOutcome;
  readonly paymentId: PaymentId;
  /** Charged amount in minor units. */
  readonly amount: number;
  readonly currency: string;
}

/**
 * `request-credit` ("Complete Credit", docs/rules.md §8).
 *
 * @example
 * ```ts
 * import type { RequestCreditCommand } from "academic-credit";
 * const c: RequestCreditCommand = { type: "request-credit" };
 * ```
 */
export interface RequestCreditCommand {
  readonly type: "request-credit";
}

/**
 * `record-decision` (docs/rules.md §8): trusted staff/host code records the provider's decision.
 *
 * @example
 * ```ts
 * import type { RecordDecisionCommand } from "academic-credit";
 * const c: RecordDecisionCommand = { type: "record-decision", status: "approved" };
 * ```
 */
export interface RecordDecisionCommand {
  readonly type: "record-decision";
  readonly status: CreditDecision;
}

/**
 * Applies a provider callback whose body, timestamp and signature were already verified
 * (docs/rules.md §9): only the transition rules remain.
 *
 * @example
 * ```ts
 * import { toProviderId, toRequestId, type ApplyCallbackCommand } from "academic-credit";
 * const c: ApplyCallbackCommand = {
 *   type: "apply-callback", requestId: toRequestId("557168d0f7664fe59097106c67c3f847"),
 *   status: "approved", providerId: toProviderId("asu"),
 * };
 * ```
 */
export interface ApplyCallbackCommand {
  readonly type: "apply-callback";
  readonly requestId: RequestId;
  readonly status: "pending" | CreditDecision;
  readonly providerId: ProviderId;
}

/**
 * `refund` (docs/rules.md §8): only when paid and no credit request was issued.
 *
 * @example
 * ```ts
 * import type { RefundCommand } from "academic-credit";
 * const c: RefundCommand = { type: "refund" };
 * ```
 */
export interface RefundCommand {
  readonly type: "refund";
}

/**
 * The purchase commands of docs/rules.md §8 (with the verified provider callback as `apply-callback`).
 *
 * @example
 * ```ts
 * import type { PurchaseCommand } from "academic-credit";
 * const c: PurchaseCommand = { type: "refund" };
 * ```
 */
export type PurchaseCommand =
  | StartCheckoutCommand
  | PaymentResultCommand
  | RequestCreditCommand
  | RecordDecisionCommand
  | ApplyCallbackCommand
  | RefundCommand;

/**
 * What `decidePurchase` accepts: every purchase command, with `start-checkout` replaced by
 * `record-checkout` (the gateway call sits between the two).
 *
 * @example
 * ```ts
 * import type { PurchaseDecisionCommand } from "academic-credit";
 * const c: PurchaseDecisionCommand = { type: "request-credit" };
 * ```
 */
export type PurchaseDecisionCommand = Exclude<PurchaseCommand, StartCheckoutCommand> | RecordCheckoutCommand;

// ---------------------------------------------------------------------------------------------
// Effects and outputs

/**
 * Data of the `purchase-receipt` email (docs/rules.md §10), without the learner's name, zone and locale
 * (the service adds them).
 *
 * @example
 * ```ts
 * import { toCourseId, toPaymentId, toProviderId, type PurchaseReceiptData } from "academic-credit";
 * const d: PurchaseReceiptData = {
 *   courseId: toCourseId("c"), courseTitle: "Circuits", providerId: toProviderId("asu"),
 *   providerName: "Arizona State University", creditHours: 3, amount: 60000, currency: "USD",
 *   paymentId: toPaymentId("pay-co-1"), completionSteps: true,
 * };
 * ```
 */
export interface PurchaseReceiptData {
  readonly courseId: CourseId;
  readonly courseTitle: string;
  readonly providerId: ProviderId;
  /** The provider's display name (its id when the provider is unknown). */
  readonly providerName: string;
  readonly creditHours: number;
  /** Paid amount in minor units. */
  readonly amount: number;
  readonly currency: string;
  readonly paymentId: PaymentId;
  readonly fulfillmentInstructions?: string;
  /** Whether the learner must still "Complete Credit" (false when the request was issued at payment). */
  readonly completionSteps: boolean;
}

/**
 * Data of the `credit-decision` email (docs/rules.md §10), without the learner's name (the service adds
 * it). The URLs are absent only when the provider is no longer known.
 *
 * @example
 * ```ts
 * import { toCourseId, toProviderId, toRequestId, type CreditDecisionData } from "academic-credit";
 * const d: CreditDecisionData = {
 *   courseId: toCourseId("c"), courseTitle: "Circuits", providerId: toProviderId("asu"),
 *   providerName: "Arizona State University", requestId: toRequestId("557168d0f7664fe59097106c67c3f847"),
 *   status: "approved", statusUrl: "https://credit.example.edu/status",
 * };
 * ```
 */
export interface CreditDecisionData {
  readonly courseId: CourseId;
  readonly courseTitle: string;
  readonly providerId: ProviderId;
  readonly providerName: string;
  readonly requestId: RequestId;
  readonly status: CreditDecision;
  /** Where an approved learner sees the credit. */
  readonly statusUrl?: string;
  /** Whom a rejected learner contacts. */
  readonly providerUrl?: string;
}

/**
 * Send one email through the outbox (the host renders the template).
 *
 * @example
 * ```ts
 * import type { SendEmailEffect } from "academic-credit";
 * const isReceipt = (e: SendEmailEffect) => e.template === "purchase-receipt";
 * ```
 */
export type SendEmailEffect =
  | {
      readonly type: "send-email";
      readonly template: "purchase-receipt";
      /**
       * `purchase-receipt:<paymentId>`: unique within this learner's course only, since payment ids
       * come from the host's gateway. A host that sends the emails of many learners through one
       * mailer scopes it by course and learner, as the service does.
       */
      readonly idempotencyKey: string;
      readonly data: PurchaseReceiptData;
    }
  | {
      readonly type: "send-email";
      readonly template: "credit-decision";
      readonly idempotencyKey: string;
      readonly data: CreditDecisionData;
    };

/**
 * Return a payment's money through `PaymentGateway.refund`.
 *
 * @example
 * ```ts
 * import { toPaymentId, type RefundPaymentEffect } from "academic-credit";
 * const e: RefundPaymentEffect = {
 *   type: "refund-payment", paymentId: toPaymentId("pay-co-2"), amount: 45000, currency: "USD", idempotencyKey: "refund:pay-co-2",
 * };
 * ```
 */
export interface RefundPaymentEffect {
  readonly type: "refund-payment";
  readonly paymentId: PaymentId;
  readonly amount: number;
  readonly currency: string;
  /**
   * `refund:<paymentId>`: unique within this learner's course only, since payment ids come from
   * the host's gateway. A host that refunds the payments of many learners through one gateway
   * scopes it by course and learner, as the service does (`refund:<paymentId>:<courseId>:<learnerId>`).
   */
  readonly idempotencyKey: string;
}

/**
 * Send a signed credit request to a `signed-request` provider without the learner (the provider has
 * `completionSteps: false`, so the request is issued at payment). The service builds and signs the
 * parameters.
 *
 * @example
 * ```ts
 * import { toProviderId, toRequestId, type SendCreditRequestEffect } from "academic-credit";
 * const e: SendCreditRequestEffect = {
 *   type: "send-credit-request", providerId: toProviderId("asu"), requestId: toRequestId("557168d0f7664fe59097106c67c3f847"),
 *   url: "https://credit.example.edu/request", idempotencyKey: "credit-request:557168d0f7664fe59097106c67c3f847",
 * };
 * ```
 */
export interface SendCreditRequestEffect {
  readonly type: "send-credit-request";
  readonly providerId: ProviderId;
  readonly requestId: RequestId;
  readonly url: string;
  readonly idempotencyKey: string;
}

/**
 * Something the service must do after storing a decision's events.
 *
 * @example
 * ```ts
 * import type { PurchaseEffect } from "academic-credit";
 * const describe = (e: PurchaseEffect): string => e.type;
 * ```
 */
export type PurchaseEffect = SendEmailEffect | RefundPaymentEffect | SendCreditRequestEffect;

/**
 * What "Complete Credit" gives the learner: a form to POST (the service adds the signed Open edX
 * parameters) for `signed-request` providers, or a link for `link` providers.
 *
 * @example
 * ```ts
 * import type { CreditRequestOutput } from "academic-credit";
 * const target = (o: CreditRequestOutput): string => o.url;
 * ```
 */
export type CreditRequestOutput =
  | {
      readonly kind: "form";
      readonly providerId: ProviderId;
      readonly requestId: RequestId;
      /** POST target. */
      readonly url: string;
      /** The request timestamp to sign. */
      readonly issuedAt: Date;
      readonly reissued: boolean;
    }
  | {
      readonly kind: "link";
      readonly providerId: ProviderId;
      readonly requestId: RequestId;
      readonly url: string;
      readonly reissued: boolean;
    };

/**
 * What a successful decision answers, by command.
 *
 * @example
 * ```ts
 * import type { PurchaseOutput } from "academic-credit";
 * const kind = (o: PurchaseOutput): string => o.kind;
 * ```
 */
export type PurchaseOutput =
  | { readonly kind: "checkout"; readonly checkoutId: CheckoutId; readonly result: "started" | "existing" }
  | {
      readonly kind: "payment";
      readonly checkoutId: CheckoutId;
      /** `paid`; `closed` (failure closed the open checkout); `duplicate` (already applied); `ignored` (a failure for a checkout that is not open). */
      readonly result: "paid" | "closed" | "duplicate" | "ignored";
    }
  | CreditRequestOutput
  | {
      readonly kind: "decision";
      readonly requestId: RequestId;
      /** `recorded`; `duplicate` (the same final status again); `acknowledged` (a `pending` callback). */
      readonly result: "recorded" | "duplicate" | "acknowledged";
      readonly status: CreditRequestRecord["status"];
    }
  | { readonly kind: "refund"; readonly paymentId: PaymentId };

/**
 * A successful decision: the new state, the events to store (the new state is their fold), the
 * effects to run after storing them, and the answer.
 *
 * @example
 * ```ts
 * import type { PurchaseDecision } from "academic-credit";
 * const count = (d: PurchaseDecision): number => d.events.length;
 * ```
 */
export interface PurchaseDecision {
  readonly state: PurchaseState;
  readonly events: readonly PurchaseEvent[];
  readonly effects: readonly PurchaseEffect[];
  readonly output: PurchaseOutput;
}

/**
 * A refused command. Only `duplicate-payment` carries `events`, `effects` and `state`: the refused
 * payment's refund must still be stored and run (the purchase status does not change).
 *
 * @example
 * ```ts
 * import type { PurchaseFailure } from "academic-credit";
 * const mustStore = (f: PurchaseFailure): boolean => (f.events?.length ?? 0) > 0;
 * ```
 */
export interface PurchaseFailure {
  readonly ok: false;
  readonly error: CreditError;
  readonly events?: readonly PurchaseEvent[];
  readonly effects?: readonly PurchaseEffect[];
  readonly state?: PurchaseState;
}

/**
 * The result of `decidePurchase`.
 *
 * @example
 * ```ts
 * import type { PurchaseDecisionResult } from "academic-credit";
 * const eventsToStore = (r: PurchaseDecisionResult) => (r.ok ? r.value.events : (r.events ?? []));
 * ```
 */
export type PurchaseDecisionResult = { readonly ok: true; readonly value: PurchaseDecision } | PurchaseFailure;

/**
 * What `planCheckout` decided: reuse the open checkout with the same idempotency key (no gateway
 * call), or create a new one for this offer.
 *
 * @example
 * ```ts
 * import type { CheckoutPlan } from "academic-credit";
 * const needsGateway = (p: CheckoutPlan): boolean => p.kind === "new";
 * ```
 */
export type CheckoutPlan =
  | { readonly kind: "existing"; readonly checkoutId: CheckoutId }
  | {
      readonly kind: "new";
      readonly offer: Offer;
      readonly provider: Provider;
    };

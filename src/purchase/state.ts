import type { CheckoutId } from "../ids/index.js";
import { isDeadlineOpen } from "../time/index.js";
import type {
  CheckoutRecord,
  CheckoutStatus,
  PurchaseEligibility,
  PurchaseEvent,
  PurchaseState,
  PurchaseStatus,
} from "./types.js";

/**
 * The purchase state of a learner whose log holds no purchase event.
 *
 * @example
 * ```ts
 * import { initialPurchaseState } from "academic-credit";
 * initialPurchaseState.purchase; // null
 * ```
 */
export const initialPurchaseState: PurchaseState = /* @__PURE__ */ (() =>
  Object.freeze({
    checkouts: Object.freeze([]) as readonly CheckoutRecord[],
    payments: Object.freeze([]) as PurchaseState["payments"],
    purchase: null,
    request: null,
  }))();

/**
 * The checkout waiting for its payment, if any (at most one is open).
 *
 * @param state - the purchase state.
 * @returns the open checkout, or `undefined`.
 * @example
 * ```ts
 * import { initialPurchaseState, openCheckout } from "academic-credit";
 * openCheckout(initialPurchaseState); // undefined
 * ```
 */
export function openCheckout(state: PurchaseState): CheckoutRecord | undefined {
  return state.checkouts.find((c) => c.status === "open");
}

/** The checkout with this id, if it was ever started. Internal. */
export function findCheckout(state: PurchaseState, checkoutId: CheckoutId): CheckoutRecord | undefined {
  return state.checkouts.find((c) => c.checkoutId === checkoutId);
}

function setCheckoutStatus(
  checkouts: readonly CheckoutRecord[],
  pick: (c: CheckoutRecord) => boolean,
  status: CheckoutStatus,
): readonly CheckoutRecord[] {
  return checkouts.map((c) => (pick(c) ? { ...c, status } : c));
}

/**
 * Folds one stored purchase event into the state. Pure and total: it needs no policy, never throws,
 * and ignores an event that does not fit the state (a corrupt or reordered log cannot make a second
 * purchase or change a final decision).
 *
 * @param state - the state before the event.
 * @param event - a stored event.
 * @returns the state after it.
 * @example
 * ```ts
 * import { applyPurchaseEvent, initialPurchaseState, toCheckoutId, toProviderId } from "academic-credit";
 * const s = applyPurchaseEvent(initialPurchaseState, {
 *   type: "checkout-started", at: new Date("2026-07-01T12:00:00Z"), checkoutId: toCheckoutId("co-1"),
 *   providerId: toProviderId("asu"), method: "card", idempotencyKey: "k1",
 *   price: { amount: 60000, currency: "USD" }, creditHours: 3,
 * });
 * s.checkouts[0]?.status; // "open"
 * ```
 */
export function applyPurchaseEvent(state: PurchaseState, event: PurchaseEvent): PurchaseState {
  if (typeof event !== "object" || event === null) return state;
  switch (event.type) {
    case "checkout-started": {
      const record: CheckoutRecord = {
        checkoutId: event.checkoutId,
        providerId: event.providerId,
        method: event.method,
        idempotencyKey: event.idempotencyKey,
        price: event.price,
        creditHours: event.creditHours,
        startedAt: event.at,
        status: "open",
      };
      const known = findCheckout(state, event.checkoutId) !== undefined;
      const others = setCheckoutStatus(state.checkouts, (c) => c.status === "open" && c.checkoutId !== event.checkoutId, "replaced");
      return {
        ...state,
        checkouts: known ? others.map((c) => (c.checkoutId === event.checkoutId ? record : c)) : [...others, record],
      };
    }
    case "payment-succeeded": {
      const checkout = findCheckout(state, event.checkoutId);
      if (checkout === undefined || state.purchase !== null) return state;
      const checkouts = state.checkouts.map((c): CheckoutRecord => {
        if (c.checkoutId === event.checkoutId) return { ...c, status: "paid" };
        return c.status === "open" ? { ...c, status: "replaced" } : c;
      });
      return {
        checkouts,
        payments: [
          ...state.payments,
          { kind: "purchase", paymentId: event.paymentId, checkoutId: event.checkoutId, amount: event.amount, currency: event.currency, at: event.at },
        ],
        purchase: {
          checkoutId: checkout.checkoutId,
          paymentId: event.paymentId,
          providerId: checkout.providerId,
          method: checkout.method,
          price: checkout.price,
          creditHours: checkout.creditHours,
          checkoutStartedAt: checkout.startedAt,
          paidAt: event.at,
        },
        request: null,
      };
    }
    case "payment-failed":
      return {
        ...state,
        checkouts: setCheckoutStatus(state.checkouts, (c) => c.checkoutId === event.checkoutId && c.status === "open", "closed"),
        payments: [
          ...state.payments,
          { kind: "failure", paymentId: event.paymentId, checkoutId: event.checkoutId, outcome: event.outcome, at: event.at },
        ],
      };
    case "payment-refund-requested":
      return {
        ...state,
        payments: [
          ...state.payments,
          {
            kind: "refund-requested",
            paymentId: event.paymentId,
            checkoutId: event.checkoutId,
            amount: event.amount,
            currency: event.currency,
            at: event.at,
          },
        ],
      };
    case "credit-requested": {
      if (state.purchase === null) return state;
      const request = state.request;
      if (request === null) {
        return {
          ...state,
          request: { status: "pending", requestId: event.requestId, providerId: event.providerId, requestedAt: event.at, issuedAt: event.at },
        };
      }
      if (request.status !== "pending" || request.requestId !== event.requestId) return state;
      return { ...state, request: { ...request, issuedAt: event.at } };
    }
    case "credit-decided": {
      const request = state.request;
      if (request === null || request.status !== "pending" || request.requestId !== event.requestId) return state;
      return {
        ...state,
        request: { ...request, status: event.status, decidedAt: event.at, source: event.source },
      };
    }
    case "refunded": {
      const purchase = state.purchase;
      if (purchase === null || state.request !== null || purchase.paymentId !== event.paymentId) return state;
      return {
        ...state,
        checkouts: setCheckoutStatus(state.checkouts, (c) => c.checkoutId === purchase.checkoutId, "refunded"),
        purchase: null,
      };
    }
    default: {
      const unhandled: never = event;
      void unhandled;
      return state;
    }
  }
}

/**
 * The purchase status of docs/rules.md §8, derived from the state, the eligibility and `now`: a paid
 * purchase and its request first, then an open checkout (shown even after the deadline), then
 * `available` while eligibility is granted and the deadline open, else `unavailable`.
 *
 * @param state - the purchase state.
 * @param eligibility - whether eligibility was granted, and its deadline.
 * @param now - the current instant.
 * @returns the status.
 * @example
 * ```ts
 * import { initialPurchaseState, purchaseStatus } from "academic-credit";
 * const deadline = new Date("2027-06-30T23:59:00Z");
 * purchaseStatus(initialPurchaseState, { granted: true, deadline }, new Date("2026-07-01T00:00:00Z")); // "available"
 * purchaseStatus(initialPurchaseState, { granted: true, deadline }, deadline); // "unavailable"
 * ```
 */
export function purchaseStatus(state: PurchaseState, eligibility: PurchaseEligibility, now: Date): PurchaseStatus {
  if (state.purchase !== null) {
    const request = state.request;
    if (request === null) return "paid";
    return request.status === "pending" ? "request-pending" : request.status;
  }
  if (openCheckout(state) !== undefined) return "checkout";
  return eligibility.granted && isDeadlineOpen(eligibility.deadline, now) ? "available" : "unavailable";
}

import { describe, expect, it } from "vitest";
import { toCheckoutId, toPaymentId, toRequestId } from "../../src/ids/index.js";
import {
  applyPurchaseEvent,
  decidePurchase,
  initialPurchaseState,
  openCheckout,
  purchaseStatus,
  type PurchaseEvent,
  type PurchaseState,
} from "../../src/purchase/index.js";
import {
  AFTER,
  ASU,
  BEFORE,
  DEADLINE,
  REQ1,
  ctx,
  eligible,
  expectOk,
  fold,
  notEligible,
  paidState,
  pendingState,
  withOpenCheckout,
} from "./helpers.js";

describe("§8 purchase status", () => {
  it("§8 unavailable: not eligible", () => {
    expect(purchaseStatus(initialPurchaseState, notEligible, BEFORE)).toBe("unavailable");
  });

  it("§8 available: eligible and the deadline open", () => {
    expect(purchaseStatus(initialPurchaseState, eligible, BEFORE)).toBe("available");
  });

  it("§8 unavailable: the deadline closed with nothing paid and no checkout open (at the deadline instant itself)", () => {
    expect(purchaseStatus(initialPurchaseState, eligible, DEADLINE)).toBe("unavailable");
    expect(purchaseStatus(initialPurchaseState, eligible, new Date(DEADLINE.getTime() - 1))).toBe("available");
  });

  it("§8 checkout: still shown after the deadline while that checkout is open", () => {
    const s = withOpenCheckout();
    expect(purchaseStatus(s, eligible, BEFORE)).toBe("checkout");
    expect(purchaseStatus(s, eligible, AFTER)).toBe("checkout");
  });

  it("§8 paid, request-pending, approved, rejected follow the purchase and its request", () => {
    expect(purchaseStatus(paidState(), eligible, AFTER)).toBe("paid");
    const pending = pendingState();
    expect(purchaseStatus(pending, eligible, AFTER)).toBe("request-pending");
    for (const status of ["approved", "rejected"] as const) {
      const s = expectOk(decidePurchase(pending, { type: "record-decision", status }, ctx()), pending).state;
      expect(purchaseStatus(s, notEligible, AFTER)).toBe(status);
    }
  });

  it("§8 openCheckout finds the one open checkout", () => {
    expect(openCheckout(initialPurchaseState)).toBeUndefined();
    expect(openCheckout(withOpenCheckout())?.checkoutId).toBe("co-1");
    expect(openCheckout(paidState())).toBeUndefined();
  });
});

describe("§13.5 applyPurchaseEvent folds a stored log without the policy", () => {
  const at = new Date("2026-07-01T12:00:00Z");
  const started: PurchaseEvent = {
    type: "checkout-started",
    at,
    checkoutId: toCheckoutId("co-1"),
    providerId: ASU,
    method: "card",
    idempotencyKey: "k1",
    price: { amount: 60000, currency: "USD" },
    creditHours: 3,
  };
  const paid: PurchaseEvent = {
    type: "payment-succeeded",
    at,
    checkoutId: toCheckoutId("co-1"),
    paymentId: toPaymentId("p1"),
    amount: 60000,
    currency: "USD",
  };

  it("§13.5 a full journey log folds to approved", () => {
    const s = fold([
      started,
      paid,
      { type: "credit-requested", at, requestId: REQ1, providerId: ASU },
      { type: "credit-decided", at, requestId: REQ1, status: "approved", source: "provider-callback" },
    ]);
    expect(purchaseStatus(s, eligible, AFTER)).toBe("approved");
  });

  it("§13.2 a second payment-succeeded in a corrupt log never makes a second purchase", () => {
    const s = fold([
      started,
      paid,
      { ...started, checkoutId: toCheckoutId("co-2") },
      { ...paid, checkoutId: toCheckoutId("co-2"), paymentId: toPaymentId("p2") },
    ]);
    expect(s.purchase?.paymentId).toBe("p1");
    expect(s.payments.filter((p) => p.kind === "purchase")).toHaveLength(1);
  });

  it("§13.3 a later decision in a corrupt log never flips a final one", () => {
    const s = fold([
      started,
      paid,
      { type: "credit-requested", at, requestId: REQ1, providerId: ASU },
      { type: "credit-decided", at, requestId: REQ1, status: "rejected", source: "staff" },
      { type: "credit-decided", at, requestId: REQ1, status: "approved", source: "provider-callback" },
    ]);
    expect(s.request?.status).toBe("rejected");
  });

  it("§13.6 events that do not fit (unknown checkout, unknown request, unknown type, null) are ignored", () => {
    const before: PurchaseState = fold([started]);
    const junk = [
      { ...paid, checkoutId: toCheckoutId("nope") },
      { type: "credit-requested", at, requestId: REQ1, providerId: ASU },
      { type: "credit-decided", at, requestId: toRequestId("x"), status: "approved", source: "staff" },
      { type: "refunded", at, paymentId: toPaymentId("p1"), checkoutId: toCheckoutId("co-1") },
      { type: "mystery", at },
      null,
    ] as unknown as PurchaseEvent[];
    expect(junk.reduce(applyPurchaseEvent, before)).toEqual(before);
  });

  it("§13.5 a log stored as JSON and read back folds to the same state", () => {
    const log: PurchaseEvent[] = [started, paid];
    expect(fold(log)).toEqual(fold(JSON.parse(JSON.stringify(log), (k, v) => (k === "at" ? new Date(v as string) : v)) as PurchaseEvent[]));
  });
});

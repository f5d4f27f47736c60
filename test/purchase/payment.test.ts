import { describe, expect, it } from "vitest";
import { applyPurchaseEvent, decidePurchase, initialPurchaseState, purchaseStatus } from "../../src/purchase/index.js";
import {
  AFTER,
  ASU,
  AUTO,
  AUTOLINK,
  BEFORE,
  DEADLINE,
  HOG,
  REQ1,
  ctx,
  eligible,
  expectErr,
  expectOk,
  paidState,
  payment,
  startCheckout,
  withOpenCheckout,
} from "./helpers.js";

describe("§8 payment-result", () => {
  it("§8 succeeded for the open checkout with the offer's exact amount and currency → paid", () => {
    const s = withOpenCheckout();
    const d = expectOk(decidePurchase(s, payment("co-1", "succeeded", 60000), ctx()), s);
    expect(d.events).toEqual([
      { type: "payment-succeeded", at: BEFORE, checkoutId: "co-1", paymentId: "pay-co-1", amount: 60000, currency: "USD" },
    ]);
    expect(purchaseStatus(d.state, eligible, BEFORE)).toBe("paid");
    expect(d.state.purchase).toMatchObject({ checkoutId: "co-1", providerId: ASU, creditHours: 3, price: { amount: 60000, currency: "USD" } });
    expect(d.output).toEqual({ kind: "payment", checkoutId: "co-1", result: "paid" });
  });

  it("§10 a successful payment sends one purchase-receipt email keyed by the payment", () => {
    const s = withOpenCheckout();
    const d = expectOk(decidePurchase(s, payment("co-1", "succeeded", 60000), ctx()), s);
    expect(d.effects).toEqual([
      {
        type: "send-email",
        template: "purchase-receipt",
        idempotencyKey: "purchase-receipt:pay-co-1",
        data: {
          courseId: "course-v1:MITx+6.002x+2026_T1",
          courseTitle: "Circuits and Electronics",
          providerId: ASU,
          providerName: "Arizona State University",
          creditHours: 3,
          amount: 60000,
          currency: "USD",
          paymentId: "pay-co-1",
          fulfillmentInstructions: "Send your transcript request.",
          completionSteps: true,
        },
      },
    ]);
  });

  it("§8 a checkout started before the deadline may succeed after it", () => {
    const s = withOpenCheckout(ctx({ now: new Date(DEADLINE.getTime() - 60_000) }));
    const d = expectOk(decidePurchase(s, payment("co-1", "succeeded", 60000), ctx({ now: AFTER })), s);
    expect(purchaseStatus(d.state, eligible, AFTER)).toBe("paid");
  });

  it("§8 a checkout started before the deadline may succeed at the deadline instant itself", () => {
    const s = withOpenCheckout();
    const d = expectOk(decidePurchase(s, payment("co-1", "succeeded", 60000), ctx({ now: DEADLINE })), s);
    expect(d.state.purchase?.paidAt).toEqual(DEADLINE);
  });

  it("§8 a success for a replaced checkout, before anything is paid, still buys that checkout's offer", () => {
    const s1 = withOpenCheckout();
    const s2 = startCheckout(s1, HOG, "k2", "co-2").state;
    const d = expectOk(decidePurchase(s2, payment("co-1", "succeeded", 60000), ctx()), s2);
    expect(d.state.purchase).toMatchObject({ checkoutId: "co-1", providerId: ASU, creditHours: 3 });
    expect(d.state.checkouts.map((c) => [c.checkoutId, c.status])).toEqual([
      ["co-1", "paid"],
      ["co-2", "replaced"],
    ]);
    expect(purchaseStatus(d.state, eligible, BEFORE)).toBe("paid");
  });

  it("§8 a duplicate of an applied result is a no-op (same payment, same checkout)", () => {
    const s = paidState();
    const d = expectOk(decidePurchase(s, payment("co-1", "succeeded", 60000), ctx()), s);
    expect(d.events).toEqual([]);
    expect(d.effects).toEqual([]);
    expect(d.state).toBe(s);
    expect(d.output).toEqual({ kind: "payment", checkoutId: "co-1", result: "duplicate" });
  });

  it("§8 a duplicate failure is a no-op", () => {
    const s1 = withOpenCheckout();
    const s2 = expectOk(decidePurchase(s1, payment("co-1", "cancelled", 60000), ctx()), s1).state;
    const d = expectOk(decidePurchase(s2, payment("co-1", "cancelled", 60000), ctx()), s2);
    expect(d.events).toEqual([]);
    expect(d.output).toMatchObject({ result: "duplicate" });
  });

  it("§8 duplicate-payment: a second success for another checkout after paid is refused and refunded", () => {
    const s1 = withOpenCheckout();
    const s2 = startCheckout(s1, HOG, "k2", "co-2").state;
    const s3 = expectOk(decidePurchase(s2, payment("co-2", "succeeded", 45000), ctx()), s2).state;
    const r = decidePurchase(s3, payment("co-1", "succeeded", 60000), ctx());
    expectErr(r, "duplicate-payment");
    if (r.ok) return;
    expect(r.events).toEqual([
      {
        type: "payment-refund-requested",
        at: BEFORE,
        checkoutId: "co-1",
        paymentId: "pay-co-1",
        amount: 60000,
        currency: "USD",
        reason: "duplicate-payment",
      },
    ]);
    expect(r.effects).toEqual([
      { type: "refund-payment", paymentId: "pay-co-1", amount: 60000, currency: "USD", idempotencyKey: "refund:pay-co-1" },
    ]);
    expect(r.state?.purchase).toEqual(s3.purchase);
    expect(purchaseStatus(r.state ?? s3, eligible, BEFORE)).toBe("paid");
    expect((r.events ?? []).reduce(applyPurchaseEvent, s3)).toEqual(r.state);
  });

  it("§8 duplicate-payment: a second payment for the paid checkout itself is refunded, never a second purchase", () => {
    const s = paidState();
    const r = decidePurchase(s, payment("co-1", "succeeded", 60000, "USD", "pay-again"), ctx());
    expectErr(r, "duplicate-payment");
    expect(r.ok ? [] : r.effects).toEqual([
      { type: "refund-payment", paymentId: "pay-again", amount: 60000, currency: "USD", idempotencyKey: "refund:pay-again" },
    ]);
  });

  it("§8 duplicate-payment delivered again is refused again without a second refund", () => {
    const s = paidState();
    const first = decidePurchase(s, payment("co-1", "succeeded", 60000, "USD", "pay-again"), ctx());
    if (first.ok || first.state === undefined) throw new Error("expected a refusal with state");
    const again = decidePurchase(first.state, payment("co-1", "succeeded", 60000, "USD", "pay-again"), ctx());
    expectErr(again, "duplicate-payment");
    expect(again.ok ? undefined : again.events).toBeUndefined();
    expect(again.ok ? undefined : again.effects).toBeUndefined();
  });

  it("§8 duplicate-payment: a new payment for a refunded checkout is refunded", () => {
    const paid = paidState();
    const refunded = expectOk(decidePurchase(paid, { type: "refund" }, ctx()), paid).state;
    const r = decidePurchase(refunded, payment("co-1", "succeeded", 60000, "USD", "pay-2"), ctx());
    expectErr(r, "duplicate-payment");
    expect(r.ok ? null : r.state?.purchase).toBeNull();
  });

  it("§8 payment-mismatch: a different amount is not paid", () => {
    const s = withOpenCheckout();
    const r = decidePurchase(s, payment("co-1", "succeeded", 59999), ctx());
    expectErr(r, "payment-mismatch");
    expect(r.ok ? undefined : r.events).toBeUndefined();
  });

  it("§8 payment-mismatch: a different currency is not paid", () => {
    const s = withOpenCheckout();
    expectErr(decidePurchase(s, payment("co-1", "succeeded", 60000, "EUR"), ctx()), "payment-mismatch");
  });

  it("§8 payment-mismatch: the checkout's price counts, not the offer of the replacing checkout", () => {
    const s1 = withOpenCheckout();
    const s2 = startCheckout(s1, HOG, "k2", "co-2").state;
    expectErr(decidePurchase(s2, payment("co-1", "succeeded", 45000), ctx()), "payment-mismatch");
  });

  it("§8 payment-mismatch: one payment id reported for two checkouts", () => {
    const s1 = withOpenCheckout();
    const s2 = expectOk(decidePurchase(s1, payment("co-1", "failed", 60000, "USD", "p"), ctx()), s1).state;
    const s3 = startCheckout(s2, HOG, "k2", "co-2").state;
    expectErr(decidePurchase(s3, payment("co-2", "succeeded", 45000, "USD", "p"), ctx()), "payment-mismatch");
  });

  it("§8 failed → back to available, the checkout is closed", () => {
    const s = withOpenCheckout();
    const d = expectOk(decidePurchase(s, payment("co-1", "failed", 60000), ctx()), s);
    expect(d.events).toEqual([{ type: "payment-failed", at: BEFORE, checkoutId: "co-1", paymentId: "pay-co-1", outcome: "failed" }]);
    expect(d.state.checkouts[0]?.status).toBe("closed");
    expect(purchaseStatus(d.state, eligible, BEFORE)).toBe("available");
    expect(d.output).toEqual({ kind: "payment", checkoutId: "co-1", result: "closed" });
  });

  it("§8 cancelled after the deadline → unavailable (the open checkout was the only thing left)", () => {
    const s = withOpenCheckout();
    const d = expectOk(decidePurchase(s, payment("co-1", "cancelled", 60000), ctx({ now: AFTER })), s);
    expect(purchaseStatus(d.state, eligible, AFTER)).toBe("unavailable");
  });

  it("§8 a failure for a checkout that is not open changes nothing", () => {
    const s1 = withOpenCheckout();
    const s2 = startCheckout(s1, HOG, "k2", "co-2").state;
    const d = expectOk(decidePurchase(s2, payment("co-1", "failed", 60000), ctx()), s2);
    expect(d.events).toEqual([]);
    expect(d.output).toMatchObject({ result: "ignored" });
    expect(purchaseStatus(d.state, eligible, BEFORE)).toBe("checkout");
  });

  it("§8 a success that arrives after its failure was reported still buys (the money moved)", () => {
    const s1 = withOpenCheckout();
    const s2 = expectOk(decidePurchase(s1, payment("co-1", "failed", 60000), ctx()), s1).state;
    const d = expectOk(decidePurchase(s2, payment("co-1", "succeeded", 60000), ctx()), s2);
    expect(purchaseStatus(d.state, eligible, BEFORE)).toBe("paid");
  });

  it("§8 no-open-checkout: a result for a checkout that was never started", () => {
    expectErr(decidePurchase(initialPurchaseState, payment("co-404", "succeeded", 60000), ctx()), "no-open-checkout");
    expectErr(decidePurchase(withOpenCheckout(), payment("co-404", "failed", 60000), ctx()), "no-open-checkout");
  });

  it("§8 completionSteps false: the signed request is issued at payment with the fresh request id", () => {
    const s = startCheckout(initialPurchaseState, AUTO, "k1", "co-1").state;
    const d = expectOk(decidePurchase(s, payment("co-1", "succeeded", 30000, "EUR"), ctx({ requestId: REQ1 })), s);
    expect(d.events.map((e) => e.type)).toEqual(["payment-succeeded", "credit-requested"]);
    expect(d.events[1]).toEqual({ type: "credit-requested", at: BEFORE, requestId: REQ1, providerId: AUTO });
    expect(purchaseStatus(d.state, eligible, BEFORE)).toBe("request-pending");
    expect(d.effects).toContainEqual({
      type: "send-credit-request",
      providerId: AUTO,
      requestId: REQ1,
      url: "https://auto.example.edu/request",
      idempotencyKey: `credit-request:${REQ1}`,
    });
    expect(d.effects[0]).toMatchObject({ template: "purchase-receipt", data: { completionSteps: false } });
  });

  it("§8 completionSteps false with a link provider: request pending, nothing to deliver", () => {
    const s = startCheckout(initialPurchaseState, AUTOLINK, "k1", "co-1").state;
    const d = expectOk(decidePurchase(s, payment("co-1", "succeeded", 1000), ctx()), s);
    expect(purchaseStatus(d.state, eligible, BEFORE)).toBe("request-pending");
    expect(d.effects.map((e) => e.type)).toEqual(["send-email"]);
  });

  it("§8 completionSteps false without a fresh request id: paid, and the learner can still Complete Credit", () => {
    const s = startCheckout(initialPurchaseState, AUTO, "k1", "co-1").state;
    const noId = ctx();
    const { requestId: _unused, ...rest } = noId;
    const d = expectOk(decidePurchase(s, payment("co-1", "succeeded", 30000, "EUR"), rest), s);
    expect(purchaseStatus(d.state, eligible, BEFORE)).toBe("paid");
  });

  it("§6 the payment does not need eligibility any more: the checkout was started while eligible", () => {
    const s = withOpenCheckout();
    const d = expectOk(decidePurchase(s, payment("co-1", "succeeded", 60000), ctx({ eligibility: { granted: false } })), s);
    expect(d.state.purchase).not.toBeNull();
  });

  it("§12 an outcome outside the vocabulary is invalid-input, never a throw", () => {
    const s = withOpenCheckout();
    const bad = { ...payment("co-1", "succeeded", 60000), outcome: "maybe" } as unknown as Parameters<typeof decidePurchase>[1];
    expectErr(decidePurchase(s, bad, ctx()), "invalid-input");
  });
});

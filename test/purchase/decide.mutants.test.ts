import { describe, expect, it } from "vitest";
import { toCheckoutId, toPaymentId, toProviderId } from "../../src/ids/index.js";
import type { Provider } from "../../src/providers/model.js";
import {
  applyPurchaseEvent,
  checkoutOptions,
  dashboardTile,
  decidePurchase,
  initialPurchaseState,
  planCheckout,
  toProviderLookup,
  type PurchaseDecisionCommand,
  type PurchaseDecisionResult,
  type PurchaseEvent,
  type PurchaseState,
} from "../../src/purchase/index.js";
import { formatPrice } from "../../src/purchase/offers.js";
import { AFTER, ASU, AUTO, DEADLINE, GHOST, HOG, NOOFFER, REQ1, REQ2, SLEEPY, ctx, expectOk, fold, paidState, payment, pendingState, policy, startCheckout, withOpenCheckout } from "./helpers.js";

// Pins the details of docs/rules.md §8 decisions that the behaviour tests leave open: the data and
// message of every refusal, the exact events and effects of no-op answers, and the fold of events
// that do not fit the state.

function refusal(r: PurchaseDecisionResult | { readonly ok: boolean; readonly error?: unknown }): { code: string; message: string; [k: string]: unknown } {
  if (r.ok) throw new Error("expected a refusal");
  return (r as { error: { code: string; message: string } }).error;
}

const noop = (r: PurchaseDecisionResult, before: PurchaseState) => {
  const d = expectOk(r, before);
  expect(d.events).toEqual([]);
  expect(d.effects).toEqual([]);
  expect(d.state).toBe(before);
  return d.output;
};

describe("§8 start-checkout refusals carry their data and a message naming it", () => {
  it("§8 already-purchased names the paid checkout", () => {
    const e = refusal(planCheckout(paidState(), { type: "start-checkout", providerId: ASU, method: "card", idempotencyKey: "k9" }, ctx()));
    expect(e).toMatchObject({ code: "already-purchased", checkoutId: "co-1" });
    expect(e.message).toContain("already been purchased");
  });

  it("§8 not-eligible, purchase-window-closed (with the deadline), unknown-provider, provider-inactive and no-offer (with the provider)", () => {
    const start = (providerId: Provider["id"], c = ctx()) => planCheckout(initialPurchaseState, { type: "start-checkout", providerId, method: "card", idempotencyKey: "k1" }, c);
    const notEligible = refusal(start(ASU, ctx({ eligibility: { granted: false } })));
    expect(notEligible.code).toBe("not-eligible");
    expect(notEligible.message).toContain("not eligible");
    const closed = refusal(start(ASU, ctx({ now: AFTER })));
    expect(closed).toMatchObject({ code: "purchase-window-closed", deadline: DEADLINE.toISOString() });
    expect(closed.message).toContain(DEADLINE.toISOString());
    const unknown = refusal(start(toProviderId("nobody")));
    expect(unknown).toMatchObject({ code: "unknown-provider", providerId: "nobody" });
    expect(unknown.message).toContain('"nobody"');
    const inactive = refusal(start(SLEEPY));
    expect(inactive).toMatchObject({ code: "provider-inactive", providerId: "sleepy" });
    expect(inactive.message).toContain('"sleepy"');
    const noOffer = refusal(start(NOOFFER));
    expect(noOffer).toMatchObject({ code: "no-offer", providerId: "no-offer-u" });
    expect(noOffer.message).toContain('"no-offer-u"');
    expect(refusal(start(GHOST)).code).toBe("unknown-provider");
  });

  it("§8 record-checkout with the open checkout's key answers existing, storing nothing", () => {
    const s = withOpenCheckout();
    const out = noop(decidePurchase(s, { type: "record-checkout", checkoutId: toCheckoutId("co-9"), providerId: ASU, method: "paypal", idempotencyKey: "k1" }, ctx()), s);
    expect(out).toEqual({ kind: "checkout", checkoutId: "co-1", result: "existing" });
  });

  it("§8 record-checkout re-runs every check, with the command's provider and key", () => {
    const s = withOpenCheckout();
    expect(refusal(decidePurchase(s, { type: "record-checkout", checkoutId: toCheckoutId("co-2"), providerId: SLEEPY, method: "card", idempotencyKey: "k2" }, ctx())).code).toBe("provider-inactive");
    const other = expectOk(decidePurchase(s, { type: "record-checkout", checkoutId: toCheckoutId("co-2"), providerId: HOG, method: "paypal", idempotencyKey: "k2" }, ctx()), s);
    expect(other.events).toEqual([
      { type: "checkout-started", at: ctx().now, checkoutId: "co-2", providerId: HOG, method: "paypal", idempotencyKey: "k2", price: { amount: 45000, currency: "USD" }, creditHours: 4 },
    ]);
  });

  it("§8 a refunded checkout's id cannot be started again", () => {
    const refunded = expectOk(decidePurchase(paidState(), { type: "refund" }, ctx()), paidState()).state;
    const e = refusal(decidePurchase(refunded, { type: "record-checkout", checkoutId: toCheckoutId("co-1"), providerId: ASU, method: "card", idempotencyKey: "k2" }, ctx()));
    expect(e).toMatchObject({ code: "invalid-input", checkoutId: "co-1" });
    expect(e.message).toContain('"co-1"');
  });
});

describe("§8 payment results", () => {
  it("§8 an unknown checkout is no-open-checkout, naming it", () => {
    const e = refusal(decidePurchase(initialPurchaseState, payment("co-7", "succeeded", 60000), ctx()));
    expect(e).toMatchObject({ code: "no-open-checkout", checkoutId: "co-7" });
    expect(e.message).toContain('"co-7"');
  });

  it("§8 a payment id already used for another checkout is payment-mismatch, naming both", () => {
    let s = withOpenCheckout();
    s = expectOk(decidePurchase(s, payment("co-1", "failed", 60000, "USD", "p1"), ctx()), s).state;
    s = startCheckout(s, HOG, "k2", "co-2").state;
    const e = refusal(decidePurchase(s, payment("co-2", "succeeded", 45000, "USD", "p1"), ctx()));
    expect(e).toMatchObject({ code: "payment-mismatch", paymentId: "p1", checkoutId: "co-2" });
    expect(e.message).toContain('"p1"');
  });

  it("§8 failures: the first closes the checkout, the same one again is a duplicate, another outcome for a closed checkout is ignored", () => {
    const s = withOpenCheckout();
    const closed = expectOk(decidePurchase(s, payment("co-1", "failed", 60000, "USD", "p1"), ctx()), s);
    expect(closed.events).toEqual([{ type: "payment-failed", at: ctx().now, checkoutId: "co-1", paymentId: "p1", outcome: "failed" }]);
    expect(closed.effects).toEqual([]);
    expect(closed.output).toEqual({ kind: "payment", checkoutId: "co-1", result: "closed" });
    expect(noop(decidePurchase(closed.state, payment("co-1", "failed", 60000, "USD", "p1"), ctx()), closed.state)).toEqual({ kind: "payment", checkoutId: "co-1", result: "duplicate" });
    expect(noop(decidePurchase(closed.state, payment("co-1", "cancelled", 60000, "USD", "p1"), ctx()), closed.state)).toEqual({ kind: "payment", checkoutId: "co-1", result: "ignored" });
    expect(noop(decidePurchase(closed.state, payment("co-1", "cancelled", 60000, "USD", "p2"), ctx()), closed.state)).toEqual({ kind: "payment", checkoutId: "co-1", result: "ignored" });
  });

  it("§8 a failure reported for a payment that succeeded is not a duplicate: the checkout is paid, so it is ignored", () => {
    const s = paidState();
    expect(noop(decidePurchase(s, payment("co-1", "failed", 60000), ctx()), s)).toEqual({ kind: "payment", checkoutId: "co-1", result: "ignored" });
  });

  it("§8 a refused second payment's redelivery is duplicate-payment again, naming the payment, with nothing more to store", () => {
    let s = withOpenCheckout();
    s = startCheckout(s, HOG, "k2", "co-2").state;
    s = expectOk(decidePurchase(s, payment("co-2", "succeeded", 45000), ctx()), s).state;
    const first = decidePurchase(s, payment("co-1", "succeeded", 60000), ctx());
    if (first.ok) throw new Error("expected a refusal");
    expect(first.error).toMatchObject({ code: "duplicate-payment", paymentId: "pay-co-1", checkoutId: "co-1" });
    expect(first.error.message).toContain("refunded");
    const after = first.state as PurchaseState;
    const again = decidePurchase(after, payment("co-1", "succeeded", 60000), ctx());
    if (again.ok) throw new Error("expected a refusal");
    expect(again.error).toMatchObject({ code: "duplicate-payment", paymentId: "pay-co-1" });
    expect(again.error.message).toContain('"pay-co-1"');
    expect(again.events).toBeUndefined();
    expect(again.effects).toBeUndefined();
  });

  it("§8 after a refund, money for the refunded checkout is refused and refunded too (never a second purchase of it)", () => {
    const refunded = expectOk(decidePurchase(paidState(), { type: "refund" }, ctx()), paidState()).state;
    const r = decidePurchase(refunded, payment("co-1", "succeeded", 60000, "USD", "pay-again"), ctx());
    if (r.ok) throw new Error("expected a refusal");
    expect(r.error.code).toBe("duplicate-payment");
    expect(r.effects).toEqual([{ type: "refund-payment", paymentId: "pay-again", amount: 60000, currency: "USD", idempotencyKey: "refund:pay-again" }]);
  });

  it("§8 a mismatch names the expected price", () => {
    const s = withOpenCheckout();
    const e = refusal(decidePurchase(s, payment("co-1", "succeeded", 59999), ctx()));
    expect(e).toMatchObject({ code: "payment-mismatch", paymentId: "pay-co-1", checkoutId: "co-1", expected: { amount: 60000, currency: "USD" } });
    expect(e.message).toContain("59999 USD");
    expect(e.message).toContain("60000 USD");
  });

  it("§8 a provider with completion steps gets no automatic request; the receipt says so and carries the fulfillment instructions", () => {
    const s = withOpenCheckout();
    const d = expectOk(decidePurchase(s, payment("co-1", "succeeded", 60000), ctx()), s);
    expect(d.events.map((e) => e.type)).toEqual(["payment-succeeded"]);
    expect(d.effects).toEqual([
      {
        type: "send-email",
        template: "purchase-receipt",
        idempotencyKey: "purchase-receipt:pay-co-1",
        data: {
          courseId: policy.courseId,
          courseTitle: policy.title,
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

  it("§8 a receipt for a provider without instructions has no instructions field; an automatic request says no completion steps", () => {
    const s = startCheckout(initialPurchaseState, AUTO, "k1", "co-1").state;
    const d = expectOk(decidePurchase(s, payment("co-1", "succeeded", 30000, "EUR"), ctx()), s);
    const receipt = d.effects[0];
    expect(receipt?.type === "send-email" && receipt.template === "purchase-receipt" && "fulfillmentInstructions" in receipt.data).toBe(false);
    expect(receipt?.type === "send-email" && receipt.template === "purchase-receipt" && receipt.data.completionSteps).toBe(false);
  });
});

describe("§8 requests, decisions and refunds", () => {
  it("§8 request-credit refusals carry data and messages", () => {
    const notPaid = refusal(decidePurchase(initialPurchaseState, { type: "request-credit" }, ctx()));
    expect(notPaid.code).toBe("not-paid");
    expect(notPaid.message).toContain("not been paid");
    const approved = expectOk(decidePurchase(pendingState(), { type: "record-decision", status: "approved" }, ctx()), pendingState()).state;
    const completed = refusal(decidePurchase(approved, { type: "request-credit" }, ctx()));
    expect(completed).toMatchObject({ code: "request-completed", requestId: REQ1, status: "approved" });
    expect(completed.message).toContain("approved");
    const unknownProvider = refusal(decidePurchase(paidState(), { type: "request-credit" }, ctx({ providers: toProviderLookup([]) })));
    expect(unknownProvider).toMatchObject({ code: "unknown-provider", providerId: "asu" });
    expect(unknownProvider.message).toContain('"asu"');
    const noId = refusal(decidePurchase(paidState(), { type: "request-credit" }, { ...ctx(), requestId: undefined } as never));
    expect(noId.code).toBe("invalid-input");
    expect(noId.message).toContain("request id");
  });

  it("§8 request-credit stores exactly one credit-requested event and no effect", () => {
    const d = expectOk(decidePurchase(paidState(), { type: "request-credit" }, ctx()), paidState());
    expect(d.events).toEqual([{ type: "credit-requested", at: ctx().now, requestId: REQ1, providerId: ASU }]);
    expect(d.effects).toEqual([]);
  });

  it("§8 record-decision refusals and answers", () => {
    expect(refusal(decidePurchase(pendingState(), { type: "record-decision", status: "maybe" as never }, ctx())).message).toContain("approved or rejected");
    expect(refusal(decidePurchase(initialPurchaseState, { type: "record-decision", status: "approved" }, ctx())).message).toContain("not been paid");
    const noRequest = refusal(decidePurchase(paidState(), { type: "record-decision", status: "approved" }, ctx()));
    expect(noRequest.code).toBe("request-not-found");
    expect(noRequest.message).toContain("No credit request");
    const recorded = expectOk(decidePurchase(pendingState(), { type: "record-decision", status: "rejected" }, ctx()), pendingState());
    expect(recorded.output).toEqual({ kind: "decision", requestId: REQ1, result: "recorded", status: "rejected" });
    const conflict = refusal(decidePurchase(recorded.state, { type: "record-decision", status: "approved" }, ctx()));
    expect(conflict).toMatchObject({ code: "conflicting-decision", requestId: REQ1, current: "rejected", requested: "approved" });
    expect(conflict.message).toContain("rejected");
    expect(conflict.message).toContain("approved");
  });

  it("§9 apply-callback: another request or provider is request-not-found naming the request; a pending callback is acknowledged and stores nothing", () => {
    const s = pendingState();
    const wrong = refusal(decidePurchase(s, { type: "apply-callback", requestId: REQ2, status: "approved", providerId: ASU }, ctx()));
    expect(wrong).toMatchObject({ code: "request-not-found", requestId: REQ2 });
    expect(wrong.message).toContain(REQ2);
    expect(refusal(decidePurchase(s, { type: "apply-callback", requestId: REQ1, status: "approved", providerId: HOG }, ctx())).code).toBe("request-not-found");
    expect(refusal(decidePurchase(s, { type: "apply-callback", requestId: REQ1, status: "maybe" as never, providerId: ASU }, ctx())).message).toContain("pending, approved or rejected");
    expect(noop(decidePurchase(s, { type: "apply-callback", requestId: REQ1, status: "pending", providerId: ASU }, ctx()), s)).toEqual({
      kind: "decision",
      requestId: REQ1,
      result: "acknowledged",
      status: "pending",
    });
  });

  it("§8 refund refusals say why; a refund answers the refunded payment", () => {
    const nothing = refusal(decidePurchase(initialPurchaseState, { type: "refund" }, ctx()));
    expect(nothing.code).toBe("refund-not-allowed");
    expect(nothing.message).toContain("Nothing has been paid");
    const requested = refusal(decidePurchase(pendingState(), { type: "refund" }, ctx()));
    expect(requested).toMatchObject({ code: "refund-not-allowed", requestId: REQ1 });
    expect(requested.message).toContain("credit request was already issued");
    expect(expectOk(decidePurchase(paidState(), { type: "refund" }, ctx()), paidState()).output).toEqual({ kind: "refund", paymentId: "pay-co-1" });
  });

  it("§12 a command that is not an object, or of an unknown type, is invalid-input with a message", () => {
    for (const junk of [null, "refund", 7]) {
      const e = refusal(decidePurchase(initialPurchaseState, junk as never, ctx()));
      expect(e.code).toBe("invalid-input");
      expect(e.message).toContain("must be an object");
    }
    const unknown = refusal(decidePurchase(initialPurchaseState, { type: "teleport" } as unknown as PurchaseDecisionCommand, ctx()));
    expect(unknown.message).toContain("Unknown purchase command");
    expect(refusal(decidePurchase(withOpenCheckout(), payment("co-1", "lost" as never, 1), ctx())).message).toContain("succeeded, failed or cancelled");
  });

  it("§8 a refunded checkout cannot be recorded again under its id: the learner starts a new one", () => {
    const paid = paidState();
    const refunded = expectOk(decidePurchase(paid, { type: "refund" }, ctx()), paid).state;
    const again = decidePurchase(
      refunded,
      { type: "record-checkout", checkoutId: toCheckoutId("co-1"), providerId: ASU, method: "card", idempotencyKey: "k-again" },
      ctx(),
    );
    expect(refusal(again)).toMatchObject({ code: "invalid-input", checkoutId: "co-1" });
    expect(refusal(again).message).toContain("already paid");
    const fresh = decidePurchase(
      refunded,
      { type: "record-checkout", checkoutId: toCheckoutId("co-2"), providerId: ASU, method: "card", idempotencyKey: "k-again" },
      ctx(),
    );
    expect(expectOk(fresh, refunded).output).toEqual({ kind: "checkout", checkoutId: "co-2", result: "started" });
  });

  it("§12 §13.6 fields of the wrong type are invalid-input, never a throw (an object whose toString is not callable included)", () => {
    const hostile = { toString: "" };
    const throwing = Object.defineProperty({ type: "apply-callback" }, "requestId", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    const cases: [unknown, string][] = [
      [{ type: "apply-callback", requestId: hostile, status: "approved", providerId: ASU }, "requestId must be a string"],
      [{ type: "apply-callback", requestId: REQ1, status: 1, providerId: ASU }, "status must be a string"],
      [{ type: "record-checkout", checkoutId: "co-9", providerId: hostile, method: "card", idempotencyKey: "k" }, "providerId must be a string"],
      [{ type: "payment-result", checkoutId: "co-1", paymentId: Symbol("p"), outcome: "succeeded", amount: 1, currency: "USD" }, "paymentId must be a string"],
      [{ type: "payment-result", checkoutId: "co-1", paymentId: "p", outcome: "succeeded", amount: "1", currency: "USD" }, "amount must be a number"],
      [{ type: "record-decision", status: ["approved"] }, "status must be a string"],
      [throwing, "could not be read"],
    ];
    for (const [command, message] of cases) {
      const before = withOpenCheckout();
      let r: PurchaseDecisionResult | undefined;
      expect(() => (r = decidePurchase(before, command as PurchaseDecisionCommand, ctx()))).not.toThrow();
      const e = refusal(r as PurchaseDecisionResult);
      expect(e.code).toBe("invalid-input");
      expect(e.message).toContain(message);
    }
    const plan = planCheckout(initialPurchaseState, { type: "start-checkout", providerId: hostile, method: "card", idempotencyKey: "k" } as never, ctx());
    expect(refusal(plan)).toMatchObject({ code: "invalid-input", message: "Invalid start-checkout command: providerId must be a string" });
  });
});

describe("§8 the fold ignores events that do not fit the state", () => {
  const at = ctx().now;
  const started = (checkoutId: string, providerId = ASU): PurchaseEvent => ({
    type: "checkout-started",
    at,
    checkoutId: toCheckoutId(checkoutId),
    providerId,
    method: "card",
    idempotencyKey: checkoutId,
    price: { amount: 1, currency: "USD" },
    creditHours: 1,
  });
  const failed = (checkoutId: string): PurchaseEvent => ({ type: "payment-failed", at, checkoutId: toCheckoutId(checkoutId), paymentId: toPaymentId(`f-${checkoutId}`), outcome: "failed" });
  const succeeded = (checkoutId: string, paymentId = `p-${checkoutId}`): PurchaseEvent => ({ type: "payment-succeeded", at, checkoutId: toCheckoutId(checkoutId), paymentId: toPaymentId(paymentId), amount: 1, currency: "USD" });

  it("§8 junk is ignored", () => {
    expect(applyPurchaseEvent(initialPurchaseState, null as never)).toBe(initialPurchaseState);
    expect(applyPurchaseEvent(initialPurchaseState, "refunded" as never)).toBe(initialPurchaseState);
    expect(applyPurchaseEvent(initialPurchaseState, undefined as never)).toBe(initialPurchaseState);
    expect(applyPurchaseEvent(initialPurchaseState, 42 as never)).toBe(initialPurchaseState);
  });

  it("§8 a new checkout replaces only the open one; closed checkouts stay closed, and every checkout is kept", () => {
    const s = fold([started("co-1"), failed("co-1"), started("co-2"), started("co-3")]);
    expect(s.checkouts.map((c) => [c.checkoutId, c.status])).toEqual([
      ["co-1", "closed"],
      ["co-2", "replaced"],
      ["co-3", "open"],
    ]);
  });

  it("§8 restarting a known checkout id reopens it in place without replacing itself", () => {
    const s = fold([started("co-1"), started("co-2"), started("co-1")]);
    expect(s.checkouts.map((c) => [c.checkoutId, c.status])).toEqual([
      ["co-1", "open"],
      ["co-2", "replaced"],
    ]);
  });

  it("§8 a failure closes only its own checkout, and only while it is open", () => {
    const s = fold([started("co-1"), started("co-2"), failed("co-1")]);
    expect(s.checkouts.map((c) => c.status)).toEqual(["replaced", "open"]);
    expect(fold([started("co-1"), started("co-2"), failed("co-2")]).checkouts.map((c) => c.status)).toEqual(["replaced", "closed"]);
  });

  it("§8 a re-issue moves issuedAt only for the pending request with the same id", () => {
    const later = new Date(at.getTime() + 60_000);
    const base = [started("co-1"), succeeded("co-1"), { type: "credit-requested", at, requestId: REQ1, providerId: ASU } as PurchaseEvent];
    const reissued = fold([...base, { type: "credit-requested", at: later, requestId: REQ1, providerId: ASU }]);
    expect(reissued.request).toMatchObject({ requestId: REQ1, requestedAt: at, issuedAt: later, status: "pending" });
    const other = fold([...base, { type: "credit-requested", at: later, requestId: REQ2, providerId: ASU }]);
    expect(other.request).toMatchObject({ requestId: REQ1, issuedAt: at });
    const decidedThenReissued = fold([...base, { type: "credit-decided", at, requestId: REQ1, status: "approved", source: "staff" }, { type: "credit-requested", at: later, requestId: REQ1, providerId: ASU }]);
    expect(decidedThenReissued.request).toMatchObject({ status: "approved", issuedAt: at });
  });

  it("§8 a decision for another request, or a second decision, changes nothing", () => {
    const base = [started("co-1"), succeeded("co-1"), { type: "credit-requested", at, requestId: REQ1, providerId: ASU } as PurchaseEvent];
    expect(fold([...base, { type: "credit-decided", at, requestId: REQ2, status: "approved", source: "staff" }]).request?.status).toBe("pending");
    expect(fold([...base, { type: "credit-decided", at, requestId: REQ1, status: "rejected", source: "staff" }, { type: "credit-decided", at, requestId: REQ1, status: "approved", source: "staff" }]).request?.status).toBe("rejected");
  });

  it("§8 a refund applies only to the current purchase's payment, before any request, and marks only its checkout refunded", () => {
    const paid = [started("co-1"), started("co-2"), succeeded("co-2")];
    const refunded = fold([...paid, { type: "refunded", at, paymentId: toPaymentId("p-co-2"), checkoutId: toCheckoutId("co-2") }]);
    expect(refunded.purchase).toBeNull();
    expect(refunded.checkouts.map((c) => c.status)).toEqual(["replaced", "refunded"]);
    expect(fold([...paid, { type: "refunded", at, paymentId: toPaymentId("p-other"), checkoutId: toCheckoutId("co-2") }]).purchase).not.toBeNull();
    expect(fold([...paid, { type: "credit-requested", at, requestId: REQ1, providerId: ASU }, { type: "refunded", at, paymentId: toPaymentId("p-co-2"), checkoutId: toCheckoutId("co-2") }]).purchase).not.toBeNull();
  });
});

describe("§11 dashboard and checkout page details", () => {
  const P = policy;
  const providers = toProviderLookup([
    { id: ASU, displayName: "Arizona State University", active: true, url: "https://credit.example.edu/request", statusUrl: "https://credit.example.edu/status", integration: "signed-request", completionSteps: true, fulfillmentInstructions: "Send it." },
  ]);

  it("§11 pending and approved tiles name the provider in their message", () => {
    const pending = dashboardTile({ eligibility: "eligible", deadline: DEADLINE, purchase: pendingState(), providers, policy: P });
    expect(pending).toMatchObject({ status: "pending", message: "Arizona State University is reviewing your request for credit." });
    const approvedState = expectOk(decidePurchase(pendingState(), { type: "record-decision", status: "approved" }, ctx()), pendingState()).state;
    expect(dashboardTile({ eligibility: "eligible", deadline: DEADLINE, purchase: approvedState, providers, policy: P })).toMatchObject({
      status: "approved",
      message: "Arizona State University has approved your request for credit.",
    });
  });

  it("§11 a checkout with a provider the catalog forgot shows the provider id; the tile says payment is in progress", () => {
    const tile = dashboardTile({ eligibility: "eligible", deadline: DEADLINE, purchase: withOpenCheckout(), providers: toProviderLookup([]), policy: P });
    expect(tile).toEqual({
      courseId: P.courseId,
      courseTitle: P.title,
      status: "checkout-in-progress",
      label: "Payment in progress",
      message: "Your payment for credit from asu is being processed.",
      checkoutId: "co-1",
      providerId: "asu",
      providerName: "asu",
    });
  });

  it("§11 eligible and expired tiles default to UTC; expired says credit is no longer available; a purchase without eligibility names its provider", () => {
    expect(dashboardTile({ eligibility: "eligible", deadline: DEADLINE, purchase: initialPurchaseState, providers, policy: P })).toMatchObject({ deadlineText: "30 June 2027, 23:59 (UTC)" });
    expect(dashboardTile({ eligibility: "expired", deadline: DEADLINE, purchase: initialPurchaseState, providers, policy: P })).toMatchObject({
      status: "expired",
      label: "Credit no longer available",
    });
    expect(dashboardTile({ eligibility: "in-progress", purchase: paidState(), providers, policy: P })).toMatchObject({ status: "error", reason: "purchase-without-eligibility", providerId: "asu" });
    const missing = dashboardTile({ eligibility: "eligible", purchase: initialPurchaseState, providers, policy: P });
    expect(missing).toMatchObject({ status: "error", reason: "missing-deadline" });
    expect("providerId" in missing).toBe(false);
  });

  it("§3 toProviderLookup finds providers by id; the last one wins", () => {
    const a: Provider = { id: toProviderId("a"), displayName: "First", active: true, url: "https://a.example/r", statusUrl: "https://a.example/s", integration: "link", completionSteps: true };
    const lookup = toProviderLookup([a, { ...a, displayName: "Second" }]);
    expect(lookup(toProviderId("a"))?.displayName).toBe("Second");
    expect(lookup(toProviderId("b"))).toBeUndefined();
  });

  it("§3 prices use the currency's minor digits, default to en, and fall back to en for a malformed locale", () => {
    expect(formatPrice({ amount: 60000, currency: "USD" })).toBe("$600.00");
    expect(formatPrice({ amount: 60000, currency: "USD" }, "not a locale!")).toBe("$600.00");
    expect(formatPrice({ amount: 500, currency: "JPY" })).toBe("¥500");
    expect(formatPrice({ amount: 500, currency: "ZZZ" })).toMatch(/500|ZZZ/);
  });

  it("§3 checkout options default to en and UTC, and carry the provider's instructions", () => {
    const [asu] = checkoutOptions(P, providers, DEADLINE);
    expect(asu).toMatchObject({ priceText: "$600.00", availableUntil: "Credit available until 30 June 2027, 23:59 (UTC)", fulfillmentInstructions: "Send it." });
    const [plain] = checkoutOptions(P, toProviderLookup([{ id: ASU, displayName: "ASU", active: true, url: "https://a.example/r", statusUrl: "https://a.example/s", integration: "link", completionSteps: true }]), DEADLINE);
    expect(plain !== undefined && "fulfillmentInstructions" in plain).toBe(false);
  });

});

describe("§8 a provider the catalog no longer knows", () => {
  it("§8 a payment for its checkout is still paid: the receipt names the provider by id, with no instructions and no automatic request", () => {
    const s = withOpenCheckout();
    const d = expectOk(decidePurchase(s, payment("co-1", "succeeded", 60000), ctx({ providers: toProviderLookup([]) })), s);
    expect(d.events.map((e) => e.type)).toEqual(["payment-succeeded"]);
    const receipt = d.effects[0];
    if (receipt?.type !== "send-email" || receipt.template !== "purchase-receipt") throw new Error("no receipt");
    expect(receipt.data.providerName).toBe("asu");
    expect("fulfillmentInstructions" in receipt.data).toBe(false);
    expect(receipt.data.completionSteps).toBe(true);
  });

  it("§8 a success closes no closed checkout: only open ones become replaced", () => {
    let s = withOpenCheckout();
    s = expectOk(decidePurchase(s, payment("co-1", "failed", 60000, "USD", "f1"), ctx()), s).state;
    s = startCheckout(s, HOG, "k2", "co-2").state;
    s = startCheckout(s, ASU, "k3", "co-3").state;
    s = expectOk(decidePurchase(s, payment("co-3", "succeeded", 60000), ctx()), s).state;
    expect(s.checkouts.map((c) => [c.checkoutId, c.status])).toEqual([
      ["co-1", "closed"],
      ["co-2", "replaced"],
      ["co-3", "paid"],
    ]);
  });
});

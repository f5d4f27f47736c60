import { describe, expect, it } from "vitest";
import { toProviderLookup, decidePurchase, initialPurchaseState, purchaseStatus } from "../../src/purchase/index.js";
import type { PurchaseDecisionCommand, PurchaseState } from "../../src/purchase/index.js";
import {
  AFTER,
  ASU,
  BEFORE,
  HOG,
  REQ1,
  REQ2,
  ctx,
  eligible,
  expectErr,
  expectOk,
  paidState,
  payment,
  pendingState,
  startCheckout,
  withOpenCheckout,
} from "./helpers.js";

const requestCredit: PurchaseDecisionCommand = { type: "request-credit" };

function decided(status: "approved" | "rejected"): PurchaseState {
  const s = pendingState();
  return expectOk(decidePurchase(s, { type: "record-decision", status }, ctx()), s).state;
}

describe("§8 request-credit (Complete Credit)", () => {
  it("§8 signed-request provider: returns a form to POST and the request becomes pending", () => {
    const s = paidState();
    const d = expectOk(decidePurchase(s, requestCredit, ctx({ requestId: REQ1 })), s);
    expect(d.output).toEqual({
      kind: "form",
      providerId: ASU,
      requestId: REQ1,
      url: "https://credit.example.edu/request",
      issuedAt: BEFORE,
      reissued: false,
    });
    expect(d.events).toEqual([{ type: "credit-requested", at: BEFORE, requestId: REQ1, providerId: ASU }]);
    expect(purchaseStatus(d.state, eligible, BEFORE)).toBe("request-pending");
  });

  it("§8 link provider: returns the provider's URL and the request becomes pending", () => {
    const s0 = startCheckout(initialPurchaseState, HOG, "k1", "co-1").state;
    const s = expectOk(decidePurchase(s0, payment("co-1", "succeeded", 45000), ctx()), s0).state;
    const d = expectOk(decidePurchase(s, requestCredit, ctx({ requestId: REQ1 })), s);
    expect(d.output).toEqual({ kind: "link", providerId: HOG, requestId: REQ1, url: "https://hogwarts.example.org/credit", reissued: false });
    expect(purchaseStatus(d.state, eligible, BEFORE)).toBe("request-pending");
  });

  it("§8 re-issuing a pending request keeps its request id and signs with a fresh timestamp", () => {
    const s = pendingState();
    const later = new Date("2026-07-05T10:00:00Z");
    const d = expectOk(decidePurchase(s, requestCredit, ctx({ now: later, requestId: REQ2 })), s);
    expect(d.output).toMatchObject({ kind: "form", requestId: REQ1, issuedAt: later, reissued: true });
    expect(d.events).toEqual([{ type: "credit-requested", at: later, requestId: REQ1, providerId: ASU }]);
    expect(d.state.request).toMatchObject({ requestId: REQ1, status: "pending", requestedAt: BEFORE, issuedAt: later });
  });

  it("§8 request-credit is allowed after the purchase deadline (the learner paid in time)", () => {
    const s = paidState();
    const d = expectOk(decidePurchase(s, requestCredit, ctx({ now: AFTER })), s);
    expect(purchaseStatus(d.state, eligible, AFTER)).toBe("request-pending");
  });

  it("§8 not-paid: request-credit before any payment", () => {
    expectErr(decidePurchase(initialPurchaseState, requestCredit, ctx()), "not-paid");
    expectErr(decidePurchase(withOpenCheckout(), requestCredit, ctx()), "not-paid");
  });

  it("§8 not-paid: request-credit after a refund", () => {
    const s = paidState();
    const refunded = expectOk(decidePurchase(s, { type: "refund" }, ctx()), s).state;
    expectErr(decidePurchase(refunded, requestCredit, ctx()), "not-paid");
  });

  it("§8 request-completed: no new request after an approval", () => {
    expectErr(decidePurchase(decided("approved"), requestCredit, ctx()), "request-completed");
  });

  it("§8 request-completed: no new request after a rejection", () => {
    expectErr(decidePurchase(decided("rejected"), requestCredit, ctx()), "request-completed");
  });

  it("§7 unknown-provider: the paid provider is no longer known", () => {
    expectErr(decidePurchase(paidState(), requestCredit, ctx({ providers: toProviderLookup([]) })), "unknown-provider");
  });

  it("§8 a first request needs a fresh request id from the service (invalid-input otherwise)", () => {
    const { requestId: _unused, ...noId } = ctx();
    expectErr(decidePurchase(paidState(), requestCredit, noId), "invalid-input");
  });
});

describe("§8 record-decision and §9 callback transitions", () => {
  it("§8 record-decision approved: pending → approved, with one credit-decision email", () => {
    const s = pendingState();
    const d = expectOk(decidePurchase(s, { type: "record-decision", status: "approved" }, ctx()), s);
    expect(d.events).toEqual([{ type: "credit-decided", at: BEFORE, requestId: REQ1, status: "approved", source: "staff" }]);
    expect(d.effects).toEqual([
      {
        type: "send-email",
        template: "credit-decision",
        idempotencyKey: `credit-decision:${REQ1}`,
        data: {
          courseId: "course-v1:MITx+6.002x+2026_T1",
          courseTitle: "Circuits and Electronics",
          providerId: ASU,
          providerName: "Arizona State University",
          requestId: REQ1,
          status: "approved",
          statusUrl: "https://credit.example.edu/status",
          providerUrl: "https://credit.example.edu/request",
        },
      },
    ]);
    expect(purchaseStatus(d.state, eligible, BEFORE)).toBe("approved");
  });

  it("§8 record-decision rejected: pending → rejected", () => {
    expect(purchaseStatus(decided("rejected"), eligible, BEFORE)).toBe("rejected");
  });

  it("§9 the same final status again is a duplicate no-op", () => {
    const s = decided("approved");
    const d = expectOk(decidePurchase(s, { type: "record-decision", status: "approved" }, ctx()), s);
    expect(d.events).toEqual([]);
    expect(d.effects).toEqual([]);
    expect(d.output).toEqual({ kind: "decision", requestId: REQ1, result: "duplicate", status: "approved" });
  });

  it("§9 conflicting-decision: approved cannot become rejected", () => {
    const r = decidePurchase(decided("approved"), { type: "record-decision", status: "rejected" }, ctx());
    expectErr(r, "conflicting-decision");
    if (!r.ok) expect(r.error.current).toBe("approved");
  });

  it("§9 conflicting-decision: rejected cannot become approved by a callback", () => {
    const r = decidePurchase(decided("rejected"), { type: "apply-callback", requestId: REQ1, status: "approved", providerId: ASU }, ctx());
    expectErr(r, "conflicting-decision");
  });

  it("§9 callback approved: pending → approved, recorded as from the provider", () => {
    const s = pendingState();
    const d = expectOk(decidePurchase(s, { type: "apply-callback", requestId: REQ1, status: "approved", providerId: ASU }, ctx()), s);
    expect(d.events).toEqual([{ type: "credit-decided", at: BEFORE, requestId: REQ1, status: "approved", source: "provider-callback" }]);
  });

  it("§9 callback pending: acknowledged no-op whatever the request's status", () => {
    for (const s of [pendingState(), decided("approved"), decided("rejected")]) {
      const d = expectOk(decidePurchase(s, { type: "apply-callback", requestId: REQ1, status: "pending", providerId: ASU }, ctx()), s);
      expect(d.events).toEqual([]);
      expect(d.output).toMatchObject({ kind: "decision", result: "acknowledged", status: s.request?.status });
    }
  });

  it("§9 request-not-found: another provider's request gets the same answer as an unknown one", () => {
    const s = pendingState();
    const other = decidePurchase(s, { type: "apply-callback", requestId: REQ1, status: "approved", providerId: HOG }, ctx());
    const unknown = decidePurchase(s, { type: "apply-callback", requestId: REQ2, status: "approved", providerId: HOG }, ctx());
    expectErr(other, "request-not-found");
    expectErr(unknown, "request-not-found");
    if (!other.ok && !unknown.ok) {
      expect(other.error.message.replace(REQ1, "X")).toBe(unknown.error.message.replace(REQ2, "X"));
    }
  });

  it("§9 request-not-found: a callback before any request was issued", () => {
    expectErr(
      decidePurchase(paidState(), { type: "apply-callback", requestId: REQ1, status: "approved", providerId: ASU }, ctx()),
      "request-not-found",
    );
  });

  it("§8 record-decision before any payment is not-paid, before any request is request-not-found", () => {
    expectErr(decidePurchase(initialPurchaseState, { type: "record-decision", status: "approved" }, ctx()), "not-paid");
    expectErr(decidePurchase(paidState(), { type: "record-decision", status: "approved" }, ctx()), "request-not-found");
  });

  it("§8 a decision email still goes out when the provider is gone (no links)", () => {
    const s = pendingState();
    const d = expectOk(decidePurchase(s, { type: "record-decision", status: "rejected" }, ctx({ providers: toProviderLookup([]) })), s);
    expect(d.effects[0]).toMatchObject({ template: "credit-decision", data: { providerName: ASU, status: "rejected" } });
    expect(d.effects[0]?.type === "send-email" && "statusUrl" in d.effects[0].data).toBe(false);
  });

  it("§12 a decision outside the vocabulary is invalid-input", () => {
    const bad = { type: "record-decision", status: "maybe" } as unknown as PurchaseDecisionCommand;
    expectErr(decidePurchase(pendingState(), bad, ctx()), "invalid-input");
    const badCallback = { type: "apply-callback", requestId: REQ1, status: "maybe", providerId: ASU } as unknown as PurchaseDecisionCommand;
    expectErr(decidePurchase(pendingState(), badCallback, ctx()), "invalid-input");
  });

  it("§12 an unknown command type is invalid-input, never a throw", () => {
    const bad = { type: "teleport" } as unknown as PurchaseDecisionCommand;
    expectErr(decidePurchase(pendingState(), bad, ctx()), "invalid-input");
  });
});

describe("§8 refund", () => {
  it("§8 refund when paid and no request issued → available while the deadline is open", () => {
    const s = paidState();
    const d = expectOk(decidePurchase(s, { type: "refund" }, ctx()), s);
    expect(d.events).toEqual([{ type: "refunded", at: BEFORE, paymentId: "pay-co-1", checkoutId: "co-1" }]);
    expect(d.effects).toEqual([
      { type: "refund-payment", paymentId: "pay-co-1", amount: 60000, currency: "USD", idempotencyKey: "refund:pay-co-1" },
    ]);
    expect(purchaseStatus(d.state, eligible, BEFORE)).toBe("available");
    expect(d.state.checkouts[0]?.status).toBe("refunded");
  });

  it("§8 refund after the deadline → unavailable", () => {
    const s = paidState();
    const d = expectOk(decidePurchase(s, { type: "refund" }, ctx({ now: AFTER })), s);
    expect(purchaseStatus(d.state, eligible, AFTER)).toBe("unavailable");
  });

  it("§8 after a refund a new checkout may buy credit again (one unrefunded purchase at a time)", () => {
    const s = paidState();
    const refunded = expectOk(decidePurchase(s, { type: "refund" }, ctx()), s).state;
    const s2 = startCheckout(refunded, HOG, "k2", "co-2").state;
    const d = expectOk(decidePurchase(s2, payment("co-2", "succeeded", 45000), ctx()), s2);
    expect(d.state.purchase?.providerId).toBe(HOG);
  });

  it("§8 refund-not-allowed: nothing paid", () => {
    expectErr(decidePurchase(initialPurchaseState, { type: "refund" }, ctx()), "refund-not-allowed");
    expectErr(decidePurchase(withOpenCheckout(), { type: "refund" }, ctx()), "refund-not-allowed");
  });

  it("§8 refund-not-allowed: a credit request was issued", () => {
    expectErr(decidePurchase(pendingState(), { type: "refund" }, ctx()), "refund-not-allowed");
    expectErr(decidePurchase(decided("approved"), { type: "refund" }, ctx()), "refund-not-allowed");
  });

  it("§8 refund-not-allowed: twice", () => {
    const s = paidState();
    const refunded = expectOk(decidePurchase(s, { type: "refund" }, ctx()), s).state;
    expectErr(decidePurchase(refunded, { type: "refund" }, ctx()), "refund-not-allowed");
  });

  it("§8 refunding does not need the provider to still exist", () => {
    const s = paidState();
    expect(decidePurchase(s, { type: "refund" }, ctx({ providers: toProviderLookup([]) })).ok).toBe(true);
  });
});

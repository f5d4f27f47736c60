import { describe, expect, it } from "vitest";
import { toCheckoutId, toProviderId } from "../../src/ids/index.js";
import { decidePurchase, initialPurchaseState, openCheckout, planCheckout, purchaseStatus } from "../../src/purchase/index.js";
import {
  AFTER,
  ASU,
  DEADLINE,
  GHOST,
  HOG,
  NOOFFER,
  SLEEPY,
  ctx,
  eligible,
  expectErr,
  expectOk,
  notEligible,
  paidState,
  payment,
  startCheckout,
  withOpenCheckout,
} from "./helpers.js";

const start = (providerId = ASU, idempotencyKey = "k1") =>
  ({ type: "start-checkout", providerId, method: "card", idempotencyKey }) as const;

describe("§8 start-checkout checks, in order", () => {
  it("§8 start-checkout for an eligible learner with an offer from an active provider plans a new checkout", () => {
    const plan = planCheckout(initialPurchaseState, start(), ctx());
    expect(plan).toMatchObject({ ok: true, value: { kind: "new", offer: { providerId: ASU, creditHours: 3 }, provider: { id: ASU } } });
  });

  it("§8 already-purchased: nothing can be bought once credit is paid", () => {
    expectErr(planCheckout(paidState(), start(HOG, "k9"), ctx()), "already-purchased");
  });

  it("§8 already-purchased comes before not-eligible and purchase-window-closed", () => {
    expectErr(planCheckout(paidState(), start(GHOST, "k9"), ctx({ eligibility: notEligible, now: AFTER })), "already-purchased");
  });

  it("§8 not-eligible: eligibility was never granted", () => {
    expectErr(planCheckout(initialPurchaseState, start(), ctx({ eligibility: notEligible })), "not-eligible");
  });

  it("§8 not-eligible comes before purchase-window-closed and unknown-provider", () => {
    expectErr(
      planCheckout(initialPurchaseState, start(toProviderId("nobody")), ctx({ eligibility: { granted: false, deadline: DEADLINE }, now: AFTER })),
      "not-eligible",
    );
  });

  it("§8 purchase-window-closed: after the deadline", () => {
    expectErr(planCheckout(initialPurchaseState, start(), ctx({ now: AFTER })), "purchase-window-closed");
  });

  it("§2 purchase-window-closed at the deadline instant itself (deadlines are exclusive)", () => {
    expectErr(planCheckout(initialPurchaseState, start(), ctx({ now: DEADLINE })), "purchase-window-closed");
  });

  it("§2 one millisecond before the deadline the window is still open", () => {
    const plan = planCheckout(initialPurchaseState, start(), ctx({ now: new Date(DEADLINE.getTime() - 1) }));
    expect(plan.ok).toBe(true);
  });

  it("§8 purchase-window-closed comes before unknown-provider", () => {
    expectErr(planCheckout(initialPurchaseState, start(toProviderId("nobody")), ctx({ now: AFTER })), "purchase-window-closed");
  });

  it("§8 unknown-provider: the provider id is not known", () => {
    const r = planCheckout(initialPurchaseState, start(toProviderId("nobody")), ctx());
    expectErr(r, "unknown-provider");
    if (!r.ok) expect(r.error.providerId).toBe("nobody");
  });

  it("§8 unknown-provider: an offer whose provider is not known is refused too", () => {
    expectErr(planCheckout(initialPurchaseState, start(GHOST), ctx()), "unknown-provider");
  });

  it("§8 provider-inactive: an inactive provider's offer cannot be bought", () => {
    expectErr(planCheckout(initialPurchaseState, start(SLEEPY), ctx()), "provider-inactive");
  });

  it("§8 no-offer: an active provider without an offer for this course", () => {
    expectErr(planCheckout(initialPurchaseState, start(NOOFFER), ctx()), "no-offer");
  });
});

describe("§8 start-checkout idempotency and replacement", () => {
  it("§8 same key → same checkout, with no gateway call", () => {
    const s = withOpenCheckout();
    expect(planCheckout(s, start(ASU, "k1"), ctx())).toEqual({ ok: true, value: { kind: "existing", checkoutId: "co-1" } });
  });

  it("§8 same key → same checkout even when the learner now names another provider", () => {
    const s = withOpenCheckout();
    expect(planCheckout(s, start(HOG, "k1"), ctx())).toMatchObject({ ok: true, value: { kind: "existing", checkoutId: "co-1" } });
  });

  it("§8 same key → same checkout after the deadline while that checkout is open", () => {
    const s = withOpenCheckout();
    expect(planCheckout(s, start(ASU, "k1"), ctx({ now: AFTER }))).toMatchObject({ ok: true, value: { kind: "existing" } });
  });

  it("§8 record-checkout of the same key records nothing and answers the existing checkout", () => {
    const s = withOpenCheckout();
    const d = expectOk(
      decidePurchase(s, { type: "record-checkout", checkoutId: toCheckoutId("co-1"), providerId: ASU, method: "card", idempotencyKey: "k1" }, ctx()),
      s,
    );
    expect(d.events).toEqual([]);
    expect(d.output).toEqual({ kind: "checkout", checkoutId: "co-1", result: "existing" });
  });

  it("§8 record-checkout stores the offer's price and credit hours at the checkout instant", () => {
    const d = startCheckout(initialPurchaseState, HOG, "k1", "co-1");
    expect(d.events).toEqual([
      {
        type: "checkout-started",
        at: ctx().now,
        checkoutId: "co-1",
        providerId: HOG,
        method: "card",
        idempotencyKey: "k1",
        price: { amount: 45000, currency: "USD" },
        creditHours: 4,
      },
    ]);
    expect(d.effects).toEqual([]);
    expect(d.output).toEqual({ kind: "checkout", checkoutId: "co-1", result: "started" });
    expect(purchaseStatus(d.state, eligible, ctx().now)).toBe("checkout");
  });

  it("§8 a new key while a checkout is open replaces it (the learner changed provider)", () => {
    const s1 = withOpenCheckout();
    const s2 = startCheckout(s1, HOG, "k2", "co-2").state;
    expect(openCheckout(s2)?.checkoutId).toBe("co-2");
    expect(s2.checkouts.map((c) => [c.checkoutId, c.status])).toEqual([
      ["co-1", "replaced"],
      ["co-2", "open"],
    ]);
  });

  it("§8 record-checkout runs every check again (a gateway answer after the deadline records nothing)", () => {
    const r = decidePurchase(
      initialPurchaseState,
      { type: "record-checkout", checkoutId: toCheckoutId("co-1"), providerId: ASU, method: "paypal", idempotencyKey: "k1" },
      ctx({ now: DEADLINE }),
    );
    expectErr(r, "purchase-window-closed");
  });

  it("§8 a gateway that answers a paid checkout id for a new checkout is refused with invalid-input", () => {
    const r = decidePurchase(
      expectOk(decidePurchase(paidState(), { type: "refund" }, ctx()), paidState()).state,
      { type: "record-checkout", checkoutId: toCheckoutId("co-1"), providerId: ASU, method: "card", idempotencyKey: "k7" },
      ctx(),
    );
    expectErr(r, "invalid-input");
  });

  it("§8 a gateway that answers a closed checkout id reopens that checkout", () => {
    const s1 = withOpenCheckout();
    const s2 = expectOk(decidePurchase(s1, payment("co-1", "failed", 60000), ctx()), s1).state;
    const s3 = startCheckout(s2, HOG, "k2", "co-1").state;
    expect(s3.checkouts).toHaveLength(1);
    expect(s3.checkouts[0]).toMatchObject({ checkoutId: "co-1", status: "open", providerId: HOG, idempotencyKey: "k2" });
  });
});

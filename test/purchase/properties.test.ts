import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toCheckoutId, toPaymentId, toProviderId, toRequestId, type CheckoutId, type ProviderId } from "../../src/ids/index.js";
import {
  applyPurchaseEvent,
  decidePurchase,
  initialPurchaseState,
  planCheckout,
  purchaseStatus,
  type PaymentMethod,
  type PurchaseContext,
  type PurchaseDecisionCommand,
  type PurchaseEffect,
  type PurchaseEvent,
  type PurchaseState,
  type PurchaseStatus,
} from "../../src/purchase/index.js";
import { ASU, AUTO, AUTOLINK, DEADLINE, GHOST, HOG, NOOFFER, SLEEPY, REQ1, lookup, policy } from "./helpers.js";

const START = DEADLINE.getTime() - 3 * 24 * 3600_000;

type Step =
  | { readonly kind: "start"; readonly providerId: ProviderId; readonly key: string; readonly method: PaymentMethod; readonly reuseId: number | null }
  | {
      readonly kind: "pay";
      readonly ref: number;
      readonly outcome: "succeeded" | "failed" | "cancelled";
      readonly payment: number;
      readonly wrongAmount: boolean;
      readonly wrongCurrency: boolean;
    }
  | { readonly kind: "request" }
  | { readonly kind: "decision"; readonly status: "approved" | "rejected" }
  | {
      readonly kind: "callback";
      readonly status: "pending" | "approved" | "rejected";
      readonly ownRequest: boolean;
      readonly providerId: ProviderId;
    }
  | { readonly kind: "refund" }
  | { readonly kind: "repeat"; readonly index: number }
  | { readonly kind: "junk"; readonly value: unknown };

interface Timed {
  readonly step: Step;
  readonly advanceMinutes: number;
  readonly granted: boolean;
}

const providerIds = fc.oneof(
  { arbitrary: fc.constantFrom(ASU, HOG, AUTO, AUTOLINK), weight: 6 },
  { arbitrary: fc.constantFrom(SLEEPY, NOOFFER, GHOST, toProviderId("nobody")), weight: 1 },
);

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant("start" as const),
      providerId: providerIds,
      key: fc.constantFrom("k1", "k2", "k3", "k4"),
      method: fc.constantFrom<PaymentMethod>("card", "paypal"),
      reuseId: fc.option(fc.nat(5), { freq: 4 }),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("pay" as const),
      ref: fc.oneof({ arbitrary: fc.nat(6), weight: 9 }, { arbitrary: fc.constant(-1), weight: 1 }),
      outcome: fc.constantFrom("succeeded", "succeeded", "failed", "cancelled") as fc.Arbitrary<"succeeded" | "failed" | "cancelled">,
      payment: fc.nat(5),
      wrongAmount: fc.constantFrom(false, false, false, true),
      wrongCurrency: fc.constantFrom(false, false, false, true),
    }),
    weight: 5,
  },
  { arbitrary: fc.constant({ kind: "request" as const }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("decision" as const), status: fc.constantFrom("approved", "rejected") as fc.Arbitrary<"approved" | "rejected"> }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant("callback" as const),
      status: fc.constantFrom("pending", "approved", "rejected") as fc.Arbitrary<"pending" | "approved" | "rejected">,
      ownRequest: fc.boolean(),
      providerId: providerIds,
    }),
    weight: 2,
  },
  { arbitrary: fc.constant({ kind: "refund" as const }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("repeat" as const), index: fc.nat(40) }), weight: 3 },
  {
    arbitrary: fc.record({
      kind: fc.constant("junk" as const),
      value: fc.oneof(
        fc.anything(),
        fc.record(
          {
            type: fc.constantFrom("record-checkout", "payment-result", "request-credit", "record-decision", "apply-callback", "refund", "start-checkout"),
            checkoutId: fc.anything(),
            providerId: fc.anything(),
            outcome: fc.anything(),
            status: fc.anything(),
            requestId: fc.anything(),
            amount: fc.anything(),
          },
          { requiredKeys: ["type"] },
        ),
      ),
    }),
    weight: 1,
  },
);

const runArb = fc.array(
  fc.record({
    step: stepArb,
    advanceMinutes: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 120 }), weight: 8 }, { arbitrary: fc.integer({ min: 0, max: 2 * 24 * 60 }), weight: 1 }),
    granted: fc.oneof({ arbitrary: fc.constant(true), weight: 9 }, { arbitrary: fc.constant(false), weight: 1 }),
  }),
  { maxLength: 40 },
);

interface Run {
  readonly log: readonly PurchaseEvent[];
  readonly effects: readonly PurchaseEffect[];
  readonly states: readonly PurchaseState[];
  readonly statuses: readonly PurchaseStatus[];
  /** For every payment-succeeded: whether its checkout was started while eligible with the deadline open. */
  readonly paidCheckoutsValid: readonly boolean[];
  readonly replayLawHeld: boolean;
}

/** Drives the pure core like the service would, with a fake gateway that numbers checkouts. */
function run(steps: readonly Timed[]): Run {
  let state = initialPurchaseState;
  let now = START;
  let gatewayCount = 0;
  const log: PurchaseEvent[] = [];
  const effects: PurchaseEffect[] = [];
  const states: PurchaseState[] = [state];
  const statuses: PurchaseStatus[] = [];
  const sent: PurchaseDecisionCommand[] = [];
  const startedValid = new Map<CheckoutId, boolean>();
  const paidCheckoutsValid: boolean[] = [];
  const gatewayIds: CheckoutId[] = [];
  let replayLawHeld = true;

  const record = (before: PurchaseState, events: readonly PurchaseEvent[], after: PurchaseState, c: PurchaseContext): void => {
    if (JSON.stringify(events.reduce(applyPurchaseEvent, before)) !== JSON.stringify(after)) replayLawHeld = false;
    for (const e of events) {
      if (e.type === "checkout-started") {
        startedValid.set(e.checkoutId, c.eligibility.granted && c.now.getTime() < (c.eligibility.deadline?.getTime() ?? -Infinity));
      }
      if (e.type === "payment-succeeded") paidCheckoutsValid.push(startedValid.get(e.checkoutId) === true);
      log.push(e);
    }
  };

  const decide = (command: PurchaseDecisionCommand, c: PurchaseContext): void => {
    sent.push(command);
    const before = state;
    const r = decidePurchase(state, command, c);
    if (r.ok) {
      record(before, r.value.events, r.value.state, c);
      effects.push(...r.value.effects);
      state = r.value.state;
    } else if (r.events !== undefined && r.state !== undefined) {
      expect(r.error.code).toBe("duplicate-payment");
      record(before, r.events, r.state, c);
      effects.push(...(r.effects ?? []));
      state = r.state;
    }
  };

  steps.forEach(({ step, advanceMinutes, granted }, i) => {
    now += advanceMinutes * 60_000;
    const c: PurchaseContext = {
      now: new Date(now),
      policy,
      providers: lookup,
      eligibility: granted ? { granted: true, deadline: DEADLINE } : { granted: false },
      requestId: toRequestId(`req${i}`),
    };
    switch (step.kind) {
      case "start": {
        const plan = planCheckout(state, { type: "start-checkout", providerId: step.providerId, method: step.method, idempotencyKey: step.key }, c);
        if (!plan.ok || plan.value.kind === "existing") break;
        const reused = step.reuseId === null ? undefined : gatewayIds[step.reuseId];
        const checkoutId = reused ?? toCheckoutId(`co-${gatewayCount++}`);
        gatewayIds.push(checkoutId);
        decide({ type: "record-checkout", checkoutId, providerId: step.providerId, method: step.method, idempotencyKey: step.key }, c);
        break;
      }
      case "pay": {
        const known = gatewayIds.length === 0 ? undefined : gatewayIds[step.ref % gatewayIds.length];
        const checkoutId = step.ref < 0 || known === undefined ? toCheckoutId("co-unknown") : known;
        const checkout = state.checkouts.find((x) => x.checkoutId === checkoutId);
        const price = checkout?.price ?? { amount: 60000, currency: "USD" };
        decide(
          {
            type: "payment-result",
            checkoutId,
            outcome: step.outcome,
            paymentId: toPaymentId(`pay-${step.payment}`),
            amount: price.amount + (step.wrongAmount ? 1 : 0),
            currency: step.wrongCurrency ? "GBP" : price.currency,
          },
          c,
        );
        break;
      }
      case "request":
        decide({ type: "request-credit" }, c);
        break;
      case "decision":
        decide({ type: "record-decision", status: step.status }, c);
        break;
      case "callback":
        decide(
          {
            type: "apply-callback",
            requestId: step.ownRequest ? (state.request?.requestId ?? REQ1) : REQ1,
            status: step.status,
            providerId: step.ownRequest ? (state.request?.providerId ?? step.providerId) : step.providerId,
          },
          c,
        );
        break;
      case "refund":
        decide({ type: "refund" }, c);
        break;
      case "repeat": {
        const again = sent[step.index % Math.max(sent.length, 1)];
        if (again !== undefined) decide(again, c);
        break;
      }
      case "junk":
        decide(step.value as PurchaseDecisionCommand, c);
        break;
    }
    states.push(state);
    statuses.push(purchaseStatus(state, c.eligibility, c.now));
  });
  return { log, effects, states, statuses, paidCheckoutsValid, replayLawHeld };
}

const settings = { numRuns: 1000 };

describe("§13 purchase invariants over random, duplicated, reordered and adversarial command sequences", () => {
  it("§13.1 no paid without eligibility and an open deadline at checkout start", () => {
    fc.assert(
      fc.property(runArb, (steps) => {
        expect(run(steps).paidCheckoutsValid.every(Boolean)).toBe(true);
      }),
      settings,
    );
  });

  it("§13.2 never two unrefunded purchases, at any point of the log", () => {
    fc.assert(
      fc.property(runArb, (steps) => {
        const { log, states } = run(steps);
        let unrefunded = 0;
        for (const e of log) {
          if (e.type === "payment-succeeded") unrefunded++;
          if (e.type === "refunded") unrefunded--;
          expect(unrefunded).toBeGreaterThanOrEqual(0);
          expect(unrefunded).toBeLessThanOrEqual(1);
        }
        expect(states.at(-1)?.purchase === null ? 0 : 1).toBe(unrefunded);
      }),
      settings,
    );
  });

  it("§13.2 every refused second payment is refunded exactly once", () => {
    fc.assert(
      fc.property(runArb, (steps) => {
        const { log, effects } = run(steps);
        const refusedPayments = log.filter((e) => e.type === "payment-refund-requested").map((e) => e.paymentId);
        expect(new Set(refusedPayments).size).toBe(refusedPayments.length);
        for (const paymentId of refusedPayments) {
          expect(effects.filter((f) => f.type === "refund-payment" && f.paymentId === paymentId)).toHaveLength(1);
        }
      }),
      settings,
    );
  });

  it("§13.3 approved and rejected are final", () => {
    fc.assert(
      fc.property(runArb, (steps) => {
        const { statuses, log } = run(steps);
        const first = statuses.findIndex((s) => s === "approved" || s === "rejected");
        if (first >= 0) expect(new Set(statuses.slice(first))).toEqual(new Set([statuses[first]]));
        const decided = log.flatMap((e) => (e.type === "credit-decided" ? [e.requestId] : []));
        expect(new Set(decided).size).toBe(decided.length);
      }),
      settings,
    );
  });

  it("§13.5 replay law: folding the emitted events reproduces every decided state, and the whole log the final one", () => {
    fc.assert(
      fc.property(runArb, (steps) => {
        const { log, states, replayLawHeld } = run(steps);
        expect(replayLawHeld).toBe(true);
        expect(log.reduce(applyPurchaseEvent, initialPurchaseState)).toEqual(states.at(-1));
      }),
      settings,
    );
  });

  it("§13.6 nothing throws, whatever the commands (junk included)", () => {
    fc.assert(
      fc.property(runArb, (steps) => {
        expect(() => run(steps)).not.toThrow();
      }),
      settings,
    );
  });

  it("§10 one purchase-receipt per successful purchase and one credit-decision per decision", () => {
    fc.assert(
      fc.property(runArb, (steps) => {
        const { log, effects } = run(steps);
        const receipts = effects.filter((e) => e.type === "send-email" && e.template === "purchase-receipt");
        const decisions = effects.filter((e) => e.type === "send-email" && e.template === "credit-decision");
        expect(receipts).toHaveLength(log.filter((e) => e.type === "payment-succeeded").length);
        expect(decisions).toHaveLength(log.filter((e) => e.type === "credit-decided").length);
      }),
      settings,
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toCheckoutId, toPaymentId, toRequestId } from "../../src/ids/index.js";
import { parsePolicy } from "../../src/policy/schema.js";
import { parseProviders } from "../../src/providers/index.js";
import {
  applyPurchaseEvent,
  decidePurchase,
  initialPurchaseState,
  purchaseStatus,
  toProviderLookup,
  type PurchaseDecisionCommand,
  type PurchaseEligibility,
  type PurchaseState,
  type PurchaseStatus,
} from "../../src/purchase/index.js";
import { PURCHASE_TRANSITIONS } from "../../src/purchase/transitions.js";

const policy = (() => {
  const p = parsePolicy({
    courseId: "course-v1:MITx+6.002x+2026_T1",
    title: "Circuits and Electronics",
    endsAt: "2026-06-30T23:59:00Z",
    requirements: [],
    offers: [
      { providerId: "asu", price: { amount: 60000, currency: "USD" }, creditHours: 3 },
      { providerId: "hogwarts", price: { amount: 45000, currency: "USD" }, creditHours: 4 },
      { providerId: "auto", price: { amount: 30000, currency: "USD" }, creditHours: 2 },
    ],
  });
  if (!p.ok) throw new Error(p.error.message);
  return p.value;
})();

const providers = (() => {
  const site = (id: string) => ({ url: `https://${id}.example.edu/credit`, statusUrl: `https://${id}.example.edu/status` });
  const p = parseProviders([
    { id: "asu", displayName: "ASU", ...site("asu"), integration: "signed-request", completionSteps: true },
    { id: "hogwarts", displayName: "Hogwarts", ...site("hogwarts"), integration: "link", completionSteps: true },
    { id: "auto", displayName: "Automatic", ...site("auto"), integration: "signed-request", completionSteps: false },
  ]);
  if (!p.ok) throw new Error(p.error.message);
  return toProviderLookup(p.value);
})();

const DEADLINE = new Date("2027-06-30T23:59:00Z");
const OPEN = new Date("2026-07-01T12:00:00Z");
const CLOSED = new Date("2027-07-01T00:00:00Z");
const GRANTED: PurchaseEligibility = { granted: true, deadline: DEADLINE };
const PRICES: Record<string, number> = { asu: 60000, hogwarts: 45000, auto: 30000 };
let requestCounter = 0;

interface World {
  readonly state: PurchaseState;
  readonly eligibility: PurchaseEligibility;
  readonly now: Date;
}

const status = (w: World): PurchaseStatus => purchaseStatus(w.state, w.eligibility, w.now);

/** Runs a command through decidePurchase; the new state must be the fold of the events it returned. */
function run(w: World, command: PurchaseDecisionCommand): World {
  const requestId = toRequestId((++requestCounter).toString(16).padStart(32, "0"));
  const d = decidePurchase(w.state, command, { now: w.now, policy, providers, eligibility: w.eligibility, requestId });
  if (!d.ok) throw new Error(`${command.type} refused: ${d.error.code}`);
  expect(d.value.state).toEqual(d.value.events.reduce(applyPurchaseEvent, w.state));
  return { ...w, state: d.value.state };
}

const start = (w: World, checkout: string, providerId: string, key: string) =>
  run(w, { type: "record-checkout", checkoutId: toCheckoutId(checkout), providerId: providerId as never, method: "card", idempotencyKey: key });
const pay = (w: World, checkout: string, providerId: string, outcome: "succeeded" | "failed" | "cancelled" = "succeeded") =>
  run(w, {
    type: "payment-result",
    checkoutId: toCheckoutId(checkout),
    outcome,
    paymentId: toPaymentId(`pay-${checkout}-${outcome}`),
    amount: PRICES[providerId] ?? 0,
    currency: "USD",
  });
const requestOf = (w: World) => {
  if (w.state.request === null) throw new Error("no request");
  return w.state.request;
};

const available: World = { state: initialPurchaseState, eligibility: GRANTED, now: OPEN };
const inCheckout = () => start(available, "co-1", "asu", "k1");
const paid = () => pay(inCheckout(), "co-1", "asu");
const pending = () => run(paid(), { type: "request-credit" });

/** For each row of the table: a world in `from`, and the world after its trigger. */
const drivers: Record<string, () => readonly [World, World]> = {
  "unavailable-eligibility-granted": () => [{ ...available, eligibility: { granted: false } }, available],
  "available-deadline-passed": () => [available, { ...available, now: CLOSED }],
  "available-start-checkout": () => [available, inCheckout()],
  "checkout-start-checkout": () => {
    const w = inCheckout();
    return [w, start(w, "co-2", "hogwarts", "k2")];
  },
  "checkout-payment-failed-open": () => {
    const w = inCheckout();
    return [w, pay(w, "co-1", "asu", "failed")];
  },
  "checkout-payment-failed-closed": () => {
    const w = { ...inCheckout(), now: CLOSED };
    return [w, pay(w, "co-1", "asu", "cancelled")];
  },
  "checkout-payment-succeeded": () => {
    const w = { ...inCheckout(), now: CLOSED };
    return [w, pay(w, "co-1", "asu")];
  },
  "checkout-payment-succeeded-automatic-request": () => {
    const w = start(available, "co-1", "auto", "k1");
    return [w, pay(w, "co-1", "auto")];
  },
  "available-payment-succeeded-earlier-checkout": () => {
    const w = pay(start(inCheckout(), "co-2", "hogwarts", "k2"), "co-2", "hogwarts", "failed");
    return [w, pay(w, "co-1", "asu")];
  },
  "available-payment-succeeded-earlier-checkout-automatic-request": () => {
    const w = pay(start(available, "co-1", "auto", "k1"), "co-1", "auto", "failed");
    return [w, pay(w, "co-1", "auto")];
  },
  "unavailable-payment-succeeded-earlier-checkout": () => {
    const w = pay({ ...inCheckout(), now: CLOSED }, "co-1", "asu", "cancelled");
    return [w, pay(w, "co-1", "asu")];
  },
  "unavailable-payment-succeeded-earlier-checkout-automatic-request": () => {
    const w = pay({ ...start(available, "co-1", "auto", "k1"), now: CLOSED }, "co-1", "auto", "failed");
    return [w, pay(w, "co-1", "auto")];
  },
  "paid-request-credit": () => {
    const w = paid();
    return [w, run(w, { type: "request-credit" })];
  },
  "request-pending-request-credit": () => {
    const w = pending();
    const after = run(w, { type: "request-credit" });
    expect(requestOf(after).requestId).toBe(requestOf(w).requestId);
    return [w, after];
  },
  "request-pending-approved": () => {
    const w = pending();
    const byStaff = run(w, { type: "record-decision", status: "approved" });
    const byCallback = run(w, { type: "apply-callback", requestId: requestOf(w).requestId, providerId: requestOf(w).providerId, status: "approved" });
    expect(status(byStaff)).toBe(status(byCallback));
    return [w, byCallback];
  },
  "request-pending-rejected": () => {
    const w = pending();
    const byStaff = run(w, { type: "record-decision", status: "rejected" });
    const byCallback = run(w, { type: "apply-callback", requestId: requestOf(w).requestId, providerId: requestOf(w).providerId, status: "rejected" });
    expect(status(byStaff)).toBe(status(byCallback));
    return [w, byCallback];
  },
  "paid-refund-open": () => {
    const w = paid();
    return [w, run(w, { type: "refund" })];
  },
  "paid-refund-closed": () => {
    const w = { ...paid(), now: CLOSED };
    return [w, run(w, { type: "refund" })];
  },
};

describe("PURCHASE_TRANSITIONS (the table behind the purchase diagram of docs/concepts.md)", () => {
  it("has one driver per row and one row per driver, with unique ids", () => {
    const ids = PURCHASE_TRANSITIONS.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(Object.keys(drivers).sort());
  });

  it.each(PURCHASE_TRANSITIONS.map((t) => [t.id, t] as const))("§8 row %s holds for decidePurchase and purchaseStatus", (id, row) => {
    const driver = drivers[id];
    if (driver === undefined) throw new Error(`no driver for ${id}`);
    const [before, after] = driver();
    expect(status(before)).toBe(row.from);
    expect(status(after)).toBe(row.to);
  });

  it("every status appears in the table", () => {
    const seen = new Set(PURCHASE_TRANSITIONS.flatMap((t) => [t.from, t.to]));
    expect(seen.size).toBe(7);
  });

  it("is a law: every status change decidePurchase makes (or the deadline makes) is a row of the table", () => {
    const pairs = new Set(PURCHASE_TRANSITIONS.map((t) => `${t.from}>${t.to}`));
    const action = fc.oneof(
      fc.record({ kind: fc.constant("start" as const), provider: fc.constantFrom("asu", "hogwarts", "auto"), key: fc.constantFrom("k1", "k2", "k3") }),
      fc.record({ kind: fc.constant("pay" as const), pick: fc.nat(), outcome: fc.constantFrom("succeeded" as const, "failed" as const, "cancelled" as const) }),
      fc.record({ kind: fc.constant("request" as const) }),
      fc.record({ kind: fc.constant("decide" as const), status: fc.constantFrom("approved" as const, "rejected" as const), staff: fc.boolean() }),
      fc.record({ kind: fc.constant("refund" as const) }),
      fc.record({ kind: fc.constant("deadline" as const) }),
    );
    fc.assert(
      fc.property(fc.array(action, { maxLength: 25 }), (actions) => {
        let w: World = available;
        let n = 0;
        for (const a of actions) {
          const before = status(w);
          let command: PurchaseDecisionCommand | undefined;
          if (a.kind === "deadline") {
            w = { ...w, now: CLOSED };
          } else {
            if (a.kind === "start") {
              if (w.state.purchase !== null || w.now === CLOSED) continue;
              command = { type: "record-checkout", checkoutId: toCheckoutId(`co-${++n}`), providerId: a.provider as never, method: "card", idempotencyKey: a.key };
            } else if (a.kind === "pay") {
              const c = w.state.checkouts[a.pick % Math.max(1, w.state.checkouts.length)];
              if (c === undefined) continue;
              command = {
                type: "payment-result",
                checkoutId: c.checkoutId,
                outcome: a.outcome,
                paymentId: toPaymentId(`pay-${c.checkoutId}-${a.outcome}`),
                amount: c.price.amount,
                currency: c.price.currency,
              };
            } else if (a.kind === "request") command = { type: "request-credit" };
            else if (a.kind === "refund") command = { type: "refund" };
            else {
              const r = w.state.request;
              command = a.staff || r === null
                ? { type: "record-decision", status: a.status }
                : { type: "apply-callback", requestId: r.requestId, providerId: r.providerId, status: a.status };
            }
            const d = decidePurchase(w.state, command, { now: w.now, policy, providers, eligibility: w.eligibility, requestId: toRequestId(`${n}`.padStart(32, "a")) });
            if (!d.ok) continue;
            w = { ...w, state: d.value.state };
          }
          const after = status(w);
          if (after !== before) expect(pairs.has(`${before}>${after}`), `${before} → ${after} by ${command?.type ?? "deadline"}`).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

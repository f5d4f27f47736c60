import { expect } from "vitest";
import {
  toCheckoutId,
  toPaymentId,
  toProviderId,
  toRequestId,
  type CheckoutId,
  type ProviderId,
} from "../../src/ids/index.js";
import type { CoursePolicy } from "../../src/policy/index.js";
import { parsePolicy } from "../../src/policy/schema.js";
import type { Provider } from "../../src/providers/model.js";
import type { ErrorCode } from "../../src/result/index.js";
import {
  applyPurchaseEvent,
  decidePurchase,
  initialPurchaseState,
  planCheckout,
  toProviderLookup,
  type PaymentOutcome,
  type PurchaseContext,
  type PurchaseDecision,
  type PurchaseDecisionCommand,
  type PurchaseDecisionResult,
  type PurchaseEligibility,
  type PurchaseEvent,
  type PurchaseState,
} from "../../src/purchase/index.js";

export const DEADLINE = new Date("2027-06-30T23:59:00Z");
export const BEFORE = new Date("2026-07-01T12:00:00Z");
export const AFTER = new Date("2027-07-15T09:00:00Z");

export const ASU = toProviderId("asu");
export const HOG = toProviderId("hogwarts");
export const AUTO = toProviderId("auto");
export const AUTOLINK = toProviderId("autolink");
export const SLEEPY = toProviderId("sleepy");
export const NOOFFER = toProviderId("no-offer-u");
export const GHOST = toProviderId("ghost");

export const REQ1 = toRequestId("557168d0f7664fe59097106c67c3f847");
export const REQ2 = toRequestId("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");

export const providers: readonly Provider[] = [
  {
    id: ASU,
    displayName: "Arizona State University",
    active: true,
    description: "Public research university",
    url: "https://credit.example.edu/request",
    statusUrl: "https://credit.example.edu/status",
    fulfillmentInstructions: "Send your transcript request.",
    thumbnailUrl: "https://credit.example.edu/logo.png",
    integration: "signed-request",
    completionSteps: true,
  },
  {
    id: HOG,
    displayName: "Hogwarts Extension School",
    active: true,
    url: "https://hogwarts.example.org/credit",
    statusUrl: "https://hogwarts.example.org/credit/status",
    integration: "link",
    completionSteps: true,
  },
  {
    id: AUTO,
    displayName: "Auto University",
    active: true,
    url: "https://auto.example.edu/request",
    statusUrl: "https://auto.example.edu/status",
    integration: "signed-request",
    completionSteps: false,
  },
  {
    id: AUTOLINK,
    displayName: "Autolink College",
    active: true,
    url: "https://autolink.example.edu/",
    statusUrl: "https://autolink.example.edu/status",
    integration: "link",
    completionSteps: false,
  },
  {
    id: SLEEPY,
    displayName: "Sleepy College",
    active: false,
    url: "https://sleepy.example.edu/",
    statusUrl: "https://sleepy.example.edu/status",
    integration: "link",
    completionSteps: true,
  },
  {
    id: NOOFFER,
    displayName: "No Offer University",
    active: true,
    url: "https://nooffer.example.edu/",
    statusUrl: "https://nooffer.example.edu/status",
    integration: "link",
    completionSteps: true,
  },
];

export const lookup = toProviderLookup(providers);

function mustParse(input: unknown): CoursePolicy {
  const r = parsePolicy(input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

export const policy: CoursePolicy = mustParse({
  courseId: "course-v1:MITx+6.002x+2026_T1",
  title: "Circuits and Electronics",
  endsAt: "2026-06-30T23:59:00Z",
  requirements: [{ kind: "grade", id: "grade", minGrade: 0.8 }],
  offers: [
    { providerId: "asu", price: { amount: 60000, currency: "USD" }, creditHours: 3 },
    { providerId: "hogwarts", price: { amount: 45000, currency: "USD" }, creditHours: 4 },
    { providerId: "auto", price: { amount: 30000, currency: "EUR" }, creditHours: 2 },
    { providerId: "autolink", price: { amount: 1000, currency: "USD" }, creditHours: 1 },
    { providerId: "sleepy", price: { amount: 100, currency: "USD" }, creditHours: 1 },
    { providerId: "ghost", price: { amount: 100, currency: "USD" }, creditHours: 1 },
  ],
});

export const eligible: PurchaseEligibility = { granted: true, deadline: DEADLINE };
export const notEligible: PurchaseEligibility = { granted: false };

export function ctx(overrides: Partial<PurchaseContext> = {}): PurchaseContext {
  return { now: BEFORE, policy, providers: lookup, eligibility: eligible, requestId: REQ1, ...overrides };
}

/** Expects success and checks the replay law for this one decision. */
export function expectOk(r: PurchaseDecisionResult, before: PurchaseState): PurchaseDecision {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  expect(r.value.events.reduce(applyPurchaseEvent, before)).toEqual(r.value.state);
  return r.value;
}

/** Expects a refusal with this code. */
export function expectErr(r: PurchaseDecisionResult | { ok: boolean; error?: { code: ErrorCode } }, code: ErrorCode): void {
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.error?.code).toBe(code);
}

/** start-checkout through planCheckout, then record-checkout with the given gateway id. */
export function startCheckout(
  state: PurchaseState,
  providerId: ProviderId,
  key: string,
  checkoutId: string,
  c: PurchaseContext = ctx(),
): PurchaseDecision {
  const plan = planCheckout(state, { type: "start-checkout", providerId, method: "card", idempotencyKey: key }, c);
  if (!plan.ok) throw new Error(`plan refused: ${plan.error.code}`);
  if (plan.value.kind === "existing") throw new Error("expected a new checkout");
  return expectOk(
    decidePurchase(state, { type: "record-checkout", checkoutId: toCheckoutId(checkoutId), providerId, method: "card", idempotencyKey: key }, c),
    state,
  );
}

export function payment(
  checkoutId: string,
  outcome: PaymentOutcome,
  amount: number,
  currency = "USD",
  paymentId = `pay-${checkoutId}`,
): PurchaseDecisionCommand {
  return { type: "payment-result", checkoutId: toCheckoutId(checkoutId), outcome, paymentId: toPaymentId(paymentId), amount, currency };
}

/** A state with one open ASU checkout `co-1` (key k1). */
export function withOpenCheckout(c: PurchaseContext = ctx()): PurchaseState {
  return startCheckout(initialPurchaseState, ASU, "k1", "co-1", c).state;
}

/** A state where ASU credit was paid through checkout `co-1`. */
export function paidState(): PurchaseState {
  const s = withOpenCheckout();
  return expectOk(decidePurchase(s, payment("co-1", "succeeded", 60000), ctx()), s).state;
}

/** A paid state with a pending request REQ1. */
export function pendingState(): PurchaseState {
  const s = paidState();
  return expectOk(decidePurchase(s, { type: "request-credit" }, ctx({ requestId: REQ1 })), s).state;
}

export function fold(events: readonly PurchaseEvent[]): PurchaseState {
  return events.reduce(applyPurchaseEvent, initialPurchaseState);
}

export type { CheckoutId };

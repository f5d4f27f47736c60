import type { ProviderId } from "../ids/index.js";
import type { Provider } from "../providers/model.js";
import { err, ok, type Result } from "../result/index.js";
import { isDeadlineOpen } from "../time/index.js";
import { applyPurchaseEvent, findCheckout, openCheckout } from "./state.js";
import type {
  ApplyCallbackCommand,
  CheckoutPlan,
  CreditDecision,
  CreditRequestOutput,
  CreditRequestRecord,
  DecisionSource,
  PaymentResultCommand,
  PurchaseContext,
  PurchaseDecisionCommand,
  PurchaseDecisionResult,
  PurchaseEffect,
  PurchaseEvent,
  PurchaseOutput,
  PurchaseState,
  RecordCheckoutCommand,
  StartCheckoutCommand,
} from "./types.js";

/**
 * Runs every check of `start-checkout` (docs/rules.md §8), in this order: `already-purchased`, the same
 * idempotency key as the open checkout (→ that checkout, no gateway call), `not-eligible`,
 * `purchase-window-closed`, `unknown-provider`, `provider-inactive`, `no-offer`. The service then
 * creates the checkout at the payment gateway and records it with
 * `decidePurchase(state, { type: "record-checkout", checkoutId, … }, ctx)`; when the gateway fails,
 * nothing is recorded.
 *
 * @param state - the purchase state.
 * @param command - the learner's `start-checkout`.
 * @param ctx - now, policy, providers and eligibility.
 * @returns the plan, or the first failed check.
 * @example
 * ```ts
 * import { initialPurchaseState, parsePolicy, planCheckout, toProviderId, toProviderLookup } from "academic-credit";
 * const policy = parsePolicy({
 *   courseId: "c", title: "T", requirements: [],
 *   offers: [{ providerId: "asu", price: { amount: 60000, currency: "USD" }, creditHours: 3 }],
 * });
 * if (policy.ok) {
 *   const plan = planCheckout(
 *     initialPurchaseState,
 *     { type: "start-checkout", providerId: toProviderId("asu"), method: "card", idempotencyKey: "k1" },
 *     {
 *       now: new Date("2026-07-01T12:00:00Z"), policy: policy.value,
 *       providers: toProviderLookup([{ id: toProviderId("asu"), displayName: "ASU", active: true, url: "https://a.example/r",
 *         statusUrl: "https://a.example/s", integration: "signed-request", completionSteps: true }]),
 *       eligibility: { granted: true, deadline: new Date("2027-06-30T23:59:00Z") },
 *     },
 *   );
 *   if (plan.ok) plan.value.kind; // "new"
 * }
 * ```
 */
export function planCheckout(state: PurchaseState, command: StartCheckoutCommand, ctx: PurchaseContext): Result<CheckoutPlan> {
  const unreadable = unreadableCommand(command, "start-checkout");
  if (unreadable !== undefined) return unreadable;
  if (state.purchase !== null) {
    return err("already-purchased", "Credit for this course has already been purchased", { checkoutId: state.purchase.checkoutId });
  }
  const open = openCheckout(state);
  if (open !== undefined && open.idempotencyKey === command.idempotencyKey) {
    return ok({ kind: "existing", checkoutId: open.checkoutId });
  }
  const { eligibility } = ctx;
  if (!ctx.policy.enabled) return err("not-eligible", "This course does not offer credit at the moment", { reason: "credit-not-offered" });
  if (!eligibility.granted) return err("not-eligible", "The learner is not eligible for credit in this course");
  if (!isDeadlineOpen(eligibility.deadline, ctx.now)) {
    return err("purchase-window-closed", `The purchase deadline (${eligibility.deadline.toISOString()}) has passed`, {
      deadline: eligibility.deadline.toISOString(),
    });
  }
  const provider = ctx.providers(command.providerId);
  if (provider === undefined) {
    return err("unknown-provider", `Unknown credit provider "${command.providerId}"`, { providerId: command.providerId });
  }
  if (!provider.active) {
    return err("provider-inactive", `Credit provider "${command.providerId}" is not active`, { providerId: command.providerId });
  }
  const offer = ctx.policy.offers.find((o) => o.providerId === command.providerId);
  if (offer === undefined) {
    return err("no-offer", `The course has no credit offer from provider "${command.providerId}"`, { providerId: command.providerId });
  }
  return ok({ kind: "new", offer, provider });
}

/** The fields each command must carry as text (`payment-result`'s `amount` is a number). */
const TEXT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  "start-checkout": ["providerId", "method", "idempotencyKey"],
  "record-checkout": ["checkoutId", "providerId", "method", "idempotencyKey"],
  "payment-result": ["checkoutId", "paymentId", "outcome", "currency"],
  "record-decision": ["status"],
  "apply-callback": ["requestId", "status", "providerId"],
};

/**
 * Why a command's fields cannot be used as the types promise (the functions are public and may be
 * called with anything), or `undefined`. Fields are interpolated into messages and keys, so an
 * object there could throw or end up in a stored event.
 */
function unreadableCommand(command: unknown, type: string): Failure | undefined {
  try {
    const fields = command as Readonly<Record<string, unknown>>;
    for (const field of TEXT_FIELDS[type] ?? []) {
      if (typeof fields[field] !== "string") return err("invalid-input", `Invalid ${type} command: ${field} must be a string`);
    }
    if (type === "payment-result" && typeof fields["amount"] !== "number") {
      return err("invalid-input", "Invalid payment-result command: amount must be a number");
    }
    return undefined;
  } catch {
    return err("invalid-input", `Invalid ${type} command: its fields could not be read`);
  }
}

type Failure = Extract<Result<never>, { readonly ok: false }>;

function commit(
  state: PurchaseState,
  events: readonly PurchaseEvent[],
  effects: readonly PurchaseEffect[],
  output: PurchaseOutput,
): PurchaseDecisionResult {
  return ok({ state: events.reduce(applyPurchaseEvent, state), events, effects, output });
}

function recordCheckout(state: PurchaseState, command: RecordCheckoutCommand, ctx: PurchaseContext): PurchaseDecisionResult {
  const plan = planCheckout(
    state,
    { type: "start-checkout", providerId: command.providerId, method: command.method, idempotencyKey: command.idempotencyKey },
    ctx,
  );
  if (!plan.ok) return plan;
  if (plan.value.kind === "existing") {
    return commit(state, [], [], { kind: "checkout", checkoutId: plan.value.checkoutId, result: "existing" });
  }
  const known = findCheckout(state, command.checkoutId);
  if (known !== undefined && (known.status === "paid" || known.status === "refunded")) {
    return err("invalid-input", `Checkout "${command.checkoutId}" was already paid and cannot be started again`, {
      checkoutId: command.checkoutId,
    });
  }
  const { offer } = plan.value;
  return commit(
    state,
    [
      {
        type: "checkout-started",
        at: ctx.now,
        checkoutId: command.checkoutId,
        providerId: offer.providerId,
        method: command.method,
        idempotencyKey: command.idempotencyKey,
        price: { amount: offer.price.amount, currency: offer.price.currency },
        creditHours: offer.creditHours,
      },
    ],
    [],
    { kind: "checkout", checkoutId: command.checkoutId, result: "started" },
  );
}

function providerName(provider: Provider | undefined, id: ProviderId): string {
  return provider?.displayName ?? id;
}

const OUTCOMES: ReadonlySet<string> = new Set(["succeeded", "failed", "cancelled"]);
const DECISIONS: ReadonlySet<string> = new Set(["approved", "rejected"]);

function paymentResult(state: PurchaseState, command: PaymentResultCommand, ctx: PurchaseContext): PurchaseDecisionResult {
  if (!OUTCOMES.has(command.outcome)) return err("invalid-input", "Payment outcome must be succeeded, failed or cancelled");
  const checkout = findCheckout(state, command.checkoutId);
  if (checkout === undefined) {
    return err("no-open-checkout", `No checkout "${command.checkoutId}" was started`, { checkoutId: command.checkoutId });
  }
  const samePayment = state.payments.filter((p) => p.paymentId === command.paymentId);
  if (samePayment.some((p) => p.checkoutId !== command.checkoutId)) {
    return err("payment-mismatch", `Payment "${command.paymentId}" was already recorded for another checkout`, {
      paymentId: command.paymentId,
      checkoutId: command.checkoutId,
    });
  }
  const duplicate: PurchaseOutput = { kind: "payment", checkoutId: command.checkoutId, result: "duplicate" };

  if (command.outcome !== "succeeded") {
    if (samePayment.some((p) => p.kind === "failure" && p.outcome === command.outcome)) return commit(state, [], [], duplicate);
    if (checkout.status !== "open") {
      return commit(state, [], [], { kind: "payment", checkoutId: command.checkoutId, result: "ignored" });
    }
    return commit(
      state,
      [{ type: "payment-failed", at: ctx.now, checkoutId: command.checkoutId, paymentId: command.paymentId, outcome: command.outcome }],
      [],
      { kind: "payment", checkoutId: command.checkoutId, result: "closed" },
    );
  }

  if (samePayment.some((p) => p.kind === "purchase")) return commit(state, [], [], duplicate);
  if (samePayment.some((p) => p.kind === "refund-requested")) {
    return err("duplicate-payment", `Payment "${command.paymentId}" was refused as a second purchase; its refund is already requested`, {
      paymentId: command.paymentId,
    });
  }
  if (state.purchase !== null || checkout.status === "paid" || checkout.status === "refunded") {
    const events: PurchaseEvent[] = [
      {
        type: "payment-refund-requested",
        at: ctx.now,
        checkoutId: command.checkoutId,
        paymentId: command.paymentId,
        amount: command.amount,
        currency: command.currency,
        reason: "duplicate-payment",
      },
    ];
    const refused = err("duplicate-payment", "Credit for this course has already been purchased; this payment will be refunded", {
      paymentId: command.paymentId,
      checkoutId: command.checkoutId,
    });
    return {
      ...refused,
      events,
      effects: [
        {
          type: "refund-payment",
          paymentId: command.paymentId,
          amount: command.amount,
          currency: command.currency,
          idempotencyKey: `refund:${command.paymentId}`,
        },
      ],
      state: events.reduce(applyPurchaseEvent, state),
    };
  }
  if (command.amount !== checkout.price.amount || command.currency !== checkout.price.currency) {
    return err(
      "payment-mismatch",
      `Payment of ${command.amount} ${command.currency} does not match the offer price of ${checkout.price.amount} ${checkout.price.currency}`,
      { paymentId: command.paymentId, checkoutId: command.checkoutId, expected: checkout.price },
    );
  }

  const provider = ctx.providers(checkout.providerId);
  const autoRequestId = provider !== undefined && !provider.completionSteps ? ctx.requestId : undefined;
  const events: PurchaseEvent[] = [
    {
      type: "payment-succeeded",
      at: ctx.now,
      checkoutId: command.checkoutId,
      paymentId: command.paymentId,
      amount: command.amount,
      currency: command.currency,
    },
  ];
  const effects: PurchaseEffect[] = [
    {
      type: "send-email",
      template: "purchase-receipt",
      idempotencyKey: `purchase-receipt:${command.paymentId}`,
      data: {
        courseId: ctx.policy.courseId,
        courseTitle: ctx.policy.title,
        providerId: checkout.providerId,
        providerName: providerName(provider, checkout.providerId),
        creditHours: checkout.creditHours,
        amount: command.amount,
        currency: command.currency,
        paymentId: command.paymentId,
        ...(provider?.fulfillmentInstructions === undefined ? {} : { fulfillmentInstructions: provider.fulfillmentInstructions }),
        completionSteps: autoRequestId === undefined,
      },
    },
  ];
  if (provider !== undefined && autoRequestId !== undefined) {
    events.push({ type: "credit-requested", at: ctx.now, requestId: autoRequestId, providerId: checkout.providerId });
    if (provider.integration === "signed-request") {
      effects.push({
        type: "send-credit-request",
        providerId: provider.id,
        requestId: autoRequestId,
        url: provider.url,
        idempotencyKey: `credit-request:${autoRequestId}`,
      });
    }
  }
  return commit(state, events, effects, { kind: "payment", checkoutId: command.checkoutId, result: "paid" });
}

function requestCredit(state: PurchaseState, ctx: PurchaseContext): PurchaseDecisionResult {
  const { purchase, request } = state;
  if (purchase === null) return err("not-paid", "Credit has not been paid for yet");
  if (request !== null && request.status !== "pending") {
    return err("request-completed", `The credit request was already ${request.status}`, { requestId: request.requestId, status: request.status });
  }
  const provider = ctx.providers(purchase.providerId);
  if (provider === undefined) {
    return err("unknown-provider", `Unknown credit provider "${purchase.providerId}"`, { providerId: purchase.providerId });
  }
  const requestId = request?.requestId ?? ctx.requestId;
  if (requestId === undefined) return err("invalid-input", "A fresh request id is needed to issue a credit request");
  const reissued = request !== null;
  const output: CreditRequestOutput =
    provider.integration === "signed-request"
      ? { kind: "form", providerId: purchase.providerId, requestId, url: provider.url, issuedAt: ctx.now, reissued }
      : { kind: "link", providerId: purchase.providerId, requestId, url: provider.url, reissued };
  return commit(state, [{ type: "credit-requested", at: ctx.now, requestId, providerId: purchase.providerId }], [], output);
}

function decide(
  state: PurchaseState,
  request: CreditRequestRecord,
  status: CreditDecision,
  source: DecisionSource,
  ctx: PurchaseContext,
): PurchaseDecisionResult {
  if (request.status === status) {
    return commit(state, [], [], { kind: "decision", requestId: request.requestId, result: "duplicate", status });
  }
  if (request.status !== "pending") {
    return err("conflicting-decision", `The credit request was already ${request.status}; it cannot become ${status}`, {
      requestId: request.requestId,
      current: request.status,
      requested: status,
    });
  }
  const provider = ctx.providers(request.providerId);
  return commit(
    state,
    [{ type: "credit-decided", at: ctx.now, requestId: request.requestId, status, source }],
    [
      {
        type: "send-email",
        template: "credit-decision",
        idempotencyKey: `credit-decision:${request.requestId}`,
        data: {
          courseId: ctx.policy.courseId,
          courseTitle: ctx.policy.title,
          providerId: request.providerId,
          providerName: providerName(provider, request.providerId),
          requestId: request.requestId,
          status,
          ...(provider === undefined ? {} : { statusUrl: provider.statusUrl, providerUrl: provider.url }),
        },
      },
    ],
    { kind: "decision", requestId: request.requestId, result: "recorded", status },
  );
}

function recordDecision(state: PurchaseState, status: CreditDecision, ctx: PurchaseContext): PurchaseDecisionResult {
  if (!DECISIONS.has(status)) return err("invalid-input", "A decision must be approved or rejected");
  if (state.purchase === null) return err("not-paid", "Credit has not been paid for yet");
  if (state.request === null) return err("request-not-found", "No credit request has been issued yet");
  return decide(state, state.request, status, "staff", ctx);
}

function applyCallback(state: PurchaseState, command: ApplyCallbackCommand, ctx: PurchaseContext): PurchaseDecisionResult {
  const { request } = state;
  if (request === null || request.requestId !== command.requestId || request.providerId !== command.providerId) {
    return err("request-not-found", `No credit request "${command.requestId}" for this provider`, { requestId: command.requestId });
  }
  if (command.status !== "pending" && !DECISIONS.has(command.status)) {
    return err("invalid-input", "A callback status must be pending, approved or rejected");
  }
  if (command.status === "pending") {
    return commit(state, [], [], { kind: "decision", requestId: request.requestId, result: "acknowledged", status: request.status });
  }
  return decide(state, request, command.status, "provider-callback", ctx);
}

function refund(state: PurchaseState, ctx: PurchaseContext): PurchaseDecisionResult {
  const { purchase } = state;
  if (purchase === null) return err("refund-not-allowed", "Nothing has been paid, so there is nothing to refund");
  if (state.request !== null) {
    return err("refund-not-allowed", "A credit request was already issued, so the purchase cannot be refunded", {
      requestId: state.request.requestId,
    });
  }
  return commit(
    state,
    [{ type: "refunded", at: ctx.now, paymentId: purchase.paymentId, checkoutId: purchase.checkoutId }],
    [
      {
        type: "refund-payment",
        paymentId: purchase.paymentId,
        amount: purchase.price.amount,
        currency: purchase.price.currency,
        idempotencyKey: `refund:${purchase.paymentId}`,
      },
    ],
    { kind: "refund", paymentId: purchase.paymentId },
  );
}

/**
 * Decides a purchase command (docs/rules.md §8): the events to store, the new state (their fold with
 * `applyPurchaseEvent`), the effects to run after storing, and the answer. Pure; never throws.
 *
 * Every refusal is an error value and changes nothing, except `duplicate-payment`: a second
 * successful payment is refused but its `payment-refund-requested` event and `refund-payment` effect
 * come with the failure so the money goes back.
 *
 * @param state - the purchase state.
 * @param command - the command (`record-checkout` after the gateway created a checkout).
 * @param ctx - now, policy, providers, eligibility and a fresh request id.
 * @returns the decision, or the reason it was refused.
 * @example
 * ```ts
 * import { decidePurchase, initialPurchaseState, parsePolicy, toProviderLookup } from "academic-credit";
 * const policy = parsePolicy({ courseId: "c", title: "T", requirements: [], offers: [] });
 * if (policy.ok) {
 *   const r = decidePurchase(initialPurchaseState, { type: "request-credit" }, {
 *     now: new Date("2026-07-01T12:00:00Z"), policy: policy.value, providers: toProviderLookup([]),
 *     eligibility: { granted: true, deadline: new Date("2027-06-30T23:59:00Z") },
 *   });
 *   if (!r.ok) r.error.code; // "not-paid"
 * }
 * ```
 */
export function decidePurchase(state: PurchaseState, command: PurchaseDecisionCommand, ctx: PurchaseContext): PurchaseDecisionResult {
  if (typeof command !== "object" || command === null) return err("invalid-input", "A purchase command must be an object");
  let type: unknown;
  try {
    type = command.type;
  } catch {
    return err("invalid-input", "A purchase command must be an object with a type");
  }
  if (typeof type === "string") {
    const unreadable = unreadableCommand(command, type);
    if (unreadable !== undefined) return unreadable;
  }
  switch (command.type) {
    case "record-checkout":
      return recordCheckout(state, command, ctx);
    case "payment-result":
      return paymentResult(state, command, ctx);
    case "request-credit":
      return requestCredit(state, ctx);
    case "record-decision":
      return recordDecision(state, command.status, ctx);
    case "apply-callback":
      return applyCallback(state, command, ctx);
    case "refund":
      return refund(state, ctx);
    default: {
      const unhandled: never = command;
      void unhandled;
      return err("invalid-input", "Unknown purchase command");
    }
  }
}

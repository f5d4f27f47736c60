import { evaluateEligibility } from "../eligibility/evaluate.js";
import type { CheckoutId, CourseId, LearnerId, ProviderId, RequestId } from "../ids/index.js";
import type { LearnerRecord } from "../journey/record.js";
import type { LearnerProfile, SignedCreditRequestForm } from "../ports/index.js";
import { verifyProviderCallback } from "../providers/callback.js";
import { parseCourseKey } from "../providers/course-key.js";
import type { Provider } from "../providers/model.js";
import { buildCreditRequestParameters, signCreditRequest } from "../providers/request.js";
import {
  decidePurchase,
  planCheckout,
  toProviderLookup,
  type PurchaseContext,
  type PurchaseDecision,
  type PurchaseDecisionCommand,
  type PurchaseEligibility,
  type PurchaseOutput,
} from "../purchase/index.js";
import { parseWith } from "../result/parse.js";
import { err, ok, type Result } from "../result/index.js";
import { attempt, mutate, type Loaded, type Plan, type ServiceContext } from "./context.js";
import { checkIds } from "./ids.js";
import { toOutbox } from "./messages.js";
import { paymentResultSchema, recordDecisionSchema, startCheckoutSchema } from "./schemas.js";

/** What `startCheckout` answers. */
export interface CheckoutStarted {
  readonly checkoutId: CheckoutId;
  /** `started` for a new checkout, `existing` when the idempotency key was seen before. */
  readonly result: "started" | "existing";
  readonly redirectUrl?: string;
}

/** What `requestCredit` answers: a signed form to POST, or a link to follow. */
export type CreditRequestAction =
  | ({ readonly kind: "form"; readonly reissued: boolean } & SignedCreditRequestForm)
  | { readonly kind: "link"; readonly providerId: ProviderId; readonly requestId: RequestId; readonly url: string; readonly reissued: boolean };

/** What a provider callback answers. */
export interface CallbackOutcome {
  readonly requestId: RequestId;
  readonly providerId: ProviderId;
  /** `recorded` (the decision was applied), `duplicate` or `acknowledged` (no change). */
  readonly result: "recorded" | "duplicate" | "acknowledged";
  readonly status: "pending" | "approved" | "rejected";
}

function eligibilityOf(record: LearnerRecord): PurchaseEligibility {
  return record.grant === undefined ? { granted: false } : { granted: true, deadline: record.grant.deadline };
}

async function purchaseContext(ctx: ServiceContext, loaded: Loaded, requestId?: RequestId): Promise<Result<{ pc: PurchaseContext; providers: readonly Provider[] }>> {
  const providers = await attempt("catalog", () => ctx.ports.catalog.providers());
  if (!providers.ok) return providers;
  const pc: PurchaseContext = {
    now: loaded.now,
    policy: loaded.policy,
    providers: toProviderLookup(providers.value),
    eligibility: eligibilityOf(loaded.record),
    ...(requestId === undefined ? {} : { requestId }),
  };
  return ok({ pc, providers: providers.value });
}

/** Internal: runs a purchase decision and turns it into a plan (a refused duplicate payment still stores its refund). */
function planFromDecision<T>(
  loaded: Loaded,
  command: PurchaseDecisionCommand,
  pc: PurchaseContext,
  providers: readonly Provider[],
  answer: (output: PurchaseOutput) => Result<T>,
): Plan<T> {
  const d = decidePurchase(loaded.record.purchase, command, pc);
  if (!d.ok) {
    const events = d.events ?? [];
    if (events.length === 0) return { kind: "answer", result: { ok: false, error: d.error } };
    return { kind: "write", events, outbox: toOutbox(d.effects ?? [], loaded.policy, loaded.learner, providers), result: { ok: false, error: d.error } };
  }
  return writePlan(loaded, d.value, providers, answer(d.value.output));
}

/** The write of an accepted purchase decision, with the credit requests it issues. */
function writePlan<T>(loaded: Loaded, decision: PurchaseDecision, providers: readonly Provider[], result: Result<T>): Plan<T> {
  const requests = decision.events.flatMap((e) => (e.type === "credit-requested" ? [{ requestId: e.requestId, providerId: e.providerId }] : []));
  return { kind: "write", events: decision.events, outbox: toOutbox(decision.effects, loaded.policy, loaded.learner, providers), requests, result };
}

/**
 * A purchase command whose answer is the decision's output (`payment-result`, `record-decision`,
 * `refund`): ids checked, then the decision, retried on version conflicts by `mutate`.
 */
async function purchaseCommand(
  ctx: ServiceContext,
  learnerId: LearnerId,
  courseId: CourseId,
  command: Result<PurchaseDecisionCommand>,
  freshRequestId = false,
): Promise<Result<PurchaseOutput>> {
  const ids = checkIds(learnerId, courseId);
  if (!ids.ok) return ids;
  if (!command.ok) return command;
  return mutate(ctx, learnerId, courseId, async (loaded) => {
    const c = await purchaseContext(ctx, loaded, freshRequestId ? ctx.ports.ids.requestId() : undefined);
    if (!c.ok) return { kind: "answer", result: c };
    return planFromDecision(loaded, command.value, c.value.pc, c.value.providers, ok);
  });
}

export async function startCheckout(ctx: ServiceContext, learnerId: LearnerId, courseId: CourseId, input: unknown): Promise<Result<CheckoutStarted>> {
  const ids = checkIds(learnerId, courseId);
  if (!ids.ok) return ids;
  const parsed = parseWith(startCheckoutSchema, input, "start-checkout command");
  if (!parsed.ok) return parsed;
  const command = { type: "start-checkout" as const, ...parsed.value };
  return mutate<CheckoutStarted>(ctx, learnerId, courseId, async (loaded) => {
    const c = await purchaseContext(ctx, loaded);
    if (!c.ok) return { kind: "answer", result: c };
    const plan = planCheckout(loaded.record.purchase, command, c.value.pc);
    if (!plan.ok) return { kind: "answer", result: plan };
    if (plan.value.kind === "existing") return { kind: "answer", result: ok({ checkoutId: plan.value.checkoutId, result: "existing" }) };
    const { offer } = plan.value;
    const created = await attempt("payment gateway", () =>
      ctx.ports.payments.createCheckout({
        learnerId,
        courseId,
        providerId: offer.providerId,
        method: command.method,
        price: offer.price,
        idempotencyKey: `checkout:${courseId}:${learnerId}:${command.idempotencyKey}`,
      }),
    );
    if (!created.ok) return { kind: "answer", result: created };
    const redirect = created.value.redirectUrl;
    return planFromDecision(
      loaded,
      { type: "record-checkout", checkoutId: created.value.checkoutId, providerId: command.providerId, method: command.method, idempotencyKey: command.idempotencyKey },
      c.value.pc,
      c.value.providers,
      (): Result<CheckoutStarted> => ok({ checkoutId: created.value.checkoutId, result: "started", ...(redirect === undefined ? {} : { redirectUrl: redirect }) }),
    );
  });
}

/** Internal: `payment-result` (DOMAIN.md §8). */
export async function recordPaymentResult(
  ctx: ServiceContext,
  learnerId: LearnerId,
  courseId: CourseId,
  input: unknown,
): Promise<Result<PurchaseOutput>> {
  const parsed = parseWith(paymentResultSchema, input, "payment-result command");
  return purchaseCommand(ctx, learnerId, courseId, parsed.ok ? ok({ type: "payment-result", ...parsed.value }) : parsed, true);
}

function signingInput(loaded: Loaded, requestId: RequestId, issuedAt: Date) {
  const evaluation = evaluateEligibility(loaded.policy, loaded.record, loaded.now);
  const course = parseCourseKey(loaded.policy.courseId);
  if (!course.ok) return course;
  return ok(
    buildCreditRequestParameters({
      requestId,
      now: issuedAt,
      course: course.value,
      enrolledAt: loaded.record.enrollment.enrolledAt,
      eligibleAt: loaded.record.grant?.at,
      finalGrade: evaluation.finalGrade,
      learner: learnerForRequest(loaded.learner),
    }),
  );
}

function learnerForRequest(l: LearnerProfile) {
  return { username: l.username, email: l.email, fullName: l.fullName, country: l.country };
}

/** Internal: builds and signs the credit request form of a provider. Never exposes the key. */
export async function signedForm(
  ctx: ServiceContext,
  loaded: Loaded,
  provider: Provider,
  requestId: RequestId,
  issuedAt: Date,
): Promise<Result<SignedCreditRequestForm>> {
  const params = signingInput(loaded, requestId, issuedAt);
  if (!params.ok) return params;
  const keys = await attempt("provider keys", () => ctx.ports.keys.keysOf(provider.id));
  if (!keys.ok) return keys;
  const signed = await signCreditRequest(params.value, keys.value, ctx.options.callback?.hmac === undefined ? {} : { hmac: ctx.options.callback.hmac });
  if (!signed.ok) return signed;
  return ok({ providerId: provider.id, requestId, url: provider.url, parameters: signed.value });
}

/** Internal: "Complete Credit" (DOMAIN.md §8 `request-credit`). */
export async function requestCredit(ctx: ServiceContext, learnerId: LearnerId, courseId: CourseId): Promise<Result<CreditRequestAction>> {
  const ids = checkIds(learnerId, courseId);
  if (!ids.ok) return ids;
  return mutate(ctx, learnerId, courseId, async (loaded) => {
    const c = await purchaseContext(ctx, loaded, ctx.ports.ids.requestId());
    if (!c.ok) return { kind: "answer", result: c };
    const d = decidePurchase(loaded.record.purchase, { type: "request-credit" }, c.value.pc);
    if (!d.ok) return { kind: "answer", result: { ok: false, error: d.error } };
    const output = d.value.output;
    let answer: Result<CreditRequestAction>;
    if (output.kind === "form") {
      const provider = c.value.pc.providers(output.providerId);
      if (provider === undefined) return { kind: "answer", result: err("unknown-provider", `Unknown credit provider "${output.providerId}"`) };
      const form = await signedForm(ctx, loaded, provider, output.requestId, output.issuedAt);
      if (!form.ok) return { kind: "answer", result: form };
      answer = ok({ kind: "form", reissued: output.reissued, ...form.value });
    } else if (output.kind === "link") {
      answer = ok({ kind: "link", providerId: output.providerId, requestId: output.requestId, url: output.url, reissued: output.reissued });
    } else {
      return { kind: "answer", result: err("invalid-input", "Unexpected purchase output for request-credit") };
    }
    return writePlan(loaded, d.value, c.value.providers, answer);
  });
}

/** Internal: `record-decision` (trusted staff/host command). */
export async function recordDecision(ctx: ServiceContext, learnerId: LearnerId, courseId: CourseId, input: unknown): Promise<Result<PurchaseOutput>> {
  const parsed = parseWith(recordDecisionSchema, input, "record-decision command");
  return purchaseCommand(ctx, learnerId, courseId, parsed.ok ? ok({ type: "record-decision", status: parsed.value.status }) : parsed);
}

/** Internal: `refund` (DOMAIN.md §8). */
export async function refund(ctx: ServiceContext, learnerId: LearnerId, courseId: CourseId): Promise<Result<PurchaseOutput>> {
  return purchaseCommand(ctx, learnerId, courseId, ok({ type: "refund" }));
}

/** Internal: a provider's signed callback (DOMAIN.md §9), verified then applied. */
export async function handleProviderCallback(ctx: ServiceContext, providerId: string, body: unknown): Promise<Result<CallbackOutcome>> {
  const { catalog, store, keys, clock } = ctx.ports;
  let location: Awaited<ReturnType<typeof store.findRequest>>;
  let verified;
  try {
    verified = await verifyProviderCallback(
      body,
      {
        providerId,
        findProvider: (id) => catalog.provider(id),
        keys: (id) => keys.keysOf(id),
        findRequest: async (requestId) => {
          location = await store.findRequest(requestId);
          if (location === undefined) return undefined;
          const stored = await store.load(location.learnerId, location.courseId);
          let status: "pending" | "approved" | "rejected" | undefined;
          for (const e of stored.events) {
            if (e.type === "credit-requested" && e.requestId === requestId) status ??= "pending";
            if (e.type === "credit-decided" && e.requestId === requestId) status = e.status;
          }
          return status === undefined ? undefined : { providerId: location.providerId, status };
        },
        now: clock.now(),
      },
      ctx.options.callback ?? {},
    );
  } catch (cause) {
    return err("unavailable", "A port failed while verifying the callback", { cause: cause instanceof Error ? cause.name : "unknown" });
  }
  if (!verified.ok) return verified;
  const v = verified.value;
  if (v.outcome !== "apply" || location === undefined) {
    return ok({ requestId: v.requestId, providerId: v.providerId, result: v.outcome === "apply" ? "recorded" : v.outcome, status: v.status });
  }
  const { learnerId, courseId } = location;
  return mutate(ctx, learnerId, courseId, async (loaded) => {
    const c = await purchaseContext(ctx, loaded);
    if (!c.ok) return { kind: "answer", result: c };
    return planFromDecision(loaded, { type: "apply-callback", requestId: v.requestId, status: v.status, providerId: v.providerId }, c.value.pc, c.value.providers, (o) =>
      o.kind === "decision"
        ? ok({ requestId: v.requestId, providerId: v.providerId, result: o.result, status: o.status })
        : err("invalid-input", "Unexpected purchase output for a provider callback"),
    );
  });
}


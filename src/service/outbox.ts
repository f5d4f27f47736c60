import type { OutboxMessage } from "../ports/index.js";
import { replay } from "../journey/record.js";
import { ok, type Result } from "../result/index.js";
import { attempt, type Loaded, type ServiceContext } from "./context.js";
import { signedForm } from "./commands.js";
import { messageRef, notify, startTimer, type OutboxFailureCode } from "./observe.js";

/** What one `dispatchOutbox` call did. */
export interface DispatchReport {
  /** Messages claimed and tried. */
  readonly attempted: number;
  readonly delivered: number;
  readonly failed: number;
  /**
   * Claimed messages handed back untried because `signal` aborted (due again at once; with the
   * store's `releaseOutbox`, no attempt is counted); absent when none.
   */
  readonly released?: number;
}

/** Options of one `dispatchOutbox` call. */
export interface DispatchOptions {
  /**
   * Stops the call after the message being delivered: the rest of the claimed batch is handed
   * back untried (due again at once, for this or another dispatcher), so a clean stop never sends
   * a message twice and leaves none waiting for its lease to end.
   */
  readonly signal?: AbortSignal;
}

const defaultBackoff = (attempts: number): number => Math.min(1000 * 2 ** Math.max(0, attempts - 1), 3_600_000);

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`timed out after ${ms} ms`), { name: "TimeoutError" })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function deliver(ctx: ServiceContext, m: OutboxMessage): Promise<void> {
  const { payload } = m;
  switch (payload.kind) {
    case "email":
      await ctx.ports.mailer.send(payload.email);
      return;
    case "refund":
      await ctx.ports.payments.refund({ ...payload.refund, idempotencyKey: m.idempotencyKey });
      return;
    case "credit-request": {
      const sender = ctx.ports.creditRequests;
      if (sender === undefined) return;
      const provider = await ctx.ports.catalog.provider(payload.request.providerId);
      const policy = await ctx.ports.catalog.policy(m.courseId);
      const learner = await ctx.ports.catalog.learner(m.learnerId);
      if (provider === undefined || policy === undefined || learner === undefined) throw failure("not-in-catalog", "provider, course or learner no longer in the catalog");
      const stored = await ctx.ports.store.load(m.learnerId, m.courseId);
      const now = ctx.ports.clock.now();
      const loaded: Loaded = { record: replay(m.learnerId, m.courseId, stored.events), policy, learner, version: stored.version, now };
      const form = await signedForm(ctx, loaded, provider, payload.request.requestId, now);
      if (!form.ok) throw failure("signing-failed", form.error.code);
      await sender.send(form.value);
      return;
    }
    default: {
      const never: never = payload;
      return never;
    }
  }
}

function failure(code: OutboxFailureCode, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** The observation code of a delivery failure. */
function failureCode(cause: unknown): OutboxFailureCode {
  if (!(cause instanceof Error)) return "port-error";
  if (cause.name === "TimeoutError") return "timeout";
  const code = (cause as { readonly code?: unknown }).code;
  return code === "not-in-catalog" || code === "signing-failed" ? code : "port-error";
}

function describe(cause: unknown): string {
  const text = cause instanceof Error ? `${cause.name}: ${cause.message}` : "non-error thrown";
  return text.replace(/[0-9a-fA-F]{64}/g, "[redacted]").slice(0, 300);
}

/**
 * Internal: claims due outbox messages and delivers each at least once (mail, refunds, automatic
 * credit requests). A failure or a hang (timeout) records the attempt and schedules a retry with
 * back-off; a crash leaves the claim to expire so another dispatcher retries it.
 */
export async function dispatchOutbox(ctx: ServiceContext, options: DispatchOptions = {}): Promise<Result<DispatchReport>> {
  const o = ctx.options.outbox ?? {};
  const now = ctx.ports.clock.now();
  const batchSize = o.batchSize ?? 100;
  const leaseMs = o.leaseMs ?? batchSize * (o.timeoutMs ?? 30_000) + 60_000;
  const claimed = await attempt("store", () => ctx.ports.store.claimOutbox(now, batchSize, new Date(now.getTime() + leaseMs)));
  if (!claimed.ok) return claimed;
  let delivered = 0;
  let failed = 0;
  let released = 0;
  for (const m of claimed.value) {
    if (options.signal?.aborted === true) {
      const { store } = ctx.ports;
      const handedBack = await attempt("store", () => (store.releaseOutbox === undefined ? store.markFailed(m.id, "not tried: the dispatcher stopped", now) : store.releaseOutbox(m.id)));
      if (!handedBack.ok) return handedBack;
      released++;
      continue;
    }
    const ref = messageRef(m);
    notify(ctx.options, { type: "outbox-attempt", ...ref });
    const elapsed = startTimer(ctx.options);
    try {
      await withTimeout(deliver(ctx, m), o.timeoutMs ?? 30_000);
    } catch (cause) {
      failed++;
      const retryAt = new Date(now.getTime() + (o.backoffMs ?? defaultBackoff)(m.attempts + 1));
      notify(ctx.options, { type: "outbox-failed", ...ref, errorCode: failureCode(cause), retryAt: retryAt.toISOString(), durationMs: elapsed() });
      const marked = await attempt("store", () => ctx.ports.store.markFailed(m.id, describe(cause), retryAt));
      if (!marked.ok) return marked;
      continue;
    }
    notify(ctx.options, { type: "outbox-delivered", ...ref, durationMs: elapsed() });
    const marked = await attempt("store", () => ctx.ports.store.markDelivered(m.id, ctx.ports.clock.now()));
    if (!marked.ok) return marked;
    delivered++;
  }
  return ok({ attempted: claimed.value.length - released, delivered, failed, ...(released === 0 ? {} : { released }) });
}

import type { OutboxMessage } from "../ports/index.js";
import { replay } from "../journey/record.js";
import { ok, type Result } from "../result/index.js";
import { attempt, type Loaded, type ServiceContext } from "./context.js";
import { signedForm } from "./commands.js";

/** What one `dispatchOutbox` call did. */
export interface DispatchReport {
  /** Messages claimed and tried. */
  readonly attempted: number;
  readonly delivered: number;
  readonly failed: number;
}

const defaultBackoff = (attempts: number): number => Math.min(1000 * 2 ** Math.max(0, attempts - 1), 3_600_000);

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
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
      if (provider === undefined || policy === undefined || learner === undefined) throw new Error("provider, course or learner no longer in the catalog");
      const stored = await ctx.ports.store.load(m.learnerId, m.courseId);
      const now = ctx.ports.clock.now();
      const loaded: Loaded = { record: replay(m.learnerId, m.courseId, stored.events), policy, learner, version: stored.version, now };
      const form = await signedForm(ctx, loaded, provider, payload.request.requestId, now);
      if (!form.ok) throw new Error(form.error.code);
      await sender.send(form.value);
      return;
    }
    default: {
      const never: never = payload;
      return never;
    }
  }
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
export async function dispatchOutbox(ctx: ServiceContext): Promise<Result<DispatchReport>> {
  const o = ctx.options.outbox ?? {};
  const now = ctx.ports.clock.now();
  const batchSize = o.batchSize ?? 100;
  const leaseMs = o.leaseMs ?? batchSize * (o.timeoutMs ?? 30_000) + 60_000;
  const claimed = await attempt("store", () => ctx.ports.store.claimOutbox(now, batchSize, new Date(now.getTime() + leaseMs)));
  if (!claimed.ok) return claimed;
  let delivered = 0;
  let failed = 0;
  for (const m of claimed.value) {
    try {
      await withTimeout(deliver(ctx, m), o.timeoutMs ?? 30_000);
    } catch (cause) {
      failed++;
      const retryAt = new Date(now.getTime() + (o.backoffMs ?? defaultBackoff)(m.attempts + 1));
      const marked = await attempt("store", () => ctx.ports.store.markFailed(m.id, describe(cause), retryAt));
      if (!marked.ok) return marked;
      continue;
    }
    const marked = await attempt("store", () => ctx.ports.store.markDelivered(m.id, ctx.ports.clock.now()));
    if (!marked.ok) return marked;
    delivered++;
  }
  return ok({ attempted: claimed.value.length, delivered, failed });
}

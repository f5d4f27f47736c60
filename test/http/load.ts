import { expect } from "vitest";
import { createCreditService, parsePolicy, parseProviders, toCourseId, toLearnerId, type CreditStore, type LearnerProfile } from "academic-credit";
import {
  createManualClock, createMemoryCatalog, createMemoryMailer, createMemoryPaymentGateway, createMemoryProviderKeys, createRandomIds,
} from "academic-credit/adapters/memory";
import { createCreditHandler } from "academic-credit/http";
import { policyInput, providersInput } from "../service/harness.js";
import { LMS_TOKEN, PAYMENT_TOKEN, listen, signedCallback } from "./helpers.js";

const PRICES: Record<string, number> = { asu: 60000, hogwarts: 45000 };

/** Runs `tasks` all at once and answers their results in order. */
const all = <T>(tasks: (() => Promise<T>)[]): Promise<T[]> => Promise.all(tasks.map((t) => t()));

/**
 * The load scenario of the HTTP handler over a store: 50 learners made eligible through the LMS
 * webhook, 200 concurrent checkouts (4 per learner, both providers), 200 concurrent payment
 * webhooks (every checkout succeeds), the refunds delivered, then "Complete Credit" and 200
 * concurrent provider callbacks (4 per learner: 3 approvals and a pending, the pending one either
 * before or after the decision). Checks: no lost event,
 * one purchase per learner, every duplicate refunded once, one decision per learner.
 */
export async function runLoad(store: CreditStore, learnerCount = 50): Promise<{ checkoutsPerSecond: number; callbacksPerSecond: number }> {
  const policy = parsePolicy(policyInput);
  // Both providers take signed requests here, so every learner gets callbacks whichever payment wins.
  const providers = parseProviders(providersInput.map((p) => ({ ...p, integration: "signed-request" })));
  if (!policy.ok || !providers.ok) throw new Error("bad fixture");
  const course = toCourseId(policy.value.courseId);
  const learners: LearnerProfile[] = Array.from({ length: learnerCount }, (_, i) => ({
    id: toLearnerId(`l${i + 1}`),
    username: `learner${i + 1}`,
    email: `l${i + 1}@example.org`,
    fullName: `Learner ${i + 1}`,
  }));
  const catalog = createMemoryCatalog({ policies: [policy.value], providers: providers.value, learners });
  const payments = createMemoryPaymentGateway();
  const mailer = createMemoryMailer();
  const clock = createManualClock(new Date("2026-01-10T09:00:00Z"));
  const service = createCreditService(
    { store, payments, mailer, clock, ids: createRandomIds(), keys: createMemoryProviderKeys({ asu: ["first-secret"], hogwarts: ["hogwarts-secret"] }), catalog },
    { maxRetries: 200 },
  );
  const handler = createCreditHandler(service, {
    catalog,
    clock,
    authenticate: (r) => (r.headers.get("x-learner") ? { learnerId: r.headers.get("x-learner")! } : undefined),
    authorizeWebhook: (r, { kind }) => r.headers.get("authorization") === `Bearer ${kind === "lms" ? LMS_TOKEN : PAYMENT_TOKEN}`,
  });
  const server = await listen(handler);
  const api = `${server.url}/api/credit/v1`;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${api}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const lms = (learnerId: string, event: unknown) => post("/webhooks/lms/", { learnerId, courseId: course, event }, { authorization: `Bearer ${LMS_TOKEN}` });
  const expectStatus = async (res: Promise<Response>, status: number) => {
    const r = await res;
    if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${await r.text()}`);
    return r.json() as Promise<Record<string, unknown>>;
  };

  try {
    const phase = async (iso: string, events: unknown[]) => {
      clock.set(new Date(iso));
      await all(learners.map((l) => async () => {
        for (const e of events) await expectStatus(lms(l.id, e), 200);
      }));
    };
    await phase("2026-01-10T09:00:00Z", [{ type: "enrolled", mode: "verified" }, { type: "initial-verification", result: "approved" }]);
    await phase("2026-05-01T10:00:00Z", [{ type: "grade-updated", grade: 0.85 }]);
    await phase("2026-06-01T10:00:00Z", [{ type: "exam-attempt", examId: "final-exam", status: "submitted" }, { type: "exam-graded", examId: "final-exam", score: 0.7 }]);
    await phase("2026-06-03T08:00:00Z", [{ type: "exam-reviewed", examId: "final-exam", result: "clean", reviewer: "automated" }]);
    clock.set(new Date("2026-07-01T12:00:00Z"));

    // 200 concurrent checkouts: 4 per learner, alternating providers, each with its own key.
    const t0 = performance.now();
    const checkoutTasks = learners.flatMap((l) =>
      [0, 1, 2, 3].map((k) => async () => {
        const providerId = k % 2 === 0 ? "asu" : "hogwarts";
        const body = await expectStatus(
          fetch(`${api}/learner/courses/${encodeURIComponent(course)}/checkout/`, {
            method: "POST",
            headers: { "content-type": "application/json", "x-learner": l.id },
            body: JSON.stringify({ providerId, method: "card", idempotencyKey: `key-${k}` }),
          }),
          201,
        );
        return { learnerId: l.id, providerId, checkoutId: String(body.checkoutId), k };
      }),
    );
    const checkouts = await all(checkoutTasks);
    const checkoutMs = performance.now() - t0;
    expect(new Set(checkouts.map((c) => c.checkoutId)).size).toBe(4 * learnerCount);

    // 200 concurrent payment webhooks: every checkout succeeds; one purchase per learner, the rest refused and refunded.
    const results = await all(
      checkouts.map((c) => async () => {
        const res = await post(
          "/webhooks/payments/",
          { learnerId: c.learnerId, courseId: course, checkoutId: c.checkoutId, outcome: "succeeded", paymentId: `pay-${c.learnerId}-${c.k}`, amount: PRICES[c.providerId], currency: "USD" },
          { authorization: `Bearer ${PAYMENT_TOKEN}` },
        );
        const body = (await res.json()) as { code?: string };
        return { ...c, status: res.status, code: body.code };
      }),
    );
    for (const l of learners) {
      const mine = results.filter((r) => r.learnerId === l.id);
      expect(mine.filter((r) => r.status === 200)).toHaveLength(1);
      expect(mine.filter((r) => r.status === 409 && r.code === "duplicate-payment")).toHaveLength(3);
    }
    // The outbox delivers each refund; a second pass sends nothing again.
    for (let i = 0; i < 10; i++) {
      const d = await service.dispatchOutbox();
      if (!d.ok) throw new Error(JSON.stringify(d));
    }
    const refunded = payments.refunds.map((r) => r.paymentId);
    expect(refunded).toHaveLength(3 * learnerCount);
    expect(new Set(refunded).size).toBe(3 * learnerCount);
    const winners = new Set(results.filter((r) => r.status === 200).map((r) => `pay-${r.learnerId}-${r.k}`));
    for (const p of refunded) expect(winners.has(p)).toBe(false);

    // Every learner completes credit at the provider whose payment won.
    const requests = await all(
      learners.map((l) => async () => {
        const body = (await expectStatus(
          fetch(`${api}/learner/courses/${encodeURIComponent(course)}/request/`, { method: "POST", headers: { "x-learner": l.id } }),
          200,
        )) as { kind: string; requestId: string; providerId: string };
        expect(body.kind).toBe("form");
        return { learnerId: l.id, ...body };
      }),
    );

    // 200 concurrent callbacks, 4 per learner: 3 approvals (one recorded, two duplicates) and a pending.
    const now = clock.now();
    const callbackTasks = requests.flatMap((r) =>
      [0, 1, 2, 3].map((i) => async () => {
        const key = r.providerId === "asu" ? "first-secret" : "hogwarts-secret";
        const res = await post(`/providers/${r.providerId}/callback/`, signedCallback(r.requestId, i === 3 ? "pending" : "approved", now, key));
        return { ...r, status: res.status, body: (await res.json()) as { result: string } };
      }),
    );
    const t1 = performance.now();
    const callbacks = await all(callbackTasks);
    const callbackMs = performance.now() - t1;
    expect(callbacks).toHaveLength(4 * learnerCount);
    expect(callbacks.filter((c) => c.status !== 200)).toEqual([]);
    for (const r of requests) {
      const mine = callbacks.filter((c) => c.requestId === r.requestId);
      expect(mine.filter((c) => c.body.result === "recorded")).toHaveLength(1);
      expect(mine.filter((c) => c.body.result === "duplicate")).toHaveLength(2);
      expect(mine.filter((c) => c.body.result === "acknowledged")).toHaveLength(1);
    }

    // No lost event: every learner's log holds what the requests did.
    for (const l of learners) {
      const state = await service.getState(l.id, course);
      if (!state.ok) throw new Error(JSON.stringify(state));
      const { record } = state.value;
      expect(record.purchase.checkouts).toHaveLength(4);
      expect(record.purchase.purchase).not.toBeNull();
      const decided = (await store.load(l.id, course)).events.filter((e) => e.type === "credit-decided");
      expect(decided).toHaveLength(1);
      expect(state.value.dashboard.status).toBe("approved");
    }
    return {
      checkoutsPerSecond: Math.round((checkouts.length / checkoutMs) * 1000),
      callbacksPerSecond: Math.round((callbacks.length / callbackMs) * 1000),
    };
  } finally {
    await server.close();
  }
}

import { expect } from "vitest";
import {
  createManualClock,
  createMemoryCatalog,
  createMemoryMailer,
  createMemoryPaymentGateway,
  createMemoryProviderKeys,
  createSequentialIds,
} from "academic-credit/adapters/memory";
import { createCreditService, parsePolicy, parseProviders, signEdxV1, type CreditStore, type LearnerId } from "academic-credit";
import { ADA, COURSE, ada, policyInput, providersInput } from "./harness.js";

/** The harness service over `store`, with a catalog that forgets learners once the host erased them. */
export function retirementWiring(store: CreditStore) {
  const policy = parsePolicy(policyInput);
  const providers = parseProviders(providersInput);
  if (!policy.ok || !providers.ok) throw new Error("bad fixture");
  const clock = createManualClock(new Date("2026-01-10T09:00:00Z"));
  const memory = createMemoryCatalog({ policies: [policy.value], providers: providers.value, learners: [ada, { ...ada, id: "7" as LearnerId, email: "grace@example.org", fullName: "Grace Hopper", username: "grace" }] });
  const forgotten = new Set<LearnerId>();
  const catalog = { ...memory, learner: async (id: LearnerId) => (forgotten.has(id) ? undefined : memory.learner(id)) };
  const mailer = createMemoryMailer();
  const service = createCreditService({
    store,
    payments: createMemoryPaymentGateway(),
    mailer,
    clock,
    ids: createSequentialIds(),
    keys: createMemoryProviderKeys({ asu: ["first-secret"] }),
    catalog,
  });
  const at = (iso: string) => clock.set(new Date(iso));
  return { service, store, mailer, catalog: memory, forget: (id: LearnerId) => forgotten.add(id), at };
}

function must<T extends { ok: boolean }>(r: T): T & { ok: true } {
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r as T & { ok: true };
}

/** Everything the store holds about a learner in the harness course, as JSON text. */
async function dump(store: CreditStore, learnerId: LearnerId): Promise<string> {
  return JSON.stringify([await store.load(learnerId, COURSE), await store.listOutbox(learnerId, COURSE)]);
}

/**
 * The retirement journey: a learner pays, requests credit and is retired with an email still
 * queued; nothing personal is left, the facts are, later queries and callbacks still work, no
 * email is queued for them again, and a second retirement changes nothing.
 */
export async function retirementJourney(store: CreditStore): Promise<void> {
  const w = retirementWiring(store);
  const grace = "7" as LearnerId;
  for (const learner of [ADA, grace]) {
    w.at("2026-01-10T09:00:00Z");
    must(await w.service.enroll(learner, COURSE, { mode: "verified" }));
    must(await w.service.recordInitialVerification(learner, COURSE, { result: "approved" }));
    must(await w.service.updateGrade(learner, COURSE, { grade: 0.85 }, { eventId: `grade-${learner}` }));
    w.at("2026-06-01T10:00:00Z");
    must(await w.service.recordEvent(learner, COURSE, { type: "exam-attempt", examId: "final-exam", status: "submitted" }));
    must(await w.service.recordEvent(learner, COURSE, { type: "exam-graded", examId: "final-exam", score: 0.7 }));
    w.at("2026-06-03T08:00:00Z");
    must(await w.service.recordEvent(learner, COURSE, { type: "exam-reviewed", examId: "final-exam", result: "clean", reviewer: "automated" }));
  }
  must(await w.service.dispatchOutbox());
  w.at("2026-07-01T12:00:00Z");
  const checkout = must(await w.service.startCheckout(ADA, COURSE, { providerId: "asu", method: "card", idempotencyKey: "k1" }));
  must(await w.service.recordPaymentResult(ADA, COURSE, { checkoutId: checkout.value.checkoutId, outcome: "succeeded", paymentId: "pay-1", amount: 60000, currency: "USD" }));
  const form = must(await w.service.requestCredit(ADA, COURSE));
  const before = must(await w.service.getState(ADA, COURSE)).value;
  expect(await dump(store, ADA)).toContain("ada@example.org");

  w.at("2026-07-02T12:00:00Z");
  const report = must(await w.service.retireLearner(ADA));
  expect(report.value).toEqual({ retiredAt: new Date("2026-07-02T12:00:00Z"), courses: [COURSE], outboxRemoved: 1, outboxScrubbed: 1 });
  w.forget(ADA);
  const after = await dump(store, ADA);
  for (const personal of ["ada@example.org", "Ada Lovelace", "Europe/London"]) expect(after, `"${personal}" is still stored`).not.toContain(personal);
  // The audit facts stay: the payment, the request id and status, the grade, the dates.
  const state = must(await w.service.getState(ADA, COURSE)).value;
  expect(state.record).toEqual(before.record);
  expect(state.purchase).toEqual(before.purchase);
  expect(must(await w.service.creditRequests(ADA)).value.map((r) => [r.requestId, r.status])).toEqual([[form.value.requestId, "pending"]]);
  expect(must(await w.service.progress(ADA, COURSE)).value.status).toBe("eligible");
  must(await w.service.dashboard(ADA));
  // Grace is untouched.
  expect(await dump(store, "7" as LearnerId)).toContain("grace@example.org");

  // A provider still decides; the decision is recorded, and no email is queued for the retired learner.
  w.at("2026-07-09T09:00:00Z");
  const body = { request_uuid: form.value.requestId, status: "approved", timestamp: String(Math.floor(Date.parse("2026-07-09T08:59:00Z") / 1000)) };
  const decided = must(await w.service.handleProviderCallback("asu", { ...body, signature: await signEdxV1(body, "first-secret") }));
  expect(decided.value.result).toBe("recorded");
  must(await w.service.updateGrade(ADA, COURSE, { grade: 0.95 }, { eventId: `grade-${ADA}` }));
  expect(await dump(store, ADA)).not.toContain("ada@example.org");
  expect((await store.listOutbox(ADA, COURSE)).map((m) => m.payload.kind)).toEqual(["email"]);
  expect(must(await w.service.creditRequests(ADA)).value.map((r) => r.status)).toEqual(["approved"]);
  const sent = w.mailer.delivered.length;
  must(await w.service.dispatchOutbox());
  expect(w.mailer.delivered.slice(sent).map((m) => m.to)).toEqual([]);

  const again = must(await w.service.retireLearner(ADA));
  expect(again.value).toEqual({ retiredAt: new Date("2026-07-02T12:00:00Z"), courses: [COURSE], outboxRemoved: 0, outboxScrubbed: 0 });
}

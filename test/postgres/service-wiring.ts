import {
  createManualClock,
  createMemoryCatalog,
  createMemoryMailer,
  createMemoryPaymentGateway,
  createMemoryProviderKeys,
  createSequentialIds,
} from "academic-credit/adapters/memory";
import { createCreditService, parsePolicy, parseProviders, type CreditServiceOptions, type CreditStore, type LearnerId, type Mailer } from "academic-credit";
import { ADA, COURSE, ada, policyInput, providersInput } from "../service/harness.js";

export { ADA, COURSE, ada };

/** The service of test/service/harness.ts, wired to the given store (and optionally mailer). */
export function wire(store: CreditStore, options: { service?: CreditServiceOptions; mailer?: Mailer; seed?: number; learners?: readonly LearnerId[] } = {}) {
  const policy = parsePolicy(policyInput);
  const providers = parseProviders(providersInput);
  if (!policy.ok || !providers.ok) throw new Error("bad fixture");
  const payments = createMemoryPaymentGateway();
  const memoryMailer = createMemoryMailer();
  const mailer = options.mailer ?? memoryMailer;
  const clock = createManualClock(new Date("2026-01-10T09:00:00Z"));
  const ids = createSequentialIds(options.seed ?? 0);
  const keys = createMemoryProviderKeys({ asu: ["first-secret", "older-secret"] });
  const learners = (options.learners ?? [ADA]).map((id) => ({ ...ada, id, username: `user-${id}`, email: `${id}@example.org` }));
  const catalog = createMemoryCatalog({ policies: [policy.value], providers: providers.value, learners });
  const service = createCreditService({ store, payments, mailer, clock, ids, keys, catalog }, options.service);
  const at = (iso: string) => clock.set(new Date(iso));
  return { service, store, payments, mailer: memoryMailer, clock, at };
}

export type Wired = ReturnType<typeof wire>;

function must<T extends { ok: boolean }>(r: T): T {
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r;
}

/** Takes a learner to eligibility (June 3), as test/service/harness.ts does. */
export async function makeEligible(w: Wired, learner: LearnerId = ADA): Promise<void> {
  w.at("2026-01-10T09:00:00Z");
  must(await w.service.enroll(learner, COURSE, { mode: "verified" }));
  must(await w.service.recordInitialVerification(learner, COURSE, { result: "approved" }));
  w.at("2026-05-01T10:00:00Z");
  must(await w.service.updateGrade(learner, COURSE, { grade: 0.85 }));
  w.at("2026-06-01T10:00:00Z");
  must(await w.service.recordEvent(learner, COURSE, { type: "exam-attempt", examId: "final-exam", status: "submitted" }));
  must(await w.service.recordEvent(learner, COURSE, { type: "exam-graded", examId: "final-exam", score: 0.7 }));
  w.at("2026-06-03T08:00:00Z");
  must(await w.service.recordEvent(learner, COURSE, { type: "exam-reviewed", examId: "final-exam", result: "clean", reviewer: "automated" }));
}

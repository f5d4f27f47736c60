import {
  createManualClock,
  createMemoryCatalog,
  createMemoryMailer,
  createMemoryPaymentGateway,
  createMemoryProviderKeys,
  createMemoryStore,
  createSequentialIds,
} from "../../src/adapters/memory/index.js";
import { toCourseId, toLearnerId } from "../../src/ids/index.js";
import type { CoursePolicyInput } from "../../src/policy/schema.js";
import { parsePolicy } from "../../src/policy/schema.js";
import { parseProviders } from "../../src/providers/index.js";
import { createCreditService, type CreditServiceOptions } from "../../src/service/index.js";
import type { LearnerProfile } from "../../src/ports/index.js";

export const COURSE = toCourseId("course-v1:MITx+6.002x+2026_T1");
export const ADA = toLearnerId("42");

export const policyInput: CoursePolicyInput = {
  courseId: COURSE,
  title: "Circuits and Electronics",
  endsAt: "2026-06-30T23:59:00Z",
  requirements: [
    { kind: "grade", id: "grade", minGrade: 0.8 },
    { kind: "proctored-exam", id: "final-exam", displayName: "Final exam", passingScore: 0.6 },
  ],
  offers: [
    { providerId: "asu", price: { amount: 60000, currency: "USD" }, creditHours: 3 },
    { providerId: "hogwarts", price: { amount: 45000, currency: "USD" }, creditHours: 4 },
  ],
};

export const providersInput = [
  {
    id: "asu",
    displayName: "Arizona State University",
    url: "https://credit.example.edu/request",
    statusUrl: "https://credit.example.edu/status",
    integration: "signed-request",
    completionSteps: true,
  },
  {
    id: "hogwarts",
    displayName: "Hogwarts Extension School",
    url: "https://hogwarts.example.org/credit",
    statusUrl: "https://hogwarts.example.org/credit/status",
    integration: "link",
    completionSteps: true,
  },
];

export const ada: LearnerProfile = {
  id: ADA,
  username: "ada",
  email: "ada@example.org",
  fullName: "Ada Lovelace",
  country: "GB",
  timeZone: "Europe/London",
};

export function setup(options: { policy?: Partial<CoursePolicyInput>; learners?: LearnerProfile[]; service?: CreditServiceOptions } = {}) {
  const policy = parsePolicy({ ...policyInput, ...options.policy });
  const providers = parseProviders(providersInput);
  if (!policy.ok || !providers.ok) throw new Error("bad fixture");
  const store = createMemoryStore();
  const payments = createMemoryPaymentGateway();
  const mailer = createMemoryMailer();
  const clock = createManualClock(new Date("2026-01-10T09:00:00Z"));
  const ids = createSequentialIds();
  const keys = createMemoryProviderKeys({ asu: ["first-secret", "older-secret"] });
  const catalog = createMemoryCatalog({ policies: [policy.value], providers: providers.value, learners: options.learners ?? [ada] });
  const service = createCreditService({ store, payments, mailer, clock, ids, keys, catalog }, options.service);
  const at = (iso: string) => clock.set(new Date(iso));
  return { service, store, payments, mailer, clock, ids, keys, catalog, at, policy: policy.value };
}

export type Harness = ReturnType<typeof setup>;

/** Takes the learner to eligibility (June 3) through the service. */
export async function makeEligible(h: Harness, learner = ADA): Promise<void> {
  const must = <T>(r: { ok: boolean } & T): T => {
    if (!r.ok) throw new Error(JSON.stringify(r));
    return r;
  };
  h.at("2026-01-10T09:00:00Z");
  must(await h.service.enroll(learner, COURSE, { mode: "verified" }));
  must(await h.service.recordInitialVerification(learner, COURSE, { result: "approved" }));
  h.at("2026-05-01T10:00:00Z");
  must(await h.service.updateGrade(learner, COURSE, { grade: 0.85 }));
  h.at("2026-06-01T10:00:00Z");
  must(await h.service.recordEvent(learner, COURSE, { type: "exam-attempt", examId: "final-exam", status: "submitted" }));
  must(await h.service.recordEvent(learner, COURSE, { type: "exam-graded", examId: "final-exam", score: 0.7 }));
  h.at("2026-06-03T08:00:00Z");
  must(await h.service.recordEvent(learner, COURSE, { type: "exam-reviewed", examId: "final-exam", result: "clean", reviewer: "automated" }));
}

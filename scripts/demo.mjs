// Replays the example journey of the scenario guide through the built package and prints a timeline.
import {
  createCreditService,
  parsePolicy,
  parseProviders,
  signEdxV1,
  toCourseId,
  toLearnerId,
} from "../dist/index.js";
import {
  createManualClock,
  createMemoryCatalog,
  createMemoryMailer,
  createMemoryPaymentGateway,
  createMemoryProviderKeys,
  createMemoryStore,
  createSequentialIds,
} from "../dist/adapters/memory.js";

const course = toCourseId("course-v1:MITx+6.002x+2026_T1");
const learner = toLearnerId("42");
const policy = parsePolicy({
  courseId: course,
  title: "Circuits and Electronics",
  endsAt: "2026-06-30T23:59:00Z",
  requirements: [
    { kind: "grade", id: "grade", minGrade: 0.8 },
    { kind: "proctored-exam", id: "final-exam", displayName: "Final exam", passingScore: 0.6 },
  ],
  offers: [{ providerId: "asu", price: { amount: 60000, currency: "USD" }, creditHours: 3 }],
});
const providers = parseProviders([
  {
    id: "asu",
    displayName: "Arizona State University",
    url: "https://credit.example.edu/request",
    statusUrl: "https://credit.example.edu/status",
    integration: "signed-request",
    completionSteps: true,
  },
]);
if (!policy.ok || !providers.ok) throw new Error("invalid demo data");

const clock = createManualClock(new Date("2026-01-10T09:00:00Z"));
const mailer = createMemoryMailer();
const service = createCreditService({
  store: createMemoryStore(),
  payments: createMemoryPaymentGateway(),
  mailer,
  clock,
  ids: createSequentialIds(),
  keys: createMemoryProviderKeys({ asu: ["first-secret"] }),
  catalog: createMemoryCatalog({
    policies: [policy.value],
    providers: providers.value,
    learners: [{ id: learner, username: "ada", email: "ada@example.org", fullName: "Ada Lovelace", country: "GB", timeZone: "Europe/London" }],
  }),
});

async function step(at, label, run) {
  clock.set(new Date(at));
  const result = await run();
  await service.dispatchOutbox();
  const state = await service.getState(learner, course);
  const s = state.ok ? state.value : undefined;
  const outcome = result.ok ? "ok" : `refused: ${result.error.code}`;
  console.log(`${at}  ${label.padEnd(34)} ${outcome.padEnd(6)} eligibility=${s?.eligibility.status} purchase=${s?.purchase} dashboard=${s?.dashboard.status}`);
  return result;
}

await step("2026-01-10T09:00:00Z", "enrolled (verified)", () => service.enroll(learner, course, { mode: "verified" }));
await step("2026-01-10T09:05:00Z", "initial verification approved", () => service.recordInitialVerification(learner, course, { result: "approved" }));
await step("2026-05-01T10:00:00Z", "grade 0.85", () => service.updateGrade(learner, course, { grade: 0.85 }));
await step("2026-06-01T10:00:00Z", "final exam submitted", () => service.recordEvent(learner, course, { type: "exam-attempt", examId: "final-exam", status: "submitted" }));
await step("2026-06-01T11:00:00Z", "final exam graded 0.7", () => service.recordEvent(learner, course, { type: "exam-graded", examId: "final-exam", score: 0.7 }));
await step("2026-06-03T08:00:00Z", "proctoring review clean", () => service.recordEvent(learner, course, { type: "exam-reviewed", examId: "final-exam", result: "clean", reviewer: "automated" }));
const checkout = await step("2026-07-01T12:00:00Z", "start checkout (asu, card)", () => service.startCheckout(learner, course, { providerId: "asu", method: "card", idempotencyKey: "k1" }));
await step("2026-07-01T12:03:00Z", "payment succeeded", () =>
  service.recordPaymentResult(learner, course, { checkoutId: checkout.value.checkoutId, outcome: "succeeded", paymentId: "pay-1", amount: 60000, currency: "USD" }),
);
const form = await step("2026-07-02T09:00:00Z", "Complete Credit (signed request)", () => service.requestCredit(learner, course));
const body = { request_uuid: form.value.requestId, status: "approved", timestamp: String(Date.parse("2026-07-09T09:00:00Z") / 1000) };
const signature = await signEdxV1(body, "first-secret");
await step("2026-07-09T09:00:00Z", "provider callback: approved", () => service.handleProviderCallback("asu", { ...body, signature }));
console.log(`emails sent: ${mailer.delivered.map((m) => m.template).join(", ")}`);

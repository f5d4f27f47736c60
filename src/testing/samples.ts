import type { CheckoutId, CourseId, LearnerId, PaymentId, ProviderId, RequestId, RequirementId } from "../ids/index.js";
import type { JourneyEvent } from "../journey/record.js";
import type { EmailMessage } from "../notifications/index.js";

const at = (iso: string): Date => new Date(iso);

/**
 * One journey event of every stored type (LMS facts, derived facts and purchase facts), in a
 * plausible order, with instants nested where the real ones have them. A store that returns these
 * equal, instants as `Date`s, stores every event the library writes.
 *
 * @returns a fresh copy of the sample log.
 * @example
 * ```ts
 * import { sampleJourneyEvents } from "academic-credit/testing";
 * sampleJourneyEvents().map((e) => e.type); // ["enrolled", "enrollment-mode-changed", …]
 * ```
 */
export function sampleJourneyEvents(): JourneyEvent[] {
  const exam = "final-exam" as RequirementId;
  const checkpoint = "checkpoint-1" as RequirementId;
  const requestId = "557168d0f7664fe59097106c67c3f847" as RequestId;
  const asu = "asu" as ProviderId;
  return [
    { type: "enrolled", mode: "audit", at: at("2026-01-10T09:00:00.000Z") },
    { type: "enrollment-mode-changed", mode: "verified", at: at("2026-01-11T09:00:00.000Z") },
    { type: "initial-verification", result: "approved", at: at("2026-01-11T09:05:00.123Z") },
    { type: "grade-updated", grade: 0.85, at: at("2026-05-01T10:00:00.000Z") },
    { type: "exam-attempt", examId: exam, status: "submitted", at: at("2026-06-01T10:00:00.000Z") },
    { type: "exam-graded", examId: exam, score: 0.7, at: at("2026-06-01T11:00:00.000Z") },
    { type: "exam-reviewed", examId: exam, result: "clean", reviewer: "automated", at: at("2026-06-02T08:00:00.000Z") },
    { type: "reverification", checkpointId: checkpoint, result: "approved", at: at("2026-06-02T09:00:00.000Z") },
    { type: "requirement-recorded", requirementId: "lab" as RequirementId, status: "satisfied", at: at("2026-06-02T10:00:00.000Z") },
    {
      type: "eligibility-granted",
      at: at("2026-06-03T08:00:00.000Z"),
      deadline: at("2027-06-30T23:59:00.000Z"),
      requirements: [
        { requirementId: "grade" as RequirementId, status: "satisfied", at: at("2026-05-01T10:00:00.000Z"), reason: { code: "final-grade", finalGrade: 0.85 } },
        { requirementId: exam, status: "satisfied", at: at("2026-06-02T08:00:00.000Z"), reason: { code: "exam", attempt: "verified", score: 0.7, review: "clean" } },
      ],
    },
    { type: "deadline-extended", until: at("2027-09-30T23:59:00.000Z"), at: at("2026-06-04T08:00:00.000Z") },
    { type: "reminder-sent", at: at("2027-08-31T23:59:00.000Z"), deadline: at("2027-09-30T23:59:00.000Z"), daysLeft: 30 },
    {
      type: "checkout-started",
      at: at("2026-07-01T12:00:00.000Z"),
      checkoutId: "co-1" as CheckoutId,
      providerId: asu,
      method: "card",
      idempotencyKey: "k1",
      price: { amount: 60000, currency: "USD" },
      creditHours: 3,
    },
    { type: "payment-failed", at: at("2026-07-01T12:01:00.000Z"), checkoutId: "co-1" as CheckoutId, paymentId: "pay-0" as PaymentId, outcome: "cancelled" },
    { type: "payment-succeeded", at: at("2026-07-01T12:03:00.000Z"), checkoutId: "co-1" as CheckoutId, paymentId: "pay-1" as PaymentId, amount: 60000, currency: "USD" },
    {
      type: "payment-refund-requested",
      at: at("2026-07-01T12:05:00.000Z"),
      checkoutId: "co-2" as CheckoutId,
      paymentId: "pay-2" as PaymentId,
      amount: 45000,
      currency: "USD",
      reason: "duplicate-payment",
    },
    { type: "refunded", at: at("2026-07-01T12:06:00.000Z"), paymentId: "pay-1" as PaymentId, checkoutId: "co-1" as CheckoutId },
    { type: "credit-requested", at: at("2026-07-02T09:00:00.000Z"), requestId, providerId: asu },
    { type: "credit-decided", at: at("2026-07-09T09:00:00.000Z"), requestId, status: "approved", source: "provider-callback" },
    { type: "unenrolled", at: at("2026-07-10T09:00:00.000Z") },
  ];
}

/**
 * One email message of every template, with hostile learner data, as the outbox hands them to a
 * `Mailer`.
 *
 * @param to - the recipient address (default `learner@example.org`).
 * @param prefix - prepended to every idempotency key, so runs do not collide in a real mail provider.
 * @returns fresh sample messages.
 * @example
 * ```ts
 * import { sampleEmailMessages } from "academic-credit/testing";
 * sampleEmailMessages().map((m) => m.template); // ["eligibility", "purchase-receipt", "credit-decision", "deadline-reminder"]
 * ```
 */
export function sampleEmailMessages(to = "learner@example.org", prefix = ""): EmailMessage[] {
  const learnerName = '<b>Ada</b> "Lovelace" \u202Eevil';
  return [
    {
      template: "eligibility",
      idempotencyKey: `${prefix}eligibility:course-v1:MITx+6.002x+2026_T1:42`,
      to,
      data: {
        learnerName,
        courseTitle: "Circuits & Electronics",
        providers: ["Arizona State University", "Hogwarts <Extension>"],
        deadline: at("2027-06-30T23:59:00.000Z"),
        timeZone: "America/New_York",
      },
    },
    {
      template: "purchase-receipt",
      idempotencyKey: `${prefix}purchase-receipt:pay-1`,
      to,
      data: {
        learnerName,
        courseTitle: "Circuits & Electronics",
        providerName: "Arizona State University",
        creditHours: 3,
        amount: 60000,
        currency: "USD",
        completionSteps: true,
        fulfillmentInstructions: "Send your transcript\r\nBcc: x@example.com",
        timeZone: "Asia/Kathmandu",
        locale: "de-DE",
      },
    },
    {
      template: "credit-decision",
      idempotencyKey: `${prefix}credit-decision:557168d0f7664fe59097106c67c3f847`,
      to,
      data: {
        learnerName,
        courseTitle: "Circuits & Electronics",
        providerName: "Arizona State University",
        status: "approved",
        statusUrl: "https://credit.example.edu/status",
        providerUrl: "https://credit.example.edu/",
      },
    },
    {
      template: "deadline-reminder",
      idempotencyKey: `${prefix}reminder-7:course-v1:MITx+6.002x+2026_T1:42:2027-06-30T23:59:00.000Z`,
      to,
      data: {
        learnerName,
        courseTitle: "Circuits & Electronics",
        deadline: at("2027-06-30T23:59:00.000Z"),
        daysLeft: 7,
        providers: ["Arizona State University"],
        timeZone: "Pacific/Kiritimati",
      },
    },
  ];
}

/** Internal: a unique-enough suffix for ids, so suites can share one store or mail account. */
export function uniqueSuffix(): string {
  const bytes = new Uint8Array(6);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Internal: ids for one test. */
export function testIds(label: string): { learnerId: LearnerId; courseId: CourseId; suffix: string } {
  const suffix = uniqueSuffix();
  return { learnerId: `learner-${label}-${suffix}` as LearnerId, courseId: `course-v1:Contract+${label}+${suffix}` as CourseId, suffix };
}

import { expect } from "vitest";
import { signEdxV1, type CreditStore } from "academic-credit";
import { ADA, COURSE } from "./harness.js";
import { retirementWiring } from "./retire-journey.js";

function must<T extends { ok: boolean }>(r: T): T & { ok: true } {
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r as T & { ok: true };
}

/** Open edX's read queries through a learner's journey, on any store. */
export async function readJourney(store: CreditStore, prepare: (w: ReturnType<typeof retirementWiring>) => void = () => undefined): Promise<void> {
  const w = retirementWiring(store);
  prepare(w);
  const s = w.service;
  expect(must(await s.creditRequests(ADA)).value).toEqual([]);
  expect(must(await s.eligibilities(ADA)).value).toEqual([]);

  w.at("2026-01-10T09:00:00Z");
  must(await s.enroll(ADA, COURSE, { mode: "verified" }));
  must(await s.recordInitialVerification(ADA, COURSE, { result: "approved" }));
  w.at("2026-05-01T10:00:00Z");
  must(await s.updateGrade(ADA, COURSE, { grade: 0.85 }));
  w.at("2026-06-01T10:00:00Z");
  must(await s.recordEvent(ADA, COURSE, { type: "exam-attempt", examId: "final-exam", status: "submitted" }));

  expect(must(await s.requirementStatuses(ADA, COURSE)).value).toEqual([
    {
      kind: "grade",
      id: "grade",
      displayName: "Minimum grade",
      requirement: { kind: "grade", id: "grade", displayName: "Minimum grade", minGrade: 0.8, active: true },
      status: "satisfied",
      at: new Date("2026-05-01T10:00:00Z"),
      reason: { code: "final-grade", finalGrade: 0.85 },
      order: 0,
    },
    {
      kind: "proctored-exam",
      id: "final-exam",
      displayName: "Final exam",
      requirement: { kind: "proctored-exam", id: "final-exam", displayName: "Final exam", passingScore: 0.6, active: true },
      status: "submitted",
      at: new Date("2026-06-01T10:00:00Z"),
      reason: { code: "exam", attempt: "submitted" },
      order: 1,
    },
  ]);
  expect(must(await s.requirementStatuses(ADA, COURSE, { kind: "proctored-exam" })).value.map((r) => [r.id, r.order])).toEqual([["final-exam", 1]]);
  expect(must(await s.requirementStatuses(ADA, COURSE, { id: "grade" })).value.map((r) => r.status)).toEqual(["satisfied"]);
  expect(must(await s.requirementStatuses(ADA, COURSE, { kind: "grade", id: "final-exam" })).value).toEqual([]);
  expect(must(await s.eligibilities(ADA)).value).toEqual([]);

  must(await s.recordEvent(ADA, COURSE, { type: "exam-graded", examId: "final-exam", score: 0.7 }));
  w.at("2026-06-03T08:00:00Z");
  must(await s.recordEvent(ADA, COURSE, { type: "exam-reviewed", examId: "final-exam", result: "clean", reviewer: "automated" }));
  const deadline = new Date("2027-06-30T23:59:00Z");
  expect(must(await s.eligibilities(ADA)).value).toEqual([{ courseId: COURSE, grantedAt: new Date("2026-06-03T08:00:00Z"), deadline }]);
  expect(must(await s.requirementStatuses(ADA, COURSE, { id: "final-exam" })).value.map((r) => [r.status, r.at])).toEqual([["satisfied", new Date("2026-06-03T08:00:00Z")]]);

  w.at("2026-07-01T12:00:00Z");
  const checkout = must(await s.startCheckout(ADA, COURSE, { providerId: "asu", method: "card", idempotencyKey: "k1" }));
  must(await s.recordPaymentResult(ADA, COURSE, { checkoutId: checkout.value.checkoutId, outcome: "succeeded", paymentId: "pay-1", amount: 60000, currency: "USD" }));
  w.at("2026-07-02T09:00:00Z");
  const form = must(await s.requestCredit(ADA, COURSE));
  const pending = {
    requestId: form.value.requestId,
    courseId: COURSE,
    provider: { id: "asu", displayName: "Arizona State University" },
    status: "pending",
    requestedAt: new Date("2026-07-02T09:00:00Z"),
    issuedAt: new Date("2026-07-02T09:00:00Z"),
  };
  expect(must(await s.creditRequests(ADA)).value).toEqual([pending]);
  w.at("2026-07-03T09:00:00Z");
  must(await s.requestCredit(ADA, COURSE));
  w.at("2026-07-09T09:00:00Z");
  const body = { request_uuid: form.value.requestId, status: "rejected", timestamp: String(Math.floor(Date.parse("2026-07-09T08:59:00Z") / 1000)) };
  must(await s.handleProviderCallback("asu", { ...body, signature: await signEdxV1(body, "first-secret") }));
  expect(must(await s.creditRequests(ADA)).value).toEqual([
    { ...pending, status: "rejected", issuedAt: new Date("2026-07-03T09:00:00Z"), decidedAt: new Date("2026-07-09T09:00:00Z") },
  ]);
  // Paid: still eligible after the deadline.
  w.at("2028-01-01T00:00:00Z");
  expect(must(await s.eligibilities(ADA)).value.map((e) => e.courseId)).toEqual([COURSE]);
}

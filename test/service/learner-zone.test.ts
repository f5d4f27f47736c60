import { describe, expect, it } from "vitest";
import { toLearnerId, type LearnerId } from "../../src/ids/index.js";
import type { JourneyEvent } from "../../src/journey/record.js";
import { renderEmail } from "../../src/notifications/index.js";
import type { LearnerProfile } from "../../src/ports/index.js";
import { formatDate } from "../../src/time/index.js";
import { ada, COURSE, setup } from "./harness.js";

// DOMAIN.md §2: every text shown to a learner formats instants in the learner's zone. This test
// takes two learners of a zone eleven hours behind UTC through every state a learner can see
// (in progress with a reverification due date, eligible, checkout, paid, reminded, expired), gathers
// every learner-facing text the service produces (explanation messages of event outcomes and states,
// progress views, dashboard tiles, checkout options, and every email rendered as subject, text and
// HTML), and fails on any instant written in UTC.

/** UTC−11 all year, no DST: an instant before 11:00 UTC falls on the previous local day. */
const ZONE = "Pacific/Pago_Pago";
const GRACE = toLearnerId("43");
const learners: LearnerProfile[] = [
  { ...ada, timeZone: ZONE },
  { id: GRACE, username: "grace", email: "grace@example.org", fullName: "Grace Hopper", timeZone: ZONE },
];
const DUE = "2026-05-15T08:00:00Z";

function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value !== null && typeof value === "object" && !(value instanceof Date)) for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}

/**
 * Every way a text can show an instant in UTC while the learner's zone is not UTC: a zone named
 * `(UTC)`, an ISO-8601 instant, or the UTC calendar date of one of the journey's instants where the
 * local date differs (and is no other instant's local date).
 */
function utcLeaks(texts: readonly string[], instants: readonly Date[], zone: string): string[] {
  const localDates = new Set(instants.map((d) => formatDate(d, zone)));
  const utcOnly = [...new Set(instants.map((d) => formatDate(d, "UTC")))].filter((d) => !localDates.has(d));
  const leaks: string[] = [];
  for (const t of texts) {
    if (t.includes("(UTC)")) leaks.push(`names UTC: ${t}`);
    if (/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(t)) leaks.push(`ISO instant: ${t}`);
    for (const d of utcOnly) if (t.includes(d)) leaks.push(`UTC date ${d}: ${t}`);
  }
  return leaks;
}

describe("§2 every text shown to a learner is in the learner's zone", () => {
  it("explanations, progress views, dashboard tiles, checkout options and emails never show a UTC instant to a learner in Pacific/Pago_Pago", async () => {
    const h = setup({
      learners,
      policy: {
        requirements: [
          { kind: "grade", id: "grade", minGrade: 0.8 },
          { kind: "identity-reverification", id: "midterm-check", displayName: "Midterm identity check", dueAt: DUE },
          { kind: "proctored-exam", id: "final-exam", displayName: "Final exam", passingScore: 0.6 },
        ],
      },
    });
    const answers: unknown[] = [];
    const views = async (l: LearnerId) => {
      answers.push(await h.service.getState(l, COURSE), await h.service.progress(l, COURSE), await h.service.dashboard(l));
      const options = await h.service.checkoutOptions(l, COURSE);
      if (options.ok) answers.push(options);
    };
    const run = async (l: LearnerId, at: string, event: Record<string, unknown>) => {
      h.at(at);
      const r = await h.service.recordEvent(l, COURSE, event);
      if (!r.ok) throw new Error(r.error.message);
      answers.push(r);
      await views(l);
    };
    for (const l of [ada.id, GRACE]) {
      await run(l, "2026-01-10T09:00:00Z", { type: "enrolled", mode: "verified" });
      await run(l, "2026-01-10T09:05:00Z", { type: "initial-verification", result: "approved" });
      await run(l, "2026-05-01T10:00:00Z", { type: "grade-updated", grade: 0.85 });
      await run(l, "2026-05-02T09:00:00Z", { type: "reverification", checkpointId: "midterm-check", result: "submitted" });
      await run(l, "2026-05-03T09:00:00Z", { type: "reverification", checkpointId: "midterm-check", result: "approved" });
      await run(l, "2026-06-01T10:00:00Z", { type: "exam-attempt", examId: "final-exam", status: "submitted" });
      await run(l, "2026-06-01T10:30:00Z", { type: "exam-graded", examId: "final-exam", score: 0.7 });
      await run(l, "2026-06-03T08:00:00Z", { type: "exam-reviewed", examId: "final-exam", result: "clean", reviewer: "automated" });
    }
    h.at("2026-07-01T09:00:00Z");
    const checkout = await h.service.startCheckout(ada.id, COURSE, { providerId: "asu", method: "card", idempotencyKey: "k1" });
    if (!checkout.ok) throw new Error(checkout.error.message);
    await views(ada.id);
    h.at("2026-07-01T09:03:00Z");
    answers.push(await h.service.recordPaymentResult(ada.id, COURSE, { checkoutId: checkout.value.checkoutId, outcome: "succeeded", paymentId: "pay-1", amount: 60000, currency: "USD" }));
    await views(ada.id);
    for (const at of ["2027-06-01T09:00:00Z", "2027-06-24T09:00:00Z", "2027-07-01T09:00:00Z"]) {
      h.at(at);
      answers.push(await h.service.sendDueReminders());
      await views(GRACE);
    }
    await h.service.dispatchOutbox();
    const emails = h.mailer.delivered;
    expect(emails.map((m) => m.template).sort()).toEqual(["deadline-reminder", "deadline-reminder", "eligibility", "eligibility", "purchase-receipt"]);
    const texts = [...stringsIn(answers), ...emails.flatMap((m) => Object.values(renderEmail(m)))];

    const instants: Date[] = [new Date(DUE)];
    for (const l of [ada.id, GRACE]) {
      const s = await h.service.getState(l, COURSE);
      if (!s.ok) throw new Error(s.error.message);
      for (const e of s.value.record.events as JourneyEvent[]) instants.push(e.at);
      if (s.value.eligibility.deadline !== undefined) instants.push(s.value.eligibility.deadline);
    }
    if (h.policy.endsAt !== undefined) instants.push(h.policy.endsAt);

    expect(utcLeaks(texts, instants, ZONE)).toEqual([]);
    // The texts do show dates, in the learner's zone: the deadline, the due date and completion dates.
    expect(texts.some((t) => t.includes(`30 June 2027, 12:59 (${ZONE})`))).toBe(true);
    expect(texts.some((t) => t.includes(`14 May 2026, 21:00 (${ZONE})`))).toBe(true);
    expect(texts.some((t) => t.includes("Completed on 2 June 2026"))).toBe(true);
    expect(texts.some((t) => t.startsWith("The deadline to purchase credit passed on 30 June 2027, 12:59"))).toBe(true);
  });

  it("the leak detector catches a UTC instant, an ISO instant and a UTC-only date", () => {
    const at = new Date("2026-06-03T08:00:00Z");
    expect(utcLeaks(["Purchase it before 3 June 2026, 08:00 (UTC)."], [at], ZONE)).toHaveLength(2);
    expect(utcLeaks(["Deadline 2026-06-03T08:00:00.000Z"], [at], ZONE)).toHaveLength(1);
    expect(utcLeaks([`Purchase it before 2 June 2026, 21:00 (${ZONE}).`], [at], ZONE)).toEqual([]);
  });
});

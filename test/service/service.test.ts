import { describe, expect, it } from "vitest";
import { signEdxV1 } from "../../src/providers/index.js";
import { toCourseId, toLearnerId, toProviderId } from "../../src/ids/index.js";
import { ADA, COURSE, ada, makeEligible, setup } from "./harness.js";

async function signedCallback(requestId: string, status: string, timestamp: Date, key = "first-secret") {
  const body = { request_uuid: requestId, status, timestamp: String(Math.floor(timestamp.getTime() / 1000)) };
  return { ...body, signature: await signEdxV1(body, key) };
}

describe("service: the SCENARIOS.md example journey", () => {
  it("passes everything and buys credit from the first of two providers", async () => {
    const h = setup();
    await makeEligible(h);
    let s = await h.service.getState(ADA, COURSE);
    if (!s.ok) throw new Error(s.error.message);
    expect(s.value.eligibility.status).toBe("eligible");
    expect(s.value.purchase).toBe("available");
    expect(s.value.dashboard.status).toBe("eligible");
    expect(s.value.eligibility.deadline).toEqual(new Date("2027-06-30T23:59:00Z"));
    await h.service.dispatchOutbox();
    expect(h.mailer.delivered.map((m) => m.template)).toEqual(["eligibility"]);
    expect(h.mailer.delivered[0]?.to).toBe("ada@example.org");

    h.at("2026-07-01T12:00:00Z");
    const checkout = await h.service.startCheckout(ADA, COURSE, { providerId: "asu", method: "card", idempotencyKey: "k1" });
    expect(checkout).toEqual({ ok: true, value: { checkoutId: "co-1", result: "started" } });
    h.at("2026-07-01T12:03:00Z");
    const paid = await h.service.recordPaymentResult(ADA, COURSE, { checkoutId: "co-1", outcome: "succeeded", paymentId: "pay-co-1", amount: 60000, currency: "USD" });
    expect(paid.ok).toBe(true);
    await h.service.dispatchOutbox();
    s = await h.service.getState(ADA, COURSE);
    if (!s.ok) throw new Error(s.error.message);
    expect(s.value.purchase).toBe("paid");
    expect(s.value.dashboard.status).toBe("must-request");
    expect(h.mailer.delivered.map((m) => m.template)).toEqual(["eligibility", "purchase-receipt"]);

    h.at("2026-07-02T09:00:00Z");
    const form = await h.service.requestCredit(ADA, COURSE);
    if (!form.ok) throw new Error(form.error.message);
    expect(form.value.kind).toBe("form");
    if (form.value.kind !== "form") return;
    expect(form.value.url).toBe("https://credit.example.edu/request");
    const { signature, ...unsigned } = form.value.parameters;
    expect(signature).toBe(await signEdxV1(unsigned, "first-secret"));
    expect(unsigned).toMatchObject({ course_org: "MITx", course_num: "6.002x", course_run: "2026_T1", final_grade: "0.85", user_username: "ada", user_country: "GB" });

    h.at("2026-07-09T09:00:00Z");
    const cb = await h.service.handleProviderCallback("asu", await signedCallback(form.value.requestId, "approved", new Date("2026-07-09T09:00:00Z")));
    expect(cb).toEqual({ ok: true, value: { requestId: form.value.requestId, providerId: "asu", result: "recorded", status: "approved" } });
    await h.service.dispatchOutbox();
    s = await h.service.getState(ADA, COURSE);
    if (!s.ok) throw new Error(s.error.message);
    expect(s.value.purchase).toBe("approved");
    expect(s.value.dashboard.status).toBe("approved");
    expect(h.mailer.delivered.map((m) => m.template)).toEqual(["eligibility", "purchase-receipt", "credit-decision"]);

    const again = await h.service.handleProviderCallback("asu", await signedCallback(form.value.requestId, "rejected", new Date("2026-07-09T09:00:00Z"), "older-secret"));
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.code).toBe("conflicting-decision");
  });
});

describe("service: events naming a requirement the policy does not have", () => {
  it("are stored (the log is the truth) and the outcome warns unknown-requirement; known ids answer no warnings", async () => {
    const h = setup();
    await h.service.enroll(ADA, COURSE, { mode: "verified" });
    const unknown = await h.service.recordEvent(ADA, COURSE, { type: "exam-graded", examId: "midterm", score: 0.9 });
    expect(unknown.ok && unknown.value.warnings).toEqual([
      { code: "unknown-requirement", field: "examId", requirementId: "midterm", message: 'The policy has no proctored-exam requirement "midterm": the event is stored but changes nothing' },
    ]);
    expect(unknown.ok && unknown.value.events.map((e) => e.type)).toEqual(["exam-graded"]);
    const custom = await h.service.recordEvent(ADA, COURSE, { type: "requirement-recorded", requirementId: "essay", status: "satisfied" });
    expect(custom.ok && custom.value.warnings.map((w) => [w.field, w.requirementId])).toEqual([["requirementId", "essay"]]);
    const checkpoint = await h.service.recordEvent(ADA, COURSE, { type: "reverification", checkpointId: "midterm-check", result: "approved" });
    expect(checkpoint.ok && checkpoint.value.warnings.map((w) => [w.field, w.requirementId])).toEqual([["checkpointId", "midterm-check"]]);
    const known = await h.service.recordEvent(ADA, COURSE, { type: "exam-graded", examId: "final-exam", score: 0.9 });
    expect(known.ok && known.value.warnings).toEqual([]);
    const stored = await h.store.load(ADA, COURSE);
    expect(stored.events.map((e) => e.type)).toEqual(["enrolled", "exam-graded", "requirement-recorded", "reverification", "exam-graded"]);
    // A redelivery with the same eventId answers the first outcome, warnings included.
    const first = await h.service.recordEvent(ADA, COURSE, { type: "exam-graded", examId: "quiz", score: 1 }, { eventId: "e1" });
    const again = await h.service.recordEvent(ADA, COURSE, { type: "exam-graded", examId: "quiz", score: 1 }, { eventId: "e1" });
    expect(again).toEqual(first);
    expect(again.ok && again.value.warnings.map((w) => w.requirementId)).toEqual(["quiz"]);
  });
});

describe("service: dashboard (§11)", () => {
  it("lists every course the learner has a log in, from the store, whatever the catalog's course lists say", async () => {
    const h = setup();
    const other = toCourseId("course-v1:HarvardX+CS50+2026");
    h.catalog.setPolicy({ ...h.policy, courseId: other, title: "CS50" });
    expect(await h.service.dashboard(ADA)).toEqual({ ok: true, value: [] });
    await makeEligible(h);
    await h.service.enroll(ADA, other, { mode: "audit" });
    const tiles = await h.service.dashboard(ADA);
    expect(tiles).toMatchObject({
      ok: true,
      // In course id order.
      value: [
        { courseId: other, status: "hidden" },
        { courseId: COURSE, status: "eligible", label: "Purchase Credit", deadlineText: "1 July 2027, 00:59 (Europe/London)" },
      ],
    });
    // Another learner's logs never show.
    expect(await h.service.dashboard(toLearnerId("nobody"))).toEqual({ ok: true, value: [] });
  });

  it("a course with a log that the catalog no longer knows is an error tile (contact support), not a failed dashboard", async () => {
    const h = setup();
    await makeEligible(h);
    const gone = toCourseId("course-v1:Gone+1+2020");
    h.catalog.setPolicy({ ...h.policy, courseId: gone, title: "Gone" });
    await h.service.enroll(ADA, gone, { mode: "verified" });
    const { createMemoryCatalog } = await import("../../src/adapters/memory/index.js");
    const providers = await h.catalog.providers();
    const without = createMemoryCatalog({ policies: [h.policy], providers, learners: [ada] });
    const service = (await import("../../src/service/index.js")).createCreditService({ store: h.store, payments: h.payments, mailer: h.mailer, clock: h.clock, ids: h.ids, keys: h.keys, catalog: without });
    expect(await service.dashboard(ADA)).toMatchObject({
      ok: true,
      value: [
        { courseId: gone, courseTitle: gone, status: "error", label: "Contact support", reason: "unknown-course" },
        { courseId: COURSE, status: "eligible" },
      ],
    });
  });

  it("answers invalid-input for a junk learner id and unavailable when the store fails", async () => {
    const h = setup();
    await makeEligible(h);
    const junk = await h.service.dashboard("" as never);
    expect(!junk.ok && junk.error.code).toBe("invalid-input");
    h.store.faults.failNext(1);
    const down = await h.service.dashboard(ADA);
    expect(!down.ok && down.error.code).toBe("unavailable");
  });
});

describe("service: safety", () => {
  it("50 concurrent commands on one learner (duplicated payments and callbacks) store every event once and make exactly one purchase", async () => {
    const h = setup();
    await makeEligible(h);
    h.at("2026-07-01T12:00:00Z");
    h.store.faults.delay(1);
    const starts = Array.from({ length: 10 }, (_, i) =>
      h.service.startCheckout(ADA, COURSE, { providerId: i % 2 === 0 ? "asu" : "hogwarts", method: "card", idempotencyKey: `k${i % 3}` }),
    );
    const started = await Promise.all(starts);
    expect(started.every((r) => r.ok)).toBe(true);
    const checkoutIds = [...new Set(started.flatMap((r) => (r.ok ? [r.value.checkoutId] : [])))];
    expect(checkoutIds.length).toBeLessThanOrEqual(3);
    const state0 = await h.service.getState(ADA, COURSE);
    if (!state0.ok) throw new Error("state");
    const checkouts = state0.value.record.purchase.checkouts;
    const payments = Array.from({ length: 30 }, (_, i) => {
      const c = checkouts[i % checkouts.length];
      if (c === undefined) throw new Error("no checkout");
      return h.service.recordPaymentResult(ADA, COURSE, {
        checkoutId: c.checkoutId,
        outcome: "succeeded",
        paymentId: `pay-${c.checkoutId}`,
        amount: c.price.amount,
        currency: c.price.currency,
      });
    });
    const grades = Array.from({ length: 10 }, (_, i) => h.service.updateGrade(ADA, COURSE, { grade: 0.9 }, { eventId: `g${i % 2}` }));
    const results = await Promise.all([...payments, ...grades]);
    expect(results.filter((r) => !r.ok && r.error.code === "version-conflict")).toEqual([]);
    h.store.faults.delay(0);
    const s = await h.service.getState(ADA, COURSE);
    if (!s.ok) throw new Error("state");
    const events = s.value.record.events;
    const paidEvents = events.filter((e) => e.type === "payment-succeeded");
    expect(paidEvents).toHaveLength(1);
    const refunds = events.filter((e) => e.type === "payment-refund-requested");
    expect(refunds.length).toBe(checkouts.length - 1);
    expect(events.filter((e) => e.type === "grade-updated")).toHaveLength(3);
    const keys = events.filter((e) => e.type === "checkout-started").map((e) => (e.type === "checkout-started" ? e.idempotencyKey : ""));
    expect(new Set(keys).size).toBe(keys.length);
    expect(s.value.purchase).toBe("paid");
    await h.service.dispatchOutbox();
    expect(h.payments.refunds).toHaveLength(checkouts.length - 1);
    expect(h.mailer.delivered.filter((m) => m.template === "purchase-receipt")).toHaveLength(1);
  });

  it("a mailer that fails the first three times: every message is delivered, once per idempotency key", async () => {
    const h = setup({ service: { outbox: { backoffMs: () => 1000 } } });
    h.mailer.faults.failNext(3);
    await makeEligible(h);
    for (let i = 0; i < 6; i++) {
      await h.service.dispatchOutbox();
      h.clock.advance(1000);
    }
    expect(h.mailer.delivered.map((m) => m.template)).toEqual(["eligibility"]);
    expect(h.mailer.faults.calls).toBe(4);
    const outbox = await h.store.listOutbox(ADA, COURSE);
    expect(outbox[0]?.attempts).toBe(4);
    expect(outbox[0]?.deliveredAt).toBeDefined();
    expect(outbox[0]?.lastError).toContain("injected fault");
  });

  it("a mailer that hangs times out; the message is retried and delivered once", async () => {
    const h = setup({ service: { outbox: { timeoutMs: 20, backoffMs: () => 0 } } });
    await makeEligible(h);
    h.mailer.faults.hang();
    const first = await h.service.dispatchOutbox();
    expect(first).toEqual({ ok: true, value: { attempted: 1, delivered: 0, failed: 1 } });
    h.mailer.faults.release();
    const second = await h.service.dispatchOutbox();
    expect(second.ok && second.value.delivered).toBe(1);
    expect(h.mailer.delivered).toHaveLength(1);
  });

  it("two dispatchers never send the same message at once: a message being delivered stays claimed", async () => {
    const h = setup();
    await makeEligible(h);
    h.mailer.faults.hang();
    const first = h.service.dispatchOutbox();
    await new Promise((resolve) => setTimeout(resolve, 5));
    h.clock.advance(10 * 60_000);
    expect(await h.service.dispatchOutbox()).toEqual({ ok: true, value: { attempted: 0, delivered: 0, failed: 0 } });
    h.mailer.faults.release();
    expect(await first).toEqual({ ok: true, value: { attempted: 1, delivered: 1, failed: 0 } });
    expect(h.mailer.sendCalls).toBe(1);
  });

  it("a process that dies between storing and sending loses nothing: a new service instance dispatches", async () => {
    const h = setup();
    await makeEligible(h);
    const { createCreditService } = await import("../../src/service/index.js");
    const fresh = createCreditService({ store: h.store, payments: h.payments, mailer: h.mailer, clock: h.clock, ids: h.ids, keys: h.keys, catalog: h.catalog });
    await fresh.dispatchOutbox();
    expect(h.mailer.delivered.map((m) => m.template)).toEqual(["eligibility"]);
  });

  it("a failing createCheckout returns a typed error and records nothing", async () => {
    const h = setup();
    await makeEligible(h);
    const before = await h.store.load(ADA, COURSE);
    h.payments.faults.failNext(1);
    const r = await h.service.startCheckout(ADA, COURSE, { providerId: "asu", method: "card", idempotencyKey: "k1" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe("unavailable");
    expect((await h.store.load(ADA, COURSE)).version).toBe(before.version);
  });

  it("bad input gives a typed error naming the path and changes nothing", async () => {
    const h = setup();
    const r = await h.service.startCheckout(ADA, COURSE, { providerId: "asu,evil", method: "cash" as never, idempotencyKey: "" });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("invalid-input");
      expect(r.error.issues?.map((i) => i.path.join("."))).toEqual(["providerId", "method", "idempotencyKey"]);
    }
    const e = await h.service.recordEvent(ADA, COURSE, { type: "grade-updated", grade: "A+" });
    expect(e.ok).toBe(false);
    expect((await h.store.load(ADA, COURSE)).version).toBe(0);
  });

  it("hostile options and event objects (throwing getters) give invalid-input, never an exception", async () => {
    const h = setup();
    const hostile = new Proxy({}, { get: () => { throw new Error("boom"); }, ownKeys: () => { throw new Error("boom"); } });
    for (const r of [
      await h.service.updateGrade(ADA, COURSE, { grade: 0.9 }, hostile as never),
      await h.service.updateGrade(ADA, COURSE, hostile as never),
      await h.service.extendDeadline(ADA, COURSE, hostile as never),
      await h.service.updateGrade(ADA, COURSE, { grade: 0.9 }, { eventId: { toString: () => { throw new Error("x"); } } } as never),
    ]) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe("invalid-input");
    }
    const extension = await h.service.extendDeadline(ADA, COURSE, { until: new Date("2030-01-01T00:00:00Z") });
    // A Date is accepted for `until`; Ada is not eligible yet, so the extension itself is refused.
    expect(!extension.ok && extension.error.code).toBe("not-eligible");
  });

  it("§13.6 a stored log damaged outside the service gives unavailable, never an exception", async () => {
    for (const damaged of [{ type: "grade-updated", grade: "x" }, { type: "exam-reviewed" }, null, { type: "grade-updated", grade: 0.5, at: "nope" }]) {
      const h = setup();
      await makeEligible(h);
      const loaded = await h.store.load(ADA, COURSE);
      const appended = await h.store.append({ learnerId: ADA, courseId: COURSE, expectedVersion: loaded.version, events: [damaged as never], outbox: [], requests: [], now: new Date("2026-06-04T00:00:00Z") });
      expect(appended.ok).toBe(true);
      const state = await h.service.getState(ADA, COURSE);
      expect(state).toMatchObject({ ok: false, error: { code: "unavailable", port: "store" } });
      if (!state.ok) expect(state.error.message).toContain(`event ${loaded.events.length + 1} of the stored log`);
      const grade = await h.service.updateGrade(ADA, COURSE, { grade: 0.9 });
      expect(grade).toMatchObject({ ok: false, error: { code: "unavailable" } });
    }
  });

  it("an unknown learner or course is a typed error", async () => {
    const h = setup();
    const r = await h.service.enroll(toLearnerId("nobody"), COURSE, { mode: "verified" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe("invalid-input");
  });

  it("a callback for another provider's request is request-not-found, and a wrong key is invalid-signature", async () => {
    const h = setup();
    await makeEligible(h);
    h.keys.set("hogwarts", ["hogwarts-secret"]);
    h.at("2026-07-01T12:00:00Z");
    await h.service.startCheckout(ADA, COURSE, { providerId: "asu", method: "card", idempotencyKey: "k1" });
    await h.service.recordPaymentResult(ADA, COURSE, { checkoutId: "co-1", outcome: "succeeded", paymentId: "p1", amount: 60000, currency: "USD" });
    const form = await h.service.requestCredit(ADA, COURSE);
    if (!form.ok) throw new Error("request");
    const other = await h.service.handleProviderCallback("hogwarts", await signedCallback(form.value.requestId, "approved", new Date("2026-07-01T12:00:00Z"), "hogwarts-secret"));
    expect(!other.ok && other.error.code).toBe("request-not-found");
    const wrong = await h.service.handleProviderCallback("asu", await signedCallback(form.value.requestId, "approved", new Date("2026-07-01T12:00:00Z"), "wrong"));
    expect(!wrong.ok && wrong.error.code).toBe("invalid-signature");
    expect(JSON.stringify(wrong)).not.toContain("first-secret");
    void toProviderId;
  });
});

/** Ada and Grace, both eligible in COURSE, with the clock at the start of the purchase window. */
async function twoEligibleLearners() {
  const GRACE = toLearnerId("43");
  const h = setup({ learners: [ada, { id: GRACE, username: "grace", email: "grace@example.org", fullName: "Grace Hopper" }] });
  await makeEligible(h, ADA);
  await makeEligible(h, GRACE);
  h.at("2026-07-01T12:00:00Z");
  return { h, GRACE };
}

describe("service: notifications", () => {
  it("§13.7 two learners whose payments the gateway reports with the same id each get their purchase receipt", async () => {
    const { h, GRACE } = await twoEligibleLearners();
    for (const learner of [ADA, GRACE]) {
      const c = await h.service.startCheckout(learner, COURSE, { providerId: "asu", method: "card", idempotencyKey: "k1" });
      if (!c.ok) throw new Error(c.error.message);
      const paid = await h.service.recordPaymentResult(learner, COURSE, { checkoutId: c.value.checkoutId, outcome: "succeeded", paymentId: "pay-shared", amount: 60000, currency: "USD" });
      expect(paid.ok).toBe(true);
    }
    await h.service.dispatchOutbox();
    const receipts = h.mailer.delivered.filter((m) => m.template === "purchase-receipt").map((m) => m.to);
    expect(receipts.sort()).toEqual(["ada@example.org", "grace@example.org"]);
  });

  it("§13.2 two learners whose duplicate payments the gateway reports with the same id each get their refund", async () => {
    const { h, GRACE } = await twoEligibleLearners();
    for (const learner of [ADA, GRACE]) {
      const first = await h.service.startCheckout(learner, COURSE, { providerId: "asu", method: "card", idempotencyKey: "k1" });
      if (!first.ok) throw new Error(first.error.message);
      const second = await h.service.startCheckout(learner, COURSE, { providerId: "hogwarts", method: "card", idempotencyKey: "k2" });
      if (!second.ok) throw new Error(second.error.message);
      const paid = await h.service.recordPaymentResult(learner, COURSE, { checkoutId: second.value.checkoutId, outcome: "succeeded", paymentId: `pay-${learner}`, amount: 45000, currency: "USD" });
      expect(paid.ok).toBe(true);
      const again = await h.service.recordPaymentResult(learner, COURSE, { checkoutId: first.value.checkoutId, outcome: "succeeded", paymentId: "pay-shared", amount: 60000, currency: "USD" });
      expect(!again.ok && again.error.code).toBe("duplicate-payment");
    }
    await h.service.dispatchOutbox();
    await h.service.dispatchOutbox();
    expect(h.payments.refunds.map((r) => r.paymentId)).toEqual(["pay-shared", "pay-shared"]);
    expect(h.payments.refunds.map((r) => r.idempotencyKey)).toEqual([`refund:pay-shared:${COURSE}:${ADA}`, `refund:pay-shared:${COURSE}:${GRACE}`]);
  });

  it("HTML emails with hostile names render escaped", async () => {
    const { renderEmail } = await import("../../src/notifications/index.js");
    const h = setup({ learners: [{ ...ada, fullName: '<script>alert(1)</script> "Ada" \u202Eevil' }] });
    await makeEligible(h);
    await h.service.dispatchOutbox();
    const m = h.mailer.delivered[0];
    if (m === undefined) throw new Error("no mail");
    const html = renderEmail(m).html;
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toContain("\u202E");
  });
});

describe("service: recomputeCourse and reminders", () => {
  it("recomputeCourse over 10,000 learners after a requirement is deactivated grants exactly those who now meet every active requirement, and emails each once", async () => {
    const learners = Array.from({ length: 10_000 }, (_, i) => ({ ...ada, id: toLearnerId(`L${i}`), email: `l${i}@example.org` }));
    const h = setup({ learners });
    h.at("2026-05-01T10:00:00Z");
    const expected = new Set<string>();
    for (let i = 0; i < learners.length; i++) {
      const id = toLearnerId(`L${i}`);
      const events = [
        { type: "enrolled", mode: i % 7 === 0 ? "audit" : "verified", at: new Date("2026-01-10T09:00:00Z") },
        { type: "initial-verification", result: "approved", at: new Date("2026-01-10T09:05:00Z") },
        { type: "grade-updated", grade: (i % 10) / 10, at: new Date("2026-05-01T10:00:00Z") },
      ] as const;
      h.store.seed(id, COURSE, events as never);
      if (i % 7 !== 0 && (i % 10) / 10 >= 0.8) expected.add(id);
    }
    const { parsePolicy } = await import("../../src/policy/schema.js");
    const { policyInput } = await import("./harness.js");
    const changed = parsePolicy({
      ...policyInput,
      requirements: [
        { kind: "grade", id: "grade", minGrade: 0.8 },
        { kind: "proctored-exam", id: "final-exam", displayName: "Final exam", passingScore: 0.6, active: false },
      ],
    });
    if (!changed.ok) throw new Error("policy");
    h.catalog.setPolicy(changed.value);
    h.at("2026-05-02T00:00:00Z");
    const r = await h.service.recomputeCourse(COURSE);
    expect(r).toEqual({ ok: true, value: { courseId: COURSE, learners: 10_000, granted: expected.size, failed: 0, errors: [] } });
    const again = await h.service.recomputeCourse(COURSE);
    expect(again.ok && again.value.granted).toBe(0);
    for (;;) {
      const d = await h.service.dispatchOutbox();
      if (!d.ok || d.value.attempted === 0) break;
    }
    expect(h.mailer.delivered).toHaveLength(expected.size);
    expect(new Set(h.mailer.delivered.map((m) => m.to)).size).toBe(expected.size);
  }, 60_000);

  it("§10 sendDueReminders queues the 30-day then the 7-day reminder, each once", async () => {
    const h = setup();
    await makeEligible(h);
    h.at("2027-06-01T00:00:00Z");
    expect(await h.service.sendDueReminders()).toEqual({ ok: true, value: { learners: 1, queued: 1 } });
    expect(await h.service.sendDueReminders()).toEqual({ ok: true, value: { learners: 1, queued: 0 } });
    h.at("2027-06-24T00:00:00Z");
    expect(await h.service.sendDueReminders()).toEqual({ ok: true, value: { learners: 1, queued: 1 } });
    await h.service.dispatchOutbox();
    expect(h.mailer.delivered.map((m) => (m.template === "deadline-reminder" ? m.data.daysLeft : m.template))).toEqual(["eligibility", 30, 7]);
  });
});

describe("service: provider callbacks with fields beyond the four", () => {
  it("§9 records a decision whose body carries extra string fields signed with the rest; unsigned or non-string extras change nothing", async () => {
    const h = setup();
    await makeEligible(h);
    h.at("2026-07-01T12:00:00Z");
    await h.service.startCheckout(ADA, COURSE, { providerId: "asu", method: "card", idempotencyKey: "k1" });
    await h.service.recordPaymentResult(ADA, COURSE, { checkoutId: "co-1", outcome: "succeeded", paymentId: "pay-co-1", amount: 60000, currency: "USD" });
    h.at("2026-07-02T09:00:00Z");
    const form = await h.service.requestCredit(ADA, COURSE);
    if (!form.ok) throw new Error(form.error.message);
    h.at("2026-07-09T09:00:00Z");
    const body = { request_uuid: form.value.requestId, status: "approved", timestamp: String(Date.parse("2026-07-09T09:00:00Z") / 1000), course_id: COURSE, reviewer: "registrar" };
    const signature = await signEdxV1(body, "first-secret");
    const typed = await h.service.handleProviderCallback("asu", { ...body, signature, reviewer: 7 });
    expect(!typed.ok && typed.error.code).toBe("invalid-callback");
    const unsigned = await h.service.handleProviderCallback("asu", { ...body, signature, note: "added later" });
    expect(!unsigned.ok && unsigned.error.code).toBe("invalid-signature");
    let s = await h.service.getState(ADA, COURSE);
    expect(s.ok && s.value.purchase).toBe("request-pending");
    const cb = await h.service.handleProviderCallback("asu", { ...body, signature });
    expect(cb).toEqual({ ok: true, value: { requestId: form.value.requestId, providerId: "asu", result: "recorded", status: "approved" } });
    s = await h.service.getState(ADA, COURSE);
    expect(s.ok && s.value.purchase).toBe("approved");
  });
});

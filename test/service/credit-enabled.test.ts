import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../src/policy/schema.js";
import { ADA, COURSE, makeEligible, policyInput, setup, type Harness } from "./harness.js";

/** Turns the course's credit on or off in the catalog, as staff would. */
function setEnabled(h: Harness, enabled: boolean): void {
  const policy = parsePolicy({ ...policyInput, enabled });
  if (!policy.ok) throw new Error(policy.error.message);
  h.catalog.setPolicy(policy.value);
}

async function stateOf(h: Harness) {
  const s = await h.service.getState(ADA, COURSE);
  if (!s.ok) throw new Error(s.error.message);
  return s.value;
}

describe("policy.enabled: the schema", () => {
  it("defaults to true and reads false", () => {
    const on = parsePolicy(policyInput);
    const off = parsePolicy({ ...policyInput, enabled: false });
    expect(on.ok && on.value.enabled).toBe(true);
    expect(off.ok && off.value.enabled).toBe(false);
  });

  it("refuses anything but a boolean, naming the field", () => {
    const r = parsePolicy({ ...policyInput, enabled: "no" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(JSON.stringify(r.error)).toContain("enabled");
  });
});

describe("policy.enabled: a course that does not offer credit", () => {
  it("records every event but grants nothing, emails nothing and offers nothing", async () => {
    const h = setup({ policy: { enabled: false } });
    await makeEligible(h);
    const s = await stateOf(h);
    expect(s.record.events.map((e) => e.type)).not.toContain("eligibility-granted");
    expect(s.record.events.length).toBe(6);
    expect(s.eligibility.requirements.every((r) => r.status === "satisfied")).toBe(true);
    expect(s.eligibility.status).toBe("in-progress");
    expect(s.eligibility.explanation.nextSteps).toEqual([{ code: "credit-not-offered" }]);
    expect(s.purchase).toBe("unavailable");
    expect(s.dashboard.status).toBe("hidden");
    await h.service.dispatchOutbox();
    expect(h.mailer.delivered).toEqual([]);

    const checkout = await h.service.startCheckout(ADA, COURSE, { providerId: "asu", method: "card", idempotencyKey: "k1" });
    expect(checkout.ok).toBe(false);
    if (!checkout.ok) expect(checkout.error).toMatchObject({ code: "not-eligible", reason: "credit-not-offered" });
    expect(h.payments.checkouts.length).toBe(0);
    const options = await h.service.checkoutOptions(ADA, COURSE);
    expect(options.ok).toBe(false);
    const progress = await h.service.progress(ADA, COURSE);
    expect(progress.ok && progress.value.headline).toBe("This course does not offer credit at the moment.");
  });

  it("grants (once, with its email) when the course is enabled again and recomputed", async () => {
    const h = setup({ policy: { enabled: false } });
    await makeEligible(h);
    setEnabled(h, true);
    h.at("2026-06-10T09:00:00Z");
    const report = await h.service.recomputeCourse(COURSE);
    expect(report.ok && report.value.granted).toBe(1);
    const again = await h.service.recomputeCourse(COURSE);
    expect(again.ok && again.value.granted).toBe(0);
    const s = await stateOf(h);
    expect(s.eligibility.status).toBe("eligible");
    expect(s.eligibility.grantedAt).toEqual(new Date("2026-06-10T09:00:00Z"));
    await h.service.dispatchOutbox();
    expect(h.mailer.delivered.map((m) => m.template)).toEqual(["eligibility"]);
  });
});

describe("policy.enabled: a course disabled after learners were granted eligibility", () => {
  it("keeps the grant but sells nothing and reminds nobody while disabled; re-enabling restores the offer", async () => {
    const h = setup();
    await makeEligible(h);
    setEnabled(h, false);
    h.at("2027-06-24T09:00:00Z");
    let s = await stateOf(h);
    expect(s.eligibility.status).toBe("eligible");
    expect(s.eligibility.recorded).toBe(true);
    expect(s.eligibility.explanation.nextSteps).toEqual([{ code: "credit-not-offered" }]);
    expect(s.purchase).toBe("unavailable");
    expect(s.dashboard.status).toBe("hidden");
    expect(await h.service.checkoutOptions(ADA, COURSE)).toEqual({ ok: true, value: [] });
    const refused = await h.service.startCheckout(ADA, COURSE, { providerId: "asu", method: "card", idempotencyKey: "k1" });
    expect(!refused.ok && refused.error.code).toBe("not-eligible");
    const reminders = await h.service.sendDueReminders();
    expect(reminders.ok && reminders.value.queued).toBe(0);

    setEnabled(h, true);
    s = await stateOf(h);
    expect(s.purchase).toBe("available");
    expect(s.dashboard.status).toBe("eligible");
    const options = await h.service.checkoutOptions(ADA, COURSE);
    expect(options.ok && options.value.map((o) => o.providerId)).toEqual(["asu", "hogwarts"]);
    const reminded = await h.service.sendDueReminders();
    expect(reminded.ok && reminded.value.queued).toBe(1);
    const started = await h.service.startCheckout(ADA, COURSE, { providerId: "asu", method: "card", idempotencyKey: "k1" });
    expect(started.ok).toBe(true);
  });

  it("lets a checkout already open succeed, and a paid learner request credit and get a decision", async () => {
    const h = setup();
    await makeEligible(h);
    h.at("2026-07-01T12:00:00Z");
    const started = await h.service.startCheckout(ADA, COURSE, { providerId: "hogwarts", method: "card", idempotencyKey: "k1" });
    if (!started.ok) throw new Error(started.error.message);
    setEnabled(h, false);
    expect((await stateOf(h)).dashboard.status).toBe("checkout-in-progress");
    const paid = await h.service.recordPaymentResult(ADA, COURSE, {
      checkoutId: started.value.checkoutId,
      outcome: "succeeded",
      paymentId: "pay-1",
      amount: 45000,
      currency: "USD",
    });
    expect(paid.ok).toBe(true);
    let s = await stateOf(h);
    expect(s.purchase).toBe("paid");
    expect(s.dashboard.status).toBe("must-request");
    expect(s.eligibility.explanation.nextSteps).toEqual([{ code: "complete-credit" }]);
    const request = await h.service.requestCredit(ADA, COURSE);
    expect(request.ok && request.value.kind).toBe("link");
    const decided = await h.service.recordDecision(ADA, COURSE, { status: "approved" });
    expect(decided.ok).toBe(true);
    s = await stateOf(h);
    expect(s.purchase).toBe("approved");
    expect(s.dashboard.status).toBe("approved");
  });

  it("still refunds a paid learner whose request was not issued", async () => {
    const h = setup();
    await makeEligible(h);
    h.at("2026-07-01T12:00:00Z");
    const started = await h.service.startCheckout(ADA, COURSE, { providerId: "asu", method: "card", idempotencyKey: "k1" });
    if (!started.ok) throw new Error(started.error.message);
    await h.service.recordPaymentResult(ADA, COURSE, { checkoutId: started.value.checkoutId, outcome: "succeeded", paymentId: "pay-1", amount: 60000, currency: "USD" });
    setEnabled(h, false);
    const refunded = await h.service.refund(ADA, COURSE);
    expect(refunded.ok).toBe(true);
    expect((await stateOf(h)).purchase).toBe("unavailable");
  });
});

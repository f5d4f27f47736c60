import { describe, expect, it } from "vitest";
import { createMemoryStore } from "academic-credit/adapters/memory";
import { retiredOutboxPayload, type CreditStore, type OutboxPayload } from "academic-credit";
import { ADA } from "./harness.js";
import { retirementJourney, retirementWiring } from "./retire-journey.js";

describe("retireLearner", () => {
  it("removes personal data, keeps the credit and payment facts, and later queries still answer (memory store)", async () => {
    await retirementJourney(createMemoryStore());
  });

  it("answers unavailable on a store without retireLearner, and invalid-input for a bad learner id", async () => {
    const { retireLearner: _r, ...store } = createMemoryStore();
    const w = retirementWiring(store as CreditStore);
    const r = await w.service.retireLearner(ADA);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: "unavailable", port: "store" });
    const bad = await retirementWiring(createMemoryStore()).service.retireLearner("" as never);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe("invalid-input");
  });

  it("a failing store answers unavailable, never throws", async () => {
    const store = createMemoryStore();
    store.faults.failNext(1, "disk on fire");
    const r = await retirementWiring(store).service.retireLearner(ADA);
    expect(r).toMatchObject({ ok: false, error: { code: "unavailable", port: "store" } });
    expect((await store.load(ADA, "course-v1:MITx+6.002x+2026_T1" as never)).retiredAt).toBeUndefined();
  });
});

describe("retiredOutboxPayload", () => {
  const email: OutboxPayload = {
    kind: "email",
    email: {
      template: "purchase-receipt",
      idempotencyKey: "receipt:pay-1",
      to: "ada@example.org",
      data: { learnerName: "Ada Lovelace", courseTitle: "Circuits", providerName: "ASU", creditHours: 3, amount: 60000, currency: "USD", completionSteps: true, timeZone: "Europe/London", locale: "en-GB" },
    },
  };
  it("drops an unsent email or credit request, keeps refunds whatever their state", () => {
    expect(retiredOutboxPayload(email, false)).toBeNull();
    const request: OutboxPayload = { kind: "credit-request", request: { providerId: "asu" as never, requestId: "r" as never } };
    expect(retiredOutboxPayload(request, false)).toBeNull();
    expect(retiredOutboxPayload(request, true)).toBe(request);
    const refund: OutboxPayload = { kind: "refund", refund: { paymentId: "pay-1" as never, amount: 1, currency: "USD" } };
    expect(retiredOutboxPayload(refund, false)).toBe(refund);
  });
  it("blanks the address, name, zone and locale of a sent email and keeps the rest", () => {
    const kept = retiredOutboxPayload(email, true);
    expect(kept).toEqual({
      kind: "email",
      email: {
        template: "purchase-receipt",
        idempotencyKey: "receipt:pay-1",
        to: "",
        data: { learnerName: "", courseTitle: "Circuits", providerName: "ASU", creditHours: 3, amount: 60000, currency: "USD", completionSteps: true, timeZone: "UTC" },
      },
    });
    expect(retiredOutboxPayload(kept as OutboxPayload, true)).toBe(kept);
  });
});

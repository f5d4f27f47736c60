import { describe, expect, it } from "vitest";
import { createCreditService, type CreditObservation, type CreditServiceOptions } from "../../src/service/index.js";
import { err } from "../../src/result/index.js";
import { signEdxV1 } from "../../src/providers/index.js";
import { ADA, COURSE, makeEligible, setup, type Harness } from "./harness.js";

/** A monotonic timer that moves 5 ms every time it is read: durations are exact and repeatable. */
function steppingTimer(): () => number {
  let t = 1000;
  return () => (t += 5);
}

function observed(options: Omit<CreditServiceOptions, "observe"> = {}) {
  const records: CreditObservation[] = [];
  const h = setup({ service: { ...options, observe: (r) => void records.push(r), timer: steppingTimer() } });
  return { h, records };
}

const ofType = <T extends CreditObservation["type"]>(records: readonly CreditObservation[], type: T) =>
  records.filter((r): r is Extract<CreditObservation, { type: T }> => r.type === type);

async function signedCallback(requestId: string, status: string, at: Date, key = "first-secret") {
  const body = { request_uuid: requestId, status, timestamp: String(Math.floor(at.getTime() / 1000)) };
  return { ...body, signature: await signEdxV1(body, key) };
}

async function payAndRequest(h: Harness) {
  h.at("2026-07-01T12:00:00Z");
  const started = await h.service.startCheckout(ADA, COURSE, { providerId: "asu", method: "card", idempotencyKey: "k1" });
  if (!started.ok) throw new Error(started.error.message);
  await h.service.recordPaymentResult(ADA, COURSE, { checkoutId: started.value.checkoutId, outcome: "succeeded", paymentId: "pay-1", amount: 60000, currency: "USD" });
  const form = await h.service.requestCredit(ADA, COURSE);
  if (!form.ok) throw new Error(form.error.message);
  return form.value;
}

describe("observe: the records of a journey", () => {
  it("reports every command with its outcome and duration from the injected timer", async () => {
    const { h, records } = observed();
    await makeEligible(h);
    const refused = await h.service.startCheckout(ADA, COURSE, { providerId: "nobody", method: "card", idempotencyKey: "k0" });
    expect(refused.ok).toBe(false);
    const commands = ofType(records, "command");
    expect(commands.map((c) => c.command)).toEqual(["enroll", "recordInitialVerification", "updateGrade", "recordEvent", "recordEvent", "recordEvent", "startCheckout"]);
    expect(commands[0]).toEqual({ type: "command", command: "enroll", learnerId: "42", courseId: COURSE, outcome: "ok", durationMs: 5 });
    expect(commands.at(-1)).toMatchObject({ command: "startCheckout", outcome: "error", errorCode: "unknown-provider", durationMs: 5 });
  });

  it("reports each stored event with the log version, and the grant with its deadline", async () => {
    const { h, records } = observed();
    await makeEligible(h);
    const stored = ofType(records, "event-stored");
    expect(stored.map((r) => [r.event, r.version])).toEqual([
      ["enrolled", 1],
      ["initial-verification", 2],
      ["grade-updated", 3],
      ["exam-attempt", 4],
      ["exam-graded", 5],
      ["exam-reviewed", 6],
      ["eligibility-granted", 7],
    ]);
    expect(ofType(records, "eligibility-granted")).toEqual([{ type: "eligibility-granted", learnerId: ADA, courseId: COURSE, deadline: "2027-06-30T23:59:00.000Z" }]);
  });

  it("reports outbox attempts, deliveries and failures with an error code (never the error text)", async () => {
    const { h, records } = observed();
    await makeEligible(h);
    h.mailer.faults.failNext(1, "mailbox ada@example.org is full");
    await h.service.dispatchOutbox();
    await h.service.dispatchOutbox();
    h.at("2026-06-03T09:00:00Z");
    await h.service.dispatchOutbox();
    const outbox = records.filter((r) => r.type.startsWith("outbox-"));
    const ref = { messageId: expect.any(String), kind: "email", template: "eligibility", learnerId: ADA, courseId: COURSE };
    expect(outbox).toEqual([
      { type: "outbox-attempt", ...ref, attempt: 1 },
      { type: "outbox-failed", ...ref, attempt: 1, errorCode: "port-error", retryAt: "2026-06-03T08:00:01.000Z", durationMs: 5 },
      { type: "outbox-attempt", ...ref, attempt: 2 },
      { type: "outbox-delivered", ...ref, attempt: 2, durationMs: 5 },
    ]);
    expect(JSON.stringify(records)).not.toContain("ada@example.org");
  });

  it("reports a delivery that hangs past its timeout as `timeout`", async () => {
    const { h, records } = observed({ outbox: { timeoutMs: 20 } });
    await makeEligible(h);
    h.mailer.faults.hang();
    await h.service.dispatchOutbox();
    h.mailer.faults.release();
    expect(ofType(records, "outbox-failed").map((r) => r.errorCode)).toEqual(["timeout"]);
  });

  it("reports callback verdicts: recorded, duplicate, and refusals by code with the route's provider", async () => {
    const { h, records } = observed();
    await makeEligible(h);
    const form = await payAndRequest(h);
    const at = new Date("2026-07-09T09:00:00Z");
    h.at(at.toISOString());
    await h.service.handleProviderCallback("asu", await signedCallback(form.requestId, "approved", at));
    await h.service.handleProviderCallback("asu", await signedCallback(form.requestId, "approved", at));
    await h.service.handleProviderCallback("asu", await signedCallback(form.requestId, "approved", at, "wrong-key"));
    await h.service.handleProviderCallback("<script>", {});
    expect(ofType(records, "callback-verdict")).toEqual([
      { type: "callback-verdict", providerId: "asu", requestId: form.requestId, verdict: "recorded", status: "approved", durationMs: 5 },
      { type: "callback-verdict", providerId: "asu", requestId: form.requestId, verdict: "duplicate", status: "approved", durationMs: 5 },
      { type: "callback-verdict", providerId: "asu", verdict: "invalid-signature", durationMs: 5 },
      { type: "callback-verdict", verdict: "invalid-callback", durationMs: 5 },
    ]);
    expect(ofType(records, "command").filter((c) => c.command === "handleProviderCallback").map((c) => c.errorCode ?? "ok")).toEqual(["ok", "ok", "invalid-signature", "invalid-callback"]);
  });

  it("reports each version-conflict retry, and the give-up", async () => {
    const h = setup();
    let conflicts = 0;
    const store = {
      ...h.store,
      append: async (batch: Parameters<typeof h.store.append>[0]) => (conflicts-- > 0 ? err("version-conflict", "another writer") : h.store.append(batch)),
    };
    const records: CreditObservation[] = [];
    const service = createCreditService(
      { store, payments: h.payments, mailer: h.mailer, clock: h.clock, ids: h.ids, keys: h.keys, catalog: h.catalog },
      { maxRetries: 2, observe: (r) => void records.push(r) },
    );
    conflicts = 1;
    expect((await service.enroll(ADA, COURSE, { mode: "verified" })).ok).toBe(true);
    conflicts = 5;
    const gaveUp = await service.updateGrade(ADA, COURSE, { grade: 0.5 });
    expect(!gaveUp.ok && gaveUp.error.code).toBe("version-conflict");
    expect(ofType(records, "version-conflict").map((r) => [r.attempt, r.retrying])).toEqual([
      [1, true],
      [1, true],
      [2, true],
      [3, false],
    ]);
    expect(ofType(records, "command").map((c) => c.errorCode ?? "ok")).toEqual(["ok", "version-conflict"]);
  });
});

describe("observe: an observer never changes what the service does", () => {
  async function journey(h: Harness) {
    const answers: unknown[] = [];
    await makeEligible(h);
    answers.push(await h.service.dispatchOutbox());
    const form = await payAndRequest(h);
    answers.push(form.requestId);
    const at = new Date("2026-07-09T09:00:00Z");
    h.at(at.toISOString());
    answers.push(await h.service.handleProviderCallback("asu", await signedCallback(form.requestId, "approved", at)));
    answers.push(await h.service.dispatchOutbox());
    answers.push(await h.service.getState(ADA, COURSE));
    answers.push(await h.store.listOutbox(ADA, COURSE));
    return answers;
  }

  it("a throwing observer: every command answers and stores exactly as without one", async () => {
    let calls = 0;
    const throwing = setup({
      service: {
        observe: () => {
          calls++;
          throw new Error("observer down");
        },
      },
    });
    const plain = setup();
    expect(await journey(throwing)).toEqual(await journey(plain));
    expect(calls).toBeGreaterThan(20);
  });

  it("a rejecting async observer: no unhandled rejection, same answers", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const rejecting = setup({ service: { observe: async () => Promise.reject(new Error("observer down")) } });
      expect(await journey(rejecting)).toEqual(await journey(setup()));
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("without an observer the timer is never read", async () => {
    let reads = 0;
    const h = setup({ service: { timer: () => ++reads } });
    await journey(h);
    expect(reads).toBe(0);
  });
});

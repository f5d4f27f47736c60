import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createManualClock,
  createMemoryCatalog,
  createMemoryMailer,
  createMemoryPaymentGateway,
  createMemoryProviderKeys,
  createMemoryStore,
  createSequentialIds,
} from "../../src/adapters/memory/index.js";
import { parsePolicy } from "../../src/policy/schema.js";
import type { CoursePolicy } from "../../src/policy/index.js";
import type { LearnerProfile, SignedCreditRequestForm } from "../../src/ports/index.js";
import { signEdxV1 } from "../../src/providers/index.js";
import { createCreditService, type CreditObservation } from "../../src/service/index.js";
import {
  arbitraryLearnerEventInput,
  arbitraryLearnerProfile,
  arbitraryPolicyInput,
  arbitraryProvider,
  arbitraryPurchaseCommand,
  runPurchaseCommand,
  type PurchaseCommandInput,
} from "../../src/testing/index.js";

const DAY = 86_400_000;
/** Before every `endsAt` and `dueAt` the policy arbitrary draws, so the journey can reach a grant. */
const START = new Date("2025-05-01T09:00:00Z");
/** Marks personal strings so that a short or common one (the arbitraries draw "" and "a") is still unmistakable. */
const MARK = "ΨΩ§";

type Step =
  | { readonly kind: "event"; readonly event: Record<string, unknown> }
  | { readonly kind: "purchase"; readonly command: PurchaseCommandInput }
  | { readonly kind: "callback"; readonly status: "approved" | "rejected" | "pending"; readonly authentic: boolean }
  | { readonly kind: "dispatch"; readonly mailerFails: boolean; readonly senderFails: boolean }
  | { readonly kind: "reminders" }
  | { readonly kind: "advance"; readonly days: number };

/** Events that satisfy every active requirement of a policy, in an eligible enrollment. */
function satisfyAll(policy: CoursePolicy): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [{ type: "enrolled", mode: policy.eligibleModes[0] }, { type: "initial-verification", result: "approved" }];
  for (const r of policy.requirements) {
    switch (r.kind) {
      case "grade":
        out.push({ type: "grade-updated", grade: 1 });
        break;
      case "proctored-exam":
        out.push({ type: "exam-attempt", examId: r.id, status: "submitted" }, { type: "exam-graded", examId: r.id, score: 1 });
        out.push({ type: "exam-reviewed", examId: r.id, result: policy.proctoring.passingReviewResults[0], reviewer: "human" });
        break;
      case "identity-reverification":
        out.push({ type: "reverification", checkpointId: r.id, result: "approved" });
        break;
      case "custom":
        out.push({ type: "requirement-recorded", requirementId: r.id, status: "satisfied" });
        break;
    }
  }
  return out;
}

const world = fc
  .record({
    policyInput: arbitraryPolicyInput({ providerIds: ["asu", "hogwarts"] }),
    asu: arbitraryProvider({ id: "asu", integration: "signed-request" }),
    hogwarts: arbitraryProvider({ id: "hogwarts" }),
    learner: arbitraryLearnerProfile(),
    keys: fc.array(fc.stringMatching(/^[A-Za-z0-9+/]{16,40}$/), { minLength: 1, maxLength: 2 }),
    fastTrack: fc.boolean(),
  })
  .chain((w) => {
    // asu (signed requests) always has an offer, first, and is active: journeys then reach signed forms.
    const others = w.policyInput.offers.filter((o) => o.providerId !== "asu");
    const policy = parsePolicy({ ...w.policyInput, offers: [{ providerId: "asu", price: { amount: 60000, currency: "USD" }, creditHours: 3 }, ...others] });
    if (!policy.ok) throw new Error(policy.error.message);
    const prices = policy.value.offers.map((o) => o.price);
    const step: fc.Arbitrary<Step> = fc.oneof(
      { arbitrary: arbitraryLearnerEventInput(policy.value).map((event) => ({ kind: "event" as const, event })), weight: 3 },
      { arbitrary: arbitraryPurchaseCommand({ providerIds: ["asu", "hogwarts"], prices }).map((command) => ({ kind: "purchase" as const, command })), weight: 4 },
      {
        arbitrary: fc.record({ kind: fc.constant("callback" as const), status: fc.constantFrom("approved" as const, "rejected" as const, "pending" as const), authentic: fc.boolean() }),
        weight: 2,
      },
      { arbitrary: fc.record({ kind: fc.constant("dispatch" as const), mailerFails: fc.boolean(), senderFails: fc.boolean() }), weight: 2 },
      { arbitrary: fc.constant({ kind: "reminders" as const }), weight: 1 },
      { arbitrary: fc.record({ kind: fc.constant("advance" as const), days: fc.integer({ min: 1, max: 200 }) }), weight: 1 },
    );
    return fc.record({ w: fc.constant({ ...w, asu: { ...w.asu, active: true }, policy: policy.value }), steps: fc.array(step, { maxLength: 25 }) });
  });

/** The personal and secret strings of a world, as they would appear inside a JSON string. */
function forbiddenTexts(learner: LearnerProfile, keys: readonly string[], signatures: readonly string[], forms: readonly SignedCreditRequestForm[]): string[] {
  const personal = [learner.email, learner.username, learner.fullName, ...keys, ...signatures];
  for (const f of forms) for (const [k, v] of Object.entries(f.parameters)) if (k.startsWith("user_") && k !== "user_country" && v !== "") personal.push(v);
  return personal.map((s) => JSON.stringify(s).slice(1, -1));
}

const FORBIDDEN_KEYS = new Set(["email", "to", "username", "fullName", "learnerName", "mailingAddress", "signature", "parameters", "key", "keys", "message", "lastError"]);

function keysOf(value: unknown, out: string[] = []): string[] {
  if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      keysOf(v, out);
    }
  }
  return out;
}

describe("observe: nothing secret or personal in any record", () => {
  it("is a law: over random journeys, no record names the learner's email, username, full name, a provider key, a signature or a request parameter", async () => {
    const reached = new Set<string>();
    await fc.assert(
      fc.asyncProperty(world, async ({ w, steps }) => {
        const learner: LearnerProfile = { ...w.learner, username: MARK + w.learner.username, fullName: MARK + w.learner.fullName, email: `x${w.learner.email}` };
        const records: CreditObservation[] = [];
        const clock = createManualClock(START);
        const mailer = createMemoryMailer();
        const sent: SignedCreditRequestForm[] = [];
        let senderFails = false;
        const ports = {
          store: createMemoryStore(),
          payments: createMemoryPaymentGateway(),
          mailer,
          clock,
          ids: createSequentialIds(),
          keys: createMemoryProviderKeys({ asu: w.keys }),
          catalog: createMemoryCatalog({ policies: [w.policy], providers: [w.asu, w.hogwarts], learners: [learner] }),
          creditRequests: {
            send: async (form: SignedCreditRequestForm) => {
              sent.push(form);
              if (senderFails) throw new Error(`refused ${JSON.stringify(form.parameters)}`);
            },
          },
        };
        const service = createCreditService(ports, { observe: (r) => void records.push(r), timer: () => 0 });
        const l = learner.id;
        const c = w.policy.courseId;
        const signatures: string[] = [];
        const forms: SignedCreditRequestForm[] = [];
        const requestIds: string[] = [];
        const buy: Step[] = [
          { kind: "purchase", command: { type: "start-checkout", providerId: "asu", method: "card", idempotencyKey: "fast" } },
          { kind: "purchase", command: { type: "payment-result", checkoutId: "co-1", outcome: "succeeded", paymentId: "pay-fast", amount: 60000, currency: "USD" } },
          { kind: "purchase", command: { type: "request-credit" } },
        ];
        const prefix: Step[] = w.fastTrack ? [...satisfyAll(w.policy).map((event): Step => ({ kind: "event", event })), ...buy] : [];
        for (const step of [...prefix, ...steps]) {
          clock.advance(60_000);
          switch (step.kind) {
            case "event":
              await service.recordEvent(l, c, step.event);
              break;
            case "purchase": {
              const r = await runPurchaseCommand(service, l, c, step.command);
              if (r.ok && step.command.type === "request-credit") {
                const action = r.value as { kind: string; requestId: string; parameters?: Record<string, string> };
                requestIds.push(action.requestId);
                if (action.kind === "form" && action.parameters !== undefined) {
                  forms.push(action as unknown as SignedCreditRequestForm);
                  if (action.parameters["signature"] !== undefined) signatures.push(action.parameters["signature"]);
                }
              }
              break;
            }
            case "callback": {
              const requestId = requestIds.at(-1) ?? "557168d0f7664fe59097106c67c3f847";
              const body = { request_uuid: requestId, status: step.status, timestamp: String(Math.floor(clock.now().getTime() / 1000)) };
              const signature = await signEdxV1(body, step.authentic ? (w.keys[0] ?? "") : "not-the-key");
              signatures.push(signature);
              await service.handleProviderCallback("asu", { ...body, signature });
              break;
            }
            case "dispatch":
              if (step.mailerFails) mailer.faults.failNext(1, `mailbox ${learner.email} of ${learner.fullName} is full`);
              senderFails = step.senderFails;
              await service.dispatchOutbox();
              break;
            case "reminders":
              await service.sendDueReminders();
              break;
            case "advance":
              clock.advance(step.days * DAY);
              break;
          }
        }
        for (const f of sent) {
          forms.push(f);
          if (f.parameters["signature"] !== undefined) signatures.push(f.parameters["signature"]);
        }
        if (forms.length > 0) reached.add("signed form");
        for (const r of records) reached.add(r.type === "callback-verdict" ? `callback ${r.verdict}` : r.type);
        const text = JSON.stringify(records);
        for (const s of forbiddenTexts(learner, w.keys, signatures, forms)) expect(text).not.toContain(s);
        expect(keysOf(records).filter((k) => FORBIDDEN_KEYS.has(k))).toEqual([]);
        expect(records.every((r) => typeof r.type === "string")).toBe(true);
      }),
      { numRuns: 60 },
    );
    // The journeys must reach what could leak, or the law says nothing.
    for (const needed of ["signed form", "eligibility-granted", "outbox-delivered", "outbox-failed", "callback recorded", "callback invalid-signature"]) {
      expect(reached, needed).toContain(needed);
    }
  });
});

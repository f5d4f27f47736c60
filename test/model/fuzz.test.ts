import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ERROR_CODES,
  parseCourseKey,
  parseLearnerEvent,
  parsePolicy,
  parseProvider,
  parseProviders,
  toCourseId,
  toLearnerId,
  toProviderId,
  verifyProviderCallback,
  type CreditService,
  type Provider,
} from "academic-credit";
import {
  arbitraryCorruption,
  arbitraryCourseId,
  arbitraryHostileString,
  arbitraryJunk,
  arbitraryLearnerEventInput,
  arbitraryMalformed,
  arbitraryMalformedLearnerEvent,
  arbitraryMalformedPolicyInput,
  arbitraryMalformedProviderCallback,
  arbitraryMalformedProviderInput,
  arbitraryMalformedPurchaseCommand,
  arbitraryPolicyInput,
  arbitraryProviderCallback,
  arbitraryProviderInput,
  arbitraryPurchaseCommand,
  runPurchaseCommand,
  signProviderCallback,
} from "academic-credit/testing";
import { ADA, COURSE, makeEligible, setup } from "../service/harness.js";
import { runs } from "./runs.js";

// §13.6 "Any input, however malformed, yields a typed result; nothing throws past the public API",
// fuzzed on every public parser and on the service's methods.

/** A Result as the library promises it: ok with a value, or a CreditError with a known code, a message and well-formed issues. */
function expectTyped(r: unknown): void {
  expect(typeof r).toBe("object");
  const result = r as { ok: unknown; value?: unknown; error?: { code: unknown; message: unknown; issues?: unknown } };
  expect(typeof result.ok).toBe("boolean");
  if (result.ok === true) {
    expect("value" in result).toBe(true);
    return;
  }
  expect(ERROR_CODES).toContain(result.error?.code);
  expect(typeof result.error?.message).toBe("string");
  const issues = result.error?.issues;
  if (issues !== undefined) {
    expect(Array.isArray(issues)).toBe(true);
    for (const i of issues as { path: unknown; message: unknown }[]) {
      expect(Array.isArray(i.path)).toBe(true);
      for (const p of i.path as unknown[]) expect(["string", "number"]).toContain(typeof p);
      expect(typeof i.message).toBe("string");
    }
  }
}

const many = { numRuns: runs(1500) };

/** The `signature` a junk body carries, if it can be read at all. */
function readSignature(body: unknown): unknown {
  try {
    return (body as { signature?: unknown } | null)?.signature;
  } catch {
    return undefined;
  }
}

describe("§13.6 fuzzing the public parsers: typed results only, nothing throws", () => {
  it("parsePolicy: any junk or near-miss policy yields invalid-input with paths; every valid one parses", () => {
    fc.assert(fc.property(arbitraryMalformedPolicyInput(), (input) => expectTyped(parsePolicy(input))), many);
    fc.assert(fc.property(arbitraryPolicyInput(), (input) => {
      expect(parsePolicy(input).ok).toBe(true);
    }), { numRuns: runs(500) });
  });

  it("parsePolicy: a near miss that removes a required field or breaks a value is refused with an issue at a path", () => {
    fc.assert(
      fc.property(arbitraryPolicyInput(), fc.constantFrom("courseId", "title", "requirements", "offers"), (input, field) => {
        const { [field]: _dropped, ...rest } = input as unknown as Record<string, unknown>;
        const r = parsePolicy(rest);
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.error.code).toBe("invalid-input");
          expect(r.error.issues?.some((i) => i.path[0] === field)).toBe(true);
        }
      }),
      { numRuns: runs(300) },
    );
  });

  it("parseLearnerEvent: any junk or near-miss event yields a typed result; every valid one parses", () => {
    fc.assert(fc.property(arbitraryMalformedLearnerEvent(), (input) => expectTyped(parseLearnerEvent(input))), many);
    fc.assert(fc.property(arbitraryLearnerEventInput(), (input) => {
      expect(parseLearnerEvent(input).ok).toBe(true);
    }), { numRuns: runs(500) });
  });

  it("parseProvider and parseProviders: any junk or near-miss provider yields a typed result", () => {
    fc.assert(fc.property(arbitraryMalformedProviderInput(), (input) => expectTyped(parseProvider(input))), many);
    fc.assert(fc.property(fc.oneof(arbitraryJunk(), fc.array(arbitraryMalformed(arbitraryProviderInput()), { maxLength: 4 })), (input) => expectTyped(parseProviders(input))), many);
    fc.assert(fc.property(fc.array(arbitraryProviderInput(), { maxLength: 4 }), (list) => {
      const r = parseProviders(list);
      const unique = new Set(list.map((p) => p.id)).size === list.length;
      expect(r.ok).toBe(unique);
    }), { numRuns: runs(300) });
  });

  it("parseCourseKey: junk, hostile strings and valid keys all yield typed results; valid keys round-trip", () => {
    fc.assert(fc.property(fc.oneof(arbitraryJunk(), arbitraryHostileString()), (input) => expectTyped(parseCourseKey(input as string))), many);
    fc.assert(
      fc.property(arbitraryCourseId(), (courseId) => {
        const r = parseCourseKey(courseId);
        expect(r.ok).toBe(true);
        if (r.ok) expect(courseId.startsWith("course-v1:") ? `course-v1:${r.value.org}+${r.value.number}+${r.value.run}` : `${r.value.org}/${r.value.number}/${r.value.run}`).toBe(courseId);
      }),
      { numRuns: runs(500) },
    );
  });

  const asu: Provider = {
    id: toProviderId("asu"),
    displayName: "ASU",
    active: true,
    url: "https://asu.example.edu/credit",
    statusUrl: "https://asu.example.edu/status",
    integration: "signed-request",
    completionSteps: true,
  };
  const now = new Date("2026-07-09T09:00:00Z");
  const deps = (providerId: unknown) => ({
    providerId: providerId as string,
    findProvider: (id: string) => (id === "asu" ? asu : undefined),
    keys: () => ["asu-secret", "asu-old-secret"],
    findRequest: () => ({ providerId: asu.id, status: "pending" as const }),
    now,
  });

  it("verifyProviderCallback: any junk body or route yields a typed result that never echoes the signature", async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryMalformedProviderCallback({ now }), fc.oneof({ arbitrary: fc.constant("asu"), weight: 4 }, { arbitrary: arbitraryJunk(), weight: 1 }), async (body, route) => {
        const r = await verifyProviderCallback(body, deps(route));
        expectTyped(r);
        const signature = readSignature(body);
        if (!r.ok && typeof signature === "string" && signature.length >= 16) expect(JSON.stringify(r.error)).not.toContain(signature);
      }),
      many,
    );
  });

  it("verifyProviderCallback: well-formed bodies, signed or not, inside or outside the time window, yield typed results", async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryProviderCallback({ now }), fc.boolean(), async (body, sign) => {
        const sent = sign ? await signProviderCallback(body, "asu-old-secret") : body;
        const r = await verifyProviderCallback(sent, deps("asu"));
        expectTyped(r);
        const age = now.getTime() / 1000 - Number(body.timestamp);
        if (sign && age <= 900 && age >= -60) expect(r.ok).toBe(true);
        if (!sign) expect(r.ok).toBe(false);
      }),
      { numRuns: runs(500) },
    );
  });
});

describe("§13.6 fuzzing the service: every method answers a typed result for random JSON", () => {
  async function eligibleService(): Promise<CreditService> {
    const h = setup();
    await makeEligible(h);
    return h.service;
  }

  const ids = fc.oneof(
    { arbitrary: fc.constant({ learner: ADA as unknown, course: COURSE as unknown }), weight: 4 },
    { arbitrary: fc.record({ learner: arbitraryJunk(), course: fc.constant(COURSE as unknown) }), weight: 1 },
    { arbitrary: fc.record({ learner: fc.constant(ADA as unknown), course: arbitraryJunk() }), weight: 1 },
  );

  it("recordEvent with junk and near-miss events, and junk event ids", async () => {
    const service = await eligibleService();
    await fc.assert(
      fc.asyncProperty(ids, arbitraryMalformedLearnerEvent(), fc.option(fc.oneof(fc.string(), arbitraryJunk()), { nil: undefined }), async ({ learner, course }, event, eventId) => {
        expectTyped(await service.recordEvent(learner as never, course as never, event, eventId === undefined ? undefined : { eventId: eventId as string }));
      }),
      { numRuns: runs(400) },
    );
  });

  it("startCheckout, recordPaymentResult and recordDecision with junk and near-miss commands", async () => {
    const service = await eligibleService();
    await fc.assert(
      fc.asyncProperty(ids, fc.constantFrom("startCheckout", "recordPaymentResult", "recordDecision"), arbitraryMalformedPurchaseCommand({ providerIds: ["asu", "hogwarts"] }), async ({ learner, course }, method, command) => {
        const call = service[method] as (l: unknown, c: unknown, cmd: unknown) => Promise<unknown>;
        expectTyped(await call(learner, course, command));
      }),
      { numRuns: runs(400) },
    );
  });

  it("valid purchase commands in random order all answer typed results", async () => {
    const service = await eligibleService();
    await fc.assert(
      fc.asyncProperty(fc.array(arbitraryPurchaseCommand({ providerIds: ["asu", "hogwarts"] }), { maxLength: 8 }), async (commands) => {
        for (const c of commands) expectTyped(await runPurchaseCommand(service, toLearnerId(ADA), toCourseId(COURSE), c));
      }),
      { numRuns: runs(150) },
    );
  });

  it("handleProviderCallback with junk routes and bodies", async () => {
    const service = await eligibleService();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom("asu", "hogwarts", "nobody"), arbitraryJunk()), arbitraryMalformedProviderCallback(), async (route, body) => {
        expectTyped(await service.handleProviderCallback(route as string, body));
      }),
      { numRuns: runs(400) },
    );
  });

  it("queries, refund, requestCredit, reminders and recompute with junk ids", async () => {
    const service = await eligibleService();
    await fc.assert(
      fc.asyncProperty(ids, arbitraryJunk(), async ({ learner, course }, junk) => {
        const l = learner as never;
        const c = course as never;
        for (const r of [
          await service.getState(l, c),
          await service.progress(l, c),
          await service.checkoutOptions(l, c),
          await service.dashboard(l),
          await service.requestCredit(l, c),
          await service.refund(l, c),
          await service.sendDueReminders(junk as never),
          await service.recomputeCourse(junk as never),
          await service.dispatchOutbox(),
        ]) {
          expectTyped(r);
        }
      }),
      { numRuns: runs(200) },
    );
  });

  it("the typed convenience methods with JSON-shaped wrong fields", async () => {
    const service = await eligibleService();
    const fields = fc.oneof(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }), arbitraryCorruption(arbitraryLearnerEventInput()));
    await fc.assert(
      fc.asyncProperty(ids, fc.constantFrom("enroll", "changeEnrollmentMode", "recordInitialVerification", "updateGrade", "recordExamAttempt", "recordExamGrade", "recordExamReview", "recordReverification", "recordRequirement", "extendDeadline"), fields, async ({ learner, course }, method, f) => {
        if (f === null || typeof f !== "object") return;
        const call = service[method] as (l: unknown, c: unknown, e: unknown) => Promise<unknown>;
        expectTyped(await call(learner, course, f));
      }),
      { numRuns: runs(400) },
    );
  });
});

describe("§13.6 typed parameters given values their types forbid", () => {
  it("extendDeadline(learner, course, null) answers invalid-input instead of throwing", async () => {
    const h = setup();
    expectTyped(await h.service.extendDeadline(ADA, COURSE, null as never));
  });

  it("recordEvent(learner, course, event, null) answers a typed result instead of rejecting", async () => {
    const h = setup();
    expectTyped(await h.service.recordEvent(ADA, COURSE, { type: "unenrolled" }, null as never));
  });

  it("updateGrade(learner, course, fields) with a getter that throws answers invalid-input instead of throwing", async () => {
    const h = setup();
    const hostile = Object.defineProperty({}, "grade", { enumerable: true, get: () => { throw new Error("hostile getter"); } });
    expectTyped(await h.service.updateGrade(ADA, COURSE, hostile as never));
  });

  it("the same values through the untyped entry point (recordEvent's event) answer invalid-input", async () => {
    const h = setup();
    const hostile = Object.defineProperty({ type: "grade-updated" }, "grade", { enumerable: true, get: () => { throw new Error("hostile getter"); } });
    const r = await h.service.recordEvent(ADA, COURSE, hostile);
    expect(!r.ok && r.error.code).toBe("invalid-input");
    const n = await h.service.recordEvent(ADA, COURSE, null);
    expect(!n.ok && n.error.code).toBe("invalid-input");
  });
});

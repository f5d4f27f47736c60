import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import type { Requirement, ProctoringRules } from "../../src/policy/index.js";
import { evaluateRequirements, type RequirementContext } from "../../src/requirements/index.js";
import { customReq, examReq, gradeReq, id, reverReq, type Ev } from "./helpers.js";

const BASE = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
/** Instants on a coarse hourly grid, so equal instants are common. */
const instantArb = fc.integer({ min: 0, max: 400 }).map((h) => new Date(BASE + h * HOUR));
const unitArb = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 0.5, 0.6, 0.8, 0.8 - 1e-10, 1));

const examIds = ["e1", "e2", "e3", "ghost-exam"] as const;
const checkIds = ["r1", "r2", "ghost-check"] as const;
const customIds = ["c1", "c2", "ghost"] as const;

const rulesArb: fc.Arbitrary<ProctoringRules> = fc.record({
  passingReviewResults: fc.subarray(["clean", "rules-violation", "suspicious", "not-reviewed"] as const),
  requireSecondReview: fc.boolean(),
  declineCascades: fc.boolean(),
});

const requirementsArb: fc.Arbitrary<Requirement[]> = fc
  .record({
    minGrade: unitArb,
    scores: fc.tuple(unitArb, unitArb, unitArb),
    due: fc.tuple(fc.option(instantArb, { nil: undefined }), fc.option(instantArb, { nil: undefined })),
    active: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
  })
  .map(({ minGrade, scores, due, active }) => {
    const dueIso = (d: Date | undefined) => d?.toISOString();
    const all: Requirement[] = [
      gradeReq(minGrade, "grade", active[0]),
      examReq("e1", scores[0], active[1]),
      examReq("e2", scores[1], active[2]),
      examReq("e3", scores[2], active[3]),
      reverReq("r1", dueIso(due[0]), active[4]),
      reverReq("r2", dueIso(due[1]), active[5]),
      customReq("c1", active[6]),
      customReq("c2", active[7]),
    ];
    return all;
  });

const eventArb: fc.Arbitrary<Ev> = fc.oneof(
  fc.record({ type: fc.constant("grade-updated" as const), grade: unitArb, at: instantArb }),
  fc.record({
    type: fc.constant("exam-attempt" as const),
    examId: fc.constantFrom(...examIds).map(id),
    status: fc.constantFrom("started", "submitted", "timed-out", "declined", "error", "reset" as const),
    at: instantArb,
  }),
  fc.record({ type: fc.constant("exam-graded" as const), examId: fc.constantFrom(...examIds).map(id), score: unitArb, at: instantArb }),
  fc.record({
    type: fc.constant("exam-reviewed" as const),
    examId: fc.constantFrom(...examIds).map(id),
    result: fc.constantFrom("clean", "rules-violation", "suspicious", "not-reviewed" as const),
    reviewer: fc.constantFrom("automated", "human" as const),
    at: instantArb,
  }),
  fc.record({
    type: fc.constant("reverification" as const),
    checkpointId: fc.constantFrom(...checkIds).map(id),
    result: fc.constantFrom("submitted", "approved", "denied", "skipped", "system-error" as const),
    at: instantArb,
  }),
  fc.record({
    type: fc.constant("requirement-recorded" as const),
    requirementId: fc.constantFrom(...customIds).map(id),
    status: fc.constantFrom("pending", "submitted", "satisfied", "failed", "declined" as const),
    at: instantArb,
  }),
);

const ctxArb: fc.Arbitrary<RequirementContext> = fc
  .record({ now: instantArb, endsAt: fc.option(instantArb, { nil: undefined }), proctoring: rulesArb })
  .map(({ now, endsAt, proctoring }) => (endsAt === undefined ? { now, proctoring } : { now, endsAt, proctoring }));

const eventsArb = fc.array(eventArb, { maxLength: 40 });

/** Requirements whose events can influence each other: all proctored exams form one group (the decline cascade). */
function groupOf(e: Ev): string {
  switch (e.type) {
    case "grade-updated":
      return "grade";
    case "exam-attempt":
    case "exam-graded":
    case "exam-reviewed":
      return "exams";
    case "reverification":
      return `check:${e.checkpointId}`;
    case "requirement-recorded":
      return `custom:${e.requirementId}`;
  }
}

/** Interleaves the groups of `events` in another order chosen by `picks`, keeping each group's own order. */
function reinterleave(events: readonly Ev[], picks: readonly number[]): Ev[] {
  const queues = new Map<string, Ev[]>();
  for (const e of events) {
    const key = groupOf(e);
    queues.set(key, [...(queues.get(key) ?? []), e]);
  }
  const out: Ev[] = [];
  let i = 0;
  while (queues.size > 0) {
    const keys = [...queues.keys()];
    const key = keys[(picks[i % Math.max(picks.length, 1)] ?? 0) % keys.length] as string;
    i += 1;
    const queue = queues.get(key) ?? [];
    const [head, ...rest] = queue;
    if (head !== undefined) out.push(head);
    if (rest.length === 0) queues.delete(key);
    else queues.set(key, rest);
  }
  return out;
}

describe("§5 requirement evaluation laws", () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it("never throws and gives one status per active requirement, in policy order", () => {
    fc.assert(
      fc.property(requirementsArb, eventsArb, ctxArb, (reqs, events, ctx) => {
        const statuses = evaluateRequirements(reqs, events, ctx);
        expect(statuses.map((s) => s.requirementId)).toEqual(reqs.filter((r) => r.active).map((r) => r.id));
      }),
    );
  });

  it("every status is well formed: pending has no `at`, any other status has an `at` no later than now", () => {
    fc.assert(
      fc.property(requirementsArb, eventsArb, ctxArb, (reqs, events, ctx) => {
        for (const s of evaluateRequirements(reqs, events, ctx)) {
          if (s.status === "pending") expect(s.at).toBeUndefined();
          else expect(s.at?.getTime()).toBeLessThanOrEqual(ctx.now.getTime());
        }
      }),
    );
  });

  it("is deterministic: evaluating the same input twice gives equal results and leaves the input unchanged", () => {
    fc.assert(
      fc.property(requirementsArb, eventsArb, ctxArb, (reqs, events, ctx) => {
        const before = events.map((e) => ({ ...e }));
        const first = evaluateRequirements(reqs, events, ctx);
        const second = evaluateRequirements(reqs, events, ctx);
        expect(second).toEqual(first);
        expect(events).toEqual(before);
      }),
    );
  });

  it("is independent of how unrelated requirements' events interleave in the log", () => {
    fc.assert(
      fc.property(requirementsArb, eventsArb, ctxArb, fc.array(fc.nat(), { minLength: 1, maxLength: 60 }), (reqs, events, ctx, picks) => {
        const shuffled = reinterleave(events, picks);
        expect(evaluateRequirements(reqs, shuffled, ctx)).toEqual(evaluateRequirements(reqs, events, ctx));
      }),
    );
  });

  it("ignores the future: events stamped after now never change the result", () => {
    fc.assert(
      fc.property(requirementsArb, eventsArb, eventsArb, ctxArb, (reqs, events, extra, ctx) => {
        const future = extra.map((e) => ({ ...e, at: new Date(ctx.now.getTime() + 1 + e.at.getTime() - BASE) }));
        expect(evaluateRequirements(reqs, [...events, ...future], ctx)).toEqual(evaluateRequirements(reqs, events, ctx));
      }),
    );
  });

  it("never depends on the process time zone (instants are compared as instants)", () => {
    fc.assert(
      fc.property(requirementsArb, eventsArb, ctxArb, (reqs, events, ctx) => {
        process.env.TZ = "UTC";
        const utc = evaluateRequirements(reqs, events, ctx);
        for (const zone of ["America/Los_Angeles", "Pacific/Chatham", "Asia/Kolkata"]) {
          process.env.TZ = zone;
          expect(evaluateRequirements(reqs, events, ctx)).toEqual(utc);
        }
      }),
      { numRuns: 50 },
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateEligibility } from "../../src/eligibility/evaluate.js";
import { toCourseId, toLearnerId } from "../../src/ids/index.js";
import { decodeJourneyEvent, encodeJourneyEvent } from "../../src/journey/codec.js";
import type { LearnerEvent } from "../../src/journey/events.js";
import { emptyRecord, replay } from "../../src/journey/record.js";
import { reduceJourney } from "../../src/journey/reducer.js";
import { dueReminders } from "../../src/journey/reminders.js";
import { parseLearnerEvent } from "../../src/journey/schema.js";
import { parsePolicy } from "../../src/policy/schema.js";
import { at, passesEverything, policy, rid, run } from "../fixtures.js";

const P = policy({
  requirements: [
    { kind: "grade", id: "grade", minGrade: 0.8 },
    { kind: "proctored-exam", id: "final-exam", displayName: "Final exam", passingScore: 0.6 },
    { kind: "proctored-exam", id: "midterm", displayName: "Midterm", passingScore: 0.5 },
    { kind: "identity-reverification", id: "photo", displayName: "Photo ID", dueAt: "2026-04-01T00:00:00Z" },
    { kind: "custom", id: "essay", displayName: "Essay" },
  ],
});

const examId = fc.constantFrom(rid("final-exam"), rid("midterm"), rid("unknown-exam"));
const eventArb: fc.Arbitrary<LearnerEvent> = fc.oneof(
  fc.constantFrom("verified", "audit", "professional").map((mode) => ({ type: "enrolled" as const, mode })),
  fc.constantFrom("verified", "audit").map((mode) => ({ type: "enrollment-mode-changed" as const, mode })),
  fc.constant({ type: "unenrolled" as const }),
  fc.constantFrom("submitted", "approved", "denied", "expired" as const).map((result) => ({ type: "initial-verification" as const, result })),
  fc.double({ min: 0, max: 1, noNaN: true }).map((grade) => ({ type: "grade-updated" as const, grade })),
  fc.record({ examId, status: fc.constantFrom("started", "submitted", "timed-out", "declined", "error", "reset" as const) }).map((e) => ({ type: "exam-attempt" as const, ...e })),
  fc.record({ examId, score: fc.double({ min: 0, max: 1, noNaN: true }) }).map((e) => ({ type: "exam-graded" as const, ...e })),
  fc
    .record({ examId, result: fc.constantFrom("clean", "rules-violation", "suspicious", "not-reviewed" as const), reviewer: fc.constantFrom("automated", "human" as const) })
    .map((e) => ({ type: "exam-reviewed" as const, ...e })),
  fc.constantFrom("submitted", "approved", "denied", "skipped", "system-error" as const).map((result) => ({ type: "reverification" as const, checkpointId: rid("photo"), result })),
  fc.constantFrom("pending", "submitted", "satisfied", "failed", "declined" as const).map((status) => ({ type: "requirement-recorded" as const, requirementId: rid("essay"), status })),
);
const start = at("2026-01-01T00:00:00Z").getTime();
const timed = fc.array(fc.tuple(fc.integer({ min: 0, max: 400 * 86_400_000 }), eventArb), { maxLength: 40 }).map((list) =>
  list.sort((a, b) => a[0] - b[0]).map(([offset, e]) => ({ ...e, at: new Date(start + offset) })),
);

/** Satisfies all five requirements; eligibility is granted on June 3, 10:00. */
const grantedRecord = run(P, [
  ...passesEverything,
  ["2026-06-03T09:00:00Z", { type: "exam-attempt", examId: rid("midterm"), status: "submitted" }],
  ["2026-06-03T09:00:00Z", { type: "exam-graded", examId: rid("midterm"), score: 0.9 }],
  ["2026-06-03T09:00:00Z", { type: "exam-reviewed", examId: rid("midterm"), result: "clean", reviewer: "human" }],
  ["2026-02-01T00:00:00Z", { type: "reverification", checkpointId: rid("photo"), result: "approved" }],
  ["2026-06-03T10:00:00Z", { type: "requirement-recorded", requirementId: rid("essay"), status: "satisfied" }],
]).record;

function reduceAll(events: readonly (LearnerEvent & { at: Date })[]) {
  let record = emptyRecord(toLearnerId("42"), toCourseId(P.courseId));
  for (const e of events) {
    const r = reduceJourney(record, e, P);
    if (r.ok) record = r.value.record;
  }
  return record;
}

function withTimeZone<T>(zone: string, f: () => T): T {
  const before = process.env.TZ;
  process.env.TZ = zone;
  try {
    return f();
  } finally {
    process.env.TZ = before;
  }
}

describe("journey laws", () => {
  it("replay is deterministic: replaying the stored log gives the record the reducer built", () => {
    fc.assert(
      fc.property(timed, (events) => {
        const record = reduceAll(events);
        const again = replay(record.learnerId, record.courseId, record.events);
        expect(again).toEqual(record);
        expect(replay(record.learnerId, record.courseId, record.events)).toEqual(again);
      }),
      { numRuns: 300 },
    );
  });

  it("replay survives the JSON codec: encode → JSON text → decode gives the same record", () => {
    fc.assert(
      fc.property(timed, (events) => {
        const record = reduceAll(events);
        const text = JSON.stringify(record.events.map(encodeJourneyEvent));
        const decoded = (JSON.parse(text) as unknown[]).map(decodeJourneyEvent);
        expect(replay(record.learnerId, record.courseId, decoded)).toEqual(record);
      }),
      { numRuns: 200 },
    );
  });

  it("results do not depend on the process time zone", () => {
    fc.assert(
      fc.property(timed, fc.integer({ min: 0, max: 800 * 86_400_000 }), (events, offset) => {
        const now = new Date(start + offset);
        const zones = ["UTC", "Pacific/Kiritimati", "America/Los_Angeles", "Asia/Kathmandu"];
        const results = zones.map((zone) =>
          withTimeZone(zone, () => {
            const record = reduceAll(events);
            return JSON.stringify({ record, evaluation: evaluateEligibility(P, record, now) });
          }),
        );
        expect(new Set(results).size).toBe(1);
      }),
      { numRuns: 100 },
    );
  });

  it("eligibility once granted is never revoked and requirement statuses never change after it", () => {
    const granted = grantedRecord;
    expect(granted.grant).toBeDefined();
    const later = at("2026-06-04T00:00:00Z").getTime();
    const after = fc.array(fc.tuple(fc.integer({ min: 0, max: 300 * 86_400_000 }), eventArb), { maxLength: 30 });
    fc.assert(
      fc.property(after, fc.integer({ min: 0, max: 1000 * 86_400_000 }), (list, nowOffset) => {
        const frozen = evaluateEligibility(P, granted, at("2026-06-04T00:00:00Z")).requirements.map((r) => r.status);
        let record = granted;
        for (const [offset, e] of list.sort((a, b) => a[0] - b[0])) {
          const r = reduceJourney(record, { ...e, at: new Date(later + offset) }, P);
          if (r.ok) record = r.value.record;
        }
        const e = evaluateEligibility(P, record, new Date(later + nowOffset));
        expect(["eligible", "expired"]).toContain(e.status);
        expect(e.requirements.map((r) => r.status)).toEqual(frozen);
        expect(record.events.filter((x) => x.type === "eligibility-granted")).toHaveLength(1);
      }),
      { numRuns: 200 },
    );
  });

  it("a random malformed event gives a typed invalid-input error, never an exception", () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const r = parseLearnerEvent(input);
        if (!r.ok) {
          expect(r.error.code).toBe("invalid-input");
          expect(r.error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("a random malformed policy gives a typed invalid-input error, never an exception", () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.record({ courseId: fc.anything(), title: fc.anything(), requirements: fc.anything(), offers: fc.anything() })), (input) => {
        const r = parsePolicy(input);
        if (!r.ok) expect(r.error.code).toBe("invalid-input");
      }),
      { numRuns: 1000 },
    );
  });
});

describe("schemas name the JSON path and the reason", () => {
  it("an out-of-range grade names `grade`", () => {
    const r = parseLearnerEvent({ type: "grade-updated", grade: 1.5 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.issues?.[0]?.path).toEqual(["grade"]);
      expect(r.error.message).toContain("grade: must be between 0 and 1");
    }
  });

  it("a policy with a bad requirement names its index and field", () => {
    const r = parsePolicy({ courseId: "c", title: "T", requirements: [{ kind: "grade", id: "g" }, { kind: "grade", id: "g" }], offers: [] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues).toContainEqual({ path: ["requirements", 1, "id"], message: 'duplicate requirement id "g"' });
  });

  it("§5.2 exam events take an optional attemptId, a non-empty string of at most 255 characters, kept by the JSON codec", () => {
    for (const e of [
      { type: "exam-attempt", examId: "final-exam", status: "reset", attemptId: "attempt-7" },
      { type: "exam-graded", examId: "final-exam", score: 0.5, attemptId: "a".repeat(255) },
      { type: "exam-reviewed", examId: "final-exam", result: "clean", reviewer: "human", attemptId: "é" },
    ]) {
      const r = parseLearnerEvent(e);
      expect(r, JSON.stringify(e)).toEqual({ ok: true, value: e });
      const stored = { ...(r.ok ? r.value : e), at: at("2026-06-01T00:00:00Z") } as Parameters<typeof encodeJourneyEvent>[0];
      expect(decodeJourneyEvent(encodeJourneyEvent(stored))).toEqual(stored);
    }
    for (const attemptId of ["", "a".repeat(256), 7, null]) {
      const r = parseLearnerEvent({ type: "exam-graded", examId: "final-exam", score: 0.5, attemptId });
      expect(!r.ok && r.error.issues?.[0]?.path, String(attemptId)).toEqual(["attemptId"]);
    }
    // Only exam events carry one.
    expect(parseLearnerEvent({ type: "grade-updated", grade: 0.5, attemptId: "a" }).ok).toBe(false);
  });

  it("an instant without an offset is refused", () => {
    const r = parseLearnerEvent({ type: "deadline-extended", until: "2026-03-01T12:00:00" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues?.[0]?.path).toEqual(["until"]);
  });
});

describe("§10 deadline reminders", () => {
  const granted = grantedRecord;
  const deadline = at("2027-06-30T23:59:00Z");

  it("§10 nothing is due more than 30 days before the deadline", () => {
    expect(dueReminders(P, granted, at("2027-05-31T23:58:59Z"))).toEqual([]);
  });

  it("§10 the 30-day reminder is due 30 days before the deadline", () => {
    expect(dueReminders(P, granted, at("2027-05-31T23:59:00Z")).map((r) => r.daysLeft)).toEqual([30]);
  });

  it("§10 a scheduler that first runs when both are due sends only the 7-day one", () => {
    expect(dueReminders(P, granted, at("2027-06-25T00:00:00Z")).map((r) => r.daysLeft)).toEqual([7]);
  });

  it("§10 each reminder at most once per deadline; an extension starts a new pair", () => {
    const sent = run(P, [], { record: granted, effects: [] }).record;
    const withSent = { ...sent, events: [...sent.events, { type: "reminder-sent" as const, at: at("2027-06-01T00:00:00Z"), deadline, daysLeft: 30 as const }] };
    expect(dueReminders(P, withSent, at("2027-06-02T00:00:00Z"))).toEqual([]);
    const extended = reduceJourney(withSent, { type: "deadline-extended", until: at("2027-09-30T00:00:00Z"), at: at("2027-06-02T00:00:00Z") }, P);
    expect(extended.ok).toBe(true);
    if (extended.ok) expect(dueReminders(P, extended.value.record, at("2027-09-01T00:00:00Z")).map((r) => r.deadline)).toEqual([at("2027-09-30T00:00:00Z")]);
  });

  it("§10 no reminder after the deadline or before eligibility", () => {
    expect(dueReminders(P, granted, deadline)).toEqual([]);
    expect(dueReminders(P, emptyRecord(toLearnerId("1"), toCourseId(P.courseId)), at("2027-06-25T00:00:00Z"))).toEqual([]);
  });
});

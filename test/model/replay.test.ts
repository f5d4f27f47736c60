import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  appendEvents,
  decodeJourneyEvent,
  emptyRecord,
  encodeJourneyEvent,
  evaluateEligibility,
  reduceJourney,
  replay,
  toCourseId,
  toLearnerId,
  toProgressView,
  type CoursePolicy,
  type JourneyEvent,
  type LearnerEvent,
} from "academic-credit";
import { arbitraryLearnerEvent, arbitraryPolicy } from "academic-credit/testing";
import { runs } from "./runs.js";

// §13.5 "Replaying the same event log gives the same state, whatever the host's time zone", on
// the pure core: random policies, random LMS event sequences through the reducer at random
// instants, replayed under other process time zones and through the JSON codec.

const ZONES = ["UTC", "Pacific/Kiritimati", "America/Los_Angeles", "Asia/Kathmandu", "Australia/Lord_Howe", "Pacific/Chatham"];
const learner = toLearnerId("42");

function inZone<T>(zone: string, f: () => T): T {
  const saved = process.env["TZ"];
  process.env["TZ"] = zone;
  try {
    return f();
  } finally {
    process.env["TZ"] = saved;
  }
}

const journey = arbitraryPolicy({ around: new Date("2026-04-01T00:00:00Z"), spreadDays: 120 }).chain((policy) =>
  fc.record({
    policy: fc.constant(policy),
    steps: fc.array(fc.record({ event: arbitraryLearnerEvent(policy, { around: new Date("2026-06-01T00:00:00Z") }), gapMinutes: fc.oneof(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 90 * 24 * 60 })) }), { maxLength: 30 }),
    now: fc.integer({ min: 0, max: 900 * 24 * 60 }),
  }),
);

function logOf(policy: CoursePolicy, steps: readonly { readonly event: LearnerEvent; readonly gapMinutes: number }[]): JourneyEvent[] {
  let record = emptyRecord(learner, toCourseId(policy.courseId));
  let t = Date.parse("2026-01-10T09:00:00Z");
  for (const { event, gapMinutes } of steps) {
    t += gapMinutes * 60_000;
    const r = reduceJourney(record, { ...event, at: new Date(t) }, policy);
    if (r.ok) record = r.value.record;
  }
  return [...record.events];
}

function stateOf(policy: CoursePolicy, events: readonly JourneyEvent[], now: Date): string {
  const record = replay(learner, toCourseId(policy.courseId), events);
  const evaluation = evaluateEligibility(policy, record, now);
  return JSON.stringify({ record, evaluation, progress: toProgressView(policy, evaluation, { timeZone: "America/New_York" }) });
}

describe("§13.5 replay is a pure function of the log, in every time zone", () => {
  it("§13.5 the same log gives the same record, evaluation and progress view under six process time zones", () => {
    fc.assert(
      fc.property(journey, fc.constantFrom(...ZONES), ({ policy, steps, now }, zone) => {
        const events = logOf(policy, steps);
        const at = new Date(Date.parse("2026-01-10T09:00:00Z") + now * 60_000);
        expect(inZone(zone, () => stateOf(policy, events, at))).toBe(inZone("UTC", () => stateOf(policy, events, at)));
      }),
      { numRuns: runs(300) },
    );
  });

  it("§13.5 the log stored as JSON and read back replays to the same state", () => {
    fc.assert(
      fc.property(journey, ({ policy, steps, now }) => {
        const events = logOf(policy, steps);
        const decoded = (JSON.parse(JSON.stringify(events.map(encodeJourneyEvent))) as unknown[]).map(decodeJourneyEvent);
        const at = new Date(Date.parse("2026-01-10T09:00:00Z") + now * 60_000);
        expect(stateOf(policy, decoded, at)).toBe(stateOf(policy, events, at));
      }),
      { numRuns: runs(300) },
    );
  });

  it("§13.5 replay is a fold: replaying a prefix and appending the rest equals replaying the whole log", () => {
    fc.assert(
      fc.property(journey, fc.nat(), ({ policy, steps }, cut) => {
        const events = logOf(policy, steps);
        const k = events.length === 0 ? 0 : cut % (events.length + 1);
        const course = toCourseId(policy.courseId);
        expect(JSON.stringify(appendEvents(replay(learner, course, events.slice(0, k)), events.slice(k)))).toBe(JSON.stringify(replay(learner, course, events)));
      }),
      { numRuns: runs(300) },
    );
  });

  it("§13.4 along any log, once granted the grant never changes and the status stays eligible or expired", () => {
    fc.assert(
      fc.property(journey, ({ policy, steps }) => {
        const events = logOf(policy, steps);
        const course = toCourseId(policy.courseId);
        let granted: string | undefined;
        for (let k = 1; k <= events.length; k++) {
          const record = replay(learner, course, events.slice(0, k));
          const last = events[k - 1] as JourneyEvent;
          if (granted !== undefined) {
            expect(JSON.stringify(record.grant?.requirements)).toBe(granted);
            expect(["eligible", "expired"]).toContain(evaluateEligibility(policy, record, last.at).status);
          } else if (record.grant !== undefined) {
            granted = JSON.stringify(record.grant.requirements);
          }
        }
      }),
      { numRuns: runs(300) },
    );
  });
});

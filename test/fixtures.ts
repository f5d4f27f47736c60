import { parsePolicy, type CoursePolicyInput } from "../src/policy/schema.js";
import type { CoursePolicy } from "../src/policy/index.js";
import { emptyRecord, type LearnerRecord } from "../src/journey/record.js";
import { reduceJourney, type JourneyEffect } from "../src/journey/reducer.js";
import type { LearnerEvent } from "../src/journey/events.js";
import { toCourseId, toLearnerId, toRequirementId } from "../src/ids/index.js";

export const rid = toRequirementId;

export const at = (iso: string): Date => new Date(iso);

export function policy(overrides: { [K in keyof CoursePolicyInput]?: CoursePolicyInput[K] | undefined } = {}): CoursePolicy {
  const r = parsePolicy({
    courseId: "course-v1:MITx+6.002x+2026_T1",
    title: "Circuits and Electronics",
    endsAt: "2026-06-30T23:59:00Z",
    requirements: [
      { kind: "grade", id: "grade", minGrade: 0.8 },
      { kind: "proctored-exam", id: "final-exam", displayName: "Final exam", passingScore: 0.6 },
    ],
    offers: [{ providerId: "asu", price: { amount: 60000, currency: "USD" }, creditHours: 3 }],
    ...overrides,
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

export interface Journey {
  record: LearnerRecord;
  effects: JourneyEffect[];
}

/** Runs LMS events through the reducer; throws on a refusal (tests that expect one call reduceJourney directly). */
export function run(p: CoursePolicy, steps: readonly [string, LearnerEvent][], start?: Journey): Journey {
  let record = start?.record ?? emptyRecord(toLearnerId("42"), toCourseId(p.courseId));
  const effects = [...(start?.effects ?? [])];
  for (const [iso, event] of steps) {
    const r = reduceJourney(record, { ...event, at: new Date(iso) }, p);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    record = r.value.record;
    effects.push(...r.value.effects);
  }
  return { record, effects };
}

/** Enrolled verified with approved initial verification on Jan 10. */
export const verifiedLearner: readonly [string, LearnerEvent][] = [
  ["2026-01-10T09:00:00Z", { type: "enrolled", mode: "verified" }],
  ["2026-01-10T09:05:00Z", { type: "initial-verification", result: "approved" }],
];

/** Grade 0.85 and a clean, passing final exam by June 3. */
export const passesEverything: readonly [string, LearnerEvent][] = [
  ...verifiedLearner,
  ["2026-05-01T10:00:00Z", { type: "grade-updated", grade: 0.85 }],
  ["2026-06-01T10:00:00Z", { type: "exam-attempt", examId: rid("final-exam"), status: "submitted" }],
  ["2026-06-01T11:00:00Z", { type: "exam-graded", examId: rid("final-exam"), score: 0.7 }],
  ["2026-06-03T08:00:00Z", { type: "exam-reviewed", examId: rid("final-exam"), result: "clean", reviewer: "automated" }],
];

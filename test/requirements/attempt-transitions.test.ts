import { describe, expect, it } from "vitest";
import {
  EXAM_ATTEMPT_ANY_STATE,
  EXAM_ATTEMPT_TABLE_RULES,
  EXAM_ATTEMPT_TRANSITIONS,
} from "../../src/requirements/attempt-transitions.js";
import { nextAttemptState, type ExamAttempt } from "../../src/requirements/proctored-exam.js";
import type { ExamAttemptState } from "../../src/requirements/types.js";

const STATES: readonly ExamAttemptState[] = [
  "not-started",
  "started",
  "submitted",
  "verified",
  "second-review-required",
  "rejected",
  "error",
  "declined",
];

/** An attempt in a given state, as the usual path leaves it (a second review follows a failing automated one). */
function attemptIn(state: ExamAttemptState): ExamAttempt {
  if (state === "second-review-required") return { state, review: { result: "suspicious", reviewer: "automated" } };
  return { state };
}

describe("EXAM_ATTEMPT_TRANSITIONS (the table behind the exam attempt diagram of docs/concepts.md)", () => {
  it.each(EXAM_ATTEMPT_TRANSITIONS.map((t) => [`${t.from} --${t.label}--> ${t.to}`, t] as const))("§5.2 row %s holds for nextAttemptState", (_, row) => {
    expect(nextAttemptState(attemptIn(row.from), row.input, EXAM_ATTEMPT_TABLE_RULES).state).toBe(row.to);
  });

  it("§5.2 timed-out counts as submitted (the started --submitted or timed-out--> submitted row)", () => {
    expect(nextAttemptState(attemptIn("started"), { type: "exam-attempt", status: "timed-out" }, EXAM_ATTEMPT_TABLE_RULES).state).toBe("submitted");
  });

  it("§5.2 the rows' review results agree with the table's rules (a passing label uses a passing result)", () => {
    for (const row of EXAM_ATTEMPT_TRANSITIONS) {
      if (row.input.type !== "exam-reviewed") continue;
      const passing = EXAM_ATTEMPT_TABLE_RULES.passingReviewResults.includes(row.input.result);
      expect(row.label.startsWith("passing"), row.label).toBe(passing);
    }
  });

  it.each(STATES)("§5.2 from %s, a staff reset starts over and a grade leaves the state as it is", (state) => {
    for (const rule of EXAM_ATTEMPT_ANY_STATE) {
      const next = nextAttemptState(attemptIn(state), rule.input, EXAM_ATTEMPT_TABLE_RULES);
      expect(next.state).toBe(rule.to === "unchanged" ? state : rule.to);
    }
  });

  it("every attempt state is on the usual path", () => {
    expect(new Set(EXAM_ATTEMPT_TRANSITIONS.flatMap((t) => [t.from, t.to])).size).toBe(STATES.length);
  });
});

import type { CourseId, LearnerId } from "../ids/index.js";
import { err, ok, type Result } from "../result/index.js";

const bad = (v: unknown): boolean => typeof v !== "string" || v.length === 0 || v.length > 255;

/** Internal: a learner id must be a non-empty string of reasonable length. */
export function checkLearnerId(learnerId: LearnerId): Result<true> {
  return bad(learnerId)
    ? err("invalid-input", "Invalid learner id: expected a non-empty string of at most 255 characters", { issues: [{ path: ["learnerId"], message: "expected a non-empty string" }] })
    : ok(true);
}

/** Internal: learner and course ids must be non-empty strings of reasonable length. */
export function checkIds(learnerId: LearnerId, courseId: CourseId): Result<true> {
  const learner = checkLearnerId(learnerId);
  if (!learner.ok) return learner;
  if (bad(courseId)) return err("invalid-input", "Invalid course id: expected a non-empty string of at most 255 characters", { issues: [{ path: ["courseId"], message: "expected a non-empty string" }] });
  return ok(true);
}

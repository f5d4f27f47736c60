import { err, ok, type Result } from "../result/index.js";

/**
 * The parts of an Open edX course key that a credit request sends as `course_org`, `course_num`
 * and `course_run`.
 *
 * @example
 * ```ts
 * import type { CourseKey } from "academic-credit";
 * const key: CourseKey = { org: "MITx", number: "6.002x", run: "2026_T1" };
 * ```
 */
export interface CourseKey {
  readonly org: string;
  readonly number: string;
  readonly run: string;
}

/** One part of a course key: Open edX's allowed id characters (word characters, `-`, `~`, `.`, `:`). */
const PART = /^[\p{L}\p{N}_~.:-]+$/u;
const PREFIX = "course-v1:";

/**
 * Splits a course id into organisation, number and run (docs/rules.md §3). Accepts `course-v1:Org+Num+Run`
 * and the older `Org/Num/Run`; anything else (other prefixes, branch or version suffixes, empty
 * parts) is refused.
 *
 * @param courseId - the course id.
 * @returns the parts, or `invalid-input`.
 * @example
 * ```ts
 * import { parseCourseKey } from "academic-credit";
 * const r = parseCourseKey("course-v1:MITx+6.002x+2026_T1");
 * if (r.ok) r.value.run; // "2026_T1"
 * ```
 */
export function parseCourseKey(courseId: string): Result<CourseKey> {
  if (typeof courseId === "string") {
    const parts = courseId.startsWith(PREFIX) ? courseId.slice(PREFIX.length).split("+") : courseId.split("/");
    const [org, number, run] = parts;
    if (parts.length === 3 && org !== undefined && number !== undefined && run !== undefined && parts.every((p) => PART.test(p))) {
      return ok({ org, number, run });
    }
  }
  return err("invalid-input", "Invalid course id: expected course-v1:Org+Number+Run or Org/Number/Run", {
    issues: [{ path: [], message: "expected course-v1:Org+Number+Run or Org/Number/Run" }],
  });
}

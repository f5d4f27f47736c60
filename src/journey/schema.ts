import * as z from "zod/mini";
import type { RequirementId } from "../ids/index.js";
import { reviewResultSchema } from "../policy/schema.js";
import type { Result } from "../result/index.js";
import { parseWith, strictObject } from "../result/parse.js";
import { instantSchema } from "../time/schema.js";
import type { LearnerEvent } from "./events.js";

const unit = /* @__PURE__ */ (() =>
  z.number().check(z.gte(0, { error: "must be between 0 and 1" }), z.lte(1, { error: "must be between 0 and 1" })))();
const reqId = /* @__PURE__ */ (() =>
  z.pipe(
    z.string().check(z.minLength(1, { error: "must not be empty" }), z.maxLength(255)),
    z.transform((s: string) => s as RequirementId),
  ))();
const attemptId = /* @__PURE__ */ (() =>
  z.optional(z.string().check(z.minLength(1, { error: "must not be empty" }), z.maxLength(255))))();
const mode = /* @__PURE__ */ (() =>
  z.string().check(z.minLength(1, { error: "must not be empty" }), z.maxLength(64)))();

/** The zod schema of an LMS event (docs/rules.md §4–§6). Internal. */
export const learnerEventSchema = /* @__PURE__ */ (() =>
  z.discriminatedUnion("type", [
    strictObject({ type: z.literal("enrolled"), mode }),
    strictObject({ type: z.literal("enrollment-mode-changed"), mode }),
    strictObject({ type: z.literal("unenrolled") }),
    strictObject({ type: z.literal("initial-verification"), result: z.enum(["submitted", "approved", "denied", "expired"]) }),
    strictObject({ type: z.literal("grade-updated"), grade: unit }),
    strictObject({
      type: z.literal("exam-attempt"),
      examId: reqId,
      status: z.enum(["started", "submitted", "timed-out", "declined", "error", "reset"]),
      attemptId,
    }),
    strictObject({ type: z.literal("exam-graded"), examId: reqId, score: unit, attemptId }),
    strictObject({ type: z.literal("exam-reviewed"), examId: reqId, result: reviewResultSchema, reviewer: z.enum(["automated", "human"]), attemptId }),
    strictObject({
      type: z.literal("reverification"),
      checkpointId: reqId,
      result: z.enum(["submitted", "approved", "denied", "skipped", "system-error"]),
    }),
    strictObject({
      type: z.literal("requirement-recorded"),
      requirementId: reqId,
      status: z.enum(["pending", "submitted", "satisfied", "failed", "declined"]),
    }),
    strictObject({ type: z.literal("deadline-extended"), until: instantSchema }),
  ]))();

/**
 * Every LMS event type (docs/rules.md §4–§6).
 *
 * @example
 * ```ts
 * import { LEARNER_EVENT_TYPES } from "academic-credit";
 * LEARNER_EVENT_TYPES.includes("grade-updated"); // true
 * ```
 */
export const LEARNER_EVENT_TYPES = [
  "enrolled",
  "enrollment-mode-changed",
  "unenrolled",
  "initial-verification",
  "grade-updated",
  "exam-attempt",
  "exam-graded",
  "exam-reviewed",
  "reverification",
  "requirement-recorded",
  "deadline-extended",
] as const satisfies readonly LearnerEvent["type"][];

/**
 * Parses an LMS event from JSON (instants as ISO-8601 strings with an offset). Never throws.
 *
 * @param input - untrusted JSON.
 * @returns the event, or `invalid-input` naming the JSON path and the reason of each problem.
 * @example
 * ```ts
 * import { parseLearnerEvent } from "academic-credit";
 * parseLearnerEvent({ type: "grade-updated", grade: 0.85 }); // { ok: true, value: { type: "grade-updated", grade: 0.85 } }
 * parseLearnerEvent({ type: "grade-updated", grade: 2 }).ok; // false
 * ```
 */
export function parseLearnerEvent(input: unknown): Result<LearnerEvent> {
  return parseWith(learnerEventSchema as z.ZodMiniType<LearnerEvent>, input, "event");
}

import type { LearnerEvent } from "../journey/events.js";
import type { ScenarioCommand, ScenarioExpectation, ScenarioStep } from "./types.js";

/** An instant as ISO-8601 in UTC, without milliseconds when they are zero. Internal. */
export function isoInstant(instant: Date): string {
  return instant.toISOString().replace(/\.000Z$/, "Z");
}

const attemptOf = (e: { readonly attemptId?: string | undefined }): string => (e.attemptId === undefined ? "" : `, attempt ${e.attemptId}`);

function describeEvent(e: LearnerEvent): string {
  switch (e.type) {
    case "enrolled":
      return `enrolled (${e.mode})`;
    case "enrollment-mode-changed":
      return `enrollment-mode-changed → ${e.mode}`;
    case "unenrolled":
      return "unenrolled";
    case "initial-verification":
      return `initial-verification ${e.result}`;
    case "grade-updated":
      return `grade-updated ${e.grade}`;
    case "exam-attempt":
      return `exam-attempt ${e.examId} ${e.status}${attemptOf(e)}`;
    case "exam-graded":
      return `exam-graded ${e.examId} ${e.score}${attemptOf(e)}`;
    case "exam-reviewed":
      return `exam-reviewed ${e.examId} ${e.result} (${e.reviewer})${attemptOf(e)}`;
    case "reverification":
      return `reverification ${e.checkpointId} ${e.result}`;
    case "requirement-recorded":
      return `requirement-recorded ${e.requirementId} ${e.status}`;
    case "deadline-extended":
      return `deadline-extended until ${isoInstant(e.until)}`;
    default: {
      const unknown: never = e;
      return String(unknown);
    }
  }
}

function describeCommand(c: ScenarioCommand): string {
  switch (c.type) {
    case "start-checkout":
      return `start-checkout ${c.providerId} (${c.method}, key ${c.idempotencyKey})`;
    case "payment-result": {
      const details = [
        c.checkoutId === undefined ? undefined : `checkout ${c.checkoutId}`,
        c.idempotencyKey === undefined ? undefined : `key ${c.idempotencyKey}`,
        c.amount === undefined ? undefined : `amount ${c.amount}`,
        c.currency === undefined ? undefined : `currency ${c.currency}`,
        c.paymentId === undefined ? undefined : `payment ${c.paymentId}`,
      ].filter((d) => d !== undefined);
      return `payment-result ${c.outcome}${details.length === 0 ? "" : ` (${details.join(", ")})`}`;
    }
    case "request-credit":
      return "request-credit";
    case "provider-callback": {
      const offset = c.timestampOffsetSeconds;
      const details = [
        c.providerId === undefined ? undefined : `from ${c.providerId}`,
        c.requestId === undefined ? undefined : `request ${c.requestId}`,
        offset === undefined || offset === 0 ? undefined : `timestamp ${offset > 0 ? "+" : ""}${offset} s`,
        c.signWith === undefined || c.signWith === "valid" ? undefined : c.signWith === "none" ? "unsigned" : `signed with ${c.signWith}`,
      ].filter((d) => d !== undefined);
      return `provider-callback ${c.status}${details.length === 0 ? "" : ` (${details.join(", ")})`}`;
    }
    case "record-decision":
      return `record-decision ${c.status}`;
    case "refund":
      return "refund";
    case "send-due-reminders":
      return "send-due-reminders";
    default: {
      const unknown: never = c;
      return String(unknown);
    }
  }
}

function describeExpectation(e: ScenarioExpectation): string {
  const parts: string[] = [];
  if (e.eligibility !== undefined) parts.push(`eligibility=${e.eligibility}`);
  if (e.requirements !== undefined) {
    parts.push(`requirements{${Object.entries(e.requirements).map(([id, s]) => `${id}=${s}`).join(", ")}}`);
  }
  if (e.purchase !== undefined) parts.push(`purchase=${e.purchase}`);
  if (e.dashboard !== undefined) parts.push(`dashboard=${e.dashboard}`);
  if (e.deadline !== undefined) parts.push(`deadline=${isoInstant(e.deadline)}`);
  if (e.emails !== undefined) parts.push(`emails=[${e.emails.join(", ")}]`);
  return parts.length === 0 ? "expect (nothing)" : `expect ${parts.join(" ")}`;
}

/**
 * One line saying what a scenario step does, e.g. `exam-reviewed final-exam clean (automated)` or
 * `expect purchase=paid dashboard=must-request`.
 *
 * @param step - a parsed step.
 * @returns the description.
 * @example
 * ```ts
 * import { describeScenarioStep } from "academic-credit/scenarios";
 * describeScenarioStep({ kind: "command", at: new Date("2026-07-02T09:00:00Z"), command: { type: "request-credit" } }); // "request-credit"
 * ```
 */
export function describeScenarioStep(step: ScenarioStep): string {
  switch (step.kind) {
    case "event":
      return describeEvent(step.event);
    case "command":
      return describeCommand(step.command);
    case "expect":
      return describeExpectation(step.expect);
    default: {
      const unknown: never = step;
      return String(unknown);
    }
  }
}

import type { CourseId, LearnerId } from "../ids/index.js";
import type { EligibilityEvaluation } from "../eligibility/evaluate.js";
import { evaluateEligibility } from "../eligibility/evaluate.js";
import type { LearnerEvent } from "../journey/events.js";
import type { JourneyEvent } from "../journey/record.js";
import type { Provider } from "../providers/model.js";
import { reduceJourney } from "../journey/reducer.js";
import { parseLearnerEvent } from "../journey/schema.js";
import { findUnknownRequirements, type EventWarning } from "../policy/references.js";
import { err, ok, type Result } from "../result/index.js";
import { attempt, mutateStep, type Loaded, type ServiceContext, type Step } from "./context.js";
import { toOutbox } from "./messages.js";
import { checkIds } from "./ids.js";

/** What recording an LMS event answers. */
export interface EventOutcome {
  /** Events stored by this call: the event itself and derived facts (an eligibility grant). */
  readonly events: readonly JourneyEvent[];
  /** The learner's eligibility right after the event. */
  readonly eligibility: EligibilityEvaluation;
  /**
   * What the policy could not use, although the event is stored (the log is the truth): an exam,
   * checkpoint or custom requirement id the policy does not have (`unknown-requirement`). Empty
   * when the policy knows everything the event names.
   */
  readonly warnings: readonly EventWarning[];
}

/** Options of one recorded event. */
export interface RecordEventOptions {
  /**
   * The LMS's id of this fact. A redelivery with the same id is answered from the first result and
   * stored once.
   */
  readonly eventId?: string;
}

/** Internal: reads `options.eventId` from untrusted options without ever throwing. */
export function readEventId(options: unknown): Result<string | undefined> {
  const invalid = err("invalid-input", "Invalid event options: eventId must be a non-empty string of at most 255 characters", {
    issues: [{ path: ["eventId"], message: "expected a non-empty string of at most 255 characters" }],
  });
  try {
    if (options === undefined || options === null) return ok(undefined);
    if (typeof options !== "object") return invalid;
    const id: unknown = (options as { readonly eventId?: unknown }).eventId;
    if (id === undefined) return ok(undefined);
    return typeof id === "string" && id.length > 0 && id.length <= 255 ? ok(id) : invalid;
  } catch {
    return invalid;
  }
}

/** Internal: the checks of one event, in order (ids, event, `eventId`), and its idempotency key. */
export function checkEvent(
  learnerId: LearnerId,
  courseId: CourseId,
  input: unknown,
  options: unknown,
): Result<{ readonly event: LearnerEvent; readonly key: string | undefined }> {
  const ids = checkIds(learnerId, courseId);
  if (!ids.ok) return ids;
  const parsed = parseLearnerEvent(input);
  if (!parsed.ok) return parsed;
  const eventId = readEventId(options);
  if (!eventId.ok) return eventId;
  return ok({ event: parsed.value, key: eventId.value === undefined ? undefined : `event:${courseId}:${learnerId}:${eventId.value}` });
}

/** Internal: decides one checked event on its loaded log (shared by `recordEvent` and `recordEvents`). */
export async function decideEvent(
  { record, policy, learner, now }: Loaded,
  event: LearnerEvent,
  providers: () => Promise<Result<readonly Provider[]>>,
): Promise<Step<EventOutcome>> {
  const step = reduceJourney(record, { ...event, at: now }, policy);
  if (!step.ok) return { result: step };
  let outbox: ReturnType<typeof toOutbox> = [];
  if (step.value.effects.length > 0) {
    const p = await providers();
    if (!p.ok) return { result: p };
    outbox = toOutbox(step.value.effects, policy, learner, p.value);
  }
  const { events } = step.value;
  return {
    result: ok({
      events,
      eligibility: evaluateEligibility(policy, step.value.record, now, { timeZone: learner.timeZone ?? "UTC" }),
      warnings: findUnknownRequirements(policy, event),
    }),
    write: { events, outbox, record: step.value.record },
  };
}

/** Internal: validates and records one LMS event through the journey reducer. */
export async function recordEvent(
  ctx: ServiceContext,
  learnerId: LearnerId,
  courseId: CourseId,
  input: LearnerEvent | unknown,
  options: RecordEventOptions = {},
): Promise<Result<EventOutcome>> {
  const checked = checkEvent(learnerId, courseId, input, options);
  if (!checked.ok) return checked;
  const { event, key } = checked.value;
  return mutateStep(ctx, learnerId, courseId, (loaded) => decideEvent(loaded, event, () => attempt("catalog", () => ctx.ports.catalog.providers())), key);
}

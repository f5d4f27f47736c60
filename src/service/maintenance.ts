import type { CourseId, LearnerId } from "../ids/index.js";
import { reevaluateJourney } from "../journey/reducer.js";
import { dueReminders, type ReminderSentEvent } from "../journey/reminders.js";
import type { NewOutboxMessage } from "../ports/index.js";
import { ok, type Result } from "../result/index.js";
import { CHUNK, runJobs, type Job } from "./batch.js";
import { attempt, mutate, mutateStep, type Loaded, type ServiceContext, type Step } from "./context.js";
import { offeredProviderNames, toOutbox } from "./messages.js";

/** What `recomputeCourse` did. */
export interface RecomputeReport {
  readonly courseId: CourseId;
  /** Learners looked at. */
  readonly learners: number;
  /** Learners newly granted eligibility (each gets one email). */
  readonly granted: number;
  /** Learners whose update failed (the port error is in `errors`). */
  readonly failed: number;
  readonly errors: readonly string[];
}

/**
 * Internal: re-evaluates every learner of a course under the current policy (after a policy
 * change), taking the store's learner stream in chunks (one load and one append per chunk, see
 * `runJobs`), and records newly met eligibility once. Never revokes.
 */
export async function recomputeCourse(ctx: ServiceContext, courseId: CourseId): Promise<Result<RecomputeReport>> {
  const providers = await attempt("catalog", () => ctx.ports.catalog.providers());
  if (!providers.ok) return providers;
  let learners = 0;
  let granted = 0;
  let failed = 0;
  const errors: string[] = [];
  const decide = ({ record, policy, learner, now }: Loaded): Step<boolean> => {
    const step = reevaluateJourney(record, policy, now);
    return { result: ok(step.events.length > 0), write: { events: step.events, outbox: toOutbox(step.effects, policy, learner, providers.value), record: step.record } };
  };
  const job = (learnerId: LearnerId): Job<boolean> => ({
    learnerId,
    courseId,
    decide,
    redo: () => mutateStep(ctx, learnerId, courseId, decide),
  });
  let chunk: LearnerId[] = [];
  const flush = async () => {
    const results = await runJobs(ctx, chunk.map(job));
    for (const [i, r] of results.entries()) {
      if (!r.ok) {
        failed++;
        if (errors.length < 20) errors.push(`${chunk[i]}: ${r.error.code}`);
      } else if (r.value) granted++;
    }
    chunk = [];
  };
  try {
    for await (const learnerId of ctx.ports.store.learnersOfCourse(courseId)) {
      learners++;
      chunk.push(learnerId);
      if (chunk.length === CHUNK) await flush();
    }
    await flush();
  } catch (cause) {
    return attempt("store", () => Promise.reject(cause));
  }
  return ok({ courseId, learners, granted, failed, errors });
}

/** What `sendDueReminders` did. */
export interface ReminderReport {
  readonly learners: number;
  /** Reminders queued in the outbox (delivered by `dispatchOutbox`). */
  readonly queued: number;
  /** `true` when `signal` stopped the run before every learner was looked at. */
  readonly stopped?: boolean;
}

/** Options of one `sendDueReminders` call. */
export interface ReminderOptions {
  /** Stops the run between two learners (each learner's reminders are queued atomically). */
  readonly signal?: AbortSignal;
}

/**
 * Internal: the reminder scheduler of docs/rules.md §10: for every learner of the given courses (all
 * catalog courses by default), queues the deadline reminders due now, each once per deadline.
 */
export async function sendDueReminders(ctx: ServiceContext, courseIds?: readonly CourseId[], options: ReminderOptions = {}): Promise<Result<ReminderReport>> {
  const courses = courseIds === undefined ? await attempt("catalog", () => ctx.ports.catalog.courses()) : ok(courseIds);
  if (!courses.ok) return courses;
  const providers = await attempt("catalog", () => ctx.ports.catalog.providers());
  if (!providers.ok) return providers;
  let learners = 0;
  let queued = 0;
  try {
    for (const courseId of courses.value) {
      for await (const learnerId of ctx.ports.store.learnersOfCourse(courseId)) {
        if (options.signal?.aborted === true) return ok({ learners, queued, stopped: true });
        learners++;
        const r = await mutate(ctx, learnerId, courseId, async ({ record, policy, learner, now }) => {
          const due = dueReminders(policy, record, now);
          const events: ReminderSentEvent[] = due.map((d) => ({ type: "reminder-sent", at: now, deadline: d.deadline, daysLeft: d.daysLeft }));
          const outbox: NewOutboxMessage[] = due.map((d) => ({
            idempotencyKey: d.idempotencyKey,
            payload: {
              kind: "email",
              email: {
                template: "deadline-reminder",
                idempotencyKey: d.idempotencyKey,
                to: learner.email,
                data: {
                  learnerName: learner.fullName,
                  courseTitle: policy.title,
                  deadline: d.deadline,
                  daysLeft: d.daysLeft,
                  providers: offeredProviderNames(policy, providers.value),
                  timeZone: learner.timeZone ?? "UTC",
                },
              },
            },
          }));
          return { kind: "write", events, outbox, result: ok(due.length) };
        });
        if (r.ok) queued += r.value;
      }
    }
  } catch (cause) {
    return attempt("store", () => Promise.reject(cause));
  }
  return ok({ learners, queued });
}

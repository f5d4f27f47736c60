import type { CourseId, LearnerId } from "../ids/index.js";
import type { JourneyEvent, LearnerRecord } from "../journey/record.js";
import { replay } from "../journey/record.js";
import type { CoursePolicy } from "../policy/index.js";
import type { CreditPorts, LearnerProfile, NewOutboxMessage, StoredJourney } from "../ports/index.js";
import type { RequestId, ProviderId } from "../ids/index.js";
import { err, ok, type CreditError, type Result } from "../result/index.js";
import type { VerifyCallbackOptions } from "../providers/callback.js";
import { checkLearnerId } from "./ids.js";
import { notify, notifyStored, type CreditObserver } from "./observe.js";

/** Options of `createCreditService`. */
export interface CreditServiceOptions {
  /**
   * Receives a typed record of every command, stored event, eligibility grant, version-conflict
   * retry, outbox delivery and callback verdict (see `CreditObservation`); for logs, metrics and
   * traces. Records hold no personal data or secrets. Whatever the observer does (throw, reject)
   * never changes a command's outcome.
   */
  readonly observe?: CreditObserver;
  /**
   * The monotonic clock of the durations in observation records, in milliseconds (default
   * `performance.now()`; read only when there is an observer). Durations are never taken from the
   * `Clock` port: that is the domain's time (a manual clock in tests, a simulated one in replays).
   */
  readonly timer?: () => number;
  /** Automatic retries after a `version-conflict` (default 10). */
  readonly maxRetries?: number;
  /** Callback verification limits (docs/rules.md §9). */
  readonly callback?: Pick<VerifyCallbackOptions, "maxAgeSeconds" | "maxFutureSkewSeconds" | "hmac">;
  readonly outbox?: {
    /** Messages claimed per `dispatchOutbox` call (default 100). */
    readonly batchSize?: number;
    /**
     * How long a claim lasts before another dispatcher may take the message. The default covers a
     * whole batch timing out (`batchSize × timeoutMs`) plus a minute, so a slow batch is never sent
     * twice at once.
     */
    readonly leaseMs?: number;
    /** How long one delivery may take before it counts as failed (default 30 s). */
    readonly timeoutMs?: number;
    /** Delay before retry number `attempts` (default: 1 s doubling, at most 1 h). */
    readonly backoffMs?: (attempts: number) => number;
  };
}

/** Internal: what every service operation shares. */
export interface ServiceContext {
  readonly ports: CreditPorts;
  readonly options: CreditServiceOptions;
}

/** Internal: the state a decision reads. */
export interface Loaded {
  readonly record: LearnerRecord;
  readonly policy: CoursePolicy;
  readonly learner: LearnerProfile;
  readonly version: number;
  readonly now: Date;
}

/** Internal: what a decision asks the service to store and answer. */
export type Plan<T> =
  | {
      readonly kind: "write";
      readonly events: readonly JourneyEvent[];
      readonly outbox: readonly NewOutboxMessage[];
      readonly requests?: readonly { readonly requestId: RequestId; readonly providerId: ProviderId }[];
      readonly result: Result<T>;
    }
  | { readonly kind: "answer"; readonly result: Result<T> };

/** Internal: what a job decided on its log: an answer, and what to store with it (nothing when absent). */
export interface Step<T> {
  readonly result: Result<T>;
  readonly write?: { readonly events: readonly JourneyEvent[]; readonly outbox: readonly NewOutboxMessage[]; readonly record: LearnerRecord };
}

/** Internal: turns a thrown port failure into a typed `unavailable` error (no secrets: only the port name). */
export function unavailable(port: string, cause: unknown): { readonly ok: false; readonly error: CreditError<"unavailable"> } {
  const detail = cause instanceof Error && cause.message.length < 200 ? `: ${cause.message}` : "";
  return err("unavailable", `The ${port} failed${detail}`, { port });
}

/** Internal: calls a port, answering `unavailable` instead of throwing. */
export async function attempt<T>(port: string, f: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await f());
  } catch (cause) {
    return unavailable(port, cause);
  }
}

/** Internal: the courses in which the learner has a log (the store says which), in course id order. */
export async function learnerCourses(ctx: ServiceContext, learnerId: LearnerId): Promise<Result<readonly CourseId[]>> {
  const id = checkLearnerId(learnerId);
  if (!id.ok) return id;
  const courses = await attempt("store", () => ctx.ports.store.coursesOfLearner(learnerId));
  return courses.ok ? ok([...courses.value].sort()) : courses;
}

/** Internal: loads policy, log and learner, and folds the log. */
export async function load(ctx: ServiceContext, learnerId: LearnerId, courseId: CourseId): Promise<Result<Loaded>> {
  const { catalog, store, clock } = ctx.ports;
  const policy = await attempt("catalog", () => catalog.policy(courseId));
  if (!policy.ok) return policy;
  if (policy.value === undefined) return unknownCourse(courseId);
  const stored = await attempt("store", () => store.load(learnerId, courseId));
  if (!stored.ok) return stored;
  return toLoaded(ctx, learnerId, courseId, policy.value, stored.value, clock.now());
}

/** Internal: the answer for a course the catalog does not know. */
export const unknownCourse = (courseId: CourseId) => err("invalid-input", `Unknown course "${courseId}"`, { courseId });

/**
 * Internal: a stored log with its learner (a blank profile once the learner is retired: nothing
 * personal is read or written again), checked and folded.
 */
export async function toLoaded(ctx: ServiceContext, learnerId: LearnerId, courseId: CourseId, policy: CoursePolicy, stored: StoredJourney, now: Date): Promise<Result<Loaded>> {
  const learner =
    stored.retiredAt === undefined ? await attempt("catalog", () => ctx.ports.catalog.learner(learnerId)) : ok({ id: learnerId, username: "", email: "", fullName: "" });
  if (!learner.ok) return learner;
  if (learner.value === undefined) return err("invalid-input", `Unknown learner "${learnerId}"`, { learnerId });
  let record: LearnerRecord;
  try {
    // A store hands back what it was given, but its data may have been damaged outside the service.
    const unreadable = stored.events.findIndex((e) => typeof e?.type !== "string" || !(e.at instanceof Date) || Number.isNaN(e.at.getTime()));
    if (unreadable !== -1) throw new Error(`event ${unreadable + 1} of the stored log has no type or no valid instant`);
    record = replay(learnerId, courseId, stored.events);
  } catch (cause) {
    return unavailable("store", cause);
  }
  return ok({ record, policy, learner: learner.value, version: stored.version, now });
}

/** Internal: `mutate` with a decision written as a batch job's {@link Step}. */
export function mutateStep<T>(
  ctx: ServiceContext,
  learnerId: LearnerId,
  courseId: CourseId,
  decide: (loaded: Loaded) => Step<T> | Promise<Step<T>>,
  idempotencyKey?: string,
): Promise<Result<T>> {
  return mutate(
    ctx,
    learnerId,
    courseId,
    async (loaded) => {
      const { result, write } = await decide(loaded);
      return write === undefined ? { kind: "answer", result } : { kind: "write", events: write.events, outbox: write.outbox, result };
    },
    idempotencyKey,
  );
}

/**
 * Internal: the optimistic-concurrency loop. Loads, decides, appends with the loaded version, and
 * on `version-conflict` starts again (bounded). The decision is a pure function of what was loaded
 * plus whatever port calls it makes (e.g. the payment gateway, idempotent per key).
 */
export async function mutate<T>(
  ctx: ServiceContext,
  learnerId: LearnerId,
  courseId: CourseId,
  decide: (loaded: Loaded) => Promise<Plan<T>>,
  idempotencyKey?: string,
): Promise<Result<T>> {
  const retries = ctx.options.maxRetries ?? 10;
  for (let i = 0; i <= retries; i++) {
    if (idempotencyKey !== undefined) {
      const previous = await attempt("store", () => ctx.ports.store.getIdempotentResponse(idempotencyKey));
      if (!previous.ok) return previous;
      if (previous.value !== undefined) return previous.value as Result<T>;
    }
    const loaded = await load(ctx, learnerId, courseId);
    if (!loaded.ok) return loaded;
    const plan = await decide(loaded.value);
    if (plan.kind === "answer") return plan.result;
    if (plan.events.length === 0 && plan.outbox.length === 0) return plan.result;
    const appended = await attempt("store", () =>
      ctx.ports.store.append({
        learnerId,
        courseId,
        expectedVersion: loaded.value.version,
        events: plan.events,
        outbox: plan.outbox,
        requests: plan.requests ?? [],
        now: loaded.value.now,
        ...(idempotencyKey === undefined ? {} : { idempotency: { key: idempotencyKey, response: plan.result } }),
      }),
    );
    if (!appended.ok) return appended;
    if (appended.value.ok) {
      if (ctx.options.observe !== undefined) notifyStored(ctx.options, learnerId, courseId, plan.events, loaded.value.version);
      return plan.result;
    }
    notify(ctx.options, { type: "version-conflict", learnerId, courseId, attempt: i + 1, retrying: i < retries });
  }
  return err("version-conflict", `Gave up after ${retries + 1} attempts: other writers kept changing this learner's record`);
}

import type { CourseId, LearnerId } from "../ids/index.js";
import type { CoursePolicy } from "../policy/index.js";
import type { AppendBatch, AppendResult, CreditStore, StreamRef } from "../ports/index.js";
import type { Provider } from "../providers/model.js";
import { err, ok, type Result } from "../result/index.js";
import { attempt, toLoaded, unknownCourse, type Loaded, type ServiceContext, type Step } from "./context.js";
import { checkEvent, decideEvent, recordEvent, type EventOutcome, type RecordEventOptions } from "./events.js";

/** One LMS event of a batch (`recordEvents`): the arguments of one `recordEvent` call. */
export interface EventBatchItem {
  readonly learnerId: LearnerId;
  readonly courseId: CourseId;
  /** The event, as JSON-like data (validated). */
  readonly event: unknown;
  /** The LMS's id of this fact (see `RecordEventOptions.eventId`). */
  readonly eventId?: string;
}

/** Internal: one unit of batched work on one learner-course log. */
export interface Job<T> {
  readonly learnerId: LearnerId;
  readonly courseId: CourseId;
  /** Idempotency key stored with the write; a repeated key in one batch answers the first result. */
  readonly key?: string | undefined;
  decide(loaded: Loaded, providers: () => Promise<Result<readonly Provider[]>>): Step<T> | Promise<Step<T>>;
  /** The same work on its own (load, decide, append, retried): for logs whose batched append failed. */
  redo(): Promise<Result<T>>;
}

/** Items per chunk: one load and one append round trip each. */
export const CHUNK = 500;

interface Log<T> {
  readonly ref: StreamRef;
  loaded: Result<Loaded> | undefined;
  readonly seen: Map<string, Result<T>>;
  /** Index of the first job to run again on its own. */
  redoFrom?: number;
}

/** Appends one by one (stores without `appendMany`), with its rule: after a failure the log's later batches fail too. */
async function appendEach(store: CreditStore, batches: readonly AppendBatch[]): Promise<readonly (AppendResult | undefined)[]> {
  const failed = new Set<string>();
  const out: (AppendResult | undefined)[] = [];
  for (const b of batches) {
    const key = JSON.stringify([b.learnerId, b.courseId]);
    let r: AppendResult | undefined = failed.has(key) ? err("version-conflict", "An earlier batch of this log failed") : undefined;
    if (r === undefined) {
      try {
        r = await store.append(b);
      } catch {
        // Unknown outcome: answered `unavailable`, never written again.
      }
    }
    if (r?.ok !== true) failed.add(key);
    out.push(r);
  }
  return out;
}

/**
 * Internal: runs jobs as `mutate` would one by one, with one load and one append per chunk: every
 * log is loaded once, its jobs decided in order on the evolving record, and every write appended
 * together, each guarded by its log's version. The jobs of a log whose append failed (a race, a
 * repeated idempotency key) run again on their own, from the first failed one, in input order.
 */
export async function runJobs<T>(ctx: ServiceContext, jobs: readonly (Job<T> | Result<T>)[]): Promise<Result<T>[]> {
  const { store, catalog, clock } = ctx.ports;
  const results: Result<T>[] = [];
  const logs = new Map<string, Log<T>>();
  const policies = new Map<CourseId, Result<CoursePolicy | undefined>>();
  for (const job of jobs) {
    if ("ok" in job) continue;
    const key = JSON.stringify([job.learnerId, job.courseId]);
    if (!logs.has(key)) logs.set(key, { ref: { learnerId: job.learnerId, courseId: job.courseId }, loaded: undefined, seen: new Map() });
    if (!policies.has(job.courseId)) policies.set(job.courseId, await attempt("catalog", () => catalog.policy(job.courseId)));
  }
  const now = clock.now();
  const wanted = [...logs.values()].filter((l) => {
    const p = policies.get(l.ref.courseId) as Result<CoursePolicy | undefined>;
    l.loaded = !p.ok ? p : p.value === undefined ? unknownCourse(l.ref.courseId) : undefined;
    return l.loaded === undefined;
  });
  const refs = wanted.map((l) => l.ref);
  const stored = await attempt("store", async () => (store.loadMany === undefined ? Promise.all(refs.map((r) => store.load(r.learnerId, r.courseId))) : store.loadMany(refs)));
  for (const [i, l] of wanted.entries()) {
    const journey = stored.ok ? stored.value[i] : undefined;
    const policy = (policies.get(l.ref.courseId) as { value: CoursePolicy }).value;
    l.loaded = !stored.ok ? stored : journey === undefined ? err("unavailable", "The store answered fewer logs than asked") : await toLoaded(ctx, l.ref.learnerId, l.ref.courseId, policy, journey, now);
  }

  let providers: Promise<Result<readonly Provider[]>> | undefined;
  const lazyProviders = () => (providers ??= attempt("catalog", () => catalog.providers()));
  const writes: { readonly job: number; readonly log: Log<T>; readonly batch: AppendBatch }[] = [];
  const keyed: number[] = [];
  for (const [i, job] of jobs.entries()) {
    if ("ok" in job) {
      results[i] = job;
      continue;
    }
    const log = logs.get(JSON.stringify([job.learnerId, job.courseId])) as Log<T>;
    const loaded = log.loaded as Result<Loaded>;
    const previous = job.key === undefined ? undefined : log.seen.get(job.key);
    if (!loaded.ok || previous !== undefined) {
      results[i] = loaded.ok ? (previous as Result<T>) : loaded;
      if (!loaded.ok && job.key !== undefined) keyed.push(i);
      continue;
    }
    const step = await job.decide(loaded.value, lazyProviders);
    results[i] = step.result;
    const w = step.write;
    if (w === undefined || (w.events.length === 0 && w.outbox.length === 0)) {
      if (job.key !== undefined) keyed.push(i);
      continue;
    }
    const { version } = loaded.value;
    writes.push({
      job: i,
      log,
      batch: {
        learnerId: job.learnerId,
        courseId: job.courseId,
        expectedVersion: version,
        events: w.events,
        outbox: w.outbox,
        requests: [],
        now,
        ...(job.key === undefined ? {} : { idempotency: { key: job.key, response: step.result } }),
      },
    });
    log.loaded = ok({ ...loaded.value, record: w.record, version: version + w.events.length });
    if (job.key !== undefined) log.seen.set(job.key, step.result);
  }

  for (const i of keyed) {
    // A redelivered fact that writes nothing now still answers its first result, as recordEvent
    // does (looked up before this batch writes anything).
    const stored = await attempt("store", () => store.getIdempotentResponse((jobs[i] as Job<T>).key as string));
    if (!stored.ok || stored.value !== undefined) results[i] = stored.ok ? (stored.value as Result<T>) : stored;
  }
  const batches = writes.map((w) => w.batch);
  let appended: readonly (AppendResult | undefined)[];
  try {
    appended = batches.length === 0 ? [] : store.appendMany === undefined ? await appendEach(store, batches) : await store.appendMany(batches);
  } catch {
    // Nothing of one statement was written: every write runs again on its own.
    appended = batches.map(() => err("version-conflict", "The batched append failed"));
  }
  for (const [n, w] of writes.entries()) {
    const r = appended[n];
    if (r?.ok === true || w.log.redoFrom !== undefined) continue;
    if (r === undefined) results[w.job] = err("unavailable", "The store failed while appending", { port: "store" });
    w.log.redoFrom = r === undefined ? w.job + 1 : w.job;
  }
  const again = (i: number, job: Job<T>) => {
    const from = logs.get(JSON.stringify([job.learnerId, job.courseId]))?.redoFrom;
    return from !== undefined && i >= from;
  };
  for (const [i, job] of jobs.entries()) if (!("ok" in job) && again(i, job)) results[i] = await job.redo();
  return results;
}

/** Internal: one batch item as a job, or its typed error (the checks of `recordEvent`, in its order). */
function eventJob(ctx: ServiceContext, item: unknown): Job<EventOutcome> | Result<EventOutcome> {
  let fields: { readonly learnerId: LearnerId; readonly courseId: CourseId; readonly event: unknown; readonly eventId: unknown };
  try {
    if (item === null || typeof item !== "object") throw new Error("not an object");
    const { learnerId, courseId, event, eventId } = item as EventBatchItem;
    fields = { learnerId, courseId, event, eventId };
  } catch {
    return err("invalid-input", "Invalid batch item: expected { learnerId, courseId, event, eventId? }");
  }
  const { learnerId, courseId, event, eventId } = fields;
  // Checked by checkEvent before any use.
  const options = { eventId } as RecordEventOptions;
  const checked = checkEvent(learnerId, courseId, event, options);
  if (!checked.ok) return checked;
  return {
    learnerId,
    courseId,
    key: checked.value.key,
    decide: (loaded, providers) => decideEvent(loaded, checked.value.event, providers),
    redo: () => recordEvent(ctx, learnerId, courseId, event, options),
  };
}

/**
 * Internal: records many LMS events (a gradebook sync) with the answers of one `recordEvent` call
 * per item, in order, in chunks of {@link CHUNK} items: one load and one append per chunk.
 */
export async function recordEvents(ctx: ServiceContext, items: unknown): Promise<Result<readonly Result<EventOutcome>[]>> {
  if (!Array.isArray(items)) return err("invalid-input", "Invalid event batch: expected an array of { learnerId, courseId, event, eventId? }");
  const out: Result<EventOutcome>[] = [];
  for (let i = 0; i < items.length; i += CHUNK) {
    out.push(...(await runJobs(ctx, items.slice(i, i + CHUNK).map((item: unknown) => eventJob(ctx, item)))));
  }
  return ok(out);
}

import type { CourseId, LearnerId, RequestId } from "../../ids/index.js";
import type { JourneyEvent } from "../../journey/record.js";
import type { AppendBatch, AppendResult, CreditRequestLocation, CreditStore, OutboxMessage, StoredJourney } from "../../ports/index.js";
import { retiredOutboxPayload } from "../../ports/retirement.js";
import { err, ok } from "../../result/index.js";
import { createFaults, type FaultInjector } from "./faults.js";

/** The in-memory store, with fault injection and a few inspection helpers for tests. */
export interface MemoryCreditStore extends CreditStore {
  /** Fault injection for every operation. */
  readonly faults: FaultInjector;
  /** Number of stored events across all logs. */
  eventCount(): number;
  /** Writes a log directly (bulk seeding for tests and benchmarks); replaces any existing one. */
  seed(learnerId: LearnerId, courseId: CourseId, events: readonly JourneyEvent[]): void;
}

interface Stream {
  events: JourneyEvent[];
}

interface MutableOutbox {
  message: OutboxMessage;
  leaseUntil?: number;
}

const streamKey = (learnerId: LearnerId, courseId: CourseId): string => `${courseId.length}:${courseId}${learnerId}`;

/**
 * Creates an in-memory {@link CreditStore}: the embedded default, safe for concurrent use within
 * one process (every append is checked against the expected version before it is applied).
 *
 * @param options - `idPrefix` for outbox message ids.
 * @returns the store.
 * @example
 * ```ts
 * import { createMemoryStore } from "academic-credit/adapters/memory";
 * const store = createMemoryStore();
 * ```
 */
export function createMemoryStore(options: { readonly idPrefix?: string } = {}): MemoryCreditStore {
  const faults = createFaults();
  const streams = new Map<string, Stream>();
  const courses = new Map<string, Set<LearnerId>>();
  const outbox: MutableOutbox[] = [];
  const outboxById = new Map<string, MutableOutbox>();
  const outboxByStream = new Map<string, MutableOutbox[]>();
  const idempotency = new Map<string, unknown>();
  const requests = new Map<string, CreditRequestLocation>();
  const learnerCourses = new Map<LearnerId, Set<CourseId>>();
  const retired = new Map<LearnerId, Date>();
  let nextId = 1;
  const prefix = options.idPrefix ?? "msg-";

  function member(learnerId: LearnerId, courseId: CourseId): void {
    let set = courses.get(courseId);
    if (set === undefined) {
      set = new Set();
      courses.set(courseId, set);
    }
    set.add(learnerId);
    let mine = learnerCourses.get(learnerId);
    if (mine === undefined) learnerCourses.set(learnerId, (mine = new Set()));
    mine.add(courseId);
  }

  function read(learnerId: LearnerId, courseId: CourseId): StoredJourney {
    const events = streams.get(streamKey(learnerId, courseId))?.events.slice() ?? [];
    const at = retired.get(learnerId);
    return { events, version: events.length, ...(at === undefined ? {} : { retiredAt: at }) };
  }

  function write(batch: AppendBatch): AppendResult {
    const key = streamKey(batch.learnerId, batch.courseId);
    const s = streams.get(key);
    const version = s?.events.length ?? 0;
    if (version !== batch.expectedVersion) {
      return err("version-conflict", `Expected version ${batch.expectedVersion} but the log is at version ${version}`, {
        expected: batch.expectedVersion,
        actual: version,
      });
    }
    if (batch.idempotency !== undefined && idempotency.has(batch.idempotency.key)) {
      return err("version-conflict", "The command with this idempotency key was already stored", { expected: batch.expectedVersion, actual: version });
    }
    const stream = s ?? { events: [] };
    stream.events.push(...batch.events);
    streams.set(key, stream);
    member(batch.learnerId, batch.courseId);
    for (const r of batch.requests) {
      requests.set(r.requestId, { requestId: r.requestId, providerId: r.providerId, learnerId: batch.learnerId, courseId: batch.courseId });
    }
    if (batch.idempotency !== undefined) idempotency.set(batch.idempotency.key, batch.idempotency.response);
    for (const m of batch.outbox) {
      // A retired learner is sent nothing again: only refunds are queued.
      if (m.payload.kind !== "refund" && retired.has(batch.learnerId)) continue;
      const message: OutboxMessage = {
        ...m,
        id: `${prefix}${nextId++}`,
        learnerId: batch.learnerId,
        courseId: batch.courseId,
        createdAt: batch.now,
        attempts: 0,
        nextAttemptAt: batch.now,
      };
      const entry: MutableOutbox = { message };
      outbox.push(entry);
      outboxById.set(message.id, entry);
      const list = outboxByStream.get(key) ?? [];
      list.push(entry);
      outboxByStream.set(key, list);
    }
    return ok({ version: stream.events.length });
  }

  return {
    faults,
    eventCount() {
      let n = 0;
      for (const s of streams.values()) n += s.events.length;
      return n;
    },
    seed(learnerId, courseId, events) {
      streams.set(streamKey(learnerId, courseId), { events: [...events] });
      member(learnerId, courseId);
    },
    async load(learnerId, courseId): Promise<StoredJourney> {
      await faults.run();
      return read(learnerId, courseId);
    },
    async append(batch: AppendBatch) {
      await faults.run();
      return write(batch);
    },
    async loadMany(refs) {
      await faults.run();
      return refs.map((r) => read(r.learnerId, r.courseId));
    },
    async appendMany(batches) {
      await faults.run();
      const failed = new Set<string>();
      return batches.map((b) => {
        const key = streamKey(b.learnerId, b.courseId);
        const r: AppendResult = failed.has(key) ? err("version-conflict", "An earlier batch of this log in the same call failed", { expected: b.expectedVersion }) : write(b);
        if (!r.ok) failed.add(key);
        return r;
      });
    },
    async retireLearner(learnerId, at) {
      await faults.run();
      const retiredAt = retired.get(learnerId) ?? at;
      retired.set(learnerId, retiredAt);
      const courses = [...(learnerCourses.get(learnerId) ?? [])];
      let outboxRemoved = 0;
      let outboxScrubbed = 0;
      for (const courseId of courses) {
        const key = streamKey(learnerId, courseId);
        const kept: MutableOutbox[] = [];
        for (const entry of outboxByStream.get(key) ?? []) {
          const m = entry.message;
          const payload = retiredOutboxPayload(m.payload, m.deliveredAt !== undefined);
          if (payload === null) {
            outboxRemoved++;
            outboxById.delete(m.id);
            outbox.splice(outbox.indexOf(entry), 1);
            continue;
          }
          if (payload !== m.payload) {
            outboxScrubbed++;
            const { lastError: _e, ...rest } = m;
            entry.message = { ...rest, payload };
          }
          kept.push(entry);
        }
        outboxByStream.set(key, kept);
      }
      return { retiredAt, courses, outboxRemoved, outboxScrubbed };
    },
    async getIdempotentResponse(key) {
      await faults.run();
      return idempotency.get(key);
    },
    async findRequest(requestId: RequestId) {
      await faults.run();
      return requests.get(requestId);
    },
    async *learnersOfCourse(courseId) {
      await faults.run();
      const set = courses.get(courseId);
      if (set === undefined) return;
      for (const learner of set) yield learner;
    },
    async coursesOfLearner(learnerId) {
      await faults.run();
      return [...(learnerCourses.get(learnerId) ?? [])];
    },
    async claimOutbox(now, limit, leaseUntil) {
      await faults.run();
      const claimed: OutboxMessage[] = [];
      const t = now.getTime();
      for (const entry of outbox) {
        if (claimed.length >= limit) break;
        const m = entry.message;
        if (m.deliveredAt !== undefined) continue;
        if (m.nextAttemptAt.getTime() > t) continue;
        if (entry.leaseUntil !== undefined && entry.leaseUntil > t) continue;
        entry.leaseUntil = leaseUntil.getTime();
        claimed.push(m);
      }
      return claimed;
    },
    async markDelivered(id, at) {
      await faults.run();
      const entry = outboxById.get(id);
      if (entry === undefined || entry.message.deliveredAt !== undefined) return;
      entry.message = { ...entry.message, attempts: entry.message.attempts + 1, deliveredAt: at };
      delete entry.leaseUntil;
    },
    async markFailed(id, error, nextAttemptAt) {
      await faults.run();
      const entry = outboxById.get(id);
      if (entry === undefined || entry.message.deliveredAt !== undefined) return;
      entry.message = { ...entry.message, attempts: entry.message.attempts + 1, lastError: error, nextAttemptAt };
      delete entry.leaseUntil;
    },
    async releaseOutbox(id) {
      await faults.run();
      const entry = outboxById.get(id);
      delete entry?.leaseUntil;
    },
    async listOutbox(learnerId, courseId) {
      await faults.run();
      return (outboxByStream.get(streamKey(learnerId, courseId)) ?? []).map((e) => e.message);
    },
  };
}

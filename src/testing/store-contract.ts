import { describe, expect, it } from "vitest";
import type { CourseId, LearnerId, ProviderId, RequestId } from "../ids/index.js";
import type { JourneyEvent } from "../journey/record.js";
import type { AppendBatch, CreditStore, NewOutboxMessage, OutboxMessage } from "../ports/index.js";
import { sampleEmailMessages, sampleJourneyEvents, testIds, uniqueSuffix } from "./samples.js";

/**
 * Options of {@link creditStoreContract}.
 *
 * @example
 * ```ts
 * import type { CreditStoreContractOptions } from "academic-credit/testing";
 * const options: CreditStoreContractOptions = { name: "postgres store", timeoutMs: 20_000, concurrentWriters: 4 };
 * ```
 */
export interface CreditStoreContractOptions {
  /** Name of the `describe` block (default `CreditStore contract`). */
  readonly name?: string;
  /** Per-test timeout in milliseconds (default: vitest's). */
  readonly timeoutMs?: number;
  /** How many writers race in the concurrency clause (default 8). */
  readonly concurrentWriters?: number;
  /** Called with each store after its test (close connections, drop schemas, …). */
  readonly dispose?: (store: CreditStore) => void | Promise<void>;
}

let era = 0;
/** Each outbox test runs in its own past era, earlier than every one before it, so a shared store's other messages are never due. */
function nextEra(): number {
  era += 1;
  return Date.UTC(2000 - era * 2, 0, 1, 0, 0, 0);
}
const FUTURE = Date.UTC(2100, 0, 1, 0, 0, 0);

function batch(learnerId: LearnerId, courseId: CourseId, expectedVersion: number, events: readonly JourneyEvent[], extra: Partial<AppendBatch> = {}): AppendBatch {
  return { learnerId, courseId, expectedVersion, events, outbox: [], requests: [], now: new Date(FUTURE), ...extra };
}

function grade(at: number, value = 0.5): JourneyEvent {
  return { type: "grade-updated", grade: value, at: new Date(at) };
}

function emailMessage(key: string): NewOutboxMessage {
  const [email] = sampleEmailMessages("contract@example.org", key);
  if (email === undefined) throw new Error("no sample email");
  return { idempotencyKey: key, payload: { kind: "email", email: { ...email, idempotencyKey: key } } };
}

async function collect(iterable: AsyncIterable<LearnerId>): Promise<LearnerId[]> {
  const out: LearnerId[] = [];
  for await (const l of iterable) out.push(l);
  return out;
}

function expectDates(events: readonly JourneyEvent[]): void {
  for (const e of events) {
    expect(e.at, `${e.type}.at must come back as a Date`).toBeInstanceOf(Date);
    if (e.type === "eligibility-granted") {
      expect(e.deadline, "eligibility-granted.deadline must come back as a Date").toBeInstanceOf(Date);
      for (const r of e.requirements) if (r.at !== undefined) expect(r.at, "eligibility-granted.requirements[].at must come back as a Date").toBeInstanceOf(Date);
    }
    if (e.type === "deadline-extended") expect(e.until, "deadline-extended.until must come back as a Date").toBeInstanceOf(Date);
    if (e.type === "reminder-sent") expect(e.deadline, "reminder-sent.deadline must come back as a Date").toBeInstanceOf(Date);
  }
}

/**
 * Registers the {@link CreditStore} contract as vitest tests: every behaviour the service relies on,
 * clause by clause (versions and conflicts, exactly one winner among concurrent writers, events
 * returned in order and equal with instants as `Date`s, outbox messages stored atomically with
 * their events, claims that respect due times, limits and leases, delivery bookkeeping,
 * idempotency records, the credit request index, the per-course learner stream and the
 * per-learner course list).
 *
 * `makeStore` is called for every test; it may return a fresh store or the same shared one (every
 * test uses its own learner, course and key ids, and outbox tests run at their own instants in the
 * past, so other data in the store does not disturb them).
 *
 * @param makeStore - creates (or returns) the store under test.
 * @param options - suite name, timeout, number of racing writers, cleanup.
 * @example
 * ```ts
 * import { createMemoryStore } from "academic-credit/adapters/memory";
 * import { creditStoreContract } from "academic-credit/testing";
 * creditStoreContract(() => createMemoryStore());
 * ```
 */
export function creditStoreContract(makeStore: () => CreditStore | Promise<CreditStore>, options: CreditStoreContractOptions = {}): void {
  const timeout = options.timeoutMs;
  const test = (name: string, body: (store: CreditStore) => Promise<void>, requires?: "loadMany" | "appendMany" | "coursesOfLearner" | "retireLearner" | "releaseOutbox"): void => {
    it(
      name,
      async (context) => {
        const store = await makeStore();
        // An optional method the store does not have: the service falls back, nothing to check.
        if (requires !== undefined && store[requires] === undefined) context.skip();
        try {
          await body(store);
        } finally {
          await options.dispose?.(store);
        }
      },
      timeout,
    );
  };

  describe(options.name ?? "CreditStore contract", () => {
    describe("logs and versions", () => {
      test("load of a log nobody wrote is empty at version 0", async (store) => {
        const { learnerId, courseId } = testIds("empty");
        expect(await store.load(learnerId, courseId)).toEqual({ events: [], version: 0 });
      });

      test("append at version 0 stores the events and answers the new version", async (store) => {
        const { learnerId, courseId } = testIds("first");
        const events = [grade(FUTURE), grade(FUTURE + 1, 0.9)];
        expect(await store.append(batch(learnerId, courseId, 0, events))).toEqual({ ok: true, value: { version: 2 } });
        const loaded = await store.load(learnerId, courseId);
        expect(loaded.version).toBe(2);
        expect(loaded.events).toEqual(events);
      });

      test("append at the current version extends the log in order", async (store) => {
        const { learnerId, courseId } = testIds("extend");
        const first = [grade(FUTURE, 0.1)];
        const second = [grade(FUTURE + 1, 0.2), grade(FUTURE + 2, 0.3), grade(FUTURE + 3, 0.4)];
        expect(await store.append(batch(learnerId, courseId, 0, first))).toEqual({ ok: true, value: { version: 1 } });
        expect(await store.append(batch(learnerId, courseId, 1, second))).toEqual({ ok: true, value: { version: 4 } });
        const loaded = await store.load(learnerId, courseId);
        expect(loaded).toEqual({ events: [...first, ...second], version: 4 });
      });

      test("append at a stale version is refused with version-conflict and stores nothing", async (store) => {
        const { learnerId, courseId, suffix } = testIds("stale");
        await store.append(batch(learnerId, courseId, 0, [grade(FUTURE), grade(FUTURE + 1)]));
        const requestId = `${suffix}${"0".repeat(32 - suffix.length)}` as RequestId;
        const key = `idem-stale-${suffix}`;
        for (const stale of [0, 1, 3]) {
          const r = await store.append(
            batch(learnerId, courseId, stale, [grade(FUTURE + 5)], {
              outbox: [emailMessage(`mail-stale-${stale}-${suffix}`)],
              requests: [{ requestId, providerId: "asu" as ProviderId }],
              idempotency: { key, response: { ok: true, value: 1 } },
            }),
          );
          expect(r.ok, `expected version ${stale} against a log at version 2 must be refused`).toBe(false);
          if (!r.ok) expect(r.error.code).toBe("version-conflict");
        }
        expect((await store.load(learnerId, courseId)).version).toBe(2);
        expect(await store.listOutbox(learnerId, courseId)).toEqual([]);
        expect(await store.findRequest(requestId)).toBeUndefined();
        expect(await store.getIdempotentResponse(key)).toBeUndefined();
      });

      test("concurrent appends at the same version: exactly one wins, and only its outbox and requests are stored", async (store) => {
        const { learnerId, courseId, suffix } = testIds("race");
        const writers = options.concurrentWriters ?? 8;
        const results = await Promise.all(
          Array.from({ length: writers }, (_, i) =>
            store.append(
              batch(learnerId, courseId, 0, [grade(FUTURE + i, i / writers)], {
                outbox: [emailMessage(`mail-race-${i}-${suffix}`)],
                requests: [{ requestId: `${i.toString(16).padStart(2, "0")}${suffix}`.padEnd(32, "a") as RequestId, providerId: "asu" as ProviderId }],
              }),
            ),
          ),
        );
        const winners = results.flatMap((r, i) => (r.ok ? [i] : []));
        expect(winners, "exactly one of the racing appends must win").toHaveLength(1);
        for (const r of results) if (!r.ok) expect(r.error.code).toBe("version-conflict");
        const w = winners[0] as number;
        const loaded = await store.load(learnerId, courseId);
        expect(loaded).toEqual({ events: [grade(FUTURE + w, w / writers)], version: 1 });
        const outbox = await store.listOutbox(learnerId, courseId);
        expect(outbox.map((m) => m.idempotencyKey)).toEqual([`mail-race-${w}-${suffix}`]);
        for (let i = 0; i < writers; i++) {
          const found = await store.findRequest(`${i.toString(16).padStart(2, "0")}${suffix}`.padEnd(32, "a") as RequestId);
          if (i === w) expect(found).toBeDefined();
          else expect(found, "a losing append must not index its requests").toBeUndefined();
        }
      });

      test("every journey event type comes back equal and in order, instants as Date", async (store) => {
        const { learnerId, courseId } = testIds("roundtrip");
        const events = sampleJourneyEvents();
        const half = Math.floor(events.length / 2);
        await store.append(batch(learnerId, courseId, 0, events.slice(0, half)));
        await store.append(batch(learnerId, courseId, half, events.slice(half)));
        const loaded = await store.load(learnerId, courseId);
        expect(loaded.version).toBe(events.length);
        expectDates(loaded.events);
        expect(loaded.events).toEqual(sampleJourneyEvents());
      });

      test("logs are separate per learner and course, even when their ids concatenate alike", async (store) => {
        const suffix = uniqueSuffix();
        const pairs: [string, string][] = [
          [`a:b-${suffix}`, `c-${suffix}`],
          [`a-${suffix}`, `b:c-${suffix}`],
          [`ü\u0000<x>-${suffix}`, `course-v1:Ünï+'";--+${suffix}`],
          [`a:b-${suffix}`, `d-${suffix}`],
        ];
        for (const [i, [l, c]] of pairs.entries()) {
          await store.append(batch(l as LearnerId, c as CourseId, 0, [grade(FUTURE + i, i / 10)]));
        }
        for (const [i, [l, c]] of pairs.entries()) {
          expect(await store.load(l as LearnerId, c as CourseId)).toEqual({ events: [grade(FUTURE + i, i / 10)], version: 1 });
        }
      });

      test("a loaded log is a snapshot: later appends do not change it", async (store) => {
        const { learnerId, courseId } = testIds("snapshot");
        await store.append(batch(learnerId, courseId, 0, [grade(FUTURE)]));
        const before = await store.load(learnerId, courseId);
        await store.append(batch(learnerId, courseId, 1, [grade(FUTURE + 1)]));
        expect(before.events).toHaveLength(1);
        expect(before.version).toBe(1);
      });
    });

    describe("outbox", () => {
      test("outbox messages are stored with their append: ids, stream, createdAt, attempts 0, due at once, payload equal", async (store) => {
        const { learnerId, courseId, suffix } = testIds("outbox");
        const now = new Date(FUTURE + 1234);
        const messages: NewOutboxMessage[] = [
          emailMessage(`mail-a-${suffix}`),
          { idempotencyKey: `refund-${suffix}`, payload: { kind: "refund", refund: { paymentId: "pay-1" as never, amount: 60000, currency: "USD" } } },
          { idempotencyKey: `request-${suffix}`, payload: { kind: "credit-request", request: { providerId: "asu" as ProviderId, requestId: "557168d0f7664fe59097106c67c3f847" as RequestId } } },
        ];
        await store.append(batch(learnerId, courseId, 0, [grade(FUTURE)], { outbox: messages, now }));
        const stored = await store.listOutbox(learnerId, courseId);
        expect(stored).toHaveLength(3);
        expect(new Set(stored.map((m) => m.id)).size, "outbox ids must be unique").toBe(3);
        for (const [i, m] of stored.entries()) {
          expect(typeof m.id).toBe("string");
          expect(m.learnerId).toBe(learnerId);
          expect(m.courseId).toBe(courseId);
          expect(m.createdAt).toEqual(now);
          expect(m.nextAttemptAt).toEqual(now);
          expect(m.attempts).toBe(0);
          expect(m.deliveredAt).toBeUndefined();
          expect(m.idempotencyKey).toBe(messages[i]?.idempotencyKey);
          expect(m.payload).toEqual(messages[i]?.payload);
        }
        const email = stored[0]?.payload;
        if (email?.kind === "email" && email.email.template === "eligibility") {
          expect(email.email.data.deadline, "email data instants must come back as Date").toBeInstanceOf(Date);
        } else {
          expect.fail("the first message must be the eligibility email");
        }
      });

      test("listOutbox lists one log's messages, oldest first, delivered ones included", async (store) => {
        const { learnerId, courseId, suffix } = testIds("list");
        const other = testIds("list-other");
        const t = nextEra();
        await store.append(batch(learnerId, courseId, 0, [grade(t)], { outbox: [emailMessage(`l1-${suffix}`), emailMessage(`l2-${suffix}`)], now: new Date(t) }));
        await store.append(batch(other.learnerId, other.courseId, 0, [grade(t)], { outbox: [emailMessage(`other-${suffix}`)], now: new Date(t) }));
        await store.append(batch(learnerId, courseId, 1, [grade(t + 1)], { outbox: [emailMessage(`l3-${suffix}`)], now: new Date(t + 1000) }));
        const first = (await store.listOutbox(learnerId, courseId))[0];
        if (first === undefined) expect.fail("listOutbox lost the messages");
        await store.markDelivered(first.id, new Date(t + 2000));
        const listed = await store.listOutbox(learnerId, courseId);
        expect(listed.map((m) => m.idempotencyKey)).toEqual([`l1-${suffix}`, `l2-${suffix}`, `l3-${suffix}`]);
        expect(listed[0]?.deliveredAt).toEqual(new Date(t + 2000));
        await deliverAll(store, [learnerId, courseId], [other.learnerId, other.courseId]);
      });

      test("claimOutbox claims only messages that are due (nextAttemptAt <= now)", async (store) => {
        const { learnerId, courseId, suffix } = testIds("due");
        const t = nextEra();
        await store.append(batch(learnerId, courseId, 0, [grade(t)], { outbox: [emailMessage(`due-${suffix}`)], now: new Date(t) }));
        expect(await store.claimOutbox(new Date(t - 1), 10, new Date(t + 60_000)), "a message is not due before its nextAttemptAt").toEqual([]);
        const claimed = await store.claimOutbox(new Date(t), 10, new Date(t + 60_000));
        expect(claimed.map((m) => m.idempotencyKey)).toEqual([`due-${suffix}`]);
        await deliverAll(store, [learnerId, courseId]);
      });

      test("claimOutbox claims at most `limit` messages, and the rest on the next call", async (store) => {
        const { learnerId, courseId, suffix } = testIds("limit");
        const t = nextEra();
        const keys = Array.from({ length: 5 }, (_, i) => `limit-${i}-${suffix}`);
        await store.append(batch(learnerId, courseId, 0, [grade(t)], { outbox: keys.map(emailMessage), now: new Date(t) }));
        const first = await store.claimOutbox(new Date(t), 2, new Date(t + 60_000));
        expect(first).toHaveLength(2);
        const second = await store.claimOutbox(new Date(t), 100, new Date(t + 60_000));
        const all = [...first, ...second].map((m) => m.idempotencyKey).sort();
        expect(all).toEqual([...keys].sort());
        await deliverAll(store, [learnerId, courseId]);
      });

      test("a claimed message is not claimed again while its lease lasts, and is again once it has expired", async (store) => {
        const { learnerId, courseId, suffix } = testIds("lease");
        const t = nextEra();
        await store.append(batch(learnerId, courseId, 0, [grade(t)], { outbox: [emailMessage(`lease-${suffix}`)], now: new Date(t) }));
        const leaseUntil = new Date(t + 60_000);
        expect(await store.claimOutbox(new Date(t), 10, leaseUntil)).toHaveLength(1);
        expect(await store.claimOutbox(new Date(t), 10, leaseUntil), "claimed twice at the same instant").toEqual([]);
        expect(await store.claimOutbox(new Date(t + 59_999), 10, new Date(t + 120_000)), "claimed again before the lease expired").toEqual([]);
        const again = await store.claimOutbox(new Date(t + 60_001), 10, new Date(t + 120_000));
        expect(again.map((m) => m.idempotencyKey), "an expired lease must let another dispatcher claim the message").toEqual([`lease-${suffix}`]);
        await deliverAll(store, [learnerId, courseId]);
      });

      test("concurrent claims never hand out the same message twice", async (store) => {
        const { learnerId, courseId, suffix } = testIds("claims");
        const t = nextEra();
        const keys = Array.from({ length: 12 }, (_, i) => `claims-${i}-${suffix}`);
        await store.append(batch(learnerId, courseId, 0, [grade(t)], { outbox: keys.map(emailMessage), now: new Date(t) }));
        const claims = await Promise.all(Array.from({ length: 4 }, () => store.claimOutbox(new Date(t), 5, new Date(t + 60_000))));
        const ids = claims.flat().map((m) => m.id);
        expect(new Set(ids).size, "a message was handed to two dispatchers").toBe(ids.length);
        expect(ids.length).toBeLessThanOrEqual(12);
        await deliverAll(store, [learnerId, courseId]);
      });

      test("markDelivered: a delivered message is never claimed again and counts the attempt", async (store) => {
        const { learnerId, courseId, suffix } = testIds("delivered");
        const t = nextEra();
        await store.append(batch(learnerId, courseId, 0, [grade(t)], { outbox: [emailMessage(`delivered-${suffix}`)], now: new Date(t) }));
        const [m] = await store.claimOutbox(new Date(t), 10, new Date(t + 60_000));
        if (m === undefined) expect.fail("nothing claimed");
        await store.markDelivered(m.id, new Date(t + 10));
        expect(await store.claimOutbox(new Date(t + 3_600_000), 10, new Date(t + 3_700_000))).toEqual([]);
        const [listed] = await store.listOutbox(learnerId, courseId);
        expect(listed?.deliveredAt).toEqual(new Date(t + 10));
        expect(listed?.attempts).toBe(1);
      });

      test("markFailed records the error and the next attempt; the message is due again then, not before", async (store) => {
        const { learnerId, courseId, suffix } = testIds("failed");
        const t = nextEra();
        await store.append(batch(learnerId, courseId, 0, [grade(t)], { outbox: [emailMessage(`failed-${suffix}`)], now: new Date(t) }));
        const [m] = await store.claimOutbox(new Date(t), 10, new Date(t + 300_000));
        if (m === undefined) expect.fail("nothing claimed");
        await store.markFailed(m.id, "mailer down", new Date(t + 10_000));
        const [failed] = await store.listOutbox(learnerId, courseId);
        expect(failed?.attempts).toBe(1);
        expect(failed?.lastError).toBe("mailer down");
        expect(failed?.nextAttemptAt).toEqual(new Date(t + 10_000));
        expect(failed?.deliveredAt).toBeUndefined();
        expect(await store.claimOutbox(new Date(t + 9_999), 10, new Date(t + 300_000)), "claimed before its next attempt").toEqual([]);
        const [again] = await store.claimOutbox(new Date(t + 10_000), 10, new Date(t + 300_000));
        expect(again?.id, "a failed message must be claimable at its next attempt, even within the old lease").toBe(m.id);
        expect(again?.attempts).toBe(1);
        if (again !== undefined) await store.markDelivered(again.id, new Date(t + 10_001));
        const [done] = await store.listOutbox(learnerId, courseId);
        expect(done?.attempts).toBe(2);
      });

      test(
        "releaseOutbox ends the lease only: the message is due again at once, attempts and error unchanged; a delivered one stays delivered",
        async (store) => {
          const release = (store.releaseOutbox as NonNullable<CreditStore["releaseOutbox"]>).bind(store);
          const { learnerId, courseId, suffix } = testIds("released");
          const t = nextEra();
          await store.append(batch(learnerId, courseId, 0, [grade(t)], { outbox: [emailMessage(`released-${suffix}`), emailMessage(`kept-${suffix}`)], now: new Date(t) }));
          const claimed = await store.claimOutbox(new Date(t), 10, new Date(t + 300_000));
          const [m, other] = claimed.filter((c) => c.learnerId === learnerId);
          if (m === undefined || other === undefined) expect.fail("nothing claimed");
          await store.markFailed(m.id, "mailer down", new Date(t));
          const [failedAgain] = (await store.claimOutbox(new Date(t + 1), 10, new Date(t + 300_000))).filter((c) => c.id === m.id);
          if (failedAgain === undefined) expect.fail("a failed message due now was not claimed");
          await release(m.id);
          await store.markDelivered(other.id, new Date(t + 2));
          await release(other.id);
          const [again, ...rest] = (await store.claimOutbox(new Date(t + 3), 10, new Date(t + 300_000))).filter((c) => c.learnerId === learnerId);
          expect(again?.id, "a released message is claimable at once, within its old lease").toBe(m.id);
          expect(rest, "a delivered message is never claimed again, released or not").toEqual([]);
          const listed = await store.listOutbox(learnerId, courseId);
          const byId = new Map(listed.map((x) => [x.id, x]));
          expect(byId.get(m.id)).toMatchObject({ attempts: 1, lastError: "mailer down", nextAttemptAt: new Date(t) });
          expect(byId.get(m.id)?.deliveredAt).toBeUndefined();
          expect(byId.get(other.id)).toMatchObject({ attempts: 1, deliveredAt: new Date(t + 2) });
          await release("no-such-message");
          await release("999999999999");
        },
        "releaseOutbox",
      );
    });

    describe("optional batch, learner and retirement methods", () => {
      test(
        "loadMany answers each asked log as load does, in the order asked",
        async (store) => {
          const a = testIds("many-a");
          const b = testIds("many-b");
          await store.append(batch(a.learnerId, a.courseId, 0, [grade(FUTURE), grade(FUTURE + 1, 0.7)]));
          const refs = [b, a, { learnerId: a.learnerId, courseId: b.courseId }, a];
          const many = await (store.loadMany as NonNullable<CreditStore["loadMany"]>)(refs);
          expect(many).toEqual(await Promise.all(refs.map((r) => store.load(r.learnerId, r.courseId))));
          expect(many[1]?.version).toBe(2);
          expectDates(many[1]?.events ?? []);
        },
        "loadMany",
      );

      test(
        "appendMany: each batch is guarded by its own log's version; a stale one fails alone and stores nothing",
        async (store) => {
          const appendMany = store.appendMany as NonNullable<CreditStore["appendMany"]>;
          const [a, b, c] = [testIds("bulk-a"), testIds("bulk-b"), testIds("bulk-c")];
          await store.append(batch(b.learnerId, b.courseId, 0, [grade(FUTURE)]));
          const requestId = `ee${a.suffix}`.padEnd(32, "e") as RequestId;
          const results = await appendMany([
            batch(a.learnerId, a.courseId, 0, [grade(FUTURE, 0.1), grade(FUTURE + 1, 0.2)], {
              outbox: [emailMessage(`bulk-a-${a.suffix}`)],
              requests: [{ requestId, providerId: "asu" as ProviderId }],
              idempotency: { key: `bulk-a-${a.suffix}`, response: { ok: true, value: "a" } },
            }),
            batch(b.learnerId, b.courseId, 0, [grade(FUTURE + 2)], { outbox: [emailMessage(`bulk-b-${b.suffix}`)], idempotency: { key: `bulk-b-${b.suffix}`, response: 1 } }),
            batch(c.learnerId, c.courseId, 0, [grade(FUTURE + 3, 0.3)]),
          ]);
          expect(results.map((r) => r.ok)).toEqual([true, false, true]);
          expect(results[0]).toEqual({ ok: true, value: { version: 2 } });
          if (results[1]?.ok === false) expect(results[1].error.code).toBe("version-conflict");
          expect(await store.load(a.learnerId, a.courseId)).toEqual({ events: [grade(FUTURE, 0.1), grade(FUTURE + 1, 0.2)], version: 2 });
          expect(await store.load(b.learnerId, b.courseId)).toEqual({ events: [grade(FUTURE)], version: 1 });
          expect(await store.load(c.learnerId, c.courseId)).toEqual({ events: [grade(FUTURE + 3, 0.3)], version: 1 });
          expect((await store.listOutbox(a.learnerId, a.courseId)).map((m) => m.payload)).toEqual([emailMessage(`bulk-a-${a.suffix}`).payload]);
          expect(await store.listOutbox(b.learnerId, b.courseId)).toEqual([]);
          expect(await store.findRequest(requestId)).toEqual({ requestId, providerId: "asu", learnerId: a.learnerId, courseId: a.courseId });
          expect(await store.getIdempotentResponse(`bulk-a-${a.suffix}`)).toEqual({ ok: true, value: "a" });
          expect(await store.getIdempotentResponse(`bulk-b-${b.suffix}`)).toBeUndefined();
        },
        "appendMany",
      );

      test(
        "appendMany: batches of one log apply in order; after one fails, the log's later batches fail and other logs go on",
        async (store) => {
          const appendMany = store.appendMany as NonNullable<CreditStore["appendMany"]>;
          const [a, b] = [testIds("chain-a"), testIds("chain-b")];
          await store.append(batch(b.learnerId, b.courseId, 0, [grade(FUTURE)], { idempotency: { key: `chain-used-${b.suffix}`, response: 0 } }));
          const results = await appendMany([
            batch(a.learnerId, a.courseId, 0, [grade(FUTURE, 0.1)], { outbox: [emailMessage(`chain-1-${a.suffix}`)] }),
            batch(b.learnerId, b.courseId, 1, [grade(FUTURE + 1, 0.2)], { idempotency: { key: `chain-used-${b.suffix}`, response: 1 } }),
            batch(a.learnerId, a.courseId, 1, [grade(FUTURE + 1, 0.2), grade(FUTURE + 2, 0.3)], { outbox: [emailMessage(`chain-2-${a.suffix}`)] }),
            batch(b.learnerId, b.courseId, 1, [grade(FUTURE + 2, 0.4)]),
            batch(a.learnerId, a.courseId, 3, [grade(FUTURE + 3, 0.4)], { idempotency: { key: `chain-new-${a.suffix}`, response: "new" } }),
          ]);
          expect(results.map((r) => (r.ok ? r.value.version : r.error.code))).toEqual([1, "version-conflict", 3, "version-conflict", 4]);
          expect((await store.load(a.learnerId, a.courseId)).version).toBe(4);
          expect((await store.listOutbox(a.learnerId, a.courseId)).map((m) => m.idempotencyKey)).toEqual([`chain-1-${a.suffix}`, `chain-2-${a.suffix}`]);
          expect(await store.getIdempotentResponse(`chain-new-${a.suffix}`)).toBe("new");
          expect(await store.load(b.learnerId, b.courseId)).toEqual({ events: [grade(FUTURE)], version: 1 });
          expect(await store.getIdempotentResponse(`chain-used-${b.suffix}`)).toBe(0);
        },
        "appendMany",
      );

      test(
        "coursesOfLearner lists each course the learner has a log in, once",
        async (store) => {
          const { learnerId, courseId, suffix } = testIds("courses");
          const other = `course-v1:Contract+other+${suffix}` as CourseId;
          await store.append(batch(learnerId, courseId, 0, [grade(FUTURE)]));
          await store.append(batch(learnerId, courseId, 1, [grade(FUTURE + 1)]));
          await store.append(batch(learnerId, other, 0, [grade(FUTURE)]));
          await store.append(batch(`someone-else-${suffix}` as LearnerId, courseId, 0, [grade(FUTURE)]));
          const courses = await (store.coursesOfLearner as NonNullable<CreditStore["coursesOfLearner"]>)(learnerId);
          expect([...courses].sort()).toEqual([courseId, other].sort());
          expect(await (store.coursesOfLearner as NonNullable<CreditStore["coursesOfLearner"]>)(`nobody-${suffix}` as LearnerId)).toEqual([]);
        },
        "coursesOfLearner",
      );

      test(
        "retireLearner removes unsent emails and requests, blanks sent emails, keeps events, refunds and requests; idempotent",
        async (store) => {
          const retire = (store.retireLearner as NonNullable<CreditStore["retireLearner"]>).bind(store);
          const { learnerId, courseId, suffix } = testIds("retire");
          const other = testIds("retire-other");
          const t = nextEra();
          const refund: NewOutboxMessage = { idempotencyKey: `refund-${suffix}`, payload: { kind: "refund", refund: { paymentId: "pay-9" as never, amount: 60000, currency: "USD" } } };
          const request: NewOutboxMessage = {
            idempotencyKey: `request-${suffix}`,
            payload: { kind: "credit-request", request: { providerId: "asu" as ProviderId, requestId: "557168d0f7664fe59097106c67c3f847" as RequestId } },
          };
          const requestId = `ff${suffix}`.padEnd(32, "f") as RequestId;
          const events = [grade(t, 0.9)];
          await store.append(
            batch(learnerId, courseId, 0, events, {
              outbox: [emailMessage(`sent-${suffix}`), emailMessage(`unsent-${suffix}`), refund, request],
              requests: [{ requestId, providerId: "asu" as ProviderId }],
              idempotency: { key: `retire-${suffix}`, response: { ok: true } },
              now: new Date(t),
            }),
          );
          await store.append(batch(other.learnerId, other.courseId, 0, events, { outbox: [emailMessage(`keep-${suffix}`)], now: new Date(t) }));
          const [sent] = await store.listOutbox(learnerId, courseId);
          if (sent === undefined) expect.fail("no outbox");
          await store.markFailed(sent.id, "mailbox contract@example.org full", new Date(t));
          await store.markDelivered(sent.id, new Date(t + 1));

          const report = await retire(learnerId, new Date(t + 10));
          expect(report).toEqual({ retiredAt: new Date(t + 10), courses: [courseId], outboxRemoved: 2, outboxScrubbed: 1 });
          const left = await store.listOutbox(learnerId, courseId);
          expect(left.map((m) => m.idempotencyKey)).toEqual([`sent-${suffix}`, `refund-${suffix}`]);
          const blank = left[0];
          expect(blank?.deliveredAt).toEqual(new Date(t + 1));
          expect(blank?.lastError).toBeUndefined();
          expect(JSON.stringify(left)).not.toContain("contract@example.org");
          expect(JSON.stringify(left)).not.toContain("Lovelace");
          expect(left[1]?.payload).toEqual(refund.payload);
          expect(await store.load(learnerId, courseId)).toEqual({ events, version: 1, retiredAt: new Date(t + 10) });
          expect(await store.findRequest(requestId)).toEqual({ requestId, providerId: "asu", learnerId, courseId });
          expect(await store.getIdempotentResponse(`retire-${suffix}`)).toEqual({ ok: true });
          expect((await store.listOutbox(other.learnerId, other.courseId)).map((m) => m.payload)).toEqual([emailMessage(`keep-${suffix}`).payload]);
          expect((await store.load(other.learnerId, other.courseId)).retiredAt).toBeUndefined();

          // Later appends store the facts and refunds, never an email or a credit request.
          const again = await store.append(batch(learnerId, courseId, 1, [grade(t + 20)], { outbox: [emailMessage(`late-${suffix}`), { ...refund, idempotencyKey: `refund-2-${suffix}` }, { ...request, idempotencyKey: `request-2-${suffix}` }], now: new Date(t + 20) }));
          expect(again).toEqual({ ok: true, value: { version: 2 } });
          expect((await store.listOutbox(learnerId, courseId)).map((m) => m.idempotencyKey)).toEqual([`sent-${suffix}`, `refund-${suffix}`, `refund-2-${suffix}`]);
          const elsewhere = `course-v1:Contract+after+${suffix}` as CourseId;
          await store.append(batch(learnerId, elsewhere, 0, [grade(t + 30)], { outbox: [emailMessage(`late-2-${suffix}`)], now: new Date(t + 30) }));
          expect(await store.listOutbox(learnerId, elsewhere)).toEqual([]);
          expect((await store.load(learnerId, elsewhere)).retiredAt).toEqual(new Date(t + 10));

          const second = await retire(learnerId, new Date(t + 99));
          expect(second.retiredAt, "a repeated retirement keeps the first instant").toEqual(new Date(t + 10));
          expect([second.outboxRemoved, second.outboxScrubbed]).toEqual([0, 0]);
          expect([...second.courses].sort()).toEqual([courseId, elsewhere].sort());
          await deliverAll(store, [learnerId, courseId], [other.learnerId, other.courseId]);
        },
        "retireLearner",
      );
    });

    describe("idempotency, requests and learners", () => {
      test("the idempotency record is stored with its append and returned equal, instants as Date", async (store) => {
        const { learnerId, courseId, suffix } = testIds("idem");
        const key = `idem-${suffix}`;
        const response = { ok: true, value: { events: [grade(FUTURE)], eligibility: { status: "in-progress", deadline: new Date(FUTURE + 1), paid: false, list: [1, "two", null] } } };
        expect(await store.getIdempotentResponse(key)).toBeUndefined();
        await store.append(batch(learnerId, courseId, 0, [grade(FUTURE)], { idempotency: { key, response } }));
        const stored = await store.getIdempotentResponse(key);
        expect(stored).toEqual(response);
        expect((stored as typeof response).value.eligibility.deadline).toBeInstanceOf(Date);
      });

      test("a duplicate idempotency key is refused with version-conflict and stores nothing", async (store) => {
        const { learnerId, courseId, suffix } = testIds("dupkey");
        const key = `dupkey-${suffix}`;
        await store.append(batch(learnerId, courseId, 0, [grade(FUTURE)], { idempotency: { key, response: { ok: true, value: "first" } } }));
        const requestId = `ab${suffix}`.padEnd(32, "b") as RequestId;
        const r = await store.append(
          batch(learnerId, courseId, 1, [grade(FUTURE + 1)], {
            idempotency: { key, response: { ok: true, value: "second" } },
            outbox: [emailMessage(`dupkey-mail-${suffix}`)],
            requests: [{ requestId, providerId: "asu" as ProviderId }],
          }),
        );
        expect(r.ok, "a second append with the same idempotency key must be refused").toBe(false);
        if (!r.ok) expect(r.error.code).toBe("version-conflict");
        expect((await store.load(learnerId, courseId)).version).toBe(1);
        expect(await store.getIdempotentResponse(key)).toEqual({ ok: true, value: "first" });
        expect(await store.listOutbox(learnerId, courseId)).toEqual([]);
        expect(await store.findRequest(requestId)).toBeUndefined();
      });

      test("findRequest finds an indexed credit request with its provider, learner and course", async (store) => {
        const { learnerId, courseId, suffix } = testIds("find");
        const requestId = `cd${suffix}`.padEnd(32, "c") as RequestId;
        expect(await store.findRequest(requestId)).toBeUndefined();
        await store.append(batch(learnerId, courseId, 0, [grade(FUTURE)], { requests: [{ requestId, providerId: "hogwarts" as ProviderId }] }));
        expect(await store.findRequest(requestId)).toEqual({ requestId, providerId: "hogwarts", learnerId, courseId });
      });

      test("learnersOfCourse yields each learner with a log in the course exactly once", async (store) => {
        const suffix = uniqueSuffix();
        const course = `course-v1:Contract+learners+${suffix}` as CourseId;
        const other = `course-v1:Contract+others+${suffix}` as CourseId;
        const learners = ["l1", "l2", "l3"].map((l) => `${l}-${suffix}` as LearnerId);
        for (const l of learners) {
          await store.append(batch(l, course, 0, [grade(FUTURE)]));
          await store.append(batch(l, course, 1, [grade(FUTURE + 1)]));
        }
        await store.append(batch(`l4-${suffix}` as LearnerId, other, 0, [grade(FUTURE)]));
        const seen = await collect(store.learnersOfCourse(course));
        expect([...seen].sort()).toEqual([...learners].sort());
        expect(await collect(store.learnersOfCourse(`course-v1:Contract+nobody+${suffix}` as CourseId))).toEqual([]);
      });

      test("coursesOfLearner lists each course in which the learner has a log exactly once, and no one else's", async (store) => {
        const suffix = uniqueSuffix();
        const learner = `mine-${suffix}` as LearnerId;
        // Course ids that share prefixes and contain separators, so a store that matches loosely is caught.
        const courses = [`course-v1:Contract+a+${suffix}`, `course-v1:Contract+a+${suffix}:x`, `Contract/ü/${suffix}`].map((c) => c as CourseId);
        expect(await store.coursesOfLearner(learner)).toEqual([]);
        for (const c of courses) {
          await store.append(batch(learner, c, 0, [grade(FUTURE)]));
          await store.append(batch(learner, c, 1, [grade(FUTURE + 1)]));
        }
        await store.append(batch(`mine-${suffix}-other` as LearnerId, `course-v1:Contract+other+${suffix}` as CourseId, 0, [grade(FUTURE)]));
        await store.append(batch(`${suffix}` as LearnerId, `course-v1:Contract+b+${suffix}` as CourseId, 0, [grade(FUTURE)]));
        expect([...(await store.coursesOfLearner(learner))].sort()).toEqual([...courses].sort());
        expect(await store.coursesOfLearner(`nobody-${suffix}` as LearnerId)).toEqual([]);
        const refused = await store.append(batch(`stale-${suffix}` as LearnerId, courses[0] as CourseId, 3, [grade(FUTURE)]));
        expect(refused.ok).toBe(false);
        expect(await store.coursesOfLearner(`stale-${suffix}` as LearnerId), "a refused append creates no log").toEqual([]);
      });
    });
  });
}

async function deliverAll(store: CreditStore, ...streams: [LearnerId, CourseId][]): Promise<void> {
  for (const [l, c] of streams) {
    const messages: readonly OutboxMessage[] = await store.listOutbox(l, c);
    for (const m of messages) if (m.deliveredAt === undefined) await store.markDelivered(m.id, new Date(FUTURE));
  }
}

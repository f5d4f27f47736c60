import { createMemoryStore } from "academic-credit/adapters/memory";
import { decodeJourneyEvent, encodeJourneyEvent, type CreditStore, type OutboxMessage } from "academic-credit";

/** Dates as `{ "$date": iso }`, everything else as JSON: what a store with JSON columns must do for responses and payloads. */
function toJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.toISOString() } : v;
  });
}

function fromJson(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => (v !== null && typeof v === "object" && "$date" in v && typeof (v as { $date: unknown }).$date === "string" ? new Date((v as { $date: string }).$date) : v));
}

/**
 * A store that keeps nothing but JSON text (events through the library's codec, responses and
 * payloads through a tagged-date JSON), over the in-memory store: it behaves like a SQL adapter with
 * JSON columns, so the contract and the invariants run against serialised data.
 */
export function createJsonStore(): CreditStore {
  const inner = createMemoryStore();
  const outbox = (m: OutboxMessage): OutboxMessage => fromJson(toJson(m)) as OutboxMessage;
  return {
    load: async (l, c) => {
      const r = await inner.load(l, c);
      return { version: r.version, events: r.events.map((e) => decodeJourneyEvent(JSON.parse(JSON.stringify(encodeJourneyEvent(e))))) };
    },
    append: (b) =>
      inner.append({
        ...b,
        events: b.events.map((e) => decodeJourneyEvent(JSON.parse(JSON.stringify(encodeJourneyEvent(e))))),
        outbox: b.outbox.map((m) => fromJson(toJson(m)) as typeof m),
        ...(b.idempotency === undefined ? {} : { idempotency: { key: b.idempotency.key, response: toJson(b.idempotency.response) } }),
      }),
    getIdempotentResponse: async (k) => {
      const stored = await inner.getIdempotentResponse(k);
      return typeof stored === "string" ? fromJson(stored) : stored;
    },
    findRequest: (r) => inner.findRequest(r),
    learnersOfCourse: (c) => inner.learnersOfCourse(c),
    coursesOfLearner: (l) => inner.coursesOfLearner(l),
    claimOutbox: async (n, l, u) => (await inner.claimOutbox(n, l, u)).map(outbox),
    markDelivered: (id, at) => inner.markDelivered(id, at),
    markFailed: (id, e, n) => inner.markFailed(id, e, n),
    listOutbox: async (l, c) => (await inner.listOutbox(l, c)).map(outbox),
  };
}

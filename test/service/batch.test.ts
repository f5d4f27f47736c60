import { describe, expect, it } from "vitest";
import { createMemoryStore } from "academic-credit/adapters/memory";
import { toLearnerId, type AppendBatch, type CreditStore, type EventBatchItem } from "academic-credit";
import { COURSE } from "./harness.js";
import { LEARNERS, checkBatchLaw, serviceOn, snapshot } from "./batch-law.js";

/** A store that counts the calls the service makes. */
function counted(store: CreditStore) {
  const calls = { load: 0, loadMany: 0, append: 0, appendMany: 0 };
  const wrapped: CreditStore = {
    ...store,
    load: (l, c) => (calls.load++, store.load(l, c)),
    append: (b) => (calls.append++, store.append(b)),
    loadMany: (refs) => (calls.loadMany++, (store.loadMany as NonNullable<CreditStore["loadMany"]>)(refs)),
    appendMany: (bs) => (calls.appendMany++, (store.appendMany as NonNullable<CreditStore["appendMany"]>)(bs)),
  };
  return { store: wrapped, calls };
}

/** The memory store without its optional batch methods, as a host's own store may be. */
function plain(): CreditStore {
  const { loadMany: _l, appendMany: _a, ...rest } = createMemoryStore();
  return rest;
}

describe("recordEvents", () => {
  it("is a law: a batch answers and stores what one recordEvent per item does (memory store)", async () => {
    await checkBatchLaw(() => createMemoryStore(), 150);
  }, 60_000);

  it("is a law for a host store without loadMany and appendMany (per-log fallback)", async () => {
    await checkBatchLaw(plain, 60);
  }, 60_000);

  it("takes 1,200 items in chunks of 500: one batched load and one batched append per chunk", async () => {
    const { store, calls } = counted(createMemoryStore());
    const { service } = serviceOn(store);
    const items: EventBatchItem[] = Array.from({ length: 1200 }, (_, i) => ({
      learnerId: toLearnerId(`l${i % 400}`),
      courseId: COURSE,
      event: { type: "grade-updated", grade: (i % 10) / 10 },
      eventId: `g${i}`,
    }));
    const r = await service.recordEvents(items);
    if (!r.ok) expect.fail(r.error.message);
    // Unknown learners (not in the catalog) answer typed errors without stopping the batch.
    expect(r.value.every((x) => !x.ok && x.error.code === "invalid-input")).toBe(true);
    expect(calls).toEqual({ load: 0, loadMany: 3, append: 0, appendMany: 0 });

    const known: EventBatchItem[] = Array.from({ length: 1200 }, (_, i) => ({
      learnerId: LEARNERS[i % 3] as (typeof LEARNERS)[number],
      courseId: COURSE,
      event: i % 600 === 0 ? { type: "enrolled", mode: "verified" } : { type: "grade-updated", grade: (i % 10) / 10 },
    }));
    const written = await service.recordEvents(known);
    if (!written.ok) expect.fail(written.error.message);
    expect(written.value.every((x) => x.ok)).toBe(true);
    expect(calls).toMatchObject({ loadMany: 6, appendMany: 3, append: 0, load: 0 });
    expect((await store.load(LEARNERS[0] as (typeof LEARNERS)[number], COURSE)).version).toBe(400);
  });

  it("a version conflict runs again only the logs that conflicted, on their own", async () => {
    const base = createMemoryStore();
    const { store, calls } = counted(base);
    let raced = false;
    const racing: CreditStore = {
      ...store,
      async appendMany(batches: readonly AppendBatch[]) {
        if (!raced) {
          raced = true;
          // Another writer appends to the first learner's log between the load and the append.
          await base.append({ learnerId: LEARNERS[0] as (typeof LEARNERS)[number], courseId: COURSE, expectedVersion: 1, events: [{ type: "unenrolled", at: new Date("2026-05-01T09:00:00Z") }], outbox: [], requests: [], now: new Date() });
        }
        return (store.appendMany as NonNullable<CreditStore["appendMany"]>)(batches);
      },
    };
    const { service } = serviceOn(racing);
    for (const l of LEARNERS) await service.enroll(l, COURSE, { mode: "verified" });
    const items: EventBatchItem[] = LEARNERS.flatMap((l) => [
      { learnerId: l, courseId: COURSE, event: { type: "initial-verification", result: "approved" } },
      { learnerId: l, courseId: COURSE, event: { type: "grade-updated", grade: 0.9 }, eventId: `grade-${l}` },
    ]);
    calls.append = 0;
    const r = await service.recordEvents(items);
    if (!r.ok) expect.fail(r.error.message);
    expect(r.value.map((x) => x.ok)).toEqual([true, true, true, true, true, true]);
    expect(calls.append, "only the two items of the conflicting log are appended again, one by one").toBe(2);
    const first = await base.load(LEARNERS[0] as (typeof LEARNERS)[number], COURSE);
    expect(first.events.map((e) => e.type)).toEqual(["enrolled", "unenrolled", "initial-verification", "grade-updated"]);
    expect((await base.load(LEARNERS[1] as (typeof LEARNERS)[number], COURSE)).events.map((e) => e.type)).toEqual(["enrolled", "initial-verification", "grade-updated", "eligibility-granted"]);
  });

  it("a redelivered batch answers the first results and stores nothing twice", async () => {
    const store = createMemoryStore();
    const { service } = serviceOn(store);
    const items: EventBatchItem[] = LEARNERS.map((l, i) => ({ learnerId: l, courseId: COURSE, event: { type: "enrolled", mode: "verified" }, eventId: `enroll-${i}` }));
    const first = await service.recordEvents(items);
    const before = await snapshot(store);
    const again = await service.recordEvents(items);
    expect(again).toEqual(first);
    expect(await snapshot(store)).toEqual(before);
  });

  it("answers invalid-input for a batch that is not an array, and a typed error for each unreadable item", async () => {
    const { service } = serviceOn(createMemoryStore());
    const notArray = await service.recordEvents({ length: 1 } as never);
    expect(notArray.ok).toBe(false);
    if (!notArray.ok) expect(notArray.error.code).toBe("invalid-input");
    const hostile = new Proxy({}, { get: () => { throw new Error("boom"); } });
    const r = await service.recordEvents([null, 42, hostile, { learnerId: LEARNERS[0], courseId: COURSE, event: { type: "enrolled", mode: "verified" }, eventId: 7 }, { learnerId: LEARNERS[0], courseId: COURSE, event: { type: "enrolled", mode: "verified" } }] as never);
    if (!r.ok) expect.fail(r.error.message);
    expect(r.value.map((x) => (x.ok ? "ok" : x.error.code))).toEqual(["invalid-input", "invalid-input", "invalid-input", "invalid-input", "ok"]);
  });
});

import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { toLearnerId, type CreditStore, type JourneyEvent } from "academic-credit";
import { createPostgresStore, migrate, toSqlDatabase } from "academic-credit/postgres";
import { ADA, COURSE, makeEligible, wire } from "./service-wiring.js";
import { C1, batch, email, postgresStoreSuite, schemas, sampleEvents } from "./suite.js";

// Runs only against a real server: `npm run test:postgres` (scripts/test-postgres.sh) starts one
// and sets ACADEMIC_CREDIT_PG_URL.
const url = process.env["ACADEMIC_CREDIT_PG_URL"];

describe.skipIf(url === undefined)("PostgreSQL server", () => {
  const pools: pg.Pool[] = [];
  const newPool = (max = 10): pg.Pool => {
    const pool = new pg.Pool({ connectionString: url, max });
    pools.push(pool);
    return pool;
  };
  const pool = newPool(10);
  afterAll(async () => {
    await Promise.all(pools.map((p) => (p.ending ? undefined : p.end())));
  });

  postgresStoreSuite({ connection: () => pool, parallel: true });

  const { fresh } = schemas({ connection: () => pool, parallel: true });

  /** Counts the version conflicts a store answers, to prove a race really happened. */
  function counting(store: CreditStore): CreditStore & { conflicts: () => number } {
    let conflicts = 0;
    return {
      ...store,
      async append(b) {
        const r = await store.append(b);
        if (!r.ok) conflicts++;
        return r;
      },
      conflicts: () => conflicts,
    };
  }

  it("§13.2 20 concurrent commands on one learner through a pool of 10: no lost event, one purchase", async () => {
    const { schema } = await fresh();
    const store = counting(createPostgresStore(pool, { schema }));
    const w = wire(store, { service: { maxRetries: 40 } });
    await makeEligible(w);
    w.at("2026-07-01T12:00:00Z");
    const co1 = await w.service.startCheckout(ADA, COURSE, { providerId: "asu", method: "card", idempotencyKey: "k1" });
    const co2 = await w.service.startCheckout(ADA, COURSE, { providerId: "hogwarts", method: "paypal", idempotencyKey: "k2" });
    if (!co1.ok || !co2.ok) throw new Error("checkout failed");
    const before = (await store.load(ADA, COURSE)).version;

    w.at("2026-07-01T12:03:00Z");
    const pay = (checkoutId: string, amount: number) =>
      w.service.recordPaymentResult(ADA, COURSE, { checkoutId, outcome: "succeeded", paymentId: `pay-${checkoutId}`, amount, currency: "USD" });
    const commands = [
      ...Array.from({ length: 6 }, () => () => pay(co1.value.checkoutId, 60000)),
      ...Array.from({ length: 6 }, () => () => pay(co2.value.checkoutId, 45000)),
      ...Array.from({ length: 8 }, (_, i) => () => w.service.updateGrade(ADA, COURSE, { grade: 0.81 + i / 100 }, { eventId: `lms-grade-${i}` })),
    ];
    // Interleave the kinds so they really race.
    const order = commands.map((c, i) => [c, (i * 7) % commands.length] as const).sort((a, b) => a[1] - b[1]);
    const results = await Promise.all(order.map(([c]) => c()));

    for (const r of results) {
      if (!r.ok) expect(r.error.code).toBe("duplicate-payment");
    }
    expect(store.conflicts()).toBeGreaterThan(0);
    const { events, version } = await store.load(ADA, COURSE);
    expect(version).toBe(events.length);
    const added = events.slice(before);
    const count = (type: JourneyEvent["type"]) => added.filter((e) => e.type === type).length;
    expect(count("payment-succeeded")).toBe(1);
    expect(count("payment-refund-requested")).toBe(1);
    expect(
      added
        .filter((e): e is Extract<JourneyEvent, { type: "grade-updated" }> => e.type === "grade-updated")
        .map((e) => e.grade)
        .sort(),
    ).toEqual(Array.from({ length: 8 }, (_, i) => 0.81 + i / 100).sort());
    expect(added).toHaveLength(10);

    expect(await w.service.dispatchOutbox()).toMatchObject({ ok: true, value: { failed: 0 } });
    expect(w.payments.refunds).toHaveLength(1);
    expect(w.mailer.delivered.filter((m) => m.template === "purchase-receipt")).toHaveLength(1);
    const state = await w.service.getState(ADA, COURSE);
    expect(state.ok && state.value.purchase).toBe("paid");
  });

  it("§13.2 50 racing store appends on one log with retries: versions stay contiguous, none lost", async () => {
    const { store } = await fresh();
    const writers = Array.from({ length: 50 }, async (_, i) => {
      for (;;) {
        const { version } = await store.load(toLearnerId("hot"), C1);
        const r = await store.append(batch({ learnerId: toLearnerId("hot"), expectedVersion: version, events: [{ type: "grade-updated", grade: i / 100, at: new Date(0) }], outbox: [email(`hot-${i}`)] }));
        if (r.ok) return;
      }
    });
    await Promise.all(writers);
    const { events, version } = await store.load(toLearnerId("hot"), C1);
    expect(version).toBe(50);
    expect(new Set(events.map((e) => (e as { grade: number }).grade)).size).toBe(50);
    expect(await store.listOutbox(toLearnerId("hot"), C1)).toHaveLength(50);
  });

  it("§10 killed between append and dispatch: a new process (new pool) delivers the message exactly once", async () => {
    const { schema } = await fresh();
    const dying = newPool(2);
    const first = wire(createPostgresStore(dying, { schema }));
    await makeEligible(first);
    await dying.end(); // the process dies before dispatching
    const second = wire(createPostgresStore(newPool(2), { schema }));
    second.at("2026-06-03T08:00:01Z");
    const reports = await Promise.all([second.service.dispatchOutbox(), second.service.dispatchOutbox()]);
    expect(reports.map((r) => (r.ok ? r.value.delivered : -1)).sort()).toEqual([0, 1]);
    expect(second.mailer.sendCalls).toBe(1);
    expect(first.mailer.sendCalls).toBe(0);
  });

  it("§10 a process that dies mid-send (mailer hangs, pool gone): after the lease a new process delivers once", async () => {
    const { schema } = await fresh();
    const dying = newPool(2);
    const first = wire(createPostgresStore(dying, { schema }), {
      mailer: { send: () => new Promise<void>(() => undefined) },
      service: { outbox: { leaseMs: 60_000, timeoutMs: 1e9 } },
    });
    await makeEligible(first);
    void first.service.dispatchOutbox();
    await new Promise((r) => setTimeout(r, 300));
    await dying.end();
    const workers = [wire(createPostgresStore(newPool(2), { schema })), wire(createPostgresStore(newPool(2), { schema }))];
    for (const w of workers) w.at("2026-06-03T08:00:59Z");
    expect((await Promise.all(workers.map((w) => w.service.dispatchOutbox()))).map((r) => r.ok && r.value.attempted)).toEqual([0, 0]);
    for (const w of workers) w.at("2026-06-03T08:01:00Z");
    const reports = await Promise.all(workers.map((w) => w.service.dispatchOutbox()));
    expect(reports.map((r) => (r.ok ? r.value.delivered : -1)).sort()).toEqual([0, 1]);
    expect(workers[0]!.mailer.sendCalls + workers[1]!.mailer.sendCalls).toBe(1);
  });

  it("a single pg Client is safe to share: a transaction (migrate) never interleaves with store statements", async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const schema = `single_${Math.random().toString(36).slice(2, 8)}`;
      const db = toSqlDatabase(client);
      await migrate(db, { schema });
      const store = createPostgresStore(db, { schema });
      const work = Array.from({ length: 10 }, (_, i) =>
        store.append(batch({ learnerId: toLearnerId(`s${i}`), events: sampleEvents.slice(0, 2), outbox: [email(`s${i}`)] })),
      );
      const again = migrate(db, { schema });
      const rollback = db
        .transaction(async (tx) => {
          await tx.query(`INSERT INTO "${schema}".idempotency (key, stream_id, response, created_at) VALUES ('rolled-back', 'x', '1', now())`);
          throw new Error("abort");
        })
        .catch((e: unknown) => (e as Error).message);
      const results = await Promise.all(work);
      expect(results.every((r) => r.ok)).toBe(true);
      expect(await again).toEqual({ schema, applied: [], version: 2 });
      expect(await rollback).toBe("abort");
      expect(await store.getIdempotentResponse("rolled-back")).toBeUndefined();
      for (let i = 0; i < 10; i++) expect((await store.load(toLearnerId(`s${i}`), C1)).version).toBe(2);
      await db.query(`DROP SCHEMA "${schema}" CASCADE`);
    } finally {
      await client.end();
    }
  });

  it("a pool transaction that fails rolls back on its own connection and leaves the pool usable", async () => {
    const { schema, store } = await fresh();
    const small = newPool(1);
    const db = toSqlDatabase(small);
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO "${schema}".idempotency (key, stream_id, response, created_at) VALUES ('tx', 'x', '1', now())`);
        await tx.query("SELECT 1/0");
      }),
    ).rejects.toThrow(/division by zero/);
    expect(await store.getIdempotentResponse("tx")).toBeUndefined();
    const r = await db.transaction(async (tx) => (await tx.query("SELECT 41 + 1 AS n")).rows);
    expect(r).toEqual([{ n: 42 }]);
    expect(small.totalCount).toBe(1);
  });
});

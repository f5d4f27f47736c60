import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PGlite } from "@electric-sql/pglite";
import { C1, L1, batch, email, postgresStoreSuite, sampleEvents, schemas } from "./suite.js";

// One PGlite instance for the whole file (each costs seconds and hundreds of MB); every test
// works in a fresh schema of it.
const db = new PGlite();

beforeAll(async () => {
  await db.waitReady;
}, 120_000);

afterAll(async () => {
  await db.close();
});

postgresStoreSuite({ connection: () => db, parallel: false });

const { fresh } = schemas({ connection: () => db, parallel: false });

describe("PGlite session settings", () => {
  it("§2 instants do not depend on the database session's time zone", async () => {
    const { store } = await fresh();
    const now = new Date("2026-03-08T10:30:00.250Z"); // a US DST switch day
    await db.query("SET TIME ZONE 'America/Los_Angeles'");
    try {
      const r = await store.append(batch({ events: sampleEvents.slice(0, 1), outbox: [email("tz")], now }));
      expect(r.ok).toBe(true);
      const [m] = await store.listOutbox(L1, C1);
      expect(m?.createdAt).toEqual(now);
      await db.query("SET TIME ZONE 'Pacific/Kiritimati'");
      expect((await store.claimOutbox(now, 1, new Date(now.getTime() + 1)))[0]?.createdAt).toEqual(now);
      expect((await store.load(L1, C1)).events).toEqual(sampleEvents.slice(0, 1));
    } finally {
      await db.query("SET TIME ZONE 'UTC'");
    }
  });
});

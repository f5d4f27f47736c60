import pg from "pg";
import { afterAll, describe, it } from "vitest";
import { createPostgresStore, migrate, toSqlDatabase } from "academic-credit/postgres";
import { runLoad } from "./load.js";

// Runs only against a real server: `npm run test:postgres` (scripts/test-postgres.sh) starts one
// and sets ACADEMIC_CREDIT_PG_URL.
const url = process.env["ACADEMIC_CREDIT_PG_URL"];

describe.skipIf(url === undefined)("load through the real server on the PostgreSQL server", () => {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const schema = `http_load_${process.pid}`;
  afterAll(async () => {
    await toSqlDatabase(pool).query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  it("50 learners, 200 concurrent checkouts, payments and callbacks through a pool of 10: no lost event, one purchase per learner, every duplicate refunded once", async () => {
    await migrate(pool, { schema });
    await runLoad(createPostgresStore(pool, { schema }));
  });
});

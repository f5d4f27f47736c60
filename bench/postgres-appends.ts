/**
 * Appends per second of the PostgreSQL store, on PGlite (embedded) and, when ACADEMIC_CREDIT_PG_URL
 * is set, on a server through a `pg` Pool. Run with `bash bench/postgres-appends.sh` (bundles this
 * file, starts a throwaway server through scripts/test-postgres.sh, writes bench/postgres-results.json).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { toCourseId, toLearnerId } from "../src/ids/index.js";
import type { AppendBatch, CreditStore } from "../src/ports/index.js";
import { createPostgresStore, migrate, type PostgresConnection } from "../src/postgres/index.js";
import { benchIngest, benchRecompute, type IngestResult, type RecomputeResult } from "./postgres-batch.js";

/** `BENCH_ONLY=batch` runs only the batch benchmarks and keeps the stored single-append figures. */
const ONLY = process.env["BENCH_ONLY"];
const RESULTS = new URL("./postgres-results.json", `file://${process.cwd()}/bench/`);

const COURSE = toCourseId("course-v1:MITx+6.002x+2026_T1");
const T0 = Date.UTC(2026, 0, 10, 9);

interface Measurement {
  readonly backend: "pglite" | "server";
  readonly scenario: string;
  readonly writers: number;
  /** Appends per round. */
  readonly appends: number;
  readonly rounds: number;
  /** The median round. */
  readonly appendsPerSecond: number;
  readonly minAppendsPerSecond: number;
  readonly maxAppendsPerSecond: number;
}

const ROUNDS = 3;

type Shape = "event" | "command";

/** One append as the service writes it: one event, and for a "command" an email and an idempotency record. */
function appendOf(learner: string, version: number, shape: Shape): AppendBatch {
  const now = new Date(T0 + version * 1000);
  return {
    learnerId: toLearnerId(learner),
    courseId: COURSE,
    expectedVersion: version,
    events: [{ type: "grade-updated", grade: (version % 100) / 100, at: now }],
    outbox:
      shape === "command"
        ? [
            {
              idempotencyKey: `mail:${learner}:${version}`,
              payload: {
                kind: "email",
                email: {
                  template: "eligibility",
                  idempotencyKey: `mail:${learner}:${version}`,
                  to: `${learner}@example.org`,
                  data: { learnerName: "Ada Lovelace", courseTitle: "Circuits and Electronics", providers: ["ASU"], deadline: new Date(T0 + 365 * 86_400_000), timeZone: "UTC" },
                },
              },
            },
          ]
        : [],
    requests: [],
    ...(shape === "command" ? { idempotency: { key: `cmd:${learner}:${version}`, response: { ok: true, value: { version: version + 1, at: now } } } } : {}),
    now,
  };
}

async function writer(store: CreditStore, learner: string, count: number, shape: Shape): Promise<void> {
  for (let v = 0; v < count; v++) {
    const r = await store.append(appendOf(learner, v, shape));
    if (!r.ok) throw new Error(`unexpected ${r.error.code}`);
  }
}

async function measure(
  backend: Measurement["backend"],
  connection: PostgresConnection,
  scenario: string,
  writers: number,
  perWriter: number,
  shape: Shape,
): Promise<Measurement> {
  const schema = `bench_${scenario.replace(/[^a-z0-9]+/g, "_")}_${writers}`;
  await migrate(connection, { schema });
  const store = createPostgresStore(connection, { schema });
  // Warm-up (connections, plans, caches), on other learners.
  await Promise.all(Array.from({ length: writers }, (_, w) => writer(store, `warm-${w}`, 200, shape)));
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    await Promise.all(Array.from({ length: writers }, (_, w) => writer(store, `learner-${round}-${w}`, perWriter, shape)));
    rates.push((writers * perWriter) / ((performance.now() - start) / 1000));
  }
  rates.sort((a, b) => a - b);
  const m: Measurement = {
    backend,
    scenario,
    writers,
    appends: writers * perWriter,
    rounds: ROUNDS,
    appendsPerSecond: Math.round(rates[Math.floor(ROUNDS / 2)] ?? 0),
    minAppendsPerSecond: Math.round(rates[0] ?? 0),
    maxAppendsPerSecond: Math.round(rates[ROUNDS - 1] ?? 0),
  };
  console.log(
    `${backend.padEnd(7)} ${scenario.padEnd(32)} writers=${String(writers).padStart(2)}  ${String(m.appendsPerSecond).padStart(6)} appends/s median (${m.minAppendsPerSecond}–${m.maxAppendsPerSecond}, ${ROUNDS} rounds of ${m.appends})`,
  );
  return m;
}

async function main(): Promise<void> {
  const previous = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, "utf8")) as { results?: Measurement[]; pglite?: { version: string } }) : {};
  let results: Measurement[] = [];
  let pgliteVersion = previous.pglite?.version ?? "unknown";
  if (ONLY !== "batch") {
    const pglite = new PGlite();
    await pglite.waitReady;
    results.push(await measure("pglite", pglite, "1 event", 1, 2000, "event"));
    results.push(await measure("pglite", pglite, "1 event + email + idempotency", 1, 2000, "command"));
    pgliteVersion = ((await pglite.query("SHOW server_version")).rows[0] as { server_version: string }).server_version;
    await pglite.close();
  } else {
    results = previous.results ?? [];
  }
  let ingest: IngestResult | undefined;
  let recompute: RecomputeResult | undefined;

  let server: Record<string, string> | undefined;
  const url = process.env["ACADEMIC_CREDIT_PG_URL"];
  if (url !== undefined) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    try {
      const setting = async (name: string) => ((await pool.query(`SHOW ${name}`)).rows[0] as Record<string, string>)[name] ?? "";
      server = { version: await setting("server_version"), fsync: await setting("fsync"), synchronous_commit: await setting("synchronous_commit") };
      if (ONLY !== "batch") {
        results.push(await measure("server", pool, "1 event", 1, 2000, "event"));
        results.push(await measure("server", pool, "1 event + email + idempotency", 1, 2000, "command"));
        results.push(await measure("server", pool, "1 event", 10, 500, "event"));
        results.push(await measure("server", pool, "1 event + email + idempotency", 10, 500, "command"));
      }
      ingest = await benchIngest(pool, Number(process.env["BENCH_INGEST_LEARNERS"] ?? 10_000));
      console.log(`ingest-batch: ${ingest.eventsPerSecond} events/s vs bare INSERT ${ingest.baselineEventsPerSecond} events/s: ratio ${ingest.ratio} (goal ≥ ${ingest.goal})`);
      recompute = await benchRecompute(pool, Number(process.env["BENCH_RECOMPUTE_LEARNERS"] ?? 100_000));
      console.log(`recompute-course-postgres: ${JSON.stringify(recompute)}`);
    } finally {
      await pool.end();
    }
  } else {
    console.log("ACADEMIC_CREDIT_PG_URL not set: server measurements skipped (run bench/postgres-appends.sh)");
  }

  const report = {
    measuredAt: new Date().toISOString(),
    machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? "unknown", loadAverage: loadavg().map((l) => Number(l.toFixed(2))) },
    pglite: { version: pgliteVersion },
    ...(server === undefined ? {} : { server }),
    note: "Each append is one statement (one transaction) through createPostgresStore; writers append to their own learner's log, one after another.",
    results,
    ...(ingest === undefined ? {} : { "ingest-batch": ingest }),
    ...(recompute === undefined ? {} : { "recompute-course-postgres": recompute }),
  };
  writeFileSync(RESULTS, `${JSON.stringify(report, null, 2)}\n`);
  console.log("wrote bench/postgres-results.json");
}

main().catch((cause: unknown) => {
  console.error(cause);
  process.exitCode = 1;
});

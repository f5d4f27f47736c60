/**
 * Batch benchmarks of the PostgreSQL store on a server (run by bench/postgres-appends.ts):
 *
 * - `ingest-batch`: `service.recordEvents` of a gradebook sync (one `grade-updated` per learner,
 *   with event ids) against a bare multi-row `INSERT` of the same event rows (500 per statement,
 *   the service's chunk), in the same run, alternating.
 * - `recompute-course-postgres`: `service.recomputeCourse` over N learners stored in PostgreSQL
 *   (20 events each; a quarter newly eligible) against a bare keyset-paged `SELECT` of their event
 *   rows; heap sampled during the run.
 */
import type pg from "pg";
import { createManualClock, createMemoryCatalog, createMemoryMailer, createMemoryPaymentGateway, createMemoryProviderKeys, createSequentialIds } from "../src/adapters/memory/index.js";
import { toCourseId, toLearnerId, type LearnerId } from "../src/ids/index.js";
import { encodeJourneyEvent } from "../src/journey/codec.js";
import type { JourneyEvent } from "../src/journey/record.js";
import { parsePolicy } from "../src/policy/schema.js";
import type { LearnerProfile } from "../src/ports/index.js";
import { encodeValue } from "../src/postgres/codec.js";
import { createPostgresStore, migrate, toStreamId } from "../src/postgres/index.js";
import { parseProviders } from "../src/providers/index.js";
import { createCreditService, type EventBatchItem } from "../src/service/index.js";

const COURSE = toCourseId("course-v1:BenchX+PERF101+2026_T1");
const MB = 1024 * 1024;
const policyResult = parsePolicy({
  courseId: COURSE,
  title: "Circuits and Electronics",
  endsAt: "2026-06-30T23:59:00Z",
  requirements: [{ kind: "grade", id: "grade", minGrade: 0.8 }],
  offers: [{ providerId: "asu", price: { amount: 60000, currency: "USD" }, creditHours: 3 }],
});
const providersResult = parseProviders([
  { id: "asu", displayName: "Arizona State University", url: "https://credit.example.edu/request", statusUrl: "https://credit.example.edu/status", integration: "signed-request", completionSteps: true },
]);
if (!policyResult.ok || !providersResult.ok) throw new Error("bad bench fixture");
const policy = policyResult.value;
const providers = providersResult.value;

const learnerId = (i: number): LearnerId => toLearnerId(`l${String(i).padStart(7, "0")}`);
const profile = (i: number): LearnerProfile => ({ id: learnerId(i), username: `user${i}`, email: `user${i}@example.org`, fullName: `Learner ${i}`, timeZone: "UTC" });

function service(pool: pg.Pool, schema: string, learners: number, now: string) {
  return createCreditService({
    store: createPostgresStore(pool, { schema }),
    payments: createMemoryPaymentGateway(),
    mailer: createMemoryMailer(),
    clock: createManualClock(new Date(now)),
    ids: createSequentialIds(),
    keys: createMemoryProviderKeys({ asu: ["bench-secret"] }),
    catalog: createMemoryCatalog({ policies: [policy], providers, learners: Array.from({ length: learners }, (_, i) => profile(i)) }),
  });
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

/** Event rows as the store writes them: (stream id, version, type, encoded payload). */
function rowsOf(learners: number, version: number, event: (i: number) => JourneyEvent): { stream_id: string; version: number; type: string; payload: unknown; at: string }[] {
  return Array.from({ length: learners }, (_, i) => {
    const e = event(i);
    return { stream_id: toStreamId(learnerId(i), COURSE), version, type: e.type, payload: encodeValue(encodeJourneyEvent(e)), at: e.at.toISOString() };
  });
}

async function bareInsert(pool: pg.Pool, table: string, rows: readonly unknown[], chunk: number): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    await pool.query(
      `INSERT INTO ${table} (stream_id, version, type, payload, recorded_at)
       SELECT x.stream_id, x.version, x.type, x.payload, x.at::timestamptz FROM jsonb_to_recordset($1::text::jsonb) AS x(stream_id text, version integer, type text, payload jsonb, at text)`,
      [JSON.stringify(rows.slice(i, i + chunk))],
    );
  }
}

export interface IngestResult {
  readonly events: number;
  readonly rounds: number;
  readonly eventsPerSecond: number;
  readonly baselineEventsPerSecond: number;
  /** Ours / baseline (goal ≥ 0.5). */
  readonly ratio: number;
  readonly roundRatios: readonly number[];
  readonly goal: number;
  readonly met: boolean;
}

/** `ingest-batch`: events/s of `recordEvents` against a bare multi-row INSERT of the same rows. */
export async function benchIngest(pool: pg.Pool, learners = 10_000, rounds = 3): Promise<IngestResult> {
  const ours: number[] = [];
  const base: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const schema = `bench_ingest_${round}`;
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await migrate(pool, { schema });
    await pool.query(`CREATE TABLE ${schema}.bare_events (LIKE ${schema}.events INCLUDING ALL)`);
    const s = service(pool, schema, learners, "2026-01-10T09:00:00Z");
    // Every learner enrolled and verified (so the sync loads real logs), in batches too.
    for (const type of ["enrolled", "initial-verification"] as const) {
      const r = await s.recordEvents(Array.from({ length: learners }, (_, i) => ({ learnerId: learnerId(i), courseId: COURSE, event: type === "enrolled" ? { type, mode: "verified" } : { type, result: "approved" } })));
      if (!r.ok || r.value.some((x) => !x.ok)) throw new Error("seeding failed");
    }
    const sync = service(pool, schema, learners, "2026-05-01T10:00:00Z");
    const items: EventBatchItem[] = Array.from({ length: learners }, (_, i) => ({
      learnerId: learnerId(i),
      courseId: COURSE,
      event: { type: "grade-updated", grade: 0.5 + (i % 29) / 100 },
      eventId: `sync-1:${i}`,
    }));
    const rows = rowsOf(learners, 3, (i) => ({ type: "grade-updated", grade: 0.5 + (i % 29) / 100, at: new Date("2026-05-01T10:00:00Z") }));
    const runOurs = async () => {
      const t0 = performance.now();
      const r = await sync.recordEvents(items);
      const t = performance.now() - t0;
      if (!r.ok || r.value.some((x) => !x.ok || x.value.events.length !== 1)) throw new Error("unexpected ingest result");
      ours.push(learners / (t / 1000));
    };
    const runBase = async () => {
      const t0 = performance.now();
      await bareInsert(pool, `${schema}.bare_events`, rows, 500);
      base.push(learners / ((performance.now() - t0) / 1000));
    };
    if (round % 2 === 0) {
      await runOurs();
      await runBase();
    } else {
      await runBase();
      await runOurs();
    }
    await pool.query(`DROP SCHEMA ${schema} CASCADE`);
  }
  const ratios = ours.map((o, i) => round(o / (base[i] as number)));
  const ratio = round(median(ours) / median(base));
  return { events: learners, rounds, eventsPerSecond: Math.round(median(ours)), baselineEventsPerSecond: Math.round(median(base)), ratio, roundRatios: ratios, goal: 0.5, met: ratio >= 0.5 };
}

export interface RecomputeResult {
  readonly learners: number;
  readonly eventsPerLearner: number;
  readonly granted: number;
  /** Seconds: the run that grants a quarter of the learners, the run with nothing to write, the baseline (median of 3). */
  readonly seconds: { readonly grantingRun: number; readonly quietRun: number; readonly baseline: number };
  /** Ours / baseline (goal ≤ 3), per run. */
  readonly slowdown: { readonly grantingRun: number; readonly quietRun: number };
  /** Heap growth above the start of each run (peak sampled every 20 ms), MB. */
  readonly peakHeapGrowthMB: { readonly grantingRun: number; readonly quietRun: number };
  readonly goal: { readonly slowdown: number; readonly heapMB: number };
  readonly met: boolean;
}

/** `recompute-course-postgres`: recomputeCourse from PostgreSQL against a bare SELECT of the same rows. */
export async function benchRecompute(pool: pg.Pool, learners = 100_000): Promise<RecomputeResult> {
  const schema = "bench_recompute";
  await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await migrate(pool, { schema });
  // 20 events: enrolled, verified, 18 grades; the last grade passes for one learner in four.
  const t = (k: number) => new Date(Date.UTC(2026, 0, 10, 9) + k * 86_400_000);
  const template = (passing: boolean): JourneyEvent[] => [
    { type: "enrolled", mode: "verified", at: t(0) },
    { type: "initial-verification", result: "approved", at: t(1) },
    ...Array.from({ length: 18 }, (_, k): JourneyEvent => ({ type: "grade-updated", grade: k === 17 && passing ? 0.85 : 0.4 + k / 50, at: t(2 + k) })),
  ];
  const encoded = (passing: boolean) => JSON.stringify(template(passing).map((e, k) => ({ k: k + 1, type: e.type, payload: encodeValue(encodeJourneyEvent(e)), at: e.at.toISOString() })));
  const seed0 = performance.now();
  const course = COURSE;
  const streamExpr = `'${course.length}:${course}:' || 'l' || lpad(i::text, 7, '0')`;
  await pool.query(
    `INSERT INTO ${schema}.streams (stream_id, learner_id, course_id, version, created_at, updated_at)
     SELECT ${streamExpr}, 'l' || lpad(i::text, 7, '0'), $1::text, 20, now(), now() FROM generate_series(0, $2::integer - 1) AS i`,
    [course, learners],
  );
  await pool.query(
    `INSERT INTO ${schema}.events (stream_id, version, type, payload, recorded_at)
     SELECT ${streamExpr}, x.k, x.type, x.payload, x.at::timestamptz
     FROM generate_series(0, $3::integer - 1) AS i,
          jsonb_to_recordset(CASE WHEN i % 4 = 0 THEN $1::text::jsonb ELSE $2::text::jsonb END) AS x(k integer, type text, payload jsonb, at text)`,
    [encoded(true), encoded(false), learners],
  );
  await pool.query(`VACUUM ANALYZE ${schema}.events`);
  await pool.query(`VACUUM ANALYZE ${schema}.streams`);
  console.log(`recompute: seeded ${learners} learners × 20 events in ${((performance.now() - seed0) / 1000).toFixed(1)} s`);

  const s = service(pool, schema, learners, "2026-06-15T12:00:00Z");
  const gc = (globalThis as { gc?: () => void }).gc;
  const timed = async (f: () => Promise<void>) => {
    gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 20);
    const t0 = performance.now();
    await f();
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return { seconds, growthMB: (peak - before) / MB };
  };
  const baseline = () =>
    timed(async () => {
      let after: [string, number] = ["", 0];
      let rows = 0;
      for (;;) {
        const page = await pool.query(
          `SELECT stream_id, version, payload::text AS payload FROM ${schema}.events
           WHERE (stream_id, version) > ($1::text, $2::integer) ORDER BY stream_id, version LIMIT 10000`,
          after,
        );
        rows += page.rows.length;
        const last = page.rows.at(-1) as { stream_id: string; version: number } | undefined;
        if (last === undefined) break;
        after = [last.stream_id, last.version];
      }
      if (rows < learners * 20) throw new Error(`baseline read ${rows} rows`);
    });
  const bases: number[] = [];
  bases.push((await baseline()).seconds);
  let granted = 0;
  const first = await timed(async () => {
    const r = await s.recomputeCourse(COURSE);
    if (!r.ok || r.value.learners !== learners || r.value.failed !== 0) throw new Error(`unexpected recompute ${JSON.stringify(r)}`);
    granted = r.value.granted;
  });
  bases.push((await baseline()).seconds);
  const second = await timed(async () => {
    const r = await s.recomputeCourse(COURSE);
    if (!r.ok || r.value.granted !== 0) throw new Error(`unexpected second recompute ${JSON.stringify(r)}`);
  });
  bases.push((await baseline()).seconds);
  if (granted !== learners / 4) throw new Error(`expected ${learners / 4} grants, got ${granted}`);
  await pool.query(`DROP SCHEMA ${schema} CASCADE`);
  const b = median(bases);
  const slowdown = { grantingRun: round(first.seconds / b), quietRun: round(second.seconds / b) };
  const heap = { grantingRun: round(first.growthMB, 1), quietRun: round(second.growthMB, 1) };
  return {
    learners,
    eventsPerLearner: 20,
    granted,
    seconds: { grantingRun: round(first.seconds, 2), quietRun: round(second.seconds, 2), baseline: round(b, 2) },
    slowdown,
    peakHeapGrowthMB: heap,
    goal: { slowdown: 3, heapMB: 100 },
    met: slowdown.grantingRun <= 3 && slowdown.quietRun <= 3 && heap.grantingRun < 100 && heap.quietRun < 100,
  };
}

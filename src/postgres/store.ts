import type { CourseId, LearnerId, ProviderId, RequestId } from "../ids/index.js";
import type { JourneyEvent } from "../journey/record.js";
import { decodeJourneyEvent, encodeJourneyEvent } from "../journey/codec.js";
import type { AppendBatch, AppendResult, CreditRequestLocation, CreditStore, OutboxMessage, OutboxPayload, StoredJourney } from "../ports/index.js";
import { retiredOutboxPayload } from "../ports/retirement.js";
import { err, ok } from "../result/index.js";
import { toSqlDatabase, type PostgresConnection, type SqlDatabase } from "./client.js";
import { encodeValue, fromJsonText, fromText, toJsonText, toText } from "./codec.js";
import { schemaName, type PostgresSchemaOptions } from "./migrations.js";

/**
 * How dispatchers claim outbox messages.
 *
 * - `skip-locked` (default): one `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)`;
 *   concurrent dispatchers take disjoint batches without waiting for each other.
 * - `compare-and-set`: a plain `SELECT` of due ids, then one `UPDATE` that re-checks each row's
 *   lease; a row another dispatcher took in between is left out. For distributed PostgreSQL
 *   (Citus), which runs `FOR UPDATE` only on single-shard queries.
 *
 * @example
 * ```ts
 * import type { OutboxClaim } from "academic-credit/postgres";
 * const claim: OutboxClaim = "skip-locked";
 * ```
 */
export type OutboxClaim = "skip-locked" | "compare-and-set";

/**
 * Options of {@link createPostgresStore}.
 *
 * @example
 * ```ts
 * import type { PostgresStoreOptions } from "academic-credit/postgres";
 * const options: PostgresStoreOptions = { schema: "credit", pageSize: 1000, outboxClaim: "compare-and-set" };
 * ```
 */
export interface PostgresStoreOptions extends PostgresSchemaOptions {
  /** Learners fetched per query while streaming `learnersOfCourse` (keyset pagination; default 500). */
  readonly pageSize?: number;
  /** How `claimOutbox` claims messages (default `skip-locked`). */
  readonly outboxClaim?: OutboxClaim;
}

/**
 * The stream id of a learner's log in a course: the key of `streams`, `events`, `outbox`,
 * `idempotency` and `credit_requests` rows, and the distribution column on distributed
 * PostgreSQL. The course id is length-prefixed, so no two (learner, course) pairs share one.
 *
 * @param learnerId - the learner.
 * @param courseId - the course.
 * @returns `<course id length>:<course id>:<learner id>`.
 * @example
 * ```ts
 * import { toCourseId, toLearnerId } from "academic-credit";
 * import { toStreamId } from "academic-credit/postgres";
 * toStreamId(toLearnerId("42"), toCourseId("course-v1:MITx+6.002x+2026_T1"));
 * // "29:course-v1:MITx+6.002x+2026_T1:42"
 * ```
 */
export function toStreamId(learnerId: LearnerId, courseId: CourseId): string {
  return `${courseId.length}:${courseId}:${learnerId}`;
}

/** The stream id as stored (text-escaped). */
const streamKey = (learnerId: LearnerId, courseId: CourseId): string => toText(toStreamId(learnerId, courseId));

/** PostgreSQL errors that mean "another writer got there first": retry from a fresh load. */
const CONFLICT_CODES: ReadonlySet<string> = new Set([
  "23505", // unique_violation: a version or idempotency key already stored
  "40001", // serialization_failure
  "40P01", // deadlock_detected
]);

function isConflict(cause: unknown): boolean {
  if (typeof cause !== "object" || cause === null) return false;
  const code = (cause as { code?: unknown }).code;
  return typeof code === "string" && CONFLICT_CODES.has(code);
}

/** A `Date` as a text parameter PostgreSQL reads as `timestamptz` (years past 9999 and BC too). */
function instant(date: Date): string {
  const iso = date.toISOString();
  const year = date.getUTCFullYear();
  const rest = iso.slice(iso.indexOf("-", 1));
  // Astronomical year 0 is 1 BC, year -1 is 2 BC, and so on.
  return year >= 1 ? `${String(year).padStart(4, "0")}${rest}` : `${String(1 - year).padStart(4, "0")}${rest} BC`;
}

/** Epoch milliseconds of a column (exact on PostgreSQL 14+, where extract is numeric; rounded before). */
const ms = (column: string): string => `round(extract(epoch FROM ${column}) * 1000)::float8`;

function conflictOf(expected: number, message: string): AppendResult {
  return err("version-conflict", message, { expected });
}

function toDate(value: unknown): Date {
  return new Date(Math.round(Number(value)));
}

interface OutboxRow {
  readonly id: unknown;
  readonly learner_id: string;
  readonly course_id: string;
  readonly idempotency_key: string;
  readonly payload: unknown;
  readonly created_at: unknown;
  readonly attempts: unknown;
  readonly next_attempt_at: unknown;
  readonly delivered_at: unknown;
  readonly last_error: string | null;
}

function toMessage(row: OutboxRow): OutboxMessage {
  return {
    id: String(row.id),
    learnerId: fromText(row.learner_id) as LearnerId,
    courseId: fromText(row.course_id) as CourseId,
    idempotencyKey: fromText(row.idempotency_key),
    payload: fromJsonText(row.payload) as OutboxPayload,
    createdAt: toDate(row.created_at),
    attempts: Number(row.attempts),
    nextAttemptAt: toDate(row.next_attempt_at),
    ...(row.delivered_at === null ? {} : { deliveredAt: toDate(row.delivered_at) }),
    ...(row.last_error === null ? {} : { lastError: fromText(row.last_error) }),
  };
}

const OUTBOX_COLUMNS = (alias: string): string =>
  [
    `${alias}.id::text AS id`,
    `${alias}.learner_id`,
    `${alias}.course_id`,
    `${alias}.idempotency_key`,
    `${alias}.payload::text AS payload`,
    `${ms(`${alias}.created_at`)} AS created_at`,
    `${alias}.attempts`,
    `${ms(`${alias}.next_attempt_at`)} AS next_attempt_at`,
    `${ms(`${alias}.delivered_at`)} AS delivered_at`,
    `${alias}.last_error`,
  ].join(", ");

/** The largest PostgreSQL `integer` (limits are sent as one). */
const MAX_INT = 2_147_483_647;

/** Outbox ids are positive bigints; anything else names no message. */
const OUTBOX_ID = /^[1-9][0-9]{0,17}$/;

function byId(a: OutboxMessage, b: OutboxMessage): number {
  return a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The SQL of one append: a single statement, so it is one transaction on any connection (a pool
 * needs no checked-out client). The first CTE is a compare-and-set of the stream's version; every
 * insert reads from it, so when the version moved nothing is written. A concurrent insert of the
 * same version or idempotency key fails on a unique constraint instead (reported as a conflict).
 */
function appendSql(s: string, create: boolean): string {
  const stream = create
    ? `INSERT INTO ${s}.streams AS t (stream_id, learner_id, course_id, version, created_at, updated_at)
         VALUES ($1::text, $2::text, $3::text, $5::integer, $6::text::timestamptz, $6::text::timestamptz)
         ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version, updated_at = EXCLUDED.updated_at
         WHERE t.version = $4::integer
         RETURNING t.version`
    : `UPDATE ${s}.streams SET version = $5::integer, updated_at = $6::text::timestamptz
         WHERE stream_id = $1::text AND version = $4::integer
         RETURNING version`;
  return `WITH s AS (${stream}),
    e AS (
      INSERT INTO ${s}.events (stream_id, version, type, payload, recorded_at)
      SELECT $1::text, $4::integer + x.n::integer, x.v->>'type', x.v->'payload', $6::text::timestamptz
      FROM s, jsonb_array_elements($7::text::jsonb) WITH ORDINALITY AS x(v, n)
    ),
    r AS (
      INSERT INTO ${s}.credit_requests (stream_id, request_id, provider_id, learner_id, course_id, created_at)
      SELECT $1::text, x.request_id, x.provider_id, $2::text, $3::text, $6::text::timestamptz
      FROM s, jsonb_to_recordset($8::text::jsonb) AS x(request_id text, provider_id text)
      ON CONFLICT (stream_id, request_id) DO UPDATE SET provider_id = EXCLUDED.provider_id, seq = DEFAULT
    ),
    i AS (
      INSERT INTO ${s}.idempotency (key, stream_id, response, created_at)
      SELECT $9::text, $1::text, $10::text::jsonb, $6::text::timestamptz
      FROM s WHERE $9::text IS NOT NULL
    ),
    o AS (
      INSERT INTO ${s}.outbox (stream_id, learner_id, course_id, idempotency_key, payload, created_at, next_attempt_at)
      SELECT $1::text, $2::text, $3::text, x.v->>'key', x.v->'payload', $6::text::timestamptz, $6::text::timestamptz
      FROM s, jsonb_array_elements($11::text::jsonb) WITH ORDINALITY AS x(v, n)
      WHERE ${keptForRetired(s, "$2::text")}
      ORDER BY x.n
    )
    SELECT count(*)::integer AS applied FROM s`;
}

/** Outbox rows of a retired learner keep only refunds (no email or credit request is queued again). */
const keptForRetired = (s: string, learner: string): string =>
  `(x.v->'payload'->>'kind' = 'refund' OR NOT EXISTS (SELECT 1 FROM ${s}.retired_learners WHERE learner_id = ${learner}))`;

/**
 * The SQL of many appends in one statement: one input row per stream (its batches merged), each
 * stream's version compared and set as in {@link appendSql}; only the streams whose version
 * matched get their events, requests, idempotency records and outbox messages.
 */
function appendManySql(s: string): string {
  return `WITH input AS (
      SELECT * FROM jsonb_to_recordset($1::text::jsonb)
        AS x(stream_id text, learner_id text, course_id text, expected integer, next integer, at text, events jsonb, requests jsonb, idem jsonb, outbox jsonb)
    ),
    created AS (
      INSERT INTO ${s}.streams AS t (stream_id, learner_id, course_id, version, created_at, updated_at)
      SELECT stream_id, learner_id, course_id, next, at::timestamptz, at::timestamptz FROM input WHERE expected = 0 ORDER BY stream_id
      ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version, updated_at = EXCLUDED.updated_at
      WHERE t.version = 0
      RETURNING t.stream_id
    ),
    advanced AS (
      UPDATE ${s}.streams AS t SET version = i.next, updated_at = i.at::timestamptz
      FROM input i
      WHERE i.expected > 0 AND t.stream_id = i.stream_id AND t.version = i.expected
      RETURNING t.stream_id
    ),
    good AS (
      SELECT i.* FROM input i WHERE i.stream_id IN (SELECT stream_id FROM created UNION ALL SELECT stream_id FROM advanced)
    ),
    e AS (
      INSERT INTO ${s}.events (stream_id, version, type, payload, recorded_at)
      SELECT g.stream_id, g.expected + x.n::integer, x.v->>'type', x.v->'payload', (x.v->>'at')::timestamptz
      FROM good g, jsonb_array_elements(g.events) WITH ORDINALITY AS x(v, n)
    ),
    r AS (
      INSERT INTO ${s}.credit_requests (stream_id, request_id, provider_id, learner_id, course_id, created_at)
      SELECT g.stream_id, x.request_id, x.provider_id, g.learner_id, g.course_id, x.at::timestamptz
      FROM good g, jsonb_to_recordset(g.requests) AS x(request_id text, provider_id text, at text, o integer)
      ORDER BY x.o
      ON CONFLICT (stream_id, request_id) DO UPDATE SET provider_id = EXCLUDED.provider_id, seq = DEFAULT
    ),
    i AS (
      INSERT INTO ${s}.idempotency (key, stream_id, response, created_at)
      SELECT x.key, g.stream_id, x.response, x.at::timestamptz
      FROM good g, jsonb_to_recordset(g.idem) AS x(key text, response jsonb, at text)
    ),
    o AS (
      INSERT INTO ${s}.outbox (stream_id, learner_id, course_id, idempotency_key, payload, created_at, next_attempt_at)
      SELECT g.stream_id, g.learner_id, g.course_id, x.v->>'key', x.v->'payload', (x.v->>'at')::timestamptz, (x.v->>'at')::timestamptz
      FROM good g, jsonb_array_elements(g.outbox) WITH ORDINALITY AS x(v, n)
      WHERE ${keptForRetired(s, "g.learner_id")}
      ORDER BY (x.v->>'o')::integer, x.n
    )
    SELECT stream_id FROM good`;
}

/** One stream's batches of an `appendMany` call, merged into one input row. */
interface StreamInput {
  readonly stream_id: string;
  readonly learner_id: string;
  readonly course_id: string;
  readonly expected: number;
  next: number;
  readonly at: string;
  readonly events: unknown[];
  readonly requests: Map<string, { request_id: string; provider_id: string; at: string; o: number }>;
  readonly idem: { key: string; response: unknown; at: string }[];
  readonly outbox: { key: string; payload: unknown; at: string; o: number }[];
  /** Batch index → the stream's version after it. */
  readonly members: Map<number, number>;
}

/**
 * Creates a {@link CreditStore} on PostgreSQL (a server through `pg`, or PGlite embedded). Run
 * {@link migrate} once before. Every append is one statement, hence one transaction: events,
 * outbox messages, credit-request index and idempotency record are stored together or not at all,
 * and a concurrent writer of the same log answers `version-conflict`. Outbox messages are claimed
 * with a lease, so several dispatchers never hold the same message at once.
 *
 * @param connection - a `pg` `Pool` (recommended for servers), a connected `pg` `Client`, a PGlite
 *   instance, or a {@link SqlDatabase}. The store never closes it.
 * @param options - `schema` (default `academic_credit`), `pageSize`, `outboxClaim`.
 * @returns the store.
 * @example
 * ```ts
 * import { createPostgresStore, migrate } from "academic-credit/postgres";
 * import pg from "pg";
 *
 * const pool = new pg.Pool({ connectionString: process.env["DATABASE_URL"], max: 10 });
 * await migrate(pool);
 * const store = createPostgresStore(pool);
 * ```
 */
export function createPostgresStore(connection: PostgresConnection, options: PostgresStoreOptions = {}): CreditStore {
  const db: SqlDatabase = toSqlDatabase(connection);
  const s = schemaName(options);
  const pageSize = Math.min(MAX_INT, Math.max(1, Math.floor(options.pageSize ?? 500) || 1));
  const claim = options.outboxClaim ?? "skip-locked";
  const sqlCreate = appendSql(s, true);
  const sqlAdvance = appendSql(s, false);
  const sqlMany = appendManySql(s);
  const due = `delivered_at IS NULL AND next_attempt_at <= $1::text::timestamptz
    AND (lease_until IS NULL OR lease_until <= $1::text::timestamptz)`;

  async function claimSkipLocked(now: string, limit: number | null, leaseUntil: string): Promise<readonly unknown[]> {
    const { rows } = await db.query(
      `UPDATE ${s}.outbox AS o SET lease_until = $3::text::timestamptz
       FROM (SELECT id FROM ${s}.outbox WHERE ${due} ORDER BY id LIMIT $2::integer FOR UPDATE SKIP LOCKED) AS c
       WHERE o.id = c.id
       RETURNING ${OUTBOX_COLUMNS("o")}`,
      [now, limit, leaseUntil],
    );
    return rows;
  }

  async function claimCompareAndSet(now: string, limit: number | null, leaseUntil: string): Promise<readonly unknown[]> {
    const candidates = await db.query(`SELECT id::text AS id FROM ${s}.outbox WHERE ${due} ORDER BY id LIMIT $2::integer`, [now, limit]);
    if (candidates.rows.length === 0) return [];
    const ids = candidates.rows.map((r) => (r as { id: string }).id);
    const { rows } = await db.query(
      `UPDATE ${s}.outbox AS o SET lease_until = $3::text::timestamptz
       WHERE o.id IN (SELECT x::bigint FROM jsonb_array_elements_text($2::text::jsonb) AS x) AND ${due}
       RETURNING ${OUTBOX_COLUMNS("o")}`,
      [now, JSON.stringify(ids), leaseUntil],
    );
    return rows;
  }

  async function appendOne(batch: AppendBatch): Promise<AppendResult> {
      if (!Number.isSafeInteger(batch.expectedVersion) || batch.expectedVersion < 0) {
        return conflictOf(batch.expectedVersion, `Expected version ${batch.expectedVersion} is not a stored version`);
      }
      const requests = new Map<RequestId, ProviderId>();
      for (const r of batch.requests) requests.set(r.requestId, r.providerId);
      const next = batch.expectedVersion + batch.events.length;
      const params = [
        streamKey(batch.learnerId, batch.courseId),
        toText(batch.learnerId),
        toText(batch.courseId),
        batch.expectedVersion,
        next,
        instant(batch.now),
        JSON.stringify(batch.events.map((e) => ({ type: toText(e.type), payload: encodeValue(encodeJourneyEvent(e)) }))),
        JSON.stringify([...requests].map(([requestId, providerId]) => ({ request_id: toText(requestId), provider_id: toText(providerId) }))),
        batch.idempotency === undefined ? null : toText(batch.idempotency.key),
        batch.idempotency === undefined ? null : toJsonText(batch.idempotency.response),
        JSON.stringify(batch.outbox.map((m) => ({ key: toText(m.idempotencyKey), payload: encodeValue(m.payload) }))),
      ];
      let applied: number;
      try {
        const { rows } = await db.query(batch.expectedVersion === 0 ? sqlCreate : sqlAdvance, params);
        applied = Number((rows[0] as { applied?: unknown } | undefined)?.applied ?? 0);
      } catch (cause) {
        if (isConflict(cause)) return conflictOf(batch.expectedVersion, "Another writer stored this version or idempotency key first");
        throw cause;
      }
      if (applied !== 1) return conflictOf(batch.expectedVersion, `Expected version ${batch.expectedVersion} but the log has moved on`);
      return ok({ version: next });
    }

  async function loadMany(refs: readonly { readonly learnerId: LearnerId; readonly courseId: CourseId }[]): Promise<readonly StoredJourney[]> {
    const ids = refs.map((r) => streamKey(r.learnerId, r.courseId));
    const learners = [...new Set(refs.map((r) => toText(r.learnerId)))];
    const { rows } = await db.query(
      `SELECT x.n::integer AS n, e.version, e.payload::text AS payload, NULL::float8 AS retired, NULL::text AS learner
       FROM jsonb_array_elements_text($1::text::jsonb) WITH ORDINALITY AS x(stream_id, n)
       JOIN ${s}.events e ON e.stream_id = x.stream_id
       UNION ALL
       SELECT NULL, NULL, NULL, ${ms("r.retired_at")}, r.learner_id FROM ${s}.retired_learners r
       WHERE r.learner_id IN (SELECT jsonb_array_elements_text($2::text::jsonb))
       ORDER BY 1, 2`,
      [JSON.stringify(ids), JSON.stringify(learners)],
    );
    const events: JourneyEvent[][] = refs.map(() => []);
    const retired = new Map<string, Date>();
    for (const row of rows as { n: number | null; payload: string | null; retired: unknown; learner: string | null }[]) {
      if (row.learner !== null) retired.set(row.learner, toDate(row.retired));
      else events[Number(row.n) - 1]?.push(decodeJourneyEvent(fromJsonText(row.payload)));
    }
    return refs.map((r, i) => {
      const list = events[i] as JourneyEvent[];
      const at = retired.get(toText(r.learnerId));
      return { events: list, version: list.length, ...(at === undefined ? {} : { retiredAt: at }) };
    });
  }

  return {
    async load(learnerId, courseId): Promise<StoredJourney> {
      const [journey] = await loadMany([{ learnerId, courseId }]);
      return journey as StoredJourney;
    },

    loadMany,

    async appendMany(batches) {
      const results: (AppendResult | undefined)[] = batches.map(() => undefined);
      const groups = new Map<string, StreamInput>();
      const failed = new Set<string>();
      for (const [n, b] of batches.entries()) {
        const id = streamKey(b.learnerId, b.courseId);
        const group = groups.get(id);
        if (failed.has(id) || !Number.isSafeInteger(b.expectedVersion) || b.expectedVersion < 0 || (group !== undefined && group.next !== b.expectedVersion)) {
          failed.add(id);
          continue;
        }
        const at = instant(b.now);
        const g: StreamInput = group ?? {
          stream_id: id,
          learner_id: toText(b.learnerId),
          course_id: toText(b.courseId),
          expected: b.expectedVersion,
          next: b.expectedVersion,
          at,
          events: [],
          requests: new Map(),
          idem: [],
          outbox: [],
          members: new Map(),
        };
        groups.set(id, g);
        for (const e of b.events) g.events.push({ type: toText(e.type), payload: encodeValue(encodeJourneyEvent(e)), at });
        for (const r of b.requests) {
          g.requests.delete(r.requestId);
          g.requests.set(r.requestId, { request_id: toText(r.requestId), provider_id: toText(r.providerId), at, o: n });
        }
        if (b.idempotency !== undefined) g.idem.push({ key: toText(b.idempotency.key), response: encodeValue(b.idempotency.response), at });
        for (const m of b.outbox) g.outbox.push({ key: toText(m.idempotencyKey), payload: encodeValue(m.payload), at, o: n });
        g.next += b.events.length;
        g.members.set(n, g.next);
      }
      const input = [...groups.values()].map((g) => ({ ...g, requests: [...g.requests.values()], members: undefined }));
      let applied: Set<string>;
      try {
        const { rows } = input.length === 0 ? { rows: [] } : await db.query(sqlMany, [JSON.stringify(input)]);
        applied = new Set(rows.map((r) => (r as { stream_id: string }).stream_id));
      } catch (cause) {
        if (!isConflict(cause)) throw cause;
        // A duplicate key or a lost race somewhere in the statement: one append at a time tells which.
        const seen = new Set<string>();
        const out: AppendResult[] = [];
        for (const b of batches) {
          const id = streamKey(b.learnerId, b.courseId);
          const r = seen.has(id) ? conflictOf(b.expectedVersion, "An earlier batch of this log in the same call failed") : await appendOne(b);
          if (!r.ok) seen.add(id);
          out.push(r);
        }
        return out;
      }
      for (const g of groups.values()) {
        for (const [n, version] of g.members) if (applied.has(g.stream_id)) results[n] = ok({ version });
      }
      return results.map((r, n) => r ?? conflictOf(batches[n]?.expectedVersion ?? 0, "The log has moved on, or an earlier batch of it in the same call failed"));
    },

    retireLearner(learnerId, at) {
      const learner = toText(learnerId);
      return db.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${s}.retired_learners (learner_id, retired_at) VALUES ($1::text, $2::text::timestamptz) ON CONFLICT (learner_id) DO NOTHING`, [
          learner,
          instant(at),
        ]);
        const first = await tx.query(`SELECT ${ms("retired_at")} AS at FROM ${s}.retired_learners WHERE learner_id = $1::text`, [learner]);
        // Locks the learner's logs: an append that loaded before the retirement waits, then sees it.
        const logs = await tx.query(`SELECT course_id FROM ${s}.streams WHERE learner_id = $1::text ORDER BY stream_id FOR UPDATE`, [learner]);
        const { rows } = await tx.query(
          `SELECT id::text AS id, payload::text AS payload, delivered_at IS NOT NULL AS delivered FROM ${s}.outbox
           WHERE stream_id IN (SELECT stream_id FROM ${s}.streams WHERE learner_id = $1::text) ORDER BY id FOR UPDATE`,
          [learner],
        );
        const removed: string[] = [];
        const scrubbed: { id: string; payload: unknown }[] = [];
        for (const row of rows as { id: string; payload: string; delivered: boolean }[]) {
          const payload = fromJsonText(row.payload) as OutboxPayload;
          const kept = retiredOutboxPayload(payload, row.delivered);
          if (kept === null) removed.push(row.id);
          else if (kept !== payload) scrubbed.push({ id: row.id, payload: encodeValue(kept) });
        }
        if (removed.length > 0) await tx.query(`DELETE FROM ${s}.outbox WHERE id IN (SELECT x::bigint FROM jsonb_array_elements_text($1::text::jsonb) AS x)`, [JSON.stringify(removed)]);
        if (scrubbed.length > 0) {
          await tx.query(
            `UPDATE ${s}.outbox AS o SET payload = x.payload, last_error = NULL
             FROM jsonb_to_recordset($1::text::jsonb) AS x(id bigint, payload jsonb) WHERE o.id = x.id`,
            [JSON.stringify(scrubbed)],
          );
        }
        return {
          retiredAt: toDate((first.rows[0] as { at: unknown }).at),
          courses: logs.rows.map((r) => fromText((r as { course_id: string }).course_id) as CourseId),
          outboxRemoved: removed.length,
          outboxScrubbed: scrubbed.length,
        };
      });
    },

    append: appendOne,

    async getIdempotentResponse(key) {
      const { rows } = await db.query(`SELECT response::text AS response FROM ${s}.idempotency WHERE key = $1::text`, [toText(key)]);
      const row = rows[0] as { response: unknown } | undefined;
      return row === undefined ? undefined : fromJsonText(row.response);
    },

    async findRequest(requestId): Promise<CreditRequestLocation | undefined> {
      const { rows } = await db.query(
        `SELECT request_id, provider_id, learner_id, course_id FROM ${s}.credit_requests
         WHERE request_id = $1::text ORDER BY seq DESC LIMIT 1`,
        [toText(requestId)],
      );
      const row = rows[0] as { request_id: string; provider_id: string; learner_id: string; course_id: string } | undefined;
      if (row === undefined) return undefined;
      return {
        requestId: fromText(row.request_id) as RequestId,
        providerId: fromText(row.provider_id) as ProviderId,
        learnerId: fromText(row.learner_id) as LearnerId,
        courseId: fromText(row.course_id) as CourseId,
      };
    },

    async *learnersOfCourse(courseId) {
      let after: string | null = null;
      for (;;) {
        const page: { readonly rows: readonly unknown[] } =
          after === null
            ? await db.query(`SELECT learner_id FROM ${s}.streams WHERE course_id = $1::text ORDER BY learner_id LIMIT $2::integer`, [
                toText(courseId),
                pageSize,
              ])
            : await db.query(
                `SELECT learner_id FROM ${s}.streams WHERE course_id = $1::text AND learner_id > $3::text ORDER BY learner_id LIMIT $2::integer`,
                [toText(courseId), pageSize, after],
              );
        for (const row of page.rows) {
          const learner = (row as { learner_id: string }).learner_id;
          after = learner;
          yield fromText(learner) as LearnerId;
        }
        if (page.rows.length < pageSize) return;
      }
    },

    async coursesOfLearner(learnerId) {
      const { rows } = await db.query(`SELECT course_id FROM ${s}.streams WHERE learner_id = $1::text ORDER BY course_id`, [toText(learnerId)]);
      return rows.map((r) => fromText((r as { course_id: string }).course_id) as CourseId);
    },

    async claimOutbox(now, limit, leaseUntil) {
      const n = Number.isFinite(limit) ? Math.min(MAX_INT, Math.max(0, Math.ceil(limit))) : null;
      if (n === 0) return [];
      const rows = claim === "skip-locked" ? await claimSkipLocked(instant(now), n, instant(leaseUntil)) : await claimCompareAndSet(instant(now), n, instant(leaseUntil));
      return rows.map((r) => toMessage(r as OutboxRow)).sort(byId);
    },

    async markDelivered(id, at) {
      if (!OUTBOX_ID.test(id)) return;
      await db.query(
        `UPDATE ${s}.outbox SET attempts = attempts + 1, delivered_at = $2::text::timestamptz, lease_until = NULL
         WHERE id = $1::bigint AND delivered_at IS NULL`,
        [id, instant(at)],
      );
    },

    async markFailed(id, error, nextAttemptAt) {
      if (!OUTBOX_ID.test(id)) return;
      await db.query(
        `UPDATE ${s}.outbox SET attempts = attempts + 1, last_error = $2::text, next_attempt_at = $3::text::timestamptz, lease_until = NULL
         WHERE id = $1::bigint AND delivered_at IS NULL`,
        [id, toText(error), instant(nextAttemptAt)],
      );
    },

    async releaseOutbox(id) {
      if (!OUTBOX_ID.test(id)) return;
      await db.query(`UPDATE ${s}.outbox SET lease_until = NULL WHERE id = $1::bigint AND delivered_at IS NULL`, [id]);
    },

    async listOutbox(learnerId, courseId) {
      const { rows } = await db.query(`SELECT ${OUTBOX_COLUMNS("o")} FROM ${s}.outbox AS o WHERE o.stream_id = $1::text ORDER BY o.id`, [
        streamKey(learnerId, courseId),
      ]);
      return rows.map((r) => toMessage(r as OutboxRow));
    },
  };
}

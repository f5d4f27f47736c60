import type { CourseId, LearnerId, ProviderId, RequestId } from "../ids/index.js";
import { decodeJourneyEvent, encodeJourneyEvent } from "../journey/codec.js";
import type { AppendBatch, CreditRequestLocation, CreditStore, OutboxMessage, OutboxPayload, StoredJourney } from "../ports/index.js";
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
      ORDER BY x.n
    )
    SELECT count(*)::integer AS applied FROM s`;
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

  return {
    async load(learnerId, courseId): Promise<StoredJourney> {
      const { rows } = await db.query(`SELECT payload::text AS payload FROM ${s}.events WHERE stream_id = $1::text ORDER BY version`, [
        streamKey(learnerId, courseId),
      ]);
      const events = rows.map((r) => decodeJourneyEvent(fromJsonText((r as { payload: unknown }).payload)));
      return { events, version: events.length };
    },

    async append(batch: AppendBatch) {
      const conflict = (message: string) =>
        err("version-conflict", message, { expected: batch.expectedVersion });
      if (!Number.isSafeInteger(batch.expectedVersion) || batch.expectedVersion < 0) {
        return conflict(`Expected version ${batch.expectedVersion} is not a stored version`);
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
        if (isConflict(cause)) return conflict("Another writer stored this version or idempotency key first");
        throw cause;
      }
      if (applied !== 1) return conflict(`Expected version ${batch.expectedVersion} but the log has moved on`);
      return ok({ version: next });
    },

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

    async listOutbox(learnerId, courseId) {
      const { rows } = await db.query(`SELECT ${OUTBOX_COLUMNS("o")} FROM ${s}.outbox AS o WHERE o.stream_id = $1::text ORDER BY o.id`, [
        streamKey(learnerId, courseId),
      ]);
      return rows.map((r) => toMessage(r as OutboxRow));
    },
  };
}

import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  signEdxV1,
  toCourseId,
  toLearnerId,
  toPaymentId,
  toProviderId,
  toRequestId,
  toRequirementId,
  type AppendBatch,
  type CourseId,
  type CreditStore,
  type JourneyEvent,
  type LearnerId,
  type NewOutboxMessage,
  type OutboxMessage,
} from "academic-credit";
import { createMemoryStore } from "academic-credit/adapters/memory";
import { creditStoreContract } from "academic-credit/testing";
import {
  createPostgresStore,
  migrate,
  postgresMigrations,
  toSqlDatabase,
  toStreamId,
  type PostgresConnection,
  type PostgresStoreOptions,
} from "academic-credit/postgres";
import { ADA, COURSE, makeEligible, wire } from "./service-wiring.js";
import { checkBatchLaw } from "../service/batch-law.js";
import { readJourney } from "../service/read-journey.js";
import { retirementJourney } from "../service/retire-journey.js";

/** What a store test suite runs against. */
export interface SuiteEnv {
  /** The shared connection (a PGlite instance, or a `pg` Pool). */
  readonly connection: () => PostgresConnection;
  /** Whether statements really run in parallel (a server), so races are real races. */
  readonly parallel: boolean;
}

const RUN = Math.random().toString(36).slice(2, 8);
let counter = 0;

/** Fresh schemas on one connection: one per test, dropped after the file. */
export function schemas(env: SuiteEnv) {
  const created: string[] = [];
  afterAll(async () => {
    const db = toSqlDatabase(env.connection());
    for (const s of created) await db.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  });
  return {
    async fresh(options: Omit<PostgresStoreOptions, "schema"> = {}): Promise<{ schema: string; store: CreditStore }> {
      const schema = `t_${RUN}_${++counter}`;
      created.push(schema);
      await migrate(env.connection(), { schema });
      return { schema, store: createPostgresStore(env.connection(), { ...options, schema }) };
    },
    name(): string {
      const schema = `t_${RUN}_${++counter}`;
      created.push(schema);
      return schema;
    },
  };
}

export const L1 = toLearnerId("42");
export const L2 = toLearnerId("43");
export const C1 = toCourseId("course-v1:MITx+6.002x+2026_T1");
export const C2 = toCourseId("MITx/6.002x/2026_T1");
const T0 = new Date("2026-01-10T09:00:00Z");
const at = (iso: string): Date => new Date(iso);

export const sampleEvents: readonly JourneyEvent[] = [
  { type: "enrolled", mode: "verified", at: at("2026-01-10T09:00:00Z") },
  { type: "initial-verification", result: "approved", at: at("2026-01-10T09:05:00Z") },
  { type: "grade-updated", grade: 0.85, at: at("2026-05-01T10:00:00Z") },
  { type: "exam-attempt", examId: toRequirementId("final-exam"), status: "submitted", at: at("2026-06-01T10:00:00Z") },
  { type: "deadline-extended", until: at("2028-02-29T00:00:00Z"), at: at("2026-06-02T10:00:00Z") },
  {
    type: "eligibility-granted",
    at: at("2026-06-03T08:00:00.123Z"),
    deadline: at("2027-06-30T23:59:00Z"),
    requirements: [],
  },
];

export function email(key: string, deadline = at("2027-06-30T23:59:00Z")): NewOutboxMessage {
  return {
    idempotencyKey: key,
    payload: {
      kind: "email",
      email: {
        template: "eligibility",
        idempotencyKey: key,
        to: "ada@example.org",
        data: { learnerName: "Ada Lovelace", courseTitle: "Circuits", providers: ["ASU", "Hogwarts"], deadline, timeZone: "Europe/London" },
      },
    },
  };
}

export function batch(over: Partial<AppendBatch> = {}): AppendBatch {
  return { learnerId: L1, courseId: C1, expectedVersion: 0, events: [], outbox: [], requests: [], now: T0, ...over };
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

function mustOk<T extends { ok: boolean }>(r: T): T {
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r;
}

/** Outbox messages without their store-specific ids. */
const withoutId = (messages: readonly OutboxMessage[]) => messages.map(({ id: _id, ...rest }) => rest);

/** The store suite: every port method and its semantics (the memory store's), on real PostgreSQL. */
export function postgresStoreSuite(env: SuiteEnv): void {
  const { fresh, name } = schemas(env);

  creditStoreContract(async () => (await fresh()).store, {
    name: "creditStoreContract (a fresh schema per test)",
    concurrentWriters: env.parallel ? 16 : 8,
  });
  let shared: Promise<CreditStore> | undefined;
  creditStoreContract(() => (shared ??= fresh().then((f) => f.store)), {
    name: "creditStoreContract (one schema shared by every test)",
    concurrentWriters: env.parallel ? 16 : 8,
  });

  describe("migrate", () => {
    it("creates the schema once and records versions 1 and 2; a second call applies nothing", async () => {
      const schema = name();
      expect(await migrate(env.connection(), { schema })).toEqual({ schema, applied: [1, 2], version: 2 });
      expect(await migrate(env.connection(), { schema })).toEqual({ schema, applied: [], version: 2 });
      const db = toSqlDatabase(env.connection());
      const { rows } = await db.query(`SELECT version, name FROM "${schema}".schema_migrations ORDER BY version`);
      expect(rows).toEqual([
        { version: 1, name: "initial schema" },
        { version: 2, name: "learner index and retirements" },
      ]);
      const indexes = await db.query(`SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = 'streams' ORDER BY indexname`, [schema]);
      expect(indexes.rows.map((r) => (r as { indexname: string }).indexname)).toEqual(["streams_course_learner", "streams_learner_course", "streams_pkey"]);
      const tables = await db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`, [schema]);
      expect(tables.rows.map((r) => (r as { table_name: string }).table_name)).toEqual([
        "credit_requests",
        "events",
        "idempotency",
        "outbox",
        "retired_learners",
        "schema_migrations",
        "streams",
      ]);
    });

    it("concurrent migrate calls apply each version exactly once (advisory lock)", async () => {
      const schema = name();
      const reports = await Promise.all(Array.from({ length: 5 }, () => migrate(env.connection(), { schema })));
      expect(reports.flatMap((r) => r.applied)).toEqual([1, 2]);
      expect(reports.every((r) => r.version === 2)).toBe(true);
    });

    it("upgrades a schema made by version 1 alone: applies only version 2, and the learner's courses are listed", async () => {
      const schema = name();
      const db = toSqlDatabase(env.connection());
      const [first] = postgresMigrations({ schema });
      await db.query(`CREATE SCHEMA "${schema}"`);
      await db.query(`CREATE TABLE "${schema}".schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      for (const statement of first?.statements ?? []) await db.query(statement);
      await db.query(`INSERT INTO "${schema}".schema_migrations (version, name) VALUES (1, 'initial schema')`);
      expect(await migrate(env.connection(), { schema })).toEqual({ schema, applied: [2], version: 2 });
      const store = createPostgresStore(env.connection(), { schema });
      mustOk(await store.append({ learnerId: L1, courseId: C1, expectedVersion: 0, events: sampleEvents.slice(0, 1), outbox: [], requests: [], now: T0 }));
      expect(await store.coursesOfLearner(L1)).toEqual([C1]);
      await db.query(`DROP SCHEMA "${schema}" CASCADE`);
    });

    it("refuses a schema name that is not a plain identifier (no SQL injection through options)", async () => {
      await expect(migrate(env.connection(), { schema: 'x"; DROP TABLE y; --' })).rejects.toThrow(TypeError);
      expect(() => createPostgresStore(env.connection(), { schema: "Public" })).toThrow(TypeError);
    });

    it("ships its migrations as schema-qualified statements for external migration tools", () => {
      const [first] = postgresMigrations({ schema: "credit" });
      expect(first?.version).toBe(1);
      expect(first?.statements.every((s) => s.includes('"credit".'))).toBe(true);
      expect(postgresMigrations({ schema: "credit" }).map((m) => m.version)).toEqual([1, 2]);
      expect(postgresMigrations({ schema: "credit" }).every((m) => m.statements.every((s) => s.includes('"credit".')))).toBe(true);
      expect(postgresMigrations()[0]?.statements[0]).toContain('"academic_credit".streams');
    });
  });

  describe("load and append", () => {
    it("an unknown log loads empty at version 0", async () => {
      const { store } = await fresh();
      expect(await store.load(L1, C1)).toEqual({ events: [], version: 0 });
    });

    it("appended events load back equal, in order, with Dates revived (version = event count)", async () => {
      const { store } = await fresh();
      expect(await store.append(batch({ events: sampleEvents.slice(0, 2) }))).toEqual({ ok: true, value: { version: 2 } });
      expect(await store.append(batch({ expectedVersion: 2, events: sampleEvents.slice(2) }))).toEqual({ ok: true, value: { version: sampleEvents.length } });
      const loaded = await store.load(L1, C1);
      expect(loaded.version).toBe(sampleEvents.length);
      expect(loaded.events).toEqual(sampleEvents);
      expect(loaded.events[5]?.at).toBeInstanceOf(Date);
      expect(loaded.events[4]).toEqual({ type: "deadline-extended", until: at("2028-02-29T00:00:00Z"), at: at("2026-06-02T10:00:00Z") });
    });

    it("logs are per learner and course: (42, c1), (43, c1) and (42, c2) are separate", async () => {
      const { store } = await fresh();
      mustOk(await store.append(batch({ events: sampleEvents.slice(0, 1) })));
      mustOk(await store.append(batch({ learnerId: L2, events: sampleEvents.slice(0, 2) })));
      mustOk(await store.append(batch({ courseId: C2, events: sampleEvents.slice(0, 3) })));
      expect((await store.load(L1, C1)).version).toBe(1);
      expect((await store.load(L2, C1)).version).toBe(2);
      expect((await store.load(L1, C2)).version).toBe(3);
    });

    it("stream ids cannot collide: course 'a:b' + learner 'c' differs from course 'a' + learner 'b:c'", async () => {
      expect(toStreamId(toLearnerId("42"), toCourseId("course-v1:MITx+6.002x+2026_T1"))).toBe("29:course-v1:MITx+6.002x+2026_T1:42");
      expect(toStreamId(toLearnerId("c"), toCourseId("a:b"))).not.toBe(toStreamId(toLearnerId("b:c"), toCourseId("a")));
      const { store } = await fresh();
      mustOk(await store.append(batch({ learnerId: toLearnerId("c"), courseId: toCourseId("a:b"), events: sampleEvents.slice(0, 1) })));
      expect((await store.load(toLearnerId("b:c"), toCourseId("a"))).version).toBe(0);
    });

    it("ids and keys with U+0000, backslashes and lone surrogates are stored and come back exactly", async () => {
      const { store } = await fresh({ pageSize: 1 });
      const learner = toLearnerId("a\u0000b\\0");
      const course = toCourseId("c\\d\ud800");
      const requestId = toRequestId("r\u0000\udc00");
      const provider = toProviderId("p\\");
      mustOk(
        await store.append(
          batch({ learnerId: learner, courseId: course, events: sampleEvents.slice(0, 1), outbox: [email("m\u0000")], requests: [{ requestId, providerId: provider }], idempotency: { key: "k\u0000\\", response: "r\u0000" } }),
        ),
      );
      mustOk(await store.append(batch({ learnerId: toLearnerId("a"), courseId: course, events: sampleEvents.slice(0, 1) })));
      expect(await store.load(learner, course)).toEqual({ events: sampleEvents.slice(0, 1), version: 1 });
      expect((await store.load(toLearnerId("a\u0000b\u0000"), course)).version).toBe(0);
      expect(await store.findRequest(requestId)).toEqual({ requestId, providerId: provider, learnerId: learner, courseId: course });
      expect(await store.getIdempotentResponse("k\u0000\\")).toBe("r\u0000");
      expect(new Set(await collect(store.learnersOfCourse(course)))).toEqual(new Set([learner, "a"]));
      const [m] = await store.listOutbox(learner, course);
      expect(m).toMatchObject({ idempotencyKey: "m\u0000", learnerId: learner, courseId: course });
      await store.markFailed(m?.id ?? "", "Error: C:\\mail\u0000", T0);
      expect((await store.listOutbox(learner, course))[0]?.lastError).toBe("Error: C:\\mail\u0000");
    });

    it("§version-conflict: a stale expected version writes nothing (events, outbox, requests, idempotency)", async () => {
      const { store } = await fresh();
      mustOk(await store.append(batch({ events: sampleEvents.slice(0, 2) })));
      const stale = await store.append(
        batch({
          expectedVersion: 1,
          events: sampleEvents.slice(2, 3),
          outbox: [email("late")],
          requests: [{ requestId: toRequestId("a".repeat(32)), providerId: toProviderId("asu") }],
          idempotency: { key: "cmd-1", response: { ok: true } },
        }),
      );
      expect(stale.ok).toBe(false);
      if (!stale.ok) expect(stale.error.code).toBe("version-conflict");
      expect((await store.load(L1, C1)).version).toBe(2);
      expect(await store.listOutbox(L1, C1)).toEqual([]);
      expect(await store.findRequest(toRequestId("a".repeat(32)))).toBeUndefined();
      expect(await store.getIdempotentResponse("cmd-1")).toBeUndefined();
    });

    it("§version-conflict: an expected version ahead of the log, or a new log expected at 1, is refused", async () => {
      const { store } = await fresh();
      const r1 = await store.append(batch({ expectedVersion: 1, events: sampleEvents.slice(0, 1) }));
      expect(r1.ok ? "ok" : r1.error.code).toBe("version-conflict");
      mustOk(await store.append(batch({ events: sampleEvents.slice(0, 1) })));
      const r2 = await store.append(batch({ expectedVersion: 3, events: sampleEvents.slice(1, 2) }));
      expect(r2.ok ? "ok" : r2.error.code).toBe("version-conflict");
      const r3 = await store.append(batch({ expectedVersion: 0, events: sampleEvents.slice(1, 2) }));
      expect(r3.ok ? "ok" : r3.error.code).toBe("version-conflict");
      expect((await store.load(L1, C1)).events).toEqual(sampleEvents.slice(0, 1));
    });

    it("an append with no events keeps the version, stores its outbox, and a later append at that version succeeds", async () => {
      const { store } = await fresh();
      expect(await store.append(batch({ outbox: [email("only-mail")] }))).toEqual({ ok: true, value: { version: 0 } });
      expect(await store.load(L1, C1)).toEqual({ events: [], version: 0 });
      expect((await store.listOutbox(L1, C1)).map((m) => m.idempotencyKey)).toEqual(["only-mail"]);
      expect(await store.append(batch({ events: sampleEvents.slice(0, 1) }))).toEqual({ ok: true, value: { version: 1 } });
      const stale = await store.append(batch({ outbox: [email("stale-mail")] }));
      expect(stale.ok ? "ok" : stale.error.code).toBe("version-conflict");
      const staleLater = await store.append(batch({ expectedVersion: 0, events: [], outbox: [], idempotency: { key: "i", response: 1 } }));
      expect(staleLater.ok ? "ok" : staleLater.error.code).toBe("version-conflict");
      expect(await store.append(batch({ expectedVersion: 1, events: sampleEvents.slice(1, 2) }))).toEqual({ ok: true, value: { version: 2 } });
      expect((await store.listOutbox(L1, C1)).map((m) => m.idempotencyKey)).toEqual(["only-mail"]);
    });

    it("§13.2 racing appends at the same version: exactly one wins, the others answer version-conflict", async () => {
      const { store } = await fresh();
      mustOk(await store.append(batch({ events: sampleEvents.slice(0, 1) })));
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          store.append(batch({ expectedVersion: 1, events: [{ type: "grade-updated", grade: i / 20, at: T0 }], outbox: [email(`race-${i}`)] })),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.error.code === "version-conflict")).toHaveLength(11);
      const loaded = await store.load(L1, C1);
      expect(loaded.version).toBe(2);
      const winner = results.findIndex((r) => r.ok);
      expect(loaded.events[1]).toEqual({ type: "grade-updated", grade: winner / 20, at: T0 });
      expect((await store.listOutbox(L1, C1)).map((m) => m.idempotencyKey)).toEqual([`race-${winner}`]);
    });

    it("racing first appends of a new log (expected 0): exactly one wins", async () => {
      const { store } = await fresh();
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => store.append(batch({ events: [{ type: "grade-updated", grade: i / 10, at: T0 }] }))),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect((await store.load(L1, C1)).version).toBe(1);
    });

    it("a refused expected version that is not an integer is a conflict, not a crash", async () => {
      const { store } = await fresh();
      const r = await store.append(batch({ expectedVersion: 0.5, events: sampleEvents.slice(0, 1) }));
      expect(r.ok ? "ok" : r.error.code).toBe("version-conflict");
      const neg = await store.append(batch({ expectedVersion: -1, events: sampleEvents.slice(0, 1) }));
      expect(neg.ok ? "ok" : neg.error.code).toBe("version-conflict");
    });
  });

  describe("idempotency", () => {
    it("the stored response comes back equal, Dates included; an unknown key is undefined", async () => {
      const { store } = await fresh();
      const response = {
        ok: true,
        value: { events: sampleEvents, eligibility: { status: "eligible", deadline: at("2027-06-30T23:59:00Z") }, note: undefined, n: -0, big: [1, null, "x"] },
      };
      mustOk(await store.append(batch({ events: sampleEvents.slice(0, 1), idempotency: { key: "event:c1:42:e1", response } })));
      const back = await store.getIdempotentResponse("event:c1:42:e1");
      expect(back).toStrictEqual(response);
      expect(await store.getIdempotentResponse("event:c1:42:e2")).toBeUndefined();
    });

    it("a key already stored makes the append a version-conflict and writes nothing", async () => {
      const { store } = await fresh();
      mustOk(await store.append(batch({ events: sampleEvents.slice(0, 1), idempotency: { key: "k", response: "first" } })));
      const again = await store.append(
        batch({ learnerId: L2, events: sampleEvents.slice(0, 1), outbox: [email("dup")], idempotency: { key: "k", response: "second" } }),
      );
      expect(again.ok ? "ok" : again.error.code).toBe("version-conflict");
      expect(await store.getIdempotentResponse("k")).toBe("first");
      expect((await store.load(L2, C1)).version).toBe(0);
      expect(await store.listOutbox(L2, C1)).toEqual([]);
    });

    it("racing appends with one idempotency key on different logs: exactly one is stored", async () => {
      const { store } = await fresh();
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          store.append(batch({ learnerId: toLearnerId(`l${i}`), events: sampleEvents.slice(0, 1), idempotency: { key: "same", response: i } })),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(await store.getIdempotentResponse("same")).toBe(results.findIndex((r) => r.ok));
    });

    it("is a law: any JSON-like response with Dates round-trips exactly through jsonb", async () => {
      const { store } = await fresh();
      let i = 0;
      const value = fc.letrec((tie) => ({
        leaf: fc.oneof(
          fc.string({ unit: "binary" }),
          fc.double(),
          fc.integer(),
          fc.boolean(),
          fc.constant(null),
          fc.constant(undefined),
          fc.date({ min: new Date("1000-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59.999Z"), noInvalidDate: true }),
        ),
        node: fc.oneof({ depthSize: "small" }, tie("leaf"), fc.array(tie("node"), { maxLength: 4 }), fc.dictionary(fc.string({ unit: "binary" }), tie("node"), { maxKeys: 4, noNullPrototype: true })),
      })).node;
      await fc.assert(
        fc.asyncProperty(value, async (response) => {
          const key = `law-${++i}`;
          mustOk(await store.append(batch({ learnerId: toLearnerId(key), outbox: [], events: sampleEvents.slice(0, 1), idempotency: { key, response } })));
          expect(await store.getIdempotentResponse(key)).toStrictEqual(response);
        }),
        { numRuns: env.parallel ? 60 : 40 },
      );
    });
  });

  describe("credit requests", () => {
    it("findRequest locates a request stored with an append; an unknown id is undefined", async () => {
      const { store } = await fresh();
      const requestId = toRequestId("557168d0f7664fe59097106c67c3f847");
      mustOk(await store.append(batch({ events: sampleEvents.slice(0, 1), requests: [{ requestId, providerId: toProviderId("asu") }] })));
      expect(await store.findRequest(requestId)).toEqual({ requestId, providerId: "asu", learnerId: L1, courseId: C1 });
      expect(await store.findRequest(toRequestId("0".repeat(32)))).toBeUndefined();
    });

    it("a request id stored again (re-issued) points at its latest location, as in the memory store", async () => {
      const { store } = await fresh();
      const requestId = toRequestId("b".repeat(32));
      mustOk(await store.append(batch({ events: sampleEvents.slice(0, 1), requests: [{ requestId, providerId: toProviderId("asu") }, { requestId, providerId: toProviderId("hogwarts") }] })));
      expect((await store.findRequest(requestId))?.providerId).toBe("hogwarts");
      mustOk(await store.append(batch({ learnerId: L2, events: sampleEvents.slice(0, 1), requests: [{ requestId, providerId: toProviderId("asu") }] })));
      expect(await store.findRequest(requestId)).toEqual({ requestId, providerId: "asu", learnerId: L2, courseId: C1 });
      mustOk(await store.append(batch({ expectedVersion: 1, events: sampleEvents.slice(1, 2), requests: [{ requestId, providerId: toProviderId("hogwarts") }] })));
      expect(await store.findRequest(requestId)).toEqual({ requestId, providerId: "hogwarts", learnerId: L1, courseId: C1 });
    });
  });

  describe("learnersOfCourse", () => {
    it("streams every learner with a log in the course exactly once, across many pages", async () => {
      const { store } = await fresh({ pageSize: 7 });
      const learners = Array.from({ length: 40 }, (_, i) => toLearnerId(`learner-${(i * 37) % 41}`));
      for (const l of learners) mustOk(await store.append(batch({ learnerId: l, events: sampleEvents.slice(0, 1) })));
      mustOk(await store.append(batch({ learnerId: toLearnerId("other-course"), courseId: C2, events: sampleEvents.slice(0, 1) })));
      const seen = await collect(store.learnersOfCourse(C1));
      expect(seen).toHaveLength(40);
      expect(new Set(seen)).toEqual(new Set(learners));
      expect(await collect(store.learnersOfCourse(C2))).toEqual(["other-course"]);
      expect(await collect(store.learnersOfCourse(toCourseId("nobody")))).toEqual([]);
    });

    it("a page boundary exactly at the last learner ends the stream (no duplicate, no endless loop)", async () => {
      const { store } = await fresh({ pageSize: 5 });
      for (let i = 0; i < 10; i++) mustOk(await store.append(batch({ learnerId: toLearnerId(`l${i}`), events: sampleEvents.slice(0, 1) })));
      expect(await collect(store.learnersOfCourse(C1))).toHaveLength(10);
    });

    it("learners whose logs grow while the stream is read are still seen once (keyset, not offset)", async () => {
      const { store } = await fresh({ pageSize: 2 });
      for (let i = 0; i < 9; i++) mustOk(await store.append(batch({ learnerId: toLearnerId(`l${i}`), events: sampleEvents.slice(0, 1) })));
      const seen: LearnerId[] = [];
      for await (const l of store.learnersOfCourse(C1)) {
        seen.push(l);
        mustOk(await store.append(batch({ learnerId: l, expectedVersion: 1, events: sampleEvents.slice(1, 2) })));
      }
      expect([...seen].sort()).toEqual(Array.from({ length: 9 }, (_, i) => `l${i}`));
    });

    it("ids with unusual characters (unicode, quotes, %, _) are stored and streamed verbatim", async () => {
      const { store } = await fresh({ pageSize: 2 });
      const odd = ["ü", "O'Brien", "50%", "a_b", "Z", "a", "😀", " spaced "].map(toLearnerId);
      for (const l of odd) mustOk(await store.append(batch({ learnerId: l, courseId: toCourseId("course-v1:Ünï+Cödé+2026"), events: sampleEvents.slice(0, 1) })));
      expect(new Set(await collect(store.learnersOfCourse(toCourseId("course-v1:Ünï+Cödé+2026"))))).toEqual(new Set(odd));
      expect((await store.load(toLearnerId("O'Brien"), toCourseId("course-v1:Ünï+Cödé+2026"))).version).toBe(1);
    });
  });

  describe("outbox", () => {
    const lease = (d: Date, minutes: number) => new Date(d.getTime() + minutes * 60_000);

    it("listOutbox returns a log's messages oldest first with their bookkeeping; payload Dates revived", async () => {
      const { store } = await fresh();
      mustOk(await store.append(batch({ events: sampleEvents.slice(0, 1), outbox: [email("m1"), email("m2")] })));
      mustOk(await store.append(batch({ learnerId: L2, events: sampleEvents.slice(0, 1), outbox: [email("other")] })));
      const later = at("2026-01-11T00:00:00Z");
      mustOk(await store.append(batch({ expectedVersion: 1, events: sampleEvents.slice(1, 2), outbox: [email("m3")], now: later })));
      const list = await store.listOutbox(L1, C1);
      expect(list.map((m) => m.idempotencyKey)).toEqual(["m1", "m2", "m3"]);
      expect(list[0]).toEqual({
        id: list[0]?.id,
        learnerId: L1,
        courseId: C1,
        createdAt: T0,
        nextAttemptAt: T0,
        attempts: 0,
        ...email("m1"),
      });
      expect(list[2]?.createdAt).toEqual(later);
      const payload = list[0]?.payload;
      expect(payload?.kind === "email" && payload.email.template === "eligibility" && payload.email.data.deadline).toEqual(at("2027-06-30T23:59:00Z"));
      expect(new Set(list.map((m) => m.id)).size).toBe(3);
      expect(await store.listOutbox(L1, C2)).toEqual([]);
    });

    it("refund and credit-request payloads round-trip", async () => {
      const { store } = await fresh();
      const refund: NewOutboxMessage = { idempotencyKey: "refund:p1", payload: { kind: "refund", refund: { paymentId: toPaymentId("p1"), amount: 60000, currency: "USD" } } };
      const request: NewOutboxMessage = {
        idempotencyKey: "credit-request:x",
        payload: { kind: "credit-request", request: { providerId: toProviderId("asu"), requestId: toRequestId("c".repeat(32)) } },
      };
      mustOk(await store.append(batch({ events: sampleEvents.slice(0, 1), outbox: [refund, request] })));
      expect((await store.listOutbox(L1, C1)).map((m) => ({ idempotencyKey: m.idempotencyKey, payload: m.payload }))).toEqual([refund, request]);
    });

    it("claimOutbox takes due messages oldest first up to the limit and leases them until leaseUntil", async () => {
      const { store } = await fresh();
      mustOk(await store.append(batch({ events: sampleEvents.slice(0, 1), outbox: [email("a"), email("b"), email("c")] })));
      const first = await store.claimOutbox(T0, 2, lease(T0, 5));
      expect(first.map((m) => m.idempotencyKey)).toEqual(["a", "b"]);
      expect(first[0]?.payload).toEqual(email("a").payload);
      const second = await store.claimOutbox(T0, 10, lease(T0, 5));
      expect(second.map((m) => m.idempotencyKey)).toEqual(["c"]);
      expect(await store.claimOutbox(lease(T0, 4), 10, lease(T0, 9))).toEqual([]);
      // The lease ends at its instant exactly: claimable again at leaseUntil.
      expect((await store.claimOutbox(lease(T0, 5), 10, lease(T0, 10))).map((m) => m.idempotencyKey)).toEqual(["a", "b", "c"]);
    });

    it("a message is not due before nextAttemptAt (created at `now`, so not before the append's instant)", async () => {
      const { store } = await fresh();
      mustOk(await store.append(batch({ events: sampleEvents.slice(0, 1), outbox: [email("a")], now: at("2026-02-01T00:00:00Z") })));
      expect(await store.claimOutbox(at("2026-01-31T23:59:59.999Z"), 10, at("2026-02-02T00:00:00Z"))).toEqual([]);
      expect(await store.claimOutbox(at("2026-02-01T00:00:00Z"), 10, at("2026-02-01T00:05:00Z"))).toHaveLength(1);
    });

    it("a limit of 0 claims nothing; markDelivered ends the message for good", async () => {
      const { store } = await fresh();
      mustOk(await store.append(batch({ events: sampleEvents.slice(0, 1), outbox: [email("a"), email("b")] })));
      expect(await store.claimOutbox(T0, 0, lease(T0, 5))).toEqual([]);
      const [a] = await store.claimOutbox(T0, 1, lease(T0, 5));
      if (a === undefined) throw new Error("nothing claimed");
      const deliveredAt = lease(T0, 1);
      await store.markDelivered(a.id, deliveredAt);
      await store.markDelivered(a.id, lease(T0, 2));
      const list = await store.listOutbox(L1, C1);
      expect(list[0]).toMatchObject({ idempotencyKey: "a", attempts: 1, deliveredAt });
      expect((await store.claimOutbox(lease(T0, 60), 10, lease(T0, 65))).map((m) => m.idempotencyKey)).toEqual(["b"]);
    });

    it("markFailed counts the attempt, records the error, releases the lease and defers to nextAttemptAt", async () => {
      const { store } = await fresh();
      mustOk(await store.append(batch({ events: sampleEvents.slice(0, 1), outbox: [email("a")] })));
      const [a] = await store.claimOutbox(T0, 10, lease(T0, 5));
      if (a === undefined) throw new Error("nothing claimed");
      await store.markFailed(a.id, "Error: SMTP 451", lease(T0, 2));
      expect((await store.listOutbox(L1, C1))[0]).toMatchObject({ attempts: 1, lastError: "Error: SMTP 451", nextAttemptAt: lease(T0, 2) });
      expect(await store.claimOutbox(lease(T0, 1), 10, lease(T0, 6))).toEqual([]);
      const [again] = await store.claimOutbox(lease(T0, 2), 10, lease(T0, 7));
      expect(again).toMatchObject({ idempotencyKey: "a", attempts: 1, lastError: "Error: SMTP 451" });
      await store.markFailed(a.id, "second", lease(T0, 3));
      await store.markDelivered(a.id, lease(T0, 4));
      await store.markFailed(a.id, "after delivery: ignored", lease(T0, 100));
      expect((await store.listOutbox(L1, C1))[0]).toMatchObject({ attempts: 3, lastError: "second", deliveredAt: lease(T0, 4), nextAttemptAt: lease(T0, 3) });
    });

    it("instants keep their millisecond across PostgreSQL's whole range: Feb 29, year 12345, 1 BC", async () => {
      const { store } = await fresh();
      const instants = [at("2028-02-29T23:59:59.999Z"), new Date(Date.UTC(12345, 0, 1, 0, 0, 0, 7)), new Date(Date.UTC(0, 0, 1)), new Date(Date.UTC(-4000, 5, 1, 12))];
      (instants[2] as Date).setUTCFullYear(0);
      (instants[3] as Date).setUTCFullYear(-4000);
      mustOk(await store.append(batch({ events: sampleEvents.slice(0, 1), outbox: instants.map((d, i) => email(`far-${i}`, d)), now: instants[1] as Date })));
      const list = await store.listOutbox(L1, C1);
      expect(list.map((m) => m.createdAt)).toEqual(instants.map(() => instants[1]));
      for (const [i, m] of list.entries()) {
        await store.markFailed(m.id, "x", instants[i] as Date);
        expect(m.payload.kind === "email" && m.payload.email.template === "eligibility" && m.payload.email.data.deadline).toEqual(instants[i]);
      }
      expect((await store.listOutbox(L1, C1)).map((m) => m.nextAttemptAt)).toEqual(instants);
    });

    it("marking an unknown id (numeric or not) changes nothing and does not throw", async () => {
      const { store } = await fresh();
      mustOk(await store.append(batch({ events: sampleEvents.slice(0, 1), outbox: [email("a")] })));
      await store.markDelivered("999999", T0);
      await store.markDelivered("msg-1", T0);
      await store.markFailed("not a number'; --", "x", T0);
      await store.markFailed("99999999999999999999999", "x", T0);
      expect((await store.listOutbox(L1, C1))[0]).toMatchObject({ attempts: 0 });
      expect((await store.listOutbox(L1, C1))[0]?.deliveredAt).toBeUndefined();
    });

    for (const outboxClaim of ["skip-locked", "compare-and-set"] as const) {
      it(`§10 concurrent dispatchers (${outboxClaim}) never claim the same message twice at once`, async () => {
        const { schema } = await fresh();
        const stores = Array.from({ length: 6 }, () => createPostgresStore(env.connection(), { schema, outboxClaim }));
        const store = stores[0] as CreditStore;
        for (let i = 0; i < 10; i++) {
          mustOk(await store.append(batch({ learnerId: toLearnerId(`l${i}`), events: sampleEvents.slice(0, 1), outbox: [email(`l${i}-a`), email(`l${i}-b`), email(`l${i}-c`)] })));
        }
        const claims = await Promise.all(stores.map((s) => s.claimOutbox(T0, 4, lease(T0, 5))));
        const ids = claims.flat().map((m) => m.idempotencyKey);
        expect(new Set(ids).size).toBe(ids.length);
        for (const c of claims) expect(c.length).toBeLessThanOrEqual(4);
        if (outboxClaim === "skip-locked") expect(ids).toHaveLength(24);
        const rest = await store.claimOutbox(T0, 100, lease(T0, 5));
        expect(new Set([...ids, ...rest.map((m) => m.idempotencyKey)]).size).toBe(30);
        expect(rest.length + ids.length).toBe(30);
      });
    }

    for (const outboxClaim of ["skip-locked", "compare-and-set"] as const) {
      it(`a non-finite or huge limit claims every due message; a fractional one rounds up, as in memory (${outboxClaim})`, async () => {
        const { store } = await fresh({ outboxClaim });
        mustOk(await store.append(batch({ events: sampleEvents.slice(0, 1), outbox: [email("a"), email("b"), email("c"), email("d")] })));
        expect(await store.claimOutbox(T0, 1.5, lease(T0, 1))).toHaveLength(2);
        expect(await store.claimOutbox(lease(T0, 1), Number.POSITIVE_INFINITY, lease(T0, 2))).toHaveLength(4);
        expect(await store.claimOutbox(lease(T0, 2), 1e12, lease(T0, 3))).toHaveLength(4);
        expect(await store.claimOutbox(lease(T0, 3), Number.NaN, lease(T0, 4))).toHaveLength(4);
      });
    }
  });

  describe("behaves like the memory store", () => {
    type Op =
      | { kind: "append"; l: number; c: number; delta: number; events: number; outbox: number; request: boolean; key: number | null; t: number }
      | { kind: "claim"; t: number; limit: number; lease: number }
      | { kind: "delivered"; l: number; c: number; index: number; t: number }
      | { kind: "failed"; l: number; c: number; index: number; t: number; retry: number }
      | { kind: "idem"; key: number }
      | { kind: "find"; request: number };

    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({
        kind: fc.constant("append" as const),
        l: fc.nat(2),
        c: fc.nat(1),
        delta: fc.integer({ min: -1, max: 1 }),
        events: fc.nat(3),
        outbox: fc.nat(2),
        request: fc.boolean(),
        key: fc.option(fc.nat(4)),
        t: fc.nat(100),
      }),
      fc.record({ kind: fc.constant("claim" as const), t: fc.nat(100), limit: fc.nat(4), lease: fc.nat(20) }),
      fc.record({ kind: fc.constant("delivered" as const), l: fc.nat(2), c: fc.nat(1), index: fc.nat(4), t: fc.nat(100) }),
      fc.record({ kind: fc.constant("failed" as const), l: fc.nat(2), c: fc.nat(1), index: fc.nat(4), t: fc.nat(100), retry: fc.nat(30) }),
      fc.record({ kind: fc.constant("idem" as const), key: fc.nat(4) }),
      fc.record({ kind: fc.constant("find" as const), request: fc.nat(5) }),
    );

    it("is a law: any sequence of port calls answers the same on PostgreSQL as on the memory store", async () => {
      const learners = [toLearnerId("a"), toLearnerId("b"), toLearnerId("c")];
      const courses: CourseId[] = [C1, C2];
      const minute = (n: number) => new Date(T0.getTime() + n * 60_000);
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
          run++;
          const { store: pg } = await fresh();
          const mem = createMemoryStore();
          let requestCounter = 0;
          for (const o of ops) {
            switch (o.kind) {
              case "append": {
                const l = learners[o.l] as LearnerId;
                const c = courses[o.c] as CourseId;
                const version = (await mem.load(l, c)).version;
                const b: AppendBatch = {
                  learnerId: l,
                  courseId: c,
                  expectedVersion: Math.max(0, version + o.delta),
                  events: Array.from({ length: o.events }, (_, i) => ({ type: "grade-updated" as const, grade: i / 10, at: minute(o.t) })),
                  outbox: Array.from({ length: o.outbox }, (_, i) => email(`r${run}-${requestCounter}-${i}`, minute(o.t + 1000))),
                  requests: o.request ? [{ requestId: toRequestId(`req${requestCounter % 6}`), providerId: toProviderId(`p${requestCounter}`) }] : [],
                  ...(o.key === null ? {} : { idempotency: { key: `k${o.key}`, response: { at: minute(o.t), n: requestCounter } } }),
                  now: minute(o.t),
                };
                requestCounter++;
                const [a, b2] = [await mem.append(b), await pg.append(b)];
                expect(b2.ok).toBe(a.ok);
                if (a.ok && b2.ok) expect(b2.value).toEqual(a.value);
                break;
              }
              case "claim": {
                const [a, b] = [await mem.claimOutbox(minute(o.t), o.limit, minute(o.t + o.lease)), await pg.claimOutbox(minute(o.t), o.limit, minute(o.t + o.lease))];
                expect(withoutId(b)).toEqual(withoutId(a));
                break;
              }
              case "delivered":
              case "failed": {
                const l = learners[o.l] as LearnerId;
                const c = courses[o.c] as CourseId;
                const [ma, pa] = [await mem.listOutbox(l, c), await pg.listOutbox(l, c)];
                const [m, p] = [ma[o.index], pa[o.index]];
                if (m === undefined || p === undefined) {
                  expect(p).toBe(m);
                  break;
                }
                if (o.kind === "delivered") {
                  await mem.markDelivered(m.id, minute(o.t));
                  await pg.markDelivered(p.id, minute(o.t));
                } else {
                  await mem.markFailed(m.id, `failure ${o.t}`, minute(o.t + o.retry));
                  await pg.markFailed(p.id, `failure ${o.t}`, minute(o.t + o.retry));
                }
                break;
              }
              case "idem":
                expect(await pg.getIdempotentResponse(`k${o.key}`)).toEqual(await mem.getIdempotentResponse(`k${o.key}`));
                break;
              case "find":
                expect(await pg.findRequest(toRequestId(`req${o.request}`))).toEqual(await mem.findRequest(toRequestId(`req${o.request}`)));
                break;
              default: {
                const never: never = o;
                throw new Error(String(never));
              }
            }
          }
          for (const l of learners) {
            for (const c of courses) {
              expect(await pg.load(l, c)).toEqual(await mem.load(l, c));
              expect(withoutId(await pg.listOutbox(l, c))).toEqual(withoutId(await mem.listOutbox(l, c)));
            }
          }
          for (const c of courses) expect(new Set(await collect(pg.learnersOfCourse(c)))).toEqual(new Set(await collect(mem.learnersOfCourse(c))));
        }),
        { numRuns: env.parallel ? 40 : 25 },
      );
    }, 60_000);
  });

  describe("the credit service on PostgreSQL", () => {
    async function signedCallback(requestId: string, status: string, timestamp: Date) {
      const body = { request_uuid: requestId, status, timestamp: String(Math.floor(timestamp.getTime() / 1000)) };
      return { ...body, signature: await signEdxV1(body, "first-secret") };
    }

    it("runs the SCENARIOS.md journey end to end with the same answers as on the memory store", async () => {
      const { store } = await fresh();
      const journey = async (w: ReturnType<typeof wire>) => {
        await makeEligible(w);
        const out: unknown[] = [await w.service.getState(ADA, COURSE), await w.service.dispatchOutbox()];
        w.at("2026-07-01T12:00:00Z");
        out.push(await w.service.startCheckout(ADA, COURSE, { providerId: "asu", method: "card", idempotencyKey: "k1" }));
        out.push(await w.service.startCheckout(ADA, COURSE, { providerId: "asu", method: "card", idempotencyKey: "k1" }));
        w.at("2026-07-01T12:03:00Z");
        out.push(await w.service.recordPaymentResult(ADA, COURSE, { checkoutId: "co-1", outcome: "succeeded", paymentId: "pay-co-1", amount: 60000, currency: "USD" }));
        out.push(await w.service.dispatchOutbox());
        w.at("2026-07-02T09:00:00Z");
        const form = await w.service.requestCredit(ADA, COURSE);
        out.push(form);
        if (!form.ok) throw new Error(form.error.message);
        w.at("2026-07-09T09:00:00Z");
        out.push(await w.service.handleProviderCallback("asu", await signedCallback(form.value.requestId, "approved", new Date("2026-07-09T08:59:00Z"))));
        out.push(await w.service.dispatchOutbox());
        out.push(await w.service.getState(ADA, COURSE));
        out.push(await w.service.dashboard(ADA));
        out.push(await w.service.updateGrade(ADA, COURSE, { grade: 0.9 }, { eventId: "lms-1" }));
        out.push(await w.service.updateGrade(ADA, COURSE, { grade: 0.9 }, { eventId: "lms-1" }));
        out.push(await w.service.recomputeCourse(COURSE));
        out.push(w.mailer.delivered.map((m) => m.template));
        return out;
      };
      const onPg = await journey(wire(store));
      const onMemory = await journey(wire(createMemoryStore()));
      expect(onPg).toEqual(onMemory);
      expect(onPg.at(-1)).toEqual(["eligibility", "purchase-receipt", "credit-decision"]);
      expect(onPg[10]).toMatchObject({ ok: true, value: [{ courseId: COURSE, status: "approved" }] });
      expect((await store.load(ADA, COURSE)).events.map((e) => e.type)).toContain("credit-decided");
    });

    it("is a law: recordEvents on PostgreSQL answers and stores what one recordEvent per item does on the memory store", async () => {
      await checkBatchLaw(async () => (await fresh()).store, env.parallel ? 40 : 15);
    }, 300_000);

    it("retireLearner removes personal data and keeps the facts; later queries still answer", async () => {
      await retirementJourney((await fresh()).store);
    });

    it("Open edX's read queries answer as on the memory store", async () => {
      await readJourney((await fresh()).store);
    });

    it("§10 killed between append and dispatch: a new service instance delivers the message exactly once", async () => {
      const { schema } = await fresh();
      const first = wire(createPostgresStore(env.connection(), { schema }));
      await makeEligible(first);
      // The process dies here: dispatchOutbox was never called.
      const second = wire(createPostgresStore(env.connection(), { schema }));
      second.at("2026-06-03T08:00:01Z");
      expect(await second.service.dispatchOutbox()).toEqual({ ok: true, value: { attempted: 1, delivered: 1, failed: 0 } });
      expect(await second.service.dispatchOutbox()).toEqual({ ok: true, value: { attempted: 0, delivered: 0, failed: 0 } });
      expect(second.mailer.sendCalls).toBe(1);
      expect(second.mailer.delivered.map((m) => m.template)).toEqual(["eligibility"]);
      expect(first.mailer.sendCalls).toBe(0);
    });

    it("§10 a dispatcher that hangs mid-send keeps its lease; after the lease another instance delivers once", async () => {
      const { schema } = await fresh();
      const hanging = { send: () => new Promise<void>(() => undefined) };
      const first = wire(createPostgresStore(env.connection(), { schema }), { mailer: hanging, service: { outbox: { leaseMs: 300_000, timeoutMs: 1e9 } } });
      await makeEligible(first);
      void first.service.dispatchOutbox();
      await new Promise((r) => setTimeout(r, 200));
      const second = wire(createPostgresStore(env.connection(), { schema }));
      second.at("2026-06-03T08:04:59Z");
      expect(await second.service.dispatchOutbox()).toEqual({ ok: true, value: { attempted: 0, delivered: 0, failed: 0 } });
      second.at("2026-06-03T08:05:00Z");
      expect(await second.service.dispatchOutbox()).toEqual({ ok: true, value: { attempted: 1, delivered: 1, failed: 0 } });
      second.at("2026-06-03T09:00:00Z");
      expect(await second.service.dispatchOutbox()).toEqual({ ok: true, value: { attempted: 0, delivered: 0, failed: 0 } });
      expect(second.mailer.sendCalls).toBe(1);
      const [message] = await second.store.listOutbox(ADA, COURSE);
      expect(message).toMatchObject({ attempts: 1, deliveredAt: new Date("2026-06-03T08:05:00Z") });
    });
  });
}

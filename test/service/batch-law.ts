import { expect } from "vitest";
import fc from "fast-check";
import {
  createManualClock,
  createMemoryCatalog,
  createMemoryMailer,
  createMemoryPaymentGateway,
  createMemoryProviderKeys,
  createMemoryStore,
  createSequentialIds,
} from "academic-credit/adapters/memory";
import { arbitraryLearnerEventInput, arbitraryMalformedLearnerEvent } from "academic-credit/testing";
import { createCreditService, parsePolicy, parseProviders, toCourseId, toLearnerId, type CourseId, type CreditStore, type EventBatchItem, type LearnerId, type OutboxMessage } from "academic-credit";
import { COURSE, ada, policyInput, providersInput } from "./harness.js";

export const LEARNERS: readonly LearnerId[] = [toLearnerId("42"), toLearnerId("43"), toLearnerId("44")];
const GHOST = toLearnerId("ghost");
const NO_COURSE = toCourseId("course-v1:Nowhere+0+0");

/** A service over `store` with the harness policy and providers; learner 44 has no reminders of its own. */
export function serviceOn(store: CreditStore, now = "2026-05-01T10:00:00Z") {
  const policy = parsePolicy({ ...policyInput, requirements: [{ kind: "grade", id: "grade", minGrade: 0.8 }] });
  const providers = parseProviders(providersInput);
  if (!policy.ok || !providers.ok) throw new Error("bad fixture");
  const clock = createManualClock(new Date(now));
  const learners = LEARNERS.map((id, i) => ({ ...ada, id, username: `user${i}`, email: `learner${i}@example.org`, fullName: `Learner ${i}` }));
  const service = createCreditService({
    store,
    payments: createMemoryPaymentGateway(),
    mailer: createMemoryMailer(),
    clock,
    ids: createSequentialIds(),
    keys: createMemoryProviderKeys({ asu: ["first-secret"] }),
    catalog: createMemoryCatalog({ policies: [policy.value], providers: providers.value, learners }),
  });
  return { service, clock, policy: policy.value };
}

/** Batch items: mostly valid events of the harness policy, some malformed, unknown learners and courses, repeated event ids. */
export const arbitraryItems = (maxLength = 30): fc.Arbitrary<EventBatchItem[]> =>
  fc.array(
    fc.record(
      {
        learnerId: fc.oneof({ arbitrary: fc.constantFrom(...LEARNERS), weight: 8 }, { arbitrary: fc.constantFrom(GHOST, "" as LearnerId), weight: 1 }),
        courseId: fc.oneof({ arbitrary: fc.constant(COURSE), weight: 9 }, { arbitrary: fc.constant(NO_COURSE), weight: 1 }),
        event: fc.oneof({ arbitrary: arbitraryLearnerEventInput(policyInput), weight: 6 }, { arbitrary: arbitraryMalformedLearnerEvent(policyInput), weight: 1 }),
        eventId: fc.constantFrom("e1", "e2", "e3", "e4", ""),
      },
      { requiredKeys: ["learnerId", "courseId", "event"] },
    ),
    { maxLength },
  );

const withoutIds = (messages: readonly OutboxMessage[]) => messages.map(({ id: _id, ...rest }) => rest);

/** Everything a store holds for the law's learners, without store-specific outbox ids. */
export async function snapshot(store: CreditStore, courses: readonly CourseId[] = [COURSE]) {
  const out: unknown[] = [];
  for (const l of LEARNERS) for (const c of courses) out.push(await store.load(l, c), withoutIds(await store.listOutbox(l, c)));
  for (const l of LEARNERS) for (const k of ["e1", "e2", "e3", "e4"]) out.push(await store.getIdempotentResponse(`event:${COURSE}:${l}:${k}`));
  return out;
}

/**
 * The law batch ≡ sequential: from the same history, `recordEvents(items)` answers what one
 * `recordEvent` per item answers, in order, and leaves the same logs, outbox and idempotency records.
 */
export async function checkBatchLaw(makeBatchStore: () => CreditStore | Promise<CreditStore>, numRuns: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arbitraryItems(12), arbitraryItems(), async (history, items) => {
      const sequentialStore = createMemoryStore();
      const batchStore = await makeBatchStore();
      const one = serviceOn(sequentialStore, "2026-04-01T10:00:00Z");
      const many = serviceOn(batchStore, "2026-04-01T10:00:00Z");
      for (const it of history) {
        const options = it.eventId === undefined ? {} : { eventId: it.eventId };
        await one.service.recordEvent(it.learnerId, it.courseId, it.event, options);
        await many.service.recordEvent(it.learnerId, it.courseId, it.event, options);
      }
      one.clock.set(new Date("2026-07-15T10:00:00Z"));
      many.clock.set(new Date("2026-07-15T10:00:00Z"));
      const sequential = [];
      for (const it of items) sequential.push(await one.service.recordEvent(it.learnerId, it.courseId, it.event, it.eventId === undefined ? {} : { eventId: it.eventId }));
      const batched = await many.service.recordEvents(items);
      expect(batched).toEqual({ ok: true, value: sequential });
      expect(await snapshot(batchStore)).toEqual(await snapshot(sequentialStore));
    }),
    { numRuns },
  );
}

// Deterministic inputs for the benchmarks: course policies with N requirements and learner logs
// with M events, built through the library's own reducer and service so every stored event is one
// the library would really write.

export const COURSE_ID = "course-v1:BenchX+PERF101+2026_T1";
export const ENDS_AT = "2026-06-30T23:59:00Z";
/** The instant evaluations run at: after the last event of every fixture, before the course end. */
export const NOW = new Date("2026-06-05T12:00:00Z");

const FIRST_EVENT = Date.parse("2026-01-10T09:00:00Z");
const LAST_EVENT = Date.parse("2026-06-04T18:00:00Z");

export const PROVIDERS = [
  {
    id: "asu",
    displayName: "Arizona State University",
    url: "https://credit.example.edu/request",
    statusUrl: "https://credit.example.edu/status",
    integration: "signed-request",
    completionSteps: true,
  },
  {
    id: "hogwarts",
    displayName: "Hogwarts Extension School",
    url: "https://hogwarts.example.org/credit",
    statusUrl: "https://hogwarts.example.org/credit/status",
    integration: "link",
    completionSteps: true,
  },
];

/** mulberry32: a small seeded PRNG, so every run builds the same data. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KIND_CYCLE = ["proctored-exam", "proctored-exam", "identity-reverification", "custom", "custom"];

/**
 * A course policy (as JSON input) with `n` requirements: one grade requirement, then proctored
 * exams, reverification checkpoints and custom requirements in the ratio 2 : 1 : 2. With n = 6:
 * grade, 2 proctored exams, 1 reverification, 2 custom.
 */
export function policyInput(n = 6, { inactive = [] } = {}) {
  const requirements = [{ kind: "grade", id: "grade", minGrade: 0.8 }];
  const counters = { "proctored-exam": 0, "identity-reverification": 0, custom: 0 };
  for (let i = 1; i < n; i++) {
    const kind = KIND_CYCLE[(i - 1) % KIND_CYCLE.length];
    const k = ++counters[kind];
    switch (kind) {
      case "proctored-exam":
        requirements.push({ kind, id: `exam-${k}`, displayName: `Proctored exam ${k}`, passingScore: 0.6 });
        break;
      case "identity-reverification":
        requirements.push({ kind, id: `checkpoint-${k}`, displayName: `Identity check ${k}`, dueAt: "2026-06-20T23:59:00Z" });
        break;
      default:
        requirements.push({ kind, id: `custom-${k}`, displayName: `Course activity ${k}` });
        break;
    }
  }
  for (const r of requirements) if (inactive.includes(r.id)) r.active = false;
  return {
    courseId: COURSE_ID,
    title: "Performance Engineering",
    endsAt: ENDS_AT,
    requirements,
    offers: [
      { providerId: "asu", price: { amount: 60000, currency: "USD" }, creditHours: 3 },
      { providerId: "hogwarts", price: { amount: 45000, currency: "USD" }, creditHours: 4 },
    ],
  };
}

export function mustParse(result) {
  if (!result.ok) throw new Error(`fixture does not parse: ${result.error.message}`);
  return result.value;
}

/**
 * LMS facts (without instants) for one learner, in order:
 * - `complete`: every requirement met;
 * - `in-progress`: the last exam waits for its review and the last custom requirement is only submitted;
 * - `all-but-last-custom`: everything but the last custom requirement, which has no event;
 * - `failed-exam`: the first exam's recording is rejected by a human reviewer.
 * Grade updates fill the log up to `events` facts (rising to a passing grade); with fewer
 * `events` than the course needs, the log stops early (a learner early in the course).
 */
function lmsFacts(policy, profile, events, random) {
  const facts = [
    { type: "enrolled", mode: "verified" },
    { type: "initial-verification", result: "approved" },
  ];
  const reqs = policy.requirements;
  const exams = reqs.filter((r) => r.kind === "proctored-exam");
  const customs = reqs.filter((r) => r.kind === "custom");
  const lastExam = exams.at(-1);
  const lastCustom = customs.at(-1);
  const firstExam = exams[0];
  const structural = [];
  for (const r of reqs) {
    switch (r.kind) {
      case "grade":
        break;
      case "proctored-exam": {
        const score = 0.65 + random() * 0.3;
        structural.push(
          { type: "exam-attempt", examId: r.id, status: "started" },
          { type: "exam-attempt", examId: r.id, status: "submitted" },
          { type: "exam-graded", examId: r.id, score: Math.round(score * 1000) / 1000 },
        );
        if (profile === "failed-exam" && r === firstExam) {
          structural.push({ type: "exam-reviewed", examId: r.id, result: "suspicious", reviewer: "human" });
        } else if (!(profile === "in-progress" && r === lastExam)) {
          structural.push({ type: "exam-reviewed", examId: r.id, result: "clean", reviewer: "automated" });
        }
        break;
      }
      case "identity-reverification":
        structural.push(
          { type: "reverification", checkpointId: r.id, result: "submitted" },
          { type: "reverification", checkpointId: r.id, result: "approved" },
        );
        break;
      case "custom":
        if (profile === "all-but-last-custom" && r === lastCustom) break;
        structural.push({
          type: "requirement-recorded",
          requirementId: r.id,
          status: profile === "in-progress" && r === lastCustom ? "submitted" : "satisfied",
        });
        break;
      default:
        throw new Error(`unknown kind ${r.kind}`);
    }
  }
  const hasGrade = reqs.some((r) => r.kind === "grade");
  const grades = Math.max(hasGrade ? 1 : 0, events - facts.length - structural.length);
  // Spread grade updates between the structural facts; the last one is passing.
  const gradeFacts = Array.from({ length: grades }, (_, i) => {
    const last = i === grades - 1;
    const g = last ? 0.82 + random() * 0.15 : 0.3 + (0.5 * (i + 1)) / grades + random() * 0.05;
    return { type: "grade-updated", grade: Math.round(Math.min(g, 1) * 1000) / 1000 };
  });
  const merged = [];
  let gi = 0;
  const every = structural.length === 0 ? 1 : Math.max(1, Math.floor(gradeFacts.length / (structural.length + 1)));
  for (let si = 0; si < structural.length; si++) {
    for (let k = 0; k < every && gi < gradeFacts.length - 1; k++) merged.push(gradeFacts[gi++]);
    merged.push(structural[si]);
  }
  while (gi < gradeFacts.length) merged.push(gradeFacts[gi++]);
  return [...facts, ...merged].slice(0, Math.max(events, 1));
}

/** Stamps facts with ascending instants between January 10 and June 4, 2026 (jittered per learner). */
function stamp(facts, random) {
  const span = LAST_EVENT - FIRST_EVENT;
  const jitter = Math.floor(random() * 3_600_000);
  return facts.map((f, i) => ({
    ...f,
    at: new Date(FIRST_EVENT + jitter + Math.floor((span - 3_600_000) * (facts.length === 1 ? 0 : i / (facts.length - 1)))),
  }));
}

/**
 * A stored log, as the library writes it: the LMS events run through `reduceJourney` under the
 * policy, so derived facts (the eligibility grant) are in it.
 */
export function storedLog(lib, policy, { learnerId, profile = "in-progress", events = 20, seed = 1 }) {
  const random = rng(seed);
  const lms = stamp(lmsFacts(policy, profile, events, random), random);
  let record = lib.emptyRecord(learnerId, policy.courseId);
  const log = [];
  for (const e of lms) {
    const step = lib.reduceJourney(record, e, policy);
    if (!step.ok) throw new Error(`fixture event refused: ${step.error.message}`);
    record = step.value.record;
    log.push(...step.value.events);
  }
  return log;
}

/** A learner profile for the catalog. */
export function learnerProfile(lib, i) {
  return {
    id: lib.toLearnerId(`learner-${i}`),
    username: `learner${i}`,
    email: `learner${i}@example.org`,
    fullName: `Learner Number ${i}`,
    country: "US",
    timeZone: "America/New_York",
  };
}

/**
 * A complete 40-event journey written by the service itself: enrollment, verification, grades,
 * both exams, the reverification, custom requirements, the eligibility grant, checkout, payment,
 * credit request and the provider's decision.
 */
export async function serviceJourney(lib, memory, { total = 40 } = {}) {
  const policy = mustParse(lib.parsePolicy(policyInput(6)));
  const providers = mustParse(lib.parseProviders(PROVIDERS));
  const learner = learnerProfile(lib, 0);
  const run = async (lmsEvents) => {
    const store = memory.createMemoryStore();
    const clock = memory.createManualClock(new Date(FIRST_EVENT));
    const service = lib.createCreditService({
      store,
      payments: memory.createMemoryPaymentGateway(),
      mailer: memory.createMemoryMailer(),
      clock,
      ids: memory.createSequentialIds(),
      keys: memory.createMemoryProviderKeys({ asu: ["asu-shared-secret"] }),
      catalog: memory.createMemoryCatalog({ policies: [policy], providers, learners: [learner] }),
    });
    const must = (r) => {
      if (!r.ok) throw new Error(`fixture command refused: ${r.error.message}`);
      return r.value;
    };
    for (const e of lmsEvents) {
      clock.set(e.at);
      const { at: _at, ...fields } = e;
      must(await service.recordEvent(learner.id, policy.courseId, fields));
    }
    clock.set(new Date("2026-07-01T12:00:00Z"));
    const { checkoutId } = must(await service.startCheckout(learner.id, policy.courseId, { providerId: "hogwarts", method: "card", idempotencyKey: "k1" }));
    clock.set(new Date("2026-07-01T12:03:00Z"));
    must(await service.recordPaymentResult(learner.id, policy.courseId, { checkoutId, outcome: "succeeded", paymentId: "pay-1", amount: 45000, currency: "USD" }));
    clock.set(new Date("2026-07-02T09:00:00Z"));
    must(await service.requestCredit(learner.id, policy.courseId));
    clock.set(new Date("2026-07-09T09:00:00Z"));
    must(await service.recordDecision(learner.id, policy.courseId, { status: "approved" }));
    return (await store.load(learner.id, policy.courseId)).events;
  };
  // The purchase adds a fixed number of events: size the LMS part so the whole log has `total`.
  const probe = await run(stamp(lmsFacts(policy, "complete", 20, rng(7)), rng(8)));
  const extra = probe.length - 20;
  const events = await run(stamp(lmsFacts(policy, "complete", total - extra, rng(7)), rng(8)));
  if (events.length !== total) throw new Error(`journey has ${events.length} events, wanted ${total}`);
  return { policy, learnerId: learner.id, events };
}

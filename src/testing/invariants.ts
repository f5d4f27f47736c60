import fc from "fast-check";
import {
  createManualClock,
  createMemoryCatalog,
  createMemoryMailer,
  createMemoryPaymentGateway,
  createMemoryProviderKeys,
  createMemoryStore,
  createSequentialIds,
  type ManualClock,
  type MemoryCatalog,
  type MemoryProviderKeys,
} from "../adapters/memory/index.js";
import { evaluateEligibility } from "../eligibility/evaluate.js";
import { toProgressView } from "../eligibility/progress.js";
import type { CourseId, LearnerId } from "../ids/index.js";
import { decodeJourneyEvent, encodeJourneyEvent } from "../journey/codec.js";
import { replay, type EligibilityGrantedEvent, type JourneyEvent, type LearnerRecord } from "../journey/record.js";
import { dueReminders } from "../journey/reminders.js";
import type { EmailMessage } from "../notifications/index.js";
import type { CoursePolicy } from "../policy/index.js";
import { parsePolicy, type CoursePolicyInput } from "../policy/schema.js";
import type { CreditPorts, CreditRequestSender, CreditStore, LearnerProfile, Mailer, PaymentGateway } from "../ports/index.js";
import type { Provider } from "../providers/model.js";
import { parseProviders, type ProviderInput } from "../providers/schema.js";
import { signEdxV1 } from "../providers/signature.js";
import { dashboardTile, purchaseStatus, toProviderLookup } from "../purchase/index.js";
import type { PaymentMethod, PaymentOutcome } from "../purchase/types.js";
import { ERROR_CODES, type Result } from "../result/index.js";
import { createCreditService, type CreditService, type CreditServiceOptions } from "../service/index.js";
import type { EventOutcome } from "../service/events.js";
import { isDeadlineOpen } from "../time/index.js";
import { arbitraryJunk, arbitraryLearnerEventInput, arbitraryLearnerProfile, arbitraryPolicyInput, INTERESTING_TIME_ZONES, type ProviderCallbackInput } from "./arbitraries.js";
import { uniqueSuffix } from "./samples.js";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 0, 10, 9, 0, 0);

/** The §13 invariants, as the checker names them in its failures. */
const INVARIANT_NAMES: Readonly<Record<number, string>> = {
  1: "§13.1 no paid without eligible and the deadline open at checkout start",
  2: "§13.2 at most one unrefunded purchase per learner and course",
  3: "§13.3 approved and rejected are final",
  4: "§13.4 eligibility is never revoked; requirement statuses never change after it",
  5: "§13.5 replaying a log gives the same state in every time zone",
  6: "§13.6 every input yields a typed result; nothing throws",
  7: "§13.7 every email an event calls for is delivered at least once",
  10: "§10 one eligibility email per grant",
};

function violation(invariant: number, detail: string): Error {
  return new Error(`${INVARIANT_NAMES[invariant] ?? `§13.${invariant}`} — violated: ${detail}`);
}

const iso = (d: Date | number): string => new Date(d).toISOString();

// ---------------------------------------------------------------------------------------------
// Log audit

/**
 * Audits one stored learner log against the invariants that a log alone can show (docs/rules.md §13.1–
 * §13.4): every purchase's checkout was started after eligibility was granted and before the
 * deadline then in force; never a second purchase while one is unrefunded; no request decided both
 * ways; eligibility granted at most once. Useful on production data as well as in tests.
 *
 * @param learnerId - the learner of the log.
 * @param courseId - the course of the log.
 * @param events - the stored log, in order.
 * @returns one English sentence per violation (empty when the log is sound).
 * @example
 * ```ts
 * import { toCourseId, toLearnerId } from "academic-credit";
 * import { findLogViolations } from "academic-credit/testing";
 * findLogViolations(toLearnerId("42"), toCourseId("course-v1:MITx+6.002x+2026_T1"), []); // []
 * ```
 */
export function findLogViolations(learnerId: LearnerId, courseId: CourseId, events: readonly JourneyEvent[]): string[] {
  const out: string[] = [];
  let grants = 0;
  let active: string | null = null;
  const decided = new Map<string, string>();
  events.forEach((e, i) => {
    switch (e.type) {
      case "eligibility-granted":
        grants++;
        if (grants > 1) out.push(`${INVARIANT_NAMES[4]} — violated: eligibility granted a second time at ${iso(e.at)} (event ${i})`);
        return;
      case "payment-succeeded": {
        if (active !== null) out.push(`${INVARIANT_NAMES[2]} — violated: payment ${e.paymentId} bought credit again at ${iso(e.at)} while payment ${active} was not refunded`);
        active = e.paymentId;
        let j = i - 1;
        while (j >= 0) {
          const c = events[j];
          if (c?.type === "checkout-started" && c.checkoutId === e.checkoutId) break;
          j--;
        }
        const started = events[j];
        if (started?.type !== "checkout-started") {
          out.push(`${INVARIANT_NAMES[1]} — violated: payment ${e.paymentId} paid checkout ${e.checkoutId}, which was never started`);
          return;
        }
        const before = replay(learnerId, courseId, events.slice(0, j));
        if (before.grant === undefined) out.push(`${INVARIANT_NAMES[1]} — violated: checkout ${e.checkoutId}, paid by ${e.paymentId}, was started at ${iso(started.at)} before eligibility was granted`);
        else if (!isDeadlineOpen(before.grant.deadline, started.at)) {
          out.push(`${INVARIANT_NAMES[1]} — violated: checkout ${e.checkoutId}, paid by ${e.paymentId}, was started at ${iso(started.at)}, at or after the deadline ${iso(before.grant.deadline)}`);
        }
        return;
      }
      case "refunded":
        if (e.paymentId === active) active = null;
        return;
      case "credit-decided": {
        const previous = decided.get(e.requestId);
        if (previous !== undefined && previous !== e.status) out.push(`${INVARIANT_NAMES[3]} — violated: request ${e.requestId} was ${previous}, then ${e.status} at ${iso(e.at)}`);
        if (previous === undefined) decided.set(e.requestId, e.status);
        return;
      }
      default:
        return;
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Options and world

/**
 * What the invariant checker runs in: the course policy, providers and learners in its catalog,
 * and its clock. Hand it to your own adapters in `makePorts` if they need it.
 *
 * @example
 * ```ts
 * import type { InvariantWorld } from "academic-credit/testing";
 * const courseOf = (w: InvariantWorld) => w.policy.courseId;
 * ```
 */
export interface InvariantWorld {
  readonly policy: CoursePolicy;
  readonly providers: readonly Provider[];
  readonly learners: readonly LearnerProfile[];
  readonly clock: ManualClock;
}

/**
 * The ports an integrator can put under the invariant checker. Missing ones are the in-memory
 * adapters. The catalog, keys and clock always belong to the checker (it must know the policy,
 * the providers' secrets and the time).
 *
 * @example
 * ```ts
 * import { createMemoryStore } from "academic-credit/adapters/memory";
 * import type { InvariantPorts } from "academic-credit/testing";
 * const ports: InvariantPorts = { store: createMemoryStore() };
 * ```
 */
export type InvariantPorts = Partial<Pick<CreditPorts, "store" | "payments" | "mailer" | "ids" | "creditRequests">>;

/**
 * Options of {@link checkServiceInvariants}.
 *
 * @example
 * ```ts
 * import type { ServiceInvariantOptions } from "academic-credit/testing";
 * const options: ServiceInvariantOptions = { numRuns: 200, maxCommands: 40, faults: true };
 * ```
 */
export interface ServiceInvariantOptions {
  /** Your adapters, created fresh for each run (default: all in-memory). */
  readonly makePorts?: (world: InvariantWorld) => InvariantPorts | Promise<InvariantPorts>;
  /** Called after each run with the ports `makePorts` gave (close connections, …). */
  readonly disposePorts?: (ports: InvariantPorts) => void | Promise<void>;
  /** The policy to run under: fixed JSON or an arbitrary of JSON (default: random policies offering the default providers). Its course id is replaced by a fresh one per run. */
  readonly policy?: CoursePolicyInput | fc.Arbitrary<CoursePolicyInput>;
  /** Providers in the catalog (default: signed-request, link, automatic-request and inactive providers with ids `signed`, `link`, `auto`, `autolink`, `retired`). */
  readonly providers?: readonly ProviderInput[];
  /** Random command sequences to run (default 100). */
  readonly numRuns?: number;
  /** Longest sequence (default 40). */
  readonly maxCommands?: number;
  /** Inject port failures: failing and lost-acknowledgement store calls, failing mailer, gateway and key lookups (default true). */
  readonly faults?: boolean;
  /** Options of `createCreditService` under test. */
  readonly serviceOptions?: CreditServiceOptions;
  /** Time zones to replay logs under for §13.5 (default: UTC, +14, −8 with DST, +5:45, …). */
  readonly timeZones?: readonly string[];
  /** fast-check seed, to replay a failure. */
  readonly seed?: number;
  /** fast-check path, to replay a failure. */
  readonly path?: string;
  /** Print every run (fast-check `verbose`). */
  readonly verbose?: boolean;
  /** Called after each passing run with what it reached, to see whether the runs exercise what you care about. */
  readonly onRun?: (summary: InvariantRunSummary) => void;
}

/**
 * What one run of {@link checkServiceInvariants} reached: how many service calls it made, how they
 * answered, and how far the learners got.
 *
 * @example
 * ```ts
 * import type { InvariantRunSummary } from "academic-credit/testing";
 * const reachedPurchase = (s: InvariantRunSummary) => s.purchases > 0;
 * ```
 */
export interface InvariantRunSummary {
  /** Service calls made (commands, their retries and redeliveries, and the final drain). */
  readonly calls: number;
  /** Answers by `ok` or error code. */
  readonly answers: Readonly<Record<string, number>>;
  /** Learners granted eligibility by the end. */
  readonly granted: number;
  /** Payments that bought credit (refunded ones included). */
  readonly purchases: number;
  /** Credit requests decided. */
  readonly decisions: number;
  /** Refunds the gateway performed. */
  readonly refunds: number;
  /** Distinct emails that reached the mailer. */
  readonly emails: number;
}

const DEFAULT_PROVIDERS: readonly ProviderInput[] = [
  { id: "signed", displayName: "Signed University", url: "https://signed.example.edu/request", statusUrl: "https://signed.example.edu/status", integration: "signed-request", completionSteps: true },
  { id: "link", displayName: "Link <College>", url: "https://link.example.org/credit", statusUrl: "https://link.example.org/status", integration: "link", completionSteps: true },
  { id: "auto", displayName: "Auto University", url: "https://auto.example.edu/request", statusUrl: "https://auto.example.edu/status", integration: "signed-request", completionSteps: false },
  { id: "autolink", displayName: "Autolink College", url: "https://autolink.example.edu/", statusUrl: "https://autolink.example.edu/status", integration: "link", completionSteps: false },
  { id: "retired", displayName: "Retired Institute", active: false, url: "https://retired.example.edu/request", statusUrl: "https://retired.example.edu/status", integration: "signed-request", completionSteps: true },
];

// ---------------------------------------------------------------------------------------------
// Fault-injecting and recording wrappers

interface FaultSwitch {
  /** Calls that fail before reaching the port. */
  before: number;
  /** Calls that reach the port, succeed there, and then report a failure (a lost acknowledgement). */
  after: number;
}

const noFaults = (): FaultSwitch => ({ before: 0, after: 0 });

async function guarded<T>(f: FaultSwitch, op: () => Promise<T>, lossy: boolean): Promise<T> {
  if (f.before > 0) {
    f.before--;
    throw new Error("injected fault");
  }
  const value = await op();
  if (lossy && f.after > 0) {
    f.after--;
    throw new Error("injected fault after success (lost acknowledgement)");
  }
  return value;
}

function faultyStore(inner: CreditStore, f: FaultSwitch): CreditStore {
  return {
    load: (l, c) => guarded(f, () => inner.load(l, c), false),
    append: (b) => guarded(f, () => inner.append(b), true),
    getIdempotentResponse: (k) => guarded(f, () => inner.getIdempotentResponse(k), false),
    findRequest: (r) => guarded(f, () => inner.findRequest(r), false),
    async *learnersOfCourse(c) {
      if (f.before > 0) {
        f.before--;
        throw new Error("injected fault");
      }
      yield* inner.learnersOfCourse(c);
    },
    coursesOfLearner: (l) => guarded(f, () => inner.coursesOfLearner(l), false),
    claimOutbox: (n, l, u) => guarded(f, () => inner.claimOutbox(n, l, u), false),
    markDelivered: (id, at) => guarded(f, () => inner.markDelivered(id, at), true),
    markFailed: (id, e, n) => guarded(f, () => inner.markFailed(id, e, n), false),
    listOutbox: (l, c) => guarded(f, () => inner.listOutbox(l, c), false),
  };
}

function recordingMailer(inner: Mailer, f: FaultSwitch, delivered: Map<string, EmailMessage>): Mailer {
  return {
    send: (m) =>
      guarded(
        f,
        async () => {
          await inner.send(m);
          delivered.set(m.idempotencyKey, m);
        },
        true,
      ),
  };
}

/** Records the idempotency keys of the refunds the gateway acknowledged, with how often. */
function recordingGateway(inner: PaymentGateway, f: FaultSwitch, refunded: Map<string, number>): PaymentGateway {
  return {
    createCheckout: (input) => guarded(f, () => inner.createCheckout(input), true),
    refund: (input) =>
      guarded(
        f,
        async () => {
          await inner.refund(input);
          refunded.set(input.idempotencyKey, (refunded.get(input.idempotencyKey) ?? 0) + 1);
        },
        true,
      ),
  };
}

function recordingSender(inner: CreditRequestSender | undefined, f: FaultSwitch, sent: Set<string>): CreditRequestSender {
  return {
    send: (form) =>
      guarded(
        f,
        async () => {
          await inner?.send(form);
          sent.add(form.requestId);
        },
        true,
      ),
  };
}

// ---------------------------------------------------------------------------------------------
// Model and real system

interface LearnerModel {
  grant?: { at: number; deadline: number; statuses: Map<string, string> };
  decision?: { requestId: string; status: string };
  readonly sentEvents: { readonly event: unknown; readonly eventId: string | undefined }[];
  readonly sentPayments: Record<string, unknown>[];
}

interface Model {
  readonly learners: LearnerModel[];
  readonly callbacks: { readonly providerId: string; readonly body: ProviderCallbackInput }[];
}

interface Real {
  readonly service: CreditService;
  readonly clock: ManualClock;
  readonly rawStore: CreditStore;
  readonly catalog: MemoryCatalog;
  readonly keys: MemoryProviderKeys;
  readonly secrets: ReadonlyMap<string, readonly string[]>;
  readonly faults: { readonly store: FaultSwitch; readonly mailer: FaultSwitch; readonly payments: FaultSwitch; readonly sender: FaultSwitch };
  readonly delivered: Map<string, EmailMessage>;
  /** Refunds the gateway acknowledged: idempotency key → successful calls. */
  readonly refunded: Map<string, number>;
  readonly requestsSent: Set<string>;
  readonly learners: readonly LearnerProfile[];
  readonly providers: readonly Provider[];
  readonly courseId: CourseId;
  readonly timeZones: readonly string[];
  policyInput: CoursePolicyInput;
  policy: CoursePolicy;
  readonly ports: InvariantPorts;
  readonly answers: Map<string, number>;
}

type Cmd = fc.AsyncCommand<Model, Real>;

function command(describe: () => string, run: (m: Model, r: Real) => Promise<void>): Cmd {
  return { check: () => true, run, toString: describe };
}

function safeText(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v)) ?? String(value);
  } catch {
    return "[unprintable]";
  }
}

/** Runs a service call and checks §13.6: it resolves (never throws) to a well-formed Result without secrets. */
async function typed<T>(real: Real, label: string, call: () => Promise<Result<T>>, alsoSecret?: string): Promise<Result<T>> {
  let r: unknown;
  try {
    r = await call();
  } catch (cause) {
    throw violation(6, `${label} threw ${cause instanceof Error ? `${cause.name}: ${cause.message}` : safeText(cause)}`);
  }
  if (typeof r !== "object" || r === null || typeof (r as { ok?: unknown }).ok !== "boolean") throw violation(6, `${label} answered ${safeText(r)}, not a Result`);
  const result = r as Result<T>;
  const answer = result.ok ? "ok" : String((result.error as { code?: unknown } | undefined)?.code);
  real.answers.set(answer, (real.answers.get(answer) ?? 0) + 1);
  if (result.ok) {
    if (!("value" in result)) throw violation(6, `${label} answered ok without a value`);
    return result;
  }
  const error = result.error as { code?: unknown; message?: unknown } | undefined;
  if (error === undefined || !ERROR_CODES.includes(error.code as never) || typeof error.message !== "string") {
    throw violation(6, `${label} answered an error that is not a CreditError: ${safeText(error)}`);
  }
  const text = safeText(error);
  for (const keys of real.secrets.values()) for (const k of keys) if (k.length >= 6 && text.includes(k)) throw violation(6, `${label} leaked a provider key in its error`);
  if (alsoSecret !== undefined && alsoSecret.length > 0 && text.toLowerCase().includes(alsoSecret.toLowerCase())) throw violation(6, `${label} echoed the signature in its error`);
  return result;
}

async function rawLog(real: Real, learner: LearnerProfile): Promise<readonly JourneyEvent[]> {
  return (await real.rawStore.load(learner.id, real.courseId)).events;
}

async function rawRecord(real: Real, learner: LearnerProfile): Promise<LearnerRecord> {
  return replay(learner.id, real.courseId, await rawLog(real, learner));
}

const statusKey = (s: { readonly status: string; readonly at?: Date }): string => `${s.status}@${s.at === undefined ? "-" : iso(s.at)}`;

/** Checks §13.1–§13.4 on every learner's stored log and against the model. */
async function checkState(model: Model, real: Real, after: string): Promise<void> {
  const now = real.clock.now();
  for (const [i, learner] of real.learners.entries()) {
    const events = await rawLog(real, learner);
    const problems = findLogViolations(learner.id, real.courseId, events);
    if (problems.length > 0) throw new Error(`${problems.join("; ")} — after ${after}, learner ${i}`);
    const record = replay(learner.id, real.courseId, events);
    const evaluation = evaluateEligibility(real.policy, record, now);
    const m = model.learners[i] as LearnerModel;
    const grant = record.grant;
    if (m.grant !== undefined) {
      if (grant === undefined) throw violation(4, `after ${after}, learner ${i} lost the eligibility granted at ${iso(m.grant.at)}`);
      if (grant.at.getTime() !== m.grant.at) throw violation(4, `after ${after}, learner ${i}'s grant moved from ${iso(m.grant.at)} to ${iso(grant.at)}`);
      if (grant.deadline.getTime() < m.grant.deadline) throw violation(4, `after ${after}, learner ${i}'s deadline moved back from ${iso(m.grant.deadline)} to ${iso(grant.deadline)}`);
      if (evaluation.status !== "eligible" && evaluation.status !== "expired") throw violation(4, `after ${after}, learner ${i} is ${evaluation.status} after being granted eligibility`);
      for (const s of evaluation.requirements) {
        const before = m.grant.statuses.get(s.requirementId);
        if (before !== undefined && before !== statusKey(s)) {
          throw violation(4, `after ${after}, learner ${i}'s requirement "${s.requirementId}" changed from ${before} to ${statusKey(s)} after the grant`);
        }
      }
      m.grant.deadline = grant.deadline.getTime();
    } else if (grant !== undefined) {
      const statuses = new Map<string, string>();
      for (const s of grant.requirements) statuses.set(s.requirementId, statusKey(s));
      for (const s of evaluation.requirements) {
        const frozen = statuses.get(s.requirementId);
        if (frozen !== undefined && frozen !== statusKey(s)) throw violation(4, `after ${after}, learner ${i}'s requirement "${s.requirementId}" is ${statusKey(s)}, not ${frozen} as frozen at the grant`);
      }
      m.grant = { at: grant.at.getTime(), deadline: grant.deadline.getTime(), statuses };
    }
    const request = record.purchase.request;
    if (m.decision !== undefined) {
      if (request === null || request.requestId !== m.decision.requestId || request.status !== m.decision.status) {
        throw violation(3, `after ${after}, learner ${i}'s request ${m.decision.requestId} was ${m.decision.status} and is now ${request === null ? "gone" : `${request.requestId} ${request.status}`}`);
      }
    } else if (request !== null && request.status !== "pending") {
      m.decision = { requestId: request.requestId, status: request.status };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Commands

const learnerIndex = fc.constantFrom(0, 1);

function pickFrom<T>(list: readonly T[], n: number): T | undefined {
  return list.length === 0 ? undefined : list[n % list.length];
}

function resolveEvent(input: Record<string, unknown>, ref: number, policy: CoursePolicy, grantDeadline: Date | undefined): Record<string, unknown> {
  const own = ref % 8 !== 0;
  const ids = (kind: string) => policy.requirements.filter((r) => kind === "any" || r.kind === kind).map((r) => r.id as string);
  const out: Record<string, unknown> = { ...input };
  if ("examId" in out && own) out["examId"] = pickFrom(ids("proctored-exam"), ref) ?? out["examId"];
  if ("checkpointId" in out && own) out["checkpointId"] = pickFrom(ids("identity-reverification"), ref) ?? out["checkpointId"];
  if ("requirementId" in out && own) out["requirementId"] = pickFrom(ids("any"), ref) ?? out["requirementId"];
  if (out["type"] === "deadline-extended" && grantDeadline !== undefined && own) out["until"] = iso(grantDeadline.getTime() + ((ref % 120) - 10) * DAY);
  return out;
}

/**
 * Takes a grant the service announced in its answer into the model, so §13.4 holds the store to
 * what the learner was told: a store that loses or never keeps the grant is caught on the next
 * check, not only one that loses it after it was seen stored.
 */
function noteAnsweredGrant(m: LearnerModel, answer: Result<EventOutcome>): void {
  if (!answer.ok || m.grant !== undefined) return;
  const granted = answer.value.events.find((e): e is EligibilityGrantedEvent => e.type === "eligibility-granted");
  if (granted === undefined) return;
  m.grant = { at: granted.at.getTime(), deadline: granted.deadline.getTime(), statuses: new Map(granted.requirements.map((s) => [s.requirementId as string, statusKey(s)])) };
}

async function satisfyEverything(real: Real, learner: LearnerProfile, m: LearnerModel): Promise<void> {
  const p = real.policy;
  const send = async (event: Record<string, unknown>) =>
    noteAnsweredGrant(m, await typed(real, `recordEvent(${safeText(event)})`, () => real.service.recordEvent(learner.id, real.courseId, event)));
  await send({ type: "enrolled", mode: p.eligibleModes[0] ?? "verified" });
  await send({ type: "initial-verification", result: "approved" });
  const passing = p.proctoring.passingReviewResults[0] ?? "clean";
  for (const r of p.requirements) {
    if (!r.active) continue;
    switch (r.kind) {
      case "grade":
        await send({ type: "grade-updated", grade: 1 });
        break;
      case "proctored-exam":
        await send({ type: "exam-attempt", examId: r.id, status: "submitted" });
        await send({ type: "exam-graded", examId: r.id, score: 1 });
        await send({ type: "exam-reviewed", examId: r.id, result: passing, reviewer: "human" });
        break;
      case "identity-reverification":
        await send({ type: "reverification", checkpointId: r.id, result: "submitted" });
        await send({ type: "reverification", checkpointId: r.id, result: "approved" });
        break;
      case "custom":
        await send({ type: "requirement-recorded", requirementId: r.id, status: "satisfied" });
        break;
    }
  }
}

function learnerOf(real: Real, i: number): LearnerProfile {
  return real.learners[i % real.learners.length] as LearnerProfile;
}

function lmsEventCommand(): fc.Arbitrary<Cmd> {
  return fc.record({ learner: learnerIndex, input: arbitraryLearnerEventInput(), ref: fc.nat(), eventId: fc.option(fc.constantFrom("e1", "e2", "e3", "e4"), { freq: 2, nil: undefined }) }).map(({ learner, input, ref, eventId }) => {
    let desc = `recordEvent(L${learner}, ${safeText(input)}${eventId === undefined ? "" : `, eventId ${eventId}`})`;
    return command(
      () => desc,
      async (model, real) => {
        const l = learnerOf(real, learner);
        const before = await rawRecord(real, l);
        const event = resolveEvent(input, ref, real.policy, before.grant?.deadline);
        desc = `recordEvent(L${learner}, ${safeText(event)}${eventId === undefined ? "" : `, eventId ${eventId}`})`;
        (model.learners[learner] as LearnerModel).sentEvents.push({ event, eventId });
        noteAnsweredGrant(
          model.learners[learner] as LearnerModel,
          await typed(real, desc, () => real.service.recordEvent(l.id, real.courseId, event, eventId === undefined ? {} : { eventId })),
        );
        await checkState(model, real, desc);
      },
    );
  });
}

function redeliverCommand(): fc.Arbitrary<Cmd> {
  return fc.record({ learner: learnerIndex, pick: fc.nat() }).map(({ learner, pick }) => {
    let desc = `redeliver(L${learner}, #${pick})`;
    return command(
      () => desc,
      async (model, real) => {
        const sent = (model.learners[learner] as LearnerModel).sentEvents;
        const previous = pickFrom(sent, pick);
        if (previous === undefined) return;
        desc = `redeliver(L${learner}, ${safeText(previous.event)}${previous.eventId === undefined ? "" : `, eventId ${previous.eventId}`})`;
        const l = learnerOf(real, learner);
        noteAnsweredGrant(
          model.learners[learner] as LearnerModel,
          await typed(real, desc, () => real.service.recordEvent(l.id, real.courseId, previous.event, previous.eventId === undefined ? {} : { eventId: previous.eventId })),
        );
        await checkState(model, real, desc);
      },
    );
  });
}

function satisfyCommand(): fc.Arbitrary<Cmd> {
  return learnerIndex.map((learner) =>
    command(
      () => `satisfyEveryRequirement(L${learner})`,
      async (model, real) => {
        await satisfyEverything(real, learnerOf(real, learner), model.learners[learner] as LearnerModel);
        await checkState(model, real, `satisfyEveryRequirement(L${learner})`);
      },
    ),
  );
}

function advanceCommand(): fc.Arbitrary<Cmd> {
  return fc
    .oneof(
      { arbitrary: fc.constantFrom(60_000, HOUR, DAY, 7 * DAY, 30 * DAY), weight: 3 },
      { arbitrary: fc.constantFrom(90 * DAY, 200 * DAY, 400 * DAY), weight: 1 },
      { arbitrary: fc.integer({ min: 1, max: 60 * DAY }), weight: 1 },
    )
    .map((ms) =>
      command(
        () => `advanceClock(${ms} ms)`,
        async (model, real) => {
          real.clock.advance(ms);
          await checkState(model, real, `advanceClock(${ms} ms)`);
        },
      ),
    );
}

interface StartSpec {
  readonly provider: number;
  readonly method: PaymentMethod;
  readonly key: string;
}
interface PaySpec {
  readonly checkout: number;
  readonly outcome: PaymentOutcome;
  /** `shared`: an id from a pool both learners draw from, as a gateway whose ids are unique per learner or course reports them. */
  readonly payment: "natural" | "fresh" | "reuse" | "shared";
  readonly money: "exact" | "wrong-amount" | "wrong-currency";
  readonly fresh: number;
}

const startSpec: fc.Arbitrary<StartSpec> = fc.record({
  provider: fc.nat(),
  method: fc.constantFrom<PaymentMethod>("card", "paypal"),
  key: fc.constantFrom("k1", "k2", "k3", "k4"),
});
const paySpec: fc.Arbitrary<PaySpec> = fc.record({
  checkout: fc.nat(),
  outcome: fc.constantFrom<PaymentOutcome>("succeeded", "succeeded", "succeeded", "failed", "cancelled"),
  payment: fc.constantFrom("natural" as const, "natural" as const, "fresh" as const, "reuse" as const, "shared" as const),
  money: fc.constantFrom("exact" as const, "exact" as const, "exact" as const, "wrong-amount" as const, "wrong-currency" as const),
  fresh: fc.nat(3),
});

/** Provider ids to pick from: the offered ones three times over (so checkouts usually succeed), then every other. */
function providerIdsOf(real: Real): string[] {
  const offered = real.policy.offers.map((o) => o.providerId as string);
  return [...offered, ...offered, ...offered, ...real.providers.map((p) => p.id as string), "ghost", "no-such-provider"];
}

async function runStart(model: Model, real: Real, learner: number, spec: StartSpec, before: LearnerRecord): Promise<string> {
  const l = learnerOf(real, learner);
  const providerId = pickFrom(providerIdsOf(real), spec.provider) ?? "ghost";
  const desc = `startCheckout(L${learner}, ${providerId}, ${spec.method}, ${spec.key})`;
  const now = real.clock.now();
  const r = await typed(real, desc, () => real.service.startCheckout(l.id, real.courseId, { providerId, method: spec.method, idempotencyKey: spec.key }));
  if (r.ok && r.value.result === "started") {
    if (before.grant === undefined) throw violation(1, `${desc} started a checkout for a learner who was never granted eligibility`);
    if (!isDeadlineOpen(before.grant.deadline, now)) throw violation(1, `${desc} started a checkout at ${iso(now)}, at or after the deadline ${iso(before.grant.deadline)}`);
  }
  void model;
  return desc;
}

async function runPay(model: Model, real: Real, learner: number, spec: PaySpec): Promise<string> {
  const l = learnerOf(real, learner);
  const starts = (await rawLog(real, l)).flatMap((e) => (e.type === "checkout-started" ? [e] : []));
  const checkout = pickFrom(starts, spec.checkout);
  const checkoutId = checkout?.checkoutId ?? "co-unknown";
  const price = checkout?.price ?? { amount: 60000, currency: "USD" };
  const m = model.learners[learner] as LearnerModel;
  const reused = pickFrom(m.sentPayments, spec.fresh)?.["paymentId"];
  const paymentId =
    spec.payment === "natural"
      ? `pay-${checkoutId}`
      : spec.payment === "fresh"
        ? `pay-${checkoutId}-${spec.fresh}`
        : spec.payment === "shared"
          ? `pay-shared-${spec.fresh}`
          : typeof reused === "string"
            ? reused
            : `pay-${checkoutId}`;
  const input = {
    checkoutId,
    outcome: spec.outcome,
    paymentId,
    amount: spec.money === "wrong-amount" ? price.amount + 1 : price.amount,
    currency: spec.money === "wrong-currency" ? (price.currency === "EUR" ? "USD" : "EUR") : price.currency,
  };
  m.sentPayments.push(input);
  const desc = `recordPaymentResult(L${learner}, ${safeText(input)})`;
  await typed(real, desc, () => real.service.recordPaymentResult(l.id, real.courseId, input));
  return desc;
}

function startCommand(): fc.Arbitrary<Cmd> {
  return fc.record({ learner: learnerIndex, spec: startSpec }).map(({ learner, spec }) => {
    let desc = `startCheckout(L${learner}, provider #${spec.provider}, ${spec.method}, ${spec.key})`;
    return command(
      () => desc,
      async (model, real) => {
        const before = await rawRecord(real, learnerOf(real, learner));
        desc = await runStart(model, real, learner, spec, before);
        await checkState(model, real, desc);
      },
    );
  });
}

function payCommand(): fc.Arbitrary<Cmd> {
  return fc.record({ learner: learnerIndex, spec: paySpec }).map(({ learner, spec }) => {
    let desc = `recordPaymentResult(L${learner}, checkout #${spec.checkout}, ${spec.outcome})`;
    return command(
      () => desc,
      async (model, real) => {
        desc = await runPay(model, real, learner, spec);
        await checkState(model, real, desc);
      },
    );
  });
}

function replayPaymentCommand(): fc.Arbitrary<Cmd> {
  return fc.record({ learner: learnerIndex, pick: fc.nat() }).map(({ learner, pick }) => {
    let desc = `redeliverPaymentResult(L${learner}, #${pick})`;
    return command(
      () => desc,
      async (model, real) => {
        const previous = pickFrom((model.learners[learner] as LearnerModel).sentPayments, pick);
        if (previous === undefined) return;
        desc = `redeliverPaymentResult(L${learner}, ${safeText(previous)})`;
        const l = learnerOf(real, learner);
        await typed(real, desc, () => real.service.recordPaymentResult(l.id, real.courseId, previous as never));
        await checkState(model, real, desc);
      },
    );
  });
}

function concurrentCommand(): fc.Arbitrary<Cmd> {
  const part = fc.oneof(startSpec.map((s) => ({ kind: "start" as const, s })), paySpec.map((s) => ({ kind: "pay" as const, s })));
  return fc.record({ learner: learnerIndex, parts: fc.array(part, { minLength: 2, maxLength: 4 }) }).map(({ learner, parts }) => {
    let desc = `concurrently(L${learner}, ${parts.map((p) => p.kind).join(", ")})`;
    return command(
      () => desc,
      async (model, real) => {
        const before = await rawRecord(real, learnerOf(real, learner));
        const done = await Promise.all(parts.map((p) => (p.kind === "start" ? runStart(model, real, learner, p.s, before) : runPay(model, real, learner, p.s))));
        desc = `concurrently(${done.join(" ‖ ")})`;
        await checkState(model, real, desc);
      },
    );
  });
}

function buyCommand(): fc.Arbitrary<Cmd> {
  return fc.record({ learner: learnerIndex, offer: fc.nat(), method: fc.constantFrom<PaymentMethod>("card", "paypal"), key: fc.constantFrom("k1", "k2", "k5") }).map(({ learner, offer, method, key }) => {
    let desc = `buyCredit(L${learner}, offer #${offer})`;
    return command(
      () => desc,
      async (model, real) => {
        const l = learnerOf(real, learner);
        const chosen = pickFrom(real.policy.offers, offer);
        if (chosen === undefined) return;
        const before = await rawRecord(real, l);
        const start = `startCheckout(L${learner}, ${chosen.providerId}, ${method}, ${key})`;
        const now = real.clock.now();
        const started = await typed(real, start, () => real.service.startCheckout(l.id, real.courseId, { providerId: chosen.providerId, method, idempotencyKey: key }));
        if (started.ok && started.value.result === "started" && (before.grant === undefined || !isDeadlineOpen(before.grant.deadline, now))) {
          throw violation(1, `${start} started a checkout at ${iso(now)} without eligibility and an open deadline`);
        }
        desc = start;
        if (started.ok) {
          const input = { checkoutId: started.value.checkoutId, outcome: "succeeded" as const, paymentId: `pay-${started.value.checkoutId}`, amount: chosen.price.amount, currency: chosen.price.currency };
          (model.learners[learner] as LearnerModel).sentPayments.push(input);
          const pay = `recordPaymentResult(L${learner}, ${safeText(input)})`;
          await typed(real, pay, () => real.service.recordPaymentResult(l.id, real.courseId, input));
          desc = `buyCredit: ${start}; ${pay}`;
        }
        await checkState(model, real, desc);
      },
    );
  });
}

function completeCommand(): fc.Arbitrary<Cmd> {
  return fc.record({ learner: learnerIndex, status: fc.constantFrom("approved" as const, "rejected" as const) }).map(({ learner, status }) => {
    let desc = `completeCredit(L${learner}, ${status})`;
    return command(
      () => desc,
      async (model, real) => {
        const l = learnerOf(real, learner);
        const action = await typed(real, `requestCredit(L${learner})`, () => real.service.requestCredit(l.id, real.courseId));
        if (!action.ok) {
          desc = `completeCredit(L${learner}, ${status}): requestCredit answered ${action.error.code}`;
          await checkState(model, real, desc);
          return;
        }
        const decided = (model.learners[learner] as LearnerModel).decision;
        const keys = real.secrets.get(action.value.providerId) ?? [];
        const unsigned = { request_uuid: action.value.requestId, status, timestamp: String(Math.floor(real.clock.now().getTime() / 1000)) };
        const body: ProviderCallbackInput = { ...unsigned, signature: await signEdxV1(unsigned, keys[0] ?? "") };
        model.callbacks.push({ providerId: action.value.providerId, body });
        desc = `completeCredit: requestCredit(L${learner}); providerCallback(${action.value.providerId}, ${safeText(body)})`;
        const r = await typed(real, desc, () => real.service.handleProviderCallback(action.value.providerId, body), body.signature);
        if (decided !== undefined && decided.status !== status && r.ok) throw violation(3, `${desc} on a request already ${decided.status} was accepted`);
        await checkState(model, real, desc);
      },
    );
  });
}

/** The happy path in one step (requirements, purchase, request, decision), so runs often start from a deep state. */
function journeyCommand(): fc.Arbitrary<Cmd> {
  return fc.tuple(satisfyCommand(), buyCommand(), completeCommand()).map((steps) => {
    let done: string[] = steps.map(String);
    return command(
      () => `journey[${done.join("; ")}]`,
      async (model, real) => {
        done = [];
        for (const step of steps) {
          try {
            await step.run(model, real);
          } catch (cause) {
            done.push(`${String(step)} ← failed here`);
            throw cause;
          }
          done.push(String(step));
        }
      },
    );
  });
}

function requestCreditCommand(): fc.Arbitrary<Cmd> {
  return learnerIndex.map((learner) =>
    command(
      () => `requestCredit(L${learner})`,
      async (model, real) => {
        const l = learnerOf(real, learner);
        await typed(real, `requestCredit(L${learner})`, () => real.service.requestCredit(l.id, real.courseId));
        await checkState(model, real, `requestCredit(L${learner})`);
      },
    ),
  );
}

function decisionCommand(): fc.Arbitrary<Cmd> {
  return fc.record({ learner: learnerIndex, status: fc.constantFrom("approved" as const, "rejected" as const) }).map(({ learner, status }) => {
    const desc = `recordDecision(L${learner}, ${status})`;
    return command(
      () => desc,
      async (model, real) => {
        const l = learnerOf(real, learner);
        const decided = (model.learners[learner] as LearnerModel).decision;
        const r = await typed(real, desc, () => real.service.recordDecision(l.id, real.courseId, { status }));
        // An injected port fault may answer `unavailable` first; what must never happen is a success.
        if (decided !== undefined && decided.status !== status && (r.ok || (r.error.code !== "conflicting-decision" && r.error.code !== "unavailable"))) {
          throw violation(3, `${desc} on a request already ${decided.status} answered ${safeText(r.ok ? r.value : r.error.code)}, not conflicting-decision`);
        }
        await checkState(model, real, desc);
      },
    );
  });
}

function refundCommand(): fc.Arbitrary<Cmd> {
  return learnerIndex.map((learner) =>
    command(
      () => `refund(L${learner})`,
      async (model, real) => {
        const l = learnerOf(real, learner);
        await typed(real, `refund(L${learner})`, () => real.service.refund(l.id, real.courseId));
        await checkState(model, real, `refund(L${learner})`);
      },
    ),
  );
}

function callbackCommand(): fc.Arbitrary<Cmd> {
  return fc
    .record({
      learner: learnerIndex,
      target: fc.constantFrom("own" as const, "own" as const, "own" as const, "other-learner" as const, "unknown" as const),
      route: fc.constantFrom("right" as const, "right" as const, "right" as const, "other" as const, "unknown" as const),
      status: fc.constantFrom("approved" as const, "rejected" as const, "pending" as const),
      signature: fc.constantFrom("new-key" as const, "new-key" as const, "old-key" as const, "uppercase" as const, "wrong-key" as const),
      skew: fc.constantFrom(0, 0, 0, -600, -901, 59, 61, -100_000),
    })
    .map((spec) => {
      let desc = `providerCallback(L${spec.learner}, ${safeText(spec)})`;
      return command(
        () => desc,
        async (model, real) => {
          const owner = learnerOf(real, spec.target === "other-learner" ? spec.learner + 1 : spec.learner);
          const request = (await rawRecord(real, owner)).purchase.request;
          const requestId = spec.target === "unknown" || request === null ? "0123456789abcdef0123456789abcdef" : request.requestId;
          const rightProvider = request?.providerId ?? "signed";
          const providerId = spec.route === "right" ? rightProvider : spec.route === "other" ? (rightProvider === "signed" ? "link" : "signed") : "nobody";
          const keys = real.secrets.get(providerId) ?? ["no-key"];
          const key = spec.signature === "old-key" ? (keys[1] ?? keys[0] ?? "") : spec.signature === "wrong-key" ? "not-the-key" : (keys[0] ?? "");
          const unsigned = { request_uuid: requestId, status: spec.status, timestamp: String(Math.floor(real.clock.now().getTime() / 1000) + spec.skew) };
          const signature = await signEdxV1(unsigned, key);
          const body: ProviderCallbackInput = { ...unsigned, signature: spec.signature === "uppercase" ? signature.toUpperCase() : signature };
          model.callbacks.push({ providerId, body });
          desc = `providerCallback(${providerId}, ${safeText(body)})`;
          await typed(real, desc, () => real.service.handleProviderCallback(providerId, body), signature);
          await checkState(model, real, desc);
        },
      );
    });
}

function replayCallbackCommand(): fc.Arbitrary<Cmd> {
  return fc.nat().map((pick) => {
    let desc = `redeliverCallback(#${pick})`;
    return command(
      () => desc,
      async (model, real) => {
        const previous = pickFrom(model.callbacks, pick);
        if (previous === undefined) return;
        desc = `redeliverCallback(${previous.providerId}, ${safeText(previous.body)})`;
        await typed(real, desc, () => real.service.handleProviderCallback(previous.providerId, previous.body), previous.body.signature);
        await checkState(model, real, desc);
      },
    );
  });
}

function dispatchCommand(): fc.Arbitrary<Cmd> {
  return fc.constant(null).map(() =>
    command(
      () => "dispatchOutbox()",
      async (model, real) => {
        await typed(real, "dispatchOutbox()", () => real.service.dispatchOutbox());
        await checkState(model, real, "dispatchOutbox()");
      },
    ),
  );
}

function remindersCommand(): fc.Arbitrary<Cmd> {
  return fc.constant(null).map(() =>
    command(
      () => "sendDueReminders()",
      async (model, real) => {
        await typed(real, "sendDueReminders()", () => real.service.sendDueReminders());
        await checkState(model, real, "sendDueReminders()");
      },
    ),
  );
}

function faultCommand(): fc.Arbitrary<Cmd> {
  return fc
    .record({
      port: fc.constantFrom("store" as const, "mailer" as const, "mailer" as const, "payments" as const, "keys" as const, "sender" as const),
      mode: fc.constantFrom("before" as const, "before" as const, "after" as const),
      count: fc.integer({ min: 1, max: 3 }),
    })
    .map(({ port, mode, count }) => {
      const desc = `injectFaults(${port}, ${mode}, ${count})`;
      return command(
        () => desc,
        async (model, real) => {
          if (port === "keys") real.keys.faults.failNext(count);
          else real.faults[port][mode] += count;
          void model;
        },
      );
    });
}

function policyChangeCommand(): fc.Arbitrary<Cmd> {
  return fc.record({ kind: fc.constantFrom("deactivate" as const, "reactivate" as const, "add-requirement" as const, "drop-offer" as const), ref: fc.nat() }).map(({ kind, ref }) => {
    let desc = `changePolicy(${kind} #${ref}) + recomputeCourse()`;
    return command(
      () => desc,
      async (model, real) => {
        const input = real.policyInput;
        const reqs = [...input.requirements];
        let next: CoursePolicyInput = input;
        if (kind === "deactivate" && reqs.length > 0) {
          const i = ref % reqs.length;
          reqs[i] = { ...(reqs[i] as (typeof reqs)[number]), active: false };
          next = { ...input, requirements: reqs };
        } else if (kind === "reactivate") {
          next = { ...input, requirements: reqs.map((r) => ({ ...r, active: true })) };
        } else if (kind === "add-requirement") {
          next = { ...input, requirements: [...reqs, { kind: "custom", id: `added-${ref % 3}-${reqs.length}`, displayName: "Added later" }] };
        } else if (kind === "drop-offer" && input.offers.length > 0) {
          next = { ...input, offers: input.offers.filter((_, i) => i !== ref % input.offers.length) };
        }
        const parsed = parsePolicy(next);
        if (parsed.ok) {
          real.policyInput = next;
          real.policy = parsed.value;
          real.catalog.setPolicy(parsed.value);
        }
        desc = `changePolicy(${kind} #${ref}) + recomputeCourse()`;
        await typed(real, "recomputeCourse()", () => real.service.recomputeCourse(real.courseId));
        await checkState(model, real, desc);
      },
    );
  });
}

/**
 * Which arguments of each service method take untrusted data (any junk at all: events, commands,
 * callback bodies, ids) and which take the fields object of a typed convenience method (JSON-shaped
 * junk: a caller's typed code can send wrong values, not getters that throw).
 */
const JUNK_SHAPES = {
  recordEvent: ["ids", "untrusted"],
  enroll: ["ids", "fields"],
  updateGrade: ["ids", "fields"],
  recordExamReview: ["ids", "fields"],
  extendDeadline: ["ids", "fields"],
  startCheckout: ["ids", "untrusted"],
  recordPaymentResult: ["ids", "untrusted"],
  requestCredit: ["ids"],
  handleProviderCallback: ["provider", "untrusted"],
  recordDecision: ["ids", "untrusted"],
  refund: ["ids"],
  getState: ["ids"],
  progress: ["ids"],
  dashboard: ["learner"],
  checkoutOptions: ["ids"],
  sendDueReminders: ["untrusted"],
  recomputeCourse: ["untrusted"],
} as const;

function junkCommand(): fc.Arbitrary<Cmd> {
  const untrusted = arbitraryJunk().map((value) => ({ junk: value }));
  const fields = fc.oneof(
    fc.dictionary(fc.constantFrom("mode", "grade", "examId", "result", "reviewer", "until", "type", "extra"), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
    fc.record({ until: fc.oneof(fc.constant("2027-01-01T00:00:00Z"), fc.jsonValue({ maxDepth: 1 })), grade: fc.jsonValue({ maxDepth: 1 }), mode: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] }),
  );
  return fc
    .record({
      method: fc.constantFrom(...(Object.keys(JUNK_SHAPES) as (keyof typeof JUNK_SHAPES)[])),
      learner: fc.oneof({ arbitrary: learnerIndex.map((i) => ({ own: i })), weight: 3 }, { arbitrary: untrusted, weight: 1 }),
      course: fc.oneof({ arbitrary: fc.constant({ own: 0 }), weight: 3 }, { arbitrary: untrusted, weight: 1 }),
      untrusted: arbitraryJunk(),
      fields,
    })
    .map(({ method, learner, course, untrusted: payload, fields: typedFields }) => {
      const desc = `${method}(junk: ${safeText({ learner, course, payload, typedFields })})`;
      return command(
        () => desc,
        async (model, real) => {
          const l = "own" in learner ? learnerOf(real, learner.own).id : learner.junk;
          const c = "own" in course ? real.courseId : course.junk;
          const args: unknown[] = [];
          for (const shape of JUNK_SHAPES[method]) {
            if (shape === "ids") args.push(l, c);
            else if (shape === "learner") args.push(l);
            else if (shape === "provider") args.push("own" in learner ? "signed" : learner.junk);
            else if (shape === "fields") args.push(typedFields);
            else args.push(payload);
          }
          const fn = real.service[method] as unknown as (...a: unknown[]) => Promise<Result<unknown>>;
          await typed(real, desc, () => fn(...args));
          await checkState(model, real, desc);
        },
      );
    });
}

function commandArbitraries(faults: boolean): fc.Arbitrary<Cmd>[] {
  const weighted: [fc.Arbitrary<Cmd>, number][] = [
    [lmsEventCommand(), 6],
    [satisfyCommand(), 3],
    [buyCommand(), 3],
    [completeCommand(), 2],
    [journeyCommand(), 2],
    [redeliverCommand(), 2],
    [advanceCommand(), 3],
    [startCommand(), 4],
    [payCommand(), 5],
    [replayPaymentCommand(), 2],
    [concurrentCommand(), 2],
    [requestCreditCommand(), 3],
    [callbackCommand(), 3],
    [replayCallbackCommand(), 1],
    [decisionCommand(), 1],
    [refundCommand(), 1],
    [dispatchCommand(), 2],
    [remindersCommand(), 1],
    [policyChangeCommand(), 1],
    [junkCommand(), 1],
  ];
  if (faults) weighted.push([faultCommand(), 2]);
  return weighted.flatMap(([arb, weight]) => Array.from({ length: weight }, () => arb));
}

// ---------------------------------------------------------------------------------------------
// End of a run: drain the outbox (§13.7, money side of §13.2) and replay in every zone (§13.5)

async function drain(real: Real): Promise<void> {
  for (const f of Object.values(real.faults)) {
    f.before = 0;
    f.after = 0;
  }
  real.keys.faults.failNext(0);
  for (let round = 0; round < 40; round++) {
    real.clock.advance(6 * HOUR);
    await typed(real, "dispatchOutbox() while draining", () => real.service.dispatchOutbox());
    let pending = 0;
    for (const l of real.learners) pending += (await real.rawStore.listOutbox(l.id, real.courseId)).filter((m) => m.deliveredAt === undefined).length;
    if (pending === 0) return;
  }
}

async function checkDelivery(real: Real): Promise<void> {
  const unrefunded = new Set<string>();
  /** Refund idempotency key → the payment it returns (`learner:paymentId`). */
  const refundOwners = new Map<string, string>();
  /** `learner:paymentId` → the refund messages stored for it. */
  const refundsOf = new Map<string, string[]>();
  for (const [i, learner] of real.learners.entries()) {
    const outbox = await real.rawStore.listOutbox(learner.id, real.courseId);
    for (const m of outbox) {
      if (m.payload.kind === "refund") {
        const owner = `${i}:${m.payload.refund.paymentId}`;
        const other = refundOwners.get(m.idempotencyKey);
        if (other !== undefined && other !== owner) {
          throw violation(2, `the refunds of learner ${other.slice(0, other.indexOf(":"))}'s and learner ${i}'s payments share the idempotency key ${m.idempotencyKey}: a gateway idempotent per key returns only one of them`);
        }
        refundOwners.set(m.idempotencyKey, owner);
        refundsOf.set(owner, [...(refundsOf.get(owner) ?? []), m.idempotencyKey]);
      }
      if (m.deliveredAt === undefined) {
        throw violation(m.payload.kind === "email" ? 7 : 2, `learner ${i}'s ${m.payload.kind} message ${m.idempotencyKey} was never delivered (attempts ${m.attempts}, last error ${m.lastError ?? "none"})`);
      }
      if (m.payload.kind === "email" && !real.delivered.has(m.payload.email.idempotencyKey)) {
        throw violation(7, `learner ${i}'s ${m.payload.email.template} email ${m.idempotencyKey} is marked delivered but never reached the mailer`);
      }
      if (m.payload.kind === "refund" && (real.refunded.get(m.idempotencyKey) ?? 0) === 0) {
        throw violation(2, `learner ${i}'s refund ${m.idempotencyKey} is marked delivered but the gateway never acknowledged it`);
      }
    }
    const events = await rawLog(real, learner);
    const expected = new Map<string, number>();
    const expect = (template: string) => expected.set(template, (expected.get(template) ?? 0) + 1);
    const decided = new Set<string>();
    for (const e of events) {
      if (e.type === "eligibility-granted" && isDeadlineOpen(e.deadline, e.at)) expect("eligibility");
      if (e.type === "payment-succeeded") expect("purchase-receipt");
      if (e.type === "credit-decided" && !decided.has(e.requestId)) {
        decided.add(e.requestId);
        expect("credit-decision");
      }
      if (e.type === "reminder-sent") expect("deadline-reminder");
      if (e.type === "payment-succeeded" || e.type === "payment-refund-requested") unrefunded.add(`${i}:${e.paymentId}`);
      if (e.type === "payment-refund-requested" || e.type === "refunded") {
        const keys = refundsOf.get(`${i}:${e.paymentId}`) ?? [];
        if (keys.length !== 1) throw violation(2, `learner ${i}'s payment ${e.paymentId} was to be refunded (${e.type}) by exactly one refund, but ${keys.length} were stored${keys.length > 0 ? `: ${keys.join(", ")}` : ""}`);
      }
    }
    const sent = new Map<string, Set<string>>();
    for (const m of real.delivered.values()) {
      if (m.to !== learner.email) continue;
      const keys = sent.get(m.template) ?? new Set<string>();
      keys.add(m.idempotencyKey);
      sent.set(m.template, keys);
    }
    for (const [template, count] of expected) {
      const got = sent.get(template)?.size ?? 0;
      if (got < count) throw violation(7, `learner ${i}'s log calls for ${count} ${template} email(s) but ${got} reached the mailer`);
    }
    if ((sent.get("eligibility")?.size ?? 0) > 1) throw violation(10, `learner ${i} received ${sent.get("eligibility")?.size} different eligibility emails`);
  }
  const kept = [...unrefunded].filter((k) => !(refundsOf.get(k) ?? []).some((key) => (real.refunded.get(key) ?? 0) > 0));
  const perLearner = new Map<string, number>();
  for (const k of kept) perLearner.set(k.slice(0, k.indexOf(":")), (perLearner.get(k.slice(0, k.indexOf(":"))) ?? 0) + 1);
  for (const [learner, count] of perLearner) if (count > 1) throw violation(2, `learner ${learner} kept ${count} unrefunded payments: ${kept.join(", ")}`);
}

function describeState(real: Real, learner: LearnerProfile, events: readonly JourneyEvent[], now: Date): string {
  const record = replay(learner.id, real.courseId, events);
  const evaluation = evaluateEligibility(real.policy, record, now);
  const eligibility = record.grant === undefined ? ({ granted: false } as const) : ({ granted: true, deadline: record.grant.deadline } as const);
  const timeZone = learner.timeZone ?? "UTC";
  return safeText({
    record,
    evaluation,
    purchase: purchaseStatus(record.purchase, eligibility, now),
    tile: dashboardTile({
      eligibility: evaluation.status,
      ...(record.grant === undefined ? {} : { deadline: record.grant.deadline }),
      purchase: record.purchase,
      providers: toProviderLookup(real.providers),
      policy: real.policy,
      timeZone,
    }),
    progress: toProgressView(real.policy, evaluation, { timeZone }),
    reminders: dueReminders(real.policy, record, now),
  });
}

function withTimeZone<T>(zone: string, f: () => T): T {
  const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env;
  if (env === undefined) return f();
  const saved = env["TZ"];
  env["TZ"] = zone;
  try {
    return f();
  } finally {
    if (saved === undefined) delete env["TZ"];
    else env["TZ"] = saved;
  }
}

async function checkReplay(real: Real): Promise<void> {
  const now = real.clock.now();
  for (const [i, learner] of real.learners.entries()) {
    const events = await rawLog(real, learner);
    const reference = withTimeZone("UTC", () => describeState(real, learner, events, now));
    const decoded = (JSON.parse(JSON.stringify(events.map(encodeJourneyEvent))) as unknown[]).map(decodeJourneyEvent);
    for (const zone of real.timeZones) {
      const again = withTimeZone(zone, () => describeState(real, learner, events, now));
      if (again !== reference) throw violation(5, `learner ${i}'s log replays differently under TZ=${zone}: ${firstDifference(reference, again)}`);
      const fromJson = withTimeZone(zone, () => describeState(real, learner, decoded, now));
      if (fromJson !== reference) throw violation(5, `learner ${i}'s log, stored as JSON and read back, replays differently under TZ=${zone}: ${firstDifference(reference, fromJson)}`);
    }
  }
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `…${a.slice(Math.max(0, i - 60), i + 60)}… vs …${b.slice(Math.max(0, i - 60), i + 60)}…`;
}

// ---------------------------------------------------------------------------------------------
// The checker

interface WorldSeed {
  readonly policy: CoursePolicyInput;
  readonly learners: readonly LearnerProfile[];
}

let runCounter = 0;

async function summarize(real: Real): Promise<InvariantRunSummary> {
  let granted = 0;
  let purchases = 0;
  let decisions = 0;
  for (const l of real.learners) {
    const events = await rawLog(real, l);
    if (events.some((e) => e.type === "eligibility-granted")) granted++;
    purchases += events.filter((e) => e.type === "payment-succeeded").length;
    decisions += events.filter((e) => e.type === "credit-decided").length;
  }
  let refunds = 0;
  for (const n of real.refunded.values()) refunds += n > 0 ? 1 : 0;
  let calls = 0;
  for (const n of real.answers.values()) calls += n;
  return { calls, answers: Object.fromEntries(real.answers), granted, purchases, decisions, refunds, emails: real.delivered.size };
}

function isArbitrary(value: unknown): value is fc.Arbitrary<CoursePolicyInput> {
  return typeof value === "object" && value !== null && typeof (value as { generate?: unknown }).generate === "function";
}

async function setUp(seed: WorldSeed, options: ServiceInvariantOptions, providers: readonly Provider[], nonce: string): Promise<Real> {
  runCounter++;
  const courseId = `course-v1:Invariants+R${runCounter}+${nonce}` as CourseId;
  const policyInput: CoursePolicyInput = { ...seed.policy, courseId };
  const parsed = parsePolicy(policyInput);
  if (!parsed.ok) throw new Error(`checkServiceInvariants: the policy does not parse: ${parsed.error.message}`);
  const clock = createManualClock(new Date(START));
  const world: InvariantWorld = { policy: parsed.value, providers, learners: seed.learners, clock };
  const host = (await options.makePorts?.(world)) ?? {};
  const rawStore = host.store ?? createMemoryStore();
  const faults = { store: noFaults(), mailer: noFaults(), payments: noFaults(), sender: noFaults() };
  const delivered = new Map<string, EmailMessage>();
  const refunded = new Map<string, number>();
  const requestsSent = new Set<string>();
  const secrets = new Map<string, readonly string[]>(providers.map((p) => [p.id, [`${p.id}-current-secret`, `${p.id}-previous-secret`]]));
  const keys = createMemoryProviderKeys(Object.fromEntries(secrets));
  // The policy is set after creation, unchecked: the runs offer providers the catalog does not
  // have ("ghost"), to hold the service to `unknown-provider` when a host's catalog lets one through.
  const catalog = createMemoryCatalog({ providers, learners: seed.learners });
  catalog.setPolicy(parsed.value);
  const service = createCreditService(
    {
      store: faultyStore(rawStore, faults.store),
      payments: recordingGateway(host.payments ?? createMemoryPaymentGateway(), faults.payments, refunded),
      mailer: recordingMailer(host.mailer ?? createMemoryMailer(), faults.mailer, delivered),
      clock,
      ids: host.ids ?? createSequentialIds(runCounter),
      keys,
      catalog,
      creditRequests: recordingSender(host.creditRequests, faults.sender, requestsSent),
    },
    options.serviceOptions,
  );
  return {
    service,
    clock,
    rawStore,
    catalog,
    keys,
    secrets,
    faults,
    delivered,
    refunded,
    requestsSent,
    learners: seed.learners,
    providers,
    courseId,
    timeZones: options.timeZones ?? INTERESTING_TIME_ZONES,
    policyInput,
    policy: parsed.value,
    ports: host,
    answers: new Map(),
  };
}

/**
 * Drives a wired credit service with random command sequences and checks every invariant of
 * docs/rules.md §13 after each step and at the end of each run. Two learners in one course go through
 * LMS events (redelivered and out of order), checkouts, payment results (duplicated, reordered,
 * concurrent, mismatched), credit requests, signed provider callbacks (replayed, stale, for the
 * other learner, wrongly signed), staff decisions, refunds, reminders, policy changes with
 * recomputation, junk input to every method, time jumps across course ends and deadlines, and
 * injected port failures (failing calls and lost acknowledgements). At the end of a run the
 * outbox is drained with the ports healthy, and every log is replayed under several time zones
 * and through a JSON round trip.
 *
 * Checked: §13.1 every purchase's checkout was started while eligible with the deadline open (and
 * no `start-checkout` is accepted otherwise); §13.2 never a second purchase while one is
 * unrefunded, and every refused payment is refunded at the gateway; §13.3 a decided request never
 * changes, and a contrary decision is refused; §13.4 the grant never disappears or moves, the
 * status stays `eligible`/`expired`, frozen requirement statuses never change; §13.5 identical
 * state (record, evaluation, purchase status, dashboard tile, progress view, due reminders) in
 * every zone and after a JSON round trip; §13.6 every call resolves to a well-formed Result and no
 * error carries a key or a signature; §13.7 every email the log calls for reaches the mailer.
 *
 * Rejects on the first violation with an error that names the invariant and what broke it,
 * followed by fast-check's report (seed, path and the shrunk command sequence to replay it).
 *
 * @param options - your adapters, the policy, run counts, faults.
 * @returns a promise that resolves when every run passed.
 * @example
 * ```ts
 * import { it } from "vitest";
 * import { createMemoryStore } from "academic-credit/adapters/memory";
 * import { checkServiceInvariants } from "academic-credit/testing";
 * it("keeps the §13 invariants on my store", async () => {
 *   await checkServiceInvariants({ makePorts: () => ({ store: createMemoryStore() }), numRuns: 50 });
 * }, 120_000);
 * ```
 */
export async function checkServiceInvariants(options: ServiceInvariantOptions = {}): Promise<void> {
  const providersParsed = parseProviders(options.providers ?? DEFAULT_PROVIDERS);
  if (!providersParsed.ok) throw new Error(`checkServiceInvariants: the providers do not parse: ${providersParsed.error.message}`);
  const providers = providersParsed.value;
  if (options.policy !== undefined && !isArbitrary(options.policy)) {
    const fixed = parsePolicy(options.policy);
    if (!fixed.ok) throw new Error(`checkServiceInvariants: the policy does not parse: ${fixed.error.message}`);
  }
  const providerIds = [...providers.map((p) => p.id as string), "ghost"];
  const policy: fc.Arbitrary<CoursePolicyInput> =
    options.policy === undefined
      ? arbitraryPolicyInput({ providerIds, around: new Date(START + 90 * DAY), spreadDays: 120, maxRequirements: 3 }).filter((p) => p.offers.length > 0)
      : isArbitrary(options.policy)
        ? options.policy
        : fc.constant(options.policy);
  const nonce = uniqueSuffix();
  const learners = fc
    .tuple(arbitraryLearnerProfile(), arbitraryLearnerProfile())
    .map(([a, b]) => [
      { ...a, id: `learner-0-${nonce}` as LearnerId, email: `learner-0-${nonce}@example.org` },
      { ...b, id: `learner-1-${nonce}` as LearnerId, email: `learner-1-${nonce}@example.org` },
    ]);
  const world = fc.record({ policy, learners });
  const commands = fc.commands(commandArbitraries(options.faults ?? true), { maxCommands: options.maxCommands ?? 40, size: "max" });

  const details = await fc.check(
    fc.asyncProperty(world, commands, async (seed, cmds) => {
      const real = await setUp(seed, options, providers, nonce);
      let failure: unknown;
      try {
        const model: Model = { learners: real.learners.map(() => ({ sentEvents: [], sentPayments: [] })), callbacks: [] };
        await fc.asyncModelRun(() => ({ model, real }), cmds);
        await drain(real);
        await checkState(model, real, "draining the outbox");
        await checkDelivery(real);
        await checkReplay(real);
        if (options.onRun !== undefined) options.onRun(await summarize(real));
      } catch (error) {
        failure = error;
      }
      try {
        await options.disposePorts?.(real.ports);
      } catch (disposeError) {
        // A violation found in the run is the finding; a failing dispose is reported only without one.
        if (failure === undefined) throw new Error(`disposePorts failed: ${disposeError instanceof Error ? disposeError.message : safeText(disposeError)}`, { cause: disposeError });
      }
      if (failure !== undefined) throw failure;
    }),
    {
      numRuns: options.numRuns ?? 100,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.path === undefined ? {} : { path: options.path }),
      ...(options.verbose === true ? { verbose: 2 } : {}),
    },
  );
  if (details.failed) {
    const cause = details.errorInstance;
    const first = cause instanceof Error ? cause.message : safeText(cause);
    throw new Error(`${first}\n\n${fc.defaultReportMessage(details) ?? ""}`, { cause });
  }
}

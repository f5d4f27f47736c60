import {
  createManualClock,
  createMemoryCatalog,
  createMemoryMailer,
  createMemoryPaymentGateway,
  createMemoryProviderKeys,
  createMemoryStore,
  createSequentialIds,
} from "../adapters/memory/index.js";
import type { LearnerEvent } from "../journey/events.js";
import type { LearnerRecord } from "../journey/record.js";
import { findUnknownProviders, type EventWarning } from "../policy/references.js";
import { signEdxV1, usableKeys } from "../providers/signature.js";
import { describeIssues } from "../result/parse.js";
import { openCheckout, type CheckoutRecord } from "../purchase/index.js";
import type { CreditError, Result } from "../result/index.js";
import { createCreditService, type CreditService, type LearnerCourseState } from "../service/index.js";
import { toEpochSeconds } from "../time/index.js";
import { describeScenarioStep, isoInstant } from "./describe.js";
import type {
  CallbackSigning,
  ReportedExpectation,
  Scenario,
  ScenarioCommand,
  ScenarioExpectation,
  ScenarioState,
  ScenarioStep,
  ScenarioStepReport,
  ScenarioReport,
} from "./types.js";

/** A step's answer from the service: accepted (with a short note and what the policy could not use) or refused. */
type StepOutcome = { readonly ok: true; readonly detail?: string; readonly warnings?: readonly EventWarning[] } | { readonly ok: false; readonly error: CreditError };

interface Replay {
  readonly scenario: Scenario;
  readonly service: CreditService;
  readonly mailer: ReturnType<typeof createMemoryMailer>;
}

function toState(s: LearnerCourseState): ScenarioState {
  const requirements: Record<string, ScenarioState["requirements"][string]> = {};
  for (const r of s.eligibility.requirements) requirements[r.requirementId] = r.status;
  return {
    eligibility: s.eligibility.status,
    requirements,
    purchase: s.purchase,
    dashboard: s.dashboard.status,
    deadline: s.eligibility.deadline === undefined ? null : isoInstant(s.eligibility.deadline),
  };
}

async function load(r: Replay): Promise<LearnerCourseState> {
  const state = await r.service.getState(r.scenario.learner.id, r.scenario.policy.courseId);
  if (!state.ok) throw new Error(`the learner's state could not be read: ${state.error.code}: ${state.error.message}`);
  return state.value;
}

function outcomeOf<T>(result: Result<T>, detail: (value: T) => string | undefined): StepOutcome {
  if (!result.ok) return { ok: false, error: result.error };
  const d = detail(result.value);
  return d === undefined ? { ok: true } : { ok: true, detail: d };
}

function toEventJson(event: LearnerEvent): unknown {
  return event.type === "deadline-extended" ? { type: event.type, until: event.until.toISOString() } : event;
}

function latestCheckout(record: LearnerRecord): CheckoutRecord | undefined {
  let id: string | undefined;
  for (const e of record.events) if (e.type === "checkout-started") id = e.checkoutId;
  return record.purchase.checkouts.find((c) => c.checkoutId === id);
}

function latestRequest(record: LearnerRecord): { readonly requestId: string; readonly providerId: string } | undefined {
  let found: { requestId: string; providerId: string } | undefined;
  for (const e of record.events) if (e.type === "credit-requested") found = { requestId: e.requestId, providerId: e.providerId };
  return found;
}

function signingKey(keys: readonly string[], signWith: CallbackSigning): string | undefined {
  const usable = usableKeys(keys);
  switch (signWith) {
    case "valid":
      return usable[0] ?? "no-key-configured";
    case "older-key":
      return usable.at(-1) ?? "no-key-configured";
    case "wrong-key": {
      let wrong = "wrong-key";
      while (usable.includes(wrong)) wrong += "!";
      return wrong;
    }
    case "none":
      return undefined;
    default: {
      const unknown: never = signWith;
      return unknown;
    }
  }
}

/** A request id nobody issued: what a default callback sends when the learner has no request. */
const NO_REQUEST_ID = "0".repeat(32);
/** A checkout id nobody started: what a default payment result names when there is no checkout. */
const NO_CHECKOUT_ID = "none";

async function runCommand(r: Replay, command: ScenarioCommand, at: Date): Promise<StepOutcome> {
  const { service, scenario } = r;
  const learner = scenario.learner.id;
  const course = scenario.policy.courseId;
  switch (command.type) {
    case "start-checkout":
      return outcomeOf(
        await service.startCheckout(learner, course, { providerId: command.providerId, method: command.method, idempotencyKey: command.idempotencyKey }),
        (v) => `${v.checkoutId} ${v.result}`,
      );
    case "payment-result": {
      const { record } = await load(r);
      const checkouts = record.purchase.checkouts;
      let checkout: CheckoutRecord | undefined;
      if (command.checkoutId !== undefined) checkout = checkouts.find((c) => c.checkoutId === command.checkoutId);
      else if (command.idempotencyKey !== undefined) checkout = [...checkouts].reverse().find((c) => c.idempotencyKey === command.idempotencyKey);
      else checkout = openCheckout(record.purchase) ?? latestCheckout(record);
      const checkoutId = command.checkoutId ?? checkout?.checkoutId ?? NO_CHECKOUT_ID;
      return outcomeOf(
        await service.recordPaymentResult(learner, course, {
          checkoutId,
          outcome: command.outcome,
          paymentId: command.paymentId ?? `pay-${checkoutId}`,
          amount: command.amount ?? checkout?.price.amount ?? 0,
          currency: command.currency ?? checkout?.price.currency ?? "USD",
        }),
        (v) => (v.kind === "payment" ? `${v.checkoutId} ${v.result}` : undefined),
      );
    }
    case "request-credit":
      return outcomeOf(await service.requestCredit(learner, course), (v) =>
        `${v.kind === "form" ? "signed form" : "link"} for ${v.providerId}, request ${v.requestId}${v.reissued ? " (re-issued)" : ""}`,
      );
    case "provider-callback": {
      const { record } = await load(r);
      const latest = latestRequest(record);
      const requestId = command.requestId ?? latest?.requestId ?? NO_REQUEST_ID;
      const providerId = command.providerId ?? latest?.providerId ?? scenario.providers[0]?.id ?? "unknown";
      const timestamp = toEpochSeconds(new Date(at.getTime() + (command.timestampOffsetSeconds ?? 0) * 1000));
      const body = { request_uuid: requestId, status: command.status, timestamp };
      const key = signingKey(scenario.providerKeys[providerId] ?? [], command.signWith ?? "valid");
      const signed = key === undefined ? body : { ...body, signature: await signEdxV1(body, key) };
      return outcomeOf(await service.handleProviderCallback(providerId, signed), (v) => `${v.result}, request ${v.status}`);
    }
    case "record-decision":
      return outcomeOf(await service.recordDecision(learner, course, { status: command.status }), (v) =>
        v.kind === "decision" ? `${v.result}, request ${v.status}` : undefined,
      );
    case "refund":
      return outcomeOf(await service.refund(learner, course), (v) => (v.kind === "refund" ? `refund of ${v.paymentId} requested` : undefined));
    case "send-due-reminders":
      return outcomeOf(await service.sendDueReminders([course]), (v) => `${v.queued} reminder${v.queued === 1 ? "" : "s"} queued`);
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

async function runAction(r: Replay, step: Exclude<ScenarioStep, { kind: "expect" }>): Promise<StepOutcome> {
  if (step.kind === "command") return runCommand(r, step.command, step.at);
  const result = await r.service.recordEvent(r.scenario.learner.id, r.scenario.policy.courseId, toEventJson(step.event));
  const outcome = outcomeOf(result, (v) => (v.events.some((e) => e.type === "eligibility-granted") ? "eligibility granted" : undefined));
  return outcome.ok && result.ok && result.value.warnings.length > 0 ? { ...outcome, warnings: result.value.warnings } : outcome;
}

async function deliverOutbox(service: CreditService): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const d = await service.dispatchOutbox();
    if (!d.ok || d.value.attempted === 0 || d.value.delivered === 0) return;
  }
}

const STATE_FIELDS = ["eligibility", "purchase", "dashboard", "deadline"] as const;

function stateChanges(before: ScenarioState, after: ScenarioState): string[] {
  const changes: string[] = [];
  for (const f of STATE_FIELDS) if (before[f] !== after[f]) changes.push(`${f} ${before[f] ?? "none"} → ${after[f] ?? "none"}`);
  const ids = new Set([...Object.keys(before.requirements), ...Object.keys(after.requirements)]);
  for (const id of ids) {
    const a = before.requirements[id];
    const b = after.requirements[id];
    if (a !== b) changes.push(`requirement ${id} ${a ?? "none"} → ${b ?? "none"}`);
  }
  return changes;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The fields of an expectation that the state does not meet: expected and actual values. Internal. */
export function compareExpectation(
  expect: ScenarioExpectation,
  state: ScenarioState,
  emails: readonly string[],
): { readonly expected: ReportedExpectation; readonly actual: ReportedExpectation } | undefined {
  const expected: { -readonly [K in keyof ReportedExpectation]: ReportedExpectation[K] } = {};
  const actual: { -readonly [K in keyof ReportedExpectation]: ReportedExpectation[K] } = {};
  if (expect.eligibility !== undefined && expect.eligibility !== state.eligibility) {
    expected.eligibility = expect.eligibility;
    actual.eligibility = state.eligibility;
  }
  if (expect.requirements !== undefined) {
    const e: Record<string, ScenarioState["requirements"][string] | null> = {};
    const a: Record<string, ScenarioState["requirements"][string] | null> = {};
    for (const [id, status] of Object.entries(expect.requirements)) {
      const got = state.requirements[id];
      if (got !== status) {
        e[id] = status;
        a[id] = got ?? null;
      }
    }
    if (Object.keys(e).length > 0) {
      expected.requirements = e;
      actual.requirements = a;
    }
  }
  if (expect.purchase !== undefined && expect.purchase !== state.purchase) {
    expected.purchase = expect.purchase;
    actual.purchase = state.purchase;
  }
  if (expect.dashboard !== undefined && expect.dashboard !== state.dashboard) {
    expected.dashboard = expect.dashboard;
    actual.dashboard = state.dashboard;
  }
  if (expect.deadline !== undefined) {
    const want = isoInstant(expect.deadline);
    if (state.deadline === null || Date.parse(state.deadline) !== expect.deadline.getTime()) {
      expected.deadline = want;
      actual.deadline = state.deadline;
    }
  }
  if (expect.emails !== undefined && !sameList(expect.emails, emails)) {
    expected.emails = expect.emails;
    actual.emails = emails;
  }
  return Object.keys(expected).length === 0 ? undefined : { expected, actual };
}

/**
 * Whether an event or command step passed (docs/scenarios.md): accepted without `expectError`, or
 * refused with exactly that code and the learner's state unchanged. Internal.
 */
export function judgeAction(
  step: Exclude<ScenarioStep, { kind: "expect" }>,
  outcome: StepOutcome,
  before: ScenarioState,
  after: ScenarioState,
): { readonly ok: boolean; readonly failure?: string } {
  const wanted = step.expectError;
  if (wanted === undefined) {
    return outcome.ok ? { ok: true } : { ok: false, failure: `refused with ${outcome.error.code}: ${outcome.error.message}` };
  }
  if (outcome.ok) return { ok: false, failure: `expected a refusal with ${wanted}, but the step was accepted` };
  if (outcome.error.code !== wanted) {
    return { ok: false, failure: `expected a refusal with ${wanted}, but it was refused with ${outcome.error.code}: ${outcome.error.message}` };
  }
  const changes = stateChanges(before, after);
  return changes.length === 0
    ? { ok: true }
    : { ok: false, failure: `refused with ${wanted} as expected, but the learner's state changed: ${changes.join("; ")}` };
}

async function runStep(r: Replay, step: ScenarioStep, previous: ScenarioState): Promise<ScenarioStepReport> {
  const base = { at: isoInstant(step.at), kind: step.kind, action: describeScenarioStep(step) };
  const emails = (): string[] => r.mailer.delivered.map((m) => m.template);
  try {
    if (step.kind === "expect") {
      const state = toState(await load(r));
      const mismatch = compareExpectation(step.expect, state, emails());
      if (mismatch === undefined) return { ...base, ok: true, state, emails: emails() };
      return { ...base, ok: false, failure: "expectation not met", ...mismatch, state, emails: emails() };
    }
    const before = toState(await load(r));
    const outcome = await runAction(r, step);
    await deliverOutbox(r.service);
    const after = toState(await load(r));
    const verdict = judgeAction(step, outcome, before, after);
    return {
      ...base,
      ok: verdict.ok,
      ...(outcome.ok ? (outcome.detail === undefined ? {} : { detail: outcome.detail }) : { error: { code: outcome.error.code, message: outcome.error.message } }),
      ...(outcome.ok && outcome.warnings !== undefined ? { warnings: outcome.warnings } : {}),
      ...(step.expectError === undefined ? {} : { expectError: step.expectError }),
      ...(verdict.failure === undefined ? {} : { failure: verdict.failure }),
      state: after,
      emails: emails(),
    };
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    return { ...base, ok: false, failure: `the replay failed: ${message}`, state: previous, emails: emails() };
  }
}

/**
 * Replays a scenario through the real application service (`createCreditService`) with the
 * in-memory adapters: for each step the manual clock is set to its `at`, the event or command runs,
 * the outbox is dispatched (so emails count as sent), and the learner's state is recorded. A step
 * with `expectError` holds only when it is refused with that code and the learner's state does not
 * change; any other refusal fails its step. An `expect` step compares the fields it names. An
 * event naming a requirement the policy does not have holds, with `warnings` on its step. A
 * scenario whose policy offers credit from a provider it does not list is not replayed: the report
 * fails with `error` (`unknown-provider`, an issue at each such offer). Never throws; a failing step
 * does not stop the replay.
 *
 * @param scenario - a scenario from {@link parseScenario}.
 * @returns the report (the `--json` format of docs/scenarios.md).
 * @example
 * ```ts
 * import { parseScenario, replayScenario } from "academic-credit/scenarios";
 * const parsed = parseScenario({
 *   name: "enrolls",
 *   policy: { courseId: "course-v1:MITx+6.002x+2026_T1", title: "Circuits", requirements: [], offers: [] },
 *   providers: [],
 *   learner: { id: "42", username: "ada", email: "ada@example.org", fullName: "Ada Lovelace" },
 *   steps: [
 *     { at: "2026-01-10T09:00:00Z", event: { type: "enrolled", mode: "verified" } },
 *     { at: "2026-01-10T09:00:00Z", expect: { eligibility: "needs-verified-enrollment" } },
 *   ],
 * });
 * if (parsed.ok) (await replayScenario(parsed.value)).ok; // true
 * ```
 */
export async function replayScenario(scenario: Scenario): Promise<ScenarioReport> {
  const unknown = findUnknownProviders(scenario.policy, scenario.providers, ["policy"]);
  if (unknown.length > 0) {
    return { name: scenario.name, ok: false, steps: [], error: { code: "unknown-provider", message: `The scenario cannot be replayed: ${describeIssues(unknown)}`, issues: unknown } };
  }
  const start = scenario.steps[0]?.at ?? new Date(0);
  const clock = createManualClock(start);
  const mailer = createMemoryMailer();
  const catalog = createMemoryCatalog({ policies: [scenario.policy], providers: scenario.providers, learners: [scenario.learner] });
  const service = createCreditService({
    store: createMemoryStore(),
    payments: createMemoryPaymentGateway(),
    mailer,
    clock,
    ids: createSequentialIds(),
    keys: createMemoryProviderKeys(scenario.providerKeys),
    catalog,
  });
  const r: Replay = { scenario, service, mailer };
  const steps: ScenarioStepReport[] = [];
  let previous: ScenarioState = {
    eligibility: "needs-verified-enrollment",
    requirements: {},
    purchase: "unavailable",
    dashboard: "hidden",
    deadline: null,
  };
  try {
    previous = toState(await load(r));
  } catch {
    // The first step reports the failure.
  }
  for (const step of scenario.steps) {
    clock.set(step.at);
    const report = await runStep(r, step, previous);
    steps.push(report);
    previous = report.state;
  }
  return { name: scenario.name, ok: steps.every((s) => s.ok), steps };
}

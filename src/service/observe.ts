import type { CourseId, LearnerId, RequestId } from "../ids/index.js";
import type { JourneyEvent } from "../journey/record.js";
import type { EmailTemplate } from "../notifications/index.js";
import type { OutboxMessage, OutboxPayload } from "../ports/index.js";
import type { ErrorCode, Result } from "../result/index.js";

/** The service methods that change something (queries are not observed). */
export type CreditCommandName =
  | "recordEvent"
  | "enroll"
  | "changeEnrollmentMode"
  | "unenroll"
  | "recordInitialVerification"
  | "updateGrade"
  | "recordExamAttempt"
  | "recordExamGrade"
  | "recordExamReview"
  | "recordReverification"
  | "recordRequirement"
  | "extendDeadline"
  | "startCheckout"
  | "recordPaymentResult"
  | "requestCredit"
  | "handleProviderCallback"
  | "recordDecision"
  | "refund"
  | "dispatchOutbox"
  | "sendDueReminders"
  | "recomputeCourse";

/** Why an outbox delivery failed: the detail (without secrets) is in the message's `lastError`. */
export type OutboxFailureCode = "timeout" | "not-in-catalog" | "signing-failed" | "port-error";

/** Which outbox message a delivery record is about. */
export interface OutboxMessageRef {
  readonly messageId: string;
  readonly kind: OutboxPayload["kind"];
  /** The email template, for emails. */
  readonly template?: EmailTemplate;
  readonly learnerId: LearnerId;
  readonly courseId: CourseId;
  /** This attempt's number (1 for the first). */
  readonly attempt: number;
}

/**
 * One thing the service did, for logs, metrics and traces (`createCreditService(ports, { observe })`).
 * Records carry ids, codes, counts, ISO instants and durations in milliseconds: never an email
 * address, a name, a username, a provider key, a signature, an error message or a credit request's
 * parameters. Learner and course ids are the host's own (pseudonymous) ids.
 */
export type CreditObservation =
  | {
      /** A command finished (its answer is a value: `ok`, or an error code). */
      readonly type: "command";
      readonly command: CreditCommandName;
      readonly learnerId?: string;
      readonly courseId?: string;
      /** The provider a callback route named. */
      readonly providerId?: string;
      readonly outcome: "ok" | "error";
      readonly errorCode?: ErrorCode;
      readonly durationMs: number;
    }
  | {
      /** An event was stored in a learner's log (`version` is the log's length with it). */
      readonly type: "event-stored";
      readonly event: JourneyEvent["type"];
      readonly learnerId: LearnerId;
      readonly courseId: CourseId;
      readonly version: number;
    }
  | {
      /** Eligibility was granted (once per learner and course), with its purchase deadline. */
      readonly type: "eligibility-granted";
      readonly learnerId: LearnerId;
      readonly courseId: CourseId;
      readonly deadline: string;
    }
  | {
      /** Another writer changed the learner's log first; the command starts again when `retrying`. */
      readonly type: "version-conflict";
      readonly learnerId: LearnerId;
      readonly courseId: CourseId;
      /** The attempt that lost (1 for the first). */
      readonly attempt: number;
      readonly retrying: boolean;
    }
  | ({ readonly type: "outbox-attempt" } & OutboxMessageRef)
  | ({ readonly type: "outbox-delivered"; readonly durationMs: number } & OutboxMessageRef)
  | ({
      readonly type: "outbox-failed";
      readonly errorCode: OutboxFailureCode;
      /** When the message will be tried again. */
      readonly retryAt: string;
      readonly durationMs: number;
    } & OutboxMessageRef)
  | {
      /** A provider callback was judged: applied (`recorded`), a no-op, or refused with an error code. */
      readonly type: "callback-verdict";
      /** The provider the route named, when it is a well-formed provider id. */
      readonly providerId?: string;
      /** The credit request, once the callback is authentic. */
      readonly requestId?: RequestId;
      readonly verdict: "recorded" | "duplicate" | "acknowledged" | ErrorCode;
      readonly status?: "pending" | "approved" | "rejected";
      readonly durationMs: number;
    };

/** Receives observation records. It may throw or reject: the service ignores it and carries on. */
export type CreditObserver = (record: CreditObservation) => void | Promise<void>;

/** The observing half of the service options (see `CreditServiceOptions`). */
export interface ObserveOptions {
  readonly observe?: CreditObserver;
  readonly timer?: () => number;
}

const zero = (): number => 0;

/** Internal: the monotonic clock of durations; only read when someone observes. */
function timerOf(options: ObserveOptions): () => number {
  return options.timer ?? (() => globalThis.performance?.now() ?? 0);
}

/** Internal: starts measuring a duration (costs nothing without an observer). */
export function startTimer(options: ObserveOptions): () => number {
  if (options.observe === undefined) return zero;
  const timer = timerOf(options);
  const start = timer();
  return () => Math.max(0, timer() - start);
}

/** Internal: hands one record to the observer; nothing it does (throw, reject) reaches the command. */
export function notify(options: ObserveOptions, record: CreditObservation): void {
  const observe = options.observe;
  if (observe === undefined) return;
  try {
    const returned: unknown = observe(record);
    if (returned instanceof Promise) returned.catch(() => undefined);
  } catch {
    // An observer is never allowed to break a command.
  }
}

/** Internal: the outbox fields of a delivery record. */
export function messageRef(m: OutboxMessage): OutboxMessageRef {
  const ref = { messageId: m.id, kind: m.payload.kind, learnerId: m.learnerId, courseId: m.courseId, attempt: m.attempts + 1 };
  return m.payload.kind === "email" ? { ...ref, template: m.payload.email.template } : ref;
}

/** Internal: the records of a successful append. */
export function notifyStored(options: ObserveOptions, learnerId: LearnerId, courseId: CourseId, events: readonly JourneyEvent[], version: number): void {
  events.forEach((e, i) => {
    notify(options, { type: "event-stored", event: e.type, learnerId, courseId, version: version + i + 1 });
    if (e.type === "eligibility-granted") notify(options, { type: "eligibility-granted", learnerId, courseId, deadline: e.deadline.toISOString() });
  });
}

/** How a command's arguments name the learner, course or provider: `lc` (learner, course), `p`, `c`, or nothing. */
const COMMANDS: Readonly<Record<CreditCommandName, "lc" | "p" | "c" | "">> = {
  recordEvent: "lc",
  enroll: "lc",
  changeEnrollmentMode: "lc",
  unenroll: "lc",
  recordInitialVerification: "lc",
  updateGrade: "lc",
  recordExamAttempt: "lc",
  recordExamGrade: "lc",
  recordExamReview: "lc",
  recordReverification: "lc",
  recordRequirement: "lc",
  extendDeadline: "lc",
  startCheckout: "lc",
  recordPaymentResult: "lc",
  requestCredit: "lc",
  handleProviderCallback: "p",
  recordDecision: "lc",
  refund: "lc",
  dispatchOutbox: "",
  sendDueReminders: "",
  recomputeCourse: "c",
};

/** Internal: an id argument, if it is a usable id string. */
function idArg(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 && value.length <= 255 ? value : undefined;
}

/** Internal: a provider id from a route, if it is well formed (DOMAIN.md §7). */
export function providerArg(value: unknown): string | undefined {
  return typeof value === "string" && /^[A-Za-z0-9-]{1,255}$/.test(value) ? value : undefined;
}

function idsOf(shape: "lc" | "p" | "c" | "", args: readonly unknown[]): { learnerId?: string; courseId?: string; providerId?: string } {
  const out: { learnerId?: string; courseId?: string; providerId?: string } = {};
  const set = (key: "learnerId" | "courseId" | "providerId", value: string | undefined): void => {
    if (value !== undefined) out[key] = value;
  };
  if (shape === "lc") {
    set("learnerId", idArg(args[0]));
    set("courseId", idArg(args[1]));
  } else if (shape === "c") set("courseId", idArg(args[0]));
  else if (shape === "p") set("providerId", providerArg(args[0]));
  return out;
}

type AnyMethod = (...args: never[]) => Promise<Result<unknown>>;

/**
 * Internal: wraps every command of a service so that each answer is reported as a `command`
 * record with its duration. Only called when there is an observer.
 */
export function observeCommands<S extends object>(service: S, options: ObserveOptions): S {
  const out: Record<string, unknown> = { ...(service as Record<string, unknown>) };
  for (const [name, shape] of Object.entries(COMMANDS) as [CreditCommandName, "lc" | "p" | "c" | ""][]) {
    const method = (service as Record<string, unknown>)[name] as AnyMethod | undefined;
    if (typeof method !== "function") continue;
    out[name] = async (...args: never[]) => {
      const elapsed = startTimer(options);
      const result = await method(...args);
      notify(options, {
        type: "command",
        command: name,
        ...idsOf(shape, args),
        outcome: result.ok ? "ok" : "error",
        ...(result.ok ? {} : { errorCode: result.error.code }),
        durationMs: elapsed(),
      });
      return result;
    };
  }
  return out as S;
}

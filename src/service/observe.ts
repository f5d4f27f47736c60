import type { CourseId, LearnerId, RequestId } from "../ids/index.js";
import type { JourneyEvent } from "../journey/record.js";
import type { EmailTemplate } from "../notifications/index.js";
import type { OutboxMessage, OutboxPayload } from "../ports/index.js";
import type { ErrorCode, Result } from "../result/index.js";
import type { CallbackOutcome } from "./commands.js";
import type { CreditService } from "./index.js";

/** The service methods that change something, as `command` records name them (queries are not observed). */
export type CreditCommandName = Exclude<keyof CreditService, "getState" | "progress" | "dashboard" | "checkoutOptions">;

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

/** Internal: starts measuring a duration on the monotonic timer, read only when someone observes. */
export function startTimer(options: ObserveOptions): () => number {
  const timer = options.observe === undefined ? () => 0 : (options.timer ?? (() => globalThis.performance?.now() ?? 0));
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

/** The service methods that only read: not observed. */
const QUERIES = /^(getState|progress|dashboard|checkoutOptions)$/;

/** Internal: a provider id from a route, if it is well formed (docs/rules.md §7). */
function providerArg(value: unknown): string | undefined {
  return typeof value === "string" && /^[A-Za-z0-9-]{1,255}$/.test(value) ? value : undefined;
}

/**
 * Internal: wraps every command of a service so that each answer is reported as a `command`
 * record with its duration (and a provider callback's as a `callback-verdict` too). Only called
 * when there is an observer.
 */
export function observeCommands<S extends object>(service: S, options: ObserveOptions): S {
  const out: Record<string, unknown> = { ...(service as Record<string, unknown>) };
  for (const [name, method] of Object.entries(service) as [CreditCommandName, (...a: unknown[]) => Promise<Result<unknown>>][]) {
    if (QUERIES.test(name)) continue;
    out[name] = async (...args: unknown[]) => {
      const elapsed = startTimer(options);
      const r = await method(...args);
      const [l, c] = args;
      const durationMs = elapsed();
      notify(options, {
        type: "command",
        command: name,
        ...(typeof l === "string" && typeof c === "string" ? { learnerId: l, courseId: c } : {}),
        outcome: r.ok ? "ok" : "error",
        ...(r.ok ? {} : { errorCode: r.error.code }),
        durationMs,
      });
      if (name === "handleProviderCallback") {
        const route = providerArg(l);
        const v = r.ok ? (r.value as CallbackOutcome) : undefined;
        notify(
          options,
          v === undefined
            ? { type: "callback-verdict", ...(route === undefined ? {} : { providerId: route }), verdict: (r as { error: { code: ErrorCode } }).error.code, durationMs }
            : { type: "callback-verdict", providerId: v.providerId, requestId: v.requestId, verdict: v.result, status: v.status, durationMs },
        );
      }
      return r;
    };
  }
  return out as S;
}

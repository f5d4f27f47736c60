import type { CourseId } from "../ids/index.js";
import type { Result } from "../result/index.js";
import type { CreditService } from "../service/index.js";

/**
 * The timer functions a worker schedules its runs with (default: the global `setTimeout` and
 * `clearTimeout`). Inject fake ones to drive a worker from a test clock.
 *
 * @example
 * ```ts
 * import type { WorkerTimers } from "academic-credit";
 * const timers: WorkerTimers = { setTimeout: (run, ms) => setTimeout(run, ms), clearTimeout: (handle) => clearTimeout(handle as number) };
 * ```
 */
export interface WorkerTimers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The two loops of a worker. */
export type CreditWorkerLoop = "outbox" | "reminders";

/** A failed run, as `onError` receives it. */
export interface CreditWorkerFailure {
  readonly loop: CreditWorkerLoop;
  /** The `{ code, message }` the run answered, or what it threw. */
  readonly error: unknown;
  /** Failures in a row, this one included. */
  readonly failures: number;
  /** How long the loop waits before its next run. */
  readonly retryInMs: number;
}

/**
 * Options of {@link startCreditWorker}.
 *
 * @example
 * ```ts
 * import type { CreditWorkerOptions } from "academic-credit";
 * const options: CreditWorkerOptions = { outboxEvery: 5_000, remindersEvery: 3_600_000, signal: AbortSignal.timeout(60_000) };
 * ```
 */
export interface CreditWorkerOptions {
  /** Milliseconds between the end of one `dispatchOutbox` run and the start of the next (default 5 s); `false` turns the loop off. */
  readonly outboxEvery?: number | false;
  /** Milliseconds between `sendDueReminders` runs (default 1 h); `false` turns the loop off. */
  readonly remindersEvery?: number | false;
  /** The courses whose reminders to send (default: every catalog course). */
  readonly courseIds?: readonly CourseId[];
  /**
   * The longest wait after failures (default 5 min, never less than the loop's interval): after
   * `n` failures in a row a loop waits `min(interval × 2ⁿ, maxBackoffMs)`; a success resets it.
   */
  readonly maxBackoffMs?: number;
  /** Aborting it stops the worker cleanly (see {@link CreditWorker.stopped}). */
  readonly signal?: AbortSignal;
  /** Called on every failed run (a `Result` error or a throw); what it throws is ignored. */
  readonly onError?: (failure: CreditWorkerFailure) => void;
  /** Timer functions (default: the global ones). */
  readonly timers?: WorkerTimers;
}

/** What a worker did, counted from its start. */
export interface CreditWorkerSummary {
  readonly outbox: { readonly runs: number; readonly failures: number; readonly delivered: number; readonly failed: number };
  readonly reminders: { readonly runs: number; readonly failures: number; readonly queued: number };
}

/** A running worker. */
export interface CreditWorker {
  /**
   * Resolves once the worker has stopped: the run in flight (if any) finished its current message
   * or learner and handed the rest back, and no timer is left.
   */
  readonly stopped: Promise<CreditWorkerSummary>;
  /** Stops the worker (as aborting `signal` does) and answers {@link CreditWorker.stopped}. */
  stop(): Promise<CreditWorkerSummary>;
}

const defaultTimers: WorkerTimers = {
  setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

function interval(name: string, value: number | false | undefined, fallback: number): number | false {
  const v = value ?? fallback;
  if (v !== false && !(typeof v === "number" && Number.isFinite(v) && v > 0)) {
    throw new RangeError(`startCreditWorker: ${name} must be a positive number of milliseconds or false`);
  }
  return v;
}

/** Waits `ms`, or less if `signal` aborts first; never leaves a timer behind. */
function sleep(ms: number, signal: AbortSignal, timers: WorkerTimers): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    };
    const handle = timers.setTimeout(done, ms);
    const onAbort = (): void => {
      timers.clearTimeout(handle);
      done();
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

interface LoopSpec<R> {
  readonly loop: CreditWorkerLoop;
  readonly every: number;
  readonly run: (signal: AbortSignal) => Promise<Result<R>>;
  readonly count: { runs: number; failures: number };
  readonly onSuccess: (value: R) => void;
}

async function runLoop<R>(spec: LoopSpec<R>, signal: AbortSignal, options: CreditWorkerOptions, timers: WorkerTimers): Promise<void> {
  const cap = Math.max(spec.every, options.maxBackoffMs ?? 300_000);
  let failures = 0;
  while (!signal.aborted) {
    let error: unknown;
    let ok = false;
    try {
      const r = await spec.run(signal);
      if (r.ok) {
        ok = true;
        spec.onSuccess(r.value);
      } else error = r.error;
    } catch (cause) {
      error = cause;
    }
    spec.count.runs++;
    let wait = spec.every;
    if (ok) failures = 0;
    else {
      failures++;
      spec.count.failures++;
      wait = Math.min(spec.every * 2 ** failures, cap);
      try {
        options.onError?.({ loop: spec.loop, error, failures, retryInMs: wait });
      } catch {
        // A failing error handler must not stop the loop.
      }
    }
    await sleep(wait, signal, timers);
  }
}

/**
 * Starts the service's two background loops: `dispatchOutbox` (emails, refunds, automatic credit
 * requests) every `outboxEvery` and `sendDueReminders` every `remindersEvery`. Each loop runs at
 * once, then waits its interval after each run ends, so runs of one loop never overlap. A failed
 * run (a `Result` error or a throw) is reported to `onError` and the loop backs off exponentially
 * (bounded by `maxBackoffMs`) until a run succeeds.
 *
 * Aborting `signal` (or calling `stop()`) stops cleanly: a sleeping loop wakes and ends, a running
 * one finishes the message or learner in hand, hands the rest of its claimed batch back untried
 * (due again at once, so nothing waits for a lease) and ends; no message is sent twice by a stop.
 * `stopped` resolves when both loops have ended. Several workers may run against one store.
 *
 * @param service - the credit service (only `dispatchOutbox` and `sendDueReminders` are used).
 * @param options - intervals, back-off, stop signal, error hook, timers.
 * @returns the running worker.
 * @throws RangeError when an interval is not a positive number or `false` (a programming error).
 * @example
 * ```ts
 * import { createCreditService, startCreditWorker } from "academic-credit";
 * import {
 *   createManualClock, createMemoryCatalog, createMemoryMailer, createMemoryPaymentGateway,
 *   createMemoryProviderKeys, createMemoryStore, createSequentialIds,
 * } from "academic-credit/adapters/memory";
 *
 * const service = createCreditService({
 *   store: createMemoryStore(), payments: createMemoryPaymentGateway(), mailer: createMemoryMailer(),
 *   clock: createManualClock(new Date("2026-01-10T09:00:00Z")), ids: createSequentialIds(),
 *   keys: createMemoryProviderKeys(), catalog: createMemoryCatalog(),
 * });
 * const shutdown = new AbortController();
 * const worker = startCreditWorker(service, { outboxEvery: 5_000, remindersEvery: 3_600_000, signal: shutdown.signal });
 * // on SIGTERM:
 * shutdown.abort();
 * const summary = await worker.stopped;
 * summary.outbox.runs; // 1
 * ```
 */
export function startCreditWorker(service: Pick<CreditService, "dispatchOutbox" | "sendDueReminders">, options: CreditWorkerOptions = {}): CreditWorker {
  const outboxEvery = interval("outboxEvery", options.outboxEvery, 5_000);
  const remindersEvery = interval("remindersEvery", options.remindersEvery, 3_600_000);
  const timers = options.timers ?? defaultTimers;
  const controller = new AbortController();
  const external = options.signal;
  const abort = (): void => controller.abort();
  if (external?.aborted === true) abort();
  else external?.addEventListener("abort", abort, { once: true });

  const outbox = { runs: 0, failures: 0, delivered: 0, failed: 0 };
  const reminders = { runs: 0, failures: 0, queued: 0 };
  const loops: Promise<void>[] = [];
  if (outboxEvery !== false) {
    loops.push(
      runLoop(
        {
          loop: "outbox",
          every: outboxEvery,
          run: (signal) => service.dispatchOutbox({ signal }),
          count: outbox,
          onSuccess: (r) => {
            outbox.delivered += r.delivered;
            outbox.failed += r.failed;
          },
        },
        controller.signal,
        options,
        timers,
      ),
    );
  }
  if (remindersEvery !== false) {
    loops.push(
      runLoop(
        {
          loop: "reminders",
          every: remindersEvery,
          run: (signal) => service.sendDueReminders(options.courseIds, { signal }),
          count: reminders,
          onSuccess: (r) => {
            reminders.queued += r.queued;
          },
        },
        controller.signal,
        options,
        timers,
      ),
    );
  }
  const stopped = Promise.all(loops).then((): CreditWorkerSummary => {
    external?.removeEventListener("abort", abort);
    return { outbox: { ...outbox }, reminders: { ...reminders } };
  });
  return {
    stopped,
    stop() {
      abort();
      return stopped;
    },
  };
}

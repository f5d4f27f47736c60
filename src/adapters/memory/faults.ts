/**
 * Fault injection shared by the in-memory adapters: fail the next N calls, or delay every call.
 *
 * @example
 * ```ts
 * import { createMemoryMailer } from "academic-credit/adapters/memory";
 * const mailer = createMemoryMailer();
 * mailer.faults.failNext(3); // the next three sends reject
 * ```
 */
export interface FaultInjector {
  /** Make the next `count` calls reject (with `message`, default "injected fault"). */
  failNext(count: number, message?: string): void;
  /** Delay every call by `ms` milliseconds (0 to stop). */
  delay(ms: number): void;
  /** Make every call hang until `release()` is called. */
  hang(): void;
  /** Release calls held by `hang()`. */
  release(): void;
  /** Calls made so far (including failed ones). */
  readonly calls: number;
}

/** Internal: the injector plus the hook adapters call at the start of each operation. */
export interface FaultController extends FaultInjector {
  run(): Promise<void>;
}

/** Creates a fault controller. Internal to the memory adapters. */
export function createFaults(): FaultController {
  let failures = 0;
  let failMessage = "injected fault";
  let delayMs = 0;
  let hanging = false;
  let waiters: (() => void)[] = [];
  let calls = 0;
  return {
    failNext(count, message = "injected fault") {
      failures = Math.max(0, Math.floor(count));
      failMessage = message;
    },
    delay(ms) {
      delayMs = Math.max(0, ms);
    },
    hang() {
      hanging = true;
    },
    release() {
      hanging = false;
      const w = waiters;
      waiters = [];
      for (const f of w) f();
    },
    get calls() {
      return calls;
    },
    async run() {
      calls++;
      if (hanging) await new Promise<void>((resolve) => waiters.push(resolve));
      if (delayMs > 0) await new Promise<void>((resolve) => setTimeout(resolve, delayMs));
      if (failures > 0) {
        failures--;
        throw new Error(failMessage);
      }
    },
  };
}

import { describe, expect, it } from "vitest";
import { toLearnerId } from "../../src/ids/index.js";
import type { LearnerProfile } from "../../src/ports/index.js";
import { err, ok, type Result } from "../../src/result/index.js";
import type { DispatchOptions, DispatchReport, ReminderOptions, ReminderReport } from "../../src/service/index.js";
import { startCreditWorker, type CreditWorkerFailure, type WorkerTimers } from "../../src/worker/index.js";
import { ada, COURSE, makeEligible, setup } from "../service/harness.js";

/** Lets every pending promise callback run (a real macrotask turn). */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A test clock: timers fire only when `advance` moves time past them, in time order. */
function fakeTimers() {
  let now = 0;
  let seq = 0;
  const pending = new Map<number, { at: number; run: () => void }>();
  const timers: WorkerTimers = {
    setTimeout(run, ms) {
      const id = ++seq;
      pending.set(id, { at: now + ms, run });
      return id;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
  };
  return {
    timers,
    now: () => now,
    pending: () => pending.size,
    async advance(ms: number) {
      const end = now + ms;
      for (;;) {
        await flush();
        const next = [...pending.entries()].sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (next === undefined || next[1].at > end) break;
        pending.delete(next[0]);
        now = next[1].at;
        next[1].run();
      }
      now = end;
      await flush();
    },
  };
}

const report = (delivered = 0): DispatchReport => ({ attempted: delivered, delivered, failed: 0 });

/** A scripted service: each call takes the next scripted answer (or waits for the test to settle it). */
function scriptedService(clock: { now: () => number }) {
  const outboxCalls: number[] = [];
  const reminderCalls: number[] = [];
  const signals: AbortSignal[] = [];
  let outboxScript: (() => Promise<Result<DispatchReport>>)[] = [];
  let held: ((r: Result<DispatchReport>) => void) | undefined;
  return {
    outboxCalls,
    reminderCalls,
    signals,
    script(...answers: (() => Promise<Result<DispatchReport>>)[]) {
      outboxScript = answers;
    },
    /** The next call waits until `settle` is called. */
    hold() {
      outboxScript.unshift(() => new Promise((resolve) => (held = resolve)));
    },
    settle(r: Result<DispatchReport>) {
      held?.(r);
      held = undefined;
    },
    service: {
      dispatchOutbox(options?: DispatchOptions): Promise<Result<DispatchReport>> {
        outboxCalls.push(clock.now());
        if (options?.signal !== undefined) signals.push(options.signal);
        return (outboxScript.shift() ?? (async () => ok(report(1))))();
      },
      async sendDueReminders(_courses?: unknown, _options?: ReminderOptions): Promise<Result<ReminderReport>> {
        reminderCalls.push(clock.now());
        return ok({ learners: 1, queued: 2 });
      },
    },
  };
}

describe("startCreditWorker on a fake clock", () => {
  it("runs each loop at once, then one interval after each run ends", async () => {
    const clock = fakeTimers();
    const s = scriptedService(clock);
    const worker = startCreditWorker(s.service, { outboxEvery: 1000, remindersEvery: 5000, timers: clock.timers });
    await clock.advance(5500);
    expect(s.outboxCalls).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
    expect(s.reminderCalls).toEqual([0, 5000]);
    const summary = await worker.stop();
    expect(summary).toEqual({ outbox: { runs: 6, failures: 0, delivered: 6, failed: 0 }, reminders: { runs: 2, failures: 0, queued: 4 } });
    expect(clock.pending()).toBe(0);
  });

  it("never overlaps two runs of a loop: a slow run pushes the next one back", async () => {
    const clock = fakeTimers();
    const s = scriptedService(clock);
    s.hold();
    const worker = startCreditWorker(s.service, { outboxEvery: 1000, remindersEvery: false, timers: clock.timers });
    await clock.advance(10_000);
    expect(s.outboxCalls).toEqual([0]);
    s.settle(ok(report()));
    await clock.advance(1000);
    expect(s.outboxCalls).toEqual([0, 11_000]);
    await worker.stop();
  });

  it("backs off exponentially on errors and throws, up to maxBackoffMs, and resets on success", async () => {
    const clock = fakeTimers();
    const s = scriptedService(clock);
    const failures: CreditWorkerFailure[] = [];
    s.script(
      async () => err("unavailable", "The store failed"),
      async () => {
        throw new Error("connection reset");
      },
      async () => err("unavailable", "The store failed"),
      async () => err("unavailable", "The store failed"),
      async () => err("unavailable", "The store failed"),
    );
    const worker = startCreditWorker(s.service, {
      outboxEvery: 1000,
      remindersEvery: false,
      maxBackoffMs: 8000,
      timers: clock.timers,
      onError: (f) => void failures.push(f),
    });
    await clock.advance(40_000);
    expect(s.outboxCalls.slice(0, 8)).toEqual([0, 2000, 6000, 14_000, 22_000, 30_000, 31_000, 32_000]);
    expect(failures.map((f) => [f.failures, f.retryInMs])).toEqual([
      [1, 2000],
      [2, 4000],
      [3, 8000],
      [4, 8000],
      [5, 8000],
    ]);
    expect(failures[1]?.error).toBeInstanceOf(Error);
    expect(failures[0]?.error).toMatchObject({ code: "unavailable" });
    const summary = await worker.stop();
    expect(summary.outbox.failures).toBe(5);
  });

  it("keeps going when onError itself throws", async () => {
    const clock = fakeTimers();
    const s = scriptedService(clock);
    s.script(async () => err("unavailable", "down"));
    const worker = startCreditWorker(s.service, {
      outboxEvery: 1000,
      remindersEvery: false,
      timers: clock.timers,
      onError: () => {
        throw new Error("logger down");
      },
    });
    await clock.advance(3000);
    expect(s.outboxCalls).toEqual([0, 2000, 3000]);
    await worker.stop();
  });

  it("stops at once on abort while sleeping, leaving no timer", async () => {
    const clock = fakeTimers();
    const s = scriptedService(clock);
    const shutdown = new AbortController();
    const worker = startCreditWorker(s.service, { outboxEvery: 1000, remindersEvery: 60_000, timers: clock.timers, signal: shutdown.signal });
    await clock.advance(1500);
    shutdown.abort();
    const summary = await worker.stopped;
    expect(summary.outbox.runs).toBe(2);
    expect(clock.pending()).toBe(0);
    await clock.advance(10_000);
    expect(s.outboxCalls).toEqual([0, 1000]);
  });

  it("on abort during a run: hands the run the aborted signal, waits for it, starts no other", async () => {
    const clock = fakeTimers();
    const s = scriptedService(clock);
    s.hold();
    const shutdown = new AbortController();
    const worker = startCreditWorker(s.service, { outboxEvery: 1000, remindersEvery: false, timers: clock.timers, signal: shutdown.signal });
    let stopped = false;
    void worker.stopped.then(() => (stopped = true));
    await clock.advance(10);
    shutdown.abort();
    await clock.advance(5000);
    expect(stopped).toBe(false);
    expect(s.signals[0]?.aborted).toBe(true);
    s.settle(ok({ attempted: 1, delivered: 1, failed: 0, released: 4 }));
    const summary = await worker.stopped;
    expect(summary.outbox).toEqual({ runs: 1, failures: 0, delivered: 1, failed: 0 });
    expect(s.outboxCalls).toEqual([0]);
  });

  it("starts nothing when the signal is already aborted, and a loop set to false never runs", async () => {
    const clock = fakeTimers();
    const s = scriptedService(clock);
    const summary = await startCreditWorker(s.service, { timers: clock.timers, signal: AbortSignal.abort() }).stopped;
    expect(summary.outbox.runs + summary.reminders.runs).toBe(0);
    const off = startCreditWorker(s.service, { outboxEvery: false, remindersEvery: 1000, timers: clock.timers });
    await clock.advance(2000);
    expect(s.outboxCalls).toEqual([]);
    expect(s.reminderCalls).toEqual([0, 1000, 2000]);
    await off.stop();
  });

  it("refuses an interval that is not a positive number of milliseconds", () => {
    const s = scriptedService({ now: () => 0 });
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => startCreditWorker(s.service, { outboxEvery: bad })).toThrow(RangeError);
    }
  });
});

describe("startCreditWorker with real timers and the real service", () => {
  const learners: LearnerProfile[] = Array.from({ length: 5 }, (_, i) => ({ ...ada, id: toLearnerId(`learner-${i}`), email: `learner-${i}@example.org` }));

  async function eligibleCourse() {
    const h = setup({ learners });
    for (const l of learners) await makeEligible(h, l.id);
    return h;
  }

  async function until(condition: () => boolean, ms = 3000) {
    const end = performance.now() + ms;
    while (!condition()) {
      if (performance.now() > end) throw new Error("timed out waiting");
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  it("delivers what is queued on its own, at short intervals, and stops on abort", async () => {
    const h = await eligibleCourse();
    const shutdown = new AbortController();
    const worker = startCreditWorker(h.service, { outboxEvery: 5, remindersEvery: 5, signal: shutdown.signal });
    await until(() => h.mailer.delivered.length === 5);
    shutdown.abort();
    const summary = await worker.stopped;
    expect(summary.outbox.delivered).toBe(5);
    expect(summary.outbox.runs).toBeGreaterThanOrEqual(1);
    expect(summary.reminders.runs).toBeGreaterThanOrEqual(1);
  });

  it("a clean stop mid-batch finishes the message in flight, hands the rest back, and sends nothing twice", async () => {
    const h = await eligibleCourse();
    h.mailer.faults.delay(40);
    const shutdown = new AbortController();
    const worker = startCreditWorker(h.service, { outboxEvery: 5, remindersEvery: false, signal: shutdown.signal });
    await until(() => h.mailer.delivered.length === 1);
    shutdown.abort();
    const summary = await worker.stopped;
    const sentByWorker = h.mailer.delivered.length;
    expect(summary.outbox.delivered).toBe(sentByWorker);
    expect(sentByWorker).toBeGreaterThanOrEqual(1);
    expect(sentByWorker).toBeLessThan(5);
    // Handed back as they were: no attempt counted, no error recorded.
    const outbox = (await Promise.all(learners.map((l) => h.store.listOutbox(l.id, COURSE)))).flat();
    const untried = outbox.filter((m) => m.deliveredAt === undefined);
    expect(untried).toHaveLength(5 - sentByWorker);
    for (const m of untried) expect({ attempts: m.attempts, lastError: m.lastError }).toEqual({ attempts: 0, lastError: undefined });
    // The rest is due again at once for the next dispatcher: no lease to wait for.
    h.mailer.faults.delay(0);
    const next = await h.service.dispatchOutbox();
    expect(next).toEqual({ ok: true, value: { attempted: 5 - sentByWorker, delivered: 5 - sentByWorker, failed: 0 } });
    expect(h.mailer.delivered.length).toBe(5);
    expect(h.mailer.sendCalls).toBe(5);
  });
});

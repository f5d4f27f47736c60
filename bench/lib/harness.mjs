// Interleaved timing: our code and its baseline run in alternating rounds in the same process,
// so both see the same CPU frequency, JIT state and neighbours; the report uses medians.
//
// Each batch is timed twice: on the wall clock and by the process's CPU time (user + system,
// all threads). The CPU time is the primary figure: on a shared machine the wall clock also
// counts the time other processes held the core. Both are reported.

import { performance } from "node:perf_hooks";

/** Keeps results alive so the JIT cannot drop the work that produced them. */
export const sink = { value: undefined, count: 0 };

function consume(v) {
  sink.value = v;
  sink.count++;
}

function cpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Runs `n` ops; answers `{ wall, cpu }` in ms. */
async function timeBatch(fn, isAsync, n) {
  const c0 = cpuMs();
  const w0 = performance.now();
  if (isAsync) {
    for (let i = 0; i < n; i++) consume(await fn(i));
  } else {
    for (let i = 0; i < n; i++) consume(fn(i));
  }
  const wall = performance.now() - w0;
  return { wall, cpu: cpuMs() - c0 };
}

async function runBatch(fn, isAsync, n) {
  return (await timeBatch(fn, isAsync, n)).wall;
}

async function isAsyncFn(fn) {
  const r = fn(0);
  const isAsync = r !== null && typeof r === "object" && typeof r.then === "function";
  if (isAsync) await r;
  return isAsync;
}

/** Ops per batch so that one batch takes about `targetMs`. */
async function calibrate(fn, isAsync, targetMs) {
  let n = 1;
  for (;;) {
    const ms = await runBatch(fn, isAsync, n);
    if (ms >= targetMs / 4 || n >= 1 << 24) return Math.max(1, Math.round((n * targetMs) / Math.max(ms, 1e-3)));
    n *= 4;
  }
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Times `ours` against `baseline`, interleaved: `rounds` rounds, each timing one batch of each
 * (the order flips every round). Time per op of each side is the median over rounds; the
 * slowdown is ours / baseline.
 *
 * @param {object} o
 * @param {(i: number) => unknown} o.ours
 * @param {(i: number) => unknown} o.baseline
 * @param {number} [o.rounds]
 * @param {number} [o.batchMs] target duration of one batch
 * @param {number} [o.warmupMs]
 * @param {number} [o.scale] multiply ms/op by this for the reported unit (1000 → µs)
 * @param {string} [o.unit]
 */
export async function compare({ ours, baseline, rounds = 21, batchMs = 40, warmupMs = 300, scale = 1000, unit = "µs/op" }) {
  const sides = [
    { name: "ours", fn: ours },
    { name: "baseline", fn: baseline },
  ];
  for (const s of sides) {
    s.isAsync = await isAsyncFn(s.fn);
    const until = performance.now() + warmupMs;
    while (performance.now() < until) await runBatch(s.fn, s.isAsync, 64);
    s.batch = await calibrate(s.fn, s.isAsync, batchMs);
    s.cpu = [];
    s.wall = [];
  }
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? sides : [...sides].reverse();
    for (const s of order) {
      const t = await timeBatch(s.fn, s.isAsync, s.batch);
      s.cpu.push(t.cpu / s.batch);
      s.wall.push(t.wall / s.batch);
    }
  }
  const [o, b] = sides;
  const oursMs = median(o.cpu);
  const baseMs = median(b.cpu);
  const ratios = o.cpu.map((v, i) => v / b.cpu[i]);
  const wallOurs = median(o.wall);
  const wallBase = median(b.wall);
  return {
    slowdown: round(oursMs / baseMs, 3),
    ours: round(oursMs * scale, 4),
    baseline: round(baseMs * scale, 4),
    unit,
    opsPerSecond: Math.round(1000 / oursMs),
    baselineOpsPerSecond: Math.round(1000 / baseMs),
    clock: "cpu",
    wall: { slowdown: round(wallOurs / wallBase, 3), ours: round(wallOurs * scale, 4), baseline: round(wallBase * scale, 4) },
    rounds,
    opsPerBatch: { ours: o.batch, baseline: b.batch },
    roundRatio: { min: round(Math.min(...ratios), 3), median: round(median(ratios), 3), max: round(Math.max(...ratios), 3) },
  };
}

/** Median CPU time per op (ms) of one function, for the scaling tables (no baseline). */
export async function timeOne(fn, { rounds = 9, batchMs = 40, warmupMs = 200 } = {}) {
  const isAsync = await isAsyncFn(fn);
  const until = performance.now() + warmupMs;
  while (performance.now() < until) await runBatch(fn, isAsync, 16);
  const batch = await calibrate(fn, isAsync, batchMs);
  const samples = [];
  for (let r = 0; r < rounds; r++) samples.push((await timeBatch(fn, isAsync, batch)).cpu / batch);
  return median(samples);
}

export function round(x, digits) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

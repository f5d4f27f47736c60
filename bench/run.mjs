// Benchmarks of the built package (dist/) against same-run baselines. See docs/performance.md.
//
//   npm run bench                       every benchmark and the scaling tables → bench/results.json
//   node --expose-gc bench/run.mjs --only=replay,eligibility --quick   (partial → bench/.tmp/)
//   node --expose-gc bench/run.mjs --only=http --merge   (replace those entries in bench/results.json)
//   options: --only=<names> --learners=<n> --processes=<n> --quick --check (exit 1 when a goal is missed) --merge

import { execFileSync } from "node:child_process";
import { createHmac, webcrypto } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";

import * as lib from "../dist/index.js";
import * as memory from "../dist/adapters/memory.js";
import { baselineStatus } from "./lib/baselines.mjs";
import {
  NOW,
  PROVIDERS,
  learnerProfile,
  mustParse,
  policyInput,
  serviceJourney,
  storedLog,
} from "./lib/fixtures.mjs";
import { compare, median, round, sink, timeOne } from "./lib/harness.mjs";
import { benchHttp } from "./http.mjs";

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k, v ?? true];
  }),
);
const QUICK = args.quick === true;
const ONLY = typeof args.only === "string" ? new Set(args.only.split(",")) : undefined;
const LEARNERS = Number(args.learners ?? (QUICK ? 20_000 : 100_000));
const wanted = (name) => ONLY === undefined || ONLY.has(name);

if (typeof globalThis.gc !== "function") {
  console.error("Run with node --expose-gc (npm run bench does).");
  process.exit(2);
}
const gc = () => {
  globalThis.gc();
  globalThis.gc();
};
const MB = 1024 * 1024;
const heapUsed = () => process.memoryUsage().heapUsed;

const GOALS = { eligibility: 4, replay: 1, "recompute-course": 2, "verify-callback": 2, "verify-callback-webcrypto": 2 };
const HEAP_GOAL_MB = 100;

const log = (...a) => console.log(...a);
const results = {};

function withGoal(name, r) {
  const goal = GOALS[name];
  return { ...r, goal, met: r.slowdown <= goal };
}

// ---------------------------------------------------------------------------------------------
// Fixtures shared by several benchmarks

const policy6 = mustParse(lib.parsePolicy(policyInput(6)));
const learnerId = lib.toLearnerId("learner-1");

function baselineFor(policy) {
  const opts = {
    endsAt: policy.endsAt,
    eligibleModes: policy.eligibleModes,
    requireInitialVerification: policy.requireInitialVerification,
    proctoring: policy.proctoring,
  };
  return (events, now) => baselineStatus(policy.requirements, events, now, opts);
}

/** Checks that the baseline answers what the library answers, on every learner profile. */
function checkBaseline(policy, events = 20) {
  const base = baselineFor(policy);
  for (const profile of ["in-progress", "all-but-last-custom", "complete", "failed-exam"]) {
    const stored = storedLog(lib, policy, { learnerId, profile, events, seed: 11 });
    const record = lib.replay(learnerId, policy.courseId, stored);
    const ours = lib.evaluateEligibility(policy, record, NOW).status;
    const theirs = base(stored, NOW.getTime());
    if (ours !== theirs) throw new Error(`baseline disagrees on ${profile}: library ${ours}, baseline ${theirs}`);
  }
}

// ---------------------------------------------------------------------------------------------

async function benchEligibility() {
  checkBaseline(policy6);
  const stored = storedLog(lib, policy6, { learnerId, profile: "in-progress", events: 20, seed: 3 });
  const record = lib.replay(learnerId, policy6.courseId, stored);
  const base = baselineFor(policy6);
  const now = NOW.getTime();
  const r = await compare({
    ours: () => lib.evaluateEligibility(policy6, record, NOW),
    baseline: () => base(stored, now),
    rounds: QUICK ? 7 : 21,
  });
  return withGoal("eligibility", {
    ...r,
    input: { requirements: policy6.requirements.length, events: stored.length, status: lib.evaluateEligibility(policy6, record, NOW).status },
  });
}

async function benchReplay() {
  const journey = await serviceJourney(lib, memory, { total: 40 });
  const text = JSON.stringify(journey.events.map(lib.encodeJourneyEvent));
  const r = await compare({
    ours: () => lib.replay(journey.learnerId, journey.policy.courseId, journey.events),
    baseline: () => JSON.parse(text),
    rounds: QUICK ? 7 : 21,
  });
  return withGoal("replay", {
    ...r,
    input: { events: journey.events.length, jsonBytes: Buffer.byteLength(text), eventTypes: [...new Set(journey.events.map((e) => e.type))] },
  });
}

async function benchVerify() {
  const provider = mustParse(lib.parseProviders(PROVIDERS))[0];
  const key = "asu-shared-secret-0123456789abcdef";
  const signed = { request_uuid: "557168d0f7664fe59097106c67c3f847", status: "approved", timestamp: "1434631630" };
  const signature = await lib.signEdxV1(signed, key);
  const body = { ...signed, signature };
  const stored = { providerId: provider.id, status: "pending" };
  const deps = {
    providerId: "asu",
    findProvider: (id) => (id === provider.id ? provider : undefined),
    keys: () => [key],
    findRequest: () => stored,
    now: new Date("2015-06-18T12:50:00Z"),
  };
  // The text edx-v1 signs: every field but the signature, sorted by key, `key:value`, no separator.
  const message = Object.keys(signed)
    .sort()
    .map((k) => `${k}:${signed[k]}`)
    .join("");
  const bare = () => createHmac("sha256", key).update(message, "utf8").digest("hex");
  if (bare() !== signature) throw new Error("the baseline does not sign the same message");
  const first = await lib.verifyProviderCallback(body, deps);
  if (!first.ok || first.value.outcome !== "apply") throw new Error(`fixture callback refused: ${JSON.stringify(first)}`);

  const webHmac = lib.createWebCryptoHmac();
  const web = await lib.verifyProviderCallback(body, deps, { hmac: webHmac });
  if (!web.ok) throw new Error("web crypto path refused the callback");
  const encoder = new TextEncoder();
  const bareWeb = async () => {
    const k = await webcrypto.subtle.importKey("raw", encoder.encode(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    return webcrypto.subtle.sign("HMAC", k, encoder.encode(message));
  };
  const rounds = QUICK ? 7 : 21;
  const node = await compare({ ours: () => lib.verifyProviderCallback(body, deps), baseline: bare, rounds });
  const webVsNode = await compare({ ours: () => lib.verifyProviderCallback(body, deps, { hmac: webHmac }), baseline: bare, rounds });
  const webVsWeb = await compare({ ours: () => lib.verifyProviderCallback(body, deps, { hmac: webHmac }), baseline: bareWeb, rounds });
  const input = { messageBytes: Buffer.byteLength(message), keys: 1 };
  return {
    "verify-callback": withGoal("verify-callback", { ...node, path: "node:crypto (#hmac node condition)", input }),
    "verify-callback-webcrypto": withGoal("verify-callback-webcrypto", {
      ...webVsNode,
      path: "Web Crypto (hmac: createWebCryptoHmac())",
      input,
      versusBareWebCrypto: { slowdown: webVsWeb.slowdown, baseline: webVsWeb.baseline, ours: webVsWeb.ours, unit: webVsWeb.unit },
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// recompute-course

/** Learner mix of a course after a policy change that deactivates the last custom requirement. */
function profileOf(i) {
  const k = i % 20;
  if (k < 5) return "all-but-last-custom"; // 25 %: newly eligible under the new policy
  if (k < 15) return "in-progress"; // 50 %
  if (k < 18) return "complete"; // 15 %: granted long ago
  return "failed-exam"; // 10 %
}

function courseData(policyBefore, n, events) {
  const learners = [];
  const logs = [];
  for (let i = 0; i < n; i++) {
    const profile = learnerProfile(lib, i);
    learners.push(profile);
    logs.push(storedLog(lib, policyBefore, { learnerId: profile.id, profile: profileOf(i), events, seed: i + 1 }));
  }
  return { learners, logs };
}

function courseService(policyAfter, providers, data) {
  const store = memory.createMemoryStore();
  for (let i = 0; i < data.logs.length; i++) store.seed(data.learners[i].id, policyAfter.courseId, data.logs[i]);
  const service = lib.createCreditService({
    store,
    payments: memory.createMemoryPaymentGateway(),
    mailer: memory.createMemoryMailer(),
    clock: memory.createManualClock(NOW),
    ids: memory.createSequentialIds(),
    keys: memory.createMemoryProviderKeys({ asu: ["asu-shared-secret"] }),
    catalog: memory.createMemoryCatalog({ policies: [policyAfter], providers, learners: data.learners }),
  });
  return { store, service };
}

/** Learners the pure reducer would grant under the new policy: what the service must report. */
function expectedGrants(policyAfter, data) {
  let g = 0;
  for (let i = 0; i < data.logs.length; i++) {
    const record = lib.replay(data.learners[i].id, policyAfter.courseId, data.logs[i]);
    if (lib.reevaluateJourney(record, policyAfter, NOW).events.length > 0) g++;
  }
  return g;
}

/** One timed recompute (fresh store) and one timed baseline pass, `rounds` times, alternating. */
async function recomputeRounds({ requirements = 6, learners, events = 20, rounds, withBaseline = true }) {
  const lastCustom = policyInput(requirements).requirements.filter((r) => r.kind === "custom").at(-1)?.id;
  const before = mustParse(lib.parsePolicy(policyInput(requirements)));
  const after = mustParse(lib.parsePolicy(policyInput(requirements, { inactive: lastCustom ? [lastCustom] : [] })));
  const providers = mustParse(lib.parseProviders(PROVIDERS));
  const data = courseData(before, learners, events);
  const texts = withBaseline ? data.logs.map((l) => JSON.stringify(l.map(lib.encodeJourneyEvent))) : [];
  const wantGranted = expectedGrants(after, data);

  const runOurs = async () => {
    const { service } = courseService(after, providers, data);
    gc();
    const t0 = clocks();
    const r = await service.recomputeCourse(after.courseId);
    const t = since(t0);
    if (!r.ok || r.value.learners !== learners || r.value.failed !== 0 || r.value.granted !== wantGranted) {
      throw new Error(`unexpected recompute report ${JSON.stringify(r)} (expected ${wantGranted} grants)`);
    }
    return t;
  };
  const runBaseline = () => {
    gc();
    const t0 = clocks();
    for (let i = 0; i < texts.length; i++) sink.value = JSON.parse(texts[i]);
    return since(t0);
  };
  await runOurs(); // warm-up
  if (withBaseline) runBaseline();
  const ours = [];
  const base = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      ours.push(await runOurs());
      if (withBaseline) base.push(runBaseline());
    } else {
      if (withBaseline) base.push(runBaseline());
      ours.push(await runOurs());
    }
  }
  const pick = (list, k) => median(list.map((t) => t[k]));
  return {
    ours: pick(ours, "cpu"),
    baseline: withBaseline ? pick(base, "cpu") : undefined,
    wall: { ours: pick(ours, "wall"), baseline: withBaseline ? pick(base, "wall") : undefined },
    data,
    after,
    providers,
    texts,
    wantGranted,
  };
}

/** Both clocks, in ms: the process's CPU time (all threads) and the wall clock. */
function clocks() {
  const u = process.cpuUsage();
  return { cpu: (u.user + u.system) / 1000, wall: performance.now() };
}

function since(t0) {
  const t = clocks();
  return { cpu: t.cpu - t0.cpu, wall: t.wall - t0.wall };
}

async function benchRecompute() {
  const rounds = QUICK ? 3 : 7;
  const t = await recomputeRounds({ learners: LEARNERS, rounds });
  const perLearnerUs = (t.ours * 1000) / LEARNERS;
  const basePerLearnerUs = (t.baseline * 1000) / LEARNERS;

  // Heap, sampled from inside the store's learner stream (the run never yields to timers: the
  // memory adapters answer in microtasks). First run: a fresh store, where a quarter of the
  // learners are granted (events and outbox messages the store keeps). Second run: the same store
  // again, with nothing left to write.
  const { store, service } = courseService(t.after, t.providers, t.data);
  const stream = store.learnersOfCourse.bind(store);
  let peak = 0;
  let seen = 0;
  store.learnersOfCourse = async function* (courseId) {
    for await (const id of stream(courseId)) {
      if (++seen % 256 === 0) peak = Math.max(peak, heapUsed());
      yield id;
    }
  };
  const heapRun = async (expectGranted) => {
    gc();
    const before = heapUsed();
    peak = before;
    const r = await service.recomputeCourse(t.after.courseId);
    peak = Math.max(peak, heapUsed());
    if (!r.ok || r.value.granted !== expectGranted) throw new Error(`unexpected recompute report ${JSON.stringify(r)}`);
    gc();
    const after = heapUsed();
    return {
      beforeMB: round(before / MB, 1),
      peakGrowthMB: round((peak - before) / MB, 1),
      retainedGrowthMB: round((after - before) / MB, 1),
      workingSetMB: round((peak - after) / MB, 1),
    };
  };
  const first = await heapRun(t.wantGranted);
  const second = await heapRun(0);

  // For scale: the heap the stored logs themselves take (measured on 20,000 learners, scaled).
  const sample = Math.min(LEARNERS, 20_000);
  const dataHeap = (() => {
    gc();
    const h0 = heapUsed();
    const extra = courseService(t.after, t.providers, courseData(mustParse(lib.parsePolicy(policyInput(6))), sample, 20));
    gc();
    const h1 = heapUsed();
    sink.value = extra;
    return ((h1 - h0) / sample) * LEARNERS;
  })();
  sink.value = undefined;

  return withGoal("recompute-course", {
    slowdown: round(t.ours / t.baseline, 3),
    ours: round(perLearnerUs, 3),
    baseline: round(basePerLearnerUs, 3),
    unit: "µs/learner",
    opsPerSecond: Math.round(LEARNERS / (t.ours / 1000)),
    baselineOpsPerSecond: Math.round(LEARNERS / (t.baseline / 1000)),
    clock: "cpu",
    wall: {
      slowdown: round(t.wall.ours / t.wall.baseline, 3),
      ours: round((t.wall.ours * 1000) / LEARNERS, 3),
      baseline: round((t.wall.baseline * 1000) / LEARNERS, 3),
    },
    totalMs: { ours: round(t.ours, 1), baseline: round(t.baseline, 1) },
    rounds,
    input: {
      learners: LEARNERS,
      eventsPerLearner: 20,
      requirements: 6,
      newlyGranted: t.wantGranted,
      jsonBytes: t.texts.reduce((s, x) => s + x.length, 0),
    },
    heap: {
      firstRun: { ...first, grantsWritten: t.wantGranted },
      secondRun: second,
      storedLogsMB: round(dataHeap / MB, 1),
      goalMB: HEAP_GOAL_MB,
      judgedOn: "working set (peak minus what the store keeps) of the first run, and peak growth of the second run",
      met: first.workingSetMB < HEAP_GOAL_MB && second.peakGrowthMB < HEAP_GOAL_MB,
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Scaling tables: requirements per course (events fixed) and events per learner (requirements fixed)

async function scalingCell({ requirements, events }) {
  const policy = mustParse(lib.parsePolicy(policyInput(requirements)));
  const stored = storedLog(lib, policy, { learnerId, profile: "in-progress", events, seed: 5 });
  const record = lib.replay(learnerId, policy.courseId, stored);
  const evaluateMs = await timeOne(() => lib.evaluateEligibility(policy, record, NOW));
  const replayMs = await timeOne(() => lib.replay(learnerId, policy.courseId, stored));
  const learners = QUICK ? 2_000 : 10_000;
  const rc = await recomputeRounds({ requirements, learners, events, rounds: 3, withBaseline: false });
  return {
    requirements,
    events: stored.length,
    evaluateEligibilityUs: round(evaluateMs * 1000, 3),
    replayUs: round(replayMs * 1000, 3),
    recomputeUsPerLearner: round((rc.ours * 1000) / learners, 3),
  };
}

async function benchScaling() {
  const byRequirements = [];
  for (const requirements of [2, 6, 20]) byRequirements.push(await scalingCell({ requirements, events: 60 }));
  const byEvents = [];
  for (const events of [10, 40, 200]) byEvents.push(await scalingCell({ requirements: 6, events }));
  return { byRequirements, byEvents };
}

// ---------------------------------------------------------------------------------------------

function machine() {
  const cpu = (() => {
    try {
      return /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? os.cpus()[0]?.model;
    } catch {
      return os.cpus()[0]?.model;
    }
  })();
  const sh = (cmd, a) => {
    try {
      return execFileSync(cmd, a, { encoding: "utf8" }).trim();
    } catch {
      return undefined;
    }
  };
  return {
    cpu,
    nproc: Number(sh("nproc", []) ?? os.availableParallelism()),
    memory: sh("free", ["-h"]),
    totalMemoryGB: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    execArgv: process.execArgv,
  };
}

// ---------------------------------------------------------------------------------------------
// Driver. Every benchmark runs in fresh child processes, so one benchmark's JIT and heap state
// never weighs on another's; the short ones run in PROCESSES processes and the report keeps the
// process with the median slowdown (every process's slowdown is listed under `processes`).

const PROCESSES = Number(args.processes ?? (QUICK ? 1 : 3));
const CHILD_JOBS = {
  eligibility: async () => ({ eligibility: await benchEligibility() }),
  replay: async () => ({ replay: await benchReplay() }),
  "verify-callback": benchVerify,
  "recompute-course": async () => ({ "recompute-course": await benchRecompute() }),
  scaling: async () => ({ scaling: await benchScaling() }),
  http: () => benchHttp({ quick: QUICK }),
};

if (typeof args.child === "string") {
  const job = CHILD_JOBS[args.child];
  if (job === undefined) throw new Error(`unknown benchmark ${args.child}`);
  process.stdout.write(`${JSON.stringify(await job())}\n`);
  process.exit(0);
}

function runChild(name) {
  const childArgs = [...process.execArgv, fileURLToPath(import.meta.url), `--child=${name}`];
  if (QUICK) childArgs.push("--quick");
  if (args.learners !== undefined) childArgs.push(`--learners=${args.learners}`);
  const stdout = execFileSync(process.execPath, childArgs, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "inherit"] });
  return JSON.parse(stdout.trim().split("\n").at(-1));
}

/** Runs a benchmark in `times` processes and keeps, per result, the process with the median slowdown. */
function measured(name, times) {
  const runs = Array.from({ length: times }, () => runChild(name));
  const out = {};
  for (const key of Object.keys(runs[0])) {
    const all = runs.map((r) => r[key]);
    if (typeof all[0]?.slowdown !== "number") {
      out[key] = all[0];
      continue;
    }
    const sorted = [...all].sort((a, b) => a.slowdown - b.slowdown);
    out[key] = { ...sorted[(sorted.length - 1) >> 1], processes: all.map((r) => r.slowdown) };
  }
  return out;
}

const started = Date.now();
log(`academic-credit benchmarks (node ${process.version}${QUICK ? ", quick" : ""}; ${PROCESSES} process(es) per short benchmark)`);
const fmt = (name, r) =>
  `${name.padEnd(26)} ours ${String(r.ours).padStart(9)} ${r.unit}  baseline ${String(r.baseline).padStart(9)}  slowdown ${r.slowdown.toFixed(2).padStart(6)}  goal ≤ ${r.goal} ${r.met ? "met" : "MISSED"}` +
  (r.processes ? `  (processes: ${r.processes.map((x) => x.toFixed(2)).join(", ")})` : "");

if (wanted("eligibility")) {
  Object.assign(results, measured("eligibility", PROCESSES));
  log(fmt("eligibility", results.eligibility));
}
if (wanted("replay")) {
  Object.assign(results, measured("replay", PROCESSES));
  log(fmt("replay", results.replay));
}
if (wanted("verify-callback")) {
  Object.assign(results, measured("verify-callback", PROCESSES));
  log(fmt("verify-callback", results["verify-callback"]));
  log(fmt("verify-callback-webcrypto", results["verify-callback-webcrypto"]));
  log(`${"".padEnd(26)} (Web Crypto path vs bare Web Crypto HMAC: slowdown ${results["verify-callback-webcrypto"].versusBareWebCrypto.slowdown})`);
}
if (wanted("recompute-course")) {
  Object.assign(results, measured("recompute-course", 1));
  const r = results["recompute-course"];
  log(fmt("recompute-course", r));
  const h = r.heap;
  log(
    `${"".padEnd(26)} heap, run 1: peak +${h.firstRun.peakGrowthMB} MB, kept by the store +${h.firstRun.retainedGrowthMB} MB, working set ${h.firstRun.workingSetMB} MB; ` +
      `run 2: peak +${h.secondRun.peakGrowthMB} MB (goal < ${HEAP_GOAL_MB} MB ${h.met ? "met" : "MISSED"}); stored logs ≈ ${h.storedLogsMB} MB`,
  );
}
if (wanted("http")) {
  Object.assign(results, measured("http", PROCESSES));
  for (const name of ["http-provider-callback", "http-providers"]) {
    const r = results[name];
    log(
      `${name.padEnd(26)} ${String(r.requestsPerSecond).padStart(6)} req/s, p99 ${r.latencyMs.p99} ms; bare Response ${r.baselineRequestsPerSecond} req/s, p99 ${r.baselineLatencyMs.p99} ms; ` +
        `slowdown ${r.slowdown.toFixed(2)}, p99 ratio ${r.p99Ratio}` +
        (r.processes ? `  (processes: ${r.processes.map((x) => x.toFixed(2)).join(", ")})` : ""),
    );
  }
}
let scaling;
if (wanted("scaling")) {
  scaling = measured("scaling", 1).scaling;
  log("scaling by requirements:", JSON.stringify(scaling.byRequirements));
  log("scaling by events:", JSON.stringify(scaling.byEvents));
}

const out = {
  generatedAt: new Date(started).toISOString(),
  durationSeconds: Math.round((Date.now() - started) / 1000),
  machine: machine(),
  method:
    "Built package (dist/). Each benchmark runs in fresh Node processes (three for the short ones; the process with the median slowdown is reported). " +
    "Within a process, batches of ours and of the baseline alternate (the order flips every round); each side's time per op is the median over rounds " +
    "of the process's CPU time (user + system) per op, slowdown = ours / baseline. Wall-clock figures are under `wall`.",
  benchmarks: results,
  ...(scaling === undefined ? {} : { scaling }),
};
const partial = ONLY !== undefined || QUICK || args.learners !== undefined || args.processes !== undefined;
const target = partial ? new URL("./.tmp/results-partial.json", import.meta.url) : new URL("./results.json", import.meta.url);
mkdirSync(new URL("./.tmp/", import.meta.url), { recursive: true });
writeFileSync(target, `${JSON.stringify(out, null, 2)}\n`);
log(`wrote ${fileURLToPath(target)}`);
// --merge (with --only, not --quick): replace those benchmarks in bench/results.json, keep the others.
if (args.merge === true && ONLY !== undefined && !QUICK) {
  const full = new URL("./results.json", import.meta.url);
  const previous = JSON.parse(readFileSync(full, "utf8"));
  previous.benchmarks = { ...previous.benchmarks, ...results };
  previous.merged = { ...(previous.merged ?? {}), ...Object.fromEntries(Object.keys(results).map((k) => [k, { generatedAt: out.generatedAt, machine: out.machine }])) };
  writeFileSync(full, `${JSON.stringify(previous, null, 2)}\n`);
  log(`merged ${Object.keys(results).join(", ")} into ${fileURLToPath(full)}`);
}

const missed = Object.entries(results).filter(([, r]) => r.met === false || r.heap?.met === false);
if (args.check === true && missed.length > 0) {
  console.error(`goals missed: ${missed.map(([n]) => n).join(", ")}`);
  process.exit(1);
}

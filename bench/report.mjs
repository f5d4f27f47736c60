// Prints bench/results.json as the Markdown tables of docs/performance.md.
//   node bench/report.mjs [path/to/results.json]

import { readFileSync } from "node:fs";

const file = process.argv[2] ?? new URL("./results.json", import.meta.url);
const r = JSON.parse(readFileSync(file, "utf8"));
const b = r.benchmarks;
const n = (x, d = 2) => (x === undefined ? "–" : Number(x).toFixed(d));
const ops = (x) => (x === undefined ? "–" : Math.round(x).toLocaleString("en-US"));

const rows = [
  ["eligibility", "`evaluateEligibility`, 6 requirements, 20-event record", "hand-written status loop over the same arrays"],
  ["replay", "`replay` of a 40-event journey (Date objects)", "`JSON.parse` of the same journey's stored JSON"],
  ["recompute-course", "`service.recomputeCourse`, 100,000 learners, memory store", "`JSON.parse` of every learner's stored JSON"],
  ["verify-callback", "`verifyProviderCallback`, node:crypto (`#hmac` node condition)", "bare `createHmac` of the same message"],
  ["verify-callback-webcrypto", "`verifyProviderCallback`, `hmac: createWebCryptoHmac()`", "bare `createHmac` of the same message"],
];
console.log("| benchmark | ours | baseline | ours | baseline | slowdown | goal | ops/s (ours) | wall-clock slowdown |");
console.log("|---|---|---|---:|---:|---:|---:|---:|---:|");
for (const [name, ours, base] of rows) {
  const x = b[name];
  if (x === undefined) continue;
  console.log(
    `| ${name} | ${ours} | ${base} | ${n(x.ours)} ${x.unit} | ${n(x.baseline)} ${x.unit} | **${n(x.slowdown)}** | ≤ ${x.goal} ${x.met ? "✓" : "✗"} | ${ops(x.opsPerSecond)} | ${n(x.wall?.slowdown)} |`,
  );
}
const web = b["verify-callback-webcrypto"]?.versusBareWebCrypto;
if (web !== undefined) console.log(`\nWeb Crypto path against bare Web Crypto (importKey + sign): slowdown ${n(web.slowdown)} (${n(web.ours)} vs ${n(web.baseline)} ${web.unit}).`);

const h = b["recompute-course"]?.heap;
if (h !== undefined) {
  console.log("\n| recompute-course heap | run 1 (writes grants) | run 2 (nothing to write) |");
  console.log("|---|---:|---:|");
  console.log(`| heap before | ${h.firstRun.beforeMB} MB | ${h.secondRun.beforeMB} MB |`);
  console.log(`| peak growth (sampled every 256 learners) | ${h.firstRun.peakGrowthMB} MB | ${h.secondRun.peakGrowthMB} MB |`);
  console.log(`| growth kept after the run (after GC) | ${h.firstRun.retainedGrowthMB} MB | ${h.secondRun.retainedGrowthMB} MB |`);
  console.log(`| working set (peak − kept) | ${h.firstRun.workingSetMB} MB | ${h.secondRun.workingSetMB} MB |`);
  console.log(`\nStored logs of the 100,000 learners: ≈ ${h.storedLogsMB} MB of heap; grants written in run 1: ${h.firstRun.grantsWritten}.`);
}

const s = r.scaling;
if (s !== undefined) {
  const table = (title, list) => {
    console.log(`\n| ${title} | events | evaluateEligibility (µs) | replay (µs) | recomputeCourse (µs/learner) |`);
    console.log("|---:|---:|---:|---:|---:|");
    for (const c of list) console.log(`| ${c.requirements} | ${c.events} | ${n(c.evaluateEligibilityUs)} | ${n(c.replayUs)} | ${n(c.recomputeUsPerLearner)} |`);
  };
  table("requirements", s.byRequirements);
  table("requirements", s.byEvents);
}
const m = r.machine;
console.log(`\nMachine: ${m.cpu}, ${m.nproc} CPUs, ${m.totalMemoryGB} GB, Node ${m.node} (V8 ${m.v8}), ${m.platform}; run ${r.generatedAt}, ${r.durationSeconds} s.`);

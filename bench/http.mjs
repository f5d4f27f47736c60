// Benchmark of academic-credit/http through a real node:http server on 127.0.0.1 (built package):
// requests per second and latency percentiles of the credit handler, against a bare handler that
// answers a fixed JSON `Response` behind the same server and the same toNodeListener, in the
// same process and run. Client: Node's fetch (undici), `concurrency` requests in flight.
import { createHmac } from "node:crypto";
import { createServer } from "node:http";

import * as lib from "../dist/index.js";
import * as memory from "../dist/adapters/memory.js";
import * as http from "../dist/http.js";
import { PROVIDERS, mustParse } from "./lib/fixtures.mjs";
import { median, round } from "./lib/harness.mjs";

const COURSE = "course-v1:MITx+6.002x+2026_T1";
const KEY = "asu-shared-secret-0123456789abcdef";

function edxV1(params, key) {
  const text = Object.keys(params)
    .sort()
    .map((k) => `${k}:${params[k]}`)
    .join("");
  return createHmac("sha256", key).update(text, "utf8").digest("hex");
}

/** A service with one learner who paid and completed credit at asu, and the callback that approved it. */
async function fixture() {
  const policy = mustParse(
    lib.parsePolicy({
      courseId: COURSE,
      title: "Circuits",
      endsAt: "2026-06-30T23:59:00Z",
      requirements: [{ kind: "grade", id: "grade", minGrade: 0.8 }],
      offers: [{ providerId: "asu", price: { amount: 60000, currency: "USD" }, creditHours: 3 }],
    }),
  );
  const learner = { id: lib.toLearnerId("42"), username: "ada", email: "ada@example.org", fullName: "Ada" };
  const catalog = memory.createMemoryCatalog({ policies: [policy], providers: mustParse(lib.parseProviders(PROVIDERS)), learners: [learner] });
  const clock = memory.createManualClock(new Date("2026-01-10T09:00:00Z"));
  const service = lib.createCreditService({
    store: memory.createMemoryStore(),
    payments: memory.createMemoryPaymentGateway(),
    mailer: memory.createMemoryMailer(),
    clock,
    ids: memory.createSequentialIds(),
    keys: memory.createMemoryProviderKeys({ asu: [KEY] }),
    catalog,
  });
  const must = (r) => {
    if (!r.ok) throw new Error(JSON.stringify(r));
    return r.value;
  };
  const c = lib.toCourseId(COURSE);
  must(await service.enroll(learner.id, c, { mode: "verified" }));
  must(await service.recordInitialVerification(learner.id, c, { result: "approved" }));
  must(await service.updateGrade(learner.id, c, { grade: 0.9 }));
  const co = must(await service.startCheckout(learner.id, c, { providerId: "asu", method: "card", idempotencyKey: "k" }));
  must(await service.recordPaymentResult(learner.id, c, { checkoutId: co.checkoutId, outcome: "succeeded", paymentId: "p", amount: 60000, currency: "USD" }));
  const form = must(await service.requestCredit(learner.id, c));
  const signed = { request_uuid: form.requestId, status: "approved", timestamp: String(Math.floor(clock.now().getTime() / 1000)) };
  const body = JSON.stringify({ ...signed, signature: edxV1(signed, KEY) });
  const handler = http.createCreditHandler(service, { catalog, clock, authenticate: () => ({ learnerId: "42" }) });
  // The first callback records the decision; every later one is a verified duplicate (read only).
  const first = await handler(new Request("http://x/api/credit/v1/providers/asu/callback/", { method: "POST", headers: { "content-type": "application/json" }, body }));
  if (first.status !== 200) throw new Error(`fixture callback answered ${first.status}`);
  return { handler, body };
}

function listen(handler) {
  const server = createServer(http.toNodeListener(handler));
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` })));
}

/** `total` requests, `concurrency` at a time: requests/s and latency percentiles in ms. */
async function load(send, { total, concurrency }) {
  const latencies = new Float64Array(total);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const s = performance.now();
        const res = await send();
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`unexpected status ${res.status}`);
        latencies[i] = performance.now() - s;
      }
    }),
  );
  const ms = performance.now() - t0;
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { rps: (total / ms) * 1000, p50: at(0.5), p99: at(0.99) };
}

export async function benchHttp({ quick = false } = {}) {
  const { handler, body } = await fixture();
  const bare = async () => new Response('{"result":"duplicate"}', { headers: { "content-type": "application/json" } });
  const ours = await listen(handler);
  const base = await listen(bare);
  const total = quick ? 1000 : 4000;
  const concurrency = 32;
  const rounds = quick ? 3 : 7;
  const scenarios = {
    "provider-callback": (url) => () =>
      fetch(`${url}/api/credit/v1/providers/asu/callback/`, { method: "POST", headers: { "content-type": "application/json" }, body }),
    providers: (url) => () => fetch(`${url}/api/credit/v1/providers/`),
  };
  const out = {};
  try {
    for (const [name, make] of Object.entries(scenarios)) {
      const o = [];
      const b = [];
      await load(make(ours.url), { total: 500, concurrency }); // warm-up
      await load(make(base.url), { total: 500, concurrency });
      for (let r = 0; r < rounds; r++) {
        // Alternate which side goes first.
        if (r % 2 === 0) {
          o.push(await load(make(ours.url), { total, concurrency }));
          b.push(await load(make(base.url), { total, concurrency }));
        } else {
          b.push(await load(make(base.url), { total, concurrency }));
          o.push(await load(make(ours.url), { total, concurrency }));
        }
      }
      const pick = (list, k) => median(list.map((x) => x[k]));
      const oursRps = pick(o, "rps");
      const baseRps = pick(b, "rps");
      out[`http-${name}`] = {
        slowdown: round(baseRps / oursRps, 3),
        ours: round(1000 / oursRps, 4),
        baseline: round(1000 / baseRps, 4),
        unit: "ms/request (wall, 1 / throughput)",
        requestsPerSecond: Math.round(oursRps),
        baselineRequestsPerSecond: Math.round(baseRps),
        latencyMs: { p50: round(pick(o, "p50"), 3), p99: round(pick(o, "p99"), 3) },
        baselineLatencyMs: { p50: round(pick(b, "p50"), 3), p99: round(pick(b, "p99"), 3) },
        p99Ratio: round(pick(o, "p99") / pick(b, "p99"), 3),
        clock: "wall",
        rounds,
        input: { requestsPerRound: total, concurrency, route: name === "provider-callback" ? "POST providers/asu/callback/ (verified duplicate)" : "GET providers/" },
      };
    }
  } finally {
    ours.server.close();
    base.server.close();
    ours.server.closeAllConnections();
    base.server.closeAllConnections();
  }
  return out;
}

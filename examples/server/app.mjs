// A runnable host of academic-credit/http: PGlite on disk, the HTTP handler on node:http, and a
// worker loop that delivers the outbox and queues deadline reminders. `npm run example:server`
// builds the package and starts it; README.md walks through it with curl.
import { randomUUID, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { PGlite } from "@electric-sql/pglite";
import { createCreditService, parsePolicy, parseProviders, toLearnerId } from "academic-credit";
import { createMemoryCatalog, createMemoryProviderKeys, createRandomIds, systemClock } from "academic-credit/adapters/memory";
import { createCreditHandler, toNodeListener } from "academic-credit/http";
import { createPostgresStore, migrate } from "academic-credit/postgres";

export const COURSE_ID = "course-v1:DemoX+Credit101+2026";

/**
 * Runs `task` every `intervalMs`, never two runs at once: the next run is scheduled when the
 * previous one has finished. `stop()` cancels the next run and waits for the current one.
 */
export function startLoop(task, intervalMs, onError = () => {}) {
  let timer;
  let current = Promise.resolve();
  let stopped = false;
  const tick = () => {
    current = (async () => {
      try {
        await task();
      } catch (error) {
        onError(error);
      }
    })();
    void current.then(() => {
      if (!stopped) timer = setTimeout(tick, intervalMs);
    });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}

/** Compares two strings in constant time (for the webhook token). */
function sameSecret(a, b) {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The demo's mailer: prints the template and recipient, never a secret. */
function consoleMailer(log) {
  return {
    async send(message) {
      log(`mail: ${message.template} to ${message.to}`);
    },
  };
}

/**
 * The demo's payment gateway: hands out checkout ids (unique across restarts, since the store is
 * on disk) and prints refunds. A real host calls its payment provider here.
 */
function demoPayments(log) {
  const refunds = [];
  return {
    refunds,
    async createCheckout(input) {
      const checkoutId = `co-${randomUUID().slice(0, 8)}`;
      return { checkoutId, redirectUrl: `https://pay.example.com/checkout/${checkoutId}?amount=${input.price.amount}` };
    },
    async refund(input) {
      if (refunds.some((r) => r.idempotencyKey === input.idempotencyKey)) return;
      refunds.push(input);
      log(`payments: refunded ${input.paymentId} (${input.amount} ${input.currency})`);
    },
  };
}

/**
 * Starts the example. Options: `dataDir` (PGlite folder), `port` (0 = any), `host`,
 * `providerKey`, `webhookToken`, `intervalMs` (worker loop), `log`.
 */
export async function startExample(options = {}) {
  const log = options.log ?? ((line) => console.log(line));
  const webhookToken = options.webhookToken ?? "demo-webhook-token";
  const db = new PGlite(options.dataDir ?? "./.data/example-server");
  await db.waitReady;
  await migrate(db);

  const clock = systemClock();
  const now = clock.now();
  // The demo course ends 90 days after the server first starts, so the walk-through is always in time.
  const endsAt = new Date(now.getTime() + 90 * 24 * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  const policy = parsePolicy({
    courseId: COURSE_ID,
    title: "Credit 101",
    endsAt,
    requirements: [{ kind: "grade", id: "grade", minGrade: 0.8 }],
    offers: [
      { providerId: "asu", price: { amount: 60000, currency: "USD" }, creditHours: 3 },
      { providerId: "hogwarts", price: { amount: 45000, currency: "USD" }, creditHours: 4 },
    ],
  });
  const providers = parseProviders([
    { id: "asu", displayName: "Arizona State University", url: "https://credit.example.edu/request", statusUrl: "https://credit.example.edu/status", integration: "signed-request", completionSteps: true },
    { id: "hogwarts", displayName: "Hogwarts Extension School", url: "https://hogwarts.example.org/credit", statusUrl: "https://hogwarts.example.org/status", integration: "link", completionSteps: true },
  ]);
  if (!policy.ok || !providers.ok) throw new Error("the example's catalog does not parse");
  const learners = [
    { id: toLearnerId("42"), username: "ada", email: "ada@example.org", fullName: "Ada Lovelace", country: "GB" },
    { id: toLearnerId("43"), username: "bob", email: "bob@example.org", fullName: "Bob", country: "US" },
  ];
  const catalog = createMemoryCatalog({ policies: [policy.value], providers: providers.value, learners });
  const payments = demoPayments(log);
  const service = createCreditService({
    store: createPostgresStore(db),
    payments,
    mailer: consoleMailer(log),
    clock,
    ids: createRandomIds(),
    keys: createMemoryProviderKeys({ asu: [options.providerKey ?? "demo-provider-secret"] }),
    catalog,
  });

  const handler = createCreditHandler(service, {
    catalog,
    clock,
    // Demo sessions: `Authorization: Bearer learner-42` (or `staff-1`). A real host reads its session cookie or JWT here.
    authenticate: (request) => {
      const m = /^Bearer (learner|staff)-([A-Za-z0-9]+)$/.exec(request.headers.get("authorization") ?? "");
      return m ? { learnerId: m[2], staff: m[1] === "staff" } : undefined;
    },
    authorizeWebhook: (request) => {
      const m = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "");
      return m !== null && sameSecret(m[1], webhookToken);
    },
    resolveUsername: (username) => learners.find((l) => l.username === username)?.id,
    log: (entry) => log(`${entry.method} ${entry.route} ${entry.status}${entry.code ? ` ${entry.code}` : ""}`),
  });

  const server = createServer(toNodeListener(handler));
  await new Promise((resolve) => server.listen(options.port ?? 3000, options.host ?? "127.0.0.1", resolve));
  const address = server.address();
  const url = `http://${address.address}:${address.port}`;

  const worker = startLoop(
    async () => {
      const sent = await service.dispatchOutbox();
      const reminders = await service.sendDueReminders();
      if (sent.ok && sent.value.delivered > 0) log(`worker: delivered ${sent.value.delivered} outbox message(s)`);
      if (!sent.ok) log(`worker: outbox ${sent.error.code}`);
      if (!reminders.ok) log(`worker: reminders ${reminders.error.code}`);
    },
    options.intervalMs ?? 2000,
    (error) => log(`worker: ${error instanceof Error ? error.name : "error"}`),
  );

  return {
    url,
    service,
    payments,
    async stop() {
      await worker.stop();
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}

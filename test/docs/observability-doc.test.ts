import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Writable } from "node:stream";
import { metrics, trace, SpanStatusCode } from "@opentelemetry/api";
import { MeterProvider, MetricReader, type DataPoint, type Histogram } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import pino from "pino";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import type { CreditObservation, CreditObserver } from "../../src/index.js";
import { signEdxV1 } from "../../src/providers/index.js";
import { ADA, COURSE, makeEligible, setup } from "../service/harness.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const doc = readFileSync(`${root}docs/observability.md`, "utf8");
const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
// Inside the package (so `pino` and `@opentelemetry/api` resolve from its node_modules), never committed.
const dir = `${root}node_modules/.cache/observability-doc/`;
const files = blocks.map((_, i) => `${dir}block-${i}.ts`);

interface Recipes {
  pinoCreditObserver: (logger: pino.Logger) => CreditObserver;
  openTelemetryCreditObserver: (options?: { tracer?: unknown; meter?: unknown }) => CreditObserver;
  allObservers: (...observers: CreditObserver[]) => CreditObserver;
}
let recipes: Recipes;

// Importing a block runs it (the first one makes a service and dispatches): a block that throws fails every test here.
beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  blocks.forEach((code, i) => writeFileSync(files[i] ?? "", `${code}\nexport {};\n`));
  const modules = await Promise.all(files.map((f) => import(/* @vite-ignore */ pathToFileURL(f).href) as Promise<Record<string, unknown>>));
  recipes = Object.assign({}, ...modules) as Recipes;
}, 60_000);

/** A journey that reaches every kind of record: grant, failed and delivered mail, payment, signed request, callbacks. */
async function journey(observe: CreditObserver) {
  const h = setup({ service: { observe } });
  await makeEligible(h);
  h.mailer.faults.failNext(1, "mailbox ada@example.org is full");
  await h.service.dispatchOutbox();
  h.at("2026-07-01T12:00:00Z");
  await h.service.dispatchOutbox();
  await h.service.startCheckout(ADA, COURSE, { providerId: "nobody", method: "card", idempotencyKey: "k0" });
  const started = await h.service.startCheckout(ADA, COURSE, { providerId: "asu", method: "card", idempotencyKey: "k1" });
  if (!started.ok) throw new Error(started.error.message);
  await h.service.recordPaymentResult(ADA, COURSE, { checkoutId: started.value.checkoutId, outcome: "succeeded", paymentId: "pay-1", amount: 60000, currency: "USD" });
  const form = await h.service.requestCredit(ADA, COURSE);
  if (!form.ok) throw new Error(form.error.message);
  const body = { request_uuid: form.value.requestId, status: "approved", timestamp: String(Math.floor(new Date("2026-07-01T12:00:00Z").getTime() / 1000)) };
  await h.service.handleProviderCallback("asu", { ...body, signature: await signEdxV1(body, "not-the-key") });
  await h.service.handleProviderCallback("asu", { ...body, signature: await signEdxV1(body, "first-secret") });
  await h.service.dispatchOutbox();
  return h;
}

describe("docs/observability.md", () => {
  it("every code block compiles against the public entry points", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    const options: ts.CompilerOptions = {
      ...ts.parseJsonConfigFileContent(ts.readConfigFile(`${root}tsconfig.json`, ts.sys.readFile).config, ts.sys, root).options,
      noEmit: true,
    };
    const program = ts.createProgram(files, options);
    const problems = files.flatMap((f) =>
      ts.getPreEmitDiagnostics(program, program.getSourceFile(f)).map((d) => `${f.replace(dir, "")}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`),
    );
    expect(problems).toEqual([]);
  }, 120_000);

  it("the pino recipe writes one JSON line per record to a real pino logger, failures at warn, nothing personal", async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString("utf8").split("\n").filter((l) => l.length > 0));
        done();
      },
    });
    const logger = pino({ level: "debug" }, stream);
    const records: CreditObservation[] = [];
    await journey(recipes.allObservers((r) => void records.push(r), recipes.pinoCreditObserver(logger)));
    logger.flush();
    await new Promise((resolve) => setImmediate(resolve));
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged.length).toBe(records.length);
    expect(logged.every((l) => l["component"] === "academic-credit")).toBe(true);
    expect(logged.map((l) => l["msg"])).toEqual(records.map((r) => `credit ${r.type}`));
    const failed = logged.find((l) => l["type"] === "outbox-failed");
    expect(failed).toMatchObject({ level: 40, kind: "email", template: "eligibility", errorCode: "port-error" });
    expect(logged.find((l) => l["type"] === "callback-verdict" && l["verdict"] === "invalid-signature")).toMatchObject({ level: 40, providerId: "asu" });
    expect(logged.find((l) => l["type"] === "command")).toMatchObject({ level: 30, command: "enroll", outcome: "ok" });
    expect(logged.find((l) => l["type"] === "event-stored")).toMatchObject({ level: 20 });
    const text = lines.join("\n");
    for (const personal of ["ada@example.org", "Ada Lovelace", '"ada"', "first-secret"]) expect(text).not.toContain(personal);
  });

  it("the OpenTelemetry recipe makes spans and metrics with the SDK's in-memory exporter and a metric reader", async () => {
    const spans = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
    class TestReader extends MetricReader {
      protected override async onForceFlush(): Promise<void> {}
      protected override async onShutdown(): Promise<void> {}
    }
    const reader = new TestReader();
    const meterProvider = new MeterProvider({ readers: [reader] });
    const records: CreditObservation[] = [];
    await journey(
      recipes.allObservers(
        (r) => void records.push(r),
        recipes.openTelemetryCreditObserver({ tracer: tracerProvider.getTracer("test"), meter: meterProvider.getMeter("test") }),
      ),
    );
    const finished = spans.getFinishedSpans();
    const commands = records.filter((r) => r.type === "command");
    const deliveries = records.filter((r) => r.type === "outbox-delivered" || r.type === "outbox-failed");
    expect(finished.length).toBe(commands.length + deliveries.length);
    expect(finished.map((s) => s.name)).toContain("credit enroll");
    const failedDelivery = finished.find((s) => s.name === "credit outbox email" && s.attributes["credit.outbox.outcome"] === "port-error");
    expect(failedDelivery?.status.code).toBe(SpanStatusCode.ERROR);
    expect(finished.find((s) => s.name === "credit startCheckout" && s.attributes["credit.error_code"] === "unknown-provider")).toBeDefined();

    const { resourceMetrics, errors } = await reader.collect();
    expect(errors).toEqual([]);
    const all = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
    const points = (name: string) => (all.find((m) => m.descriptor.name === name)?.dataPoints ?? []) as DataPoint<number>[];
    const sum = (name: string) => points(name).reduce((n, p) => n + p.value, 0);
    expect(sum("credit.events.stored")).toBe(records.filter((r) => r.type === "event-stored").length);
    expect(sum("credit.eligibility.granted")).toBe(1);
    expect(sum("credit.outbox.deliveries")).toBe(deliveries.length);
    const verdicts = points("credit.callbacks").map((p) => p.attributes["credit.callback.verdict"]).sort();
    expect(verdicts).toEqual(["invalid-signature", "recorded"]);
    const histogram = (all.find((m) => m.descriptor.name === "credit.command.duration")?.dataPoints ?? []) as DataPoint<Histogram>[];
    expect(histogram.reduce((n, p) => n + p.value.count, 0)).toBe(commands.length);
    await tracerProvider.shutdown();
    await meterProvider.shutdown();
  });

  it("the recipes use the global providers when given none (no-op until an SDK is registered)", async () => {
    expect(trace.getTracer("x")).toBeDefined();
    expect(metrics.getMeter("x")).toBeDefined();
    const h = await journey(recipes.openTelemetryCreditObserver());
    expect((await h.service.getState(ADA, COURSE)).ok).toBe(true);
  });
});

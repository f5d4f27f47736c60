import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { edxV1, signedCallback } from "./helpers.js";

interface Example {
  readonly url: string;
  stop(): Promise<void>;
}
interface ExampleModule {
  readonly COURSE_ID: string;
  startExample(options: Record<string, unknown>): Promise<Example>;
  startLoop(task: () => Promise<void>, intervalMs: number, onError?: (e: unknown) => void): { stop(): Promise<void> };
}

const modulePath = "../../examples/server/app.mjs";
const load = () => import(/* @vite-ignore */ modulePath) as Promise<ExampleModule>;

const dir = mkdtempSync(join(tmpdir(), "academic-credit-example-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("examples/server", () => {
  it("the worker loop never overlaps two runs, and stop() waits for the run in progress", async () => {
    const { startLoop } = await load();
    let running = 0;
    let most = 0;
    let runs = 0;
    let finished = 0;
    const loop = startLoop(async () => {
      running++;
      runs++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 20));
      running--;
      finished++;
    }, 1);
    await new Promise((r) => setTimeout(r, 150));
    await loop.stop();
    expect(most).toBe(1);
    expect(runs).toBeGreaterThan(2);
    expect(finished).toBe(runs);
    const after = runs;
    await new Promise((r) => setTimeout(r, 50));
    expect(runs).toBe(after);
  });

  it("walks the README journey over HTTP, the worker sends the emails, and the state survives a restart on disk", async () => {
    const { startExample, COURSE_ID } = await load();
    const lines: string[] = [];
    const options = { dataDir: join(dir, "db"), port: 0, intervalMs: 20, log: (l: string) => lines.push(l) };
    let app = await startExample(options);
    const api = `${app.url}/api/credit/v1`;
    const ada = { authorization: "Bearer learner-42" };
    const hook = { authorization: "Bearer demo-webhook-token", "content-type": "application/json" };
    const post = (path: string, headers: Record<string, string>, body?: unknown) =>
      fetch(`${api}${path}`, { method: "POST", headers: body === undefined ? headers : { "content-type": "application/json", ...headers }, body: body === undefined ? null : JSON.stringify(body) });
    try {
      for (const event of [{ type: "enrolled", mode: "verified" }, { type: "initial-verification", result: "approved" }, { type: "grade-updated", grade: 0.9 }]) {
        expect((await post("/webhooks/lms/", hook, { learnerId: "42", courseId: COURSE_ID, event })).status).toBe(200);
      }
      const eligibility = (await (await fetch(`${api}/eligibility/?username=ada&course_key=${encodeURIComponent(COURSE_ID)}`, { headers: ada })).json()) as unknown[];
      expect(eligibility).toHaveLength(1);
      const course = encodeURIComponent(COURSE_ID);
      const checkout = await post(`/learner/courses/${course}/checkout/`, ada, { providerId: "asu", method: "card", idempotencyKey: "walkthrough-1" });
      expect(checkout.status).toBe(201);
      const { checkoutId } = (await checkout.json()) as { checkoutId: string };
      const paid = await post("/webhooks/payments/", hook, { learnerId: "42", courseId: COURSE_ID, checkoutId, outcome: "succeeded", paymentId: "pay-1", amount: 60000, currency: "USD" });
      expect(paid.status).toBe(200);
      const request = await post("/providers/asu/request/", ada, { username: "ada", course_key: COURSE_ID });
      const { parameters } = (await request.json()) as { parameters: Record<string, string> };
      expect(parameters.signature).toBe(edxV1(parameters, "demo-provider-secret"));
      const callback = await post("/providers/asu/callback/", {}, signedCallback(parameters.request_uuid!, "approved", new Date(), "demo-provider-secret"));
      expect(callback.status).toBe(200);
      const wanted = ["mail: eligibility to ada@example.org", "mail: purchase-receipt to ada@example.org", "mail: credit-decision to ada@example.org"];
      for (let i = 0; i < 200 && !wanted.every((w) => lines.includes(w)); i++) await new Promise((r) => setTimeout(r, 20));
      expect(lines).toEqual(expect.arrayContaining(wanted));
      expect(lines.join("\n")).not.toContain("demo-provider-secret");
      expect(lines.join("\n")).not.toContain("demo-webhook-token");
    } finally {
      await app.stop();
    }
    app = await startExample(options);
    try {
      const tiles = (await (await fetch(`${app.url}/api/credit/v1/learner/dashboard/`, { headers: ada })).json()) as { status: string }[];
      expect(tiles.map((t) => t.status)).toEqual(["approved"]);
    } finally {
      await app.stop();
    }
  }, 120_000);
});

import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createCreditHandler, toNodeListener, type CreditHandlerOptions } from "academic-credit/http";
import { setup, type Harness } from "../service/harness.js";

export { ADA, COURSE, makeEligible } from "../service/harness.js";

/** A real server on 127.0.0.1 (ephemeral port) serving a Fetch-API handler or a Node listener. */
export async function listen(listener: Parameters<typeof createServer>[1] | ((request: Request) => Promise<Response>)): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const nodeListener = (listener as (...a: unknown[]) => unknown).length >= 2 ? (listener as Parameters<typeof createServer>[1]) : toNodeListener(listener as (r: Request) => Promise<Response>);
  const server = createServer(nodeListener);
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const LMS_TOKEN = "lms-webhook-token";
export const PAYMENT_TOKEN = "payment-webhook-token";

/** The handler options the tests use: a header names the learner (and staff), a bearer token authorizes each webhook. */
export function testOptions(h: Harness, extra: Partial<CreditHandlerOptions> = {}): CreditHandlerOptions {
  return {
    catalog: h.catalog,
    clock: h.clock,
    authenticate: (request) => {
      const learnerId = request.headers.get("x-learner");
      return learnerId ? { learnerId, staff: request.headers.get("x-staff") === "yes" } : undefined;
    },
    authorizeWebhook: (request, { kind }) => request.headers.get("authorization") === `Bearer ${kind === "lms" ? LMS_TOKEN : PAYMENT_TOKEN}`,
    resolveUsername: (username) => (username === "ada" ? "42" : username === "bob" ? "43" : undefined),
    ...extra,
  };
}

export async function startApi(options: Parameters<typeof setup>[0] = {}, extra: Partial<CreditHandlerOptions> = {}) {
  const h = setup({ learners: [ada(), bob()], ...options });
  const logs: unknown[] = [];
  const handler = createCreditHandler(h.service, { ...testOptions(h, extra), log: (e) => logs.push(e) });
  const server = await listen(handler);
  const api = `${server.url}/api/credit/v1`;
  const call = (path: string, init: RequestInit & { learner?: string; staff?: boolean; json?: unknown } = {}) => {
    const headers = new Headers(init.headers);
    if (init.learner !== undefined) headers.set("x-learner", init.learner);
    if (init.staff) headers.set("x-staff", "yes");
    let body = init.body;
    if (init.json !== undefined) {
      headers.set("content-type", "application/json");
      body = JSON.stringify(init.json);
    }
    return fetch(`${api}${path}`, { ...init, headers, body: body ?? null });
  };
  const lms = (learnerId: string, event: unknown, eventId?: string) =>
    call("/webhooks/lms/", {
      method: "POST",
      headers: { authorization: `Bearer ${LMS_TOKEN}` },
      json: { learnerId, courseId: h.policy.courseId, event, ...(eventId === undefined ? {} : { eventId }) },
    });
  const pay = (learnerId: string, result: Record<string, unknown>) =>
    call("/webhooks/payments/", { method: "POST", headers: { authorization: `Bearer ${PAYMENT_TOKEN}` }, json: { learnerId, courseId: h.policy.courseId, ...result } });
  return { h, handler, server, api, call, lms, pay, logs };
}

export function ada() {
  return { id: "42" as never, username: "ada", email: "ada@example.org", fullName: "Ada Lovelace", country: "GB", timeZone: "Europe/London" };
}
export function bob() {
  return { id: "43" as never, username: "bob", email: "bob@example.org", fullName: "Bob", country: "US" };
}

/** edx-v1, written here from the documented algorithm (docs/providers.md, DOMAIN.md §9), with node:crypto. */
export function edxV1(params: Readonly<Record<string, string | number>>, key: string): string {
  const text = Object.keys(params)
    .filter((k) => k !== "signature")
    .sort()
    .map((k) => `${k}:${String(params[k])}`)
    .join("");
  return createHmac("sha256", Buffer.from(key, "utf8")).update(text, "utf8").digest("hex");
}

/** A provider callback body signed with `key`. */
export function signedCallback(requestId: string, status: string, at: Date, key = "first-secret") {
  const body = { request_uuid: requestId, status, timestamp: String(Math.floor(at.getTime() / 1000)) };
  return { ...body, signature: edxV1(body, key) };
}

/** Takes a learner to eligibility through the LMS webhook, moving the harness clock as the service harness does. */
export async function makeEligibleOverHttp(api: Awaited<ReturnType<typeof startApi>>, learnerId = "42"): Promise<void> {
  const { h, lms } = api;
  const ok = async (r: Promise<Response>) => {
    const res = await r;
    if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
    return res.json();
  };
  h.at("2026-01-10T09:00:00Z");
  await ok(lms(learnerId, { type: "enrolled", mode: "verified" }));
  await ok(lms(learnerId, { type: "initial-verification", result: "approved" }));
  h.at("2026-05-01T10:00:00Z");
  await ok(lms(learnerId, { type: "grade-updated", grade: 0.85 }));
  h.at("2026-06-01T10:00:00Z");
  await ok(lms(learnerId, { type: "exam-attempt", examId: "final-exam", status: "submitted" }));
  await ok(lms(learnerId, { type: "exam-graded", examId: "final-exam", score: 0.7 }));
  h.at("2026-06-03T08:00:00Z");
  await ok(lms(learnerId, { type: "exam-reviewed", examId: "final-exam", result: "clean", reviewer: "automated" }));
}

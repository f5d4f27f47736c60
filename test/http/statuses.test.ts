import { ERROR_CODES } from "academic-credit";
import { createCreditHandler, statusOf } from "academic-credit/http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COURSE, listen, makeEligibleOverHttp, signedCallback, startApi, testOptions } from "./helpers.js";
import { setup } from "../service/harness.js";

const course = encodeURIComponent(COURSE);

describe("status of every problem code", () => {
  it("maps the service's codes as the docs' table says, and the handler's own", () => {
    const table = Object.fromEntries(ERROR_CODES.map((c) => [c, statusOf(c)]));
    expect(table).toEqual({
      "invalid-input": 400, "invalid-callback": 400, "stale-timestamp": 400,
      "invalid-signature": 403, "not-eligible": 403,
      "unknown-provider": 404, "request-not-found": 404,
      "purchase-window-closed": 409, "provider-inactive": 409, "no-offer": 409, "already-purchased": 409, "no-open-checkout": 409,
      "payment-mismatch": 409, "duplicate-payment": 409, "not-paid": 409, "request-completed": 409, "conflicting-decision": 409,
      "refund-not-allowed": 409, "deadline-not-later": 409,
      "version-conflict": 503, unavailable: 503,
    });
    expect(["route-not-found", "method-not-allowed", "unsupported-media-type", "payload-too-large", "unauthenticated", "forbidden", "internal-error", "what"].map(statusOf)).toEqual([
      404, 405, 415, 413, 401, 403, 500, 500,
    ]);
  });
});

async function problem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ type: "about:blank", status, code });
  expect(typeof body.title).toBe("string");
  expect(typeof body.detail).toBe("string");
  return body;
}

describe("every status mapping through a real server", () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let requestId = "";
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.server.close());

  it("Open edX provider routes: field names, the provider_ids filter, 404 for an unknown or malformed id", async () => {
    const all = await api.call("/providers/", { learner: "42" });
    expect(all.status).toBe(200);
    const list = (await all.json()) as Record<string, unknown>[];
    expect(list.map((p) => p.id)).toEqual(["asu", "hogwarts"]);
    expect(list[0]).toEqual({
      id: "asu", display_name: "Arizona State University", url: "https://credit.example.edu/request", status_url: "https://credit.example.edu/status",
      description: "", enable_integration: true, fulfillment_instructions: null, thumbnail_url: "",
    });
    expect(list[1]?.enable_integration).toBe(false);
    const filtered = (await (await api.call("/providers/?provider_ids=hogwarts,nope", { learner: "42" })).json()) as { id: string }[];
    expect(filtered.map((p) => p.id)).toEqual(["hogwarts"]);
    const one = await api.call("/providers/asu", { learner: "42" });
    expect(((await one.json()) as { display_name: string }).display_name).toBe("Arizona State University");
    await problem(await api.call("/providers/nope/", { learner: "42" }), 404, "unknown-provider");
    await problem(await api.call("/providers/a%2Cb/", { learner: "42" }), 404, "unknown-provider");
  });

  it("401 without a session, 403 for another learner, staff may act for anyone", async () => {
    await problem(await api.call("/providers/"), 401, "unauthenticated");
    await problem(await api.call("/learner/dashboard/"), 401, "unauthenticated");
    await problem(await api.call(`/eligibility/?username=bob&course_key=${course}`, { learner: "42" }), 403, "forbidden");
    await problem(await api.call("/providers/asu/request/", { method: "POST", learner: "42", json: { username: "bob", course_key: COURSE } }), 403, "forbidden");
    const staff = await api.call(`/eligibility/?username=bob&course_key=${course}`, { learner: "1", staff: true });
    expect(staff.status).toBe(200);
    expect(await staff.json()).toEqual([]);
    await problem(await api.call("/providers/asu/request/", { method: "POST", learner: "1", staff: true, json: { username: "nobody", course_key: COURSE } }), 403, "not-eligible");
  });

  it("404 for an unknown route or outside the base path, 405 with Allow for a wrong method", async () => {
    await problem(await api.call("/nothing/here/"), 404, "route-not-found");
    await problem(await fetch(`${api.server.url}/providers/`), 404, "route-not-found");
    const wrong = await api.call("/providers/asu/callback/", { method: "GET" });
    await problem(wrong, 405, "method-not-allowed");
    expect(wrong.headers.get("allow")).toBe("POST");
    const del = await api.call(`/learner/courses/${course}/checkout/`, { method: "DELETE", learner: "42" });
    await problem(del, 405, "method-not-allowed");
    expect(del.headers.get("allow")).toBe("GET, POST");
  });

  it("400 for bad percent-encoding, bad JSON, invalid UTF-8, an empty body and missing query parameters; 415 for a body that is not JSON", async () => {
    await problem(await api.call("/learner/courses/%E0%A4%A/progress/", { learner: "42" }), 400, "invalid-input");
    await problem(await api.call(`/learner/courses/${course}/checkout/`, { method: "POST", learner: "42", headers: { "content-type": "application/json" }, body: "{" }), 400, "invalid-input");
    await problem(await api.call(`/learner/courses/${course}/checkout/`, { method: "POST", learner: "42", headers: { "content-type": "application/json" }, body: new Uint8Array([0x7b, 0xff, 0x7d]) }), 400, "invalid-input");
    await problem(await api.call(`/learner/courses/${course}/checkout/`, { method: "POST", learner: "42", headers: { "content-type": "application/json" }, body: "" }), 400, "invalid-input");
    await problem(await api.call(`/learner/courses/${course}/checkout/`, { method: "POST", learner: "42", headers: { "content-type": "text/plain" }, body: "{}" }), 415, "unsupported-media-type");
    await problem(await api.call(`/learner/courses/${course}/checkout/`, { method: "POST", learner: "42", headers: { "content-type": "application/json; charset=latin1" }, body: "{}" }), 415, "unsupported-media-type");
    await problem(await api.call("/eligibility/?username=ada", { learner: "42" }), 400, "invalid-input");
    const issues = await problem(await api.call(`/learner/courses/${course}/checkout/`, { method: "POST", learner: "42", json: { providerId: "asu" } }), 400, "invalid-input");
    expect(issues.issues).toContainEqual({ path: ["method"], message: expect.any(String) });
  });

  it("413 over 64 kB, whether the length is declared or the body is streamed", async () => {
    const big = JSON.stringify({ pad: "x".repeat(70_000) });
    await problem(await api.call("/providers/asu/callback/", { method: "POST", headers: { "content-type": "application/json" }, body: big }), 413, "payload-too-large");
    const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent++ < 8) c.enqueue(chunk);
        else c.close();
      },
    });
    const res = await api.call("/providers/asu/callback/", { method: "POST", headers: { "content-type": "application/json" }, body: stream, duplex: "half" } as RequestInit);
    await problem(res, 413, "payload-too-large");
  });

  it("403 for a webhook without its authorization, even with a valid body", async () => {
    const res = await api.call("/webhooks/lms/", { method: "POST", json: { learnerId: "42", courseId: COURSE, event: { type: "enrolled", mode: "verified" } } });
    await problem(res, 403, "forbidden");
    const wrongKind = await api.call("/webhooks/payments/", { method: "POST", headers: { authorization: "Bearer lms-webhook-token" }, json: { learnerId: "42", courseId: COURSE } });
    await problem(wrongKind, 403, "forbidden");
    await problem(await api.lms("42", { type: "enrolled" }), 400, "invalid-input");
  });

  it("purchase refusals: 403 not-eligible, 404 unknown-provider, 409 not-paid / payment-mismatch / duplicate-payment / already-purchased", async () => {
    await problem(await api.call(`/learner/courses/${course}/checkout/`, { method: "POST", learner: "42", json: { providerId: "asu", method: "card", idempotencyKey: "k0" } }), 403, "not-eligible");
    await problem(await api.call(`/learner/courses/${course}/checkout/`, { learner: "42" }), 403, "not-eligible");
    await makeEligibleOverHttp(api);
    await problem(await api.call(`/learner/courses/${course}/checkout/`, { method: "POST", learner: "42", json: { providerId: "nope", method: "card", idempotencyKey: "k0" } }), 404, "unknown-provider");
    await problem(await api.call(`/learner/courses/${course}/request/`, { method: "POST", learner: "42" }), 409, "not-paid");
    const a = (await (await api.call(`/learner/courses/${course}/checkout/`, { method: "POST", learner: "42", json: { providerId: "asu", method: "card", idempotencyKey: "k1" } })).json()) as { checkoutId: string };
    const b = (await (await api.call(`/learner/courses/${course}/checkout/`, { method: "POST", learner: "42", json: { providerId: "hogwarts", method: "card", idempotencyKey: "k2" } })).json()) as { checkoutId: string };
    await problem(await api.pay("42", { checkoutId: b.checkoutId, outcome: "succeeded", paymentId: "p0", amount: 1, currency: "USD" }), 409, "payment-mismatch");
    expect((await api.pay("42", { checkoutId: a.checkoutId, outcome: "succeeded", paymentId: "p1", amount: 60000, currency: "USD" })).status).toBe(200);
    await problem(await api.pay("42", { checkoutId: b.checkoutId, outcome: "succeeded", paymentId: "p2", amount: 45000, currency: "USD" }), 409, "duplicate-payment");
    await problem(await api.call(`/learner/courses/${course}/checkout/`, { method: "POST", learner: "42", json: { providerId: "asu", method: "card", idempotencyKey: "k3" } }), 409, "already-purchased");
    // Paid with asu: Open edX's request route for another provider is refused before anything is written.
    await problem(await api.call("/providers/hogwarts/request/", { method: "POST", learner: "42", json: { username: "ada", course_key: COURSE } }), 409, "not-paid");
    const form = (await (await api.call(`/learner/courses/${course}/request/`, { method: "POST", learner: "42" })).json()) as { kind: string; requestId: string };
    expect(form.kind).toBe("form");
    requestId = form.requestId;
  });

  it("callback refusals: 400 invalid-callback / stale-timestamp, 403 invalid-signature (never echoed), 404 request-not-found / unknown-provider", async () => {
    const now = api.h.clock.now();
    await problem(await api.call("/providers/asu/callback/", { method: "POST", json: { request_uuid: requestId } }), 400, "invalid-callback");
    await problem(await api.call("/providers/asu/callback/", { method: "POST", headers: { "content-type": "application/json" }, body: "not json" }), 400, "invalid-callback");
    await problem(await api.call("/providers/asu/callback/", { method: "POST", json: signedCallback(requestId, "approved", new Date(now.getTime() - 901_000)) }), 400, "stale-timestamp");
    const forged = signedCallback(requestId, "approved", now, "not-the-key");
    const bad = await api.call("/providers/asu/callback/", { method: "POST", json: forged });
    expect(bad.status).toBe(403);
    const text = await bad.text();
    expect(text).not.toContain(forged.signature);
    expect(text).not.toContain("first-secret");
    expect(JSON.parse(text)).toMatchObject({ code: "invalid-signature" });
    await problem(await api.call("/providers/asu/callback/", { method: "POST", json: signedCallback("0".repeat(32), "approved", now) }), 404, "request-not-found");
    await problem(await api.call("/providers/hogwarts/callback/", { method: "POST", json: signedCallback(requestId, "approved", now) }), 404, "unknown-provider");
    await problem(await api.call("/providers/nope/callback/", { method: "POST", json: signedCallback(requestId, "approved", now) }), 404, "unknown-provider");
    // The older key of the rotation is still accepted.
    expect((await api.call("/providers/asu/callback/", { method: "POST", json: signedCallback(requestId, "rejected", now, "older-secret") })).status).toBe(200);
    await problem(await api.call(`/learner/courses/${course}/request/`, { method: "POST", learner: "42" }), 409, "request-completed");
  });

  it("the logs carry no secret, signature or body", () => {
    const text = JSON.stringify(api.logs);
    for (const secret of ["first-secret", "older-secret", "webhook-token", requestId]) expect(text).not.toContain(secret);
  });
});

describe("host failures", () => {
  it("503 unavailable when the catalog fails; 500 internal-error (and a log line naming only the error) when a hook throws", async () => {
    const h = setup();
    const logs: unknown[] = [];
    const failing = { providers: () => Promise.reject(new Error("db password=hunter2 refused")) };
    const handler = createCreditHandler(h.service, {
      ...testOptions(h),
      catalog: failing,
      authenticate: (r) => {
        if (r.headers.get("x-throw")) throw new TypeError("session store secret=abc broke");
        return { learnerId: "42" };
      },
      log: (e) => logs.push(e),
    });
    const server = await listen(handler);
    try {
      const res = await fetch(`${server.url}/api/credit/v1/providers/`);
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(text).not.toContain("hunter2");
      expect(JSON.parse(text)).toMatchObject({ code: "unavailable" });
      const crash = await fetch(`${server.url}/api/credit/v1/learner/dashboard/`, { headers: { "x-throw": "1" } });
      expect(crash.status).toBe(500);
      const crashText = await crash.text();
      expect(crashText).not.toContain("secret=abc");
      expect(JSON.parse(crashText)).toMatchObject({ code: "internal-error", status: 500 });
      expect(logs).toContainEqual({ method: "GET", route: "dashboard", status: 500, code: "internal-error", error: "TypeError" });
      expect(JSON.stringify(logs)).not.toContain("abc");
    } finally {
      await server.close();
    }
  });

  it("a custom base path and a 1 kB limit", async () => {
    const h = setup();
    const server = await listen(createCreditHandler(h.service, { ...testOptions(h), basePath: "/credit/", maxBodyBytes: 1024 }));
    try {
      expect((await fetch(`${server.url}/credit/providers/`, { headers: { "x-learner": "42" } })).status).toBe(200);
      expect((await fetch(`${server.url}/api/credit/v1/providers/`, { headers: { "x-learner": "42" } })).status).toBe(404);
      const res = await fetch(`${server.url}/credit/providers/asu/callback/`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ pad: "x".repeat(2000) }) });
      expect(res.status).toBe(413);
    } finally {
      await server.close();
    }
  });
});

import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { statusOf } from "academic-credit/http";
import { COURSE, signedCallback, startApi } from "./helpers.js";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "PROPFIND", "X-ODD"];
const SEGMENTS = [
  "api", "credit", "v1", "providers", "asu", "hogwarts", "nope", "request", "callback", "eligibility", "learner", "dashboard", "courses",
  encodeURIComponent(COURSE), "progress", "checkout", "webhooks", "lms", "payments", "", "%", "%ZZ", "%E0%A4%A", "%00", "..", ".", "ü", "%2F", "a,b", "x".repeat(300),
];
const CONTENT_TYPES = ["application/json", "application/json; charset=utf-8", "application/problem+json", "text/plain", "application/json; charset=latin1", "multipart/form-data", "", "application/x-www-form-urlencoded"];

const path = fc
  .oneof(
    fc.array(fc.constantFrom(...SEGMENTS), { maxLength: 7 }).map((s) => `/api/credit/v1/${s.join("/")}`),
    fc.array(fc.constantFrom(...SEGMENTS), { maxLength: 7 }).map((s) => `/${s.join("/")}`),
  )
  .chain((p) => fc.constantFrom(p, `${p}/`, `${p}?provider_ids=asu,,x`, `${p}?username=ada&course_key=${encodeURIComponent(COURSE)}`, `${p}?username=%ZZ&course_key=`));

const json = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v));
const body = fc.oneof(
  fc.constant(undefined),
  json,
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }),
  fc.constant(JSON.stringify({ learnerId: "42", courseId: COURSE, event: { type: "enrolled", mode: "verified" } })),
  fc.constant(JSON.stringify({ providerId: "asu", method: "card", idempotencyKey: "k" })),
  fc.constant(JSON.stringify(signedCallback("0".repeat(32), "approved", new Date("2026-01-10T09:00:00Z")))),
  fc.constant(JSON.stringify({ username: "ada", course_key: COURSE })),
);
const headers = fc.record(
  {
    "content-type": fc.constantFrom(...CONTENT_TYPES),
    accept: fc.constantFrom("text/html", "application/json", "*/*"),
    "x-learner": fc.constantFrom("42", "43", "", "1"),
    "x-staff": fc.constantFrom("yes", "no"),
    authorization: fc.constantFrom("Bearer lms-webhook-token", "Bearer payment-webhook-token", "Bearer nope"),
  },
  { requiredKeys: [] },
);

const request = fc.record({ method: fc.constantFrom(...METHODS), path, headers, body });
// Node's HTTP parser itself answers 400 to a method it does not know, before any listener runs.
const serverRequest = fc.record({ method: fc.constantFrom(...METHODS.filter((m) => m !== "X-ODD")), path, headers, body });

async function wellFormed(res: Response, method: string): Promise<void> {
  expect(res.status).toBeGreaterThanOrEqual(200);
  expect(res.status).toBeLessThan(600);
  expect(res.status).not.toBe(500);
  if (method === "HEAD") return;
  const text = await res.text();
  const type = res.headers.get("content-type") ?? "";
  if (res.status >= 400) {
    expect(type).toBe("application/problem+json");
    const p = JSON.parse(text) as { status: number; code: string; type: string; title: string; detail: string };
    expect(p.status).toBe(res.status);
    expect(statusOf(p.code)).toBe(res.status);
    expect(p.type).toBe("about:blank");
    expect(typeof p.detail).toBe("string");
  } else if (type.startsWith("application/json")) {
    JSON.parse(text);
  } else {
    expect(type).toBe("text/html; charset=utf-8");
  }
  expect(text).not.toContain("first-secret");
  expect(text).not.toContain("older-secret");
}

describe("fuzzing the handler", () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.server.close());

  it("always answers a well-formed response through the real server, which stays up", async () => {
    await fc.assert(
      fc.asyncProperty(serverRequest, async (r) => {
        const res = await fetch(`${api.server.url}${r.path}`, {
          method: r.method,
          headers: r.headers,
          body: r.method === "GET" || r.method === "HEAD" || r.body === undefined ? null : r.body,
        });
        await wellFormed(res, r.method);
      }),
      { numRuns: 400 },
    );
    const alive = await fetch(`${api.api}/providers/`, { headers: { "x-learner": "42" } });
    expect(alive.status).toBe(200);
  }, 120_000);

  it("never throws when called directly with any method, path, header and body", async () => {
    await fc.assert(
      fc.asyncProperty(request, fc.constantFrom("http://localhost", "https://h.example:8443"), async (r, origin) => {
        const init: RequestInit = { method: r.method, headers: r.headers };
        if (r.method !== "GET" && r.method !== "HEAD" && r.body !== undefined) init.body = r.body;
        await wellFormed(await api.handler(new Request(`${origin}${r.path}`, init)), r.method);
      }),
      { numRuns: 1000 },
    );
  }, 120_000);
});

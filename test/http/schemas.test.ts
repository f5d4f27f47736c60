import { creditHttpRoutes, creditProblemJsonSchema } from "academic-credit/http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COURSE, startApi } from "./helpers.js";

type Schema = { type?: string; required?: string[]; properties?: Record<string, Schema>; items?: Schema; oneOf?: Schema[]; anyOf?: Schema[]; enum?: unknown[]; const?: unknown };

describe("route documentation generated from the zod schemas", () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.server.close());

  const routes = creditHttpRoutes();

  it("documents twelve routes, each served by the handler (never route-not-found or method-not-allowed)", async () => {
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /providers/",
      "GET /providers/{provider_id}/",
      "POST /providers/{provider_id}/request/",
      "POST /providers/{provider_id}/callback/",
      "GET /eligibility/",
      "GET /learner/dashboard/",
      "GET /learner/courses/{course_id}/progress/",
      "GET /learner/courses/{course_id}/checkout/",
      "POST /learner/courses/{course_id}/checkout/",
      "POST /learner/courses/{course_id}/request/",
      "POST /webhooks/lms/",
      "POST /webhooks/payments/",
    ]);
    for (const r of routes) {
      const path = r.path.replace("{provider_id}", "asu").replace("{course_id}", encodeURIComponent(COURSE));
      const res = await api.call(path, { method: r.method, learner: "42", ...(r.method === "POST" ? { json: {} } : {}) });
      const body = (await res.json()) as { code?: string };
      expect([r.name, body.code]).not.toEqual([r.name, "route-not-found"]);
      expect([r.name, body.code]).not.toEqual([r.name, "method-not-allowed"]);
    }
  });

  it("every schema is draft 2020-12, and each request schema names the fields the service requires", () => {
    for (const r of routes) {
      expect(r.response.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
      if (r.request !== undefined) expect(r.request.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    }
    const by = (name: string) => routes.find((r) => r.name === name)!;
    expect((by("provider-callback").request as Schema).required).toEqual(["request_uuid", "status", "timestamp", "signature"]);
    expect((by("start-checkout").request as Schema).required).toEqual(["providerId", "method", "idempotencyKey"]);
    expect((by("payment-webhook").request as Schema).required?.sort()).toEqual(["amount", "checkoutId", "courseId", "currency", "learnerId", "outcome", "paymentId"]);
    expect((by("provider-request").request as Schema).required).toEqual(["username", "course_key"]);
    const event = (by("lms-webhook").request as Schema).properties?.event as Schema;
    const types = (event.oneOf ?? event.anyOf ?? []).map((s) => s.properties?.type?.const);
    expect(types).toContain("enrolled");
    expect(types).toContain("exam-reviewed");
    expect(by("start-checkout").created).toBe(201);
    expect(Object.keys((by("providers").response as Schema).items?.properties ?? {})).toEqual([
      "id", "display_name", "url", "status_url", "description", "enable_integration", "fulfillment_instructions", "thumbnail_url",
    ]);
    expect((by("eligibility").response as Schema).items?.required).toEqual(["username", "course_key", "deadline"]);
  });

  it("the problem schema requires type, title, status, code and detail", () => {
    expect((creditProblemJsonSchema() as Schema).required).toEqual(["type", "title", "status", "code", "detail"]);
  });
});

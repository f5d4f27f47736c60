import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COURSE, edxV1, makeEligibleOverHttp, signedCallback, startApi } from "./helpers.js";

const course = encodeURIComponent(COURSE);

describe("the whole journey through a real server on 127.0.0.1", () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.server.close());

  let requestId = "";

  it("LMS webhooks take Ada to eligibility; Open edX's eligibility route lists her open deadline", async () => {
    const before = await api.call(`/eligibility/?username=ada&course_key=${course}`, { learner: "42" });
    expect(before.status).toBe(200);
    expect(await before.json()).toEqual([]);

    await makeEligibleOverHttp(api);
    const res = await api.call(`/eligibility/?username=ada&course_key=${course}`, { learner: "42" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toEqual([{ username: "ada", course_key: COURSE, deadline: "2027-06-30T23:59:00Z" }]);
  });

  it("the learner routes answer progress, dashboard and the checkout options", async () => {
    const progress = await api.call(`/learner/courses/${course}/progress/`, { learner: "42" });
    expect(progress.status).toBe(200);
    const view = (await progress.json()) as { status: string; title: string };
    expect(view).toMatchObject({ title: "Requirements for Course Credit", status: "eligible" });

    const dashboard = await api.call("/learner/dashboard", { learner: "42" });
    expect(dashboard.status).toBe(200);
    expect(((await dashboard.json()) as { status: string }[]).map((t) => t.status)).toEqual(["eligible"]);

    const options = await api.call(`/learner/courses/${course}/checkout/`, { learner: "42" });
    expect(options.status).toBe(200);
    expect(((await options.json()) as { providerId: string }[]).map((o) => o.providerId)).toEqual(["asu", "hogwarts"]);
  });

  let checkoutId = "";
  it("start checkout answers 201, the same idempotency key 200 with the same checkout", async () => {
    const first = await api.call(`/learner/courses/${course}/checkout/`, { method: "POST", learner: "42", json: { providerId: "asu", method: "card", idempotencyKey: "k1" } });
    expect(first.status).toBe(201);
    const started = (await first.json()) as { checkoutId: string; result: string };
    expect(started.result).toBe("started");
    checkoutId = started.checkoutId;
    const again = await api.call(`/learner/courses/${course}/checkout/`, { method: "POST", learner: "42", json: { providerId: "asu", method: "card", idempotencyKey: "k1" } });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ checkoutId, result: "existing" });
  });

  it("the payment webhook records the payment; a repeat is a no-op", async () => {
    const result = { checkoutId, outcome: "succeeded", paymentId: "pay-1", amount: 60000, currency: "USD" };
    const paid = await api.pay("42", result);
    expect(paid.status).toBe(200);
    const again = await api.pay("42", result);
    expect(again.status).toBe(200);
    const dashboard = (await (await api.call("/learner/dashboard/", { learner: "42" })).json()) as { status: string }[];
    expect(dashboard[0]?.status).toBe("must-request");
  });

  it("Open edX's request route answers the signed parameters, and the signature checks out with node:crypto", async () => {
    const res = await api.call("/providers/asu/request/", { method: "POST", learner: "42", json: { username: "ada", course_key: COURSE } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { url: string; method: string; parameters: Record<string, string> };
    expect(body.url).toBe("https://credit.example.edu/request");
    expect(body.method).toBe("POST");
    expect(Object.keys(body.parameters).sort()).toEqual(
      [
        "course_completion_timestamp", "course_num", "course_org", "course_run", "enrollment_timestamp", "final_grade", "request_uuid",
        "signature", "timestamp", "user_country", "user_email", "user_full_name", "user_mailing_address", "user_username",
      ].sort(),
    );
    expect(body.parameters).toMatchObject({ course_org: "MITx", course_num: "6.002x", course_run: "2026_T1", final_grade: "0.85", user_username: "ada", user_country: "GB" });
    expect(body.parameters.signature).toBe(edxV1(body.parameters, "first-secret"));
    requestId = body.parameters.request_uuid!;
    expect(requestId).toMatch(/^[0-9a-f]{32}$/);
  });

  it("the learner route with Accept: text/html answers the auto-submitting form under a strict CSP", async () => {
    const res = await api.call(`/learner/courses/${course}/request/`, { method: "POST", learner: "42", headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("content-security-policy")).toContain("form-action https://credit.example.edu");
    const html = await res.text();
    expect(html).toContain('action="https://credit.example.edu/request"');
    expect(html).toContain(`name="request_uuid" value="${requestId}"`);
  });

  it("a provider callback signed with node:crypto is recorded; a repeat is a duplicate (200); the other decision conflicts (409)", async () => {
    const now = api.h.clock.now();
    const approve = await api.call("/providers/asu/callback/", { method: "POST", json: signedCallback(requestId, "approved", now) });
    expect(approve.status).toBe(200);
    expect(await approve.json()).toEqual({ requestId, providerId: "asu", result: "recorded", status: "approved" });

    const duplicate = await api.call("/providers/asu/callback/", { method: "POST", json: signedCallback(requestId, "approved", now) });
    expect(duplicate.status).toBe(200);
    expect(((await duplicate.json()) as { result: string }).result).toBe("duplicate");

    const pending = await api.call("/providers/asu/callback/", { method: "POST", json: signedCallback(requestId, "pending", now) });
    expect(pending.status).toBe(200);
    expect(((await pending.json()) as { result: string }).result).toBe("acknowledged");

    const conflict = await api.call("/providers/asu/callback/", { method: "POST", json: signedCallback(requestId, "rejected", now) });
    expect(conflict.status).toBe(409);
    expect(conflict.headers.get("content-type")).toBe("application/problem+json");
    expect(await conflict.json()).toMatchObject({ type: "about:blank", title: "Conflict", status: 409, code: "conflicting-decision" });

    const dashboard = (await (await api.call("/learner/dashboard/", { learner: "42" })).json()) as { status: string }[];
    expect(dashboard[0]?.status).toBe("approved");
  });

  it("logs one entry per request with the route's name, never a path, a body or a signature", () => {
    expect(api.logs.length).toBeGreaterThan(10);
    const text = JSON.stringify(api.logs);
    expect(text).not.toContain(requestId);
    expect(text).not.toContain("first-secret");
    expect(text).not.toContain("ada");
    expect(api.logs).toContainEqual({ method: "POST", route: "provider-callback", status: 409, code: "conflicting-decision" });
  });
});

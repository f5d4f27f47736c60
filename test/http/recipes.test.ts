import { once } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import express from "express";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { createCreditHandler, toNodeListener } from "academic-credit/http";
import { setup } from "../service/harness.js";
import { listen, signedCallback, testOptions } from "./helpers.js";
import * as nextRoute from "./recipes/next-route.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

async function serve(listener: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const s = await listen(listener);
  closers.push(s.close);
  return s.url;
}

/** Raw HTTP/1.1 over a socket, for request targets fetch cannot send. */
async function raw(url: string, text: string): Promise<string> {
  const { port } = new URL(url);
  const socket = connect(Number(port), "127.0.0.1");
  await once(socket, "connect");
  socket.write(text);
  let out = "";
  socket.setEncoding("utf8");
  socket.on("data", (d: string) => (out += d));
  await once(socket, "end");
  return out;
}

function handlerOnHarness() {
  const h = setup();
  return { h, handler: createCreditHandler(h.service, testOptions(h)) };
}

describe("mounting recipes, each behind a real server on 127.0.0.1", () => {
  it("node:http with toNodeListener", async () => {
    const { handler } = handlerOnHarness();
    const url = await serve(toNodeListener(handler));
    const res = await fetch(`${url}/api/credit/v1/providers/asu/`, { headers: { "x-learner": "42" } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: string }).id).toBe("asu");
  });

  it("toNodeListener: absolute-form and odd targets, HEAD, several Set-Cookie headers, a handler that throws, forwarded headers", async () => {
    const seen: string[] = [];
    const echo = async (request: Request) => {
      seen.push(request.url);
      if (request.headers.get("x-fail")) throw new Error("boom");
      const headers = new Headers({ "content-type": "text/plain" });
      headers.append("set-cookie", "a=1");
      headers.append("set-cookie", "b=2");
      return new Response(`${request.method} ${new URL(request.url).pathname} ${await request.text()}`, { headers });
    };
    const url = await serve(toNodeListener(echo));
    const res = await fetch(`${url}/x/y?z=1`, { method: "POST", body: "hello" });
    expect(await res.text()).toBe("POST /x/y hello");
    expect(res.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    const head = await fetch(`${url}/h`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const failed = await fetch(`${url}/f`, { headers: { "x-fail": "1" } });
    expect(failed.status).toBe(500);
    expect(await failed.text()).toBe("Internal Server Error");
    const absolute = await raw(url, "GET http://elsewhere.example/abs HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    expect(absolute).toMatch(/^HTTP\/1\.1 200/);
    const badHost = await raw(url, "GET /ok HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n");
    expect(badHost).toMatch(/^HTTP\/1\.1 (200|400)/);
    expect(seen.some((u) => u.endsWith("/abs"))).toBe(true);

    const proxied = await serve(toNodeListener(async (r) => new Response(r.url), { trustProxy: true }));
    const viaProxy = await fetch(`${proxied}/p`, { headers: { "x-forwarded-proto": "https", "x-forwarded-host": "credit.example.edu" } });
    expect(await viaProxy.text()).toBe("https://credit.example.edu/p");
    const direct = await serve(toNodeListener(async (r) => new Response(r.url)));
    const notTrusted = await fetch(`${direct}/p`, { headers: { "x-forwarded-proto": "https", "x-forwarded-host": "credit.example.edu" } });
    expect(await notTrusted.text()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/p$/);
  });

  it("toNodeListener aborts the request's signal when the client goes away", async () => {
    let aborted: Promise<void> | undefined;
    const url = await serve(
      toNodeListener(async (request) => {
        aborted = new Promise((resolve) => request.signal.addEventListener("abort", () => resolve()));
        await aborted;
        return new Response("late");
      }),
    );
    const controller = new AbortController();
    const pending = fetch(`${url}/slow`, { signal: controller.signal }).catch(() => "aborted");
    while (aborted === undefined) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    expect(await pending).toBe("aborted");
    await aborted;
  });

  it("Hono: app.all(basePath/*) hands c.req.raw to the handler", async () => {
    const { handler } = handlerOnHarness();
    const app = new Hono();
    app.get("/health", (c) => c.text("ok"));
    app.all("/api/credit/v1/*", (c) => handler(c.req.raw));
    const url = await serve(toNodeListener(app.fetch));
    expect(await (await fetch(`${url}/health`)).text()).toBe("ok");
    const res = await fetch(`${url}/api/credit/v1/providers/`, { headers: { "x-learner": "42" } });
    expect(res.status).toBe(200);
    const callback = await fetch(`${url}/api/credit/v1/providers/asu/callback/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(signedCallback("0".repeat(32), "approved", new Date("2026-01-10T09:00:00Z"))),
    });
    expect(callback.status).toBe(404);
    expect(await callback.json()).toMatchObject({ code: "request-not-found" });
  });

  it("Express: app.use(basePath, toNodeListener(handler)) before any body parser", async () => {
    const { handler } = handlerOnHarness();
    const app = express();
    app.use("/api/credit/v1", toNodeListener(handler));
    app.use(express.json());
    app.post("/other", (req, res) => {
      res.json({ got: req.body });
    });
    const server = app.listen(0, "127.0.0.1");
    await once(server, "listening");
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const res = await fetch(`${url}/api/credit/v1/providers/?provider_ids=hogwarts`, { headers: { "x-learner": "42" } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: string }[]).map((p) => p.id)).toEqual(["hogwarts"]);
    const problem = await fetch(`${url}/api/credit/v1/providers/asu/callback/`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect(problem.status).toBe(400);
    expect(await problem.json()).toMatchObject({ code: "invalid-callback" });
    const other = await fetch(`${url}/other`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":1}' });
    expect(await other.json()).toEqual({ got: { a: 1 } });
  });

  it("Next.js route handlers: the exported GET and POST, called with real Requests a real server received", async () => {
    // Next calls the function named after the method; without installing next, a server does the same.
    const dispatch = toNodeListener(async (request) => {
      const fn = (nextRoute as unknown as Record<string, ((r: Request) => Promise<Response>) | undefined>)[request.method];
      return fn === undefined ? new Response(null, { status: 405 }) : fn(request);
    });
    const url = await serve(dispatch);
    const res = await fetch(`${url}/api/credit/v1/providers/`, { headers: { "x-learner": "42" } });
    expect(res.status).toBe(200);
    const post = await fetch(`${url}/api/credit/v1/providers/asu/request/`, {
      method: "POST",
      headers: { "x-learner": "42", "content-type": "application/json" },
      body: JSON.stringify({ username: "ada", course_key: nextRoute.harness.policy.courseId }),
    });
    expect(post.status).toBe(403);
    expect(await post.json()).toMatchObject({ code: "not-eligible" });
    expect((await fetch(`${url}/api/credit/v1/providers/`, { method: "PUT" })).status).toBe(405);
  });
});

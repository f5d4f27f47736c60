/**
 * The parts of Node's `IncomingMessage` that {@link toNodeListener} reads (Express's request is
 * one too). Structural, so this module imports nothing from Node and bundles for any runtime.
 *
 * @example
 * ```ts
 * import type { NodeRequestLike } from "academic-credit/http";
 * import type { IncomingMessage } from "node:http";
 * const accepts = (req: IncomingMessage): NodeRequestLike => req;
 * ```
 */
export interface NodeRequestLike extends AsyncIterable<Uint8Array | string> {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  /** Express keeps the full path here when the listener is mounted under a prefix. */
  readonly originalUrl?: string | undefined;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** A TLS socket has `encrypted: true`. */
  readonly socket?: unknown;
}

/**
 * The parts of Node's `ServerResponse` that {@link toNodeListener} writes.
 *
 * @example
 * ```ts
 * import type { NodeResponseLike } from "academic-credit/http";
 * import type { ServerResponse } from "node:http";
 * const accepts = (res: ServerResponse): NodeResponseLike => res;
 * ```
 */
export interface NodeResponseLike {
  readonly headersSent: boolean;
  writeHead(status: number, headers: Record<string, string | string[]>): unknown;
  write(chunk: Uint8Array): boolean;
  end(chunk?: string): unknown;
  once(event: "drain" | "close", listener: () => void): unknown;
  destroy(error?: Error): unknown;
}

/**
 * Options of {@link toNodeListener}.
 *
 * @example
 * ```ts
 * import type { NodeListenerOptions } from "academic-credit/http";
 * const options: NodeListenerOptions = { trustProxy: true };
 * ```
 */
export interface NodeListenerOptions {
  /** Take the scheme and host from `x-forwarded-proto` / `x-forwarded-host` (behind a proxy you trust). Default false. */
  readonly trustProxy?: boolean;
}

const first = (v: string | readonly string[] | undefined): string | undefined => (typeof v === "string" ? v : v?.[0]);

/**
 * Adapts a Fetch-API handler (`(request: Request) => Promise<Response>`) to a Node
 * `http.createServer` / Express listener: builds a `Request` (the body streamed, aborted when the
 * client goes away), writes the `Response` back with backpressure. Never throws: a handler that
 * fails answers a bare 500.
 *
 * @param handler - e.g. the result of `createCreditHandler`.
 * @param options - proxy handling.
 * @returns the `(req, res)` listener.
 * @example
 * ```ts
 * import { createServer } from "node:http";
 * import { toNodeListener } from "academic-credit/http";
 * const server = createServer(toNodeListener(async () => new Response("ok")));
 * server.close();
 * ```
 */
export function toNodeListener(
  handler: (request: Request) => Response | Promise<Response>,
  options: NodeListenerOptions = {},
): (req: NodeRequestLike, res: NodeResponseLike) => void {
  return (req, res) => {
    void serve(handler, options, req, res);
  };
}

async function serve(handler: (request: Request) => Response | Promise<Response>, options: NodeListenerOptions, req: NodeRequestLike, res: NodeResponseLike): Promise<void> {
  const aborted = new AbortController();
  let finished = false;
  res.once("close", () => {
    if (!finished) aborted.abort();
  });
  try {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || name.startsWith(":")) continue;
      for (const v of typeof value === "string" ? [value] : value) {
        try {
          headers.append(name, v);
        } catch {
          // A header value fetch refuses (a control character): dropped.
        }
      }
    }
    const proto = options.trustProxy ? first(req.headers["x-forwarded-proto"])?.split(",")[0]?.trim() : undefined;
    const host = (options.trustProxy ? first(req.headers["x-forwarded-host"]) : undefined) ?? first(req.headers.host) ?? "localhost";
    const scheme = proto === "https" || proto === "http" ? proto : (req.socket as { encrypted?: unknown } | null | undefined)?.encrypted === true ? "https" : "http";
    const path = req.originalUrl ?? req.url ?? "/";
    // Concatenated, not resolved against a base: a path such as `//x` must stay a path.
    const target = path.startsWith("/") ? path : `/${path}`;
    let url: URL | undefined;
    for (const h of [host, "localhost"]) {
      try {
        url = new URL(`${scheme}://${h}${target}`);
        break;
      } catch {
        // A Host header that is no host: try again with localhost.
      }
    }
    const method = (req.method ?? "GET").toUpperCase();
    const hasBody = method !== "GET" && method !== "HEAD";
    const iterator = req[Symbol.asyncIterator]();
    const encoder = new TextEncoder();
    const body = hasBody
      ? new ReadableStream<Uint8Array>({
          async pull(controller) {
            try {
              const next = await iterator.next();
              if (next.done) controller.close();
              else controller.enqueue(typeof next.value === "string" ? encoder.encode(next.value) : new Uint8Array(next.value));
            } catch (e) {
              controller.error(e);
            }
          },
          async cancel() {
            await iterator.return?.();
          },
        })
      : null;
    let request: Request;
    try {
      if (url === undefined) throw new TypeError("unreadable request target");
      request = new Request(url, { method, headers, body, signal: aborted.signal, ...(body === null ? {} : { duplex: "half" }) } as RequestInit);
    } catch {
      // A target that is no URL, or a method fetch refuses (CONNECT, TRACE, a token with odd characters).
      finished = true;
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
      res.end("Bad Request");
      return;
    }
    const response = await handler(request);
    const out: Record<string, string | string[]> = {};
    response.headers.forEach((value, name) => {
      if (name !== "set-cookie") out[name] = value;
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0) out["set-cookie"] = cookies;
    res.writeHead(response.status, out);
    if (response.body === null || method === "HEAD") {
      finished = true;
      res.end();
      return;
    }
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (aborted.signal.aborted) {
        await reader.cancel();
        return;
      }
      if (!res.write(value)) await new Promise<void>((resolve) => {
        res.once("drain", resolve);
        res.once("close", resolve);
      });
    }
    finished = true;
    res.end();
  } catch {
    finished = true;
    try {
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        res.end("Internal Server Error");
      } else {
        res.destroy();
      }
    } catch {
      // The connection is gone.
    }
  }
}

import type { CourseId, LearnerId } from "../ids/index.js";
import type { Catalog, Clock } from "../ports/index.js";
import type { Provider } from "../providers/model.js";
import type { Result } from "../result/index.js";
import type { CreditService } from "../service/index.js";
import { fields, readJson, readText, type Refusal } from "./body.js";
import { creditRequestFormPolicy, renderCreditRequestForm } from "./form.js";
import { problemCodeOf, problemResponse, type HttpProblemCode } from "./problem.js";

/**
 * Who is calling, as the host's `authenticate` hook says: a learner, and whether they are staff.
 *
 * @example
 * ```ts
 * import type { CreditPrincipal } from "academic-credit/http";
 * const ada: CreditPrincipal = { learnerId: "42" };
 * const support: CreditPrincipal = { learnerId: "7", staff: true };
 * ```
 */
export interface CreditPrincipal {
  readonly learnerId: LearnerId | string;
  /** Staff may act for any learner on the Open edX routes (Open edX's `IsStaffOrOwner`). */
  readonly staff?: boolean;
}

/**
 * The webhooks the handler accepts, for {@link CreditHandlerOptions.authorizeWebhook}.
 *
 * @example
 * ```ts
 * import type { CreditWebhookKind } from "academic-credit/http";
 * const kind: CreditWebhookKind = "payment";
 * ```
 */
export type CreditWebhookKind = "lms" | "payment";

/**
 * One log line per request: the route's name (never the path or query, which carry usernames and
 * ids), the status and the problem code. Bodies, headers and signatures are never logged.
 *
 * @example
 * ```ts
 * import type { CreditHttpLogEntry } from "academic-credit/http";
 * const entry: CreditHttpLogEntry = { method: "POST", route: "provider-callback", status: 200 };
 * ```
 */
export interface CreditHttpLogEntry {
  readonly method: string;
  /** The route's name, `unmatched` when no route matched. */
  readonly route: string;
  readonly status: number;
  readonly code?: HttpProblemCode;
  /** For a 500: the name of what was thrown (never its message). */
  readonly error?: string;
}

/**
 * Options of {@link createCreditHandler}.
 *
 * @example
 * ```ts
 * import type { CreditHandlerOptions } from "academic-credit/http";
 * import { createMemoryCatalog } from "academic-credit/adapters/memory";
 * const options: CreditHandlerOptions = {
 *   catalog: createMemoryCatalog(),
 *   authenticate: (request) => (request.headers.get("x-learner") ? { learnerId: request.headers.get("x-learner")! } : undefined),
 * };
 * ```
 */
export interface CreditHandlerOptions {
  /** The catalog the service was given: the provider routes list its providers. */
  readonly catalog: Pick<Catalog, "providers">;
  /** The session of a learner request: a principal, or `undefined` (401). Without the hook every learner route answers 401. */
  readonly authenticate?: (request: Request) => CreditPrincipal | undefined | Promise<CreditPrincipal | undefined>;
  /**
   * Whether an LMS or payment webhook is genuine, given the raw body text (to check the sender's
   * signature). Without the hook every webhook answers 403.
   */
  readonly authorizeWebhook?: (request: Request, context: { readonly kind: CreditWebhookKind; readonly body: string }) => boolean | Promise<boolean>;
  /**
   * Maps an Open edX `username` to the learner id (default: the username is the learner id, as in
   * Open edX, whose credit tables are keyed by username). `undefined`: no such learner.
   */
  readonly resolveUsername?: (username: string) => LearnerId | string | undefined | Promise<LearnerId | string | undefined>;
  /** The clock the service was given; the eligibility route lists only deadlines still open at `now()`. */
  readonly clock?: Clock;
  /** Largest accepted body in bytes (default 64 kB); larger bodies answer 413. */
  readonly maxBodyBytes?: number;
  /** Path prefix of every route (default `/api/credit/v1`). */
  readonly basePath?: string;
  /** Receives one entry per request (never a body, a header or a signature). */
  readonly log?: (entry: CreditHttpLogEntry) => void;
}

/** A Web-standard request handler: what {@link createCreditHandler} answers. */
export type CreditHandler = (request: Request) => Promise<Response>;

interface Ctx {
  readonly request: Request;
  readonly params: readonly string[];
  readonly url: URL;
}

interface Route {
  readonly name: string;
  readonly method: "GET" | "POST";
  /** Path segments after the base path; `*` is a parameter. */
  readonly path: readonly string[];
  readonly run: (ctx: Ctx) => Promise<Response>;
}

const JSON_HEADERS = { "content-type": "application/json", "cache-control": "no-store" };

/** Internal: a JSON response. */
function json(value: unknown, status = 200): Response {
  return new Response(JSON.stringify(value), { status, headers: JSON_HEADERS });
}

function answer<T>(result: Result<T>, status = 200, map: (v: T) => unknown = (v) => v): Response {
  return result.ok ? json(map(result.value), status) : problemResponse(result.error);
}

/** Thrown inside a route to answer a problem (never escapes the handler). */
class Problem {
  constructor(
    readonly code: HttpProblemCode,
    readonly message: string,
    readonly data: Readonly<Record<string, unknown>> = {},
  ) {}
}

const fail = (code: HttpProblemCode, message: string, data?: Readonly<Record<string, unknown>>): never => {
  throw new Problem(code, message, data);
};

const PROVIDER_ID = /^[A-Za-z0-9-]+$/;

/** Open edX's provider serializer field names. */
function toOpenEdxProvider(p: Provider) {
  return {
    id: p.id,
    display_name: p.displayName,
    url: p.url,
    status_url: p.statusUrl,
    description: p.description ?? "",
    enable_integration: p.integration === "signed-request",
    fulfillment_instructions: p.fulfillmentInstructions ?? null,
    thumbnail_url: p.thumbnailUrl ?? "",
  };
}

/** ISO-8601 UTC without milliseconds when they are zero, as Django REST framework writes datetimes. */
const toIso = (d: Date): string => d.toISOString().replace(".000Z", "Z");

const prefers = (request: Request, type: string): boolean => (request.headers.get("accept") ?? "").toLowerCase().includes(type);

/**
 * Creates the HTTP handler of the credit API: a function from a Web-standard `Request` to a
 * `Response` (runs unchanged on Node ≥ 20, Deno, Bun and Workers; no framework). Routes, under
 * `basePath` (default `/api/credit/v1`), trailing slash optional:
 *
 * - Open edX's credit API, same paths and JSON field names: `GET providers/` (`?provider_ids=a,b`),
 *   `GET providers/{id}/`, `POST providers/{id}/request/` (`{ username, course_key }`: the signed
 *   parameters; the learner themself or staff), `POST providers/{id}/callback/` (the provider's
 *   signed callback; no session), `GET eligibility/?username=&course_key=`.
 * - The learner's own: `GET learner/dashboard/`, `GET learner/courses/{course}/progress/`,
 *   `GET|POST learner/courses/{course}/checkout/`, `POST learner/courses/{course}/request/`
 *   (JSON, or the auto-submitting form with `Accept: text/html`).
 * - Webhooks: `POST webhooks/lms/` (`{ learnerId, courseId, event, eventId? }`) and
 *   `POST webhooks/payments/` (`{ learnerId, courseId, checkoutId, outcome, paymentId, amount, currency }`).
 *
 * Every refusal is an RFC 9457 `application/problem+json` document with our `code`; the handler
 * never throws and never puts a secret or a signature in a body or a log entry.
 *
 * @param service - the credit service.
 * @param options - catalog, hooks and limits.
 * @returns the handler.
 * @example
 * ```ts
 * import { createCreditService } from "academic-credit";
 * import {
 *   createManualClock, createMemoryCatalog, createMemoryMailer, createMemoryPaymentGateway,
 *   createMemoryProviderKeys, createMemoryStore, createSequentialIds,
 * } from "academic-credit/adapters/memory";
 * import { createCreditHandler } from "academic-credit/http";
 *
 * const catalog = createMemoryCatalog();
 * const service = createCreditService({
 *   store: createMemoryStore(), payments: createMemoryPaymentGateway(), mailer: createMemoryMailer(),
 *   clock: createManualClock(new Date("2026-01-10T09:00:00Z")), ids: createSequentialIds(),
 *   keys: createMemoryProviderKeys(), catalog,
 * });
 * const handler = createCreditHandler(service, { catalog, authenticate: () => ({ learnerId: "42" }) });
 * const response = await handler(new Request("http://localhost/api/credit/v1/providers/"));
 * response.status; // 200
 * ```
 */
export function createCreditHandler(service: CreditService, options: CreditHandlerOptions): CreditHandler {
  const limit = options.maxBodyBytes ?? 64 * 1024;
  const base = (options.basePath ?? "/api/credit/v1").replace(/\/+$/, "");
  const baseSegments = base === "" ? [] : base.slice(1).split("/");
  const resolveUsername = options.resolveUsername ?? ((u: string) => u);
  const now = (): Date => (options.clock ?? { now: () => new Date(performance.timeOrigin + performance.now()) }).now();

  const principal = async (request: Request): Promise<CreditPrincipal> => {
    const p = options.authenticate === undefined ? undefined : await options.authenticate(request);
    if (p === undefined || p === null || typeof p.learnerId !== "string" || p.learnerId === "") fail("unauthenticated", "Sign in to use this route");
    return p as CreditPrincipal;
  };

  const body = async (request: Request, invalid: Refusal["code"] = "invalid-input") => {
    const read = await readJson(request, limit, invalid === "invalid-callback" ? "invalid-callback" : "invalid-input");
    if (!read.ok) fail(read.error.code, read.error.message);
    return (read as { value: { value: unknown; text: string } }).value;
  };

  const must = <T>(r: Result<T>): T => {
    if (!r.ok) throw new Problem(r.error.code, r.error.message, r.error);
    return r.value;
  };

  /** Open edX's permission rule: the learner themself, or staff. */
  const actingFor = async (who: CreditPrincipal, username: string): Promise<LearnerId> => {
    const learnerId = await resolveUsername(username);
    if (who.staff === true) {
      if (typeof learnerId !== "string" || learnerId === "") fail("not-eligible", "This learner is not eligible for credit in this course");
      return learnerId as LearnerId;
    }
    if (learnerId !== who.learnerId) fail("forbidden", "Only the learner themself or staff may do this");
    return who.learnerId as LearnerId;
  };

  const webhook = async (request: Request, kind: CreditWebhookKind) => {
    const { value, text } = await body(request);
    const allowed = options.authorizeWebhook !== undefined && (await options.authorizeWebhook(request, { kind, body: text })) === true;
    if (!allowed) fail("forbidden", "This webhook is not authorized");
    return must(fields(value, ["learnerId", "courseId"] as const)) && (value as Record<string, unknown>);
  };

  const routes: readonly Route[] = [
    {
      name: "providers",
      method: "GET",
      path: ["providers"],
      run: async ({ request, url }) => {
        await principal(request);
        const list = must(await attempt(() => options.catalog.providers()));
        const filter = url.searchParams.get("provider_ids");
        const ids = filter ? new Set(filter.split(",")) : undefined;
        return json(list.filter((p) => ids === undefined || ids.has(p.id)).map(toOpenEdxProvider));
      },
    },
    {
      name: "provider",
      method: "GET",
      path: ["providers", "*"],
      run: async ({ request, params }) => {
        await principal(request);
        return json(toOpenEdxProvider(await provider(params[0]!)));
      },
    },
    {
      name: "provider-request",
      method: "POST",
      path: ["providers", "*", "request"],
      run: async ({ request, params }) => {
        const who = await principal(request);
        const p = await provider(params[0]!);
        const { username, course_key } = must(fields((await body(request)).value, ["username", "course_key"] as const));
        const learnerId = await actingFor(who, username);
        const courseId = course_key as CourseId;
        const state = must(await service.getState(learnerId, courseId));
        // Open edX checks eligibility first (`UserNotEligibleException`).
        if (state.record.grant === undefined) fail("not-eligible", "This learner is not eligible for credit in this course");
        const paid = state.record.purchase.purchase;
        if (paid !== null && paid.providerId !== p.id) fail("not-paid", `Credit in this course was paid for with another provider, not "${p.id}"`);
        const action = must(await service.requestCredit(learnerId, courseId));
        return json(action.kind === "form" ? { url: action.url, method: "POST", parameters: action.parameters } : { url: action.url, method: "GET", parameters: {} });
      },
    },
    {
      name: "provider-callback",
      method: "POST",
      path: ["providers", "*", "callback"],
      run: async ({ request, params }) => {
        const { value } = await body(request, "invalid-callback");
        const signature = typeof value === "object" && value !== null ? (value as { signature?: unknown }).signature : undefined;
        const r = await service.handleProviderCallback(params[0]!, value);
        return r.ok ? json(r.value) : problemResponse(r.error, {}, typeof signature === "string" ? signature : undefined);
      },
    },
    {
      name: "eligibility",
      method: "GET",
      path: ["eligibility"],
      run: async ({ request, url }) => {
        const username = url.searchParams.get("username") ?? "";
        const courseKey = url.searchParams.get("course_key") ?? "";
        if (username === "" || courseKey === "") fail("invalid-input", "Both the course_key and username query parameters must be supplied");
        const learnerId = await actingFor(await principal(request), username);
        const state = await service.getState(learnerId, courseKey as CourseId);
        // An unknown learner or course has no eligibility, as Open edX answers: an empty list.
        if (!state.ok && state.error.code === "invalid-input") return json([]);
        const deadline = must(state).record.grant?.deadline;
        return json(deadline !== undefined && deadline.getTime() > now().getTime() ? [{ username, course_key: courseKey, deadline: toIso(deadline) }] : []);
      },
    },
    {
      name: "dashboard",
      method: "GET",
      path: ["learner", "dashboard"],
      run: async ({ request }) => answer(await service.dashboard((await principal(request)).learnerId as LearnerId)),
    },
    {
      name: "progress",
      method: "GET",
      path: ["learner", "courses", "*", "progress"],
      run: async ({ request, params }) => answer(await service.progress((await principal(request)).learnerId as LearnerId, params[0] as CourseId)),
    },
    {
      name: "checkout-options",
      method: "GET",
      path: ["learner", "courses", "*", "checkout"],
      run: async ({ request, params }) => answer(await service.checkoutOptions((await principal(request)).learnerId as LearnerId, params[0] as CourseId)),
    },
    {
      name: "start-checkout",
      method: "POST",
      path: ["learner", "courses", "*", "checkout"],
      run: async ({ request, params }) => {
        const who = await principal(request);
        const r = await service.startCheckout(who.learnerId as LearnerId, params[0] as CourseId, (await body(request)).value as never);
        return answer(r, r.ok && r.value.result === "started" ? 201 : 200);
      },
    },
    {
      name: "request-credit",
      method: "POST",
      path: ["learner", "courses", "*", "request"],
      run: async ({ request, params }) => {
        const who = await principal(request);
        // No body is needed; whatever is sent must still be within the limit.
        const drained = await readText(request, limit);
        if (!drained.ok) fail(drained.error.code, drained.error.message);
        const action = must(await service.requestCredit(who.learnerId as LearnerId, params[0] as CourseId));
        if (action.kind === "form" && prefers(request, "text/html")) {
          return new Response(renderCreditRequestForm(action), {
            headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "content-security-policy": creditRequestFormPolicy(action.url) },
          });
        }
        return json(action);
      },
    },
    {
      name: "lms-webhook",
      method: "POST",
      path: ["webhooks", "lms"],
      run: async ({ request }) => {
        const b = await webhook(request, "lms");
        const eventId = b.eventId;
        return answer(
          await service.recordEvent(b.learnerId as LearnerId, b.courseId as CourseId, b.event, eventId === undefined ? {} : { eventId: eventId as string }),
          200,
          (o) => ({ events: o.events, eligibility: { status: o.eligibility.status } }),
        );
      },
    },
    {
      name: "payment-webhook",
      method: "POST",
      path: ["webhooks", "payments"],
      run: async ({ request }) => {
        const { learnerId, courseId, ...command } = await webhook(request, "payment");
        return answer(await service.recordPaymentResult(learnerId as LearnerId, courseId as CourseId, command as never));
      },
    },
  ];

  async function provider(id: string): Promise<Provider> {
    if (!PROVIDER_ID.test(id)) fail("unknown-provider", "Unknown credit provider");
    const list = must(await attempt(() => options.catalog.providers()));
    return list.find((p) => p.id === id) ?? fail("unknown-provider", `Unknown credit provider "${id}"`);
  }

  const log = (entry: CreditHttpLogEntry): void => {
    try {
      options.log?.(entry);
    } catch {
      // A failing logger never fails a request.
    }
  };

  return async function handle(request: Request): Promise<Response> {
    let method = "UNKNOWN";
    let routeName = "unmatched";
    let response: Response;
    try {
      method = request.method;
      const url = new URL(request.url);
      const segments = url.pathname.split("/").slice(1);
      if (segments.length > 1 && segments.at(-1) === "") segments.pop();
      const matchesBase = baseSegments.every((s, i) => segments[i] === s);
      const rest = matchesBase ? segments.slice(baseSegments.length) : undefined;
      let params: string[] = [];
      const candidates = rest === undefined ? [] : routes.filter((r) => r.path.length === rest.length && r.path.every((s, i) => s === "*" || s === rest[i]));
      const route = candidates.find((r) => r.method === method);
      if (route === undefined) {
        if (candidates.length > 0) {
          response = problemResponse({ code: "method-not-allowed", message: `Use ${candidates.map((r) => r.method).join(" or ")} on this route` }, { allow: candidates.map((r) => r.method).join(", ") });
        } else {
          response = problemResponse({ code: "route-not-found", message: "No credit API route at this path" });
        }
      } else {
        routeName = route.name;
        params = route.path.flatMap((s, i) => (s === "*" ? [rest![i]!] : []));
        const decoded: string[] = [];
        for (const p of params) {
          try {
            decoded.push(decodeURIComponent(p));
          } catch {
            fail("invalid-input", "A path segment is not valid percent-encoding");
          }
        }
        response = await route.run({ request, params: decoded, url });
      }
    } catch (thrown) {
      if (thrown instanceof Problem) {
        response = problemResponse({ ...thrown.data, code: thrown.code, message: thrown.message });
      } else {
        const name = thrown instanceof Error ? thrown.name : typeof thrown;
        log({ method, route: routeName, status: 500, code: "internal-error", error: name });
        return problemResponse({ code: "internal-error", message: "The request could not be handled" });
      }
    }
    const code = problemCodeOf(response);
    log({ method, route: routeName, status: response.status, ...(code === undefined ? {} : { code }) });
    return response;
  };
}

/** Calls a host function, answering `unavailable` instead of throwing. */
async function attempt<T>(f: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await f() };
  } catch {
    return { ok: false, error: { code: "unavailable", message: "The catalog failed" } };
  }
}

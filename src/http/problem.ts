import type { CreditError, ErrorCode } from "../result/index.js";

/**
 * The `code` of a problem response: every service {@link ErrorCode}, plus the HTTP-level refusals
 * of the handler itself.
 *
 * @example
 * ```ts
 * import type { HttpProblemCode } from "academic-credit/http";
 * const code: HttpProblemCode = "payload-too-large";
 * ```
 */
export type HttpProblemCode =
  | ErrorCode
  | "route-not-found"
  | "method-not-allowed"
  | "unsupported-media-type"
  | "payload-too-large"
  | "unauthenticated"
  | "forbidden"
  | "internal-error";

/**
 * An RFC 9457 problem document (`application/problem+json`) with our `code`.
 *
 * @example
 * ```ts
 * import type { HttpProblem } from "academic-credit/http";
 * const p: HttpProblem = { type: "about:blank", title: "Not Found", status: 404, code: "unknown-provider", detail: "Unknown credit provider" };
 * ```
 */
export interface HttpProblem {
  readonly type: "about:blank";
  readonly title: string;
  readonly status: number;
  readonly code: HttpProblemCode;
  readonly detail: string;
  /** For `invalid-input` and `invalid-callback`: every problem with its JSON path. */
  readonly issues?: readonly { readonly path: readonly (string | number)[]; readonly message: string }[];
  readonly [data: string]: unknown;
}

const TITLES: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

const STATUS: Readonly<Record<HttpProblemCode, number>> = {
  "invalid-input": 400,
  "invalid-callback": 400,
  "stale-timestamp": 400,
  "invalid-signature": 403,
  "not-eligible": 403,
  "unknown-provider": 404,
  "request-not-found": 404,
  "purchase-window-closed": 409,
  "provider-inactive": 409,
  "no-offer": 409,
  "already-purchased": 409,
  "no-open-checkout": 409,
  "payment-mismatch": 409,
  "duplicate-payment": 409,
  "not-paid": 409,
  "request-completed": 409,
  "conflicting-decision": 409,
  "refund-not-allowed": 409,
  "deadline-not-later": 409,
  "version-conflict": 503,
  unavailable: 503,
  "route-not-found": 404,
  "method-not-allowed": 405,
  "unsupported-media-type": 415,
  "payload-too-large": 413,
  unauthenticated: 401,
  forbidden: 403,
  "internal-error": 500,
};

/**
 * The HTTP status of a problem code (docs/rules.md §12 codes and the handler's own); an unknown code
 * is a 500.
 *
 * @param code - the problem code.
 * @returns the status.
 * @example
 * ```ts
 * import { statusOf } from "academic-credit/http";
 * statusOf("conflicting-decision"); // 409
 * ```
 */
export function statusOf(code: string): number {
  return Object.prototype.hasOwnProperty.call(STATUS, code) ? STATUS[code as HttpProblemCode] : 500;
}

/** Data field names that never leave the server, whatever an error carries. */
const SECRET_NAME = /signature|secret|key|token|password|cause|stack/i;

/** Internal: the problem document of an error, keeping only plain data that cannot be a secret. */
export function toProblem(error: { readonly code: string; readonly message: string } | CreditError): HttpProblem {
  const status = statusOf(error.code);
  const extra: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(error)) {
    if (name === "code" || name === "message" || SECRET_NAME.test(name)) continue;
    if (name === "issues" && Array.isArray(value)) {
      extra.issues = value.map((i: { path?: unknown; message?: unknown }) => ({
        path: Array.isArray(i?.path) ? i.path.filter((p) => typeof p === "string" || typeof p === "number") : [],
        message: typeof i?.message === "string" ? i.message : "invalid value",
      }));
    } else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      extra[name] = value;
    } else if (value instanceof Date && !Number.isNaN(value.getTime())) {
      extra[name] = value.toISOString();
    }
  }
  return {
    ...extra,
    type: "about:blank",
    title: TITLES[status] ?? "Error",
    status,
    code: (status === 500 ? "internal-error" : error.code) as HttpProblemCode,
    detail: typeof error.message === "string" ? error.message : "",
  };
}

const CODES = /* @__PURE__ */ new WeakMap<Response, HttpProblemCode>();

/** Internal: the problem code of a response this module made, for the log. */
export function problemCodeOf(response: Response): HttpProblemCode | undefined {
  return CODES.get(response);
}

/** Internal: a problem response. */
export function problemResponse(error: { readonly code: string; readonly message: string }, headers: Readonly<Record<string, string>> = {}, redact?: string): Response {
  const problem = toProblem(error);
  let text = JSON.stringify(problem);
  // Belt and braces: whatever a message says, the signature a caller sent is never echoed.
  if (redact !== undefined && redact.length >= 16) text = text.split(redact).join("[redacted]");
  const response = new Response(text, { status: problem.status, headers: { "content-type": "application/problem+json", "cache-control": "no-store", ...headers } });
  CODES.set(response, problem.code);
  return response;
}

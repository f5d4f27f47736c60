/**
 * Every error code the library can answer with: those of docs/rules.md §12, plus `unavailable` for a
 * port (store, payment gateway, catalog) that failed, so a host failure is a value too.
 *
 * @example
 * ```ts
 * import type { ErrorCode } from "academic-credit";
 * const code: ErrorCode = "not-eligible";
 * ```
 */
export type ErrorCode =
  | "invalid-input"
  | "not-eligible"
  | "purchase-window-closed"
  | "unknown-provider"
  | "provider-inactive"
  | "no-offer"
  | "already-purchased"
  | "no-open-checkout"
  | "payment-mismatch"
  | "duplicate-payment"
  | "not-paid"
  | "request-completed"
  | "request-not-found"
  | "invalid-callback"
  | "stale-timestamp"
  | "invalid-signature"
  | "conflicting-decision"
  | "refund-not-allowed"
  | "deadline-not-later"
  | "version-conflict"
  | "unavailable";

/**
 * All error codes, in the order of docs/rules.md §12, then `unavailable`.
 *
 * @example
 * ```ts
 * import { ERROR_CODES } from "academic-credit";
 * ERROR_CODES.includes("not-eligible");
 * ```
 */
export const ERROR_CODES: readonly ErrorCode[] = [
  "invalid-input",
  "not-eligible",
  "purchase-window-closed",
  "unknown-provider",
  "provider-inactive",
  "no-offer",
  "already-purchased",
  "no-open-checkout",
  "payment-mismatch",
  "duplicate-payment",
  "not-paid",
  "request-completed",
  "request-not-found",
  "invalid-callback",
  "stale-timestamp",
  "invalid-signature",
  "conflicting-decision",
  "refund-not-allowed",
  "deadline-not-later",
  "version-conflict",
  "unavailable",
];

/**
 * One problem found in an input: where (the JSON path) and why.
 *
 * @example
 * ```ts
 * import type { Issue } from "academic-credit";
 * const issue: Issue = { path: ["steps", 3, "at"], message: "expected an ISO-8601 instant with an offset" };
 * ```
 */
export interface Issue {
  /** JSON path of the offending value, from the root of the input. */
  readonly path: readonly (string | number)[];
  /** Why the value was refused. */
  readonly message: string;
}

/**
 * An expected failure, as a value. Extra data (the current deadline, the issues of an invalid input,
 * …) sits beside `code` and `message`. Messages never contain a secret or a signature.
 *
 * @example
 * ```ts
 * import type { CreditError } from "academic-credit";
 * const error: CreditError = { code: "no-offer", message: "Course has no offer from provider asu" };
 * ```
 */
export interface CreditError<C extends ErrorCode = ErrorCode> {
  readonly code: C;
  readonly message: string;
  /** For `invalid-input` and `invalid-callback`: every problem with its JSON path. */
  readonly issues?: readonly Issue[];
  readonly [data: string]: unknown;
}

/**
 * The outcome of an operation that can fail in an expected way.
 *
 * @example
 * ```ts
 * import { ok, type Result } from "academic-credit";
 * const r: Result<number> = ok(3);
 * if (r.ok) console.log(r.value);
 * ```
 */
export type Result<T, E = CreditError> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

/**
 * Wraps a value in a successful {@link Result}.
 *
 * @param value - the value.
 * @returns `{ ok: true, value }`.
 * @example
 * ```ts
 * import { ok } from "academic-credit";
 * ok(42); // { ok: true, value: 42 }
 * ```
 */
export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/**
 * Builds a failed {@link Result} with a {@link CreditError}.
 *
 * @param code - the error code.
 * @param message - an English explanation (never a secret or a signature).
 * @param data - extra fields placed beside `code` and `message`.
 * @returns `{ ok: false, error }`.
 * @example
 * ```ts
 * import { err } from "academic-credit";
 * err("not-paid", "Nothing has been paid yet");
 * ```
 */
export function err<C extends ErrorCode>(
  code: C,
  message: string,
  data?: Readonly<Record<string, unknown>>,
): { readonly ok: false; readonly error: CreditError<C> } {
  return { ok: false, error: { ...data, code, message } };
}

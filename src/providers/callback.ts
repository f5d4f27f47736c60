import * as z from "zod/mini";
import type { ProviderId, RequestId } from "../ids/index.js";
import { err, ok, type Result } from "../result/index.js";
import { parseWith, strictObject } from "../result/parse.js";
import type { HmacSha256 } from "./hmac.js";
import type { Provider } from "./model.js";
import { PROVIDER_ID_PATTERN } from "./schema.js";
import { edxV1Message, keyDigests, matchesAnyDigest, usableKeys } from "./signature.js";

/**
 * A provider's decision on a credit request.
 *
 * @example
 * ```ts
 * import type { ProviderDecision } from "academic-credit";
 * const decision: ProviderDecision = "approved";
 * ```
 */
export type ProviderDecision = "approved" | "rejected";

/**
 * The status a provider callback reports: a decision, or `pending` (still under review).
 *
 * @example
 * ```ts
 * import type { CallbackStatus } from "academic-credit";
 * const status: CallbackStatus = "pending";
 * ```
 */
export type CallbackStatus = ProviderDecision | "pending";

/**
 * The status of a stored credit request.
 *
 * @example
 * ```ts
 * import type { CreditRequestState } from "academic-credit";
 * const state: CreditRequestState = "pending";
 * ```
 */
export type CreditRequestState = "pending" | "approved" | "rejected";

/**
 * What callback verification needs to know about a stored credit request.
 *
 * @example
 * ```ts
 * import { toProviderId, type StoredCreditRequest } from "academic-credit";
 * const stored: StoredCreditRequest = { providerId: toProviderId("asu"), status: "pending" };
 * ```
 */
export interface StoredCreditRequest {
  /** The provider the request was sent to. */
  readonly providerId: ProviderId;
  readonly status: CreditRequestState;
}

/**
 * The lookups and the instant {@link verifyProviderCallback} works with. Each lookup may answer
 * directly or with a promise.
 *
 * @example
 * ```ts
 * import { toProviderId, type Provider, type VerifyCallbackDeps } from "academic-credit";
 * const asu: Provider = {
 *   id: toProviderId("asu"), displayName: "ASU", active: true, url: "https://asu.example.edu/credit",
 *   statusUrl: "https://asu.example.edu/status", integration: "signed-request", completionSteps: true,
 * };
 * const deps: VerifyCallbackDeps = {
 *   providerId: "asu",
 *   findProvider: (id) => (id === asu.id ? asu : undefined),
 *   keys: () => ["new-secret", "old-secret"],
 *   findRequest: () => ({ providerId: asu.id, status: "pending" }),
 *   now: new Date("2015-06-18T12:50:00Z"),
 * };
 * ```
 */
export interface VerifyCallbackDeps {
  /** The provider that called, as the route names it (for example `/credit/providers/{providerId}/callback`); untrusted. */
  readonly providerId: string;
  /** Finds a provider by id. */
  readonly findProvider: (providerId: ProviderId) => Provider | undefined | Promise<Provider | undefined>;
  /** The provider's shared keys, newest first (the `ProviderKeys` port); empty keys are ignored. */
  readonly keys: (providerId: ProviderId) => readonly string[] | Promise<readonly string[]>;
  /** Finds a credit request by id, whatever its provider. */
  readonly findRequest: (
    requestId: RequestId,
  ) => StoredCreditRequest | undefined | Promise<StoredCreditRequest | undefined>;
  /** The current instant. */
  readonly now: Date;
}

/**
 * Options of {@link verifyProviderCallback}.
 *
 * @example
 * ```ts
 * import type { VerifyCallbackOptions } from "academic-credit";
 * const options: VerifyCallbackOptions = { maxAgeSeconds: 600, maxFutureSkewSeconds: 30 };
 * ```
 */
export interface VerifyCallbackOptions {
  /** Oldest accepted timestamp, in seconds before `now` (inclusive); default 900. */
  readonly maxAgeSeconds?: number | undefined;
  /** Furthest accepted timestamp, in seconds after `now` (inclusive); default 60. */
  readonly maxFutureSkewSeconds?: number | undefined;
  /** The HMAC-SHA256 implementation; defaults to the one the runtime selects. */
  readonly hmac?: HmacSha256 | undefined;
}

/**
 * A callback that passed every check of docs/rules.md §9, with what to do about it: `apply` (a
 * decision on a pending request), `duplicate` (the decision the request already has: a no-op), or
 * `acknowledged` (a `pending` status: a no-op, whatever the request's status).
 *
 * @example
 * ```ts
 * import type { VerifiedCallback } from "academic-credit";
 * const describe = (v: VerifiedCallback): string =>
 *   v.outcome === "apply" ? `request ${v.requestId} is now ${v.status}` : "nothing changes";
 * ```
 */
export type VerifiedCallback =
  | {
      readonly outcome: "apply";
      readonly providerId: ProviderId;
      readonly requestId: RequestId;
      readonly status: ProviderDecision;
      readonly requestStatus: "pending";
    }
  | {
      readonly outcome: "duplicate";
      readonly providerId: ProviderId;
      readonly requestId: RequestId;
      readonly status: ProviderDecision;
      readonly requestStatus: ProviderDecision;
    }
  | {
      readonly outcome: "acknowledged";
      readonly providerId: ProviderId;
      readonly requestId: RequestId;
      readonly status: "pending";
      readonly requestStatus: CreditRequestState;
    };

/**
 * Default of {@link VerifyCallbackOptions.maxAgeSeconds}: 900 s, as Open edX.
 *
 * @example
 * ```ts
 * import { DEFAULT_CALLBACK_MAX_AGE_SECONDS } from "academic-credit";
 * const twiceAsLong = { maxAgeSeconds: 2 * DEFAULT_CALLBACK_MAX_AGE_SECONDS };
 * ```
 */
export const DEFAULT_CALLBACK_MAX_AGE_SECONDS = 900;
/**
 * Default of {@link VerifyCallbackOptions.maxFutureSkewSeconds}: 60 s.
 *
 * @example
 * ```ts
 * import { DEFAULT_CALLBACK_MAX_FUTURE_SKEW_SECONDS } from "academic-credit";
 * const lenient = { maxFutureSkewSeconds: 5 * DEFAULT_CALLBACK_MAX_FUTURE_SKEW_SECONDS };
 * ```
 */
export const DEFAULT_CALLBACK_MAX_FUTURE_SKEW_SECONDS = 60;

const FIELDS = "request_uuid, status, timestamp and signature";
const REQUEST_ID = /^[0-9a-f]{32}$/;
const EPOCH_DIGITS = /^[0-9]{1,16}$/;
const SIGNATURE = /^[0-9a-fA-F]{64}$/;

const isSigned = (name: string): boolean => name === "request_uuid" || name === "status" || name === "timestamp" || name === "signature";

/** Whether a timestamp that is a string or a number is epoch seconds: 1–16 digits, or a non-negative safe integer. */
const isEpochSeconds = (t: unknown): boolean => (typeof t === "string" ? EPOCH_DIGITS.test(t) : Number.isSafeInteger(t) && (t as number) >= 0);

/**
 * The callback body schema: the definition of a well-formed body. Fields beyond the four are
 * allowed when they are strings, and are signed too (Open edX signs every parameter but
 * `signature`). Internal.
 */
export const callbackBodySchema = /* @__PURE__ */ (() =>
  z.pipe(
    // On the received object itself (a field named __proto__ included), and at the root: a received field name is never echoed.
    z.custom<unknown>(
      (b) => typeof b !== "object" || b === null || Object.keys(b).every((name) => isSigned(name) || typeof (b as Record<string, unknown>)[name] === "string"),
      { error: `fields beyond ${FIELDS} must be strings` },
    ),
    z.catchall(
      strictObject(
        {
          request_uuid: z
            .string({ error: "expected the request id: 32 lowercase hexadecimal characters" })
            .check(z.regex(REQUEST_ID, { error: "expected the request id: 32 lowercase hexadecimal characters" })),
          status: z.enum(["approved", "rejected", "pending"], { error: 'expected "approved", "rejected" or "pending"' }),
          timestamp: z.union([z.string(), z.number()], { error: "expected epoch seconds: a string of digits or a non-negative integer" }).check(
            z.refine(isEpochSeconds, {
              error: "expected epoch seconds: a string of digits or a non-negative integer",
            }),
          ),
          signature: z
            .string({ error: "expected the signature: 64 hexadecimal characters" })
            .check(z.regex(SIGNATURE, { error: "expected the signature: 64 hexadecimal characters" })),
        },
        { error: `expected a JSON object with ${FIELDS}` },
      ),
      z.unknown(),
    ),
  ))();

interface CallbackBody {
  readonly request_uuid: string;
  readonly status: CallbackStatus;
  readonly timestamp: string | number;
  readonly signature: string;
  /** The other fields, all strings (signed with the rest), or `undefined` when there are none. */
  readonly extra: Readonly<Record<string, string>> | undefined;
}

/**
 * The body of a well-formed callback without going through the schema, or `undefined` when the
 * body is anything else (the schema then decides, and names every problem). Only plain objects
 * whose fields beyond the four are strings take this path, each field read once; whatever it
 * accepts the schema accepts with the same value (a property test holds the two together).
 * Verification runs for every callback a provider sends, and this check costs a fraction of the
 * schema's. Internal.
 */
export function wellFormedBody(body: unknown): CallbackBody | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const proto: unknown = Object.getPrototypeOf(body);
  if (proto !== Object.prototype && proto !== null) return undefined;
  // A missing field reads as undefined and fails its check below.
  let more = false;
  for (const name of Object.keys(body)) if (!isSigned(name)) more = true;
  let fields = body as Record<string, unknown>;
  let extra: Record<string, string> | undefined;
  if (more) {
    // Own data properties only (a field named __proto__ included); each value checked once it is copied.
    const { request_uuid, status, timestamp, signature, ...rest } = fields;
    for (const name of Object.keys(rest)) if (typeof rest[name] !== "string") return undefined;
    fields = { request_uuid, status, timestamp, signature };
    extra = rest as Record<string, string>;
  }
  const { request_uuid, status, timestamp, signature } = fields;
  return typeof request_uuid === "string" &&
    REQUEST_ID.test(request_uuid) &&
    (status === "approved" || status === "rejected" || status === "pending") &&
    isEpochSeconds(timestamp) &&
    typeof signature === "string" &&
    SIGNATURE.test(signature)
    ? { request_uuid, status, timestamp: timestamp as string | number, signature, extra }
    : undefined;
}

/** The body, checked by {@link wellFormedBody} or else by the schema. */
function parseCallbackBody(body: unknown): Result<CallbackBody> {
  let fast: CallbackBody | undefined;
  try {
    fast = wellFormedBody(body);
  } catch {
    // A hostile value (a throwing getter or proxy trap): the schema path reports it.
  }
  if (fast !== undefined) return ok(fast);
  const parsed = parseWith(callbackBodySchema, body, "provider callback", "invalid-callback");
  if (!parsed.ok) return parsed;
  const { request_uuid, status, timestamp, signature, ...rest } = parsed.value;
  return ok({ request_uuid, status, timestamp, signature, extra: Object.keys(rest).length > 0 ? (rest as Record<string, string>) : undefined });
}

/**
 * The text `edx-v1` signs for a callback: the three signed fields, whose names are already in code
 * point order, and any other field sorted in as {@link signEdxV1} sorts it. A numeric timestamp
 * is signed as its decimal text. Internal.
 */
export function callbackMessage(b: CallbackBody): string {
  const timestamp = String(b.timestamp);
  return b.extra === undefined
    ? `request_uuid:${b.request_uuid}status:${b.status}timestamp:${timestamp}`
    : edxV1Message({ ...b.extra, request_uuid: b.request_uuid, status: b.status, timestamp });
}

/** Whether a lookup answered with a promise: only then is it awaited (each `await` costs a turn of the microtask queue). */
function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

const UNKNOWN_PROVIDER = /* @__PURE__ */ (() =>
  err("unknown-provider", "Unknown credit provider, or the provider has no shared key"))();
const REQUEST_NOT_FOUND = /* @__PURE__ */ (() =>
  err("request-not-found", "No such credit request for this provider"))();

/**
 * Verifies a provider's callback (the JSON body Open edX providers POST: `request_uuid`,
 * `status`, `timestamp`, `signature`, and any other fields, which must be strings and are signed
 * with the rest, as Open edX signs every parameter but `signature`) in the order of docs/rules.md §9,
 * and says what to do with it.
 * Each check answers with its own error: body shape (`invalid-callback`, with the path of every
 * problem and never a received value) → provider known with at least one non-empty key
 * (`unknown-provider`) → timestamp at most `maxAgeSeconds` old and at most `maxFutureSkewSeconds`
 * ahead, both inclusive (`stale-timestamp`) → `edx-v1` signature of the body under any key, every
 * key compared in constant time (`invalid-signature`; hex case ignored) → request known for this
 * provider (`request-not-found`, identical for another provider's request) → a decision that
 * contradicts the request's final status (`conflicting-decision`).
 *
 * An inactive provider is still known: it can decide the requests it already received.
 * `timestamp` is epoch seconds, as a string of digits (what Open edX providers send) or a
 * non-negative integer; the signature covers it as sent (a number as its decimal text). Errors
 * never contain a key, the signature or a received value. Never throws for any body; the promise
 * rejects only when a lookup does.
 *
 * @param body - the parsed JSON body, untrusted.
 * @param deps - the calling provider's id, lookups and `now`.
 * @param options - time window and HMAC implementation.
 * @returns the verified callback with its outcome, or the first failed check.
 * @example
 * ```ts
 * import { toProviderId, verifyProviderCallback, type Provider } from "academic-credit";
 * const asu: Provider = {
 *   id: toProviderId("asu"), displayName: "ASU", active: true, url: "https://asu.example.edu/credit",
 *   statusUrl: "https://asu.example.edu/status", integration: "signed-request", completionSteps: true,
 * };
 * const r = await verifyProviderCallback(
 *   {
 *     request_uuid: "557168d0f7664fe59097106c67c3f847", status: "approved", timestamp: "1434631630",
 *     signature: "9e7b82f04d51747a95f63c8d2878bc65a8e5a9b938d2b0972f4054256e991992",
 *   },
 *   {
 *     providerId: "asu",
 *     findProvider: (id) => (id === asu.id ? asu : undefined),
 *     keys: () => ["asu-shared-secret"],
 *     findRequest: () => ({ providerId: asu.id, status: "pending" }),
 *     now: new Date("2015-06-18T12:50:00Z"),
 *   },
 * );
 * if (r.ok) r.value.outcome; // "apply"
 * ```
 */
export async function verifyProviderCallback(
  body: unknown,
  deps: VerifyCallbackDeps,
  options: VerifyCallbackOptions = {},
): Promise<Result<VerifiedCallback>> {
  const parsed = parseCallbackBody(body);
  if (!parsed.ok) return parsed;
  const { request_uuid, status, timestamp, signature } = parsed.value;
  const requestId = request_uuid as RequestId;

  if (typeof deps.providerId !== "string" || !PROVIDER_ID_PATTERN.test(deps.providerId)) return UNKNOWN_PROVIDER;
  const providerId = deps.providerId as ProviderId;
  const found = deps.findProvider(providerId);
  const provider = isThenable(found) ? await found : found;
  if (provider === undefined) return UNKNOWN_PROVIDER;
  const listed = deps.keys(providerId);
  const keys = usableKeys(isThenable(listed) ? await listed : listed);
  if (keys.length === 0) return UNKNOWN_PROVIDER;

  const maxAge = options.maxAgeSeconds ?? DEFAULT_CALLBACK_MAX_AGE_SECONDS;
  const maxSkew = options.maxFutureSkewSeconds ?? DEFAULT_CALLBACK_MAX_FUTURE_SKEW_SECONDS;
  const ageMs = deps.now.getTime() - Number(timestamp) * 1000;
  if (!(ageMs <= maxAge * 1000 && -ageMs <= maxSkew * 1000)) {
    return err(
      "stale-timestamp",
      `The callback timestamp must be at most ${maxAge} s old and at most ${maxSkew} s in the future`,
    );
  }

  const digests = keyDigests(callbackMessage(parsed.value), keys, options.hmac);
  if (!matchesAnyDigest(Array.isArray(digests) ? digests : await digests, signature)) {
    return err("invalid-signature", "The callback signature does not match any key of this provider");
  }

  const looked = deps.findRequest(requestId);
  const request = isThenable(looked) ? await looked : looked;
  if (request === undefined || request.providerId !== providerId) return REQUEST_NOT_FOUND;

  if (status === "pending") return ok({ providerId, requestId, outcome: "acknowledged", status, requestStatus: request.status });
  switch (request.status) {
    case "pending":
      return ok({ providerId, requestId, outcome: "apply", status, requestStatus: request.status });
    case "approved":
    case "rejected":
      if (request.status === status) return ok({ providerId, requestId, outcome: "duplicate", status, requestStatus: request.status });
      return err(
        "conflicting-decision",
        `The request was already ${request.status}; a ${status} callback cannot change it`,
        { requestStatus: request.status },
      );
    default: {
      const unknown: never = request.status;
      throw new TypeError(`findRequest answered an unknown credit request status: ${String(unknown)}`);
    }
  }
}

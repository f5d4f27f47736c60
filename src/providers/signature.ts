import { defaultHmac } from "#hmac";
import type { HmacSha256 } from "./hmac.js";

/**
 * Options of {@link signEdxV1} and of the functions that sign or verify with it.
 *
 * @example
 * ```ts
 * import { createWebCryptoHmac, type SignOptions } from "academic-credit";
 * const options: SignOptions = { hmac: createWebCryptoHmac() };
 * ```
 */
export interface SignOptions {
  /** The HMAC-SHA256 implementation; defaults to the one the runtime selects (node:crypto under Node, else Web Crypto). */
  readonly hmac?: HmacSha256 | undefined;
}

/** Compares two strings by Unicode code point, as Python's `sorted` does on `str`. Internal. */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(i) ?? 0;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/**
 * The text an `edx-v1` signature covers: every parameter except `signature`, sorted by key,
 * each written `key:value`, concatenated with no separator. Internal.
 */
export function edxV1Message(params: Readonly<Record<string, string>>): string {
  let message = "";
  for (const key of Object.keys(params).sort(compareCodePoints)) {
    if (key !== "signature") message += `${key}:${params[key] ?? ""}`;
  }
  return message;
}

/**
 * Signs parameters with the Open edX `edx-v1` scheme (DOMAIN.md §9): every parameter except
 * `signature`, sorted by key, concatenated as `key:value` with no separator, HMAC-SHA256 with the
 * key encoded as UTF-8, lowercase hex. Matches Open edX byte for byte.
 *
 * @param params - the parameters (a `signature` entry, if present, is ignored).
 * @param key - the provider's shared secret.
 * @param options - `hmac` forces an HMAC implementation.
 * @returns the 64-character lowercase hex signature.
 * @example
 * ```ts
 * import { signEdxV1 } from "academic-credit";
 * const signature = await signEdxV1(
 *   { request_uuid: "557168d0f7664fe59097106c67c3f847", status: "approved", timestamp: "1434631630" },
 *   "asu-shared-secret",
 * ); // "9e7b82f04d51747a95f63c8d2878bc65a8e5a9b938d2b0972f4054256e991992"
 * ```
 */
export async function signEdxV1(
  params: Readonly<Record<string, string>>,
  key: string,
  options: SignOptions = {},
): Promise<string> {
  return await (options.hmac ?? defaultHmac).hexDigest(key, edxV1Message(params));
}

/**
 * Compares two strings in time that depends only on their lengths: every position of the longer
 * one is visited and no comparison exits early. Internal.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const length = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < length; i++) {
    diff |= (i < a.length ? a.charCodeAt(i) : 0) ^ (i < b.length ? b.charCodeAt(i) : 0);
  }
  return diff === 0;
}

/** The keys that can sign or verify: the non-empty ones, in order. Internal. */
export function usableKeys(keys: readonly unknown[]): string[] {
  return keys.filter((k): k is string => typeof k === "string" && k !== "");
}

/**
 * Whether `signature` is the `edx-v1` signature of `params` under any of `keys`. Every key is
 * computed and compared (constant time, full length), whatever matched before. The signature's hex
 * case does not matter. Internal.
 */
export async function matchesAnyKey(
  params: Readonly<Record<string, string>>,
  signature: string,
  keys: readonly string[],
  hmac: HmacSha256 = defaultHmac,
): Promise<boolean> {
  const message = edxV1Message(params);
  const computed = keys.map((key) => hmac.hexDigest(key, message));
  const digests = computed.some((d) => typeof d !== "string") ? await Promise.all(computed) : (computed as string[]);
  const supplied = signature.toLowerCase();
  let matched = false;
  for (const digest of digests) matched = constantTimeEqual(digest, supplied) || matched;
  return matched;
}

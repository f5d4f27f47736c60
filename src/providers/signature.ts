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
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Code units order code points, except where a surrogate is involved (U+10000 and up sort above
    // U+E000–U+FFFF, and a lone surrogate counts as itself): walk by code points then.
    if (isSurrogate(x) || isSurrogate(y)) return compareByCodePoint(a, b);
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

function isSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdfff;
}

function compareByCodePoint(a: string, b: string): number {
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
  const keys = Object.keys(params);
  if (!isSorted(keys)) keys.sort(compareCodePoints);
  let message = "";
  for (const key of keys) {
    if (key !== "signature") message += `${key}:${params[key] ?? ""}`;
  }
  return message;
}

/** Whether keys are already in code point order (callers usually build parameters in that order). */
function isSorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (compareCodePoints(keys[i - 1] as string, keys[i] as string) > 0) return false;
  return true;
}

/**
 * Signs parameters with the Open edX `edx-v1` scheme (docs/rules.md §9): every parameter except
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
  let diff = a.length ^ b.length;
  if (diff === 0) {
    // Equal lengths (every well-formed signature): the same loop without the bounds checks.
    for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
    return diff === 0;
  }
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    diff |= (i < a.length ? a.charCodeAt(i) : 0) ^ (i < b.length ? b.charCodeAt(i) : 0);
  }
  return diff === 0;
}

/**
 * The keys that can sign or verify: the non-empty ASCII ones, in order. Open edX drops a key with
 * any character beyond U+007F when it loads its keys, so such a key neither signs nor verifies
 * here either. Internal.
 */
export function usableKeys(keys: readonly unknown[]): string[] {
  return keys.filter((k): k is string => typeof k === "string" && /^[\0-\x7f]+$/.test(k));
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
  const digests = keyDigests(edxV1Message(params), keys, hmac);
  return matchesAnyDigest(Array.isArray(digests) ? digests : await digests, signature);
}

/**
 * The HMAC-SHA256 of an `edx-v1` message under each key, in key order: an array right away when the
 * HMAC answers synchronously (node:crypto), else a promise of it. Internal.
 */
export function keyDigests(
  message: string,
  keys: readonly string[],
  hmac: HmacSha256 = defaultHmac,
): string[] | Promise<string[]> {
  const digests: string[] = [];
  let pending: (string | Promise<string>)[] | undefined;
  for (const key of keys) {
    const digest = hmac.hexDigest(key, message);
    if (typeof digest === "string" && pending === undefined) digests.push(digest);
    else (pending ??= [...digests]).push(digest);
  }
  return pending === undefined ? digests : Promise.all(pending);
}

/**
 * Whether `signature` equals any of `digests`: every digest is compared (constant time, full
 * length), whatever matched before; the signature's hex case does not matter. Internal.
 */
export function matchesAnyDigest(digests: readonly string[], signature: string): boolean {
  const supplied = signature.toLowerCase();
  let matched = false;
  for (const digest of digests) matched = constantTimeEqual(digest, supplied) || matched;
  return matched;
}

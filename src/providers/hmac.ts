/**
 * An HMAC-SHA256 implementation used for `edx-v1` signatures. The default one is chosen by the
 * runtime: `node:crypto` under Node (synchronous), Web Crypto everywhere else. Pass another one
 * (for example {@link createWebCryptoHmac}) through the `hmac` option to force a path.
 *
 * @example
 * ```ts
 * import { createWebCryptoHmac, type HmacSha256 } from "academic-credit";
 * const hmac: HmacSha256 = createWebCryptoHmac();
 * const hex = await hmac.hexDigest("secret", "message");
 * ```
 */
export interface HmacSha256 {
  /** Which implementation this is, for diagnostics and benchmarks: `"web-crypto"` or `"node-crypto"`. */
  readonly name: string;
  /**
   * HMAC-SHA256 of `message` under `key`, both encoded as UTF-8, as 64 lowercase hex characters.
   * Answers synchronously when the implementation can (node:crypto), else with a promise.
   */
  readonly hexDigest: (key: string, message: string) => string | Promise<string>;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Lowercase hex of bytes. Internal. */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += HEX[b] ?? "";
  return out;
}

/**
 * Creates an HMAC-SHA256 implementation on the Web Crypto API (`globalThis.crypto.subtle`), which
 * every modern runtime provides. An empty key is accepted (HMAC pads keys with zero bytes, so it
 * signs exactly like the one-byte key `0x00`; Web Crypto itself refuses zero-length keys).
 * Each key is imported once and kept as a non-extractable `CryptoKey` (at most 64 per instance;
 * a failed import is not kept).
 *
 * @param subtle - the `SubtleCrypto` to use; defaults to `globalThis.crypto.subtle`, read at call time.
 * @returns an implementation whose `hexDigest` always answers with a promise.
 * @example
 * ```ts
 * import { createWebCryptoHmac, signEdxV1 } from "academic-credit";
 * const signature = await signEdxV1({ status: "approved" }, "secret", { hmac: createWebCryptoHmac() });
 * ```
 */
export function createWebCryptoHmac(subtle?: SubtleCrypto): HmacSha256 {
  const encoder = new TextEncoder();
  // Imported keys, per SubtleCrypto and key text: importing costs about as much as signing, and a
  // provider signs every callback with the same few keys. Bounded, so rotated keys age out.
  const cache = new Map<SubtleCrypto, Map<string, Promise<CryptoKey>>>();
  const importOnce = (crypto: SubtleCrypto, key: string): Promise<CryptoKey> => {
    let keys = cache.get(crypto);
    if (keys === undefined) {
      keys = new Map();
      cache.set(crypto, keys);
    }
    const cached = keys.get(key);
    if (cached !== undefined) return cached;
    const keyBytes = encoder.encode(key);
    const imported = crypto.importKey("raw", keyBytes.length === 0 ? new Uint8Array(1) : keyBytes, { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
    ]);
    if (keys.size >= MAX_IMPORTED_KEYS) keys.clear();
    keys.set(key, imported);
    const forget = keys;
    imported.catch(() => {
      if (forget.get(key) === imported) forget.delete(key);
    });
    return imported;
  };
  return {
    name: "web-crypto",
    hexDigest: async (key, message) => {
      const crypto = subtle ?? globalThis.crypto.subtle;
      const mac = await crypto.sign("HMAC", await importOnce(crypto, key), encoder.encode(message));
      return toHex(new Uint8Array(mac));
    },
  };
}

/** Imported keys kept per {@link createWebCryptoHmac} instance and `SubtleCrypto`. */
const MAX_IMPORTED_KEYS = 64;

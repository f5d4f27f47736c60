import { createHmac, createSecretKey, type KeyObject } from "node:crypto";
import type { HmacSha256 } from "./hmac.js";

/** Keys already turned into `KeyObject`s: a provider signs every request and callback with the same few. */
const secretKeys = new Map<string, KeyObject>();
const MAX_SECRET_KEYS = 64;

function secretKey(key: string): KeyObject {
  let k = secretKeys.get(key);
  if (k === undefined) {
    k = createSecretKey(key, "utf8");
    if (secretKeys.size >= MAX_SECRET_KEYS) secretKeys.clear();
    secretKeys.set(key, k);
  }
  return k;
}

/**
 * The HMAC-SHA256 implementation selected by `#hmac` under Node: `node:crypto`, synchronous. This
 * is the only module of the package that imports a `node:` builtin, and only the `node` condition
 * of the package's `imports` map loads it. Internal.
 */
export const defaultHmac: HmacSha256 = {
  name: "node-crypto",
  hexDigest: (key, message) => createHmac("sha256", secretKey(key)).update(message, "utf8").digest("hex"),
};

import { createHmac } from "node:crypto";
import type { HmacSha256 } from "./hmac.js";

/**
 * The HMAC-SHA256 implementation selected by `#hmac` under Node: `node:crypto`, synchronous. This
 * is the only module of the package that imports a `node:` builtin, and only the `node` condition
 * of the package's `imports` map loads it. Internal.
 */
export const defaultHmac: HmacSha256 = {
  name: "node-crypto",
  hexDigest: (key, message) => createHmac("sha256", key).update(message, "utf8").digest("hex"),
};

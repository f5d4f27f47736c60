import { createWebCryptoHmac, type HmacSha256 } from "./hmac.js";

/** The HMAC-SHA256 implementation selected by `#hmac` outside Node: Web Crypto. Internal. */
export const defaultHmac: HmacSha256 = createWebCryptoHmac();

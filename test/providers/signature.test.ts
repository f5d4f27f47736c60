import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createWebCryptoHmac } from "../../src/providers/hmac.js";
import { defaultHmac as nodeHmac } from "../../src/providers/hmac-node.js";
import { defaultHmac as webHmac } from "../../src/providers/hmac-web.js";
import { signEdxV1 } from "../../src/providers/index.js";
import { compareCodePoints, constantTimeEqual, edxV1Message, matchesAnyKey } from "../../src/providers/signature.js";

interface Vector {
  readonly name: string;
  readonly params: Record<string, string>;
  readonly key: string;
  readonly signature: string;
}

/** Open edX's reference vectors (a copy of ../shared/reference/edx-v1-vectors.json). */
const openEdxVectors = JSON.parse(
  readFileSync(new URL("./edx-v1-vectors.json", import.meta.url), "utf8"),
) as readonly Vector[];

/** Computed with Open edX's signature function (Python hmac, sorted(), str.encode("utf-8")). */
const pythonVectors: readonly Vector[] = [
  {
    name: "unicode values and key",
    params: {
      request_uuid: "0123456789abcdef0123456789abcdef",
      timestamp: "1767225600",
      course_org: "\u00c9coleX",
      course_num: "\u03a6101",
      course_run: "2026_T1",
      enrollment_timestamp: "",
      course_completion_timestamp: "",
      final_grade: "1.0",
      user_username: "zo\u00eb",
      user_email: "zoe@example.org",
      user_full_name: "Zo\u00eb \u00c5ngstr\u00f6m \u674e\u5c0f\u9f8d \ud83d\ude00",
      user_mailing_address: "",
      user_country: "FR",
    },
    key: "cl\u00e9-secr\u00e8te-\ud83d\udd11",
    signature: "09998bb2e6f5dd0c4a41658246b2b7e55dd73def4bf658f4d3994ef88f91a63e",
  },
  {
    name: "keys sorted by code point (U+FFFF before U+1F600)",
    params: { "a\uffff": "1", "a\ud83d\ude00": "2", b: "3" },
    key: "k",
    signature: "c9956c7f8400cc9a7a9a0a0c1c2eec70a2e3284c5a63265e487ef5fab5e3091c",
  },
  {
    name: "empty key",
    params: { status: "approved" },
    key: "",
    signature: "8d5b851a756532acf95daf75cdc07cb4977133c78fd32b13fd47806511a46b99",
  },
  {
    name: "signature parameter ignored",
    params: { status: "rejected", signature: "x".repeat(64), timestamp: "1" },
    key: "secret",
    signature: "1c7d16369c517cb6e8af0aaf580ee334426a746e79b64fc5e4e474103f06db1a",
  },
];

const backends = [
  ["node:crypto", nodeHmac],
  ["Web Crypto", createWebCryptoHmac()],
] as const;

describe("§9 edx-v1 signature", () => {
  it("the reference vectors file holds both Open edX vectors", () => {
    expect(openEdxVectors.map((v) => v.name)).toEqual(["open edX request parameters", "callback body"]);
  });

  for (const [backend, hmac] of backends) {
    for (const v of [...openEdxVectors, ...pythonVectors]) {
      it(`§9 reproduces the Open edX signature byte for byte with ${backend}: ${v.name}`, async () => {
        expect(await signEdxV1(v.params, v.key, { hmac })).toBe(v.signature);
      });
    }
  }

  it("§9 the default HMAC path reproduces the Open edX vectors", async () => {
    for (const v of openEdxVectors) expect(await signEdxV1(v.params, v.key)).toBe(v.signature);
  });

  it("§9 the message is every parameter but signature, sorted, key:value with no separator", () => {
    expect(edxV1Message({ timestamp: "1", signature: "s", course_org: "X", a: "" })).toBe("a:course_org:Xtimestamp:1");
  });

  it("§9 a change of any single value changes the signature", async () => {
    const [v] = openEdxVectors;
    if (v === undefined) throw new Error("no vector");
    for (const key of Object.keys(v.params)) {
      const changed = { ...v.params, [key]: `${v.params[key] ?? ""}x` };
      expect(await signEdxV1(changed, v.key)).not.toBe(v.signature);
    }
  });

  it("the runtime picks node:crypto under Node and Web Crypto elsewhere", () => {
    expect(nodeHmac.name).toBe("node-crypto");
    expect(webHmac.name).toBe("web-crypto");
    expect(typeof nodeHmac.hexDigest("k", "m")).toBe("string");
  });

  it("is backend-independent: node:crypto and Web Crypto sign every parameter set and key alike (unicode included)", async () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }));
    await fc.assert(
      fc.asyncProperty(fc.dictionary(text, text, { maxKeys: 14 }), text, async (params, key) => {
        const [a, b] = await Promise.all(backends.map(([, hmac]) => signEdxV1(params, key, { hmac })));
        expect(a).toBe(b);
        expect(a).toMatch(/^[0-9a-f]{64}$/);
      }),
      { numRuns: 300 },
    );
  });

  it("is backend-independent for lone surrogates (both encode them as U+FFFD)", async () => {
    const params = { "\ud800": "\udfff" };
    const [a, b] = await Promise.all(backends.map(([, hmac]) => signEdxV1(params, "\udc00", { hmac })));
    expect(a).toBe(b);
  });

  it("is order-independent: the insertion order of the parameters never changes the signature", async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string(), fc.string(), { maxKeys: 10 }), fc.string(), async (params, key) => {
        const reversed = Object.fromEntries(Object.entries(params).reverse());
        expect(await signEdxV1(reversed, key)).toBe(await signEdxV1(params, key));
      }),
    );
  });
});

describe("§9 key order follows Python's sorted() on str", () => {
  it("orders by code point, so U+FFFF sorts before an astral character", () => {
    expect(["a\ud83d\ude00", "a\uffff"].sort(compareCodePoints)).toEqual(["a\uffff", "a\ud83d\ude00"]);
  });

  it("agrees with the default string order on strings without surrogates", () => {
    const bmp = fc.string({ unit: fc.integer({ min: 0, max: 0xd7ff }).map((c) => String.fromCharCode(c)) });
    fc.assert(
      fc.property(fc.array(bmp), (list) => {
        expect([...list].sort(compareCodePoints)).toEqual([...list].sort());
      }),
    );
  });

  it("puts a prefix before the longer string", () => {
    expect(compareCodePoints("ab", "abc")).toBeLessThan(0);
    expect(compareCodePoints("abc", "ab")).toBeGreaterThan(0);
    expect(compareCodePoints("abc", "abc")).toBe(0);
  });
});

describe("§9 signatures are compared in constant time", () => {
  const sig = "854e334f24a704d3937a04dfcf309e271e92665bb5c74173784238e85f95e7e0";

  it("equal strings are equal", () => {
    expect(constantTimeEqual(sig, sig)).toBe(true);
    expect(constantTimeEqual("", "")).toBe(true);
  });

  it("a difference at the first character is unequal", () => {
    expect(constantTimeEqual(sig, `0${sig.slice(1)}`)).toBe(false);
  });

  it("a difference at the last character is unequal", () => {
    expect(constantTimeEqual(sig, `${sig.slice(0, -1)}1`)).toBe(false);
  });

  it("strings of different lengths are unequal, even when one is a prefix of the other", () => {
    expect(constantTimeEqual(sig, sig.slice(0, 63))).toBe(false);
    expect(constantTimeEqual(sig.slice(0, 63), sig)).toBe(false);
    expect(constantTimeEqual(sig, "")).toBe(false);
    expect(constantTimeEqual("a\u0000", "a")).toBe(false);
  });

  it("agrees with === on any pair of strings", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(constantTimeEqual(a, b)).toBe(a === b);
        expect(constantTimeEqual(a, a)).toBe(true);
      }),
    );
  });

  it("reads every character of the longer string (no early exit)", () => {
    const reads: number[] = [];
    const spy = (s: string): string =>
      new Proxy(new String(s), {
        get(target, prop) {
          if (prop === "charCodeAt") {
            return (i: number) => {
              reads.push(i);
              return target.charCodeAt(i);
            };
          }
          if (prop === "length") return target.length;
          return Reflect.get(target, prop) as unknown;
        },
      }) as unknown as string;
    constantTimeEqual(spy(`0${sig.slice(1)}`), sig);
    expect(reads).toEqual(Array.from({ length: 64 }, (_, i) => i));
  });
});

describe("§7 key rotation on verification", () => {
  const [callback] = openEdxVectors.slice(1);
  if (callback === undefined) throw new Error("no callback vector");

  it("§7 accepts a signature made with any of the keys", async () => {
    expect(await matchesAnyKey(callback.params, callback.signature, ["new", callback.key])).toBe(true);
    expect(await matchesAnyKey(callback.params, callback.signature, [callback.key, "older"])).toBe(true);
    expect(await matchesAnyKey(callback.params, callback.signature, ["new", "older"])).toBe(false);
  });

  it("§9 computes and compares every key, even after a match", async () => {
    const seen: string[] = [];
    const counting = {
      name: "counting",
      hexDigest: (key: string, message: string) => {
        seen.push(key);
        return nodeHmac.hexDigest(key, message);
      },
    };
    await matchesAnyKey(callback.params, callback.signature, [callback.key, "b", "c"], counting);
    expect(seen).toEqual([callback.key, "b", "c"]);
  });

  it("§9 compares every digest over its full length, even after a match", async () => {
    const reads = new Map<string, number>();
    const counting = {
      name: "counting",
      hexDigest: (key: string, message: string) => {
        const digest = String(nodeHmac.hexDigest(key, message));
        return new Proxy(new String(digest), {
          get(target, prop) {
            if (prop === "charCodeAt") {
              return (i: number) => {
                reads.set(key, (reads.get(key) ?? 0) + 1);
                return target.charCodeAt(i);
              };
            }
            if (prop === "length") return target.length;
            return Reflect.get(target, prop) as unknown;
          },
        }) as unknown as string;
      },
    };
    expect(await matchesAnyKey(callback.params, callback.signature, [callback.key, "b", "c"], counting)).toBe(true);
    expect([...reads]).toEqual([
      [callback.key, 64],
      ["b", 64],
      ["c", 64],
    ]);
  });

  it("§9 ignores the hex case of the supplied signature", async () => {
    expect(await matchesAnyKey(callback.params, callback.signature.toUpperCase(), [callback.key])).toBe(true);
  });

  it("works the same with the asynchronous Web Crypto backend", async () => {
    const web = createWebCryptoHmac();
    expect(await matchesAnyKey(callback.params, callback.signature, ["new", callback.key], web)).toBe(true);
    expect(await matchesAnyKey(callback.params, callback.signature, ["new"], web)).toBe(false);
  });
});

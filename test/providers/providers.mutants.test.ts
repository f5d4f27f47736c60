import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { toProviderId, toRequestId } from "../../src/ids/index.js";
import { parseCourseKey } from "../../src/providers/course-key.js";
import { defaultHmac } from "../../src/providers/hmac-node.js";
import { createWebCryptoHmac, type HmacSha256 } from "../../src/providers/hmac.js";
import { verifyProviderCallback } from "../../src/providers/callback.js";
import type { Provider } from "../../src/providers/model.js";
import { buildCreditRequestParameters, signCreditRequest } from "../../src/providers/request.js";
import { parseProvider, parseProviders } from "../../src/providers/schema.js";
import { compareCodePoints, constantTimeEqual, signEdxV1 } from "../../src/providers/signature.js";

// Pins details of docs/rules.md §7 and §9 that the vector tests leave open: Python's float text for
// every kind of number, code point order of keys, HMAC implementations, and every refusal of the
// callback check with its message.

const hmacHex = (key: string, message: string) => createHmac("sha256", key).update(message, "utf8").digest("hex");

describe("§9 final_grade is Python's str(float), or 5 decimals rounded half to even when longer than 7 characters", () => {
  const grade = (g: number) =>
    buildCreditRequestParameters({ requestId: toRequestId("557168d0f7664fe59097106c67c3f847"), now: new Date(0), course: { org: "o", number: "n", run: "r" }, finalGrade: g, learner: { username: "u", email: "e", fullName: "f" } }).final_grade;
  const cases: [number, string][] = [
    [Number.NaN, "nan"],
    [Number.POSITIVE_INFINITY, "inf"],
    [Number.NEGATIVE_INFINITY, "-inf"],
    [0, "0.0"],
    [-0, "-0.0"],
    [1, "1.0"],
    [1.5, "1.5"],
    [12.25, "12.25"],
    [100, "100.0"],
    [-0.5, "-0.5"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [1e16, "1e+16"],
    [1.5e16, "1.5e+16"],
    [1e15, "1000000000000000.00000"],
    [0.00012345, "0.00012"],
    [0.123456789, "0.12346"],
    [0.015625, "0.01562"],
    [0.140625, "0.14062"],
    [0.046875, "0.04688"],
    [-0.015625, "-0.01562"],
    [10.03125, "10.03125"],
    [-1.5e-7, "-0.00000"],
  ];
  for (const [value, text] of cases) {
    it(`§9 ${String(Object.is(value, -0) ? "-0" : value)} → "${text}"`, () => {
      expect(grade(value)).toBe(text);
    });
  }
});

describe("§9 edx-v1 sorts keys by code point, as Python does", () => {
  it("§9 astral characters sort after U+E000–U+FFFF, unlike UTF-16 order; a prefix sorts first", async () => {
    const params = { "😀": "1", "\uffff": "2", a: "3", ab: "4", "\ue000": "5", "😁": "6" };
    const expected = "a:3ab:4\ue000:5\uffff:2😀:1😁:6";
    expect(await signEdxV1(params, "k")).toBe(hmacHex("k", expected));
  });

  it("§9 compareCodePoints orders, and equals only equal strings", () => {
    expect(compareCodePoints("a", "b")).toBeLessThan(0);
    expect(compareCodePoints("b", "a")).toBeGreaterThan(0);
    expect(compareCodePoints("abc", "abc")).toBe(0);
    expect(compareCodePoints("😀", "\uffff")).toBeGreaterThan(0);
    expect(compareCodePoints("\uffff", "😀")).toBeLessThan(0);
    expect(compareCodePoints("\ud7ff", "\ud800")).toBeLessThan(0);
    expect(compareCodePoints("\ue000", "\udfff")).toBeGreaterThan(0);
    // Lone surrogates count as themselves (code points U+D800–U+DFFF), after equal characters of any plane.
    expect(compareCodePoints("x\ud800", "x\udfff")).toBeLessThan(0);
    expect(compareCodePoints("\uffff\ud800", "\uffff\udfff")).toBeLessThan(0);
    expect(compareCodePoints("😀\ud800", "😀\udfff")).toBeLessThan(0);
    expect(compareCodePoints("x\udfff", "x\ud800")).toBeGreaterThan(0);
  });

  it("§9 constant-time comparison is exact", () => {
    expect(constantTimeEqual("abc", "abc")).toBe(true);
    expect(constantTimeEqual("", "")).toBe(true);
    expect(constantTimeEqual("abc", "abd")).toBe(false);
    expect(constantTimeEqual("abc", "abcd")).toBe(false);
    expect(constantTimeEqual("abcd", "abc")).toBe(false);
    expect(constantTimeEqual("a\u0000", "a")).toBe(false);
  });
});

describe("§9 HMAC implementations", () => {
  // RFC 4231 test case 2.
  const rfc = { key: "Jefe", data: "what do ya want for nothing?", mac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" };

  it("§9 Web Crypto and node:crypto both compute RFC 4231's HMAC-SHA256 and name themselves", async () => {
    const web = createWebCryptoHmac();
    expect(web.name).toBe("web-crypto");
    expect(await web.hexDigest(rfc.key, rfc.data)).toBe(rfc.mac);
    expect(defaultHmac.name).toBe("node-crypto");
    expect(await defaultHmac.hexDigest(rfc.key, rfc.data)).toBe(rfc.mac);
    expect(await web.hexDigest("", "x")).toBe(hmacHex("", "x"));
  });

  it("§9 a callback verifies with an HMAC that answers some keys synchronously and others with a promise", async () => {
    let calls = 0;
    const mixed: HmacSha256 = { name: "mixed", hexDigest: (key, message) => (calls++ % 2 === 0 ? hmacHex(key, message) : Promise.resolve(hmacHex(key, message))) };
    const now = new Date("2026-07-09T09:00:00Z");
    const unsigned = { request_uuid: "557168d0f7664fe59097106c67c3f847", status: "approved", timestamp: String(now.getTime() / 1000) };
    for (const key of ["first", "second", "third"]) {
      const body = { ...unsigned, signature: hmacHex(key, `request_uuid:${unsigned.request_uuid}status:approvedtimestamp:${unsigned.timestamp}`) };
      const r = await verifyProviderCallback(body, deps(now, ["first", "second", "third"]), { hmac: mixed });
      expect(r.ok, key).toBe(true);
    }
  });
});

const asu: Provider = {
  id: toProviderId("asu"),
  displayName: "ASU",
  active: true,
  url: "https://asu.example.edu/credit",
  statusUrl: "https://asu.example.edu/status",
  integration: "signed-request",
  completionSteps: true,
};

function deps(now: Date, keys: readonly unknown[] = ["asu-secret"], overrides: Partial<Parameters<typeof verifyProviderCallback>[1]> = {}): Parameters<typeof verifyProviderCallback>[1] {
  return {
    providerId: "asu",
    findProvider: (id) => (id === asu.id ? asu : undefined),
    keys: () => keys as readonly string[],
    findRequest: () => ({ providerId: asu.id, status: "pending" }),
    now,
    ...overrides,
  };
}

describe("§9 callback refusals", () => {
  const now = new Date("2026-07-09T09:00:00Z");
  const ts = String(now.getTime() / 1000);
  const body = async (overrides: Record<string, unknown> = {}, key = "asu-secret") => {
    const unsigned = { request_uuid: "557168d0f7664fe59097106c67c3f847", status: "approved", timestamp: ts, ...overrides };
    return { ...unsigned, signature: await signEdxV1(Object.fromEntries(Object.entries(unsigned).map(([k, v]) => [k, String(v)])), key) };
  };

  it("§9 timestamps must be digit strings of at most 16 digits or non-negative safe integers", async () => {
    for (const timestamp of ["12345678901234567", "-5", "1.5", "", "1e9", -1, 1.5, 2 ** 53, Number.NaN]) {
      const r = await verifyProviderCallback(await body({ timestamp }), deps(now));
      expect(!r.ok && r.error.code, String(timestamp)).toBe("invalid-callback");
    }
    expect((await verifyProviderCallback(await body({ timestamp: Number(ts) }), deps(now))).ok).toBe(true);
  });

  it("§9 shape errors name the problem: a field beyond the four that is not a string, or not an object", async () => {
    const extra = await verifyProviderCallback({ ...(await body()), extra: 1 }, deps(now));
    if (extra.ok) throw new Error("accepted");
    expect(extra.error.message).toContain("Invalid provider callback");
    expect(extra.error.issues).toEqual([{ path: [], message: "fields beyond request_uuid, status, timestamp and signature must be strings" }]);
    const notObject = await verifyProviderCallback("approved", deps(now));
    if (notObject.ok) throw new Error("accepted");
    expect(notObject.error.issues?.[0]?.message).toBe("expected a JSON object with request_uuid, status, timestamp and signature");
  });

  it("§7 a route id that is not a provider id is unknown-provider, even when a lookup would answer for it", async () => {
    const everything = deps(now, ["asu-secret"], { findProvider: () => asu });
    for (const providerId of ["asu,evil", "", "asu ", 42]) {
      const r = await verifyProviderCallback(await body(), { ...everything, providerId: providerId as string });
      expect(!r.ok && r.error.code, String(providerId)).toBe("unknown-provider");
    }
  });

  it("§9 an unknown provider is refused even when the key port has keys for that id", async () => {
    const r = await verifyProviderCallback(await body(), deps(now, ["asu-secret"], { findProvider: () => undefined }));
    expect(!r.ok && r.error).toMatchObject({ code: "unknown-provider", message: "Unknown credit provider, or the provider has no shared key" });
  });

  it("§7 only non-empty string keys count: empty and non-string keys neither sign nor verify", async () => {
    expect((await verifyProviderCallback(await body({}, ""), deps(now, ["", "asu-secret"]))).ok).toBe(false);
    expect((await verifyProviderCallback(await body(), deps(now, ["", 42, "asu-secret"]))).ok).toBe(true);
    const none = await verifyProviderCallback(await body(), deps(now, ["", 42]));
    expect(!none.ok && none.error.code).toBe("unknown-provider");
    const params = buildCreditRequestParameters({ requestId: toRequestId("557168d0f7664fe59097106c67c3f847"), now, course: { org: "o", number: "n", run: "r" }, learner: { username: "u", email: "e", fullName: "f" } });
    const signed = await signCreditRequest(params, ["", 7 as never, "second"]);
    expect(signed.ok && signed.value.signature).toBe(await signEdxV1(params, "second"));
    const unsigned = await signCreditRequest(params, [""]);
    expect(!unsigned.ok && unsigned.error).toMatchObject({ code: "unknown-provider", message: "The credit provider has no shared key to sign requests with" });
  });

  it("§9 invalid-signature and conflicting-decision explain themselves without the signature", async () => {
    const wrong = await body({}, "not-the-key");
    const r = await verifyProviderCallback(wrong, deps(now));
    expect(!r.ok && r.error).toMatchObject({ code: "invalid-signature", message: "The callback signature does not match any key of this provider" });
    const conflict = await verifyProviderCallback(await body({ status: "rejected" }), deps(now, ["asu-secret"], { findRequest: () => ({ providerId: asu.id, status: "approved" }) }));
    expect(!conflict.ok && conflict.error).toMatchObject({ code: "conflicting-decision", requestStatus: "approved" });
    expect(!conflict.ok && conflict.error.message).toBe("The request was already approved; a rejected callback cannot change it");
  });

  it("§9 lookups may answer with promises", async () => {
    const r = await verifyProviderCallback(
      await body(),
      deps(now, [], { findProvider: async () => asu, keys: async () => ["asu-secret"], findRequest: async () => ({ providerId: asu.id, status: "pending" as const }) }),
    );
    expect(r.ok && r.value.outcome).toBe("apply");
  });
});

describe("§3 course keys", () => {
  it("§3 exactly three non-empty parts are accepted; anything else is refused with one issue at the root", () => {
    for (const bad of ["a/b", "a/b/c/d", "a//c", "course-v1:a+b", "course-v1:a+b+c+d", "course-v1:a++c", "ccx-v1:a+b+c", "a/b/c@d"]) {
      const r = parseCourseKey(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) {
        expect(r.error.message).toBe("Invalid course id: expected course-v1:Org+Number+Run or Org/Number/Run");
        expect(r.error.issues).toEqual([{ path: [], message: "expected course-v1:Org+Number+Run or Org/Number/Run" }]);
      }
    }
    expect(parseCourseKey("course-v1:a+b+c")).toEqual({ ok: true, value: { org: "a", number: "b", run: "c" } });
  });
});

describe("§7 provider parsing details", () => {
  const base = { id: "asu", displayName: "ASU", url: "https://asu.example.edu/credit", statusUrl: "https://asu.example.edu/status", integration: "signed-request", completionSteps: true };

  it("§7 optional fields are kept when given and absent otherwise", () => {
    const full = parseProvider({ ...base, description: "d", fulfillmentInstructions: "Send it.", thumbnailUrl: "https://asu.example.edu/logo.png" });
    expect(full.ok && full.value).toMatchObject({ description: "d", fulfillmentInstructions: "Send it.", thumbnailUrl: "https://asu.example.edu/logo.png" });
    const bare = parseProvider(base);
    expect(bare.ok && Object.keys(bare.value).sort()).toEqual(["active", "completionSteps", "displayName", "id", "integration", "statusUrl", "url"]);
  });

  it("§7 URLs must be absolute http(s), any case", () => {
    for (const url of ["ftp://asu.example.edu/", "javascript:alert(1)", "//asu.example.edu/", "asu.example.edu", "https://", "data:,https://x.example"]) {
      expect(parseProvider({ ...base, url }).ok, url).toBe(false);
    }
    expect(parseProvider({ ...base, url: "HTTPS://ASU.EXAMPLE.EDU/Credit" }).ok).toBe(true);
    expect(parseProvider({ ...base, url: "http://asu.example.edu" }).ok).toBe(true);
  });

  it("§7 errors name what was parsed; a repeated id names the id", () => {
    const one = parseProvider({ ...base, id: "a,b" });
    expect(!one.ok && one.error.message).toMatch(/^Invalid credit provider: /);
    const many = parseProviders([base, base]);
    expect(!many.ok && many.error.message).toMatch(/^Invalid credit providers: /);
    expect(!many.ok && many.error.issues).toEqual([{ path: [1, "id"], message: 'duplicate provider id "asu"' }]);
  });
});

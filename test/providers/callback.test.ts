import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toProviderId } from "../../src/ids/index.js";
import { createWebCryptoHmac } from "../../src/providers/hmac.js";
import {
  signEdxV1,
  verifyProviderCallback,
  type Provider,
  type StoredCreditRequest,
  type VerifyCallbackDeps,
  type VerifyCallbackOptions,
} from "../../src/providers/index.js";

const KEY = "asu-shared-secret";
const REQUEST = "557168d0f7664fe59097106c67c3f847";
const OTHER_REQUEST = "0123456789abcdef0123456789abcdef";
const T = 1434631630;
/** The Open edX callback vector: this body signed with KEY. */
const VECTOR_SIGNATURE = "9e7b82f04d51747a95f63c8d2878bc65a8e5a9b938d2b0972f4054256e991992";

const provider = (id: string): Provider => ({
  id: toProviderId(id),
  displayName: id.toUpperCase(),
  active: true,
  url: `https://${id}.example.edu/credit`,
  statusUrl: `https://${id}.example.edu/status`,
  integration: "signed-request",
  completionSteps: true,
});

interface World {
  readonly providerId?: string;
  readonly keys?: Readonly<Record<string, readonly string[]>>;
  readonly requests?: Readonly<Record<string, StoredCreditRequest>>;
  readonly now?: Date;
}

/** asu (keys: new first, KEY second) and hogwarts (its own key) with one pending request each; now = T. */
function deps(world: World = {}): VerifyCallbackDeps & { readonly lookups: string[] } {
  const providers = new Map(["asu", "hogwarts", "nokeys"].map((id) => [id, provider(id)]));
  const keys = world.keys ?? { asu: ["new-secret", KEY], hogwarts: ["hogwarts-secret"], nokeys: ["", ""] };
  const requests = world.requests ?? {
    [REQUEST]: { providerId: toProviderId("asu"), status: "pending" },
    [OTHER_REQUEST]: { providerId: toProviderId("hogwarts"), status: "pending" },
  };
  const lookups: string[] = [];
  return {
    providerId: world.providerId ?? "asu",
    findProvider: (id) => providers.get(id),
    keys: async (id) => keys[id] ?? [],
    findRequest: (id) => {
      lookups.push(id);
      return requests[id];
    },
    now: world.now ?? new Date(T * 1000),
    lookups,
  };
}

async function signed(fields: Record<string, string | number> = {}, key = KEY): Promise<Record<string, string | number>> {
  const body = { request_uuid: REQUEST, status: "approved", timestamp: String(T), ...fields };
  const text = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)]));
  return { ...body, signature: await signEdxV1(text, key) };
}

async function codeOf(body: unknown, world: World = {}, options: VerifyCallbackOptions = {}): Promise<string> {
  const r = await verifyProviderCallback(body, deps(world), options);
  return r.ok ? r.value.outcome : r.error.code;
}

describe("§9 callback verification", () => {
  it("§9 accepts the Open edX callback vector and applies the decision to the pending request", async () => {
    const body = { request_uuid: REQUEST, status: "approved", timestamp: String(T), signature: VECTOR_SIGNATURE };
    expect(await verifyProviderCallback(body, deps())).toEqual({
      ok: true,
      value: { providerId: "asu", requestId: REQUEST, status: "approved", requestStatus: "pending", outcome: "apply" },
    });
  });

  it("§9 accepts the same callback with the Web Crypto backend", async () => {
    const body = { request_uuid: REQUEST, status: "approved", timestamp: String(T), signature: VECTOR_SIGNATURE };
    const r = await verifyProviderCallback(body, deps(), { hmac: createWebCryptoHmac() });
    expect(r.ok && r.value.outcome).toBe("apply");
  });
});

describe("§9 body shape → invalid-callback", () => {
  it("§9 names the path of every missing or malformed field", async () => {
    const r = await verifyProviderCallback({ request_uuid: "ABC", timestamp: "-5", signature: "xyz" }, deps());
    expect(r.ok ? null : r.error.code).toBe("invalid-callback");
    if (!r.ok) expect(r.error.issues?.map((i) => i.path)).toEqual([["request_uuid"], ["status"], ["timestamp"], ["signature"]]);
  });

  const malformed: readonly (readonly [string, unknown])[] = [
    ["a request_uuid in upper case", { request_uuid: REQUEST.toUpperCase() }],
    ["a request_uuid of 31 characters", { request_uuid: REQUEST.slice(1) }],
    ["an unknown status", { status: "accepted" }],
    ["a status in another case", { status: "Approved" }],
    ["a fractional timestamp", { timestamp: 1434631630.5 }],
    ["a timestamp with a decimal point", { timestamp: "1434631630.0" }],
    ["a negative timestamp", { timestamp: -1 }],
    ["an ISO timestamp", { timestamp: "2015-06-18T12:47:10Z" }],
    ["a signature of 63 characters", { signature: VECTOR_SIGNATURE.slice(1) }],
    ["a signature that is not hex", { signature: `z${VECTOR_SIGNATURE.slice(1)}` }],
    ["a signature that is a number", { signature: 12 }],
    ["a field beyond the four that is a number", { extra: 1 }],
    ["a field beyond the four that is null", { course_id: null }],
    ["a field beyond the four that is a boolean", { flag: true }],
    ["a field beyond the four that is an array of one string", { note: ["text"] }],
    ["a field beyond the four that is an object", { details: { a: "b" } }],
  ];
  for (const [what, change] of malformed) {
    it(`§9 refuses ${what}`, async () => {
      expect(await codeOf({ ...(await signed()), ...(change as object) })).toBe("invalid-callback");
    });
  }

  it("§9 refuses a body without signature", async () => {
    const { signature: _, ...unsigned } = await signed();
    expect(await codeOf(unsigned)).toBe("invalid-callback");
  });

  it("§9 refuses what is not an object", async () => {
    for (const body of [null, undefined, "approved", 42, [], [await signed()]]) expect(await codeOf(body)).toBe("invalid-callback");
  });

  it("§12 never echoes received values or field names in the error", async () => {
    const r = await verifyProviderCallback({ ...(await signed()), status: "LEAKED-STATUS", LEAKED_FIELD: "LEAKED-VALUE" }, deps());
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r)).not.toMatch(/LEAKED/);
    const typed = await verifyProviderCallback({ ...(await signed()), LEAKED_FIELD: 7 }, deps());
    expect(!typed.ok && typed.error.code).toBe("invalid-callback");
    expect(JSON.stringify(typed)).not.toMatch(/LEAKED/);
  });

  it("§9 is checked first: a malformed body from an unknown provider is invalid-callback", async () => {
    expect(await codeOf({ status: "approved" }, { providerId: "nobody" })).toBe("invalid-callback");
  });
});

describe("§9 provider known and has a key → unknown-provider", () => {
  it("§9 refuses a provider that does not exist", async () => {
    expect(await codeOf(await signed(), { providerId: "nobody" })).toBe("unknown-provider");
  });

  it("§9 refuses a route provider id that is not a provider id at all", async () => {
    expect(await codeOf(await signed(), { providerId: "asu,hogwarts" })).toBe("unknown-provider");
    expect(await codeOf(await signed(), { providerId: "" })).toBe("unknown-provider");
  });

  it("§7 refuses a provider whose keys are all empty", async () => {
    expect(await codeOf(await signed({}, ""), { providerId: "nokeys" })).toBe("unknown-provider");
  });

  it("§7 refuses a provider with no keys at all", async () => {
    expect(await codeOf(await signed(), { keys: {} })).toBe("unknown-provider");
  });

  it("§7 an inactive provider is still known: it can decide the requests it received", async () => {
    const d = deps();
    const r = await verifyProviderCallback(await signed(), {
      ...d,
      findProvider: async (id) => (id === "asu" ? { ...provider("asu"), active: false } : undefined),
    });
    expect(r.ok && r.value.outcome).toBe("apply");
  });

  it("§9 is checked before the timestamp", async () => {
    expect(await codeOf(await signed({ timestamp: 0 }), { providerId: "nobody" })).toBe("unknown-provider");
  });
});

describe("§9 timestamp window → stale-timestamp", () => {
  const at = (offsetSeconds: number) => ({ now: new Date((T + offsetSeconds) * 1000) });

  it("§9 a timestamp exactly 900 s old is accepted", async () => {
    expect(await codeOf(await signed(), at(900))).toBe("apply");
  });

  it("§9 a timestamp 901 s old is stale", async () => {
    expect(await codeOf(await signed(), at(901))).toBe("stale-timestamp");
  });

  it("§9 a timestamp 900.001 s old is stale (the age is measured to the millisecond)", async () => {
    expect(await codeOf(await signed(), at(900.001))).toBe("stale-timestamp");
  });

  it("§9 a timestamp exactly 60 s in the future is accepted", async () => {
    expect(await codeOf(await signed(), at(-60))).toBe("apply");
  });

  it("§9 a timestamp 61 s in the future is stale (Open edX does not check this)", async () => {
    expect(await codeOf(await signed(), at(-61))).toBe("stale-timestamp");
  });

  it("§9 the maximum age is configurable", async () => {
    const options = { maxAgeSeconds: 10 };
    expect(await codeOf(await signed(), at(10), options)).toBe("apply");
    expect(await codeOf(await signed(), at(11), options)).toBe("stale-timestamp");
    expect(await codeOf(await signed(), at(1000), { maxAgeSeconds: 1000 })).toBe("apply");
  });

  it("§9 the future skew is configurable", async () => {
    const options = { maxFutureSkewSeconds: 0 };
    expect(await codeOf(await signed(), at(0), options)).toBe("apply");
    expect(await codeOf(await signed(), at(-1), options)).toBe("stale-timestamp");
    expect(await codeOf(await signed(), at(-120), { maxFutureSkewSeconds: 120 })).toBe("apply");
  });

  it("§9 the message states the window, not the received timestamp", async () => {
    const r = await verifyProviderCallback(await signed(), deps(at(5000)));
    expect(r.ok ? null : r.error.message).toBe("The callback timestamp must be at most 900 s old and at most 60 s in the future");
  });

  it("§9 an invalid now accepts nothing", async () => {
    expect(await codeOf(await signed(), { now: new Date(Number.NaN) })).toBe("stale-timestamp");
  });

  it("§9 is checked before the signature", async () => {
    expect(await codeOf({ ...(await signed()), signature: "0".repeat(64) }, at(901))).toBe("stale-timestamp");
  });

  it("§9 accepts a timestamp sent as an integer, signed as its decimal text", async () => {
    const body = { ...(await signed()), timestamp: T };
    expect(await codeOf(body)).toBe("apply");
  });
});

describe("§9 signature → invalid-signature", () => {
  it("§9 refuses a body signed with a key the provider does not have", async () => {
    expect(await codeOf(await signed({}, "wrong-key"))).toBe("invalid-signature");
  });

  it("§9 refuses a body signed with another provider's key", async () => {
    expect(await codeOf(await signed({}, "hogwarts-secret"))).toBe("invalid-signature");
  });

  it("§9 refuses a body changed after signing", async () => {
    expect(await codeOf({ ...(await signed()), status: "rejected" })).toBe("invalid-signature");
    expect(await codeOf({ ...(await signed()), timestamp: String(T + 1) })).toBe("invalid-signature");
    expect(await codeOf({ ...(await signed()), request_uuid: OTHER_REQUEST })).toBe("invalid-signature");
  });

  it("§9 refuses the all-zero signature", async () => {
    expect(await codeOf({ ...(await signed()), signature: "0".repeat(64) })).toBe("invalid-signature");
  });

  it("§7 key rotation: accepts the newest key and the older one", async () => {
    expect(await codeOf(await signed({}, "new-secret"))).toBe("apply");
    expect(await codeOf(await signed({}, KEY))).toBe("apply");
  });

  it("§9 accepts the signature in upper-case hex", async () => {
    const body = await signed();
    expect(await codeOf({ ...body, signature: String(body.signature).toUpperCase() })).toBe("apply");
  });

  it("§9 is checked before the request is looked up, so a bad signature learns nothing about requests", async () => {
    const d = deps();
    const r = await verifyProviderCallback(await signed({ request_uuid: "f".repeat(32) }, "wrong-key"), d);
    expect(r.ok ? null : r.error.code).toBe("invalid-signature");
    expect(d.lookups).toEqual([]);
  });
});

describe("§9 request exists for this provider → request-not-found", () => {
  it("§9 refuses an unknown request", async () => {
    expect(await codeOf(await signed({ request_uuid: "f".repeat(32) }))).toBe("request-not-found");
  });

  it("§9 answers another provider's request exactly like a missing one", async () => {
    const missing = await verifyProviderCallback(await signed({ request_uuid: "f".repeat(32) }), deps());
    const others = await verifyProviderCallback(await signed({ request_uuid: OTHER_REQUEST }), deps());
    expect(others.ok ? null : others.error.code).toBe("request-not-found");
    expect(others).toEqual(missing);
    expect(JSON.stringify(others)).toBe(JSON.stringify(missing));
    expect(JSON.stringify(others)).not.toContain(OTHER_REQUEST);
  });

  it("§9 the other provider itself can decide its own request", async () => {
    const body = await signed({ request_uuid: OTHER_REQUEST }, "hogwarts-secret");
    expect(await codeOf(body, { providerId: "hogwarts" })).toBe("apply");
  });
});

describe("§9 transition", () => {
  const withRequest = (status: StoredCreditRequest["status"]): World => ({
    requests: { [REQUEST]: { providerId: toProviderId("asu"), status } },
  });

  it("§9 pending → approved is applied", async () => {
    expect(await codeOf(await signed({ status: "approved" }), withRequest("pending"))).toBe("apply");
  });

  it("§9 pending → rejected is applied", async () => {
    const r = await verifyProviderCallback(await signed({ status: "rejected" }), deps(withRequest("pending")));
    expect(r).toEqual({
      ok: true,
      value: { providerId: "asu", requestId: REQUEST, status: "rejected", requestStatus: "pending", outcome: "apply" },
    });
  });

  it("§9 the same final status again is a duplicate no-op", async () => {
    expect(await codeOf(await signed({ status: "approved" }), withRequest("approved"))).toBe("duplicate");
    expect(await codeOf(await signed({ status: "rejected" }), withRequest("rejected"))).toBe("duplicate");
  });

  it("§9 §13.3 the other final status is conflicting-decision (approved and rejected are final)", async () => {
    const r = await verifyProviderCallback(await signed({ status: "rejected" }), deps(withRequest("approved")));
    expect(r.ok ? null : r.error).toMatchObject({ code: "conflicting-decision", requestStatus: "approved" });
    expect(await codeOf(await signed({ status: "approved" }), withRequest("rejected"))).toBe("conflicting-decision");
  });

  for (const status of ["pending", "approved", "rejected"] as const) {
    it(`§9 pending is acknowledged as a no-op when the request is ${status}`, async () => {
      const r = await verifyProviderCallback(await signed({ status: "pending" }), deps(withRequest(status)));
      expect(r).toEqual({
        ok: true,
        value: { providerId: "asu", requestId: REQUEST, status: "pending", requestStatus: status, outcome: "acknowledged" },
      });
    });
  }

  it("§9 a pending callback still needs a valid signature and a known request", async () => {
    expect(await codeOf(await signed({ status: "pending" }, "wrong"))).toBe("invalid-signature");
    expect(await codeOf(await signed({ status: "pending", request_uuid: OTHER_REQUEST }))).toBe("request-not-found");
  });
});

describe("§12 §13.6 properties", () => {
  it("never throws: any body yields a typed result", async () => {
    const codes = ["invalid-callback", "unknown-provider", "stale-timestamp", "invalid-signature", "request-not-found"];
    await fc.assert(
      fc.asyncProperty(fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withNullPrototype: true }), async (body) => {
        const r = await verifyProviderCallback(body, deps());
        expect(r.ok ? "ok" : codes.includes(r.error.code)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("never throws: any body field values and route provider id yield a typed result", async () => {
    const field = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.constant(null), fc.anything());
    await fc.assert(
      fc.asyncProperty(
        fc.record({ request_uuid: field, status: field, timestamp: field, signature: field }, { requiredKeys: [] }),
        fc.string(),
        async (body, providerId) => {
          const r = await verifyProviderCallback(body, deps({ providerId }));
          expect(typeof r.ok).toBe("boolean");
        },
      ),
    );
  });

  it("never leaks: no result contains a key or the supplied signature", async () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9+/=_-]{20,40}$/);
    const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
    await fc.assert(
      fc.asyncProperty(
        fc.array(secret, { minLength: 1, maxLength: 3 }),
        fc.constantFrom("approved", "rejected", "pending"),
        fc.integer({ min: -2000, max: 2000 }),
        fc.constantFrom("valid", "random", "key-as-status", "key-as-field", "key-as-signature", "wrong-key"),
        fc.constantFrom("pending", "approved", "rejected"),
        hex64,
        async (keys, status, offset, variant, requestStatus, random) => {
          const [first = ""] = keys;
          const base = await signed({ status, timestamp: T + offset }, variant === "wrong-key" ? `${first}x` : first);
          const body: Record<string, unknown> = { ...base };
          if (variant === "random") body.signature = random;
          if (variant === "key-as-status") body.status = first;
          if (variant === "key-as-field") body[first] = first;
          if (variant === "key-as-signature") body.signature = first;
          const r = await verifyProviderCallback(body, {
            ...deps(),
            keys: () => keys,
            findRequest: () => ({ providerId: toProviderId("asu"), status: requestStatus }),
          });
          const text = JSON.stringify(r);
          for (const key of keys) expect(text).not.toContain(key);
          expect(text).not.toContain(String(body.signature));
          expect(text.toLowerCase()).not.toContain(String(base.signature));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("is sound and complete: a fresh callback verifies exactly when it was signed with one of the provider's ASCII keys", async () => {
    const secret = fc.oneof(fc.string({ minLength: 1, maxLength: 30, unit: "binary" }), fc.string({ minLength: 1, maxLength: 30, unit: "binary-ascii" }));
    const isAscii = (k: string) => [...k].every((c) => c.charCodeAt(0) <= 0x7f);
    await fc.assert(
      fc.asyncProperty(fc.array(secret, { minLength: 1, maxLength: 4 }), secret, fc.boolean(), async (keys, other, useOwn) => {
        const signingKey = useOwn ? (keys[keys.length - 1] ?? other) : other;
        const r = await verifyProviderCallback(await signed({}, signingKey), { ...deps(), keys: () => keys });
        const usable = keys.filter(isAscii);
        expect(r.ok).toBe(usable.includes(signingKey));
        if (!r.ok) expect(r.error.code).toBe(usable.length === 0 ? "unknown-provider" : "invalid-signature");
      }),
      { numRuns: 200 },
    );
  });

  it("is backend-independent: node:crypto and Web Crypto verify alike", async () => {
    const web = createWebCryptoHmac();
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.integer({ min: -100, max: 1000 }), async (k1, k2, offset) => {
        const body = await signed({ timestamp: T + offset }, k1);
        const world = { keys: { asu: [k2, k1] } };
        expect(await codeOf(body, world, { hmac: web })).toBe(await codeOf(body, world));
      }),
      { numRuns: 100 },
    );
  });
});

describe("§9 fields beyond the four are signed like every other parameter (Open edX signs all but signature)", () => {
  /** Signs a raw JSON body as Open edX does: every parameter of the parsed body but `signature`. */
  async function signedJson(json: string, key = KEY): Promise<Record<string, unknown>> {
    const params = JSON.parse(json) as Record<string, string>;
    return { ...JSON.parse(json), signature: await signEdxV1(params, key) } as Record<string, unknown>;
  }

  it("§9 accepts extra string fields signed with the rest, wherever they sort (before, between and after the three)", async () => {
    for (const extra of [{ a_first: "1" }, { request_uuid_suffix: "x", source: "lms" }, { zz_last: "", "Z-upper": "before lower case" }, { "é": "non-ASCII name", "😀": "astral" }]) {
      expect(await codeOf(await signed(extra)), JSON.stringify(extra)).toBe("apply");
      // The same fields with the key they were not signed under, or with the numeric timestamp signed as text.
      expect(await codeOf(await signed(extra, "wrong-key")), JSON.stringify(extra)).toBe("invalid-signature");
      expect(await codeOf({ ...(await signed(extra)), timestamp: T }), JSON.stringify(extra)).toBe("apply");
    }
  });

  it("§9 the extra fields are covered: changing, adding or removing one breaks the signature", async () => {
    const body = await signed({ course_id: "course-v1:ASUx+MAT101+2026", note: "ok" });
    expect(await codeOf(body)).toBe("apply");
    expect(await codeOf({ ...body, note: "changed" })).toBe("invalid-signature");
    expect(await codeOf({ ...body, added: "" })).toBe("invalid-signature");
    const { note: _, ...without } = body;
    expect(await codeOf(without)).toBe("invalid-signature");
    // A signature over the three fields only does not cover a body that has more.
    const three = await signed();
    expect(await codeOf({ ...three, note: "ok" })).toBe("invalid-signature");
  });

  it("§9 is the same text signEdxV1 signs: the Open edX vector plus one field, computed independently", async () => {
    // Sorted by key: course_id < request_uuid < status < timestamp.
    const message = `course_id:course-v1:ASUx+MAT101+2026request_uuid:${REQUEST}status:approvedtimestamp:${T}`;
    const { createHmac } = await import("node:crypto");
    const signature = createHmac("sha256", KEY).update(message, "utf8").digest("hex");
    const body = { request_uuid: REQUEST, status: "approved", timestamp: String(T), course_id: "course-v1:ASUx+MAT101+2026", signature };
    expect(await codeOf(body)).toBe("apply");
    expect(await codeOf(body, {}, { hmac: createWebCryptoHmac() })).toBe("apply");
  });

  it("§9 a JSON field named __proto__ or constructor is an ordinary signed field", async () => {
    const body = await signedJson(`{"__proto__":"p","constructor":"c","request_uuid":"${REQUEST}","status":"approved","timestamp":"${T}"}`);
    expect(Object.keys(body)).toContain("__proto__");
    expect(await codeOf(body)).toBe("apply");
    const unsigned = await signedJson(`{"request_uuid":"${REQUEST}","status":"approved","timestamp":"${T}"}`);
    expect(await codeOf({ ...JSON.parse(`{"__proto__":"p"}`), ...unsigned })).toBe("invalid-signature");
    const typed = JSON.parse(`{"__proto__":1,"request_uuid":"${REQUEST}","status":"approved","timestamp":"${T}","signature":"${VECTOR_SIGNATURE}"}`) as unknown;
    expect(await codeOf(typed)).toBe("invalid-callback");
  });

  it("§9 a signed body with extra fields still goes through every later check", async () => {
    const extra = { source: "provider-portal" };
    expect(await codeOf(await signed(extra), { providerId: "hogwarts" })).toBe("invalid-signature");
    expect(await codeOf(await signed({ ...extra, timestamp: T - 901 }))).toBe("stale-timestamp");
    expect(await codeOf(await signed({ ...extra, request_uuid: OTHER_REQUEST }))).toBe("request-not-found");
    expect(await codeOf(await signed({ ...extra, status: "pending" }))).toBe("acknowledged");
  });
});

describe("§7 provider keys that are not ASCII are dropped, as Open edX drops them when it loads its keys", () => {
  it("§7 a body signed with a non-ASCII key is refused although its HMAC matches that key", async () => {
    const keys = { asu: ["clé-secrète", KEY] };
    expect(await codeOf(await signed({}, "clé-secrète"), { keys })).toBe("invalid-signature");
    expect(await codeOf(await signed({}, KEY), { keys })).toBe("apply");
    expect(await codeOf(await signed({}, "\u0000\u007f"), { keys: { asu: ["\u0000\u007f"] } })).toBe("apply");
  });

  it("§7 a provider with only non-ASCII (or empty) keys has no key: unknown-provider, before the timestamp is looked at", async () => {
    for (const list of [["clé"], ["ключ", ""], ["key-😀", "\u0080"]]) {
      const r = await verifyProviderCallback(await signed({ timestamp: T - 5000 }, list[0]), deps({ keys: { asu: list } }));
      expect(!r.ok && r.error.code, JSON.stringify(list)).toBe("unknown-provider");
      expect(JSON.stringify(r)).not.toContain(list[0]);
    }
  });
});

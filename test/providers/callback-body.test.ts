import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { callbackBodySchema, wellFormedBody } from "../../src/providers/callback.js";

const hex = (chars: string, length: number) =>
  fc.array(fc.constantFrom(...chars), { minLength: length, maxLength: length }).map((a) => a.join(""));

/** Well-formed bodies, in every accepted variation (string or integer timestamp, upper-case signature). */
const validBody = fc.record({
  request_uuid: hex("0123456789abcdef", 32),
  status: fc.constantFrom("approved", "rejected", "pending"),
  timestamp: fc.oneof(
    fc.stringMatching(/^[0-9]{1,16}$/),
    fc.maxSafeNat(),
    fc.constantFrom(0, Number.MAX_SAFE_INTEGER, "0", "0000000000000000"),
  ),
  signature: hex("0123456789abcdefABCDEF", 64),
});

const FOUR = ["request_uuid", "status", "timestamp", "signature"];
/** Field names beyond the four, with the ones that sort around them and the ones objects are touchy about. */
const extraName = fc.oneof(fc.string(), fc.constantFrom("__proto__", "constructor", "toString", "a", "s", "z", "Z", "request_uuid2", "é")).filter((k) => !FOUR.includes(k));
/** Well-formed bodies with string fields beyond the four (built as JSON would be: own data properties). */
const validBodyWithExtra = fc
  .tuple(validBody, fc.array(fc.tuple(extraName, fc.string()), { minLength: 1, maxLength: 4 }))
  .map(([b, extra]) => Object.fromEntries([...Object.entries(b), ...extra]) as Record<string, unknown>);

/** The schema's answer in the shape of the fast check's: the four fields, and the others apart (zod leaves a __proto__ field out). */
function asBody(data: Record<string, unknown>, fast: { readonly extra: Readonly<Record<string, string>> | undefined }) {
  const { request_uuid, status, timestamp, signature, ...rest } = data;
  const extra = fast.extra === undefined ? undefined : Object.fromEntries(Object.entries(fast.extra).filter(([k]) => k !== "__proto__"));
  return { fast: { ...fast, extra }, schema: { request_uuid, status, timestamp, signature, extra: Object.keys(rest).length > 0 || extra !== undefined ? rest : undefined } };
}

/** Near misses: one field replaced, removed or added; a different prototype; and anything at all. */
const anyBody = fc.oneof(
  validBody,
  validBodyWithExtra,
  fc.tuple(validBodyWithExtra, extraName, fc.anything()).map(([b, k, v]) => Object.fromEntries([...Object.entries(b), [k, v]]) as Record<string, unknown>),
  fc.tuple(validBody, fc.constantFrom("request_uuid", "status", "timestamp", "signature"), fc.anything()).map(([b, k, v]) => ({ ...b, [k]: v })),
  fc.tuple(validBody, fc.constantFrom("request_uuid", "status", "timestamp", "signature")).map(([b, k]) => {
    const copy: Record<string, unknown> = { ...b };
    delete copy[k];
    return copy;
  }),
  fc.tuple(validBody, fc.string(), fc.anything()).map(([b, k, v]) => ({ ...b, [k]: v })),
  fc.tuple(validBody, fc.constantFrom("request_uuid", "timestamp", "signature"), fc.string({ maxLength: 70 })).map(([b, k, v]) => ({ ...b, [k]: v })),
  fc.tuple(validBody, fc.constantFrom(-1, 1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN, Infinity, -0, "", " 1", "1e3", "12345678901234567")).map(([b, t]) => ({ ...b, timestamp: t })),
  validBody.map((b) => Object.assign(Object.create(null) as object, b)),
  validBody.map((b) => Object.assign(Object.create({ inherited: true }) as object, b)),
  validBody.map((b) => Object.assign(new (class Body {})(), b)),
  validBody.map((b) => Object.assign([], b)),
  fc.anything(),
);

describe("§9 the callback body: the fast check agrees with the schema", () => {
  it("§9 whatever the fast check accepts, the schema accepts, with the same value", () => {
    fc.assert(
      fc.property(anyBody, (body) => {
        const fast = wellFormedBody(body);
        if (fast === undefined) return;
        const parsed = callbackBodySchema.safeParse(body);
        expect(parsed.success).toBe(true);
        const both = asBody(parsed.data as Record<string, unknown>, fast);
        expect(both.fast).toStrictEqual(both.schema);
      }),
      { numRuns: 3000 },
    );
  });

  it("§9 every plain object the schema accepts takes the fast path (null-prototype objects included)", () => {
    fc.assert(
      fc.property(anyBody, (body) => {
        if (typeof body !== "object" || body === null) return;
        const proto: unknown = Object.getPrototypeOf(body);
        if (proto !== Object.prototype && proto !== null) return;
        expect(wellFormedBody(body) !== undefined).toBe(callbackBodySchema.safeParse(body).success);
      }),
      { numRuns: 3000 },
    );
  });

  it("§9 each field's rule, at its edges", () => {
    const ok = {
      request_uuid: "557168d0f7664fe59097106c67c3f847",
      status: "approved",
      timestamp: "1434631630",
      signature: "9e7b82f04d51747a95f63c8d2878bc65a8e5a9b938d2b0972f4054256e991992",
    };
    expect(wellFormedBody(ok)).toStrictEqual({ ...ok, extra: undefined });
    expect(wellFormedBody({ ...ok, course_id: "c", z: "" })).toStrictEqual({ ...ok, extra: { course_id: "c", z: "" } });
    const proto = wellFormedBody(JSON.parse(`{"__proto__":"p",${JSON.stringify(ok).slice(1)}`));
    expect(proto && Object.entries(proto.extra ?? {})).toEqual([["__proto__", "p"]]);
    expect(wellFormedBody({ ...ok, signature: ok.signature.toUpperCase() })).toBeDefined();
    expect(wellFormedBody({ ...ok, timestamp: 0 })).toBeDefined();
    expect(wellFormedBody({ ...ok, timestamp: "9999999999999999" })).toBeDefined();
    const misses: Record<string, unknown>[] = [
      { ...ok, request_uuid: ok.request_uuid.toUpperCase() },
      { ...ok, request_uuid: `${ok.request_uuid}0` },
      { ...ok, request_uuid: ok.request_uuid.slice(1) },
      { ...ok, request_uuid: `${ok.request_uuid.slice(1)}g` },
      { ...ok, request_uuid: `${ok.request_uuid.slice(1)}/` },
      { ...ok, request_uuid: `${ok.request_uuid.slice(1)}:` },
      { ...ok, status: "Approved" },
      { ...ok, status: "" },
      { ...ok, timestamp: "" },
      { ...ok, timestamp: "99999999999999999" },
      { ...ok, timestamp: "1a" },
      { ...ok, timestamp: "/" },
      { ...ok, timestamp: -1 },
      { ...ok, timestamp: 1.5 },
      { ...ok, timestamp: 2 ** 53 },
      { ...ok, timestamp: null },
      { ...ok, signature: ok.signature.slice(1) },
      { ...ok, signature: `${ok.signature.slice(1)}G` },
      { ...ok, signature: `${ok.signature.slice(1)}@` },
      { ...ok, signature: `${ok.signature.slice(1)}\`` },
      { ...ok, extra: 1 },
      { ...ok, extra: null },
      { ...ok, extra: ["text"] },
      { ...ok, extra: "text", other: false },
      JSON.parse(`{"__proto__":1,${JSON.stringify(ok).slice(1)}`) as Record<string, unknown>,
      // A one-element array reads as its element's text: the type is checked, not only the pattern.
      { ...ok, request_uuid: [ok.request_uuid] },
      { ...ok, signature: [ok.signature] },
      { ...ok, timestamp: [ok.timestamp] },
      { request_uuid: ok.request_uuid, status: ok.status, timestamp: ok.timestamp, extra: ok.signature },
    ];
    for (const body of misses) {
      expect(wellFormedBody(body), JSON.stringify(body)).toBeUndefined();
      expect(callbackBodySchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
    }
    expect(wellFormedBody(null)).toBeUndefined();
    expect(wellFormedBody("body")).toBeUndefined();
    expect(wellFormedBody(Object.assign(Object.create({ x: 1 }) as object, ok))).toBeUndefined();
  });
});

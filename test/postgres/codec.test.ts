import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decodeValue, encodeValue, fromJsonText, fromText, toJsonText, toText } from "../../src/postgres/codec.js";

const roundTrip = (v: unknown): unknown => fromJsonText(toJsonText(v));

describe("postgres value codec", () => {
  it("revives Dates anywhere (email data deadline, nested arrays), not only under known keys", () => {
    const value = { email: { data: { deadline: new Date("2027-06-30T23:59:00Z") } }, list: [new Date(0), [new Date("2028-02-29T12:00:00.001Z")]] };
    expect(roundTrip(value)).toStrictEqual(value);
  });

  it("keeps undefined, -0, NaN, ±Infinity, bigint and Invalid Date that plain JSON loses", () => {
    const value = { u: undefined, z: -0, n: Number.NaN, i: Number.POSITIVE_INFINITY, j: Number.NEGATIVE_INFINITY, b: 12345678901234567890n, d: new Date(Number.NaN), a: [undefined] };
    const back = roundTrip(value) as typeof value;
    expect(Object.keys(back).sort()).toEqual(Object.keys(value).sort());
    expect(back.u).toBeUndefined();
    expect(Object.is(back.z, -0)).toBe(true);
    expect(back.n).toBeNaN();
    expect(back.i).toBe(Number.POSITIVE_INFINITY);
    expect(back.j).toBe(Number.NEGATIVE_INFINITY);
    expect(back.b).toBe(12345678901234567890n);
    expect(Number.isNaN(back.d.getTime())).toBe(true);
    expect(back.a).toEqual([undefined]);
  });

  it("escapes what jsonb refuses: U+0000 and lone surrogates become code units, valid pairs stay text", () => {
    expect(encodeValue("a\u0000b")).toEqual({ $units: [97, 0, 98] });
    expect(encodeValue("\ud800")).toEqual({ $units: [0xd800] });
    expect(encodeValue("x\udc00")).toEqual({ $units: [120, 0xdc00] });
    expect(encodeValue("😀")).toBe("😀");
    expect(roundTrip("a\u0000\ud800b")).toBe("a\u0000\ud800b");
  });

  it("a stored object that looks like a tag is not mistaken for one", () => {
    const tricky = { $date: "2026-01-01T00:00:00.000Z" };
    expect(encodeValue(tricky)).toEqual({ $entries: [["$date", "2026-01-01T00:00:00.000Z"]] });
    expect(roundTrip(tricky)).toStrictEqual(tricky);
    expect(roundTrip({ $entries: [], plain: 1 })).toStrictEqual({ $entries: [], plain: 1 });
    expect(roundTrip({ "\u0000": 1 })).toStrictEqual({ "\u0000": 1 });
  });

  it("a __proto__ key stays an own property and never changes a prototype", () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const back = roundTrip(value) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(back, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("drops functions and symbols from objects, as JSON does", () => {
    expect(roundTrip({ a: 1, f: () => 1, s: Symbol("x") })).toStrictEqual({ a: 1 });
  });

  it("plain JSON that the codec did not write decodes as itself", () => {
    expect(decodeValue({ a: [1, "x", null, { b: true }] })).toStrictEqual({ a: [1, "x", null, { b: true }] });
    expect(fromJsonText({ already: "parsed" })).toStrictEqual({ already: "parsed" });
  });

  it("is a law: decode(JSON(encode(v))) equals v for any JSON-like value with Dates", () => {
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(
        fc.string({ unit: "binary" }),
        fc.double(),
        fc.bigInt(),
        fc.boolean(),
        fc.constant(null),
        fc.constant(undefined),
        fc.date({ noInvalidDate: true }),
      ),
      node: fc.oneof({ depthSize: "small" }, tie("leaf"), fc.array(tie("node"), { maxLength: 5 }), fc.dictionary(fc.string({ unit: "binary" }), tie("node"), { maxKeys: 5, noNullPrototype: true })),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(roundTrip(v)).toStrictEqual(v);
      }),
      { numRuns: 500 },
    );
  });

  it("text columns: only backslash, U+0000 and lone surrogates are escaped; ordinary ids are stored as they are", () => {
    expect(toText("course-v1:MITx+6.002x+2026_T1")).toBe("course-v1:MITx+6.002x+2026_T1");
    expect(toText("ü😀'\"")).toBe("ü😀'\"");
    expect(toText("a\\b")).toBe("a\\\\b");
    expect(toText("a\u0000b")).toBe("a\\0b");
    expect(toText("\ud800x")).toBe("\\ud800x");
    expect(fromText("\\\\0")).toBe("\\0");
  });

  it("is a law: fromText(toText(s)) = s, and toText is injective (distinct ids never share a key)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "binary" }), (a, b) => {
        expect(fromText(toText(a))).toBe(a);
        expect(toText(a) === toText(b)).toBe(a === b);
        expect(toText(a)).not.toMatch(/\u0000/);
      }),
      { numRuns: 1000 },
    );
  });
});

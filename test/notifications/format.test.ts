import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatList } from "../../src/notifications/index.js";
import { formatMoney, listParts } from "../../src/notifications/format.js";

describe("formatList (§10 eligibility subject)", () => {
  it("§10 no names give an empty string", () => {
    expect(formatList([])).toBe("");
  });

  it("§10 one name is the name", () => {
    expect(formatList(["A"])).toBe("A");
  });

  it("§10 two names are joined by 'and' without a comma", () => {
    expect(formatList(["A", "B"])).toBe("A and B");
  });

  it("§10 three names take an Oxford comma", () => {
    expect(formatList(["A", "B", "C"])).toBe("A, B, and C");
  });

  it("§10 four names take commas and a final ', and'", () => {
    expect(formatList(["A", "B", "C", "D"])).toBe("A, B, C, and D");
  });

  it("keeps every name, in order, at the even indexes of its parts", () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 8 }), (names) => {
        const parts = listParts(names);
        expect(parts.filter((_, i) => i % 2 === 0)).toEqual(names);
        expect(parts.join("")).toBe(formatList(names));
      }),
    );
  });
});

describe("formatMoney (§3 price in integer minor units)", () => {
  it("§3 USD minor units are cents", () => {
    expect(formatMoney(25000, "USD")).toBe("$250.00");
    expect(formatMoney(1, "USD")).toBe("$0.01");
    expect(formatMoney(0, "USD")).toBe("$0.00");
  });

  it("§3 JPY has no minor unit", () => {
    expect(formatMoney(1500, "JPY")).toBe("¥1,500");
  });

  it("§3 BHD has three decimals", () => {
    expect(formatMoney(1234, "BHD")).toBe("BHD\u00A01.234");
  });

  it("uses the locale's conventions", () => {
    expect(formatMoney(123456, "EUR", "de-DE")).toBe("1.234,56\u00A0€");
  });

  it("falls back to en-US for an unknown locale", () => {
    expect(formatMoney(123456, "EUR", "not a locale")).toBe("€1,234.56");
  });

  it("shows a malformed currency code after a two-decimal number instead of failing", () => {
    expect(formatMoney(123456, "dollars")).toBe("1,234.56 dollars");
  });

  it("never loses a cent: USD amounts read back to the same minor units", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (cents) => {
        const digits = formatMoney(cents, "USD").replace(/[$,.]/g, "");
        expect(Number(digits)).toBe(cents);
      }),
    );
  });
});

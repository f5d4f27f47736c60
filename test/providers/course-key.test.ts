import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCourseKey } from "../../src/providers/index.js";

describe("§3 courseId is parsed into org/number/run for provider requests", () => {
  it("§3 parses a course-v1:Org+Num+Run key", () => {
    expect(parseCourseKey("course-v1:MITx+6.002x+2026_T1")).toEqual({
      ok: true,
      value: { org: "MITx", number: "6.002x", run: "2026_T1" },
    });
  });

  it("§3 parses an old Org/Num/Run key", () => {
    expect(parseCourseKey("HogwartsX/Potions101/1T2015")).toEqual({
      ok: true,
      value: { org: "HogwartsX", number: "Potions101", run: "1T2015" },
    });
  });

  it("§3 keeps Open edX's other id characters (- ~ . : _ and non-ASCII letters)", () => {
    expect(parseCourseKey("course-v1:Éc-ole~X+CS.50:a+run_2026")).toEqual({
      ok: true,
      value: { org: "Éc-ole~X", number: "CS.50:a", run: "run_2026" },
    });
  });

  const bad = [
    "",
    "course-v1:",
    "course-v1:MITx+6.002x",
    "course-v1:MITx+6.002x+2026_T1+branch@draft",
    "course-v1:MITx++2026_T1",
    "course-v1:MITx+6 002x+2026_T1",
    "ccx-v1:MITx+6.002x+2026_T1",
    "MITx/6.002x",
    "MITx/6.002x/2026_T1/extra",
    "MITx//2026_T1",
    "/6.002x/2026_T1",
    "MITx+6.002x+2026_T1",
    "MITx/6.002x/2026 T1",
    "MITx/6.002x/2026+T1",
  ];
  for (const courseId of bad) {
    it(`§3 refuses ${JSON.stringify(courseId)} with invalid-input`, () => {
      const r = parseCourseKey(courseId);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe("invalid-input");
    });
  }

  it("refuses a value that is not a string, without throwing", () => {
    const r = parseCourseKey(42 as unknown as string);
    expect(r.ok ? "ok" : r.error.code).toBe("invalid-input");
  });

  it("round-trips: both key forms of the same parts parse back to those parts", () => {
    const part = fc.stringMatching(/^[A-Za-z0-9_.~-]{1,12}$/);
    fc.assert(
      fc.property(part, part, part, (org, number, run) => {
        const expected = { ok: true, value: { org, number, run } };
        expect(parseCourseKey(`course-v1:${org}+${number}+${run}`)).toEqual(expected);
        expect(parseCourseKey(`${org}/${number}/${run}`)).toEqual(expected);
      }),
    );
  });

  it("never throws, whatever the string", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(typeof parseCourseKey(s).ok).toBe("boolean");
      }),
    );
  });
});

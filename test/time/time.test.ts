import { tz } from "@date-fns/tz";
import { add } from "date-fns";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDurationUtc,
  formatDate,
  formatInstant,
  formatInstantUtc,
  isDeadlineOpen,
  isValidTimeZone,
  toEpochSeconds,
} from "../../src/time/index.js";

const at = (iso: string) => new Date(iso);
/** Every instant a `Date` can hold, to the millisecond. */
const anyInstant = fc.integer({ min: -8.64e15, max: 8.64e15 }).map((ms) => new Date(ms));

describe("§2 durations are added in UTC", () => {
  it("§2 one year from Feb 29 is Feb 28; months clamp to the end of the month", () => {
    expect(addDurationUtc(at("2028-02-29T12:00:00Z"), { years: 1 })).toEqual(at("2029-02-28T12:00:00Z"));
    expect(addDurationUtc(at("2027-01-31T23:59:00Z"), { months: 1 })).toEqual(at("2027-02-28T23:59:00Z"));
    expect(addDurationUtc(at("2027-06-30T23:59:00Z"), { years: 1 })).toEqual(at("2028-06-30T23:59:00Z"));
  });

  it("§2 days are 24 hours whatever the host's zone does (no DST day of 23 or 25 hours)", () => {
    // 2027-03-14 is the US spring-forward day and 2027-03-28 the EU one: in UTC neither exists.
    expect(addDurationUtc(at("2027-03-13T12:00:00Z"), { days: 1 })).toEqual(at("2027-03-14T12:00:00Z"));
    expect(addDurationUtc(at("2027-03-27T23:30:00Z"), { days: 1, hours: 1 })).toEqual(at("2027-03-29T00:30:00Z"));
    expect(addDurationUtc(at("2027-10-31T00:30:00Z"), { weeks: 1, minutes: 30 })).toEqual(at("2027-11-07T01:00:00Z"));
  });

  it("§2 the result depends on the UTC calendar only: shifting by whole days commutes with adding months", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        fc.record({ years: fc.nat(5), months: fc.nat(30), days: fc.nat(400), hours: fc.nat(48) }),
        (ms, duration) => {
          const start = new Date(ms);
          const sum = addDurationUtc(start, duration);
          // The time of day never moves by a DST offset: only whole hours requested do.
          expect((sum.getTime() - start.getTime() - duration.hours * 3_600_000) % 86_400_000).toBe(0);
          expect(sum.getTime()).toBeGreaterThanOrEqual(start.getTime());
        },
      ),
    );
  });

  it("§2 it is date-fns add in tz(\"UTC\"), also when the same sum is asked again (remembered sums)", () => {
    const duration = fc.record(
      { years: fc.nat(3), months: fc.nat(14), weeks: fc.nat(5), days: fc.nat(40), hours: fc.nat(30), minutes: fc.nat(90), seconds: fc.nat(90) },
      { requiredKeys: [] },
    );
    const start = fc.integer({ min: -2_000_000_000_000, max: 8_000_000_000_000 });
    fc.assert(
      fc.property(fc.array(fc.tuple(start, duration), { minLength: 1, maxLength: 8 }), fc.nat(), (cases, pick) => {
        // Ask a few sums, then one of them again: the answer must not depend on what was asked before.
        const all = [...cases, cases[pick % cases.length] as (typeof cases)[number]];
        for (const [ms, d] of all) {
          const expected = add(new Date(ms), d, { in: tz("UTC") }).getTime();
          expect(addDurationUtc(new Date(ms), d).getTime()).toBe(expected);
        }
      }),
    );
    // Few starts and tiny durations: sums that differ in one field only are asked one after another.
    const tiny = fc.record(
      { years: fc.nat(1), months: fc.nat(1), weeks: fc.nat(1), days: fc.nat(1), hours: fc.nat(1), minutes: fc.nat(1), seconds: fc.nat(1) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(0, 951_782_400_000), tiny), { minLength: 2, maxLength: 30 }), (cases) => {
        for (const [ms, d] of cases) expect(addDurationUtc(new Date(ms), d).getTime()).toBe(add(new Date(ms), d, { in: tz("UTC") }).getTime());
      }),
    );
    const first = addDurationUtc(at("2027-06-30T23:59:00Z"), { years: 1 });
    first.setTime(0);
    expect(addDurationUtc(at("2027-06-30T23:59:00Z"), { years: 1 })).toEqual(at("2028-06-30T23:59:00Z"));
    expect(addDurationUtc(at("2027-06-30T23:59:00Z"), { years: 1, days: 0 })).toEqual(at("2028-06-30T23:59:00Z"));
    expect(addDurationUtc(at("2027-06-30T23:59:00Z"), { months: 12 })).toEqual(at("2028-06-30T23:59:00Z"));
    expect(addDurationUtc(at("2027-06-30T23:59:00Z"), { days: 1 })).toEqual(at("2027-07-01T23:59:00Z"));
  });

  it("§2 the input instant is never mutated", () => {
    const start = at("2027-01-31T00:00:00Z");
    addDurationUtc(start, { months: 1, days: 3 });
    expect(start.toISOString()).toBe("2027-01-31T00:00:00.000Z");
  });
});

describe("§2 deadlines are exclusive", () => {
  it("§2 open while now < D, closed at D", () => {
    const d = at("2027-06-30T23:59:00Z");
    expect(isDeadlineOpen(d, at("2027-06-30T23:58:59.999Z"))).toBe(true);
    expect(isDeadlineOpen(d, d)).toBe(false);
    expect(isDeadlineOpen(d, at("2027-07-01T00:00:00Z"))).toBe(false);
  });
});

describe("§2 instants shown to a person are in the learner's zone, which is named", () => {
  it("§2 the examples", () => {
    expect(formatInstant(at("2027-07-01T03:59:00Z"), "America/New_York")).toBe("30 June 2027, 23:59 (America/New_York)");
    expect(formatInstant(at("2027-07-01T03:59:00Z"))).toBe("1 July 2027, 03:59 (UTC)");
    expect(formatInstant(at("2027-07-01T03:59:00Z"), "Asia/Kolkata")).toBe("1 July 2027, 09:29 (Asia/Kolkata)");
    expect(formatDate(at("2027-06-30T12:00:00Z"))).toBe("30 June 2027");
    expect(formatDate(at("2027-06-30T12:00:00Z"), "Pacific/Kiritimati")).toBe("1 July 2027");
  });

  it("§2 daylight saving time follows the zone's rules on each date", () => {
    expect(formatInstant(at("2027-01-15T17:00:00Z"), "America/New_York")).toBe("15 January 2027, 12:00 (America/New_York)");
    expect(formatInstant(at("2027-07-15T16:00:00Z"), "America/New_York")).toBe("15 July 2027, 12:00 (America/New_York)");
  });

  it("§2 an unknown zone falls back to UTC and says so", () => {
    expect(formatInstant(at("2027-07-01T03:59:00Z"), "Mars/Olympus_Mons")).toBe("1 July 2027, 03:59 (UTC)");
    expect(formatDate(at("2027-07-01T03:59:00Z"), "")).toBe("1 July 2027");
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isValidTimeZone("Europe/Paris")).toBe(true);
  });

  it("§2 years before 1 are numbered as in ISO 8601, in every zone", () => {
    expect(formatInstant(at("0000-06-01T00:00:00Z"))).toBe("1 June 0000, 00:00 (UTC)");
    expect(formatInstant(at("-000005-06-01T00:00:00Z"), "Asia/Tokyo")).toBe("1 June -0005, 09:18 (Asia/Tokyo)");
    // Crossing into 1 BC in New York: the day before 1 January 0001 is 31 December 0000.
    expect(formatInstant(at("0001-01-01T03:00:00Z"), "America/New_York")).toBe("31 December 0000, 22:03 (America/New_York)");
    expect(formatDate(at("+012345-01-01T00:00:00Z"), "America/New_York")).toBe("31 December 12344");
  });

  it("§2 the UTC-only formatter is formatInstant in UTC, for every instant", () => {
    fc.assert(
      fc.property(anyInstant, (d) => {
        expect(formatInstantUtc(d)).toBe(formatInstant(d, "UTC"));
      }),
      { numRuns: 2000 },
    );
  });

  it("§2 a zone's date and formatInstant's date agree, and the UTC date matches the ISO calendar date", () => {
    fc.assert(
      fc.property(anyInstant, fc.constantFrom("UTC", "America/New_York", "Asia/Kathmandu", "Pacific/Kiritimati"), (d, zone) => {
        expect(formatInstant(d, zone).startsWith(`${formatDate(d, zone)}, `)).toBe(true);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }).map((ms) => new Date(ms)), (d) => {
        const [year, month, day] = d.toISOString().slice(0, 10).split("-").map(Number) as [number, number, number];
        const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
        expect(formatDate(d)).toBe(`${day} ${months[month - 1]} ${String(year).padStart(4, "0")}`);
      }),
    );
  });
});

describe("§9 epoch seconds", () => {
  it("§9 whole seconds, floored, as decimal text", () => {
    expect(toEpochSeconds(at("2015-06-18T12:47:10Z"))).toBe("1434631630");
    expect(toEpochSeconds(at("2015-06-18T12:47:10.999Z"))).toBe("1434631630");
    expect(toEpochSeconds(at("1969-12-31T23:59:59.500Z"))).toBe("-1");
  });
});

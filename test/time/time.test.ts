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

const utcDuration = fc.record(
  { years: fc.nat(3), months: fc.nat(14), weeks: fc.nat(5), days: fc.nat(40), hours: fc.nat(30), minutes: fc.nat(90), seconds: fc.nat(90) },
  { requiredKeys: [] },
);

/** Calendar addition in UTC written out: years and months first, clamped to the month's last day, then fixed-length units. */
function utcOracle(ms: number, d: { years?: number; months?: number; weeks?: number; days?: number; hours?: number; minutes?: number; seconds?: number }): number {
  const start = new Date(ms);
  const monthIndex = start.getUTCMonth() + 12 * (d.years ?? 0) + (d.months ?? 0);
  const firstOfMonth = new Date(ms);
  firstOfMonth.setUTCFullYear(start.getUTCFullYear(), monthIndex, 1);
  const lastDay = new Date(firstOfMonth.getTime());
  lastDay.setUTCMonth(lastDay.getUTCMonth() + 1, 0);
  firstOfMonth.setUTCDate(Math.min(start.getUTCDate(), lastDay.getUTCDate()));
  const dayMs = 86_400_000;
  return firstOfMonth.getTime() + (7 * (d.weeks ?? 0) + (d.days ?? 0)) * dayMs + ((d.hours ?? 0) * 3600 + (d.minutes ?? 0) * 60 + (d.seconds ?? 0)) * 1000;
}

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

  it("§2 it is the UTC calendar: months clamp to the month's end, then days are 24 hours (an independent oracle)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -2_000_000_000_000, max: 8_000_000_000_000 }), utcDuration, (ms, d) => {
        expect(addDurationUtc(new Date(ms), d).getTime()).toBe(utcOracle(ms, d));
      }),
      { numRuns: 2000 },
    );
  });

  it("§2 the host's TZ never changes a sum (the process zone is switched while adding)", () => {
    const cases = [
      // 12:00Z on 30 January is 31 January in Kiritimati (UTC+14): a local-time month would clamp to 27 February, 12:00Z.
      { start: "2027-01-30T12:00:00Z", duration: { months: 1 }, sum: "2027-02-28T12:00:00.000Z" },
      // The US spring-forward night: a local-time day would be 23 hours long in Los Angeles.
      { start: "2027-03-13T12:00:00Z", duration: { days: 1 }, sum: "2027-03-14T12:00:00.000Z" },
      { start: "2028-02-29T23:30:00Z", duration: { years: 1 }, sum: "2029-02-28T23:30:00.000Z" },
    ];
    const saved = process.env.TZ;
    try {
      for (const zone of ["Pacific/Kiritimati", "America/Los_Angeles", "Asia/Kathmandu", "UTC"]) {
        process.env.TZ = zone;
        for (const c of cases) expect(addDurationUtc(at(c.start), c.duration).toISOString(), `${zone}: ${c.start} + ${JSON.stringify(c.duration)}`).toBe(c.sum);
      }
    } finally {
      process.env.TZ = saved;
    }
  });

  it("§2 every call answers a new Date: changing one answer changes no other", () => {
    const first = addDurationUtc(at("2027-06-30T23:59:00Z"), { years: 1 });
    first.setTime(0);
    expect(addDurationUtc(at("2027-06-30T23:59:00Z"), { years: 1 })).toEqual(at("2028-06-30T23:59:00Z"));
    expect(addDurationUtc(at("2027-06-30T23:59:00Z"), { years: 1 })).toBeInstanceOf(Date);
    expect(Object.getPrototypeOf(addDurationUtc(at("2027-06-30T23:59:00Z"), { years: 1 }))).toBe(Date.prototype);
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

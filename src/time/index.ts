import { UTCDateMini } from "@date-fns/utc/date/mini";
import { add, type Duration } from "date-fns";

export type { Duration } from "date-fns";

/**
 * The UTC context of date-fns: `@date-fns/utc`'s `utc`, built on its computation-only
 * `UTCDateMini` (the same UTC getters and setters, without the formatting methods nothing here
 * uses).
 */
const utc = (value: Date | number | string): Date => new UTCDateMini(+new Date(value));

/**
 * Adds a date-fns `Duration` to an instant in UTC (date-fns `add` with `{ in: utc }` from
 * `@date-fns/utc`), so the host's `TZ` never changes the result. One year from Feb 29 is Feb 28.
 *
 * @param instant - the start instant.
 * @param duration - the duration to add.
 * @returns a new `Date`.
 * @example
 * ```ts
 * import { addDurationUtc } from "academic-credit";
 * addDurationUtc(new Date("2028-02-29T12:00:00Z"), { years: 1 }).toISOString(); // "2029-02-28T12:00:00.000Z"
 * ```
 */
export function addDurationUtc(instant: Date, duration: Duration): Date {
  return new Date(+add(instant, duration, { in: utc }));
}

/**
 * Whether an exclusive deadline is still open: open while `now < deadline`.
 *
 * @param deadline - the deadline instant.
 * @param now - the current instant.
 * @returns `true` while open.
 * @example
 * ```ts
 * import { isDeadlineOpen } from "academic-credit";
 * const d = new Date("2027-06-30T23:59:00Z");
 * isDeadlineOpen(d, d); // false: the deadline instant itself is closed
 * ```
 */
export function isDeadlineOpen(deadline: Date, now: Date): boolean {
  return now.getTime() < deadline.getTime();
}

/**
 * Whether a string is an IANA time zone this runtime knows.
 *
 * @param zone - a candidate zone name such as `Europe/London`.
 * @returns `true` when `Intl` accepts it.
 * @example
 * ```ts
 * import { isValidTimeZone } from "academic-credit";
 * isValidTimeZone("America/New_York"); // true
 * ```
 */
export function isValidTimeZone(zone: string): boolean {
  return partsFormatter(zone) !== undefined;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** Formatters by zone name (`null` for a zone `Intl` refuses): building one costs far more than using it. */
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function partsFormatter(zone: string): Intl.DateTimeFormat | undefined {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        era: "short",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        hourCycle: "h23",
      });
    } catch {
      f = null;
    }
    if (formatters.size >= 256) formatters.clear();
    formatters.set(zone, f);
  }
  return f ?? undefined;
}

interface WallClock {
  /** Astronomical numbering, as ISO 8601: 1 BC is year 0. */
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

/** The UTC wall clock: no time zone data needed. */
function utcClock(instant: Date): WallClock {
  return {
    year: instant.getUTCFullYear(),
    month: instant.getUTCMonth() + 1,
    day: instant.getUTCDate(),
    hour: instant.getUTCHours(),
    minute: instant.getUTCMinutes(),
  };
}

/** The wall-clock reading of an instant in a zone `Intl` knows (else UTC). */
function wallClock(instant: Date, timeZone: string): { readonly zone: string; readonly clock: WallClock } {
  const f = timeZone === "UTC" ? undefined : partsFormatter(timeZone);
  if (f === undefined) return { zone: "UTC", clock: utcClock(instant) };
  const clock = { year: 0, month: 0, day: 0, hour: 0, minute: 0 };
  let beforeCommonEra = false;
  for (const part of f.formatToParts(instant)) {
    switch (part.type) {
      case "era":
        beforeCommonEra = part.value === "BC";
        break;
      case "year":
      case "month":
      case "day":
      case "hour":
      case "minute":
        clock[part.type] = Number(part.value);
        break;
      default:
        break;
    }
  }
  if (beforeCommonEra) clock.year = 1 - clock.year;
  return { zone: timeZone, clock };
}

const pad = (n: number, width: number): string => String(n).padStart(width, "0");

function dateText(c: WallClock): string {
  const year = c.year < 0 ? `-${pad(-c.year, 4)}` : pad(c.year, 4);
  return `${c.day} ${MONTHS[c.month - 1] ?? ""} ${year}`;
}

function instantText(clock: WallClock, zone: string): string {
  return `${dateText(clock)}, ${pad(clock.hour, 2)}:${pad(clock.minute, 2)} (${zone})`;
}

/** {@link formatInstant} in UTC, for callers that never need another zone's data. Internal. */
export function formatInstantUtc(instant: Date): string {
  return instantText(utcClock(instant), "UTC");
}

/**
 * Formats an instant for a person, in their IANA time zone, naming the zone:
 * `30 June 2027, 23:59 (America/New_York)`. An unknown zone falls back to `UTC`. Years are numbered
 * as in ISO 8601, at least four digits: 1 BC is `0000`, 2 BC is `-0001`.
 *
 * @param instant - the instant to show.
 * @param timeZone - the learner's IANA zone (default `UTC`).
 * @returns the formatted text.
 * @example
 * ```ts
 * import { formatInstant } from "academic-credit";
 * formatInstant(new Date("2027-07-01T03:59:00Z"), "America/New_York"); // "30 June 2027, 23:59 (America/New_York)"
 * ```
 */
export function formatInstant(instant: Date, timeZone = "UTC"): string {
  const { zone, clock } = wallClock(instant, timeZone);
  return instantText(clock, zone);
}

/**
 * Formats only the calendar date of an instant in a zone: `30 June 2027`.
 *
 * @param instant - the instant.
 * @param timeZone - the IANA zone (default `UTC`).
 * @returns the formatted date.
 * @example
 * ```ts
 * import { formatDate } from "academic-credit";
 * formatDate(new Date("2027-06-30T12:00:00Z")); // "30 June 2027"
 * ```
 */
export function formatDate(instant: Date, timeZone = "UTC"): string {
  return dateText(wallClock(instant, timeZone).clock);
}

/**
 * Converts an instant to whole epoch seconds as a string (Open edX request timestamps).
 *
 * @param instant - the instant.
 * @returns epoch seconds, floored, as a decimal string.
 * @example
 * ```ts
 * import { toEpochSeconds } from "academic-credit";
 * toEpochSeconds(new Date("2015-06-18T12:47:10Z")); // "1434631630"
 * ```
 */
export function toEpochSeconds(instant: Date): string {
  return String(Math.floor(instant.getTime() / 1000));
}

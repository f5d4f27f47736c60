import { tz } from "@date-fns/tz";
import { add, format, type Duration } from "date-fns";

export type { Duration } from "date-fns";

const utc = tz("UTC");

/**
 * Adds a date-fns `Duration` to an instant in UTC, so the host's `TZ` never changes the result.
 * One year from Feb 29 is Feb 28.
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
  return new Date(add(instant, duration, { in: utc }).getTime());
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
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Formats an instant for a person, in their IANA time zone, naming the zone:
 * `30 June 2027, 23:59 (America/New_York)`. An unknown zone falls back to `UTC`.
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
  const zone = isValidTimeZone(timeZone) ? timeZone : "UTC";
  return `${format(instant, "d MMMM yyyy, HH:mm", { in: tz(zone) })} (${zone})`;
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
  const zone = isValidTimeZone(timeZone) ? timeZone : "UTC";
  return format(instant, "d MMMM yyyy", { in: tz(zone) });
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

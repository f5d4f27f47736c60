import * as z from "zod/mini";
import { strictObject } from "../result/parse.js";
import { isValidTimeZone } from "./index.js";

const INSTANT = "expected an ISO-8601 instant with an offset, such as 2026-03-01T12:00:00Z";

/** Schema of an ISO-8601 instant with an offset, parsed into a `Date`. Internal. */
export const instantSchema = /* @__PURE__ */ (() =>
  z.pipe(
    z
      .string({ error: INSTANT })
      .check(
        z.refine((s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)), {
          error: INSTANT,
        }),
      ),
    z.transform((s: string) => new Date(Date.parse(s))),
  ))();

const count = /* @__PURE__ */ (() => z.optional(z.number().check(z.int(), z.nonnegative())))();

/** Schema of a date-fns Duration with non-negative integer fields. Internal. */
export const durationSchema = /* @__PURE__ */ (() =>
  strictObject({ years: count, months: count, weeks: count, days: count, hours: count, minutes: count, seconds: count })
    .check(z.refine((d) => Object.values(d).some((v) => v !== undefined && v > 0), { error: "duration must be longer than zero" })))();

/** Schema of an IANA time zone name. Internal. */
export const timeZoneSchema = /* @__PURE__ */ (() =>
  z.string().check(z.refine(isValidTimeZone, { error: "unknown IANA time zone" })))();

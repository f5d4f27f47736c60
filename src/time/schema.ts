import * as z from "zod";
import { isValidTimeZone } from "./index.js";

/** Schema of an ISO-8601 instant with an offset, parsed into a `Date`. Internal. */
export const instantSchema = /* @__PURE__ */ (() =>
  z
    .string({ error: "expected an ISO-8601 instant with an offset, such as 2026-03-01T12:00:00Z" })
    .refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)), {
      error: "expected an ISO-8601 instant with an offset, such as 2026-03-01T12:00:00Z",
    })
    .transform((s) => new Date(Date.parse(s))))();

/** Schema of a date-fns Duration with non-negative integer fields. Internal. */
export const durationSchema = /* @__PURE__ */ (() =>
  z
    .strictObject({
      years: z.number().int().nonnegative().optional(),
      months: z.number().int().nonnegative().optional(),
      weeks: z.number().int().nonnegative().optional(),
      days: z.number().int().nonnegative().optional(),
      hours: z.number().int().nonnegative().optional(),
      minutes: z.number().int().nonnegative().optional(),
      seconds: z.number().int().nonnegative().optional(),
    })
    .refine((d) => Object.values(d).some((v) => v !== undefined && v > 0), { error: "duration must be longer than zero" }))();

/** Schema of an IANA time zone name. Internal. */
export const timeZoneSchema = /* @__PURE__ */ (() =>
  z.string().refine(isValidTimeZone, { error: "unknown IANA time zone" }))();

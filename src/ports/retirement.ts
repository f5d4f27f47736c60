import type { OutboxPayload } from "./index.js";

/**
 * What a store keeps of an outbox message when its learner is retired (GDPR erasure, as Open
 * edX's `retire_user` blanks a credit request's parameters and keeps its id and status): `null`
 * when the message must be removed (an email or a credit request not delivered yet: it is never
 * sent), else the payload without personal data (a delivered email keeps its template, key,
 * course, provider, amounts and dates, with the address, the learner's name, time zone and locale
 * blanked, and an already blank one is returned as is; refunds hold none and are kept, delivered or not, because the money must go back).
 *
 * @param payload - the stored payload.
 * @param delivered - whether the message was delivered.
 * @returns the payload to keep, or `null` to remove the message.
 * @example
 * ```ts
 * import { retiredOutboxPayload, type OutboxPayload } from "academic-credit";
 * const refund: OutboxPayload = { kind: "refund", refund: { paymentId: "pay-1" as never, amount: 100, currency: "USD" } };
 * retiredOutboxPayload(refund, false); // the refund, unchanged
 * ```
 */
export function retiredOutboxPayload(payload: OutboxPayload, delivered: boolean): OutboxPayload | null {
  if (payload.kind === "refund") return payload;
  if (!delivered) return null;
  if (payload.kind !== "email") return payload;
  const { locale, ...data } = payload.email.data as { readonly locale?: string; readonly timeZone?: string; readonly learnerName: string };
  if (payload.email.to === "" && data.learnerName === "" && locale === undefined && (data.timeZone ?? "UTC") === "UTC") return payload;
  const blank = { ...data, learnerName: "", ...(data.timeZone === undefined ? {} : { timeZone: "UTC" }) };
  return { kind: "email", email: { ...payload.email, to: "", data: blank } as typeof payload.email };
}

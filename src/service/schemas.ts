import * as z from "zod/mini";
import type { CheckoutId, PaymentId, ProviderId } from "../ids/index.js";
import { strictObject } from "../result/parse.js";

const id = (what: string) =>
  z
    .string({ error: `expected ${what} as a string` })
    .check(z.minLength(1, { error: "must not be empty" }), z.maxLength(255, { error: "at most 255 characters" }));

/** Schema of the `start-checkout` command input. Internal. */
export const startCheckoutSchema = /* @__PURE__ */ (() =>
  strictObject({
    providerId: z.pipe(
      z.string().check(z.regex(/^[A-Za-z0-9-]+$/, { error: "provider id must match ^[A-Za-z0-9-]+$" })),
      z.transform((s: string) => s as ProviderId),
    ),
    method: z.enum(["card", "paypal"]),
    idempotencyKey: id("an idempotency key"),
  }))();

/** Schema of the `payment-result` command input. Internal. */
export const paymentResultSchema = /* @__PURE__ */ (() =>
  strictObject({
    checkoutId: z.pipe(id("a checkout id"), z.transform((s: string) => s as CheckoutId)),
    outcome: z.enum(["succeeded", "failed", "cancelled"]),
    paymentId: z.pipe(id("a payment id"), z.transform((s: string) => s as PaymentId)),
    amount: z.number().check(z.int({ error: "amount must be an integer number of minor units" }), z.nonnegative()),
    currency: z.string().check(z.regex(/^[A-Z]{3}$/, { error: "expected an ISO 4217 currency code such as USD" })),
  }))();

/** Schema of the `record-decision` command input. Internal. */
export const recordDecisionSchema = /* @__PURE__ */ (() =>
  strictObject({ status: z.enum(["approved", "rejected"]) }))();

/** Schema of learner and course ids given to the service. Internal. */
export const idArgSchema = /* @__PURE__ */ (() =>
  id("an id"))();

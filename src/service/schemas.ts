import * as z from "zod";
import type { CheckoutId, PaymentId, ProviderId } from "../ids/index.js";

const id = (what: string) =>
  z
    .string({ error: `expected ${what} as a string` })
    .min(1, { error: "must not be empty" })
    .max(255, { error: "at most 255 characters" });

/** Schema of the `start-checkout` command input. Internal. */
export const startCheckoutSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    providerId: z
      .string()
      .regex(/^[A-Za-z0-9-]+$/, { error: "provider id must match ^[A-Za-z0-9-]+$" })
      .transform((s) => s as ProviderId),
    method: z.enum(["card", "paypal"]),
    idempotencyKey: id("an idempotency key"),
  }))();

/** Schema of the `payment-result` command input. Internal. */
export const paymentResultSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    checkoutId: id("a checkout id").transform((s) => s as CheckoutId),
    outcome: z.enum(["succeeded", "failed", "cancelled"]),
    paymentId: id("a payment id").transform((s) => s as PaymentId),
    amount: z.number().int({ error: "amount must be an integer number of minor units" }).nonnegative(),
    currency: z.string().regex(/^[A-Z]{3}$/, { error: "expected an ISO 4217 currency code such as USD" }),
  }))();

/** Schema of the `record-decision` command input. Internal. */
export const recordDecisionSchema = /* @__PURE__ */ (() =>
  z.strictObject({ status: z.enum(["approved", "rejected"]) }))();

/** Schema of learner and course ids given to the service. Internal. */
export const idArgSchema = /* @__PURE__ */ (() =>
  id("an id"))();

declare const brand: unique symbol;

/**
 * A string that TypeScript tells apart from other ids by its brand.
 *
 * @example
 * ```ts
 * import type { Brand } from "academic-credit";
 * type OrderId = Brand<string, "OrderId">;
 * ```
 */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** A learner (user) id as the host knows it. */
export type LearnerId = Brand<string, "LearnerId">;
/** A course id such as `course-v1:MITx+6.002x+2026_T1`. */
export type CourseId = Brand<string, "CourseId">;
/** A credit provider id (`^[A-Za-z0-9-]+$`). */
export type ProviderId = Brand<string, "ProviderId">;
/** A credit request id (32 lowercase hex, the Open edX `request_uuid`). */
export type RequestId = Brand<string, "RequestId">;
/** A requirement id (the exam id for proctored exams, the checkpoint id for reverifications). */
export type RequirementId = Brand<string, "RequirementId">;
/** A checkout id, given by the payment gateway. */
export type CheckoutId = Brand<string, "CheckoutId">;
/** A payment id, given by the payment gateway. */
export type PaymentId = Brand<string, "PaymentId">;

/**
 * Brands a string as a {@link LearnerId}. No check is made: validate at the boundary.
 *
 * @param id - the raw id.
 * @returns the branded id.
 * @example
 * ```ts
 * import { toLearnerId } from "academic-credit";
 * const learner = toLearnerId("42");
 * ```
 */
export const toLearnerId = (id: string): LearnerId => id as LearnerId;
/**
 * Brands a string as a {@link CourseId}.
 *
 * @param id - the raw id.
 * @returns the branded id.
 * @example
 * ```ts
 * import { toCourseId } from "academic-credit";
 * const course = toCourseId("course-v1:MITx+6.002x+2026_T1");
 * ```
 */
export const toCourseId = (id: string): CourseId => id as CourseId;
/**
 * Brands a string as a {@link ProviderId}.
 *
 * @param id - the raw id.
 * @returns the branded id.
 * @example
 * ```ts
 * import { toProviderId } from "academic-credit";
 * const provider = toProviderId("asu");
 * ```
 */
export const toProviderId = (id: string): ProviderId => id as ProviderId;
/**
 * Brands a string as a {@link RequestId}.
 *
 * @param id - the raw id.
 * @returns the branded id.
 * @example
 * ```ts
 * import { toRequestId } from "academic-credit";
 * const request = toRequestId("557168d0f7664fe59097106c67c3f847");
 * ```
 */
export const toRequestId = (id: string): RequestId => id as RequestId;
/**
 * Brands a string as a {@link RequirementId}.
 *
 * @param id - the raw id.
 * @returns the branded id.
 * @example
 * ```ts
 * import { toRequirementId } from "academic-credit";
 * const requirement = toRequirementId("final-exam");
 * ```
 */
export const toRequirementId = (id: string): RequirementId => id as RequirementId;
/**
 * Brands a string as a {@link CheckoutId}.
 *
 * @param id - the raw id.
 * @returns the branded id.
 * @example
 * ```ts
 * import { toCheckoutId } from "academic-credit";
 * const checkout = toCheckoutId("co-1");
 * ```
 */
export const toCheckoutId = (id: string): CheckoutId => id as CheckoutId;
/**
 * Brands a string as a {@link PaymentId}.
 *
 * @param id - the raw id.
 * @returns the branded id.
 * @example
 * ```ts
 * import { toPaymentId } from "academic-credit";
 * const payment = toPaymentId("pay-co-1");
 * ```
 */
export const toPaymentId = (id: string): PaymentId => id as PaymentId;

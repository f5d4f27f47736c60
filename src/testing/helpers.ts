import type { CourseId, LearnerId } from "../ids/index.js";
import { signEdxV1 } from "../providers/signature.js";
import type { Result } from "../result/index.js";
import type { CreditService } from "../service/index.js";
import type { ProviderCallbackInput, PurchaseCommandInput } from "./arbitraries.js";

/**
 * Runs one {@link PurchaseCommandInput} (from `arbitraryPurchaseCommand`, say) through the matching
 * service method.
 *
 * @param service - the credit service.
 * @param learnerId - the learner.
 * @param courseId - the course.
 * @param command - the command.
 * @returns whatever the service method answers.
 * @example
 * ```ts
 * import type { CreditService } from "academic-credit";
 * import { toCourseId, toLearnerId } from "academic-credit";
 * import { runPurchaseCommand } from "academic-credit/testing";
 * declare const service: CreditService;
 * await runPurchaseCommand(service, toLearnerId("42"), toCourseId("course-v1:MITx+6.002x+2026_T1"), { type: "refund" });
 * ```
 */
export function runPurchaseCommand(service: CreditService, learnerId: LearnerId, courseId: CourseId, command: PurchaseCommandInput): Promise<Result<unknown>> {
  switch (command.type) {
    case "start-checkout":
      return service.startCheckout(learnerId, courseId, { providerId: command.providerId, method: command.method, idempotencyKey: command.idempotencyKey });
    case "payment-result":
      return service.recordPaymentResult(learnerId, courseId, {
        checkoutId: command.checkoutId,
        outcome: command.outcome,
        paymentId: command.paymentId,
        amount: command.amount,
        currency: command.currency,
      });
    case "request-credit":
      return service.requestCredit(learnerId, courseId);
    case "record-decision":
      return service.recordDecision(learnerId, courseId, { status: command.status });
    case "refund":
      return service.refund(learnerId, courseId);
    default: {
      const never: never = command;
      return never;
    }
  }
}

/**
 * Signs a provider callback body the way an Open edX provider does (`edx-v1`), replacing its
 * `signature`: for tests of a callback route.
 *
 * @param body - the callback body (its `signature` is ignored).
 * @param key - the provider's shared key.
 * @returns the body with a valid signature.
 * @example
 * ```ts
 * import { signProviderCallback } from "academic-credit/testing";
 * const body = await signProviderCallback(
 *   { request_uuid: "557168d0f7664fe59097106c67c3f847", status: "approved", timestamp: "1434631630", signature: "" },
 *   "asu-shared-secret",
 * );
 * ```
 */
export async function signProviderCallback(body: ProviderCallbackInput, key: string): Promise<ProviderCallbackInput> {
  const { request_uuid, status, timestamp } = body;
  return { request_uuid, status, timestamp, signature: await signEdxV1({ request_uuid, status, timestamp }, key) };
}

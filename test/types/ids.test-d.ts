import { describe, expectTypeOf, it } from "vitest";
import {
  toCheckoutId,
  toCourseId,
  toLearnerId,
  toPaymentId,
  toProviderId,
  toProviderLookup,
  toRequestId,
  type CheckoutId,
  type CourseId,
  type CreditService,
  type LearnerId,
  type PaymentId,
  type ProviderId,
  type RequestId,
} from "academic-credit";

// Branded ids (STYLE.md): a learner id cannot be passed where a provider id is expected.

describe("branded ids", () => {
  it("each brand is its own type: none is assignable to another, and a plain string is none of them", () => {
    expectTypeOf<LearnerId>().not.toEqualTypeOf<ProviderId>();
    expectTypeOf<LearnerId>().not.toMatchTypeOf<ProviderId>();
    expectTypeOf<ProviderId>().not.toMatchTypeOf<LearnerId>();
    expectTypeOf<CourseId>().not.toMatchTypeOf<LearnerId>();
    expectTypeOf<RequestId>().not.toMatchTypeOf<CheckoutId>();
    expectTypeOf<PaymentId>().not.toMatchTypeOf<CheckoutId>();
    expectTypeOf<string>().not.toMatchTypeOf<LearnerId>();
    expectTypeOf<LearnerId>().toMatchTypeOf<string>();
  });

  it("the to* functions brand plain strings", () => {
    expectTypeOf(toLearnerId).returns.toEqualTypeOf<LearnerId>();
    expectTypeOf(toCourseId).returns.toEqualTypeOf<CourseId>();
    expectTypeOf(toProviderId).returns.toEqualTypeOf<ProviderId>();
    expectTypeOf(toRequestId).returns.toEqualTypeOf<RequestId>();
    expectTypeOf(toCheckoutId).returns.toEqualTypeOf<CheckoutId>();
    expectTypeOf(toPaymentId).returns.toEqualTypeOf<PaymentId>();
  });

  it("a LearnerId where a ProviderId is expected does not compile", () => {
    const lookup = toProviderLookup([]);
    const learner = toLearnerId("42");
    // @ts-expect-error a LearnerId is not a ProviderId
    lookup(learner);
    // @ts-expect-error a plain string is not a ProviderId either
    lookup("asu");
    lookup(toProviderId("asu"));
  });

  it("service methods take the learner and the course in their own brands, in that order", () => {
    expectTypeOf<CreditService["getState"]>().parameter(0).toEqualTypeOf<LearnerId>();
    expectTypeOf<CreditService["getState"]>().parameter(1).toEqualTypeOf<CourseId>();
    const swapped = (service: CreditService) =>
      // @ts-expect-error course and learner swapped
      service.getState(toCourseId("course-v1:MITx+6.002x+2026_T1"), toLearnerId("42"));
    void swapped;
  });
});

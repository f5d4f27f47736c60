import type fc from "fast-check";
import { describe, expectTypeOf, it } from "vitest";
import type { CoursePolicy, CoursePolicyInput, CreditStore, LearnerEvent, LearnerProfile, Provider, ProviderInput } from "academic-credit";
import { createMemoryMailer, createMemoryPaymentGateway, type MemoryMailer, type MemoryPaymentGateway } from "academic-credit/adapters/memory";
import {
  arbitraryLearnerEvent,
  arbitraryLearnerProfile,
  arbitraryPolicy,
  arbitraryPolicyInput,
  arbitraryProvider,
  arbitraryProviderInput,
  checkServiceInvariants,
  creditStoreContract,
  mailerContract,
  paymentGatewayContract,
} from "academic-credit/testing";

describe("academic-credit/testing types", () => {
  it("arbitraries produce the library's own types", () => {
    expectTypeOf(arbitraryPolicyInput()).toEqualTypeOf<fc.Arbitrary<CoursePolicyInput>>();
    expectTypeOf(arbitraryPolicy()).toEqualTypeOf<fc.Arbitrary<CoursePolicy>>();
    expectTypeOf(arbitraryProviderInput()).toEqualTypeOf<fc.Arbitrary<ProviderInput>>();
    expectTypeOf(arbitraryProvider()).toEqualTypeOf<fc.Arbitrary<Provider>>();
    expectTypeOf(arbitraryLearnerProfile()).toEqualTypeOf<fc.Arbitrary<LearnerProfile>>();
    expectTypeOf(arbitraryLearnerEvent()).toEqualTypeOf<fc.Arbitrary<LearnerEvent>>();
  });

  it("contract suites take factories of the port, sync or async, and observers typed by the adapter", () => {
    expectTypeOf(creditStoreContract).parameter(0).toEqualTypeOf<() => CreditStore | Promise<CreditStore>>();
    paymentGatewayContract(() => createMemoryPaymentGateway(), { refundsOf: (g, paymentId) => g.refunds.filter((r) => r.paymentId === paymentId).length });
    mailerContract(async () => createMemoryMailer(), { deliveriesOf: (m, key) => m.delivered.filter((d) => d.idempotencyKey === key).length });
    expectTypeOf<Parameters<typeof paymentGatewayContract<MemoryPaymentGateway>>[1]>().toMatchTypeOf<{ refundsOf?: unknown } | undefined>();
    expectTypeOf<Parameters<typeof mailerContract<MemoryMailer>>[1]>().toMatchTypeOf<{ deliveriesOf?: unknown } | undefined>();
    // @ts-expect-error a store factory is not a gateway factory
    paymentGatewayContract((): CreditStore => ({}) as CreditStore);
  });

  it("the invariant checker returns a promise and accepts only the ports it can wrap", () => {
    expectTypeOf(checkServiceInvariants).returns.toEqualTypeOf<Promise<void>>();
    // @ts-expect-error the checker owns the clock
    void checkServiceInvariants({ makePorts: () => ({ clock: { now: () => new Date(0) } }) });
  });
});

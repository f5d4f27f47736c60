import { describe, expectTypeOf, it } from "vitest";
import type { CreditCommandName, CreditObservation, CreditObserver, CreditWorkerOptions, OutboxFailureCode } from "academic-credit";

describe("observation records (types)", () => {
  it("are tagged by type, and each tag narrows to its fields", () => {
    expectTypeOf<CreditObservation["type"]>().toEqualTypeOf<
      "command" | "event-stored" | "eligibility-granted" | "version-conflict" | "outbox-attempt" | "outbox-delivered" | "outbox-failed" | "callback-verdict"
    >();
    expectTypeOf<Extract<CreditObservation, { type: "outbox-failed" }>["errorCode"]>().toEqualTypeOf<OutboxFailureCode>();
    expectTypeOf<Extract<CreditObservation, { type: "command" }>["command"]>().toEqualTypeOf<CreditCommandName>();
  });

  it("command names are the service's commands, never its queries", () => {
    expectTypeOf<"enroll">().toExtend<CreditCommandName>();
    expectTypeOf<"dispatchOutbox">().toExtend<CreditCommandName>();
    expectTypeOf<"getState">().not.toExtend<CreditCommandName>();
    expectTypeOf<"checkoutOptions">().not.toExtend<CreditCommandName>();
  });

  it("an observer may be synchronous or async", () => {
    expectTypeOf<(r: CreditObservation) => void>().toExtend<CreditObserver>();
    expectTypeOf<(r: CreditObservation) => Promise<void>>().toExtend<CreditObserver>();
  });

  it("worker intervals are milliseconds or false", () => {
    expectTypeOf<{ outboxEvery: false }>().toExtend<CreditWorkerOptions>();
    expectTypeOf<{ outboxEvery: "5s" }>().not.toExtend<CreditWorkerOptions>();
  });
});

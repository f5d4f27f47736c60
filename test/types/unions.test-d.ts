import { describe, expectTypeOf, it } from "vitest";
import type {
  CreditError,
  DashboardTile,
  EligibilityStatus,
  EmailTemplate,
  ErrorCode,
  JourneyEvent,
  LearnerEvent,
  OutboxPayload,
  PurchaseStatus,
  RequirementStatusName,
  Result,
} from "academic-credit";
import type { PurchaseCommandInput } from "academic-credit/testing";

// The public vocabulary of docs/rules.md is pinned as exact unions, and a switch that misses a case
// does not compile: the `never` check in the default branch rejects the missing member.

function assertNever(value: never): never {
  throw new Error(`unexpected ${String(value)}`);
}

describe("the unions are exactly the docs/rules.md vocabulary", () => {
  it("§6 EligibilityStatus, §8 PurchaseStatus, §11 dashboard tile statuses, §5 requirement statuses", () => {
    expectTypeOf<EligibilityStatus>().toEqualTypeOf<"needs-verified-enrollment" | "not-eligible" | "in-progress" | "eligible" | "expired">();
    expectTypeOf<PurchaseStatus>().toEqualTypeOf<"unavailable" | "available" | "checkout" | "paid" | "request-pending" | "approved" | "rejected">();
    expectTypeOf<DashboardTile["status"]>().toEqualTypeOf<"hidden" | "eligible" | "expired" | "checkout-in-progress" | "must-request" | "pending" | "approved" | "rejected" | "error">();
    expectTypeOf<RequirementStatusName>().toEqualTypeOf<"pending" | "submitted" | "satisfied" | "failed" | "declined">();
    expectTypeOf<EmailTemplate>().toEqualTypeOf<"eligibility" | "purchase-receipt" | "credit-decision" | "deadline-reminder">();
  });

  it("§12 ErrorCode: the codes of docs/rules.md plus unavailable (a failing port)", () => {
    expectTypeOf<ErrorCode>().toEqualTypeOf<
      | "invalid-input"
      | "not-eligible"
      | "purchase-window-closed"
      | "unknown-provider"
      | "provider-inactive"
      | "no-offer"
      | "already-purchased"
      | "no-open-checkout"
      | "payment-mismatch"
      | "duplicate-payment"
      | "not-paid"
      | "request-completed"
      | "request-not-found"
      | "invalid-callback"
      | "stale-timestamp"
      | "invalid-signature"
      | "conflicting-decision"
      | "refund-not-allowed"
      | "deadline-not-later"
      | "version-conflict"
      | "unavailable"
    >();
  });

  it("§4–§6 LearnerEvent types", () => {
    expectTypeOf<LearnerEvent["type"]>().toEqualTypeOf<
      | "enrolled"
      | "enrollment-mode-changed"
      | "unenrolled"
      | "initial-verification"
      | "grade-updated"
      | "exam-attempt"
      | "exam-graded"
      | "exam-reviewed"
      | "reverification"
      | "requirement-recorded"
      | "deadline-extended"
    >();
  });

  it("a Result narrows on ok: the value on success, a CreditError with a known code on failure", () => {
    const use = (r: Result<number>) => {
      if (r.ok) {
        expectTypeOf(r.value).toEqualTypeOf<number>();
        // @ts-expect-error no error on success
        void r.error;
      } else {
        expectTypeOf(r.error).toEqualTypeOf<CreditError>();
        expectTypeOf(r.error.code).toEqualTypeOf<ErrorCode>();
        // @ts-expect-error no value on failure
        void r.value;
      }
    };
    void use;
  });
});

describe("exhaustive switches: missing a case does not compile", () => {
  it("EligibilityStatus", () => {
    const complete = (s: EligibilityStatus): string => {
      switch (s) {
        case "needs-verified-enrollment":
        case "not-eligible":
        case "in-progress":
        case "eligible":
        case "expired":
          return s;
        default:
          return assertNever(s);
      }
    };
    const missing = (s: EligibilityStatus): string => {
      switch (s) {
        case "needs-verified-enrollment":
        case "not-eligible":
        case "in-progress":
        case "eligible":
          return s;
        default:
          // @ts-expect-error "expired" is not handled
          return assertNever(s);
      }
    };
    void complete;
    void missing;
  });

  it("PurchaseStatus", () => {
    const missing = (s: PurchaseStatus): string => {
      switch (s) {
        case "unavailable":
        case "available":
        case "checkout":
        case "paid":
        case "request-pending":
        case "approved":
          return s;
        default:
          // @ts-expect-error "rejected" is not handled
          return assertNever(s);
      }
    };
    void missing;
  });

  it("DashboardTile status, with each tile's own fields in its branch", () => {
    const missing = (t: DashboardTile): string => {
      switch (t.status) {
        case "hidden":
          return t.courseTitle;
        case "eligible":
        case "expired":
          return t.deadlineText;
        case "checkout-in-progress":
        case "must-request":
          return t.providerName;
        case "pending":
        case "approved":
        case "rejected":
          return t.url;
        default:
          // @ts-expect-error "error" is not handled
          return assertNever(t);
      }
    };
    const wrongField = (t: DashboardTile): string =>
      // @ts-expect-error a hidden tile has no url
      t.status === "hidden" ? t.url : "";
    void missing;
    void wrongField;
  });

  it("ErrorCode", () => {
    const missing = (code: ErrorCode): number => {
      switch (code) {
        case "invalid-input":
        case "invalid-callback":
          return 400;
        case "invalid-signature":
        case "stale-timestamp":
          return 401;
        case "request-not-found":
        case "unknown-provider":
          return 404;
        case "not-eligible":
        case "purchase-window-closed":
        case "provider-inactive":
        case "no-offer":
        case "already-purchased":
        case "no-open-checkout":
        case "payment-mismatch":
        case "duplicate-payment":
        case "not-paid":
        case "request-completed":
        case "conflicting-decision":
        case "refund-not-allowed":
        case "deadline-not-later":
        case "version-conflict":
          return 409;
        default:
          // @ts-expect-error "unavailable" is not handled
          return assertNever(code);
      }
    };
    void missing;
  });

  it("JourneyEvent, OutboxPayload and the testing kit's PurchaseCommandInput", () => {
    const journey = (e: JourneyEvent): string => {
      switch (e.type) {
        case "enrolled":
        case "enrollment-mode-changed":
        case "unenrolled":
        case "initial-verification":
        case "grade-updated":
        case "exam-attempt":
        case "exam-graded":
        case "exam-reviewed":
        case "reverification":
        case "requirement-recorded":
        case "deadline-extended":
        case "eligibility-granted":
        case "reminder-sent":
        case "checkout-started":
        case "payment-succeeded":
        case "payment-failed":
        case "payment-refund-requested":
        case "credit-requested":
        case "credit-decided":
          return e.type;
        default:
          // @ts-expect-error "refunded" is not handled
          return assertNever(e);
      }
    };
    const outbox = (p: OutboxPayload): string => {
      switch (p.kind) {
        case "email":
          return p.email.template;
        case "refund":
          return p.refund.paymentId;
        default:
          // @ts-expect-error "credit-request" is not handled
          return assertNever(p);
      }
    };
    const command = (c: PurchaseCommandInput): string => {
      switch (c.type) {
        case "start-checkout":
        case "payment-result":
        case "request-credit":
        case "record-decision":
          return c.type;
        default:
          // @ts-expect-error "refund" is not handled
          return assertNever(c);
      }
    };
    void journey;
    void outbox;
    void command;
  });
});

import { describe, expect, it } from "vitest";
import type { EligibilityStatus } from "../../src/eligibility/evaluate.js";
import {
  dashboardTile,
  decidePurchase,
  initialPurchaseState,
  toProviderLookup,
  type DashboardInput,
  type PurchaseState,
} from "../../src/purchase/index.js";
import { ASU, DEADLINE, REQ1, ctx, expectOk, lookup, paidState, pendingState, policy, withOpenCheckout } from "./helpers.js";

const base = { courseId: "course-v1:MITx+6.002x+2026_T1", courseTitle: "Circuits and Electronics" };

function input(purchase: PurchaseState, eligibility: EligibilityStatus = "eligible", extra: Partial<DashboardInput> = {}): DashboardInput {
  return { eligibility, deadline: DEADLINE, purchase, providers: lookup, policy, timeZone: "Europe/London", ...extra };
}

function decided(status: "approved" | "rejected"): PurchaseState {
  const s = pendingState();
  return expectOk(decidePurchase(s, { type: "record-decision", status }, ctx()), s).state;
}

describe("§11 dashboard tile", () => {
  it("§11 hidden: not eligible (needs-verified-enrollment, not-eligible, in-progress)", () => {
    for (const e of ["needs-verified-enrollment", "not-eligible", "in-progress"] as const) {
      const { deadline: _unused, ...noDeadline } = input(initialPurchaseState, e);
      expect(dashboardTile(noDeadline)).toEqual({ ...base, status: "hidden" });
    }
  });

  it("§11 eligible: Purchase Credit, available until the deadline in the learner's zone", () => {
    expect(dashboardTile(input(initialPurchaseState))).toEqual({
      ...base,
      status: "eligible",
      label: "Purchase Credit",
      message: "Credit available until 1 July 2027, 00:59 (Europe/London)",
      deadline: DEADLINE,
      deadlineText: "1 July 2027, 00:59 (Europe/London)",
    });
  });

  it("§11 eligible: the zone defaults to UTC", () => {
    const { timeZone: _unused, ...noZone } = input(initialPurchaseState);
    expect(dashboardTile(noZone)).toMatchObject({ status: "eligible", deadlineText: "30 June 2027, 23:59 (UTC)" });
  });

  it("§11 expired: the deadline passed with nothing paid", () => {
    expect(dashboardTile(input(initialPurchaseState, "expired"))).toMatchObject({
      ...base,
      status: "expired",
      deadline: DEADLINE,
      message: "The deadline to purchase credit passed on 1 July 2027, 00:59 (Europe/London).",
    });
  });

  it("§11 checkout-in-progress: a checkout is open (even once eligibility has expired)", () => {
    for (const e of ["eligible", "expired"] as const) {
      expect(dashboardTile(input(withOpenCheckout(), e))).toMatchObject({
        ...base,
        status: "checkout-in-progress",
        checkoutId: "co-1",
        providerId: ASU,
        providerName: "Arizona State University",
      });
    }
  });

  it("§11 must-request: paid, Complete Credit at the provider", () => {
    expect(dashboardTile(input(paidState()))).toEqual({
      ...base,
      status: "must-request",
      label: "Complete Credit",
      message: "Complete your credit request at Arizona State University.",
      providerId: ASU,
      providerName: "Arizona State University",
      creditHours: 3,
    });
  });

  it("§11 pending: View Details → the provider's status URL", () => {
    expect(dashboardTile(input(pendingState()))).toMatchObject({
      ...base,
      status: "pending",
      label: "View Details",
      url: "https://credit.example.edu/status",
      requestId: REQ1,
    });
  });

  it("§11 approved: View Credit → the provider's status URL", () => {
    expect(dashboardTile(input(decided("approved")))).toMatchObject({
      ...base,
      status: "approved",
      label: "View Credit",
      url: "https://credit.example.edu/status",
      creditHours: 3,
    });
  });

  it("§11 rejected: contact the provider, with its name and URL", () => {
    const tile = dashboardTile(input(decided("rejected")));
    expect(tile).toMatchObject({
      ...base,
      status: "rejected",
      label: "Contact Arizona State University",
      url: "https://credit.example.edu/request",
      providerName: "Arizona State University",
    });
    expect(tile.status === "rejected" && tile.message.includes("Contact Arizona State University")).toBe(true);
  });

  it("§11 error: a paid purchase whose provider is unknown says to contact support", () => {
    expect(dashboardTile(input(paidState(), "eligible", { providers: toProviderLookup([]) }))).toEqual({
      ...base,
      status: "error",
      label: "Contact support",
      message: "Something is wrong with your credit for this course. Please contact support.",
      reason: "unknown-provider",
      providerId: ASU,
    });
  });

  it("§11 error: eligible without a deadline is inconsistent data", () => {
    const { deadline: _unused, ...noDeadline } = input(initialPurchaseState);
    expect(dashboardTile(noDeadline)).toMatchObject({ status: "error", reason: "missing-deadline" });
    expect(dashboardTile({ ...noDeadline, eligibility: "expired" })).toMatchObject({ status: "error", reason: "missing-deadline" });
  });

  it("§11 error: a purchase or checkout without granted eligibility is inconsistent data", () => {
    expect(dashboardTile(input(paidState(), "in-progress"))).toMatchObject({ status: "error", reason: "purchase-without-eligibility" });
    expect(dashboardTile(input(withOpenCheckout(), "not-eligible"))).toMatchObject({ status: "error", reason: "purchase-without-eligibility" });
  });

  it("§6 a paid learner whose deadline passed still sees the purchase, not expired", () => {
    expect(dashboardTile(input(paidState(), "expired")).status).toBe("must-request");
  });
});

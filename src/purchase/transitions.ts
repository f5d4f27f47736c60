import type { PurchaseStatus } from "./types.js";

/**
 * What moves a purchase from one status to another: a command of docs/rules.md §8–§9, or a fact the
 * purchase reads (eligibility granted, the deadline passing).
 *
 * @example
 * ```ts
 * import type { PurchaseTrigger } from "academic-credit";
 * const trigger: PurchaseTrigger = "payment-succeeded";
 * ```
 */
export type PurchaseTrigger =
  | "eligibility-granted"
  | "deadline-passed"
  | "start-checkout"
  | "payment-succeeded"
  | "payment-failed"
  | "request-credit"
  | "decision-approved"
  | "decision-rejected"
  | "refund";

/**
 * One row of the purchase status table: `from` --trigger--> `to`, under a condition.
 *
 * @example
 * ```ts
 * import type { PurchaseTransition } from "academic-credit";
 * const row: PurchaseTransition = {
 *   id: "paid-request-credit", from: "paid", trigger: "request-credit", label: "request-credit", to: "request-pending",
 * };
 * ```
 */
export interface PurchaseTransition {
  /** Stable id of the row. */
  readonly id: string;
  readonly from: PurchaseStatus;
  readonly trigger: PurchaseTrigger;
  /** The arrow's text in diagrams. */
  readonly label: string;
  /** When the row applies, if not always. */
  readonly when?: string;
  readonly to: PurchaseStatus;
}

/**
 * The purchase status transitions of docs/rules.md §8, as data: the source of the state diagram in
 * `docs/concepts.md`, and checked row by row against `decidePurchase` and `purchaseStatus` by the
 * test suite. Refused commands (every error of §12) change nothing and have no row.
 *
 * @example
 * ```ts
 * import { PURCHASE_TRANSITIONS } from "academic-credit";
 * PURCHASE_TRANSITIONS.filter((t) => t.from === "checkout").map((t) => t.to);
 * ```
 */
export const PURCHASE_TRANSITIONS: readonly PurchaseTransition[] = [
  {
    id: "unavailable-eligibility-granted",
    from: "unavailable",
    trigger: "eligibility-granted",
    label: "eligibility granted",
    when: "the deadline is open",
    to: "available",
  },
  { id: "available-deadline-passed", from: "available", trigger: "deadline-passed", label: "deadline passes", to: "unavailable" },
  { id: "available-start-checkout", from: "available", trigger: "start-checkout", label: "start-checkout", to: "checkout" },
  {
    id: "checkout-start-checkout",
    from: "checkout",
    trigger: "start-checkout",
    label: "start-checkout with a new key",
    when: "the learner changes provider; the new checkout replaces the open one",
    to: "checkout",
  },
  {
    id: "checkout-payment-failed-open",
    from: "checkout",
    trigger: "payment-failed",
    label: "payment failed or cancelled",
    when: "the deadline is open",
    to: "available",
  },
  {
    id: "checkout-payment-failed-closed",
    from: "checkout",
    trigger: "payment-failed",
    label: "payment failed or cancelled after the deadline",
    when: "the deadline has closed",
    to: "unavailable",
  },
  {
    id: "checkout-payment-succeeded",
    from: "checkout",
    trigger: "payment-succeeded",
    label: "payment succeeded",
    when: "the offer's exact amount and currency, even after the deadline",
    to: "paid",
  },
  {
    id: "checkout-payment-succeeded-automatic-request",
    from: "checkout",
    trigger: "payment-succeeded",
    label: "payment succeeded, provider without completion steps",
    when: "the provider has completionSteps: false, so the request is issued at payment",
    to: "request-pending",
  },
  {
    id: "available-payment-succeeded-earlier-checkout",
    from: "available",
    trigger: "payment-succeeded",
    label: "payment succeeded for an earlier checkout",
    when: "a replaced or failed checkout is reported paid while nothing is paid: the money moved, so its offer is bought",
    to: "paid",
  },
  {
    id: "available-payment-succeeded-earlier-checkout-automatic-request",
    from: "available",
    trigger: "payment-succeeded",
    label: "payment succeeded for an earlier checkout, provider without completion steps",
    when: "as above, for a provider with completionSteps: false",
    to: "request-pending",
  },
  {
    id: "unavailable-payment-succeeded-earlier-checkout",
    from: "unavailable",
    trigger: "payment-succeeded",
    label: "payment succeeded for an earlier checkout",
    when: "after the deadline, for a checkout started before it",
    to: "paid",
  },
  {
    id: "unavailable-payment-succeeded-earlier-checkout-automatic-request",
    from: "unavailable",
    trigger: "payment-succeeded",
    label: "payment succeeded for an earlier checkout, provider without completion steps",
    when: "after the deadline, for a checkout started before it, with completionSteps: false",
    to: "request-pending",
  },
  { id: "paid-request-credit", from: "paid", trigger: "request-credit", label: "request-credit", to: "request-pending" },
  {
    id: "request-pending-request-credit",
    from: "request-pending",
    trigger: "request-credit",
    label: "request-credit again",
    when: "re-issued with the same request id and a fresh timestamp",
    to: "request-pending",
  },
  {
    id: "request-pending-approved",
    from: "request-pending",
    trigger: "decision-approved",
    label: "approved by callback or record-decision",
    to: "approved",
  },
  {
    id: "request-pending-rejected",
    from: "request-pending",
    trigger: "decision-rejected",
    label: "rejected by callback or record-decision",
    to: "rejected",
  },
  { id: "paid-refund-open", from: "paid", trigger: "refund", label: "refund", when: "the deadline is open", to: "available" },
  {
    id: "paid-refund-closed",
    from: "paid",
    trigger: "refund",
    label: "refund after the deadline",
    when: "the deadline has closed",
    to: "unavailable",
  },
];

import type { EligibilityStatus } from "../eligibility/evaluate.js";
import type { RequirementStatusName } from "../journey/events.js";
import type { EmailTemplate } from "../notifications/index.js";
import type { DashboardTile, PurchaseStatus } from "../purchase/index.js";

type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : false;

/**
 * Every overall eligibility status of docs/rules.md §6, in the order the section lists them.
 *
 * @example
 * ```ts
 * import { ELIGIBILITY_STATUSES } from "academic-credit/scenarios";
 * ELIGIBILITY_STATUSES.includes("expired"); // true
 * ```
 */
export const ELIGIBILITY_STATUSES = [
  "needs-verified-enrollment",
  "not-eligible",
  "in-progress",
  "eligible",
  "expired",
] as const satisfies readonly EligibilityStatus[];

/**
 * Every requirement status of docs/rules.md §5.
 *
 * @example
 * ```ts
 * import { REQUIREMENT_STATUSES } from "academic-credit/scenarios";
 * REQUIREMENT_STATUSES.length; // 5
 * ```
 */
export const REQUIREMENT_STATUSES = [
  "pending",
  "submitted",
  "satisfied",
  "failed",
  "declined",
] as const satisfies readonly RequirementStatusName[];

/**
 * Every purchase status of docs/rules.md §8.
 *
 * @example
 * ```ts
 * import { PURCHASE_STATUSES } from "academic-credit/scenarios";
 * PURCHASE_STATUSES[0]; // "unavailable"
 * ```
 */
export const PURCHASE_STATUSES = [
  "unavailable",
  "available",
  "checkout",
  "paid",
  "request-pending",
  "approved",
  "rejected",
] as const satisfies readonly PurchaseStatus[];

/**
 * Every dashboard tile status of docs/rules.md §11.
 *
 * @example
 * ```ts
 * import { DASHBOARD_STATUSES } from "academic-credit/scenarios";
 * DASHBOARD_STATUSES.includes("must-request"); // true
 * ```
 */
export const DASHBOARD_STATUSES = [
  "hidden",
  "eligible",
  "expired",
  "checkout-in-progress",
  "must-request",
  "pending",
  "approved",
  "rejected",
  "error",
] as const satisfies readonly DashboardTile["status"][];

/**
 * Every email template id of docs/rules.md §10.
 *
 * @example
 * ```ts
 * import { EMAIL_TEMPLATES } from "academic-credit/scenarios";
 * EMAIL_TEMPLATES.includes("deadline-reminder"); // true
 * ```
 */
export const EMAIL_TEMPLATES = [
  "eligibility",
  "purchase-receipt",
  "credit-decision",
  "deadline-reminder",
] as const satisfies readonly EmailTemplate[];

// Compile-time checks that no status or template was left out of the lists above.
const listsAreExhaustive: [
  Exhaustive<EligibilityStatus, (typeof ELIGIBILITY_STATUSES)[number]>,
  Exhaustive<RequirementStatusName, (typeof REQUIREMENT_STATUSES)[number]>,
  Exhaustive<PurchaseStatus, (typeof PURCHASE_STATUSES)[number]>,
  Exhaustive<DashboardTile["status"], (typeof DASHBOARD_STATUSES)[number]>,
  Exhaustive<EmailTemplate, (typeof EMAIL_TEMPLATES)[number]>,
] = [true, true, true, true, true];
void listsAreExhaustive;

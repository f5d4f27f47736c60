import type { EligibilityStatus } from "../eligibility/evaluate.js";
import type { CheckoutId, CourseId, ProviderId, RequestId } from "../ids/index.js";
import type { CoursePolicy } from "../policy/index.js";
import { formatInstant } from "../time/index.js";
import { openCheckout } from "./state.js";
import type { ProviderLookup, PurchaseState } from "./types.js";

/**
 * What the dashboard tile of one credit course is built from.
 *
 * @example
 * ```ts
 * import { initialPurchaseState, parsePolicy, toProviderLookup, type DashboardInput } from "academic-credit";
 * const policy = parsePolicy({ courseId: "c", title: "T", requirements: [], offers: [] });
 * if (policy.ok) {
 *   const input: DashboardInput = {
 *     eligibility: "in-progress", purchase: initialPurchaseState, providers: toProviderLookup([]), policy: policy.value,
 *   };
 * }
 * ```
 */
export interface DashboardInput {
  /** The overall eligibility status (docs/rules.md §6). */
  readonly eligibility: EligibilityStatus;
  /** The learner's purchase deadline, once eligibility is granted. */
  readonly deadline?: Date;
  readonly purchase: PurchaseState;
  readonly providers: ProviderLookup;
  readonly policy: CoursePolicy;
  /** The learner's IANA zone for dates; default `UTC`. */
  readonly timeZone?: string;
}

/** Fields every tile has. */
export interface TileBase {
  readonly courseId: CourseId;
  readonly courseTitle: string;
}

/**
 * Why a tile is in `error`: a purchase whose provider is unknown, an eligible learner without a
 * deadline, a purchase or checkout without granted eligibility, or a course with a log that the
 * catalog no longer knows.
 *
 * @example
 * ```ts
 * import type { DashboardErrorReason } from "academic-credit";
 * const reason: DashboardErrorReason = "unknown-provider";
 * ```
 */
export type DashboardErrorReason = "unknown-provider" | "missing-deadline" | "purchase-without-eligibility" | "unknown-course";

/**
 * The dashboard tile of one credit course (docs/rules.md §11), tagged by `status`. `label` is the action
 * or label text; `url` is present where the tile links somewhere.
 *
 * @example
 * ```ts
 * import type { DashboardTile } from "academic-credit";
 * const link = (t: DashboardTile): string | undefined => ("url" in t ? t.url : undefined);
 * ```
 */
export type DashboardTile =
  | (TileBase & { readonly status: "hidden" })
  | (TileBase & {
      readonly status: "eligible";
      readonly label: "Purchase Credit";
      readonly message: string;
      readonly deadline: Date;
      /** The deadline in the learner's zone. */
      readonly deadlineText: string;
    })
  | (TileBase & {
      readonly status: "expired";
      readonly label: "Credit no longer available";
      readonly message: string;
      readonly deadline: Date;
      readonly deadlineText: string;
    })
  | (TileBase & {
      readonly status: "checkout-in-progress";
      readonly label: "Payment in progress";
      readonly message: string;
      readonly checkoutId: CheckoutId;
      readonly providerId: ProviderId;
      readonly providerName: string;
    })
  | (TileBase & {
      readonly status: "must-request";
      readonly label: "Complete Credit";
      readonly message: string;
      readonly providerId: ProviderId;
      readonly providerName: string;
      readonly creditHours: number;
    })
  | (TileBase & {
      readonly status: "pending";
      readonly label: "View Details";
      readonly url: string;
      readonly message: string;
      readonly providerId: ProviderId;
      readonly providerName: string;
      readonly requestId: RequestId;
    })
  | (TileBase & {
      readonly status: "approved";
      readonly label: "View Credit";
      readonly url: string;
      readonly message: string;
      readonly providerId: ProviderId;
      readonly providerName: string;
      readonly requestId: RequestId;
      readonly creditHours: number;
    })
  | (TileBase & {
      readonly status: "rejected";
      /** "Contact {provider}". */
      readonly label: string;
      /** The provider's site. */
      readonly url: string;
      readonly message: string;
      readonly providerId: ProviderId;
      readonly providerName: string;
      readonly requestId: RequestId;
    })
  | (TileBase & {
      readonly status: "error";
      readonly label: "Contact support";
      readonly message: string;
      readonly reason: DashboardErrorReason;
      readonly providerId?: ProviderId;
    });

const granted = (status: EligibilityStatus): boolean => status === "eligible" || status === "expired";

/** Internal: the `error` tile that says to contact support. */
export function errorTile(base: TileBase, reason: DashboardErrorReason, providerId?: ProviderId): DashboardTile {
  return {
    ...base,
    status: "error",
    label: "Contact support",
    message: "Something is wrong with your credit for this course. Please contact support.",
    reason,
    ...(providerId === undefined ? {} : { providerId }),
  };
}

/**
 * The dashboard tile of one credit course (docs/rules.md §11): a paid purchase and its request first,
 * then an open checkout, then eligibility (`eligible` with "Purchase Credit" until the deadline,
 * `expired`, or `hidden`). Inconsistent data gives an `error` tile that says to contact support.
 *
 * @param input - eligibility, deadline, purchase state, providers, policy and the learner's zone.
 * @returns the tile.
 * @example
 * ```ts
 * import { dashboardTile, initialPurchaseState, parsePolicy, toProviderLookup } from "academic-credit";
 * const policy = parsePolicy({ courseId: "c", title: "Circuits", requirements: [], offers: [] });
 * if (policy.ok) {
 *   const tile = dashboardTile({
 *     eligibility: "eligible", deadline: new Date("2027-06-30T23:59:00Z"),
 *     purchase: initialPurchaseState, providers: toProviderLookup([]), policy: policy.value,
 *   });
 *   tile.status; // "eligible"
 * }
 * ```
 */
export function dashboardTile(input: DashboardInput): DashboardTile {
  const base: TileBase = { courseId: input.policy.courseId, courseTitle: input.policy.title };
  const { purchase, request } = input.purchase;
  if (purchase !== null) {
    if (!granted(input.eligibility)) return errorTile(base, "purchase-without-eligibility", purchase.providerId);
    const provider = input.providers(purchase.providerId);
    if (provider === undefined) return errorTile(base, "unknown-provider", purchase.providerId);
    const who = { providerId: provider.id, providerName: provider.displayName };
    if (request === null) {
      return {
        ...base,
        ...who,
        status: "must-request",
        label: "Complete Credit",
        message: `Complete your credit request at ${provider.displayName}.`,
        creditHours: purchase.creditHours,
      };
    }
    switch (request.status) {
      case "pending":
        return {
          ...base,
          ...who,
          status: "pending",
          label: "View Details",
          url: provider.statusUrl,
          message: `${provider.displayName} is reviewing your request for credit.`,
          requestId: request.requestId,
        };
      case "approved":
        return {
          ...base,
          ...who,
          status: "approved",
          label: "View Credit",
          url: provider.statusUrl,
          message: `${provider.displayName} has approved your request for credit.`,
          requestId: request.requestId,
          creditHours: purchase.creditHours,
        };
      case "rejected":
        return {
          ...base,
          ...who,
          status: "rejected",
          label: `Contact ${provider.displayName}`,
          url: provider.url,
          message: `${provider.displayName} did not approve your request for credit. Contact ${provider.displayName} for more information.`,
          requestId: request.requestId,
        };
      default: {
        const unhandled: never = request;
        void unhandled;
        return errorTile(base, "unknown-provider");
      }
    }
  }
  const checkout = openCheckout(input.purchase);
  if (checkout !== undefined) {
    if (!granted(input.eligibility)) return errorTile(base, "purchase-without-eligibility", checkout.providerId);
    const providerName = input.providers(checkout.providerId)?.displayName ?? checkout.providerId;
    return {
      ...base,
      status: "checkout-in-progress",
      label: "Payment in progress",
      message: `Your payment for credit from ${providerName} is being processed.`,
      checkoutId: checkout.checkoutId,
      providerId: checkout.providerId,
      providerName,
    };
  }
  // A course that does not offer credit now sells nothing: there is nothing to show.
  if (!input.policy.enabled) return { ...base, status: "hidden" };
  switch (input.eligibility) {
    case "eligible":
    case "expired": {
      if (input.deadline === undefined) return errorTile(base, "missing-deadline");
      const deadlineText = formatInstant(input.deadline, input.timeZone ?? "UTC");
      return input.eligibility === "eligible"
        ? {
            ...base,
            status: "eligible",
            label: "Purchase Credit",
            message: `Credit available until ${deadlineText}`,
            deadline: input.deadline,
            deadlineText,
          }
        : {
            ...base,
            status: "expired",
            label: "Credit no longer available",
            message: `The deadline to purchase credit passed on ${deadlineText}.`,
            deadline: input.deadline,
            deadlineText,
          };
    }
    case "needs-verified-enrollment":
    case "not-eligible":
    case "in-progress":
      return { ...base, status: "hidden" };
    default: {
      const unhandled: never = input.eligibility;
      void unhandled;
      return { ...base, status: "hidden" };
    }
  }
}

import type { ProviderId } from "../ids/index.js";
import type { CoursePolicy, Money } from "../policy/index.js";
import type { Provider } from "../providers/model.js";
import { formatInstant } from "../time/index.js";
import type { ProviderLookup } from "./types.js";

/**
 * Builds a {@link ProviderLookup} from a list of providers (the last one wins on a repeated id).
 *
 * @param providers - the providers.
 * @returns a lookup by id.
 * @example
 * ```ts
 * import { toProviderId, toProviderLookup } from "academic-credit";
 * const lookup = toProviderLookup([]);
 * lookup(toProviderId("asu")); // undefined
 * ```
 */
export function toProviderLookup(providers: Iterable<Provider>): ProviderLookup {
  const byId = new Map<ProviderId, Provider>();
  for (const p of providers) byId.set(p.id, p);
  return (id) => byId.get(id);
}

/** A locale `Intl` supports, else `en`; never throws. Internal. */
function supportedLocale(locale: string): string {
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale])[0] ?? "en";
  } catch {
    return "en";
  }
}

/**
 * Formats a price given in integer minor units for a person, with the currency's own number of minor
 * digits (JPY has none, KWD three). An unsupported or malformed locale falls back to `en`;
 * a currency `Intl` does not accept is shown as `amount CODE`. Never throws.
 *
 * @internal
 * @param money - amount in minor units and ISO 4217 currency.
 * @param locale - a BCP 47 locale (default `en`).
 * @returns the formatted price.
 */
export function formatPrice(money: Money, locale = "en"): string {
  try {
    const digits = new Intl.NumberFormat("en", { style: "currency", currency: money.currency }).resolvedOptions().maximumFractionDigits ?? 2;
    return new Intl.NumberFormat(supportedLocale(locale), { style: "currency", currency: money.currency }).format(
      money.amount / 10 ** digits,
    );
  } catch {
    return `${money.amount} ${money.currency}`;
  }
}

/**
 * How the checkout page is shown: the learner's locale (prices) and IANA time zone (deadline).
 *
 * @example
 * ```ts
 * import type { CheckoutViewOptions } from "academic-credit";
 * const o: CheckoutViewOptions = { locale: "de-DE", timeZone: "Europe/Berlin" };
 * ```
 */
export interface CheckoutViewOptions {
  /** BCP 47 locale for prices; default `en`, unsupported ones fall back to `en`. */
  readonly locale?: string;
  /** IANA zone for the deadline; default `UTC`. */
  readonly timeZone?: string;
}

/**
 * One provider the learner can buy credit from, as the checkout page lists it (docs/rules.md §3 offers,
 * §7 providers).
 *
 * @example
 * ```ts
 * import type { CheckoutOption } from "academic-credit";
 * const line = (o: CheckoutOption) => `${o.displayName}: ${o.creditHours} credits, ${o.priceText}`;
 * ```
 */
export interface CheckoutOption {
  readonly providerId: ProviderId;
  readonly displayName: string;
  readonly description?: string;
  readonly thumbnailUrl?: string;
  readonly fulfillmentInstructions?: string;
  readonly creditHours: number;
  /** Price in minor units. */
  readonly price: Money;
  /** Price formatted for the learner's locale. */
  readonly priceText: string;
  /** The learner's exclusive purchase deadline. */
  readonly deadline: Date;
  /** "Credit available until {deadline}", in the learner's zone. */
  readonly availableUntil: string;
}

/**
 * The checkout options of a course: one per offer whose provider exists and is active, in policy
 * order, with the price formatted in the learner's locale and "Credit available until {deadline}"
 * in their zone.
 *
 * @param policy - the course policy (its offers).
 * @param providers - provider lookup.
 * @param deadline - the learner's purchase deadline.
 * @param options - locale and time zone.
 * @returns the options to show (none when the course does not offer credit now: `enabled: false`).
 * @example
 * ```ts
 * import { checkoutOptions, parsePolicy, toProviderId, toProviderLookup } from "academic-credit";
 * const policy = parsePolicy({
 *   courseId: "c", title: "T", requirements: [],
 *   offers: [{ providerId: "asu", price: { amount: 60000, currency: "USD" }, creditHours: 3 }],
 * });
 * const providers = toProviderLookup([{ id: toProviderId("asu"), displayName: "ASU", active: true, url: "https://a.example/r",
 *   statusUrl: "https://a.example/s", integration: "signed-request", completionSteps: true }]);
 * if (policy.ok) {
 *   const [asu] = checkoutOptions(policy.value, providers, new Date("2027-06-30T23:59:00Z"), { timeZone: "UTC" });
 *   asu?.priceText; // "$600.00"
 *   asu?.availableUntil; // "Credit available until 30 June 2027, 23:59 (UTC)"
 * }
 * ```
 */
export function checkoutOptions(
  policy: CoursePolicy,
  providers: ProviderLookup,
  deadline: Date,
  options: CheckoutViewOptions = {},
): readonly CheckoutOption[] {
  if (!policy.enabled) return [];
  const locale = options.locale ?? "en";
  const availableUntil = `Credit available until ${formatInstant(deadline, options.timeZone ?? "UTC")}`;
  const out: CheckoutOption[] = [];
  for (const offer of policy.offers) {
    const provider = providers(offer.providerId);
    if (provider === undefined || !provider.active) continue;
    out.push({
      providerId: offer.providerId,
      displayName: provider.displayName,
      ...(provider.description === undefined ? {} : { description: provider.description }),
      ...(provider.thumbnailUrl === undefined ? {} : { thumbnailUrl: provider.thumbnailUrl }),
      ...(provider.fulfillmentInstructions === undefined ? {} : { fulfillmentInstructions: provider.fulfillmentInstructions }),
      creditHours: offer.creditHours,
      price: offer.price,
      priceText: formatPrice(offer.price, locale),
      deadline,
      availableUntil,
    });
  }
  return out;
}

import { describe, expect, it } from "vitest";
import { toProviderId } from "../../src/ids/index.js";
import type { CoursePolicy } from "../../src/policy/index.js";
import { checkoutOptions, toProviderLookup } from "../../src/purchase/index.js";
import { formatPrice } from "../../src/purchase/offers.js";
import { ASU, DEADLINE, HOG, lookup, policy, providers } from "./helpers.js";

const NBSP = "\u00a0";

function withOffer(currency: string, amount: number): CoursePolicy {
  return { ...policy, offers: [{ providerId: ASU, price: { amount, currency }, creditHours: 3 }] };
}

describe("§7 checkout options (§3 offers)", () => {
  it("§7 one option per offer whose provider exists and is active, in policy order", () => {
    const options = checkoutOptions(policy, lookup, DEADLINE);
    expect(options.map((o) => o.providerId)).toEqual(["asu", "hogwarts", "auto", "autolink"]);
  });

  it("§7 an option shows name, description, thumbnail, credit hours, price, fulfilment instructions and the deadline", () => {
    const [asu] = checkoutOptions(policy, lookup, DEADLINE, { locale: "en", timeZone: "America/New_York" });
    expect(asu).toEqual({
      providerId: ASU,
      displayName: "Arizona State University",
      description: "Public research university",
      thumbnailUrl: "https://credit.example.edu/logo.png",
      fulfillmentInstructions: "Send your transcript request.",
      creditHours: 3,
      price: { amount: 60000, currency: "USD" },
      priceText: "$600.00",
      deadline: DEADLINE,
      availableUntil: "Credit available until 30 June 2027, 19:59 (America/New_York)",
    });
  });

  it("§7 optional provider fields are left out, not set to undefined", () => {
    const hog = checkoutOptions(policy, lookup, DEADLINE).find((o) => o.providerId === HOG);
    expect(hog && "description" in hog).toBe(false);
    expect(hog && "thumbnailUrl" in hog).toBe(false);
  });

  it("§2 the deadline is shown in UTC by default, naming the zone", () => {
    expect(checkoutOptions(policy, lookup, DEADLINE)[0]?.availableUntil).toBe("Credit available until 30 June 2027, 23:59 (UTC)");
  });

  it("§3 a price in JPY has no minor digits (60000 minor units are ¥60,000)", () => {
    expect(checkoutOptions(withOffer("JPY", 60000), lookup, DEADLINE)[0]?.priceText).toBe("¥60,000");
  });

  it("§3 a price in KWD has three minor digits (60500 minor units are 60.500)", () => {
    expect(checkoutOptions(withOffer("KWD", 60500), lookup, DEADLINE)[0]?.priceText).toBe(`KWD${NBSP}60.500`);
  });

  it("§3 the price follows the learner's locale", () => {
    expect(checkoutOptions(policy, lookup, DEADLINE, { locale: "de-DE" })[0]?.priceText).toBe(`600,00${NBSP}$`);
    expect(checkoutOptions(withOffer("JPY", 60000), lookup, DEADLINE, { locale: "de-DE" })[0]?.priceText).toBe(`60.000${NBSP}¥`);
  });

  it("§3 a malformed locale falls back to en without throwing", () => {
    expect(checkoutOptions(policy, lookup, DEADLINE, { locale: "en_US!!" })[0]?.priceText).toBe("$600.00");
  });

  it("§3 a well-formed but unsupported locale falls back to en, not to the host's locale", () => {
    expect(checkoutOptions(policy, lookup, DEADLINE, { locale: "zz" })[0]?.priceText).toBe("$600.00");
  });

  it("§2 a deadline on Feb 29 is shown as that day in the learner's zone", () => {
    const leap = new Date("2028-02-29T23:30:00Z");
    expect(checkoutOptions(policy, lookup, leap, { timeZone: "UTC" })[0]?.availableUntil).toBe("Credit available until 29 February 2028, 23:30 (UTC)");
    expect(checkoutOptions(policy, lookup, leap, { timeZone: "Asia/Tokyo" })[0]?.availableUntil).toBe(
      "Credit available until 1 March 2028, 08:30 (Asia/Tokyo)",
    );
  });

  it("§2 an unknown time zone falls back to UTC", () => {
    expect(checkoutOptions(policy, lookup, DEADLINE, { timeZone: "Mars/Olympus" })[0]?.availableUntil).toBe(
      "Credit available until 30 June 2027, 23:59 (UTC)",
    );
  });

  it("§7 no provider, no option; inactive provider, no option", () => {
    expect(checkoutOptions(policy, toProviderLookup([]), DEADLINE)).toEqual([]);
    const inactive = toProviderLookup(providers.map((p) => ({ ...p, active: false })));
    expect(checkoutOptions(policy, inactive, DEADLINE)).toEqual([]);
  });

  it("§12 a currency Intl refuses is shown as amount and code, never thrown", () => {
    expect(formatPrice({ amount: 500, currency: "US" })).toBe("500 US");
  });

  it("§7 toProviderLookup answers undefined for an unknown id", () => {
    expect(lookup(toProviderId("nobody"))).toBeUndefined();
    expect(lookup(ASU)?.displayName).toBe("Arizona State University");
  });
});

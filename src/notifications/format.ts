/**
 * Joins names in English with an Oxford comma: `A`, `A and B`, `A, B, and C`; no names give `""`.
 *
 * @param names - the names, in order.
 * @returns the list as one string.
 * @example
 * ```ts
 * import { formatList } from "academic-credit";
 * formatList(["Arizona State University", "Hogwarts", "MIT"]); // "Arizona State University, Hogwarts, and MIT"
 * formatList(["Arizona State University", "Hogwarts"]); // "Arizona State University and Hogwarts"
 * ```
 */
export function formatList(names: readonly string[]): string {
  return listParts(names).join("");
}

/**
 * The names of a list interleaved with their separators (`["A", ", ", "B", ", and ", "C"]`), so a
 * renderer can escape the names and keep the separators: names sit at even indexes.
 *
 * @internal
 * @param names - the names, in order.
 * @returns names and separators, alternating.
 */
export function listParts(names: readonly string[]): string[] {
  const last = names.length - 1;
  return names.flatMap((name, i) => {
    if (i === 0) return [name];
    if (last === 1) return [" and ", name];
    return [i === last ? ", and " : ", ", name];
  });
}

const DEFAULT_LOCALE = "en-US";

function currencyFormatter(currency: string, locale: string): Intl.NumberFormat | undefined {
  for (const candidate of [locale, DEFAULT_LOCALE]) {
    try {
      return new Intl.NumberFormat(candidate, { style: "currency", currency });
    } catch {
      // An unknown locale falls back to the default one; a malformed currency code to plain digits.
    }
  }
  return undefined;
}

/**
 * Formats an amount given in integer minor units of an ISO 4217 currency, using as many fraction
 * digits as the currency has (2 for USD, 0 for JPY, 3 for BHD). An unknown locale falls back to
 * `en-US`; a malformed currency code gives the number with 2 decimals followed by the code.
 *
 * @internal
 * @param amount - integer minor units (cents for USD).
 * @param currency - the ISO 4217 code.
 * @param locale - BCP 47 locale (default `en-US`).
 * @returns the formatted amount, such as `$1,250.00`.
 */
export function formatMoney(amount: number, currency: string, locale: string = DEFAULT_LOCALE): string {
  const formatter = currencyFormatter(currency, locale);
  if (formatter === undefined) {
    const plain = new Intl.NumberFormat(DEFAULT_LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    return `${plain.format(amount / 100)} ${currency}`;
  }
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  return formatter.format(amount / 10 ** digits);
}

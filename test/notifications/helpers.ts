import fc from "fast-check";
import type { EmailMessage } from "../../src/notifications/index.js";

/** Every tag the default templates write; anything else in the HTML came from a value. */
export const TEMPLATE_TAG =
  /^<(?:!doctype html|html lang="en"|\/html|head|\/head|meta charset="utf-8"|body|\/body|p|\/p|bdi|\/bdi|br|a href="https?:\/\/[^"'<>\s]*"|\/a)>$/;

/** The tags of an HTML string, in order. */
export function tagsOf(html: string): string[] {
  return html.match(/<[^>]*>?/g) ?? [];
}

/** The HTML with every tag removed. */
export function withoutTags(html: string): string {
  return html.replace(/<[^>]*>/g, "");
}

/** Decodes the character references an HTML escaper may write. */
export function decodeEntities(text: string): string {
  return text.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi, (_, hex?: string, dec?: string, name?: string) => {
    if (hex !== undefined) return String.fromCodePoint(Number.parseInt(hex, 16));
    if (dec !== undefined) return String.fromCodePoint(Number.parseInt(dec, 10));
    const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
    return named[(name ?? "").toLowerCase()] ?? "";
  });
}

/** Reads the body of a rendered HTML email back as plain text: paragraphs, line breaks, text. */
export function htmlBodyAsText(html: string): string {
  const body = /<body>\n([\s\S]*)\n<\/body>/.exec(html)?.[1];
  if (body === undefined) throw new Error("no <body> in the HTML");
  const paragraphs = body.split("\n").map((p) => {
    const inner = /^<p>(.*)<\/p>$/s.exec(p)?.[1];
    if (inner === undefined) throw new Error(`not a paragraph: ${p}`);
    return decodeEntities(withoutTags(inner.replace(/<br>/g, "\n")));
  });
  return `${paragraphs.join("\n\n")}\n`;
}

export const RLO = "\u202E";
export const PDF = "\u202C";
export const PDI = "\u2069";

/** The explicit bidirectional formatting characters (embeddings, overrides, isolates). */
export const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

/** Hostile values seen in the wild: markup, attribute breakers, header breakers, bidi overrides. */
export const HOSTILE = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)",
  `Mallory ${RLO}gpj.exe`,
  "Bob\r\nBcc: victim@example.com",
  "&amp; &lt;b&gt; &#x3C;",
  `${PDI}${PDF}</bdi><script>`,
] as const;

const dangerousUnit = fc.constantFrom(
  "<", ">", "&", '"', "'", "/", "=", " ", "a", "\r", "\n", "\t", "\u0000",
  "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069",
  "<script>", "</bdi>", "<br>", "&amp;", "javascript:", "https://",
);

/** Any string, biased towards characters that break HTML, headers and bidi. */
export const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: dangerousUnit, maxLength: 20 }),
);

/** Any URL-ish string, including ones that must never become links. */
export const anyUrl = fc.oneof(
  anyText,
  anyText.map((s) => `https://credit.example.edu/${s}`),
  anyText.map((s) => `javascript:${s}`),
  fc.constantFrom("JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "/status"),
);

const anyDate = fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true });
const anyZone = fc.constantFrom("UTC", "America/New_York", "Pacific/Kiritimati", "Asia/Kolkata", "Not/A_Zone");
const common = { idempotencyKey: fc.string(), to: fc.constant("learner@example.com") };

/** Any message of any template, with arbitrary strings in every user- or provider-supplied field. */
export const anyMessage: fc.Arbitrary<EmailMessage> = fc.oneof(
  fc.record({
    template: fc.constant("eligibility" as const),
    ...common,
    data: fc.record({
      learnerName: anyText,
      courseTitle: anyText,
      providers: fc.array(anyText, { maxLength: 4 }),
      deadline: anyDate,
      timeZone: anyZone,
    }),
  }),
  fc.record({
    template: fc.constant("purchase-receipt" as const),
    ...common,
    data: fc.record(
      {
        learnerName: anyText,
        courseTitle: anyText,
        providerName: anyText,
        creditHours: fc.integer({ min: 0, max: 12 }),
        amount: fc.integer({ min: 0, max: 1_000_000_000 }),
        currency: fc.constantFrom("USD", "JPY", "BHD", "EUR", "usd!"),
        completionSteps: fc.boolean(),
        fulfillmentInstructions: anyText,
        timeZone: anyZone,
        locale: fc.constantFrom("en-US", "de-DE", "not a locale"),
      },
      { requiredKeys: ["learnerName", "courseTitle", "providerName", "creditHours", "amount", "currency", "completionSteps", "timeZone"] },
    ),
  }),
  fc.record({
    template: fc.constant("credit-decision" as const),
    ...common,
    data: fc.record({
      learnerName: anyText,
      courseTitle: anyText,
      providerName: anyText,
      status: fc.constantFrom("approved" as const, "rejected" as const),
      statusUrl: anyUrl,
      providerUrl: anyUrl,
    }),
  }),
  fc.record({
    template: fc.constant("deadline-reminder" as const),
    ...common,
    data: fc.record({
      learnerName: anyText,
      courseTitle: anyText,
      deadline: anyDate,
      daysLeft: fc.constantFrom(30 as const, 7 as const),
      providers: fc.array(anyText, { maxLength: 4 }),
      timeZone: anyZone,
    }),
  }),
);

/** One message of every template, every text field set to `value`. */
export function everyTemplateWith(value: string, url = "https://credit.example.edu/status"): EmailMessage[] {
  const base = { idempotencyKey: "key", to: "learner@example.com" };
  const deadline = new Date("2027-07-01T03:59:00Z");
  return [
    {
      ...base,
      template: "eligibility",
      data: { learnerName: value, courseTitle: value, providers: [value, value, value], deadline, timeZone: "UTC" },
    },
    {
      ...base,
      template: "purchase-receipt",
      data: {
        learnerName: value,
        courseTitle: value,
        providerName: value,
        creditHours: 3,
        amount: 25000,
        currency: "USD",
        completionSteps: true,
        fulfillmentInstructions: value,
        timeZone: "UTC",
      },
    },
    {
      ...base,
      template: "credit-decision",
      data: { learnerName: value, courseTitle: value, providerName: value, status: "approved", statusUrl: url, providerUrl: url },
    },
    {
      ...base,
      template: "credit-decision",
      data: { learnerName: value, courseTitle: value, providerName: value, status: "rejected", statusUrl: url, providerUrl: url },
    },
    {
      ...base,
      template: "deadline-reminder",
      data: { learnerName: value, courseTitle: value, deadline, daysLeft: 7, providers: [value], timeZone: "UTC" },
    },
  ];
}

/**
 * Whether a string leaves no explicit embedding, override or isolate open at its end and has no
 * terminator without an opener (an oracle written independently of the renderer).
 */
export function isBidiBalanced(text: string): boolean {
  const open: string[] = [];
  for (const ch of text) {
    if ("\u202A\u202B\u202D\u202E".includes(ch)) open.push("e");
    else if ("\u2066\u2067\u2068".includes(ch)) open.push("i");
    else if (ch === PDF) {
      if (open.pop() !== "e") return false;
    } else if (ch === PDI) {
      while (open.length > 0 && open.at(-1) !== "i") open.pop();
      if (open.pop() !== "i") return false;
    }
  }
  return open.length === 0;
}

import { toHtml, toSubject, toText } from "./markup.js";
import {
  creditDecisionEmail,
  deadlineReminderEmail,
  eligibilityEmail,
  purchaseReceiptEmail,
  type EmailContent,
  type TemplateSettings,
} from "./templates.js";
import type { EmailMessage, RenderEmailOptions, RenderedEmail } from "./types.js";

function contentOf(message: EmailMessage, settings: TemplateSettings): EmailContent {
  switch (message.template) {
    case "eligibility":
      return eligibilityEmail(message.data, settings);
    case "purchase-receipt":
      return purchaseReceiptEmail(message.data, settings);
    case "credit-decision":
      return creditDecisionEmail(message.data, settings);
    case "deadline-reminder":
      return deadlineReminderEmail(message.data, settings);
    default: {
      const unknown: never = message;
      throw new Error(`Unknown email template: ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * Renders a message with the default English templates, as a plain-text subject, a plain-text body
 * and an HTML document. Deadlines are shown in the learner's time zone, named; amounts in the
 * currency's own digits.
 *
 * Every value that comes from users or providers is treated as hostile: in HTML it is escaped
 * (`& < > " '`) and wrapped in `<bdi>`; its bidirectional formatting characters (U+202A–U+202E,
 * U+2066–U+2069) are balanced so they cannot reorder text after the value, and written as numeric
 * character references; URLs become links only when they are `http:` or `https:` (otherwise they
 * are shown as text). The subject has no control characters, so it is safe in a mail header.
 *
 * @param message - the structured message.
 * @param options - the default locale for amounts and the closing line.
 * @returns `{ subject, text, html }`.
 * @example
 * ```ts
 * import { renderEmail } from "academic-credit";
 * const email = renderEmail({
 *   template: "eligibility",
 *   idempotencyKey: "eligibility:42:course-v1:MITx+6.002x+2026_T1",
 *   to: "ada@example.com",
 *   data: {
 *     learnerName: "Ada",
 *     courseTitle: "Circuits and Electronics",
 *     providers: ["Arizona State University", "Hogwarts", "MIT"],
 *     deadline: new Date("2027-07-01T03:59:00Z"),
 *     timeZone: "America/New_York",
 *   },
 * });
 * email.subject; // "You are eligible for credit from Arizona State University, Hogwarts, and MIT"
 * ```
 */
export function renderEmail(message: EmailMessage, options: RenderEmailOptions = {}): RenderedEmail {
  const settings: TemplateSettings = {
    locale: options.locale ?? "en-US",
    signOff: options.signOff ?? "The course team",
  };
  const content = contentOf(message, settings);
  const paragraphs = content.body.map((paragraph) => `<p>${toHtml(paragraph)}</p>`);
  return {
    subject: toSubject(content.subject),
    text: `${content.body.map(toText).join("\n\n")}\n`,
    html: [
      "<!doctype html>",
      '<html lang="en">',
      '<head><meta charset="utf-8"></head>',
      "<body>",
      ...paragraphs,
      "</body>",
      "</html>",
      "",
    ].join("\n"),
  };
}

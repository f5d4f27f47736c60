/**
 * Data of the `eligibility` email: sent once, when eligibility is granted (docs/rules.md §10).
 *
 * @example
 * ```ts
 * import type { EligibilityEmailData } from "academic-credit";
 * const data: EligibilityEmailData = {
 *   learnerName: "Ada Lovelace",
 *   courseTitle: "Circuits and Electronics",
 *   providers: ["Arizona State University", "Hogwarts"],
 *   deadline: new Date("2027-06-30T23:59:00Z"),
 *   timeZone: "America/New_York",
 * };
 * ```
 */
export interface EligibilityEmailData {
  readonly learnerName: string;
  readonly courseTitle: string;
  /** Display names of the providers the learner may buy credit from, in the order to show them. */
  readonly providers: readonly string[];
  /** The purchase deadline (exclusive). */
  readonly deadline: Date;
  /** The learner's IANA time zone; the deadline is shown in it. */
  readonly timeZone: string;
}

/**
 * Data of the `purchase-receipt` email: sent when a payment succeeded (docs/rules.md §10).
 *
 * @example
 * ```ts
 * import type { PurchaseReceiptEmailData } from "academic-credit";
 * const data: PurchaseReceiptEmailData = {
 *   learnerName: "Ada Lovelace",
 *   courseTitle: "Circuits and Electronics",
 *   providerName: "Arizona State University",
 *   creditHours: 3,
 *   amount: 25000,
 *   currency: "USD",
 *   completionSteps: true,
 *   timeZone: "UTC",
 * };
 * ```
 */
export interface PurchaseReceiptEmailData {
  readonly learnerName: string;
  readonly courseTitle: string;
  readonly providerName: string;
  readonly creditHours: number;
  /** Amount paid, in integer minor units of `currency` (cents for USD, yen for JPY). */
  readonly amount: number;
  /** ISO 4217 currency code. */
  readonly currency: string;
  /** Whether the learner must still "Complete Credit" at the provider's site. */
  readonly completionSteps: boolean;
  /** The provider's own instructions, shown as written. */
  readonly fulfillmentInstructions?: string;
  /** The learner's IANA time zone. */
  readonly timeZone: string;
  /** BCP 47 locale used to format the amount (default: the render options' locale, else `en-US`). */
  readonly locale?: string;
}

/**
 * Data of the `credit-decision` email: sent when a provider approved or rejected a credit request
 * (docs/rules.md §10).
 *
 * @example
 * ```ts
 * import type { CreditDecisionEmailData } from "academic-credit";
 * const data: CreditDecisionEmailData = {
 *   learnerName: "Ada Lovelace",
 *   courseTitle: "Circuits and Electronics",
 *   providerName: "Arizona State University",
 *   status: "approved",
 *   statusUrl: "https://credit.example.edu/status",
 *   providerUrl: "https://credit.example.edu",
 * };
 * ```
 */
export interface CreditDecisionEmailData {
  readonly learnerName: string;
  readonly courseTitle: string;
  readonly providerName: string;
  readonly status: "approved" | "rejected";
  /** Where the learner sees the status of the request; linked when approved. */
  readonly statusUrl: string;
  /** The provider's site; given as the contact when rejected. */
  readonly providerUrl: string;
}

/**
 * Data of the `deadline-reminder` email: 30 and 7 days before the purchase deadline while the
 * learner is eligible and has paid nothing (docs/rules.md §10).
 *
 * @example
 * ```ts
 * import type { DeadlineReminderEmailData } from "academic-credit";
 * const data: DeadlineReminderEmailData = {
 *   learnerName: "Ada Lovelace",
 *   courseTitle: "Circuits and Electronics",
 *   deadline: new Date("2027-06-30T23:59:00Z"),
 *   daysLeft: 7,
 *   providers: ["Arizona State University"],
 *   timeZone: "Europe/Paris",
 * };
 * ```
 */
export interface DeadlineReminderEmailData {
  readonly learnerName: string;
  readonly courseTitle: string;
  /** The purchase deadline (exclusive). */
  readonly deadline: Date;
  readonly daysLeft: 30 | 7;
  /** Display names of the providers the learner may buy credit from. */
  readonly providers: readonly string[];
  /** The learner's IANA time zone; the deadline is shown in it. */
  readonly timeZone: string;
}

/**
 * The data each email template needs, keyed by template id.
 *
 * @example
 * ```ts
 * import type { EmailDataByTemplate } from "academic-credit";
 * type ReminderData = EmailDataByTemplate["deadline-reminder"];
 * ```
 */
export interface EmailDataByTemplate {
  readonly eligibility: EligibilityEmailData;
  readonly "purchase-receipt": PurchaseReceiptEmailData;
  readonly "credit-decision": CreditDecisionEmailData;
  readonly "deadline-reminder": DeadlineReminderEmailData;
}

/**
 * The id of an email template.
 *
 * @example
 * ```ts
 * import type { EmailTemplate } from "academic-credit";
 * const template: EmailTemplate = "credit-decision";
 * ```
 */
export type EmailTemplate = keyof EmailDataByTemplate;

/**
 * A structured email: a template id, the data it needs and an idempotency key, so a mailer that
 * receives the same message twice can send it once. A union discriminated on `template`; narrow it
 * with `EmailMessage<"eligibility">`.
 *
 * @example
 * ```ts
 * import type { EmailMessage } from "academic-credit";
 * const message: EmailMessage = {
 *   template: "credit-decision",
 *   idempotencyKey: "decision:557168d0f7664fe59097106c67c3f847",
 *   to: "ada@example.com",
 *   data: {
 *     learnerName: "Ada Lovelace",
 *     courseTitle: "Circuits and Electronics",
 *     providerName: "Arizona State University",
 *     status: "rejected",
 *     statusUrl: "https://credit.example.edu/status",
 *     providerUrl: "https://credit.example.edu",
 *   },
 * };
 * ```
 */
export type EmailMessage<T extends EmailTemplate = EmailTemplate> = {
  readonly [K in T]: {
    readonly template: K;
    /** Stable key of this message: the same fact always produces the same key. */
    readonly idempotencyKey: string;
    /** The recipient's email address. */
    readonly to: string;
    readonly data: EmailDataByTemplate[K];
  };
}[T];

/**
 * A rendered email: a one-line plain-text subject, a plain-text body and an HTML body.
 *
 * @example
 * ```ts
 * import { renderEmail, type RenderedEmail } from "academic-credit";
 * declare const message: Parameters<typeof renderEmail>[0];
 * const { subject, text, html }: RenderedEmail = renderEmail(message);
 * ```
 */
export interface RenderedEmail {
  /** Plain text without control characters (no CR/LF: safe to put in a header). */
  readonly subject: string;
  /** Plain-text body; values appear as written, without any HTML. */
  readonly text: string;
  /** A complete HTML document; every value is escaped. */
  readonly html: string;
}

/**
 * Options of {@link renderEmail}.
 *
 * @example
 * ```ts
 * import type { RenderEmailOptions } from "academic-credit";
 * const options: RenderEmailOptions = { locale: "en-GB", signOff: "The Example University team" };
 * ```
 */
export interface RenderEmailOptions {
  /** BCP 47 locale for amounts when the message has none (default `en-US`). */
  readonly locale?: string;
  /** Closing line of every email (default `The course team`). */
  readonly signOff?: string;
}

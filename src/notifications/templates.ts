import { formatInstant } from "../time/index.js";
import { formatMoney } from "./format.js";
import { line, url, type Line } from "./markup.js";
import type {
  CreditDecisionEmailData,
  DeadlineReminderEmailData,
  EligibilityEmailData,
  PurchaseReceiptEmailData,
} from "./types.js";

/**
 * The English wording of one email, before rendering: a subject line and body paragraphs.
 *
 * @internal
 */
export interface EmailContent {
  readonly subject: Line;
  readonly body: readonly Line[];
}

/** Settings every template receives. @internal */
export interface TemplateSettings {
  readonly locale: string;
  readonly signOff: string;
}

function greeting(learnerName: string): Line {
  return line`Hello ${learnerName},`;
}

/**
 * The `eligibility` email: the learner may now buy credit, from whom and until when.
 *
 * @internal
 * @param data - the message data.
 * @param settings - locale and sign-off.
 * @returns the wording.
 */
export function eligibilityEmail(data: EligibilityEmailData, settings: TemplateSettings): EmailContent {
  const deadline = formatInstant(data.deadline, data.timeZone);
  const hasProviders = data.providers.length > 0;
  return {
    subject: hasProviders ? line`You are eligible for credit from ${data.providers}` : line`You are eligible for credit`,
    body: [
      greeting(data.learnerName),
      line`Congratulations! You have met all the requirements for credit in ${data.courseTitle}.`,
      hasProviders
        ? line`You can purchase credit from ${data.providers} until ${deadline}.`
        : line`You can purchase credit until ${deadline}.`,
      line`To purchase credit, go to your dashboard and select “Purchase Credit”.`,
      line`${settings.signOff}`,
    ],
  };
}

/**
 * The `purchase-receipt` email: what was paid, for what, and what to do next.
 *
 * @internal
 * @param data - the message data.
 * @param settings - locale and sign-off.
 * @returns the wording.
 */
export function purchaseReceiptEmail(data: PurchaseReceiptEmailData, settings: TemplateSettings): EmailContent {
  const amount = formatMoney(data.amount, data.currency, data.locale ?? settings.locale);
  const hours = data.creditHours === 1 ? "1 credit hour" : `${String(data.creditHours)} credit hours`;
  const nextSteps: readonly Line[] = data.completionSteps
    ? [
        line`Next step: complete your credit request at ${data.providerName}. Go to your dashboard and select “Complete Credit”; ${data.providerName} needs this to grant your credit.`,
      ]
    : [
        line`Your credit request has been sent to ${data.providerName}; you do not need to do anything else.`,
        line`We will email you when ${data.providerName} has made a decision.`,
      ];
  const instructions: readonly Line[] =
    data.fulfillmentInstructions === undefined || data.fulfillmentInstructions.trim() === ""
      ? []
      : [line`Instructions from ${data.providerName}:`, line`${data.fulfillmentInstructions}`];
  return {
    subject: line`Receipt for your credit purchase: ${data.courseTitle}`,
    body: [
      greeting(data.learnerName),
      line`Thank you for purchasing credit for ${data.courseTitle} from ${data.providerName}.`,
      line`Credit: ${hours}. Amount paid: ${amount}.`,
      ...nextSteps,
      ...instructions,
      line`${settings.signOff}`,
    ],
  };
}

/**
 * The `credit-decision` email: approved links the status page; rejected names the provider to
 * contact.
 *
 * @internal
 * @param data - the message data.
 * @param settings - locale and sign-off.
 * @returns the wording.
 */
export function creditDecisionEmail(data: CreditDecisionEmailData, settings: TemplateSettings): EmailContent {
  switch (data.status) {
    case "approved":
      return {
        subject: line`Your request for credit in ${data.courseTitle} has been approved`,
        body: [
          greeting(data.learnerName),
          line`Congratulations! ${data.providerName} has approved your request for credit in ${data.courseTitle}.`,
          line`You can view the status of your credit at ${url(data.statusUrl)}.`,
          line`${settings.signOff}`,
        ],
      };
    case "rejected":
      return {
        subject: line`Your request for credit in ${data.courseTitle} was not approved`,
        body: [
          greeting(data.learnerName),
          line`${data.providerName} did not approve your request for credit in ${data.courseTitle}.`,
          line`For more information, contact ${data.providerName} at ${url(data.providerUrl)}.`,
          line`${settings.signOff}`,
        ],
      };
    default: {
      const unknown: never = data.status;
      throw new Error(`Unknown credit decision: ${String(unknown)}`);
    }
  }
}

/**
 * The `deadline-reminder` email: how many days are left to purchase credit, and until when.
 *
 * @internal
 * @param data - the message data.
 * @param settings - locale and sign-off.
 * @returns the wording.
 */
export function deadlineReminderEmail(data: DeadlineReminderEmailData, settings: TemplateSettings): EmailContent {
  const deadline = formatInstant(data.deadline, data.timeZone);
  const days = `${String(data.daysLeft)} days`;
  return {
    subject: line`${days} left to purchase credit for ${data.courseTitle}`,
    body: [
      greeting(data.learnerName),
      line`You are eligible for credit in ${data.courseTitle}, and you have ${days} left to purchase it.`,
      data.providers.length > 0
        ? line`You can purchase credit from ${data.providers} until ${deadline}.`
        : line`You can purchase credit until ${deadline}.`,
      line`To purchase credit, go to your dashboard and select “Purchase Credit”.`,
      line`${settings.signOff}`,
    ],
  };
}

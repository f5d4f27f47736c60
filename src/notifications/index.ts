export { renderEmail } from "./render.js";
export { formatList } from "./format.js";
export type {
  CreditDecisionEmailData,
  DeadlineReminderEmailData,
  EligibilityEmailData,
  EmailDataByTemplate,
  EmailMessage,
  EmailTemplate,
  PurchaseReceiptEmailData,
  RenderEmailOptions,
  RenderedEmail,
} from "./types.js";

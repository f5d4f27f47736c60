export { parseProvider, parseProviders } from "./schema.js";
export { parseCourseKey } from "./course-key.js";
export { buildCreditRequestParameters, signCreditRequest } from "./request.js";
export { signEdxV1 } from "./signature.js";
export { createWebCryptoHmac } from "./hmac.js";
export {
  DEFAULT_CALLBACK_MAX_AGE_SECONDS,
  DEFAULT_CALLBACK_MAX_FUTURE_SKEW_SECONDS,
  verifyProviderCallback,
} from "./callback.js";

export type { Provider, ProviderIntegration } from "./model.js";
export type { ProviderInput } from "./schema.js";
export type { CourseKey } from "./course-key.js";
export type {
  CreditRequestInput,
  CreditRequestLearner,
  CreditRequestParameters,
  SignedCreditRequestParameters,
} from "./request.js";
export type { SignOptions } from "./signature.js";
export type { HmacSha256 } from "./hmac.js";
export type {
  CallbackStatus,
  CreditRequestState,
  ProviderDecision,
  StoredCreditRequest,
  VerifiedCallback,
  VerifyCallbackDeps,
  VerifyCallbackOptions,
} from "./callback.js";

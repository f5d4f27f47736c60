// Kernel
export { ERROR_CODES, err, ok } from "./result/index.js";
export {
  toCheckoutId,
  toCourseId,
  toLearnerId,
  toPaymentId,
  toProviderId,
  toRequestId,
  toRequirementId,
} from "./ids/index.js";
export { addDurationUtc, formatDate, formatInstant, isDeadlineOpen, isValidTimeZone, toEpochSeconds } from "./time/index.js";

// Policy
export { activeRequirements, DEFAULT_ELIGIBLE_MODES, EDX_ELIGIBLE_MODES } from "./policy/index.js";
export { parsePolicy } from "./policy/schema.js";
export { findUnknownProviders, findUnknownRequirements } from "./policy/references.js";

// Requirements
export {
  evaluateCustomRequirement,
  evaluateGradeRequirement,
  evaluateIdentityReverification,
  evaluateProctoredExams,
  evaluateRequirements,
  isPassing,
  latestPassingGrade,
  mapReviewResult,
  nextAttemptState,
  NOT_STARTED_ATTEMPT,
  PASS_TOLERANCE,
  toExamStatus,
} from "./requirements/index.js";

// Eligibility
export { checkEnrollment, evaluateEligibility } from "./eligibility/evaluate.js";
export { toProgressView } from "./eligibility/progress.js";
export { purchaseDeadline } from "./eligibility/window.js";

// Journey
export { parseLearnerEvent, LEARNER_EVENT_TYPES } from "./journey/schema.js";
export { appendEvents, emptyRecord, replay } from "./journey/record.js";
export { eligibilityEmailKey, reduceJourney, reevaluateJourney } from "./journey/reducer.js";
export { dueReminders } from "./journey/reminders.js";
export { decodeJourneyEvent, encodeJourneyEvent } from "./journey/codec.js";

// Purchase
export {
  applyPurchaseEvent,
  checkoutOptions,
  dashboardTile,
  decidePurchase,
  initialPurchaseState,
  openCheckout,
  planCheckout,
  purchaseStatus,
  toProviderLookup,
} from "./purchase/index.js";

// Transition tables (also drawn as the state diagrams in docs/concepts.md)
export { PURCHASE_TRANSITIONS } from "./purchase/transitions.js";
export { EXAM_ATTEMPT_ANY_STATE, EXAM_ATTEMPT_TABLE_RULES, EXAM_ATTEMPT_TRANSITIONS } from "./requirements/attempt-transitions.js";

// Providers
export {
  buildCreditRequestParameters,
  createWebCryptoHmac,
  DEFAULT_CALLBACK_MAX_AGE_SECONDS,
  DEFAULT_CALLBACK_MAX_FUTURE_SKEW_SECONDS,
  parseCourseKey,
  parseProvider,
  parseProviders,
  signCreditRequest,
  signEdxV1,
  verifyProviderCallback,
} from "./providers/index.js";

// Notifications
export { formatList, renderEmail } from "./notifications/index.js";

// Service
export { createCreditService } from "./service/index.js";
export { startCreditWorker } from "./worker/index.js";

export type { CreditError, ErrorCode, Issue, Result } from "./result/index.js";
export type { Brand, CheckoutId, CourseId, LearnerId, PaymentId, ProviderId, RequestId, RequirementId } from "./ids/index.js";
export type { Duration } from "./time/index.js";
export type {
  CoursePolicy,
  CustomRequirement,
  GradeRequirement,
  IdentityReverificationRequirement,
  Money,
  Offer,
  ProctoredExamRequirement,
  ProctoringRules,
  PurchaseWindow,
  Requirement,
  ReviewResult,
} from "./policy/index.js";
export type { CoursePolicyInput, RequirementInput } from "./policy/schema.js";
export type { EventWarning } from "./policy/references.js";
export type {
  ExamAttempt,
  ExamAttemptState,
  ExamInput,
  RequirementContext,
  RequirementReason,
  RequirementStatus,
} from "./requirements/index.js";
export type { EligibilityEvaluation, EligibilityStatus, EnrollmentCheck, EvaluateEligibilityOptions } from "./eligibility/evaluate.js";
export type { Explanation, NextStep } from "./eligibility/explain.js";
export type { ProgressRequirementView, ProgressView, ProgressViewOptions } from "./eligibility/progress.js";
export type {
  DeadlineExtendedEvent,
  EnrolledEvent,
  EnrollmentModeChangedEvent,
  ExamAttemptEvent,
  ExamAttemptStatus,
  ExamGradedEvent,
  ExamReviewedEvent,
  GradeUpdatedEvent,
  InitialVerificationEvent,
  InitialVerificationResult,
  LearnerEvent,
  RequirementEvent,
  RequirementRecordedEvent,
  RequirementStatusName,
  ReverificationEvent,
  ReverificationResult,
  Reviewer,
  Timed,
  UnenrolledEvent,
} from "./journey/events.js";
export type { EligibilityGrant, EligibilityGrantedEvent, EnrollmentState, JourneyEvent, LearnerRecord } from "./journey/record.js";
export type { EligibilityEmailEffect, JourneyEffect, JourneyStep } from "./journey/reducer.js";
export type { DueReminder, ReminderSentEvent } from "./journey/reminders.js";
export type * from "./purchase/index.js";
export type {
  CallbackStatus,
  CourseKey,
  CreditRequestInput,
  CreditRequestLearner,
  CreditRequestParameters,
  CreditRequestState,
  HmacSha256,
  Provider,
  ProviderDecision,
  ProviderInput,
  ProviderIntegration,
  SignedCreditRequestParameters,
  SignOptions,
  StoredCreditRequest,
  VerifiedCallback,
  VerifyCallbackDeps,
  VerifyCallbackOptions,
} from "./providers/index.js";
export type { PurchaseTransition, PurchaseTrigger } from "./purchase/transitions.js";
export type { ExamAttemptTransition } from "./requirements/attempt-transitions.js";
export type * from "./notifications/index.js";
export type * from "./ports/index.js";
export { retiredOutboxPayload } from "./ports/retirement.js";
export type * from "./service/index.js";
export type { CreditWorker, CreditWorkerFailure, CreditWorkerLoop, CreditWorkerOptions, CreditWorkerSummary, WorkerTimers } from "./worker/index.js";

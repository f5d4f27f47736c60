// `academic-credit/testing`: fast-check arbitraries, port contract suites (vitest) and the §13
// invariant checker. vitest and fast-check are optional peer dependencies of this entry point only.
export {
  arbitraryCorruption,
  arbitraryCourseId,
  arbitraryHostileString,
  arbitraryHttpUrl,
  arbitraryIsoInstant,
  arbitraryJunk,
  arbitraryLearnerEvent,
  arbitraryLearnerEventInput,
  arbitraryLearnerId,
  arbitraryLearnerProfile,
  arbitraryMalformed,
  arbitraryMalformedLearnerEvent,
  arbitraryMalformedPolicyInput,
  arbitraryMalformedProviderCallback,
  arbitraryMalformedProviderInput,
  arbitraryMalformedPurchaseCommand,
  arbitraryMoney,
  arbitraryPolicy,
  arbitraryPolicyInput,
  arbitraryProvider,
  arbitraryProviderCallback,
  arbitraryProviderId,
  arbitraryProviderInput,
  arbitraryPurchaseCommand,
} from "./arbitraries.js";
export { runPurchaseCommand, signProviderCallback } from "./helpers.js";
export { sampleEmailMessages, sampleJourneyEvents } from "./samples.js";
export { creditStoreContract } from "./store-contract.js";
export { catalogContract, clockContract, idGeneratorContract, mailerContract, paymentGatewayContract, providerKeysContract } from "./port-contracts.js";
export { checkServiceInvariants, findLogViolations } from "./invariants.js";

export type {
  InstantArbitraryOptions,
  LearnerEventArbitraryOptions,
  LearnerProfileArbitraryOptions,
  PolicyArbitraryOptions,
  ProviderArbitraryOptions,
  ProviderCallbackArbitraryOptions,
  ProviderCallbackInput,
  PurchaseCommandArbitraryOptions,
  PurchaseCommandInput,
} from "./arbitraries.js";
export type { CreditStoreContractOptions } from "./store-contract.js";
export type {
  CatalogContractOptions,
  IdGeneratorContractOptions,
  MailerContractOptions,
  PaymentGatewayContractOptions,
  ProviderKeysContractOptions,
  SuiteOptions,
} from "./port-contracts.js";
export type { InvariantPorts, InvariantRunSummary, InvariantWorld, ServiceInvariantOptions } from "./invariants.js";

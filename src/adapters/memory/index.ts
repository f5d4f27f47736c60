export { createMemoryStore, type MemoryCreditStore } from "./store.js";
export {
  createManualClock,
  createMemoryCatalog,
  createMemoryMailer,
  createMemoryPaymentGateway,
  createMemoryProviderKeys,
  createRandomIds,
  createSequentialIds,
  systemClock,
  type ManualClock,
  type MemoryCatalog,
  type MemoryCheckout,
  type MemoryMailer,
  type MemoryPaymentGateway,
  type MemoryProviderKeys,
} from "./others.js";
export type { FaultInjector } from "./faults.js";

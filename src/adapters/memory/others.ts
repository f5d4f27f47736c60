import type { CheckoutId, CourseId, ProviderId, RequestId } from "../../ids/index.js";
import type { EmailMessage } from "../../notifications/index.js";
import type { CoursePolicy } from "../../policy/index.js";
import type {
  Catalog,
  Clock,
  CreatedCheckout,
  IdGenerator,
  LearnerProfile,
  Mailer,
  PaymentGateway,
  ProviderKeys,
  RefundRequest,
} from "../../ports/index.js";
import type { Provider } from "../../providers/model.js";
import { findUnknownProviders } from "../../policy/references.js";
import { describeIssues } from "../../result/parse.js";
import { createFaults, type FaultInjector } from "./faults.js";

/** A checkout as the in-memory gateway remembers it. */
export type MemoryCheckout = Parameters<PaymentGateway["createCheckout"]>[0] & { readonly checkoutId: CheckoutId };

/** The in-memory payment gateway. */
export interface MemoryPaymentGateway extends PaymentGateway {
  readonly faults: FaultInjector;
  /** Checkouts created, in order (one per idempotency key). */
  readonly checkouts: readonly MemoryCheckout[];
  /** Refunds performed, once per idempotency key. */
  readonly refunds: readonly (RefundRequest & { readonly idempotencyKey: string })[];
}

/**
 * Creates an in-memory {@link PaymentGateway}: checkout ids `co-1`, `co-2`, …; the same
 * idempotency key returns the same checkout; refunds are recorded once per key.
 *
 * @returns the gateway.
 * @example
 * ```ts
 * import { createMemoryPaymentGateway } from "academic-credit/adapters/memory";
 * const payments = createMemoryPaymentGateway();
 * payments.faults.failNext(1); // the next createCheckout rejects
 * ```
 */
export function createMemoryPaymentGateway(): MemoryPaymentGateway {
  const faults = createFaults();
  const checkouts: MemoryCheckout[] = [];
  const byKey = new Map<string, MemoryCheckout>();
  const refunds: (RefundRequest & { readonly idempotencyKey: string })[] = [];
  const refundKeys = new Set<string>();
  return {
    faults,
    checkouts,
    refunds,
    async createCheckout(input): Promise<CreatedCheckout> {
      await faults.run();
      const existing = byKey.get(input.idempotencyKey);
      if (existing !== undefined) return { checkoutId: existing.checkoutId };
      const checkout: MemoryCheckout = { ...input, checkoutId: `co-${checkouts.length + 1}` as CheckoutId };
      checkouts.push(checkout);
      byKey.set(input.idempotencyKey, checkout);
      return { checkoutId: checkout.checkoutId };
    },
    async refund(input) {
      await faults.run();
      if (refundKeys.has(input.idempotencyKey)) return;
      refundKeys.add(input.idempotencyKey);
      refunds.push(input);
    },
  };
}

/** The in-memory mailer. */
export interface MemoryMailer extends Mailer {
  readonly faults: FaultInjector;
  /** Messages delivered, once per idempotency key, in order. */
  readonly delivered: readonly EmailMessage[];
  /** Every successful `send` call, duplicates included. */
  readonly sendCalls: number;
}

/**
 * Creates an in-memory {@link Mailer} that keeps delivered messages (deduplicated by idempotency
 * key, as a real provider's idempotency would).
 *
 * @returns the mailer.
 * @example
 * ```ts
 * import { createMemoryMailer } from "academic-credit/adapters/memory";
 * const mailer = createMemoryMailer();
 * mailer.delivered.length; // 0
 * ```
 */
export function createMemoryMailer(): MemoryMailer {
  const faults = createFaults();
  const delivered: EmailMessage[] = [];
  const keys = new Set<string>();
  let sendCalls = 0;
  return {
    faults,
    delivered,
    get sendCalls() {
      return sendCalls;
    },
    async send(message) {
      await faults.run();
      sendCalls++;
      if (keys.has(message.idempotencyKey)) return;
      keys.add(message.idempotencyKey);
      delivered.push(message);
    },
  };
}

/** A clock a test or a replay sets by hand. */
export interface ManualClock extends Clock {
  set(instant: Date): void;
  advance(ms: number): void;
}

/**
 * Creates a clock that only moves when told to.
 *
 * @param start - the initial instant.
 * @returns the clock.
 * @example
 * ```ts
 * import { createManualClock } from "academic-credit/adapters/memory";
 * const clock = createManualClock(new Date("2026-01-01T00:00:00Z"));
 * clock.advance(60_000);
 * ```
 */
export function createManualClock(start: Date): ManualClock {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    set(instant) {
      t = instant.getTime();
    },
    advance(ms) {
      t += ms;
    },
  };
}

/**
 * The system clock: the one place in the library that reads the time.
 *
 * @returns a clock reading `Date.now()`.
 * @example
 * ```ts
 * import { systemClock } from "academic-credit/adapters/memory";
 * systemClock().now();
 * ```
 */
export function systemClock(): Clock {
  return { now: () => new Date(Date.now()) };
}

/**
 * Deterministic ids: request ids are 32 lowercase hex counting up from a seed, other ids
 * `id-1`, `id-2`, ….
 *
 * @param seed - distinguishes generators (default 0).
 * @returns the generator.
 * @example
 * ```ts
 * import { createSequentialIds } from "academic-credit/adapters/memory";
 * createSequentialIds().requestId(); // "00000000000000000000000000000001"
 * ```
 */
export function createSequentialIds(seed = 0): IdGenerator {
  let n = 0;
  const prefix = (seed >>> 0).toString(16).padStart(8, "0");
  return {
    requestId: () => `${prefix}${(++n).toString(16).padStart(24, "0")}` as RequestId,
    id: () => `id-${++n}`,
  };
}

/**
 * Random ids from Web Crypto (for hosts that want unguessable request ids).
 *
 * @returns the generator.
 * @example
 * ```ts
 * import { createRandomIds } from "academic-credit/adapters/memory";
 * createRandomIds().requestId().length; // 32
 * ```
 */
export function createRandomIds(): IdGenerator {
  const hex = (): string => {
    const bytes = new Uint8Array(16);
    globalThis.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  };
  return { requestId: () => hex() as RequestId, id: hex };
}

/** In-memory provider keys. */
export interface MemoryProviderKeys extends ProviderKeys {
  readonly faults: FaultInjector;
  set(providerId: string, keys: readonly string[]): void;
}

/**
 * Creates a {@link ProviderKeys} port over a plain map of provider id → ordered keys.
 *
 * @param keys - initial keys.
 * @returns the port.
 * @example
 * ```ts
 * import { createMemoryProviderKeys } from "academic-credit/adapters/memory";
 * const keys = createMemoryProviderKeys({ asu: ["first-secret", "older-secret"] });
 * ```
 */
export function createMemoryProviderKeys(keys: Readonly<Record<string, readonly string[]>> = {}): MemoryProviderKeys {
  const faults = createFaults();
  const map = new Map<string, readonly string[]>(Object.entries(keys));
  return {
    faults,
    set(providerId, list) {
      map.set(providerId, [...list]);
    },
    async keysOf(providerId: ProviderId) {
      await faults.run();
      return map.get(providerId) ?? [];
    },
  };
}

/** In-memory catalog. */
export interface MemoryCatalog extends Catalog {
  setPolicy(policy: CoursePolicy): void;
  setProvider(provider: Provider): void;
  setLearner(learner: LearnerProfile): void;
}

/**
 * Creates an in-memory {@link Catalog} of policies, providers and learners. The initial content is
 * checked: every offer must name one of `init.providers` (inactive ones count). `setPolicy` and
 * `setProvider` change the content later without checking, in any order.
 *
 * @param init - initial content.
 * @returns the catalog.
 * @throws TypeError with `code: "unknown-provider"` and `issues` (JSON paths such as
 *   `policies[0].offers[1].providerId`) when an offer names a provider that is not in `init.providers`:
 *   a catalog built that way is a programming error, as a bad schema name is for `createPostgresStore`.
 * @example
 * ```ts
 * import { createMemoryCatalog } from "academic-credit/adapters/memory";
 * const catalog = createMemoryCatalog();
 * ```
 */
export function createMemoryCatalog(
  init: {
    readonly policies?: readonly CoursePolicy[];
    readonly providers?: readonly Provider[];
    readonly learners?: readonly LearnerProfile[];
  } = {},
): MemoryCatalog {
  const policies = new Map<string, CoursePolicy>();
  const providers = new Map<string, Provider>();
  const learners = new Map<string, LearnerProfile>();
  const issues = (init.policies ?? []).flatMap((p, i) => findUnknownProviders(p, init.providers ?? [], ["policies", i]));
  if (issues.length > 0) throw Object.assign(new TypeError(`createMemoryCatalog: ${describeIssues(issues)}`), { code: "unknown-provider", issues });
  for (const p of init.policies ?? []) policies.set(p.courseId, p);
  for (const p of init.providers ?? []) providers.set(p.id, p);
  for (const l of init.learners ?? []) learners.set(l.id, l);
  return {
    setPolicy: (p) => void policies.set(p.courseId, p),
    setProvider: (p) => void providers.set(p.id, p),
    setLearner: (l) => void learners.set(l.id, l),
    policy: async (courseId) => policies.get(courseId),
    provider: async (providerId) => providers.get(providerId),
    providers: async () => [...providers.values()],
    courses: async () => [...policies.keys()] as CourseId[],
    learner: async (learnerId) => learners.get(learnerId),
  };
}

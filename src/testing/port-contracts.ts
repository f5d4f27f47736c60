import { describe, expect, it } from "vitest";
import type { CourseId, LearnerId, PaymentId, ProviderId } from "../ids/index.js";
import { parsePolicy } from "../policy/schema.js";
import type { Money } from "../policy/index.js";
import type { Catalog, Clock, IdGenerator, Mailer, PaymentGateway, ProviderKeys, RefundRequest } from "../ports/index.js";
import { parseProvider } from "../providers/schema.js";
import { usableKeys } from "../providers/signature.js";
import { sampleEmailMessages, uniqueSuffix } from "./samples.js";

/**
 * Common options of the port contract suites (the clock suite takes only these).
 *
 * @example
 * ```ts
 * import type { SuiteOptions } from "academic-credit/testing";
 * const options: SuiteOptions = { name: "clock of the billing service", timeoutMs: 2_000 };
 * ```
 */
export interface SuiteOptions {
  /** Name of the `describe` block. */
  readonly name?: string;
  /** Per-test timeout in milliseconds (default: vitest's). */
  readonly timeoutMs?: number;
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === "https:" || u.protocol === "http:";
  } catch {
    return false;
  }
}

/**
 * Options of {@link paymentGatewayContract}. Without `refundsOf` the suite can only check that
 * repeated refunds do not fail; with it, it checks that each idempotency key refunds exactly once.
 *
 * @example
 * ```ts
 * import type { MemoryPaymentGateway } from "academic-credit/adapters/memory";
 * import type { PaymentGatewayContractOptions } from "academic-credit/testing";
 * const options: PaymentGatewayContractOptions<MemoryPaymentGateway> = {
 *   refundsOf: (gateway, paymentId) => gateway.refunds.filter((r) => r.paymentId === paymentId).length,
 * };
 * ```
 */
export interface PaymentGatewayContractOptions<G extends PaymentGateway = PaymentGateway> extends SuiteOptions {
  /** The price checkouts are created for (default 60000 USD). */
  readonly price?: Money;
  /** A payment the suite may refund; for a sandbox, make a real one (default: made-up ids). Called once per refund test. */
  readonly makePayment?: (gateway: G) => RefundRequest | Promise<RefundRequest>;
  /** How many refunds the gateway really performed for a payment (from its API or a recording fake). */
  readonly refundsOf?: (gateway: G, paymentId: PaymentId) => number | Promise<number>;
}

/**
 * Registers the {@link PaymentGateway} contract as vitest tests: `createCheckout` answers a usable
 * checkout id (and an absolute URL when it has a hosted page), is idempotent per key (also under
 * concurrent calls) and distinct across keys; `refund` can be repeated with the same key without
 * failing, and (given `refundsOf`) refunds once per key.
 *
 * @param makeGateway - creates the gateway under test, once per test.
 * @param options - price, refundable payments, and how to observe refunds.
 * @example
 * ```ts
 * import { createMemoryPaymentGateway } from "academic-credit/adapters/memory";
 * import { paymentGatewayContract } from "academic-credit/testing";
 * paymentGatewayContract(() => createMemoryPaymentGateway(), {
 *   refundsOf: (g, paymentId) => g.refunds.filter((r) => r.paymentId === paymentId).length,
 * });
 * ```
 */
export function paymentGatewayContract<G extends PaymentGateway>(makeGateway: () => G | Promise<G>, options: PaymentGatewayContractOptions<G> = {}): void {
  const price = options.price ?? { amount: 60000, currency: "USD" };
  const checkout = (suffix: string, key: string) => ({
    learnerId: `learner-${suffix}` as LearnerId,
    courseId: `course-v1:Contract+pay+${suffix}` as CourseId,
    providerId: "asu" as ProviderId,
    method: "card" as const,
    price,
    idempotencyKey: key,
  });
  const payment = async (gateway: G, suffix: string): Promise<RefundRequest> =>
    options.makePayment === undefined ? { paymentId: `pay-${suffix}` as PaymentId, amount: price.amount, currency: price.currency } : options.makePayment(gateway);

  describe(options.name ?? "PaymentGateway contract", () => {
    it(
      "createCheckout answers a checkout id of 1 to 255 characters, and an absolute http(s) redirect URL if any",
      async () => {
        const gateway = await makeGateway();
        const suffix = uniqueSuffix();
        const created = await gateway.createCheckout(checkout(suffix, `checkout:${suffix}:k1`));
        expect(typeof created.checkoutId).toBe("string");
        expect(created.checkoutId.length).toBeGreaterThan(0);
        expect(created.checkoutId.length).toBeLessThanOrEqual(255);
        if (created.redirectUrl !== undefined) expect(isHttpUrl(created.redirectUrl), `redirectUrl ${created.redirectUrl}`).toBe(true);
      },
      options.timeoutMs,
    );

    it(
      "createCheckout is idempotent per key: the same key answers the same checkout, sequentially and concurrently",
      async () => {
        const gateway = await makeGateway();
        const suffix = uniqueSuffix();
        const key = `checkout:${suffix}:same`;
        const first = await gateway.createCheckout(checkout(suffix, key));
        const again = await gateway.createCheckout(checkout(suffix, key));
        expect(again.checkoutId).toBe(first.checkoutId);
        const racedKey = `checkout:${suffix}:raced`;
        const raced = await Promise.all(Array.from({ length: 5 }, () => gateway.createCheckout(checkout(suffix, racedKey))));
        expect(new Set(raced.map((c) => c.checkoutId)).size, "concurrent calls with one key created several checkouts").toBe(1);
      },
      options.timeoutMs,
    );

    it(
      "createCheckout with different keys answers different checkouts",
      async () => {
        const gateway = await makeGateway();
        const suffix = uniqueSuffix();
        const ids = [];
        for (let i = 0; i < 5; i++) ids.push((await gateway.createCheckout(checkout(suffix, `checkout:${suffix}:k${i}`))).checkoutId);
        expect(new Set(ids).size).toBe(5);
      },
      options.timeoutMs,
    );

    it(
      "refund can be repeated with the same idempotency key without failing (the outbox delivers at least once)",
      async () => {
        const gateway = await makeGateway();
        const suffix = uniqueSuffix();
        const p = await payment(gateway, suffix);
        const key = `refund:${p.paymentId}`;
        await expect(gateway.refund({ ...p, idempotencyKey: key })).resolves.toBeUndefined();
        await expect(gateway.refund({ ...p, idempotencyKey: key })).resolves.toBeUndefined();
        await expect(Promise.all([gateway.refund({ ...p, idempotencyKey: key }), gateway.refund({ ...p, idempotencyKey: key })])).resolves.toBeDefined();
      },
      options.timeoutMs,
    );

    const refundsOf = options.refundsOf;
    if (refundsOf !== undefined) {
      it(
        "refund happens once per idempotency key, however often and concurrently it is asked for; another payment is refunded separately",
        async () => {
          const gateway = await makeGateway();
          const p = await payment(gateway, uniqueSuffix());
          const key = `refund:${p.paymentId}`;
          await gateway.refund({ ...p, idempotencyKey: key });
          await Promise.all(Array.from({ length: 4 }, () => gateway.refund({ ...p, idempotencyKey: key })));
          expect(await refundsOf(gateway, p.paymentId)).toBe(1);
          const q = await payment(gateway, uniqueSuffix());
          await gateway.refund({ ...q, idempotencyKey: `refund:${q.paymentId}` });
          expect(await refundsOf(gateway, q.paymentId)).toBe(1);
          expect(await refundsOf(gateway, p.paymentId)).toBe(1);
        },
        options.timeoutMs,
      );
    }
  });
}

/**
 * Options of {@link mailerContract}. Without `deliveriesOf` the suite can only check that sends
 * (repeated ones included) do not fail; with it, it checks one delivery per idempotency key.
 *
 * @example
 * ```ts
 * import type { MemoryMailer } from "academic-credit/adapters/memory";
 * import type { MailerContractOptions } from "academic-credit/testing";
 * const options: MailerContractOptions<MemoryMailer> = {
 *   deliveriesOf: (mailer, key) => mailer.delivered.filter((m) => m.idempotencyKey === key).length,
 * };
 * ```
 */
export interface MailerContractOptions<M extends Mailer = Mailer> extends SuiteOptions {
  /** Recipient of the sample messages (default `learner@example.org`; use a sandbox address for a real provider). */
  readonly to?: string;
  /** How many times a message with this idempotency key reached the recipient. */
  readonly deliveriesOf?: (mailer: M, idempotencyKey: string) => number | Promise<number>;
}

/**
 * Registers the {@link Mailer} contract as vitest tests: every template, with hostile learner data,
 * is accepted; re-sending the same idempotency key (the outbox's at-least-once redelivery) does
 * not fail; and (given `deliveriesOf`) each key reaches the learner once.
 *
 * @param makeMailer - creates the mailer under test, once per test.
 * @param options - recipient, and how to observe deliveries.
 * @example
 * ```ts
 * import { createMemoryMailer } from "academic-credit/adapters/memory";
 * import { mailerContract } from "academic-credit/testing";
 * mailerContract(() => createMemoryMailer(), {
 *   deliveriesOf: (m, key) => m.delivered.filter((d) => d.idempotencyKey === key).length,
 * });
 * ```
 */
export function mailerContract<M extends Mailer>(makeMailer: () => M | Promise<M>, options: MailerContractOptions<M> = {}): void {
  describe(options.name ?? "Mailer contract", () => {
    it(
      "sends a message of every template, with hostile learner data",
      async () => {
        const mailer = await makeMailer();
        for (const m of sampleEmailMessages(options.to, `${uniqueSuffix()}:`)) await expect(mailer.send(m), m.template).resolves.toBeUndefined();
      },
      options.timeoutMs,
    );

    it(
      "re-sending a message with the same idempotency key does not fail, sequentially or concurrently",
      async () => {
        const mailer = await makeMailer();
        const [m] = sampleEmailMessages(options.to, `${uniqueSuffix()}:`);
        if (m === undefined) throw new Error("no sample");
        await mailer.send(m);
        await expect(mailer.send(m)).resolves.toBeUndefined();
        await expect(Promise.all([mailer.send(m), mailer.send(m)])).resolves.toBeDefined();
      },
      options.timeoutMs,
    );

    const deliveriesOf = options.deliveriesOf;
    if (deliveriesOf !== undefined) {
      it(
        "each idempotency key is delivered once, however often it is sent; different keys are delivered separately",
        async () => {
          const mailer = await makeMailer();
          const messages = sampleEmailMessages(options.to, `${uniqueSuffix()}:`);
          for (const m of messages) {
            await mailer.send(m);
            await Promise.all([mailer.send(m), mailer.send(m)]);
          }
          for (const m of messages) expect(await deliveriesOf(mailer, m.idempotencyKey), m.idempotencyKey).toBe(1);
        },
        options.timeoutMs,
      );
    }
  });
}

/**
 * Registers the {@link Clock} contract as vitest tests: `now()` answers a valid `Date` and never
 * goes backwards between calls.
 *
 * @param makeClock - creates the clock under test.
 * @param options - suite name and timeout.
 * @example
 * ```ts
 * import { systemClock } from "academic-credit/adapters/memory";
 * import { clockContract } from "academic-credit/testing";
 * clockContract(() => systemClock());
 * ```
 */
export function clockContract(makeClock: () => Clock | Promise<Clock>, options: SuiteOptions = {}): void {
  describe(options.name ?? "Clock contract", () => {
    it(
      "now() answers a valid Date and never goes backwards over 1,000 calls",
      async () => {
        const clock = await makeClock();
        let previous = -Infinity;
        for (let i = 0; i < 1000; i++) {
          const now = clock.now();
          expect(now).toBeInstanceOf(Date);
          expect(Number.isNaN(now.getTime())).toBe(false);
          expect(now.getTime()).toBeGreaterThanOrEqual(previous);
          previous = now.getTime();
        }
      },
      options.timeoutMs,
    );
  });
}

/**
 * Options of {@link idGeneratorContract}.
 *
 * @example
 * ```ts
 * import type { IdGeneratorContractOptions } from "academic-credit/testing";
 * const options: IdGeneratorContractOptions = { count: 100_000 };
 * ```
 */
export interface IdGeneratorContractOptions extends SuiteOptions {
  /** How many ids of each kind must be unique (default 10,000). */
  readonly count?: number;
}

/**
 * Registers the {@link IdGenerator} contract as vitest tests: `requestId()` answers 32 lowercase
 * hex characters (Open edX's `request_uuid`), `id()` a non-empty string of at most 255 characters,
 * each unique over `count` calls.
 *
 * @param makeIds - creates the generator under test.
 * @param options - how many ids to draw.
 * @example
 * ```ts
 * import { createRandomIds } from "academic-credit/adapters/memory";
 * import { idGeneratorContract } from "academic-credit/testing";
 * idGeneratorContract(() => createRandomIds());
 * ```
 */
export function idGeneratorContract(makeIds: () => IdGenerator | Promise<IdGenerator>, options: IdGeneratorContractOptions = {}): void {
  const count = options.count ?? 10_000;
  describe(options.name ?? "IdGenerator contract", () => {
    it(
      `requestId() is 32 lowercase hex characters and unique over ${count} calls`,
      async () => {
        const ids = await makeIds();
        const seen = new Set<string>();
        for (let i = 0; i < count; i++) {
          const id = ids.requestId();
          if (!/^[0-9a-f]{32}$/.test(id)) expect.fail(`requestId() answered ${JSON.stringify(id)}, not 32 lowercase hex characters`);
          seen.add(id);
        }
        expect(seen.size).toBe(count);
      },
      options.timeoutMs,
    );

    it(
      `id() is a non-empty string of at most 255 characters and unique over ${count} calls`,
      async () => {
        const ids = await makeIds();
        const seen = new Set<string>();
        for (let i = 0; i < count; i++) {
          const id = ids.id();
          if (typeof id !== "string" || id.length === 0 || id.length > 255) expect.fail(`id() answered ${JSON.stringify(id)}`);
          seen.add(id);
        }
        expect(seen.size).toBe(count);
      },
      options.timeoutMs,
    );
  });
}

/**
 * Options of {@link providerKeysContract}: a provider the port knows.
 *
 * @example
 * ```ts
 * import type { ProviderKeysContractOptions } from "academic-credit/testing";
 * const options: ProviderKeysContractOptions = { providerId: "asu" };
 * ```
 */
export interface ProviderKeysContractOptions extends SuiteOptions {
  /** A provider with at least one key. */
  readonly providerId: string;
}

/**
 * Registers the {@link ProviderKeys} contract as vitest tests: a known provider has an ordered
 * list of strings with at least one non-empty ASCII key (the only keys that sign or verify); an unknown provider has none (an empty list,
 * not an error).
 *
 * @param makeKeys - creates the port under test.
 * @param options - a provider it knows.
 * @example
 * ```ts
 * import { createMemoryProviderKeys } from "academic-credit/adapters/memory";
 * import { providerKeysContract } from "academic-credit/testing";
 * providerKeysContract(() => createMemoryProviderKeys({ asu: ["new", "old"] }), { providerId: "asu" });
 * ```
 */
export function providerKeysContract(makeKeys: () => ProviderKeys | Promise<ProviderKeys>, options: ProviderKeysContractOptions): void {
  describe(options.name ?? "ProviderKeys contract", () => {
    it(
      "a known provider has an ordered list of string keys, at least one of them non-empty and ASCII",
      async () => {
        const keys = await makeKeys();
        const list = await keys.keysOf(options.providerId as ProviderId);
        expect(Array.isArray(list)).toBe(true);
        for (const k of list) expect(typeof k).toBe("string");
        expect(usableKeys(list).length).toBeGreaterThan(0);
      },
      options.timeoutMs,
    );

    it(
      "an unknown provider has no keys (an empty list, not an error)",
      async () => {
        const keys = await makeKeys();
        expect(await keys.keysOf(`unknown-${uniqueSuffix()}` as ProviderId)).toEqual([]);
      },
      options.timeoutMs,
    );
  });
}

/**
 * Options of {@link catalogContract}: ids the catalog knows.
 *
 * @example
 * ```ts
 * import type { CatalogContractOptions } from "academic-credit/testing";
 * const options: CatalogContractOptions = { courseId: "course-v1:MITx+6.002x+2026_T1", providerId: "asu", learnerId: "42" };
 * ```
 */
export interface CatalogContractOptions extends SuiteOptions {
  readonly courseId: string;
  readonly providerId: string;
  readonly learnerId: string;
}

/**
 * Registers the {@link Catalog} contract as vitest tests: known ids answer well-formed values
 * (a policy `parsePolicy` accepts back for that course, a provider `parseProvider` accepts back,
 * a learner with a non-empty email), unknown ids answer `undefined`, and the course lists contain
 * the known course.
 *
 * @param makeCatalog - creates the catalog under test.
 * @param options - a course, a provider and a learner it knows.
 * @example
 * ```ts
 * import { parsePolicy, parseProvider, toLearnerId } from "academic-credit";
 * import { createMemoryCatalog } from "academic-credit/adapters/memory";
 * import { catalogContract } from "academic-credit/testing";
 * const policy = parsePolicy({ courseId: "course-v1:MITx+6.002x+2026_T1", title: "Circuits", requirements: [], offers: [] });
 * const asu = parseProvider({
 *   id: "asu", displayName: "ASU", url: "https://asu.example.edu/credit", statusUrl: "https://asu.example.edu/status",
 *   integration: "signed-request", completionSteps: true,
 * });
 * if (policy.ok && asu.ok) {
 *   catalogContract(
 *     () =>
 *       createMemoryCatalog({
 *         policies: [policy.value],
 *         providers: [asu.value],
 *         learners: [{ id: toLearnerId("42"), username: "ada", email: "ada@example.org", fullName: "Ada" }],
 *       }),
 *     { courseId: "course-v1:MITx+6.002x+2026_T1", providerId: "asu", learnerId: "42" },
 *   );
 * }
 * ```
 */
export function catalogContract(makeCatalog: () => Catalog | Promise<Catalog>, options: CatalogContractOptions): void {
  describe(options.name ?? "Catalog contract", () => {
    it(
      "a known course has a well-formed policy for that course, and the course lists contain it",
      async () => {
        const catalog = await makeCatalog();
        const policy = await catalog.policy(options.courseId as CourseId);
        expect(policy?.courseId).toBe(options.courseId);
        const reparsed = parsePolicy(JSON.parse(JSON.stringify(policy)) as unknown);
        expect(reparsed.ok, reparsed.ok ? "" : reparsed.error.message).toBe(true);
        expect(await catalog.courses()).toContain(options.courseId);
      },
      options.timeoutMs,
    );

    it(
      "a known provider is well formed and listed; a known learner has an email",
      async () => {
        const catalog = await makeCatalog();
        const provider = await catalog.provider(options.providerId as ProviderId);
        expect(provider?.id).toBe(options.providerId);
        const reparsed = parseProvider(JSON.parse(JSON.stringify(provider ?? null)) as unknown);
        expect(reparsed.ok, reparsed.ok ? "" : reparsed.error.message).toBe(true);
        expect((await catalog.providers()).map((p) => p.id)).toContain(options.providerId);
        const learner = await catalog.learner(options.learnerId as LearnerId);
        expect(learner?.id).toBe(options.learnerId);
        expect(learner?.email.length ?? 0).toBeGreaterThan(0);
      },
      options.timeoutMs,
    );

    it(
      "unknown ids answer undefined",
      async () => {
        const catalog = await makeCatalog();
        const suffix = uniqueSuffix();
        expect(await catalog.policy(`course-v1:Nobody+x+${suffix}` as CourseId)).toBeUndefined();
        expect(await catalog.provider(`nobody-${suffix}` as ProviderId)).toBeUndefined();
        expect(await catalog.learner(`nobody-${suffix}` as LearnerId)).toBeUndefined();
      },
      options.timeoutMs,
    );
  });
}

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createManualClock,
  createMemoryCatalog,
  createMemoryMailer,
  createMemoryPaymentGateway,
  createMemoryProviderKeys,
  createMemoryStore,
  createSequentialIds,
} from "../../src/adapters/memory/index.js";
import { toLearnerId, type LearnerId } from "../../src/ids/index.js";
import type { PaymentGateway } from "../../src/ports/index.js";
import { parsePolicy } from "../../src/policy/schema.js";
import { parseProviders } from "../../src/providers/index.js";
import { createCreditService } from "../../src/service/index.js";
import { ada, COURSE, makeEligible, policyInput, providersInput, type Harness } from "../service/harness.js";
import { runs } from "./runs.js";

// Model-based property of DOMAIN.md §8 and §13.2: every payment refused with `duplicate-payment`
// (and every staff refund) is returned by exactly one refund at the gateway, for each learner, even
// when the gateway reports the same payment id for two learners, when the outbox is dispatched
// again and again, and when the gateway fails before or after doing the refund.

const GRACE = toLearnerId("43");
const LEARNERS: readonly LearnerId[] = [ada.id, GRACE];
/** A small pool both learners draw their payment ids from, so ids collide across learners. */
const PAYMENT_IDS = ["pay-1", "pay-2", "pay-3"] as const;

interface World {
  readonly h: Harness;
  readonly gateway: ReturnType<typeof createMemoryPaymentGateway>;
  /** Refunds that succeed at the gateway and then report a failure (a lost acknowledgement). */
  lostAcks: number;
}

interface Model {
  /** `learner|paymentId` → the amount to be refunded, once. */
  readonly refunds: Map<string, number>;
}

async function setUp(): Promise<World> {
  const policy = parsePolicy(policyInput);
  const providers = parseProviders(providersInput);
  if (!policy.ok || !providers.ok) throw new Error("bad fixture");
  const store = createMemoryStore();
  const gateway = createMemoryPaymentGateway();
  const mailer = createMemoryMailer();
  const clock = createManualClock(new Date("2026-01-10T09:00:00Z"));
  const catalog = createMemoryCatalog({ policies: [policy.value], providers: providers.value, learners: [ada, { id: GRACE, username: "grace", email: "grace@example.org", fullName: "Grace Hopper" }] });
  const world = { gateway, lostAcks: 0 } as { -readonly [K in keyof World]: World[K] };
  const payments: PaymentGateway = {
    createCheckout: (input) => gateway.createCheckout(input),
    async refund(input) {
      await gateway.refund(input);
      if (world.lostAcks > 0) {
        world.lostAcks--;
        throw new Error("refund done, acknowledgement lost");
      }
    },
  };
  const service = createCreditService({ store, payments, mailer, clock, ids: createSequentialIds(), keys: createMemoryProviderKeys(), catalog }, { outbox: { backoffMs: () => 1000 } });
  const h = { service, store, payments: gateway, mailer, clock, catalog, at: (iso: string) => clock.set(new Date(iso)), policy: policy.value } as unknown as Harness;
  world.h = h;
  for (const l of LEARNERS) await makeEligible(h, l);
  h.at("2026-07-01T12:00:00Z");
  return world;
}

type Cmd = fc.AsyncCommand<Model, World>;
const cmd = (label: string, run: (m: Model, w: World) => Promise<void>): Cmd => ({ check: () => true, run, toString: () => label });
const learner = fc.constantFrom(0, 1);

const commands: fc.Arbitrary<Cmd>[] = [
  fc.record({ l: learner, provider: fc.constantFrom("asu", "hogwarts"), key: fc.constantFrom("k1", "k2", "k3") }).map(({ l, provider, key }) =>
    cmd(`startCheckout(L${l}, ${provider}, ${key})`, async (_m, w) => {
      await w.h.service.startCheckout(LEARNERS[l] as LearnerId, COURSE, { providerId: provider, method: "card", idempotencyKey: key });
    }),
  ),
  fc.record({ l: learner, pick: fc.nat(), paymentId: fc.constantFrom(...PAYMENT_IDS) }).map(({ l, pick, paymentId }) =>
    cmd(`paymentSucceeded(L${l}, checkout #${pick}, ${paymentId})`, async (m, w) => {
      const id = LEARNERS[l] as LearnerId;
      const state = await w.h.service.getState(id, COURSE);
      if (!state.ok) throw new Error(state.error.message);
      const checkouts = state.value.record.purchase.checkouts;
      const c = checkouts[pick % Math.max(1, checkouts.length)];
      if (c === undefined) return;
      const r = await w.h.service.recordPaymentResult(id, COURSE, { checkoutId: c.checkoutId, outcome: "succeeded", paymentId, amount: c.price.amount, currency: c.price.currency });
      if (!r.ok && r.error.code === "duplicate-payment") m.refunds.set(`${id}|${paymentId}`, c.price.amount);
    }),
  ),
  learner.map((l) =>
    cmd(`refund(L${l})`, async (m, w) => {
      const id = LEARNERS[l] as LearnerId;
      const state = await w.h.service.getState(id, COURSE);
      const r = await w.h.service.refund(id, COURSE);
      if (r.ok && r.value.kind === "refund" && state.ok) m.refunds.set(`${id}|${r.value.paymentId}`, state.value.record.purchase.purchase?.price.amount ?? -1);
    }),
  ),
  fc.constant(cmd("dispatchOutbox()", async (_m, w) => {
    w.h.clock.advance(1000);
    await w.h.service.dispatchOutbox();
  })),
  fc.record({ count: fc.integer({ min: 1, max: 3 }), lost: fc.boolean() }).map(({ count, lost }) =>
    cmd(`gatewayFails(${count}, ${lost ? "after refunding" : "before refunding"})`, async (_m, w) => {
      if (lost) w.lostAcks += count;
      else w.gateway.faults.failNext(count);
    }),
  ),
];

/** Payments three times as often as anything else, so most runs reach a purchase and its duplicates. */
const weighted = [commands[0], commands[1], commands[1], commands[1], ...commands.slice(2)] as fc.Arbitrary<Cmd>[];

async function drain(w: World): Promise<void> {
  w.lostAcks = 0;
  w.gateway.faults.failNext(0);
  for (let i = 0; i < 20; i++) {
    w.h.clock.advance(60_000);
    const d = await w.h.service.dispatchOutbox();
    if (d.ok && d.value.attempted === 0) return;
  }
}

describe("refunds, model-based", () => {
  it("every duplicate-payment (and every staff refund) yields exactly one refund at the gateway, also when payment ids collide across learners and the gateway fails", async () => {
    let collided = 0;
    await fc.assert(
      fc.asyncProperty(fc.commands(weighted, { maxCommands: 30, size: "max" }), async (cmds) => {
        const w = await setUp();
        const model: Model = { refunds: new Map() };
        await fc.asyncModelRun(() => ({ model, real: w }), cmds);
        await drain(w);
        // Who each refund the gateway performed belongs to, from the learners' stored refund messages.
        const owners = new Map<string, string[]>();
        for (const id of LEARNERS) {
          for (const m of await w.h.store.listOutbox(id, COURSE)) {
            if (m.payload.kind !== "refund") continue;
            expect(m.deliveredAt, `refund ${m.idempotencyKey} delivered`).toBeDefined();
            owners.set(m.idempotencyKey, [...(owners.get(m.idempotencyKey) ?? []), `${id}|${m.payload.refund.paymentId}`]);
          }
        }
        const performed = w.gateway.refunds.flatMap((r) => (owners.get(r.idempotencyKey) ?? ["nobody"]).map((owner) => ({ owner, amount: r.amount })));
        expect(w.gateway.refunds, "one gateway refund per refund the learners are owed").toHaveLength(model.refunds.size);
        expect(new Map(performed.map((p) => [p.owner, p.amount]))).toEqual(model.refunds);
        expect(performed).toHaveLength(model.refunds.size);
        const paymentIds = [...model.refunds.keys()].map((k) => k.slice(k.indexOf("|") + 1));
        if (new Set(paymentIds).size < paymentIds.length) collided++;
      }),
      { numRuns: runs(150) },
    );
    // The runs do reach refunds of the same payment id for both learners.
    expect(collided).toBeGreaterThan(0);
  }, 120_000);
});

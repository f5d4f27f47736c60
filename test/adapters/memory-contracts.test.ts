import { parsePolicy, parseProvider, toLearnerId } from "academic-credit";
import {
  createManualClock,
  createMemoryCatalog,
  createMemoryMailer,
  createMemoryPaymentGateway,
  createMemoryProviderKeys,
  createMemoryStore,
  createRandomIds,
  createSequentialIds,
  systemClock,
} from "academic-credit/adapters/memory";
import {
  catalogContract,
  clockContract,
  creditStoreContract,
  idGeneratorContract,
  mailerContract,
  paymentGatewayContract,
  providerKeysContract,
} from "academic-credit/testing";

// The in-memory reference adapters pass every port contract, through the public entry points a host uses.

creditStoreContract(() => createMemoryStore(), { name: "memory store: CreditStore contract (a fresh store per test)" });

const shared = createMemoryStore({ idPrefix: "shared-" });
creditStoreContract(() => shared, { name: "memory store: CreditStore contract (one store shared by every test)" });

paymentGatewayContract(() => createMemoryPaymentGateway(), {
  name: "memory payment gateway: PaymentGateway contract",
  refundsOf: (gateway, paymentId) => gateway.refunds.filter((r) => r.paymentId === paymentId).length,
});

mailerContract(() => createMemoryMailer(), {
  name: "memory mailer: Mailer contract",
  deliveriesOf: (mailer, key) => mailer.delivered.filter((m) => m.idempotencyKey === key).length,
});

clockContract(() => systemClock(), { name: "system clock: Clock contract" });
clockContract(() => createManualClock(new Date("2026-01-10T09:00:00Z")), { name: "manual clock: Clock contract" });

idGeneratorContract(() => createRandomIds(), { name: "random ids: IdGenerator contract" });
idGeneratorContract(() => createSequentialIds(7), { name: "sequential ids: IdGenerator contract" });

providerKeysContract(() => createMemoryProviderKeys({ asu: ["", "current", "previous"] }), { name: "memory provider keys: ProviderKeys contract", providerId: "asu" });

const policy = parsePolicy({
  courseId: "course-v1:MITx+6.002x+2026_T1",
  title: "Circuits and Electronics",
  endsAt: "2026-06-30T23:59:00Z",
  requirements: [
    { kind: "grade", id: "grade", minGrade: 0.8 },
    { kind: "identity-reverification", id: "checkpoint-1", displayName: "Photo check", dueAt: "2026-05-01T00:00:00Z" },
  ],
  offers: [{ providerId: "asu", price: { amount: 60000, currency: "USD" }, creditHours: 3 }],
});
const asu = parseProvider({
  id: "asu",
  displayName: "Arizona State University",
  url: "https://credit.example.edu/request",
  statusUrl: "https://credit.example.edu/status",
  integration: "signed-request",
  completionSteps: true,
});
if (!policy.ok || !asu.ok) throw new Error("fixture");
const catalogPolicy = policy.value;
const catalogProvider = asu.value;
catalogContract(
  () =>
    createMemoryCatalog({
      policies: [catalogPolicy],
      providers: [catalogProvider],
      learners: [{ id: toLearnerId("42"), username: "ada", email: "ada@example.org", fullName: "Ada Lovelace" }],
    }),
  { name: "memory catalog: Catalog contract", courseId: "course-v1:MITx+6.002x+2026_T1", providerId: "asu", learnerId: "42" },
);

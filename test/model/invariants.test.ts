import { describe, expect, it } from "vitest";
import type { CoursePolicyInput, ProviderInput } from "academic-credit";
import { createMemoryStore } from "academic-credit/adapters/memory";
import { arbitraryPolicyInput, checkServiceInvariants, type InvariantRunSummary } from "academic-credit/testing";
import { createJsonStore } from "./json-store.js";
import { runs } from "./runs.js";

// Model-based tests of docs/rules.md §13: fast-check command sequences over the real service (two
// learners, one course) with a model of what each learner was granted and decided; every §13
// invariant is checked after every command and at the end of every run. See
// src/testing/invariants.ts for the commands and the checks.

const scenarioPolicy: CoursePolicyInput = {
  courseId: "course-v1:MITx+6.002x+2026_T1",
  title: "Circuits and Electronics",
  endsAt: "2026-06-30T23:59:00Z",
  requirements: [
    { kind: "grade", id: "grade", minGrade: 0.8 },
    { kind: "proctored-exam", id: "final-exam", displayName: "Final exam", passingScore: 0.6 },
  ],
  offers: [
    { providerId: "asu", price: { amount: 60000, currency: "USD" }, creditHours: 3 },
    { providerId: "hogwarts", price: { amount: 45000, currency: "USD" }, creditHours: 4 },
  ],
};

const scenarioProviders: ProviderInput[] = [
  { id: "asu", displayName: "Arizona State University", url: "https://credit.example.edu/request", statusUrl: "https://credit.example.edu/status", integration: "signed-request", completionSteps: true },
  { id: "hogwarts", displayName: "Hogwarts Extension School", url: "https://hogwarts.example.org/credit", statusUrl: "https://hogwarts.example.org/credit/status", integration: "link", completionSteps: true },
];

const ALL = "§13.1–§13.7 (paid only after eligible checkout, one unrefunded purchase, final decisions, sticky eligibility, zone-free replay, typed results, emails delivered)";

describe("§13 invariants, model-based over random command sequences", () => {
  it(`${ALL} hold for random policies, with injected port faults`, async () => {
    await checkServiceInvariants({ numRuns: runs(500), maxCommands: 40 });
  }, 120_000);

  it(`${ALL} hold for the SCENARIOS.md course, with injected port faults`, async () => {
    await checkServiceInvariants({ policy: scenarioPolicy, providers: scenarioProviders, numRuns: runs(250), maxCommands: 40 });
  }, 120_000);

  it(`${ALL} hold for edx-preset policies (365-day window from eligibility, wider passing reviews)`, async () => {
    const edx = arbitraryPolicyInput({ providerIds: ["signed", "link", "auto", "autolink", "retired"], around: new Date("2026-04-10T00:00:00Z"), spreadDays: 120, maxRequirements: 3 })
      .filter((p) => p.offers.length > 0)
      .map((p) => ({ ...p, preset: "edx" as const }));
    await checkServiceInvariants({ policy: edx, numRuns: runs(150), maxCommands: 40 });
  }, 120_000);

  it(`${ALL} hold over longer sequences without faults`, async () => {
    await checkServiceInvariants({ faults: false, numRuns: runs(80), maxCommands: 100 });
  }, 120_000);

  it(`${ALL} hold on a store that keeps only JSON (as a SQL adapter with JSON columns would)`, async () => {
    await checkServiceInvariants({ makePorts: () => ({ store: createJsonStore() }), numRuns: runs(150), maxCommands: 40 });
  }, 120_000);

  it("the random runs reach deep states: grants, purchases, refunds, decisions and emails, and every kind of refusal", async () => {
    const summaries: InvariantRunSummary[] = [];
    await checkServiceInvariants({ makePorts: () => ({ store: createMemoryStore() }), numRuns: 100, seed: 20260110, onRun: (s) => summaries.push(s) });
    const share = (f: (s: InvariantRunSummary) => boolean) => summaries.filter(f).length / summaries.length;
    expect(summaries).toHaveLength(100);
    expect(share((s) => s.granted > 0)).toBeGreaterThan(0.5);
    expect(share((s) => s.purchases > 0)).toBeGreaterThan(0.25);
    expect(share((s) => s.decisions > 0)).toBeGreaterThan(0.1);
    expect(share((s) => s.refunds > 0)).toBeGreaterThan(0.02);
    expect(share((s) => s.emails > 0)).toBeGreaterThan(0.5);
    const codes = new Set(summaries.flatMap((s) => Object.keys(s.answers)));
    for (const code of ["ok", "not-eligible", "already-purchased", "no-open-checkout", "not-paid", "request-not-found", "stale-timestamp", "invalid-signature", "refund-not-allowed", "unavailable", "invalid-input", "conflicting-decision", "duplicate-payment", "payment-mismatch"]) {
      expect(codes, `no run answered ${code}`).toContain(code);
    }
  }, 120_000);
});

describe("the invariant checker reports violations", () => {
  it("a policy that does not parse is reported before any run", async () => {
    await expect(checkServiceInvariants({ policy: { ...scenarioPolicy, title: "" }, providers: scenarioProviders, numRuns: 1 })).rejects.toThrow(/does not parse/);
  });

  it("§13.4: a store that sometimes loses the eligibility grant fails, naming the invariant, with a shrunk command sequence", async () => {
    const forgetful = () => {
      const inner = createMemoryStore();
      let loads = 0;
      return {
        ...inner,
        load: async (l: Parameters<typeof inner.load>[0], c: Parameters<typeof inner.load>[1]) => {
          const r = await inner.load(l, c);
          loads++;
          return loads % 7 === 0 ? { events: r.events.filter((e) => e.type !== "eligibility-granted"), version: r.version } : r;
        },
      };
    };
    const failure = await checkServiceInvariants({ makePorts: () => ({ store: forgetful() }), numRuns: 100, seed: 7, faults: false }).then(
      () => "no failure",
      (e: unknown) => String(e),
    );
    expect(failure).toMatch(/^Error: §13\.4 /);
    expect(failure).toMatch(/Counterexample: .*satisfyEveryRequirement|Counterexample: .*journey|Counterexample: .*recordEvent/);
  }, 60_000);

  it("§13.4: a store that never hands the eligibility grant back fails: the service told the learner they were granted", async () => {
    const neverKeeps = () => {
      const inner = createMemoryStore();
      return {
        ...inner,
        load: async (l: Parameters<typeof inner.load>[0], c: Parameters<typeof inner.load>[1]) => {
          const r = await inner.load(l, c);
          return { events: r.events.filter((e) => e.type !== "eligibility-granted"), version: r.version };
        },
      };
    };
    const failure = await checkServiceInvariants({ makePorts: () => ({ store: neverKeeps() }), numRuns: 100, seed: 7, faults: false }).then(
      () => "no failure",
      (e: unknown) => String(e),
    );
    expect(failure).toMatch(/^Error: §13\.4 .*lost the eligibility granted/);
    // The dispose fails exactly in the runs that violate §13.4 (a grant was written): the violation is what is reported.
    const granted = new WeakSet<object>();
    const recordsGrants = () => {
      const store = neverKeeps();
      const wrapped: typeof store = {
        ...store,
        append: async (b) => {
          if (b.events.some((e) => e.type === "eligibility-granted")) granted.add(wrapped);
          return store.append(b);
        },
      };
      return wrapped;
    };
    const withFailingDispose = await checkServiceInvariants({
      makePorts: () => ({ store: recordsGrants() }),
      disposePorts: (ports) => {
        if (ports.store !== undefined && granted.has(ports.store)) throw new Error("pool already closed");
      },
      numRuns: 100,
      seed: 7,
      faults: false,
    }).then(
      () => "no failure",
      (e: unknown) => String(e),
    );
    expect(withFailingDispose).toMatch(/^Error: §13\.4 /);
    const onlyDispose = await checkServiceInvariants({ disposePorts: () => Promise.reject(new Error("pool already closed")), numRuns: 1, seed: 7 }).then(
      () => "no failure",
      (e: unknown) => String(e),
    );
    expect(onlyDispose).toContain("disposePorts failed: pool already closed");
  }, 60_000);

  it("§13.7: a store that drops email messages from the outbox fails, naming the invariant", async () => {
    const dropsMail = () => {
      const inner = createMemoryStore();
      return { ...inner, append: (b: Parameters<typeof inner.append>[0]) => inner.append({ ...b, outbox: b.outbox.filter((m) => m.payload.kind !== "email") }) };
    };
    const failure = await checkServiceInvariants({ makePorts: () => ({ store: dropsMail() }), numRuns: 100, seed: 11, faults: false }).then(
      () => "no failure",
      (e: unknown) => String(e),
    );
    expect(failure).toMatch(/^Error: §13\.7 /);
    expect(failure).toMatch(/Counterexample/);
  }, 60_000);
});

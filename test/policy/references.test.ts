import { describe, expect, it } from "vitest";
import { createMemoryCatalog } from "../../src/adapters/memory/index.js";
import { toProviderId, toRequirementId as r } from "../../src/ids/index.js";
import { findUnknownProviders, findUnknownRequirements } from "../../src/policy/references.js";
import { parsePolicy, type CoursePolicyInput } from "../../src/policy/schema.js";
import { parseProviders } from "../../src/providers/index.js";
import { parseScenario, replayScenario } from "../../src/scenario/index.js";
import { policyInput, providersInput } from "../service/harness.js";
import { baseScenario } from "../scenarios/helpers.js";

function policyOf(input: Partial<CoursePolicyInput>) {
  const p = parsePolicy({ ...policyInput, ...input });
  if (!p.ok) throw new Error(p.error.message);
  return p.value;
}
const providers = (() => {
  const p = parseProviders(providersInput);
  if (!p.ok) throw new Error(p.error.message);
  return p.value;
})();
const harvard = { providerId: "harvard", price: { amount: 100, currency: "USD" }, creditHours: 1 };
const withHarvard = policyOf({ offers: [...policyInput.offers, harvard] });

describe("offers naming an unknown provider are reported with their JSON path", () => {
  it("findUnknownProviders names each such offer, under the path it is given; inactive providers are known", () => {
    expect(findUnknownProviders(withHarvard, providers, ["policies", 3])).toEqual([
      { path: ["policies", 3, "offers", 2, "providerId"], message: 'unknown provider "harvard": no provider has this id' },
    ]);
    expect(findUnknownProviders(withHarvard, [...providers, { id: toProviderId("harvard") }])).toEqual([]);
    expect(findUnknownProviders(policyOf({}), providers)).toEqual([]);
  });

  it("createMemoryCatalog throws a TypeError with code unknown-provider, the issues and the JSON path in its message", () => {
    let thrown: unknown;
    try {
      createMemoryCatalog({ policies: [policyOf({}), withHarvard], providers });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toBe('createMemoryCatalog: policies[1].offers[2].providerId: unknown provider "harvard": no provider has this id');
    expect(thrown).toMatchObject({ code: "unknown-provider", issues: [{ path: ["policies", 1, "offers", 2, "providerId"] }] });
    expect(() => createMemoryCatalog({ policies: [withHarvard] })).toThrow(/policies\[0\]\.offers\[0\]\.providerId: unknown provider "asu"/);
    // setPolicy stays unchecked (policies and providers can be set in any order).
    const catalog = createMemoryCatalog({ providers });
    expect(() => catalog.setPolicy(withHarvard)).not.toThrow();
  });

  it("parseScenario refuses the scenario with unknown-provider at policy.offers[i].providerId", () => {
    const base = baseScenario();
    const policy = base["policy"] as { offers: unknown[] };
    const r = parseScenario({ ...base, policy: { ...policy, offers: [...policy.offers, harvard] } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("unknown-provider");
    expect(r.error.issues).toEqual([{ path: ["policy", "offers", 2, "providerId"], message: 'unknown provider "harvard": no provider has this id' }]);
    expect(r.error.message).toBe('Invalid scenario: policy.offers[2].providerId: unknown provider "harvard": no provider has this id');
  });

  it("replayScenario of a scenario built in code with such an offer fails with error unknown-provider instead of replaying", async () => {
    const parsed = parseScenario(baseScenario());
    if (!parsed.ok) throw new Error(parsed.error.message);
    const report = await replayScenario({ ...parsed.value, policy: withHarvard });
    expect(report).toEqual({
      name: parsed.value.name,
      ok: false,
      steps: [],
      error: {
        code: "unknown-provider",
        message: 'The scenario cannot be replayed: policy.offers[2].providerId: unknown provider "harvard": no provider has this id',
        issues: [{ path: ["policy", "offers", 2, "providerId"], message: 'unknown provider "harvard": no provider has this id' }],
      },
    });
  });
});

describe("events naming a requirement the policy does not have", () => {
  const policy = policyOf({
    requirements: [
      ...policyInput.requirements,
      { kind: "identity-reverification", id: "midterm-check", displayName: "Midterm identity check" },
      { kind: "custom", id: "essay", displayName: "Essay", active: false },
    ],
  });

  it("findUnknownRequirements warns for an exam, checkpoint or custom id the policy lacks (by kind), and never for known or inactive ones", () => {
    const warn = (field: string, requirementId: string, kind: string) => [
      { code: "unknown-requirement", field, requirementId, message: `The policy has no ${kind} requirement "${requirementId}": the event is stored but changes nothing` },
    ];
    expect(findUnknownRequirements(policy, { type: "exam-attempt", examId: r("midterm"), status: "started" })).toEqual(warn("examId", "midterm", "proctored-exam"));
    expect(findUnknownRequirements(policy, { type: "exam-graded", examId: r("grade"), score: 1 })).toEqual(warn("examId", "grade", "proctored-exam"));
    expect(findUnknownRequirements(policy, { type: "exam-reviewed", examId: r("x"), result: "clean", reviewer: "human" })).toEqual(warn("examId", "x", "proctored-exam"));
    expect(findUnknownRequirements(policy, { type: "reverification", checkpointId: r("final-check"), result: "approved" })).toEqual(
      warn("checkpointId", "final-check", "identity-reverification"),
    );
    expect(findUnknownRequirements(policy, { type: "requirement-recorded", requirementId: r("grade"), status: "satisfied" })).toEqual(warn("requirementId", "grade", "custom"));
    expect(findUnknownRequirements(policy, { type: "exam-graded", examId: r("final-exam"), score: 1 })).toEqual([]);
    expect(findUnknownRequirements(policy, { type: "reverification", checkpointId: r("midterm-check"), result: "submitted" })).toEqual([]);
    expect(findUnknownRequirements(policy, { type: "requirement-recorded", requirementId: r("essay"), status: "satisfied" })).toEqual([]);
    expect(findUnknownRequirements(policy, { type: "grade-updated", grade: 0.5 })).toEqual([]);
    expect(findUnknownRequirements(policy, { type: "enrolled", mode: "verified" })).toEqual([]);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatPath } from "../../src/result/parse.js";
import { parseScenario } from "../../src/scenario/index.js";
import { baseScenario, eligibleThen } from "./helpers.js";

function issuesOf(input: unknown): string[] {
  const r = parseScenario(input);
  if (r.ok) return [];
  expect(r.error.code).toBe("invalid-input");
  return (r.error.issues ?? []).map((i) => `${formatPath(i.path)}: ${i.message}`);
}

function pathsOf(input: unknown): string[] {
  const r = parseScenario(input);
  return r.ok ? [] : (r.error.issues ?? []).map((i) => formatPath(i.path));
}

describe("parseScenario", () => {
  it("SCENARIOS.md: the guide's example parses, with the policy and providers resolved", () => {
    const r = parseScenario(baseScenario());
    if (!r.ok) throw new Error(r.error.message);
    const s = r.value;
    expect(s.name).toBe("passes everything and buys credit from the first of two providers");
    expect(s.policy.eligibleModes).toEqual(["verified"]);
    expect(s.policy.purchaseWindow).toEqual({ anchor: "course-end", length: { years: 1 } });
    expect(s.providers.map((p) => [p.id, p.active])).toEqual([
      ["asu", true],
      ["hogwarts", true],
    ]);
    expect(s.providerKeys).toEqual({ asu: ["first-secret", "older-secret"] });
    expect(s.learner).toEqual({ id: "42", username: "ada", email: "ada@example.org", fullName: "Ada Lovelace", country: "GB", timeZone: "Europe/London" });
    expect(s.steps).toHaveLength(14);
    expect(s.steps[0]).toEqual({ kind: "event", at: new Date("2026-01-10T09:00:00Z"), event: { type: "enrolled", mode: "verified" } });
    expect(s.steps[8]).toEqual({
      kind: "command",
      at: new Date("2026-07-01T12:00:00Z"),
      command: { type: "start-checkout", providerId: "asu", method: "card", idempotencyKey: "k1" },
    });
    expect(s.steps[7]).toMatchObject({ kind: "expect", expect: { deadline: new Date("2027-06-30T23:59:00Z"), emails: ["eligibility"] } });
  });

  it("SCENARIOS.md: the file's text parses as well as its value", () => {
    expect(parseScenario(JSON.stringify(baseScenario())).ok).toBe(true);
  });

  it("§3 a policy with preset edx takes the Open edX defaults", () => {
    const base = baseScenario();
    const r = parseScenario({ ...base, policy: { ...(base.policy as object), preset: "edx" } });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.policy.purchaseWindow).toEqual({ anchor: "eligibility", length: { days: 365 } });
    expect(r.value.policy.proctoring.passingReviewResults).toEqual(["clean", "rules-violation"]);
  });

  it("text that is not JSON is refused at the root", () => {
    const r = parseScenario("{ name: ");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.issues?.[0]?.path).toEqual([]);
      expect(r.error.issues?.[0]?.message).toMatch(/^not valid JSON/);
    }
  });

  it("reports every missing top-level field as required, at its path", () => {
    expect(issuesOf({ name: "x", steps: [] })).toEqual(["policy: required", "providers: expected a list of providers", "learner: required"]);
    expect(issuesOf(42)).toHaveLength(1);
  });

  it("names the JSON path of a problem deep inside the policy, a provider and the learner", () => {
    const base = baseScenario();
    const policy = base.policy as { requirements: unknown[] };
    const paths = pathsOf({
      ...base,
      policy: { ...policy, requirements: [{ kind: "grade", id: "grade", minGrade: 1.5 }] },
      providers: [{ ...(base.providers as object[])[0], id: "asu,hogwarts" }],
      learner: { ...(base.learner as object), timeZone: "Mars/Olympus" },
    });
    expect(paths).toEqual(["policy.requirements[0].minGrade", "providers[0].id", "learner.timeZone"]);
  });

  it("refuses unknown fields (field names exactly as SCENARIOS.md writes them)", () => {
    expect(pathsOf({ ...baseScenario(), provider_keys: {} })).toEqual(["(root)"]);
    expect(issuesOf({ ...baseScenario(), provider_keys: {} })[0]).toMatch(/provider_keys/);
  });

  it("accepts a $schema field naming the JSON Schema", () => {
    expect(parseScenario({ $schema: "../../schemas/scenario.schema.json", ...baseScenario() }).ok).toBe(true);
  });

  it("names the path of an invalid event, command and expectation", () => {
    expect(
      pathsOf(
        eligibleThen(
          { at: "2026-07-01T00:00:00Z", event: { type: "grade-updated", grade: 1.2 } },
          { at: "2026-07-01T00:00:00Z", command: { type: "start-checkout", providerId: "asu", method: "cash", idempotencyKey: "k" } },
          { at: "2026-07-01T00:00:00Z", expect: { purchase: "bought" } },
          { at: "2026-07-01T00:00:00Z", event: { type: "graduated" } },
        ),
      ),
    ).toEqual(["steps[8].event.grade", "steps[9].command.method", "steps[10].expect.purchase", "steps[11].event.type"]);
  });

  it("SCENARIOS.md steps: each step has exactly one of event, command, expect", () => {
    expect(
      issuesOf(
        eligibleThen(
          { at: "2026-07-01T00:00:00Z" },
          { at: "2026-07-01T00:00:00Z", command: { type: "refund" }, expect: {} },
          { at: "2026-07-01T00:00:00Z", event: { type: "unenrolled" }, command: { type: "refund" } },
        ),
      ),
    ).toEqual([
      "steps[8]: a step needs one of event, command or expect",
      "steps[9]: a step has exactly one of event, command or expect (found command and expect)",
      "steps[10]: a step has exactly one of event, command or expect (found event and command)",
    ]);
  });

  it("SCENARIOS.md steps: expectError belongs on event and command steps only, and names a §12 code", () => {
    expect(pathsOf(eligibleThen({ at: "2026-07-01T00:00:00Z", expect: {}, expectError: "not-paid" }))).toEqual(["steps[8].expectError"]);
    expect(pathsOf(eligibleThen({ at: "2026-07-01T00:00:00Z", command: { type: "refund" }, expectError: "nope" }))).toEqual([
      "steps[8].expectError",
    ]);
    expect(parseScenario(eligibleThen({ at: "2026-07-01T00:00:00Z", command: { type: "refund" }, expectError: "refund-not-allowed" })).ok).toBe(true);
  });

  it("SCENARIOS.md steps: a step earlier than the one before it makes the file invalid, at that step's at", () => {
    expect(issuesOf(eligibleThen({ at: "2026-06-03T07:59:59Z", command: { type: "refund" } }))).toEqual([
      "steps[8].at: step is earlier than the step before it (2026-06-03T08:00:00Z); steps must be in time order",
    ]);
  });

  it("SCENARIOS.md steps: an out-of-order step is reported together with the other problems of the file", () => {
    expect(
      pathsOf(
        eligibleThen(
          { at: "2026-01-01T00:00:00Z", command: { type: "refund" } },
          { at: "2026-07-01T00:00:00Z", event: { type: "grade-updated", grade: 7 } },
        ),
      ),
    ).toEqual(["steps[8].at", "steps[9].event.grade"]);
  });

  it("SCENARIOS.md steps: equal times keep their order", () => {
    const r = parseScenario(eligibleThen({ at: "2026-06-03T08:00:00Z", command: { type: "refund" } }, { at: "2026-06-03T08:00:00Z", expect: {} }));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.steps.slice(-2).map((s) => s.kind)).toEqual(["command", "expect"]);
  });

  it("§2 an instant without an offset is refused", () => {
    expect(pathsOf(eligibleThen({ at: "2026-07-01T00:00:00", command: { type: "refund" } }))).toEqual(["steps[8].at"]);
  });

  it("payment-result takes either checkoutId or idempotencyKey, not both", () => {
    expect(
      issuesOf(eligibleThen({ at: "2026-07-01T00:00:00Z", command: { type: "payment-result", outcome: "succeeded", checkoutId: "co-1", idempotencyKey: "k1" } })),
    ).toEqual(["steps[8].command.idempotencyKey: give either checkoutId or idempotencyKey, not both"]);
  });

  it("provider-callback overrides: signWith is one of valid, older-key, wrong-key, none; the offset is whole seconds", () => {
    expect(
      pathsOf(
        eligibleThen(
          { at: "2026-07-01T00:00:00Z", command: { type: "provider-callback", status: "approved", signWith: "forged" } },
          { at: "2026-07-01T00:00:00Z", command: { type: "provider-callback", status: "approved", timestampOffsetSeconds: 1.5 } },
        ),
      ),
    ).toEqual(["steps[8].command.signWith", "steps[9].command.timestampOffsetSeconds"]);
  });

  it("is a law: steps in non-decreasing time always parse; making one step earlier than its predecessor is reported at exactly that step", () => {
    const start = Date.parse("2026-01-01T00:00:00Z");
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 86_400_000 }), { minLength: 2, maxLength: 12 }), fc.nat(), (gaps, pick) => {
        let t = start;
        const instants = gaps.map((g) => (t += g));
        const steps = instants.map((ms) => ({ at: new Date(ms).toISOString(), expect: {} }));
        const base = baseScenario();
        expect(parseScenario({ ...base, steps }).ok).toBe(true);
        const i = 1 + (pick % (steps.length - 1));
        const earlier = steps.map((s, j) => (j === i ? { ...s, at: new Date((instants[i - 1] ?? start) - 1).toISOString() } : s));
        expect(pathsOf({ ...base, steps: earlier })).toEqual([`steps[${i}].at`]);
      }),
      { numRuns: 60 },
    );
  });

  it("never throws, whatever the input (§13.6)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const r = parseScenario(value);
        expect(typeof r.ok).toBe("boolean");
      }),
      { numRuns: 200 },
    );
    expect(parseScenario(undefined).ok).toBe(false);
  });
});

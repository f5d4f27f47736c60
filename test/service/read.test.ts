import { describe, expect, it } from "vitest";
import { createMemoryStore } from "academic-credit/adapters/memory";
import { ADA, COURSE } from "./harness.js";
import { readJourney } from "./read-journey.js";
import { retirementWiring } from "./retire-journey.js";

describe("Open edX's read queries", () => {
  it("creditRequests, eligibilities and requirementStatuses follow a learner's journey (memory store)", async () => {
    await readJourney(createMemoryStore());
  });

  it("eligibilities leaves out an unpaid eligibility once its deadline has closed", async () => {
    const w = retirementWiring(createMemoryStore());
    w.at("2026-01-10T09:00:00Z");
    await w.service.enroll(ADA, COURSE, { mode: "verified" });
    await w.service.recordInitialVerification(ADA, COURSE, { result: "approved" });
    await w.service.updateGrade(ADA, COURSE, { grade: 0.9 });
    w.at("2026-06-01T10:00:00Z");
    await w.service.recordEvent(ADA, COURSE, { type: "exam-attempt", examId: "final-exam", status: "submitted" });
    await w.service.recordEvent(ADA, COURSE, { type: "exam-graded", examId: "final-exam", score: 0.9 });
    await w.service.recordEvent(ADA, COURSE, { type: "exam-reviewed", examId: "final-exam", result: "clean", reviewer: "human" });
    expect((await w.service.eligibilities(ADA)).ok && (await w.service.eligibilities(ADA))).toMatchObject({ value: [{ courseId: COURSE }] });
    w.at("2027-06-30T23:59:00Z");
    expect(await w.service.eligibilities(ADA)).toEqual({ ok: true, value: [] });
  });

  it("providers: the active ones, all or those named; junk ids are a typed error", async () => {
    const { service } = retirementWiring(createMemoryStore());
    const all = await service.providers();
    expect(all.ok && all.value.map((p) => p.id)).toEqual(["asu", "hogwarts"]);
    const some = await service.providers(["hogwarts", "nowhere"]);
    expect(some.ok && some.value.map((p) => p.id)).toEqual(["hogwarts"]);
    expect(await service.providers([])).toEqual({ ok: true, value: [] });
    for (const junk of ["asu", [1], null, { 0: "asu" }]) {
      const r = await service.providers(junk as never);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe("invalid-input");
    }
  });

  it("leaves out inactive providers", async () => {
    const w = retirementWiring(createMemoryStore());
    const hogwarts = await w.catalog.provider("hogwarts" as never);
    if (hogwarts === undefined) expect.fail("no fixture provider");
    w.catalog.setProvider({ ...hogwarts, active: false });
    const r = await w.service.providers();
    expect(r.ok && r.value.map((p) => p.id)).toEqual(["asu"]);
    expect(await w.service.providers(["hogwarts"])).toEqual({ ok: true, value: [] });
  });

  it("requirementStatuses and the learner queries answer typed errors for bad input, never throw", async () => {
    const { service } = retirementWiring(createMemoryStore());
    expect(await service.requirementStatuses("" as never, COURSE)).toMatchObject({ ok: false, error: { code: "invalid-input" } });
    expect(await service.requirementStatuses(ADA, "course-v1:Nowhere+0+0" as never)).toMatchObject({ ok: false, error: { code: "invalid-input" } });
    expect(await service.requirementStatuses(ADA, COURSE, { kind: 3 } as never)).toMatchObject({ ok: false, error: { code: "invalid-input" } });
    expect(await service.requirementStatuses(ADA, COURSE, null as never)).toMatchObject({ ok: true });
    expect(await service.creditRequests("" as never)).toMatchObject({ ok: false, error: { code: "invalid-input" } });
  });
});

import { describe, expect, it } from "vitest";
import {
  evaluateRequirements,
  eventsAsOf,
  isPassing,
  PASS_TOLERANCE,
  toRequirementStatus,
} from "../../src/requirements/index.js";
import {
  attempt,
  ctx,
  customReq,
  examReq,
  grade,
  graded,
  gradeReq,
  id,
  recorded,
  reverif,
  reverReq,
  reviewed,
  t,
} from "./helpers.js";

const END = "2026-06-30T23:59:00Z";

describe("§5 evaluateRequirements", () => {
  const policy = [gradeReq(0.8), examReq("final-exam", 0.6)];
  const steps = [
    grade("2026-05-01T10:00:00Z", 0.85),
    attempt("2026-06-01T10:00:00Z", "final-exam", "submitted"),
    graded("2026-06-01T11:00:00Z", "final-exam", 0.7),
    reviewed("2026-06-03T08:00:00Z", "final-exam", "clean"),
  ];

  it("§5 the example journey: grade satisfied first, the exam once graded and reviewed", () => {
    const names = (now: string) => evaluateRequirements(policy, steps, ctx(now, END)).map((s) => s.status);
    expect(names("2026-05-01T10:00:00Z")).toEqual(["satisfied", "pending"]);
    expect(names("2026-06-01T10:00:00Z")).toEqual(["satisfied", "submitted"]);
    expect(names("2026-06-03T08:00:00Z")).toEqual(["satisfied", "satisfied"]);
  });

  it("§5 one status per active requirement, in policy order, each kind judged by its own rule", () => {
    const reqs = [customReq("essay"), reverReq("check", "2026-04-01T00:00:00Z"), examReq("final-exam"), gradeReq()];
    const statuses = evaluateRequirements(
      reqs,
      [recorded("2026-03-01T00:00:00Z", "essay", "submitted"), reverif("2026-03-02T00:00:00Z", "check", "approved"), ...steps],
      ctx("2026-06-10T00:00:00Z", END),
    );
    expect(statuses.map((s) => [s.requirementId, s.status])).toEqual([
      ["essay", "submitted"],
      ["check", "satisfied"],
      ["final-exam", "satisfied"],
      ["grade", "satisfied"],
    ]);
  });

  it("§3 inactive requirements are skipped and their events ignored", () => {
    const reqs = [gradeReq(), customReq("old", false), examReq("retired", 0.5, false), reverReq("gone", "2026-01-01T00:00:00Z", false)];
    const statuses = evaluateRequirements(
      reqs,
      [recorded("2026-03-01T00:00:00Z", "old", "failed"), attempt("2026-03-01T00:00:00Z", "retired", "declined")],
      ctx("2026-03-02T00:00:00Z", END),
    );
    expect(statuses).toEqual([{ requirementId: id("grade"), status: "pending" }]);
  });

  it("§5.2 declining an inactive exam cascades nowhere (its events are ignored)", () => {
    const statuses = evaluateRequirements(
      [examReq("retired", 0.5, false), examReq("final")],
      [attempt("2026-03-01T00:00:00Z", "retired", "declined")],
      ctx("2026-03-02T00:00:00Z", END),
    );
    expect(statuses).toEqual([{ requirementId: id("final"), status: "pending" }]);
  });

  it("§5 events for unknown requirement ids are ignored without throwing", () => {
    const statuses = evaluateRequirements(
      [customReq("essay")],
      [
        recorded("2026-03-01T00:00:00Z", "nope", "failed"),
        attempt("2026-03-01T00:00:00Z", "ghost-exam", "declined"),
        graded("2026-03-01T00:00:00Z", "ghost-exam", 1),
        reviewed("2026-03-01T00:00:00Z", "ghost-exam", "clean"),
        reverif("2026-03-01T00:00:00Z", "ghost-check", "skipped"),
      ],
      ctx("2026-03-02T00:00:00Z", END),
    );
    expect(statuses).toEqual([{ requirementId: id("essay"), status: "pending" }]);
  });

  it("§5 a policy with no active requirements gives no statuses", () => {
    expect(evaluateRequirements([], [grade("2026-03-01T00:00:00Z", 1)], ctx("2026-03-02T00:00:00Z"))).toEqual([]);
  });

  it("§5 events after now are ignored (evaluation as of now)", () => {
    const statuses = evaluateRequirements(policy, steps, ctx("2026-04-30T23:59:59.999Z", END));
    expect(statuses).toEqual([
      { requirementId: id("grade"), status: "pending" },
      { requirementId: id("final-exam"), status: "pending" },
    ]);
  });

  it("§2 events are taken in time order, equal instants in log order", () => {
    const a = evaluateRequirements(
      [customReq("essay")],
      [recorded("2026-03-02T00:00:00Z", "essay", "submitted"), recorded("2026-03-01T00:00:00Z", "essay", "satisfied")],
      ctx("2026-03-03T00:00:00Z"),
    );
    expect(a[0]).toMatchObject({ status: "submitted", at: t("2026-03-02T00:00:00Z") });
    const tie = (first: "submitted" | "satisfied", second: "submitted" | "satisfied") =>
      evaluateRequirements(
        [customReq("essay")],
        [recorded("2026-03-01T00:00:00Z", "essay", first), recorded("2026-03-01T00:00:00Z", "essay", second)],
        ctx("2026-03-03T00:00:00Z"),
      )[0]?.status;
    expect(tie("submitted", "satisfied")).toBe("satisfied");
    expect(tie("satisfied", "submitted")).toBe("submitted");
  });

  it("§5.1 derived failure: endsAt passed, every requirement judged from now without new events", () => {
    const statuses = evaluateRequirements(
      [gradeReq(), examReq("final"), reverReq("check", "2026-04-01T00:00:00Z"), customReq("essay")],
      [],
      ctx("2026-07-01T00:00:00Z", END),
    );
    expect(statuses).toEqual([
      { requirementId: id("grade"), status: "failed", at: t(END), reason: { code: "below-minimum", minimum: 0.8 } },
      { requirementId: id("final"), status: "failed", at: t(END), reason: { code: "missed" } },
      { requirementId: id("check"), status: "failed", at: t("2026-04-01T00:00:00Z"), reason: { code: "missed" } },
      { requirementId: id("essay"), status: "pending" },
    ]);
  });

  it("§5 the input events are not modified", () => {
    const events = [grade("2026-03-02T00:00:00Z", 0.9), grade("2026-03-01T00:00:00Z", 0.5)];
    const copy = [...events];
    evaluateRequirements([gradeReq()], events, ctx("2026-03-03T00:00:00Z"));
    expect(events).toEqual(copy);
  });
});

describe("§5 shared helpers", () => {
  it("§5.1 isPassing: grade >= minimum - 1e-9", () => {
    expect(PASS_TOLERANCE).toBe(1e-9);
    expect(isPassing(0.8, 0.8)).toBe(true);
    expect(isPassing(0.8 - 1e-10, 0.8)).toBe(true);
    expect(isPassing(0.8 - 1e-8, 0.8)).toBe(false);
    expect(isPassing(Number.NaN, 0)).toBe(false);
  });

  it("§2 eventsAsOf drops events after now and invalid instants, sorts stably by instant", () => {
    const a = recorded("2026-03-02T00:00:00Z", "a", "failed");
    const b = recorded("2026-03-01T00:00:00Z", "b", "failed");
    const c = recorded("2026-03-01T00:00:00Z", "c", "failed");
    const late = recorded("2026-03-04T00:00:00Z", "d", "failed");
    const invalid = { ...recorded("2026-03-01T00:00:00Z", "e", "failed"), at: new Date(Number.NaN) };
    expect(eventsAsOf([a, late, b, invalid, c], t("2026-03-03T00:00:00Z"))).toEqual([b, c, a]);
  });

  it("§5 toRequirementStatus leaves `at` out for pending and leaves absent fields out", () => {
    expect(toRequirementStatus(id("x"), "pending", t("2026-03-01T00:00:00Z"), { code: "recorded" })).toEqual({
      requirementId: id("x"),
      status: "pending",
      reason: { code: "recorded" },
    });
    expect(Object.keys(toRequirementStatus(id("x"), "failed"))).toEqual(["requirementId", "status"]);
    expect(toRequirementStatus(id("x"), "failed", t("2026-03-01T00:00:00Z"))).toEqual({
      requirementId: id("x"),
      status: "failed",
      at: t("2026-03-01T00:00:00Z"),
    });
  });
});

import { describe, expect, it } from "vitest";
import type { RequirementStatusName } from "../../src/journey/events.js";
import { evaluateCustomRequirement } from "../../src/requirements/index.js";
import { ctx, customReq, grade, id, recorded, t } from "./helpers.js";

const req = customReq("essay");
const T1 = "2026-05-01T10:00:00Z";
const T2 = "2026-05-02T10:00:00Z";
const T3 = "2026-05-03T10:00:00Z";
const NOW = "2026-06-01T00:00:00Z";

describe("§5.4 custom requirement", () => {
  it("§5.4 nothing recorded → pending with no reason", () => {
    expect(evaluateCustomRequirement(req, [], ctx(NOW))).toEqual({ requirementId: id("essay"), status: "pending" });
  });

  it.each<RequirementStatusName>(["submitted", "satisfied", "failed", "declined"])(
    "§5.4 requirement-recorded sets any status: %s",
    (status) => {
      expect(evaluateCustomRequirement(req, [recorded(T1, "essay", status)], ctx(NOW))).toEqual({
        requirementId: id("essay"),
        status,
        at: t(T1),
        reason: { code: "recorded" },
      });
    },
  );

  it("§5.4 recording pending clears `at`", () => {
    expect(evaluateCustomRequirement(req, [recorded(T1, "essay", "satisfied"), recorded(T2, "essay", "pending")], ctx(NOW))).toEqual({
      requirementId: id("essay"),
      status: "pending",
      reason: { code: "recorded" },
    });
  });

  it("§5.4 satisfied never goes back to failed (Open edX test_set_credit_requirement_status_satisfied_to_failed): the failed recording changes nothing", () => {
    const s = evaluateCustomRequirement(req, [recorded(T1, "essay", "satisfied"), recorded(T2, "essay", "failed")], ctx(NOW));
    expect(s).toEqual({ requirementId: req.id, status: "satisfied", at: t(T1), reason: { code: "recorded" } });
    // Failed before satisfied still counts, and failed after a later move away from satisfied does too.
    expect(evaluateCustomRequirement(req, [recorded(T1, "essay", "failed"), recorded(T2, "essay", "satisfied")], ctx(NOW))).toMatchObject({ status: "satisfied", at: t(T2) });
    expect(
      evaluateCustomRequirement(req, [recorded(T1, "essay", "satisfied"), recorded(T2, "essay", "submitted"), recorded(T3, "essay", "failed")], ctx(NOW)),
    ).toMatchObject({ status: "failed", at: t(T3) });
  });

  it("§5.4 every other recording after satisfied still moves it: pending, submitted, declined", () => {
    for (const next of ["pending", "submitted", "declined"] as const) {
      const s = evaluateCustomRequirement(req, [recorded(T1, "essay", "satisfied"), recorded(T2, "essay", "failed"), recorded(T3, "essay", next)], ctx(NOW));
      expect(s.status, next).toBe(next);
      expect(s.at, next).toEqual(next === "pending" ? undefined : t(T3));
    }
  });

  it("§5.4 recording the same status again keeps the instant it was first reached", () => {
    const s = evaluateCustomRequirement(req, [recorded(T1, "essay", "satisfied"), recorded(T2, "essay", "satisfied")], ctx(NOW));
    expect(s).toMatchObject({ status: "satisfied", at: t(T1) });
  });

  it("§5.4 a status reached again after another one takes the new instant", () => {
    const s = evaluateCustomRequirement(
      req,
      [recorded(T1, "essay", "satisfied"), recorded(T2, "essay", "pending"), recorded(T3, "essay", "satisfied")],
      ctx(NOW),
    );
    expect(s).toMatchObject({ status: "satisfied", at: t(T3) });
  });

  it("§5.4 recordings for other ids, other kinds and after now are ignored", () => {
    const s = evaluateCustomRequirement(
      req,
      [recorded(T1, "other", "failed"), grade(T1, 1), recorded("2026-07-01T00:00:00Z", "essay", "satisfied")],
      ctx(NOW),
    );
    expect(s).toEqual({ requirementId: id("essay"), status: "pending" });
  });

  it("§5.4 equal instants keep log order", () => {
    expect(evaluateCustomRequirement(req, [recorded(T1, "essay", "satisfied"), recorded(T1, "essay", "submitted")], ctx(NOW)).status).toBe(
      "submitted",
    );
    expect(evaluateCustomRequirement(req, [recorded(T1, "essay", "failed"), recorded(T1, "essay", "satisfied")], ctx(NOW)).status).toBe(
      "satisfied",
    );
  });

  it("§5.4 course end does not affect a custom requirement", () => {
    expect(evaluateCustomRequirement(req, [], ctx(NOW, "2026-05-01T00:00:00Z")).status).toBe("pending");
  });
});

import { describe, expect, it } from "vitest";
import { evaluateGradeRequirement, latestPassingGrade } from "../../src/requirements/index.js";
import { attempt, ctx, grade, gradeReq, id, recorded, t } from "./helpers.js";

const END = "2026-06-30T23:59:00Z";
const BEFORE = "2026-05-01T10:00:00Z";
const AFTER = "2026-07-15T10:00:00Z";
const LATER = "2026-08-01T00:00:00Z";

describe("§5.1 grade requirement", () => {
  it("§5.1 before endsAt, passing grade → satisfied, reason finalGrade = this grade", () => {
    expect(evaluateGradeRequirement(gradeReq(), [grade(BEFORE, 0.85)], ctx("2026-05-02T00:00:00Z", END))).toEqual({
      requirementId: id("grade"),
      status: "satisfied",
      at: t(BEFORE),
      reason: { code: "final-grade", finalGrade: 0.85 },
    });
  });

  it("§5.1 with no end (self-paced), a passing grade → satisfied", () => {
    const s = evaluateGradeRequirement(gradeReq(), [grade("2030-01-01T00:00:00Z", 0.9)], ctx("2030-01-02T00:00:00Z"));
    expect(s.status).toBe("satisfied");
    expect(s.reason).toEqual({ code: "final-grade", finalGrade: 0.9 });
  });

  it("§5.1 with no end, failing grades stay pending forever", () => {
    const s = evaluateGradeRequirement(gradeReq(), [grade("2026-01-01T00:00:00Z", 0.1)], ctx("2099-01-01T00:00:00Z"));
    expect(s).toEqual({ requirementId: id("grade"), status: "pending" });
  });

  it("§5.1 before endsAt, failing grade → unchanged (pending, the learner still has time)", () => {
    expect(evaluateGradeRequirement(gradeReq(), [grade(BEFORE, 0.72)], ctx("2026-05-02T00:00:00Z", END))).toEqual({
      requirementId: id("grade"),
      status: "pending",
    });
  });

  it("§5.1 before endsAt, a failing grade after a passing one leaves it satisfied (finalGrade unchanged)", () => {
    const s = evaluateGradeRequirement(
      gradeReq(),
      [grade(BEFORE, 0.85), grade("2026-05-10T00:00:00Z", 0.5)],
      ctx("2026-05-11T00:00:00Z", END),
    );
    expect(s).toEqual({ requirementId: id("grade"), status: "satisfied", at: t(BEFORE), reason: { code: "final-grade", finalGrade: 0.85 } });
  });

  it("§5.1 a later passing grade moves finalGrade and keeps `at` at the first satisfied instant", () => {
    const s = evaluateGradeRequirement(
      gradeReq(),
      [grade(BEFORE, 0.85), grade("2026-05-10T00:00:00Z", 0.5), grade("2026-05-20T00:00:00Z", 0.95)],
      ctx("2026-06-01T00:00:00Z", END),
    );
    expect(s).toEqual({ requirementId: id("grade"), status: "satisfied", at: t(BEFORE), reason: { code: "final-grade", finalGrade: 0.95 } });
  });

  it("§5.1 at or after endsAt, not yet satisfied, passing grade → failed with reason late", () => {
    const s = evaluateGradeRequirement(gradeReq(), [grade(BEFORE, 0.5), grade(AFTER, 0.9)], ctx(LATER, END));
    expect(s).toEqual({ requirementId: id("grade"), status: "failed", at: t(END), reason: { code: "late", grade: 0.9 } });
  });

  it("§5.1 at or after endsAt, not yet satisfied, failing grade → failed with reason below-minimum", () => {
    const s = evaluateGradeRequirement(gradeReq(), [grade(AFTER, 0.6)], ctx(LATER, END));
    expect(s).toEqual({
      requirementId: id("grade"),
      status: "failed",
      at: t(END),
      reason: { code: "below-minimum", grade: 0.6, minimum: 0.8 },
    });
  });

  it("§5.1 a grade stamped exactly at endsAt counts as after the end (late)", () => {
    const s = evaluateGradeRequirement(gradeReq(), [grade(END, 0.9)], ctx(LATER, END));
    expect(s.status).toBe("failed");
    expect(s.reason).toEqual({ code: "late", grade: 0.9 });
  });

  it("§5.1 a grade one millisecond before endsAt still counts as before the end", () => {
    const s = evaluateGradeRequirement(gradeReq(), [grade("2026-06-30T23:58:59.999Z", 0.9)], ctx(LATER, END));
    expect(s.status).toBe("satisfied");
  });

  it("§5.1 after endsAt the failure reason follows the latest grade (late pass, then a lower regrade)", () => {
    const s = evaluateGradeRequirement(gradeReq(), [grade(AFTER, 0.9), grade("2026-07-20T00:00:00Z", 0.7)], ctx(LATER, END));
    expect(s).toEqual({
      requirementId: id("grade"),
      status: "failed",
      at: t(END),
      reason: { code: "below-minimum", grade: 0.7, minimum: 0.8 },
    });
  });

  it("§5.1 at or after endsAt, already satisfied → stays satisfied; finalGrade moves on a passing grade", () => {
    const s = evaluateGradeRequirement(gradeReq(), [grade(BEFORE, 0.85), grade(AFTER, 0.92)], ctx(LATER, END));
    expect(s).toEqual({ requirementId: id("grade"), status: "satisfied", at: t(BEFORE), reason: { code: "final-grade", finalGrade: 0.92 } });
  });

  it("§5.1 at or after endsAt, already satisfied → a failing grade changes nothing", () => {
    const s = evaluateGradeRequirement(gradeReq(), [grade(BEFORE, 0.85), grade(AFTER, 0.3)], ctx(LATER, END));
    expect(s).toEqual({ requirementId: id("grade"), status: "satisfied", at: t(BEFORE), reason: { code: "final-grade", finalGrade: 0.85 } });
  });

  it("§5.1 endsAt passed and no grade ever → failed derived from now, at endsAt, below-minimum without grade", () => {
    expect(evaluateGradeRequirement(gradeReq(), [], ctx(LATER, END))).toEqual({
      requirementId: id("grade"),
      status: "failed",
      at: t(END),
      reason: { code: "below-minimum", minimum: 0.8 },
    });
  });

  it("§5.1 endsAt passed and only failing grades before it → failed at endsAt with the last grade", () => {
    const s = evaluateGradeRequirement(gradeReq(), [grade(BEFORE, 0.7), grade("2026-06-01T00:00:00Z", 0.75)], ctx(LATER, END));
    expect(s).toEqual({
      requirementId: id("grade"),
      status: "failed",
      at: t(END),
      reason: { code: "below-minimum", grade: 0.75, minimum: 0.8 },
    });
  });

  it("§5.1 now exactly at endsAt: the deadline is closed, so failed is derived", () => {
    expect(evaluateGradeRequirement(gradeReq(), [grade(BEFORE, 0.7)], ctx(END, END)).status).toBe("failed");
  });

  it("§5.1 now one millisecond before endsAt: still pending", () => {
    expect(evaluateGradeRequirement(gradeReq(), [grade(BEFORE, 0.7)], ctx("2026-06-30T23:58:59.999Z", END)).status).toBe("pending");
  });

  it("§5.1 grade exactly at minGrade is satisfied", () => {
    expect(evaluateGradeRequirement(gradeReq(0.8), [grade(BEFORE, 0.8)], ctx(BEFORE, END)).status).toBe("satisfied");
  });

  it("§5.1 grade at minGrade - 1e-10 passes (within the 1e-9 tolerance)", () => {
    expect(evaluateGradeRequirement(gradeReq(0.8), [grade(BEFORE, 0.8 - 1e-10)], ctx(BEFORE, END)).status).toBe("satisfied");
  });

  it("§5.1 grade at minGrade - 1e-8 fails (outside the tolerance)", () => {
    expect(evaluateGradeRequirement(gradeReq(0.8), [grade(BEFORE, 0.8 - 1e-8)], ctx(BEFORE, END)).status).toBe("pending");
  });

  it("§5.1 floating-point sums at the minimum pass (0.1 + 0.7 vs 0.8)", () => {
    expect(evaluateGradeRequirement(gradeReq(0.8), [grade(BEFORE, 0.1 + 0.7)], ctx(BEFORE, END)).status).toBe("satisfied");
  });

  it("§5.1 minGrade 0: any grade passes; minGrade 1: only 1 passes", () => {
    expect(evaluateGradeRequirement(gradeReq(0), [grade(BEFORE, 0)], ctx(BEFORE, END)).status).toBe("satisfied");
    expect(evaluateGradeRequirement(gradeReq(1), [grade(BEFORE, 0.999)], ctx(BEFORE, END)).status).toBe("pending");
    expect(evaluateGradeRequirement(gradeReq(1), [grade(BEFORE, 1)], ctx(BEFORE, END)).status).toBe("satisfied");
  });

  it("§5.1 NaN grade never passes", () => {
    expect(evaluateGradeRequirement(gradeReq(0), [grade(BEFORE, Number.NaN)], ctx(BEFORE, END)).status).toBe("pending");
  });

  it("§5.1 Feb 29 endsAt: a grade on Feb 29 before the end counts, one on Mar 1 is late", () => {
    const end = "2028-02-29T23:59:00Z";
    const onTime = evaluateGradeRequirement(gradeReq(), [grade("2028-02-29T12:00:00Z", 0.9)], ctx("2028-03-05T00:00:00Z", end));
    expect(onTime).toMatchObject({ status: "satisfied", at: t("2028-02-29T12:00:00Z") });
    const late = evaluateGradeRequirement(gradeReq(), [grade("2028-03-01T00:00:00Z", 0.9)], ctx("2028-03-05T00:00:00Z", end));
    expect(late).toEqual({ requirementId: id("grade"), status: "failed", at: t(end), reason: { code: "late", grade: 0.9 } });
  });

  it("§5.1 events after now are ignored (evaluation as of now)", () => {
    expect(evaluateGradeRequirement(gradeReq(), [grade("2026-05-03T00:00:00Z", 0.9)], ctx("2026-05-02T00:00:00Z", END)).status).toBe(
      "pending",
    );
    expect(evaluateGradeRequirement(gradeReq(), [grade("2026-05-02T00:00:00Z", 0.9)], ctx("2026-05-02T00:00:00Z", END)).status).toBe(
      "satisfied",
    );
  });

  it("§5.1 equal instants keep log order: the later passing grade in the log is the finalGrade", () => {
    const a = evaluateGradeRequirement(gradeReq(), [grade(BEFORE, 0.9), grade(BEFORE, 0.85)], ctx(BEFORE, END));
    const b = evaluateGradeRequirement(gradeReq(), [grade(BEFORE, 0.85), grade(BEFORE, 0.9)], ctx(BEFORE, END));
    expect(a.reason).toEqual({ code: "final-grade", finalGrade: 0.85 });
    expect(b.reason).toEqual({ code: "final-grade", finalGrade: 0.9 });
  });

  it("§5.1 grades are taken in time order even when the log lists a later grade first", () => {
    const s = evaluateGradeRequirement(gradeReq(), [grade(AFTER, 0.9), grade(BEFORE, 0.85)], ctx(LATER, END));
    expect(s).toEqual({ requirementId: id("grade"), status: "satisfied", at: t(BEFORE), reason: { code: "final-grade", finalGrade: 0.9 } });
  });

  it("§5.1 events of other kinds are skipped", () => {
    const s = evaluateGradeRequirement(
      gradeReq(),
      [attempt(BEFORE, "final", "submitted"), recorded(BEFORE, "grade", "satisfied")],
      ctx(BEFORE, END),
    );
    expect(s).toEqual({ requirementId: id("grade"), status: "pending" });
  });
});

describe("§5.1/§6 latestPassingGrade", () => {
  it("§5.1 latestPassingGrade is undefined while the grade requirement is not satisfied", () => {
    expect(latestPassingGrade(gradeReq(), [grade(BEFORE, 0.5)], ctx(LATER, END))).toBeUndefined();
    expect(latestPassingGrade(gradeReq(), [grade(AFTER, 0.9)], ctx(LATER, END))).toBeUndefined();
  });

  it("§5.1 latestPassingGrade follows passing grades after endsAt once satisfied, and skips failing ones", () => {
    const events = [grade(BEFORE, 0.85), grade(AFTER, 0.9), grade("2026-07-20T00:00:00Z", 0.4)];
    expect(latestPassingGrade(gradeReq(), events, ctx(LATER, END))).toBe(0.9);
  });

  it("§5.1 latestPassingGrade is evaluated as of now", () => {
    const events = [grade(BEFORE, 0.85), grade(AFTER, 0.9)];
    expect(latestPassingGrade(gradeReq(), events, ctx("2026-07-01T00:00:00Z", END))).toBe(0.85);
    expect(latestPassingGrade(gradeReq(), events, ctx(AFTER, END))).toBe(0.9);
  });
});

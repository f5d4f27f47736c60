import { describe, expect, it } from "vitest";
import { evaluateIdentityReverification } from "../../src/requirements/index.js";
import { ctx, grade, id, reverif, reverReq, t } from "./helpers.js";

const DUE = "2026-04-01T00:00:00Z";
const req = reverReq("check", DUE);
const T1 = "2026-03-10T10:00:00Z";
const T2 = "2026-03-12T10:00:00Z";
const T3 = "2026-03-20T10:00:00Z";
const NOW = "2026-03-25T00:00:00Z";
const AFTER_DUE = "2026-04-10T00:00:00Z";

describe("§5.3 identity reverification", () => {
  it("§5.3 nothing yet, before dueAt → pending", () => {
    expect(evaluateIdentityReverification(req, [], ctx(NOW))).toEqual({ requirementId: id("check"), status: "pending" });
  });

  it("§5.3 submitted → submitted", () => {
    expect(evaluateIdentityReverification(req, [reverif(T1, "check", "submitted")], ctx(NOW))).toEqual({
      requirementId: id("check"),
      status: "submitted",
      at: t(T1),
      reason: { code: "reverification", result: "submitted" },
    });
  });

  it("§5.3 approved → satisfied", () => {
    const s = evaluateIdentityReverification(req, [reverif(T1, "check", "submitted"), reverif(T2, "check", "approved")], ctx(NOW));
    expect(s).toEqual({ requirementId: id("check"), status: "satisfied", at: t(T2), reason: { code: "reverification", result: "approved" } });
  });

  it("§5.3 approved without a submitted notice (the LMS skipped it) → satisfied", () => {
    expect(evaluateIdentityReverification(req, [reverif(T1, "check", "approved")], ctx(NOW)).status).toBe("satisfied");
  });

  it("§5.3 denied → failed", () => {
    const s = evaluateIdentityReverification(req, [reverif(T1, "check", "submitted"), reverif(T2, "check", "denied")], ctx(NOW));
    expect(s).toEqual({ requirementId: id("check"), status: "failed", at: t(T2), reason: { code: "reverification", result: "denied" } });
  });

  it("§5.3 a new submitted before dueAt after a denial moves it back to submitted", () => {
    const s = evaluateIdentityReverification(
      req,
      [reverif(T1, "check", "submitted"), reverif(T2, "check", "denied"), reverif(T3, "check", "submitted")],
      ctx(NOW),
    );
    expect(s).toEqual({ requirementId: id("check"), status: "submitted", at: t(T3), reason: { code: "reverification", result: "submitted" } });
  });

  it("§5.3 a new submitted at dueAt after a denial is ignored (the due date is exclusive)", () => {
    const s = evaluateIdentityReverification(
      req,
      [reverif(T1, "check", "submitted"), reverif(T2, "check", "denied"), reverif(DUE, "check", "submitted")],
      ctx(AFTER_DUE),
    );
    expect(s).toEqual({ requirementId: id("check"), status: "failed", at: t(T2), reason: { code: "reverification", result: "denied" } });
  });

  it("§5.3 skipped → declined", () => {
    expect(evaluateIdentityReverification(req, [reverif(T1, "check", "skipped")], ctx(NOW))).toEqual({
      requirementId: id("check"),
      status: "declined",
      at: t(T1),
      reason: { code: "reverification", result: "skipped" },
    });
  });

  it("§5.3 declined stays declined: later submissions and approvals are ignored", () => {
    const s = evaluateIdentityReverification(
      req,
      [reverif(T1, "check", "skipped"), reverif(T2, "check", "submitted"), reverif(T3, "check", "approved")],
      ctx(AFTER_DUE),
    );
    expect(s).toMatchObject({ status: "declined", at: t(T1) });
  });

  it("§5.3 system-error → no change (retry)", () => {
    const s = evaluateIdentityReverification(req, [reverif(T1, "check", "submitted"), reverif(T2, "check", "system-error")], ctx(NOW));
    expect(s).toEqual({ requirementId: id("check"), status: "submitted", at: t(T1), reason: { code: "reverification", result: "submitted" } });
    expect(evaluateIdentityReverification(req, [reverif(T1, "check", "system-error")], ctx(NOW))).toEqual({
      requirementId: id("check"),
      status: "pending",
    });
  });

  it("§5.3 dueAt passed with nothing submitted → failed, reason missed, at dueAt", () => {
    expect(evaluateIdentityReverification(req, [], ctx(AFTER_DUE))).toEqual({
      requirementId: id("check"),
      status: "failed",
      at: t(DUE),
      reason: { code: "missed" },
    });
  });

  it("§5.3 now exactly at dueAt with nothing submitted → failed (deadline closed); one millisecond before → pending", () => {
    expect(evaluateIdentityReverification(req, [], ctx(DUE)).status).toBe("failed");
    expect(evaluateIdentityReverification(req, [], ctx("2026-03-31T23:59:59.999Z")).status).toBe("pending");
  });

  it("§5.3 dueAt passed with only system errors → missed", () => {
    expect(evaluateIdentityReverification(req, [reverif(T1, "check", "system-error")], ctx(AFTER_DUE)).reason).toEqual({ code: "missed" });
  });

  it("§5.3 a first submission at or after dueAt does not count → missed", () => {
    for (const at of [DUE, "2026-04-02T00:00:00Z"]) {
      expect(evaluateIdentityReverification(req, [reverif(at, "check", "submitted")], ctx(AFTER_DUE))).toEqual({
        requirementId: id("check"),
        status: "failed",
        at: t(DUE),
        reason: { code: "missed" },
      });
    }
  });

  it("§5.3 a result after dueAt with no submission before it does not count → missed", () => {
    const s = evaluateIdentityReverification(req, [reverif("2026-04-02T00:00:00Z", "check", "approved")], ctx(AFTER_DUE));
    expect(s.reason).toEqual({ code: "missed" });
  });

  it("§5.3 skipping after dueAt does not count → missed", () => {
    const s = evaluateIdentityReverification(req, [reverif("2026-04-02T00:00:00Z", "check", "skipped")], ctx(AFTER_DUE));
    expect(s).toMatchObject({ status: "failed", reason: { code: "missed" } });
  });

  it("§5.3 a submission made before dueAt still waits after dueAt", () => {
    expect(evaluateIdentityReverification(req, [reverif(T1, "check", "submitted")], ctx(AFTER_DUE))).toMatchObject({
      status: "submitted",
      at: t(T1),
    });
  });

  it("§5.3 a submission made before dueAt is still judged when its result arrives later (approved)", () => {
    const s = evaluateIdentityReverification(
      req,
      [reverif(T1, "check", "submitted"), reverif("2026-04-03T00:00:00Z", "check", "approved")],
      ctx(AFTER_DUE),
    );
    expect(s).toEqual({
      requirementId: id("check"),
      status: "satisfied",
      at: t("2026-04-03T00:00:00Z"),
      reason: { code: "reverification", result: "approved" },
    });
  });

  it("§5.3 a submission made before dueAt is still judged when its result arrives later (denied)", () => {
    const s = evaluateIdentityReverification(
      req,
      [reverif(T1, "check", "submitted"), reverif("2026-04-03T00:00:00Z", "check", "denied")],
      ctx(AFTER_DUE),
    );
    expect(s).toMatchObject({ status: "failed", at: t("2026-04-03T00:00:00Z"), reason: { result: "denied" } });
  });

  it("§5.3 a result exactly at dueAt for a submission before it counts", () => {
    const s = evaluateIdentityReverification(req, [reverif(T1, "check", "submitted"), reverif(DUE, "check", "approved")], ctx(AFTER_DUE));
    expect(s).toMatchObject({ status: "satisfied", at: t(DUE) });
  });

  it("§5.3 resubmitting while submitted keeps the first `at`", () => {
    const s = evaluateIdentityReverification(req, [reverif(T1, "check", "submitted"), reverif(T2, "check", "submitted")], ctx(NOW));
    expect(s).toMatchObject({ status: "submitted", at: t(T1) });
  });

  it("§5.3 without dueAt, nothing submitted stays pending forever", () => {
    expect(evaluateIdentityReverification(reverReq("open"), [], ctx("2099-01-01T00:00:00Z"))).toEqual({
      requirementId: id("open"),
      status: "pending",
    });
  });

  it("§5.3 without dueAt, a submission at any time counts", () => {
    expect(evaluateIdentityReverification(reverReq("open"), [reverif("2098-01-01T00:00:00Z", "open", "submitted")], ctx("2099-01-01T00:00:00Z")).status).toBe(
      "submitted",
    );
  });

  it("§5.3 Feb 29 dueAt: a submission on Feb 29 before the due time counts, one on Mar 1 does not", () => {
    const leap = reverReq("leap", "2028-02-29T23:59:00Z");
    const now = "2028-03-02T00:00:00Z";
    expect(evaluateIdentityReverification(leap, [reverif("2028-02-29T23:00:00Z", "leap", "submitted")], ctx(now)).status).toBe("submitted");
    expect(evaluateIdentityReverification(leap, [reverif("2028-03-01T00:00:00Z", "leap", "submitted")], ctx(now))).toEqual({
      requirementId: id("leap"),
      status: "failed",
      at: t("2028-02-29T23:59:00Z"),
      reason: { code: "missed" },
    });
  });

  it("§5.3 events for other checkpoints, other kinds and after now are ignored", () => {
    const s = evaluateIdentityReverification(
      req,
      [reverif(T1, "other", "skipped"), grade(T1, 1), reverif("2026-03-30T00:00:00Z", "check", "approved")],
      ctx(NOW),
    );
    expect(s).toEqual({ requirementId: id("check"), status: "pending" });
  });

  it("§5.3 equal instants keep log order", () => {
    const a = evaluateIdentityReverification(req, [reverif(T1, "check", "denied"), reverif(T1, "check", "approved")], ctx(NOW));
    const b = evaluateIdentityReverification(req, [reverif(T1, "check", "approved"), reverif(T1, "check", "submitted")], ctx(NOW));
    expect(a.status).toBe("satisfied");
    expect(b.status).toBe("submitted");
  });

  it("§5.3 an approved checkpoint never goes back to failed: a later denial is kept in the log and changes nothing", () => {
    const s = evaluateIdentityReverification(req, [reverif(T1, "check", "approved"), reverif(T2, "check", "denied")], ctx(NOW));
    expect(s).toEqual({ requirementId: req.id, status: "satisfied", at: t(T1), reason: { code: "reverification", result: "approved" } });
    // A new submission still moves it, and that submission can then be denied.
    const again = evaluateIdentityReverification(req, [reverif(T1, "check", "approved"), reverif(T2, "check", "submitted"), reverif(T3, "check", "denied")], ctx(NOW));
    expect(again).toMatchObject({ status: "failed", at: t(T3) });
  });
});

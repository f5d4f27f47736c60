import { evaluateEligibility } from "../eligibility/evaluate.js";
import type { CourseId, LearnerId, ProviderId, RequestId, RequirementId } from "../ids/index.js";
import type { RequirementStatusName } from "../journey/events.js";
import type { Requirement } from "../policy/index.js";
import type { Provider } from "../providers/model.js";
import type { CreditDecision } from "../purchase/index.js";
import type { RequirementReason } from "../requirements/types.js";
import { err, ok, type Result } from "../result/index.js";
import { attempt, learnerCourses, load, type Loaded, type ServiceContext } from "./context.js";
import { checkIds } from "./ids.js";

/** A learner's credit request in one course (Open edX `get_credit_requests_for_user`). */
export interface CreditRequestSummary {
  readonly requestId: RequestId;
  readonly courseId: CourseId;
  readonly provider: { readonly id: ProviderId; readonly displayName: string };
  readonly status: "pending" | CreditDecision;
  /** First issue. */
  readonly requestedAt: Date;
  /** Latest issue (the `timestamp` the provider received). */
  readonly issuedAt: Date;
  readonly decidedAt?: Date;
}

/** A course where the learner may purchase credit now (Open edX `get_eligibilities_for_user`). */
export interface EligibilitySummary {
  readonly courseId: CourseId;
  readonly grantedAt: Date;
  /** Exclusive purchase deadline (extensions included). */
  readonly deadline: Date;
}

/** One requirement's status, in policy order (Open edX `get_credit_requirement_status`). */
export interface RequirementStatusEntry {
  readonly kind: Requirement["kind"];
  readonly id: RequirementId;
  readonly displayName: string;
  /** The requirement as the policy defines it (its criteria). */
  readonly requirement: Requirement;
  readonly status: RequirementStatusName;
  /** When the status was reached (absent for `pending`). */
  readonly at?: Date;
  readonly reason?: RequirementReason;
  /** Position among the course's requirements, from 0. */
  readonly order: number;
}

/** Filter of `requirementStatuses` (Open edX `namespace` and `name`). */
export interface RequirementFilter {
  readonly kind?: Requirement["kind"];
  readonly id?: string;
}

/** Internal: the loaded logs of every course the learner has one in, by course id. */
async function learnerLogs(ctx: ServiceContext, learnerId: LearnerId): Promise<Result<readonly Loaded[]>> {
  const courses = await learnerCourses(ctx, learnerId);
  if (!courses.ok) return courses;
  const out: Loaded[] = [];
  for (const courseId of courses.value) {
    const loaded = await load(ctx, learnerId, courseId);
    if (!loaded.ok) return loaded;
    if (loaded.value.version > 0) out.push(loaded.value);
  }
  return ok(out);
}

/** Internal: the learner's credit requests across courses, by course id. */
export async function creditRequests(ctx: ServiceContext, learnerId: LearnerId): Promise<Result<readonly CreditRequestSummary[]>> {
  const logs = await learnerLogs(ctx, learnerId);
  if (!logs.ok) return logs;
  const providers = await attempt("catalog", () => ctx.ports.catalog.providers());
  if (!providers.ok) return providers;
  return ok(
    logs.value.flatMap(({ record }) => {
      const r = record.purchase.request;
      if (r === null) return [];
      const displayName = providers.value.find((p) => p.id === r.providerId)?.displayName ?? r.providerId;
      return [
        {
          requestId: r.requestId,
          courseId: record.courseId,
          provider: { id: r.providerId, displayName },
          status: r.status,
          requestedAt: r.requestedAt,
          issuedAt: r.issuedAt,
          ...(r.status === "pending" ? {} : { decidedAt: r.decidedAt }),
        },
      ];
    }),
  );
}

/** Internal: the courses where the learner is `eligible` now. */
export async function eligibilities(ctx: ServiceContext, learnerId: LearnerId): Promise<Result<readonly EligibilitySummary[]>> {
  const logs = await learnerLogs(ctx, learnerId);
  if (!logs.ok) return logs;
  return ok(
    logs.value.flatMap(({ record, policy, now }) => {
      const grant = record.grant;
      return grant !== undefined && evaluateEligibility(policy, record, now).status === "eligible" ? [{ courseId: record.courseId, grantedAt: grant.at, deadline: grant.deadline }] : [];
    }),
  );
}

/** Internal: active providers, all or those named, in catalog order. */
export async function providers(ctx: ServiceContext, ids?: unknown): Promise<Result<readonly Provider[]>> {
  if (ids !== undefined && !(Array.isArray(ids) && ids.every((id) => typeof id === "string"))) {
    return err("invalid-input", "Invalid provider ids: expected an array of strings");
  }
  const all = await attempt("catalog", () => ctx.ports.catalog.providers());
  if (!all.ok) return all;
  const wanted = ids === undefined ? undefined : new Set<unknown>(ids);
  return ok(all.value.filter((p) => p.active && (wanted === undefined || wanted.has(p.id))));
}

/** Internal: the statuses of a course's active requirements (frozen at the grant), filtered. */
export async function requirementStatuses(
  ctx: ServiceContext,
  learnerId: LearnerId,
  courseId: CourseId,
  filter: RequirementFilter = {},
): Promise<Result<readonly RequirementStatusEntry[]>> {
  const ids = checkIds(learnerId, courseId);
  if (!ids.ok) return ids;
  const { kind, id } = (filter ?? {}) as { kind?: unknown; id?: unknown };
  if ((kind !== undefined && typeof kind !== "string") || (id !== undefined && typeof id !== "string")) {
    return err("invalid-input", "Invalid requirement filter: kind and id must be strings");
  }
  const loaded = await load(ctx, learnerId, courseId);
  if (!loaded.ok) return loaded;
  const { policy, record, now } = loaded.value;
  const out: RequirementStatusEntry[] = [];
  for (const [order, s] of evaluateEligibility(policy, record, now).requirements.entries()) {
    const requirement = policy.requirements.find((r) => r.id === s.requirementId);
    if (requirement === undefined || (kind !== undefined && requirement.kind !== kind) || (id !== undefined && requirement.id !== id)) continue;
    out.push({
      kind: requirement.kind,
      id: requirement.id,
      displayName: requirement.displayName,
      requirement,
      status: s.status,
      ...(s.at === undefined ? {} : { at: s.at }),
      ...(s.reason === undefined ? {} : { reason: s.reason }),
      order,
    });
  }
  return ok(out);
}

import { evaluateEligibility, type EligibilityEvaluation } from "../eligibility/evaluate.js";
import { toProgressView, type ProgressView } from "../eligibility/progress.js";
import type { CourseId, LearnerId } from "../ids/index.js";
import type { LearnerRecord } from "../journey/record.js";
import {
  checkoutOptions as toCheckoutOptions,
  dashboardTile,
  purchaseStatus,
  toProviderLookup,
  type CheckoutOption,
  type DashboardTile,
  type PurchaseStatus,
} from "../purchase/index.js";
import { errorTile } from "../purchase/dashboard.js";
import { err, ok, type Result } from "../result/index.js";
import { attempt, learnerCourses, load, type ServiceContext } from "./context.js";
import { checkIds } from "./ids.js";

/** Everything known about one learner in one course at the service clock's `now`. */
export interface LearnerCourseState {
  readonly record: LearnerRecord;
  readonly eligibility: EligibilityEvaluation;
  readonly purchase: PurchaseStatus;
  readonly dashboard: DashboardTile;
  /** Stored version of the learner's log. */
  readonly version: number;
}

/** Internal: the full state of a learner in a course. */
export async function getState(ctx: ServiceContext, learnerId: LearnerId, courseId: CourseId): Promise<Result<LearnerCourseState>> {
  const ids = checkIds(learnerId, courseId);
  if (!ids.ok) return ids;
  const loaded = await load(ctx, learnerId, courseId);
  if (!loaded.ok) return loaded;
  const providers = await attempt("catalog", () => ctx.ports.catalog.providers());
  if (!providers.ok) return providers;
  const { record, policy, learner, now, version } = loaded.value;
  const timeZone = learner.timeZone ?? "UTC";
  const eligibility = evaluateEligibility(policy, record, now, { timeZone });
  const lookup = toProviderLookup(providers.value);
  const purchaseElig = record.grant === undefined || !policy.enabled ? ({ granted: false } as const) : ({ granted: true, deadline: record.grant.deadline } as const);
  return ok({
    record,
    eligibility,
    purchase: purchaseStatus(record.purchase, purchaseElig, now),
    dashboard: dashboardTile({
      eligibility: eligibility.status,
      ...(record.grant === undefined ? {} : { deadline: record.grant.deadline }),
      purchase: record.purchase,
      providers: lookup,
      policy,
      timeZone,
    }),
    version,
  });
}

/** Internal: the progress page's credit section in the learner's zone. */
export async function progress(ctx: ServiceContext, learnerId: LearnerId, courseId: CourseId): Promise<Result<ProgressView>> {
  const ids = checkIds(learnerId, courseId);
  if (!ids.ok) return ids;
  const loaded = await load(ctx, learnerId, courseId);
  if (!loaded.ok) return loaded;
  const { policy, record, now, learner } = loaded.value;
  const timeZone = learner.timeZone ?? "UTC";
  return ok(toProgressView(policy, evaluateEligibility(policy, record, now, { timeZone }), { timeZone }));
}

/**
 * Internal: one tile per course in which the learner has a log (the store says which, whatever the
 * catalog lists), in course id order. A course the catalog no longer knows gets an `error` tile.
 */
export async function dashboard(ctx: ServiceContext, learnerId: LearnerId): Promise<Result<readonly DashboardTile[]>> {
  const courses = await learnerCourses(ctx, learnerId);
  if (!courses.ok) return courses;
  const tiles: DashboardTile[] = [];
  for (const courseId of courses.value) {
    const policy = await attempt("catalog", () => ctx.ports.catalog.policy(courseId));
    if (!policy.ok) return policy;
    if (policy.value === undefined) {
      tiles.push(errorTile({ courseId, courseTitle: courseId }, "unknown-course"));
      continue;
    }
    const state = await getState(ctx, learnerId, courseId);
    if (!state.ok) return state;
    tiles.push(state.value.dashboard);
  }
  return ok(tiles);
}

/** Internal: the multi-provider checkout page for an eligible learner. */
export async function checkoutOptions(ctx: ServiceContext, learnerId: LearnerId, courseId: CourseId): Promise<Result<readonly CheckoutOption[]>> {
  const ids = checkIds(learnerId, courseId);
  if (!ids.ok) return ids;
  const loaded = await load(ctx, learnerId, courseId);
  if (!loaded.ok) return loaded;
  const { record, policy, learner } = loaded.value;
  if (record.grant === undefined) return err("not-eligible", "The learner has not been granted credit eligibility in this course");
  const providers = await attempt("catalog", () => ctx.ports.catalog.providers());
  if (!providers.ok) return providers;
  return ok(
    toCheckoutOptions(policy, toProviderLookup(providers.value), record.grant.deadline, {
      timeZone: learner.timeZone ?? "UTC",
      ...(learner.locale === undefined ? {} : { locale: learner.locale }),
    }),
  );
}

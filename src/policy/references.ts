import type { LearnerEvent } from "../journey/events.js";
import type { Provider } from "../providers/model.js";
import type { Issue } from "../result/index.js";
import type { CoursePolicy, Requirement } from "./index.js";

/**
 * Finds the offers of a policy that name a provider missing from `providers` (an offer for an
 * unknown provider can never be bought, so it must not be silently dropped). Inactive providers
 * are known. Each problem is an issue at its JSON path, under `path`.
 *
 * @param policy - the course policy (or just its offers).
 * @param providers - every provider of the catalog.
 * @param path - where the policy sits in the input (default: the root).
 * @returns one issue per offer naming an unknown provider, in offer order (empty when all are known).
 * @example
 * ```ts
 * import { findUnknownProviders, parsePolicy } from "academic-credit";
 * const policy = parsePolicy({
 *   courseId: "c", title: "T", requirements: [],
 *   offers: [{ providerId: "harvard", price: { amount: 100, currency: "USD" }, creditHours: 3 }],
 * });
 * if (policy.ok) findUnknownProviders(policy.value, [], ["policies", 0]);
 * // [{ path: ["policies", 0, "offers", 0, "providerId"], message: 'unknown provider "harvard": no provider has this id' }]
 * ```
 */
export function findUnknownProviders(
  policy: Pick<CoursePolicy, "offers">,
  providers: readonly Pick<Provider, "id">[],
  path: readonly (string | number)[] = [],
): Issue[] {
  const known = new Set<string>(providers.map((p) => p.id));
  const issues: Issue[] = [];
  policy.offers.forEach((offer, i) => {
    if (!known.has(offer.providerId)) issues.push({ path: [...path, "offers", i, "providerId"], message: `unknown provider "${offer.providerId}": no provider has this id` });
  });
  return issues;
}

/**
 * A fact that was stored but that the current policy cannot use: an event naming an exam,
 * checkpoint or custom requirement the policy does not have. The log keeps it (the log is the
 * truth: a later policy may add that requirement); the outcome says so.
 *
 * @example
 * ```ts
 * import type { EventWarning } from "academic-credit";
 * const w: EventWarning = {
 *   code: "unknown-requirement", field: "examId", requirementId: "midterm",
 *   message: 'The policy has no proctored-exam requirement "midterm": the event is stored but changes nothing',
 * };
 * ```
 */
export interface EventWarning {
  readonly code: "unknown-requirement";
  /** The event field that names it. */
  readonly field: "examId" | "checkpointId" | "requirementId";
  readonly requirementId: string;
  readonly message: string;
}

/** The field that names a requirement, and the kind it must be, by event type. */
const NAMES: Readonly<Record<string, readonly [EventWarning["field"], Requirement["kind"]]>> = {
  "exam-attempt": ["examId", "proctored-exam"],
  "exam-graded": ["examId", "proctored-exam"],
  "exam-reviewed": ["examId", "proctored-exam"],
  reverification: ["checkpointId", "identity-reverification"],
  "requirement-recorded": ["requirementId", "custom"],
};

/**
 * Checks the requirement an event names against the policy: an exam event needs a proctored exam
 * with that id, a `reverification` an identity-reverification checkpoint, a `requirement-recorded`
 * a custom requirement (docs/rules.md §5). Inactive requirements count as known.
 *
 * @param policy - the course policy.
 * @param event - a parsed LMS event.
 * @returns one `unknown-requirement` warning, or none.
 * @example
 * ```ts
 * import { findUnknownRequirements, parsePolicy, toRequirementId } from "academic-credit";
 * const policy = parsePolicy({ courseId: "c", title: "T", requirements: [], offers: [] });
 * if (policy.ok) findUnknownRequirements(policy.value, { type: "exam-graded", examId: toRequirementId("midterm"), score: 0.9 })[0]?.code;
 * // "unknown-requirement"
 * ```
 */
export function findUnknownRequirements(policy: Pick<CoursePolicy, "requirements">, event: LearnerEvent): EventWarning[] {
  const names = NAMES[event.type];
  if (names === undefined) return [];
  const [field, kind] = names;
  const id = (event as unknown as Readonly<Record<string, string>>)[field] as string;
  if (policy.requirements.some((r) => r.kind === kind && r.id === id)) return [];
  return [{ code: "unknown-requirement", field, requirementId: id, message: `The policy has no ${kind} requirement "${id}": the event is stored but changes nothing` }];
}

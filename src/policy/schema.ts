import * as z from "zod/mini";
import type { CourseId, ProviderId, RequirementId } from "../ids/index.js";
import { parseWith, strictObject } from "../result/parse.js";
import type { Result } from "../result/index.js";
import type { Duration } from "../time/index.js";
import { durationSchema, instantSchema } from "../time/schema.js";
import {
  DEFAULT_ELIGIBLE_MODES,
  EDX_ELIGIBLE_MODES,
  type CoursePolicy,
  type Requirement,
  type ReviewResult,
} from "./index.js";

const idString = /* @__PURE__ */ (() =>
  z.string().check(z.minLength(1, { error: "must not be empty" }), z.maxLength(255, { error: "at most 255 characters" })))();
const unit = /* @__PURE__ */ (() =>
  z.number().check(z.gte(0, { error: "must be between 0 and 1" }), z.lte(1, { error: "must be between 0 and 1" })))();
const displayName = /* @__PURE__ */ (() => z.string().check(z.minLength(1)))();
const active = /* @__PURE__ */ (() => z.optional(z.boolean()))();

/** Schema of a review result. Internal. */
export const reviewResultSchema = /* @__PURE__ */ (() =>
  z.enum(["clean", "rules-violation", "suspicious", "not-reviewed"]))();

const requirementInput = /* @__PURE__ */ (() =>
  z.discriminatedUnion("kind", [
    strictObject({
      kind: z.literal("grade"),
      id: idString,
      displayName: z.optional(z.string()),
      minGrade: z.optional(unit),
      active,
    }),
    strictObject({
      kind: z.literal("proctored-exam"),
      id: idString,
      displayName,
      passingScore: unit,
      active,
    }),
    strictObject({
      kind: z.literal("identity-reverification"),
      id: idString,
      displayName,
      dueAt: z.optional(instantSchema),
      active,
    }),
    strictObject({
      kind: z.literal("custom"),
      id: idString,
      displayName,
      active,
    }),
  ]))();

const currencySchema = /* @__PURE__ */ (() =>
  z.string().check(z.regex(/^[A-Z]{3}$/, { error: "expected an ISO 4217 currency code such as USD" })))();

/** Schema of a price. Internal. */
export const moneySchema = /* @__PURE__ */ (() =>
  strictObject({
    amount: z.number().check(z.int({ error: "amount must be an integer number of minor units" }), z.nonnegative()),
    currency: currencySchema,
  }))();

const offerInput = /* @__PURE__ */ (() =>
  strictObject({
    providerId: z.string().check(z.regex(/^[A-Za-z0-9-]+$/, { error: "provider id must match ^[A-Za-z0-9-]+$" })),
    price: moneySchema,
    creditHours: z.number().check(z.positive()),
  }))();

/** Schema of a policy as JSON (before defaults). Internal. */
export const policyInputSchema = /* @__PURE__ */ (() =>
  strictObject({
      preset: z.optional(z.literal("edx")),
      courseId: idString,
      title: z.string().check(z.minLength(1, { error: "must not be empty" })),
      enabled: z.optional(z.boolean()),
      endsAt: z.optional(instantSchema),
      eligibleModes: z.optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1))),
      requireInitialVerification: z.optional(z.boolean()),
      requirements: z.array(requirementInput),
      purchaseWindow: z.optional(strictObject({ anchor: z.enum(["course-end", "eligibility"]), length: durationSchema })),
      offers: z.array(offerInput),
      proctoring: z.optional(
        strictObject({
          passingReviewResults: z.optional(z.array(reviewResultSchema)),
          requireSecondReview: z.optional(z.boolean()),
          declineCascades: z.optional(z.boolean()),
          requireScore: z.optional(z.boolean()),
        }),
      ),
    })
    .check(
      z.superRefine((p, ctx) => {
        const seen = new Set<string>();
        p.requirements.forEach((r, i) => {
          if (seen.has(r.id)) ctx.addIssue({ code: "custom", path: ["requirements", i, "id"], message: `duplicate requirement id "${r.id}"` });
          seen.add(r.id);
        });
        const providers = new Set<string>();
        p.offers.forEach((o, i) => {
          if (providers.has(o.providerId))
            ctx.addIssue({ code: "custom", path: ["offers", i, "providerId"], message: `duplicate offer for provider "${o.providerId}"` });
          providers.add(o.providerId);
        });
      }),
    ))();

/** A requirement as JSON, before defaults (docs/rules.md §5). */
export type RequirementInput =
  | { readonly kind: "grade"; readonly id: string; readonly displayName?: string; readonly minGrade?: number; readonly active?: boolean }
  | { readonly kind: "proctored-exam"; readonly id: string; readonly displayName: string; readonly passingScore: number; readonly active?: boolean }
  | { readonly kind: "identity-reverification"; readonly id: string; readonly displayName: string; readonly dueAt?: string; readonly active?: boolean }
  | { readonly kind: "custom"; readonly id: string; readonly displayName: string; readonly active?: boolean };

/**
 * The JSON shape of a course credit policy (docs/rules.md §3), as accepted by {@link parsePolicy}.
 * Instants are ISO-8601 strings with an offset.
 */
export interface CoursePolicyInput {
  readonly preset?: "edx";
  readonly courseId: string;
  readonly title: string;
  /** Whether the course offers credit now (default `true`). */
  readonly enabled?: boolean;
  readonly endsAt?: string;
  readonly eligibleModes?: readonly string[];
  readonly requireInitialVerification?: boolean;
  readonly requirements: readonly RequirementInput[];
  readonly purchaseWindow?: {
    readonly anchor: "course-end" | "eligibility";
    readonly length: Readonly<Partial<Record<"years" | "months" | "weeks" | "days" | "hours" | "minutes" | "seconds", number>>>;
  };
  readonly offers: readonly {
    readonly providerId: string;
    readonly price: { readonly amount: number; readonly currency: string };
    readonly creditHours: number;
  }[];
  readonly proctoring?: {
    readonly passingReviewResults?: readonly ReviewResult[];
    readonly requireSecondReview?: boolean;
    readonly declineCascades?: boolean;
    readonly requireScore?: boolean;
  };
}

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
// Compile-time check that the written-out input type accepts what the schema accepts.
const inputMatchesSchema: Equals<keyof CoursePolicyInput, keyof z.input<typeof policyInputSchema>> = true;
void inputMatchesSchema;

function cleanDuration(d: Readonly<Record<string, number | undefined>>): Duration {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(d)) if (v !== undefined) out[k] = v;
  return out as Duration;
}

/** Applies the defaults of docs/rules.md §3 (and the `edx` preset) to a parsed policy. Internal. */
export function resolvePolicy(p: z.output<typeof policyInputSchema>): CoursePolicy {
  const edx = p.preset === "edx";
  const requirements: Requirement[] = p.requirements.map((r): Requirement => {
    const id = r.id as RequirementId;
    const active = r.active ?? true;
    switch (r.kind) {
      case "grade":
        return { kind: "grade", id, displayName: r.displayName ?? "Minimum grade", minGrade: r.minGrade ?? 0.8, active };
      case "proctored-exam":
        return { kind: "proctored-exam", id, displayName: r.displayName, passingScore: r.passingScore, active };
      case "identity-reverification":
        return r.dueAt === undefined
          ? { kind: "identity-reverification", id, displayName: r.displayName, active }
          : { kind: "identity-reverification", id, displayName: r.displayName, dueAt: r.dueAt, active };
      case "custom":
        return { kind: "custom", id, displayName: r.displayName, active };
    }
  });
  const passingDefault: readonly ReviewResult[] = edx ? ["clean", "rules-violation"] : ["clean"];
  const base = {
    courseId: p.courseId as CourseId,
    title: p.title,
    enabled: p.enabled ?? true,
    eligibleModes: p.eligibleModes ?? (edx ? EDX_ELIGIBLE_MODES : DEFAULT_ELIGIBLE_MODES),
    requireInitialVerification: p.requireInitialVerification ?? true,
    requirements,
    purchaseWindow: p.purchaseWindow
      ? { anchor: p.purchaseWindow.anchor, length: cleanDuration(p.purchaseWindow.length) }
      : edx
        ? { anchor: "eligibility" as const, length: { days: 365 } }
        : { anchor: "course-end" as const, length: { years: 1 } },
    offers: p.offers.map((o) => ({
      providerId: o.providerId as ProviderId,
      price: { amount: o.price.amount, currency: o.price.currency },
      creditHours: o.creditHours,
    })),
    proctoring: {
      passingReviewResults: p.proctoring?.passingReviewResults ?? passingDefault,
      requireSecondReview: p.proctoring?.requireSecondReview ?? true,
      declineCascades: p.proctoring?.declineCascades ?? true,
      requireScore: p.proctoring?.requireScore ?? !edx,
    },
  };
  return p.endsAt === undefined ? base : { ...base, endsAt: p.endsAt };
}

/** The zod schema of a policy, with defaults applied on parse. Internal. */
export const policySchema = /* @__PURE__ */ (() =>
  z.pipe(policyInputSchema, z.transform(resolvePolicy)))();

/**
 * Parses a course credit policy from JSON (docs/rules.md §3) and applies its defaults and the `edx`
 * preset. Never throws.
 *
 * @param input - untrusted JSON.
 * @returns the policy, or `invalid-input` with the JSON path of each problem.
 * @example
 * ```ts
 * import { parsePolicy } from "academic-credit";
 * const r = parsePolicy({
 *   courseId: "course-v1:MITx+6.002x+2026_T1",
 *   title: "Circuits and Electronics",
 *   requirements: [{ kind: "grade", id: "grade", minGrade: 0.8 }],
 *   offers: [{ providerId: "asu", price: { amount: 60000, currency: "USD" }, creditHours: 3 }],
 * });
 * if (r.ok) r.value.eligibleModes; // ["verified"]
 * ```
 */
export function parsePolicy(input: unknown): Result<CoursePolicy> {
  return parseWith(policySchema, input, "course policy");
}

import * as z from "zod";
import type { LearnerId } from "../ids/index.js";
import { learnerEventSchema } from "../journey/schema.js";
import type { LearnerEvent } from "../journey/events.js";
import { policySchema } from "../policy/schema.js";
import type { LearnerProfile } from "../ports/index.js";
import { PROVIDER_ID_PATTERN, providersSchema } from "../providers/schema.js";
import { ERROR_CODES, type ErrorCode } from "../result/index.js";
import { instantSchema, timeZoneSchema } from "../time/schema.js";
import { isoInstant } from "./describe.js";
import type { Scenario, ScenarioCommand, ScenarioExpectation, ScenarioStep } from "./types.js";
import {
  DASHBOARD_STATUSES,
  ELIGIBILITY_STATUSES,
  EMAIL_TEMPLATES,
  PURCHASE_STATUSES,
  REQUIREMENT_STATUSES,
} from "./vocabulary.js";

const nonEmpty = (what: string) =>
  z.string({ error: `expected ${what} as a string` }).min(1, { error: "must not be empty" });

const learnerSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    id: nonEmpty("the learner id").max(255, { error: "at most 255 characters" }),
    username: nonEmpty("a username"),
    email: nonEmpty("an email address"),
    fullName: nonEmpty("a full name"),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, { error: "expected an ISO 3166 country code such as GB" })
      .optional(),
    timeZone: timeZoneSchema.optional(),
  }))();

const providerIdString = /* @__PURE__ */ (() =>
  z.string().regex(PROVIDER_ID_PATTERN, { error: "provider id must match ^[A-Za-z0-9-]+$" }))();

const providerKeysSchema = /* @__PURE__ */ (() =>
  z.record(providerIdString, z.array(z.string({ error: "expected a key as a string" }), { error: "expected an ordered list of keys" })))();

const commandSchema = /* @__PURE__ */ (() =>
  z.discriminatedUnion("type", [
    z.strictObject({
      type: z.literal("start-checkout"),
      providerId: z.string(),
      method: z.enum(["card", "paypal"]),
      idempotencyKey: z.string(),
    }),
    z
      .strictObject({
        type: z.literal("payment-result"),
        outcome: z.enum(["succeeded", "failed", "cancelled"]),
        checkoutId: z.string().optional(),
        idempotencyKey: z.string().optional(),
        paymentId: z.string().optional(),
        amount: z.number().optional(),
        currency: z.string().optional(),
      })
      .superRefine((c, ctx) => {
        if (c.checkoutId !== undefined && c.idempotencyKey !== undefined) {
          ctx.addIssue({ code: "custom", path: ["idempotencyKey"], message: "give either checkoutId or idempotencyKey, not both" });
        }
      }),
    z.strictObject({ type: z.literal("request-credit") }),
    z.strictObject({
      type: z.literal("provider-callback"),
      status: z.enum(["approved", "rejected", "pending"]),
      providerId: z.string().optional(),
      requestId: z.string().optional(),
      timestampOffsetSeconds: z.number().int({ error: "expected a whole number of seconds" }).optional(),
      signWith: z.enum(["valid", "older-key", "wrong-key", "none"]).optional(),
    }),
    z.strictObject({ type: z.literal("record-decision"), status: z.enum(["approved", "rejected"]) }),
    z.strictObject({ type: z.literal("refund") }),
    z.strictObject({ type: z.literal("send-due-reminders") }),
  ]))();

const expectSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    eligibility: z.enum(ELIGIBILITY_STATUSES).optional(),
    requirements: z.record(z.string().min(1), z.enum(REQUIREMENT_STATUSES)).optional(),
    purchase: z.enum(PURCHASE_STATUSES).optional(),
    dashboard: z.enum(DASHBOARD_STATUSES).optional(),
    deadline: instantSchema.optional(),
    emails: z.array(z.enum(EMAIL_TEMPLATES)).optional(),
  }))();

const errorCodeSchema = /* @__PURE__ */ (() => z.enum(ERROR_CODES as unknown as readonly [ErrorCode, ...ErrorCode[]]))();

const stepObjectSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    at: instantSchema,
    event: learnerEventSchema.optional(),
    command: commandSchema.optional(),
    expect: expectSchema.optional(),
    expectError: errorCodeSchema.optional(),
  }))();

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function toStep(s: z.output<typeof stepObjectSchema>): ScenarioStep {
  const expectError = s.expectError === undefined ? {} : { expectError: s.expectError };
  if (s.event !== undefined) return { kind: "event", at: s.at, event: withoutUndefined(s.event) as LearnerEvent, ...expectError };
  if (s.command !== undefined) return { kind: "command", at: s.at, command: withoutUndefined(s.command) as ScenarioCommand, ...expectError };
  const e = s.expect ?? {};
  const expect: ScenarioExpectation = withoutUndefined({
    eligibility: e.eligibility,
    requirements: e.requirements,
    purchase: e.purchase,
    dashboard: e.dashboard,
    deadline: e.deadline,
    emails: e.emails,
  }) as ScenarioExpectation;
  return { kind: "expect", at: s.at, expect };
}

const stepSchema = /* @__PURE__ */ (() =>
  stepObjectSchema
    .superRefine((s, ctx) => {
      const present = (["event", "command", "expect"] as const).filter((k) => s[k] !== undefined);
      if (present.length !== 1) {
        ctx.addIssue({
          code: "custom",
          path: [],
          message:
            present.length === 0
              ? "a step needs one of event, command or expect"
              : `a step has exactly one of event, command or expect (found ${present.join(" and ")})`,
        });
      } else if (s.expect !== undefined && s.expectError !== undefined) {
        ctx.addIssue({ code: "custom", path: ["expectError"], message: "expectError belongs on an event or command step, not on expect" });
      }
    })
    .transform(toStep))();

/** Adds an issue at every step that is earlier than the step before it. Internal. */
export function checkStepOrder(
  instants: readonly (Date | undefined)[],
  report: (index: number, message: string) => void,
): void {
  let previous: Date | undefined;
  instants.forEach((at, i) => {
    if (at === undefined) return;
    if (previous !== undefined && at.getTime() < previous.getTime()) {
      report(i, `step is earlier than the step before it (${isoInstant(previous)}); steps must be in time order`);
    }
    previous = at;
  });
}

function toLearner(l: z.output<typeof learnerSchema>): LearnerProfile {
  return {
    id: l.id as LearnerId,
    username: l.username,
    email: l.email,
    fullName: l.fullName,
    ...(l.country === undefined ? {} : { country: l.country }),
    ...(l.timeZone === undefined ? {} : { timeZone: l.timeZone }),
  };
}

/**
 * The zod schema of a scenario file (SCENARIOS.md), parsing into a {@link Scenario}: `policy`
 * (DOMAIN.md §3, `preset` included), `providers` (§7), `providerKeys`, `learner` and time-ordered
 * `steps`, each with `at` and exactly one of `event`, `command`, `expect`. `$schema` may name the
 * JSON Schema the file follows. Prefer {@link parseScenario}, which answers a `Result`.
 *
 * @example
 * ```ts
 * import { scenarioSchema } from "academic-credit/scenarios";
 * scenarioSchema.safeParse({ name: "empty" }).success; // false
 * ```
 */
export const scenarioSchema = /* @__PURE__ */ (() =>
  z
    .strictObject({
      $schema: z.string().optional(),
      name: nonEmpty("the scenario's name"),
      policy: policySchema,
      providers: providersSchema,
      providerKeys: providerKeysSchema.optional(),
      learner: learnerSchema,
      steps: z.array(stepSchema, { error: "expected a list of steps" }).superRefine((steps, ctx) => {
        // Runs even when some steps are invalid (their values are then unparsed): skip those.
        checkStepOrder(
          steps.map((s: unknown) => {
            const at = typeof s === "object" && s !== null ? (s as { readonly at?: unknown }).at : undefined;
            return at instanceof Date ? at : undefined;
          }),
          (i, message) => ctx.addIssue({ code: "custom", path: [i, "at"], message }),
        );
      }),
    })
    .meta({
      title: "academic-credit scenario",
      description: "One learner's journey through one credit course, replayed through the real service (SCENARIOS.md).",
    })
    .transform(
      (s): Scenario => ({
        name: s.name,
        policy: s.policy,
        providers: s.providers,
        providerKeys: s.providerKeys ?? {},
        learner: toLearner(s.learner),
        steps: s.steps,
      }),
    ))();

import * as z from "zod/mini";
import type { LearnerId } from "../ids/index.js";
import { learnerEventSchema } from "../journey/schema.js";
import type { LearnerEvent } from "../journey/events.js";
import { policySchema } from "../policy/schema.js";
import type { LearnerProfile } from "../ports/index.js";
import { PROVIDER_ID_PATTERN, providersSchema } from "../providers/schema.js";
import { ERROR_CODES, type ErrorCode } from "../result/index.js";
import { strictObject } from "../result/parse.js";
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
  z.string({ error: `expected ${what} as a string` }).check(z.minLength(1, { error: "must not be empty" }));

const learnerSchema = /* @__PURE__ */ (() =>
  strictObject({
    id: nonEmpty("the learner id").check(z.maxLength(255, { error: "at most 255 characters" })),
    username: nonEmpty("a username"),
    email: nonEmpty("an email address"),
    fullName: nonEmpty("a full name"),
    country: z.optional(z.string().check(z.regex(/^[A-Z]{2}$/, { error: "expected an ISO 3166 country code such as GB" }))),
    timeZone: z.optional(timeZoneSchema),
  }))();

const providerIdString = /* @__PURE__ */ (() =>
  z.string().check(z.regex(PROVIDER_ID_PATTERN, { error: "provider id must match ^[A-Za-z0-9-]+$" })))();

const providerKeysSchema = /* @__PURE__ */ (() =>
  z.record(providerIdString, z.array(z.string({ error: "expected a key as a string" }), { error: "expected an ordered list of keys" })))();

const commandSchema = /* @__PURE__ */ (() =>
  z.discriminatedUnion("type", [
    strictObject({
      type: z.literal("start-checkout"),
      providerId: z.string(),
      method: z.enum(["card", "paypal"]),
      idempotencyKey: z.string(),
    }),
    strictObject({
        type: z.literal("payment-result"),
        outcome: z.enum(["succeeded", "failed", "cancelled"]),
        checkoutId: z.optional(z.string()),
        idempotencyKey: z.optional(z.string()),
        paymentId: z.optional(z.string()),
        amount: z.optional(z.number()),
        currency: z.optional(z.string()),
      })
      .check(
        z.superRefine((c, ctx) => {
          if (c.checkoutId !== undefined && c.idempotencyKey !== undefined) {
            ctx.addIssue({ code: "custom", path: ["idempotencyKey"], message: "give either checkoutId or idempotencyKey, not both" });
          }
        }),
      ),
    strictObject({ type: z.literal("request-credit") }),
    strictObject({
      type: z.literal("provider-callback"),
      status: z.enum(["approved", "rejected", "pending"]),
      providerId: z.optional(z.string()),
      requestId: z.optional(z.string()),
      timestampOffsetSeconds: z.optional(z.number().check(z.int({ error: "expected a whole number of seconds" }))),
      signWith: z.optional(z.enum(["valid", "older-key", "wrong-key", "none"])),
    }),
    strictObject({ type: z.literal("record-decision"), status: z.enum(["approved", "rejected"]) }),
    strictObject({ type: z.literal("refund") }),
    strictObject({ type: z.literal("send-due-reminders") }),
  ]))();

const expectSchema = /* @__PURE__ */ (() =>
  strictObject({
    eligibility: z.optional(z.enum(ELIGIBILITY_STATUSES)),
    requirements: z.optional(z.record(z.string().check(z.minLength(1)), z.enum(REQUIREMENT_STATUSES))),
    purchase: z.optional(z.enum(PURCHASE_STATUSES)),
    dashboard: z.optional(z.enum(DASHBOARD_STATUSES)),
    deadline: z.optional(instantSchema),
    emails: z.optional(z.array(z.enum(EMAIL_TEMPLATES))),
  }))();

const errorCodeSchema = /* @__PURE__ */ (() => z.enum(ERROR_CODES as unknown as readonly [ErrorCode, ...ErrorCode[]]))();

const stepObjectSchema = /* @__PURE__ */ (() =>
  strictObject({
    at: instantSchema,
    event: z.optional(learnerEventSchema),
    command: z.optional(commandSchema),
    expect: z.optional(expectSchema),
    expectError: z.optional(errorCodeSchema),
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
  z.pipe(
    stepObjectSchema.check(
      z.superRefine((s, ctx) => {
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
      }),
    ),
    z.transform(toStep),
  ))();

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
 * The zod schema of a scenario file (docs/scenarios.md), parsing into a {@link Scenario}: `policy`
 * (docs/rules.md §3, `preset` included), `providers` (§7), `providerKeys`, `learner` and time-ordered
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
  z.pipe(
    strictObject({
        $schema: z.optional(z.string()),
        name: nonEmpty("the scenario's name"),
        policy: policySchema,
        providers: providersSchema,
        providerKeys: z.optional(providerKeysSchema),
        learner: learnerSchema,
        steps: z.array(stepSchema, { error: "expected a list of steps" }).check(
          z.superRefine((steps, ctx) => {
            // Runs even when some steps are invalid (their values are then unparsed): skip those.
            checkStepOrder(
              steps.map((s: unknown) => {
                const at = typeof s === "object" && s !== null ? (s as { readonly at?: unknown }).at : undefined;
                return at instanceof Date ? at : undefined;
              }),
              (i, message) => ctx.addIssue({ code: "custom", path: [i, "at"], message }),
            );
          }),
        ),
      })
      .register(z.globalRegistry, {
        title: "academic-credit scenario",
        description: "One learner's journey through one credit course, replayed through the real service (docs/scenarios.md).",
      }),
    z.transform(
      (s): Scenario => ({
        name: s.name,
        policy: s.policy,
        providers: s.providers,
        providerKeys: s.providerKeys ?? {},
        learner: toLearner(s.learner),
        steps: s.steps,
      }),
    ),
  ))();

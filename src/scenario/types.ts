import type { EligibilityStatus } from "../eligibility/evaluate.js";
import type { LearnerEvent, RequirementStatusName } from "../journey/events.js";
import type { EmailTemplate } from "../notifications/index.js";
import type { CoursePolicy } from "../policy/index.js";
import type { LearnerProfile } from "../ports/index.js";
import type { Provider } from "../providers/model.js";
import type { CreditDecision, DashboardTile, PaymentMethod, PaymentOutcome, PurchaseStatus } from "../purchase/index.js";
import type { EventWarning } from "../policy/references.js";
import type { ErrorCode, Issue } from "../result/index.js";

/**
 * How a scenario's `provider-callback` step signs its body: `valid` with the provider's first key,
 * `older-key` with its last key (rotation), `wrong-key` with a key the provider does not have,
 * `none` leaves the `signature` field out.
 *
 * @example
 * ```ts
 * import type { CallbackSigning } from "academic-credit/scenarios";
 * const signing: CallbackSigning = "older-key";
 * ```
 */
export type CallbackSigning = "valid" | "older-key" | "wrong-key" | "none";

/**
 * A command step of a scenario (docs/scenarios.md): a learner, payment or provider action of
 * docs/rules.md §8–§9, or `send-due-reminders` (the reminder scheduler of §10). Optional fields have
 * the defaults docs/scenarios.md describes.
 *
 * @example
 * ```ts
 * import type { ScenarioCommand } from "academic-credit/scenarios";
 * const pay: ScenarioCommand = { type: "payment-result", outcome: "succeeded" };
 * ```
 */
export type ScenarioCommand =
  | {
      readonly type: "start-checkout";
      readonly providerId: string;
      readonly method: PaymentMethod;
      readonly idempotencyKey: string;
    }
  | {
      readonly type: "payment-result";
      readonly outcome: PaymentOutcome;
      /** Default: the open checkout (else the latest one started). */
      readonly checkoutId?: string;
      /** Selects the checkout started with this key, instead of `checkoutId`. */
      readonly idempotencyKey?: string;
      /** Default: `pay-` + the checkout id. */
      readonly paymentId?: string;
      /** Default: the checkout's offer price. */
      readonly amount?: number;
      /** Default: the checkout's offer currency. */
      readonly currency?: string;
    }
  | { readonly type: "request-credit" }
  | {
      readonly type: "provider-callback";
      readonly status: "approved" | "rejected" | "pending";
      /** Default: the provider of the learner's latest credit request. */
      readonly providerId?: string;
      /** Default: the learner's latest credit request. */
      readonly requestId?: string;
      /** Added to the step's `at` to make the callback's timestamp (default 0). */
      readonly timestampOffsetSeconds?: number;
      /** Default `valid`. */
      readonly signWith?: CallbackSigning;
    }
  | { readonly type: "record-decision"; readonly status: CreditDecision }
  | { readonly type: "refund" }
  | { readonly type: "send-due-reminders" };

/**
 * What an `expect` step checks: any subset of the learner's state, and the template ids of every
 * message sent so far, in order.
 *
 * @example
 * ```ts
 * import type { ScenarioExpectation } from "academic-credit/scenarios";
 * const e: ScenarioExpectation = { purchase: "paid", dashboard: "must-request", emails: ["eligibility", "purchase-receipt"] };
 * ```
 */
export interface ScenarioExpectation {
  readonly eligibility?: EligibilityStatus;
  /** Requirement id → status. */
  readonly requirements?: Readonly<Record<string, RequirementStatusName>>;
  readonly purchase?: PurchaseStatus;
  readonly dashboard?: DashboardTile["status"];
  readonly deadline?: Date;
  readonly emails?: readonly EmailTemplate[];
}

/**
 * One step of a parsed scenario, tagged by `kind`.
 *
 * @example
 * ```ts
 * import type { ScenarioStep } from "academic-credit/scenarios";
 * const label = (s: ScenarioStep): string => (s.kind === "expect" ? "expect" : s.kind === "event" ? s.event.type : s.command.type);
 * ```
 */
export type ScenarioStep =
  | { readonly kind: "event"; readonly at: Date; readonly event: LearnerEvent; readonly expectError?: ErrorCode }
  | { readonly kind: "command"; readonly at: Date; readonly command: ScenarioCommand; readonly expectError?: ErrorCode }
  | { readonly kind: "expect"; readonly at: Date; readonly expect: ScenarioExpectation };

/**
 * A parsed scenario file (docs/scenarios.md): one learner's journey through one credit course, with the
 * policy and providers already resolved (defaults and the `edx` preset applied).
 *
 * @example
 * ```ts
 * import type { Scenario } from "academic-credit/scenarios";
 * const stepCount = (s: Scenario): number => s.steps.length;
 * ```
 */
export interface Scenario {
  readonly name: string;
  readonly policy: CoursePolicy;
  readonly providers: readonly Provider[];
  /** Provider id → ordered keys (served by the in-memory `ProviderKeys` port). */
  readonly providerKeys: Readonly<Record<string, readonly string[]>>;
  readonly learner: LearnerProfile;
  /** In time order. */
  readonly steps: readonly ScenarioStep[];
}

/**
 * The learner's state after a step, as a replay records it.
 *
 * @example
 * ```ts
 * import type { ScenarioState } from "academic-credit/scenarios";
 * const canBuy = (s: ScenarioState): boolean => s.purchase === "available";
 * ```
 */
export interface ScenarioState {
  readonly eligibility: EligibilityStatus;
  /** Every active requirement: id → status. */
  readonly requirements: Readonly<Record<string, RequirementStatusName>>;
  readonly purchase: PurchaseStatus;
  readonly dashboard: DashboardTile["status"];
  /** The purchase deadline as an ISO instant, or `null` before eligibility is granted. */
  readonly deadline: string | null;
}

/**
 * Fields of an expectation as a report shows them (instants as ISO strings, an absent requirement
 * as `null`).
 *
 * @example
 * ```ts
 * import type { ReportedExpectation } from "academic-credit/scenarios";
 * const shown: ReportedExpectation = { purchase: "checkout", requirements: { "final-exam": null } };
 * ```
 */
export interface ReportedExpectation {
  readonly eligibility?: EligibilityStatus;
  readonly requirements?: Readonly<Record<string, RequirementStatusName | null>>;
  readonly purchase?: PurchaseStatus;
  readonly dashboard?: DashboardTile["status"];
  readonly deadline?: string | null;
  readonly emails?: readonly string[];
}

/**
 * What happened at one step of a replay (the `--json` format of docs/scenarios.md, plus `action`,
 * `detail`, `expectError`, `failure`, `expected` and `actual`).
 *
 * @example
 * ```ts
 * import type { ScenarioStepReport } from "academic-credit/scenarios";
 * const line = (s: ScenarioStepReport): string => `${s.at} ${s.action} ${s.ok ? "ok" : s.failure ?? "failed"}`;
 * ```
 */
export interface ScenarioStepReport {
  /** The step's instant, ISO-8601 in UTC. */
  readonly at: string;
  readonly kind: ScenarioStep["kind"];
  /** One line saying what the step did, e.g. `grade-updated 0.85`. */
  readonly action: string;
  /** Whether the step held: done (or refused as expected), or every expectation met. */
  readonly ok: boolean;
  /** The refusal the service answered, if it refused. */
  readonly error?: { readonly code: ErrorCode; readonly message: string };
  /** The refusal the step expected. */
  readonly expectError?: ErrorCode;
  /** What the service answered when it accepted the step, e.g. `co-1 started`. */
  readonly detail?: string;
  /** What the policy could not use in an accepted event (the event is stored), e.g. an unknown exam id. */
  readonly warnings?: readonly EventWarning[];
  /** Why the step failed, in English. */
  readonly failure?: string;
  /** For a failed `expect`: the expected values of the fields that differ. */
  readonly expected?: ReportedExpectation;
  /** For a failed `expect`: the actual values of those fields. */
  readonly actual?: ReportedExpectation;
  /** The learner's state after the step. */
  readonly state: ScenarioState;
  /** Template ids of every message delivered so far, in order. */
  readonly emails: readonly string[];
}

/**
 * The outcome of replaying a scenario.
 *
 * @example
 * ```ts
 * import type { ScenarioReport } from "academic-credit/scenarios";
 * const failed = (r: ScenarioReport) => r.steps.filter((s) => !s.ok);
 * ```
 */
export interface ScenarioReport {
  readonly name: string;
  /** Whether every step held (and the scenario could be replayed). */
  readonly ok: boolean;
  readonly steps: readonly ScenarioStepReport[];
  /** Why the scenario could not be replayed at all (then `steps` is empty), e.g. `unknown-provider`. */
  readonly error?: { readonly code: ErrorCode; readonly message: string; readonly issues?: readonly Issue[] };
}

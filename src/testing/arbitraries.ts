import fc from "fast-check";
import type { CourseId, LearnerId, ProviderId } from "../ids/index.js";
import type { LearnerEvent } from "../journey/events.js";
import { parseLearnerEvent } from "../journey/schema.js";
import type { CoursePolicy, Money, ReviewResult } from "../policy/index.js";
import { parsePolicy, type CoursePolicyInput, type RequirementInput } from "../policy/schema.js";
import type { LearnerProfile } from "../ports/index.js";
import type { Provider } from "../providers/model.js";
import { parseProvider, type ProviderInput } from "../providers/schema.js";
import type { CreditDecision, PaymentMethod, PaymentOutcome } from "../purchase/types.js";

const DAY = 24 * 3600_000;

/** The instant arbitraries center on when no `around` is given: 2026-01-10T09:00:00Z. */
const DEFAULT_AROUND = Date.UTC(2026, 0, 10, 9, 0, 0);

/** IANA zones with unusual offsets (half hours, +14, southern-hemisphere DST) and the usual ones. */
const TIME_ZONES: readonly string[] = [
  "UTC",
  "Europe/London",
  "America/New_York",
  "America/Los_Angeles",
  "Asia/Kolkata",
  "Asia/Kathmandu",
  "Australia/Lord_Howe",
  "Pacific/Kiritimati",
  "Pacific/Chatham",
  "America/St_Johns",
];

const LOCALES: readonly string[] = ["en", "en-US", "en-GB", "de-DE", "fr-FR", "ja-JP", "ar-EG", "hi-IN", "zz-ZZ"];
const CURRENCIES: readonly string[] = ["USD", "EUR", "GBP", "JPY", "KWD", "INR", "CHF"];
const MODES: readonly string[] = ["verified", "audit", "honor", "professional", "no-id-professional", "credit"];
const REVIEW_RESULTS: readonly ReviewResult[] = ["clean", "rules-violation", "suspicious", "not-reviewed"];

function pad(n: number, width = 2): string {
  return String(Math.abs(n)).padStart(width, "0");
}

/** Writes an instant as ISO-8601 with the given UTC offset in minutes (`Z` for 0). */
function isoWithOffset(ms: number, offsetMinutes: number): string {
  if (offsetMinutes === 0) return new Date(ms).toISOString();
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes < 0 ? "-" : "+";
  return `${local}${sign}${pad(Math.trunc(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
}

/**
 * Options of the arbitraries that draw instants.
 *
 * @example
 * ```ts
 * import type { InstantArbitraryOptions } from "academic-credit/testing";
 * const options: InstantArbitraryOptions = { around: new Date("2026-01-10T09:00:00Z"), spreadDays: 200 };
 * ```
 */
export interface InstantArbitraryOptions {
  /** Instants are drawn around this one (default 2026-01-10T09:00:00Z). */
  readonly around?: Date;
  /** How far before and after `around`, in days (default 365). */
  readonly spreadDays?: number;
}

/**
 * ISO-8601 instants with an offset (`Z`, `+05:30`, `-08:00`, …) as policies and events carry them
 * at the boundary.
 *
 * @param options - where to center the instants and how far to spread them.
 * @returns an arbitrary of ISO-8601 strings that `parsePolicy` and `parseLearnerEvent` accept.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbitraryIsoInstant } from "academic-credit/testing";
 * fc.sample(arbitraryIsoInstant({ spreadDays: 30 }), 3); // e.g. ["2026-01-23T04:12:09.120+05:30", …]
 * ```
 */
export function arbitraryIsoInstant(options: InstantArbitraryOptions = {}): fc.Arbitrary<string> {
  const around = options.around?.getTime() ?? DEFAULT_AROUND;
  const spread = (options.spreadDays ?? 365) * DAY;
  return fc
    .tuple(
      fc.integer({ min: around - spread, max: around + spread }),
      fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: fc.constantFrom(-480, -210, 60, 330, 345, 840), weight: 1 }),
    )
    .map(([ms, offset]) => isoWithOffset(ms, offset));
}

/**
 * Course ids that parse as Open edX course keys: `course-v1:Org+Number+Run` or `Org/Number/Run`.
 *
 * @returns an arbitrary of branded course ids.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbitraryCourseId } from "academic-credit/testing";
 * fc.sample(arbitraryCourseId(), 2); // e.g. ["course-v1:MITx+6.002x+2026_T1", "HarvardX/CS50/2026"]
 * ```
 */
export function arbitraryCourseId(): fc.Arbitrary<CourseId> {
  const part = fc.oneof(
    { arbitrary: fc.constantFrom("MITx", "HarvardX", "6.002x", "CS50", "2026_T1", "1T2026", "Ünï-x", "a~b.c:d-e"), weight: 3 },
    { arbitrary: fc.stringMatching(/^[A-Za-z0-9_.~-]{1,12}$/), weight: 2 },
  );
  return fc
    .tuple(fc.boolean(), part, part, part)
    .map(([v1, org, num, run]) => (v1 ? `course-v1:${org}+${num}+${run}` : `${org}/${num}/${run}`) as CourseId);
}

/**
 * Provider ids as docs/rules.md §7 allows them: letters, digits and hyphens.
 *
 * @returns an arbitrary of branded provider ids.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbitraryProviderId } from "academic-credit/testing";
 * fc.sample(arbitraryProviderId(), 2); // e.g. ["asu", "x-9"]
 * ```
 */
export function arbitraryProviderId(): fc.Arbitrary<ProviderId> {
  return fc
    .oneof(
      { arbitrary: fc.constantFrom("asu", "hogwarts", "mit-credit", "A-1"), weight: 1 },
      { arbitrary: fc.stringMatching(/^[A-Za-z0-9-]{1,40}$/), weight: 2 },
    )
    .map((s) => s as ProviderId);
}

/**
 * Learner ids: non-empty strings of at most 255 characters, including non-ASCII and punctuation.
 *
 * @returns an arbitrary of branded learner ids.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbitraryLearnerId } from "academic-credit/testing";
 * fc.sample(arbitraryLearnerId(), 2); // e.g. ["42", "ü:ser/7"]
 * ```
 */
export function arbitraryLearnerId(): fc.Arbitrary<LearnerId> {
  return fc
    .oneof(
      { arbitrary: fc.integer({ min: 1, max: 10_000_000 }).map(String), weight: 2 },
      { arbitrary: fc.string({ minLength: 1, maxLength: 64, unit: "grapheme" }), weight: 1 },
    )
    .map((s) => s as LearnerId);
}

/**
 * Options of {@link arbitraryPolicyInput}.
 *
 * @example
 * ```ts
 * import type { PolicyArbitraryOptions } from "academic-credit/testing";
 * const options: PolicyArbitraryOptions = { courseId: "course-v1:MITx+6.002x+2026_T1", providerIds: ["asu", "hogwarts"] };
 * ```
 */
export interface PolicyArbitraryOptions extends InstantArbitraryOptions {
  /** A fixed course id (default: drawn by {@link arbitraryCourseId}). */
  readonly courseId?: string;
  /** Provider ids the offers are drawn from (default: drawn by {@link arbitraryProviderId}). */
  readonly providerIds?: readonly string[];
  /** Requirement ids are drawn from these first (default: `grade`, `final-exam`, `midterm`, `checkpoint-1`, `lab`). */
  readonly requirementIds?: readonly string[];
  /** At most this many requirements (default 4). */
  readonly maxRequirements?: number;
}

function optionalFields<T extends object>(arb: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return arb.map((o) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
    return out as T;
  });
}

const unitValue = fc.oneof(
  { arbitrary: fc.constantFrom(0, 0.5, 0.6, 0.75, 0.8, 0.85, 1), weight: 3 },
  { arbitrary: fc.double({ min: 0, max: 1, noNaN: true }), weight: 1 },
);

function requirementInputArbitrary(options: PolicyArbitraryOptions): fc.Arbitrary<RequirementInput> {
  const ids = options.requirementIds ?? ["grade", "final-exam", "midterm", "checkpoint-1", "lab"];
  const id = fc.oneof({ arbitrary: fc.constantFrom(...ids), weight: 5 }, { arbitrary: fc.string({ minLength: 1, maxLength: 24 }), weight: 1 });
  const name = fc.oneof({ arbitrary: fc.constantFrom("Final exam", "Midterm", "Photo check", "Lab report"), weight: 3 }, { arbitrary: fc.string({ minLength: 1, maxLength: 40 }), weight: 1 });
  const active = fc.option(fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 }), { nil: undefined });
  return fc.oneof(
    optionalFields(
      fc.record({
        kind: fc.constant("grade" as const),
        id,
        displayName: fc.option(name, { nil: undefined }),
        minGrade: fc.option(unitValue, { nil: undefined }),
        active,
      }),
    ),
    optionalFields(fc.record({ kind: fc.constant("proctored-exam" as const), id, displayName: name, passingScore: unitValue, active })),
    optionalFields(
      fc.record({
        kind: fc.constant("identity-reverification" as const),
        id,
        displayName: name,
        dueAt: fc.option(arbitraryIsoInstant({ ...options, spreadDays: Math.min(options.spreadDays ?? 365, 200) }), { nil: undefined }),
        active,
      }),
    ),
    optionalFields(fc.record({ kind: fc.constant("custom" as const), id, displayName: name, active })),
  ) as fc.Arbitrary<RequirementInput>;
}

function durationArbitrary(): fc.Arbitrary<NonNullable<CoursePolicyInput["purchaseWindow"]>["length"]> {
  return fc.oneof(
    fc.constant({ years: 1 }),
    fc.record({ days: fc.integer({ min: 1, max: 400 }) }),
    fc.record({ months: fc.integer({ min: 1, max: 18 }) }),
    fc.record({ weeks: fc.integer({ min: 1, max: 60 }), hours: fc.integer({ min: 0, max: 23 }) }),
    fc.record({ hours: fc.integer({ min: 1, max: 72 }) }),
  );
}

/**
 * Prices in integer minor units of an ISO 4217 currency.
 *
 * @returns an arbitrary of {@link Money}.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbitraryMoney } from "academic-credit/testing";
 * fc.sample(arbitraryMoney(), 1); // e.g. [{ amount: 60000, currency: "USD" }]
 * ```
 */
export function arbitraryMoney(): fc.Arbitrary<Money> {
  return fc.record({
    amount: fc.oneof({ arbitrary: fc.constantFrom(0, 1, 45000, 60000), weight: 1 }, { arbitrary: fc.integer({ min: 0, max: 10_000_000 }), weight: 2 }),
    currency: fc.constantFrom(...CURRENCIES),
  });
}

/**
 * Valid course credit policies as JSON (docs/rules.md §3): random requirements of every kind (unique
 * ids, some inactive), optional course end, eligible modes, initial verification, purchase window,
 * offers (unique providers) and proctoring rules, sometimes with the `edx` preset. Every value
 * parses with `parsePolicy`.
 *
 * @param options - course id, provider ids for offers, requirement ids, instants.
 * @returns an arbitrary of policy inputs.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { parsePolicy } from "academic-credit";
 * import { arbitraryPolicyInput } from "academic-credit/testing";
 * fc.assert(fc.property(arbitraryPolicyInput({ providerIds: ["asu"] }), (input) => parsePolicy(input).ok));
 * ```
 */
export function arbitraryPolicyInput(options: PolicyArbitraryOptions = {}): fc.Arbitrary<CoursePolicyInput> {
  const providerId = options.providerIds !== undefined && options.providerIds.length > 0 ? fc.constantFrom(...options.providerIds) : arbitraryProviderId();
  const offer = fc.record({
    providerId: providerId as fc.Arbitrary<string>,
    price: arbitraryMoney(),
    creditHours: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constantFrom(0.5, 1.5, 7.5)),
  });
  return optionalFields(
    fc.record({
      preset: fc.option(fc.constant("edx" as const), { freq: 6, nil: undefined }),
      courseId: options.courseId === undefined ? (arbitraryCourseId() as fc.Arbitrary<string>) : fc.constant(options.courseId),
      title: fc.oneof({ arbitrary: fc.constantFrom("Circuits and Electronics", "Potions 101"), weight: 3 }, { arbitrary: fc.string({ minLength: 1, maxLength: 60 }), weight: 1 }),
      endsAt: fc.option(arbitraryIsoInstant({ ...options, spreadDays: Math.min(options.spreadDays ?? 365, 200) }), { freq: 4, nil: undefined }),
      eligibleModes: fc.option(fc.uniqueArray(fc.constantFrom(...MODES), { minLength: 1, maxLength: 3 }), { freq: 3, nil: undefined }),
      requireInitialVerification: fc.option(fc.boolean(), { nil: undefined }),
      requirements: fc.uniqueArray(requirementInputArbitrary(options), { selector: (r) => r.id, maxLength: options.maxRequirements ?? 4 }),
      purchaseWindow: fc.option(fc.record({ anchor: fc.constantFrom("course-end" as const, "eligibility" as const), length: durationArbitrary() }), { freq: 2, nil: undefined }),
      offers: fc.uniqueArray(offer, { selector: (o) => o.providerId, maxLength: 4 }),
      proctoring: fc.option(
        optionalFields(
          fc.record({
            passingReviewResults: fc.option(fc.subarray([...REVIEW_RESULTS], { minLength: 1 }), { nil: undefined }),
            requireSecondReview: fc.option(fc.boolean(), { nil: undefined }),
            declineCascades: fc.option(fc.boolean(), { nil: undefined }),
            requireScore: fc.option(fc.boolean(), { nil: undefined }),
          }),
        ),
        { freq: 3, nil: undefined },
      ),
    }),
  ) as fc.Arbitrary<CoursePolicyInput>;
}

/**
 * Parsed course credit policies: {@link arbitraryPolicyInput} run through `parsePolicy`, defaults
 * applied.
 *
 * @param options - as for {@link arbitraryPolicyInput}.
 * @returns an arbitrary of policies.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { activeRequirements } from "academic-credit";
 * import { arbitraryPolicy } from "academic-credit/testing";
 * fc.assert(fc.property(arbitraryPolicy(), (p) => activeRequirements(p).every((r) => r.active)));
 * ```
 */
export function arbitraryPolicy(options: PolicyArbitraryOptions = {}): fc.Arbitrary<CoursePolicy> {
  return arbitraryPolicyInput(options).map((input) => {
    const parsed = parsePolicy(input);
    if (!parsed.ok) throw new Error(`arbitraryPolicyInput drew a policy parsePolicy refuses: ${parsed.error.message}`);
    return parsed.value;
  });
}

/**
 * Absolute http(s) URLs such as providers use.
 *
 * @returns an arbitrary of URLs that `parseProvider` accepts.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbitraryHttpUrl } from "academic-credit/testing";
 * fc.sample(arbitraryHttpUrl(), 1); // e.g. ["https://credit.example.edu/request"]
 * ```
 */
export function arbitraryHttpUrl(): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom("https", "http"),
      // Labels starting "xn--" must be valid punycode, which URL parsers check: keep them out.
      fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/).filter((label) => !label.startsWith("xn--")),
      fc.constantFrom("example.edu", "example.org", "xn--bcher-kva.example"),
      fc.array(fc.stringMatching(/^[A-Za-z0-9_.~-]{1,10}$/), { maxLength: 3 }),
      fc.option(fc.stringMatching(/^[a-z]{1,5}=[A-Za-z0-9%]{0,8}$/), { nil: undefined }),
    )
    .map(([scheme, host, domain, path, query]) => `${scheme}://${host}.${domain}/${path.join("/")}${query === undefined ? "" : `?${query}`}`);
}

/**
 * Options of {@link arbitraryProviderInput}.
 *
 * @example
 * ```ts
 * import type { ProviderArbitraryOptions } from "academic-credit/testing";
 * const options: ProviderArbitraryOptions = { id: "asu", integration: "signed-request" };
 * ```
 */
export interface ProviderArbitraryOptions {
  /** A fixed id (default: drawn by {@link arbitraryProviderId}). */
  readonly id?: string;
  /** A fixed integration (default: either). */
  readonly integration?: "link" | "signed-request";
}

/**
 * Valid credit providers as JSON (docs/rules.md §7), with hostile display names and instructions
 * (they end up in emails and pages). Every value parses with `parseProvider`.
 *
 * @param options - a fixed id or integration.
 * @returns an arbitrary of provider inputs.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { parseProvider } from "academic-credit";
 * import { arbitraryProviderInput } from "academic-credit/testing";
 * fc.assert(fc.property(arbitraryProviderInput(), (input) => parseProvider(input).ok));
 * ```
 */
export function arbitraryProviderInput(options: ProviderArbitraryOptions = {}): fc.Arbitrary<ProviderInput> {
  const text = fc.oneof({ arbitrary: fc.constantFrom("Arizona State University", "Hogwarts Extension School"), weight: 2 }, { arbitrary: arbitraryHostileString(), weight: 1 });
  return optionalFields(
    fc.record({
      id: options.id === undefined ? (arbitraryProviderId() as fc.Arbitrary<string>) : fc.constant(options.id),
      displayName: text.filter((s) => s.length > 0),
      active: fc.option(fc.boolean(), { nil: undefined }),
      description: fc.option(text, { nil: undefined }),
      url: arbitraryHttpUrl(),
      statusUrl: arbitraryHttpUrl(),
      fulfillmentInstructions: fc.option(text, { nil: undefined }),
      thumbnailUrl: fc.option(arbitraryHttpUrl(), { nil: undefined }),
      integration: options.integration === undefined ? fc.constantFrom("link" as const, "signed-request" as const) : fc.constant(options.integration),
      completionSteps: fc.boolean(),
    }),
  ) as fc.Arbitrary<ProviderInput>;
}

/**
 * Parsed credit providers: {@link arbitraryProviderInput} run through `parseProvider`.
 *
 * @param options - as for {@link arbitraryProviderInput}.
 * @returns an arbitrary of providers.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbitraryProvider } from "academic-credit/testing";
 * fc.assert(fc.property(arbitraryProvider({ id: "asu" }), (p) => p.id === "asu"));
 * ```
 */
export function arbitraryProvider(options: ProviderArbitraryOptions = {}): fc.Arbitrary<Provider> {
  return arbitraryProviderInput(options).map((input) => {
    const parsed = parseProvider(input);
    if (!parsed.ok) throw new Error(`arbitraryProviderInput drew a provider parseProvider refuses: ${parsed.error.message}`);
    return parsed.value;
  });
}

/**
 * Options of {@link arbitraryLearnerProfile}.
 *
 * @example
 * ```ts
 * import { toLearnerId } from "academic-credit";
 * import type { LearnerProfileArbitraryOptions } from "academic-credit/testing";
 * const options: LearnerProfileArbitraryOptions = { id: toLearnerId("42") };
 * ```
 */
export interface LearnerProfileArbitraryOptions {
  /** A fixed learner id (default: drawn by {@link arbitraryLearnerId}). */
  readonly id?: LearnerId;
  /** A fixed email address (default: drawn). */
  readonly email?: string;
}

/**
 * Learner profiles as a host's catalog returns them: hostile full names and usernames (they reach
 * emails and signed requests), optional country, IANA time zones with unusual offsets, locales
 * including unsupported ones.
 *
 * @param options - a fixed id or email.
 * @returns an arbitrary of {@link LearnerProfile}s.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbitraryLearnerProfile } from "academic-credit/testing";
 * const [learner] = fc.sample(arbitraryLearnerProfile(), 1);
 * ```
 */
export function arbitraryLearnerProfile(options: LearnerProfileArbitraryOptions = {}): fc.Arbitrary<LearnerProfile> {
  const name = fc.oneof({ arbitrary: fc.constantFrom("Ada Lovelace", "Grace Hopper", "José Ñúñez", "李小龍"), weight: 2 }, { arbitrary: arbitraryHostileString(), weight: 1 });
  return optionalFields(
    fc.record({
      id: options.id === undefined ? arbitraryLearnerId() : fc.constant(options.id),
      username: name,
      email: options.email === undefined ? fc.emailAddress() : fc.constant(options.email),
      fullName: name,
      country: fc.option(fc.constantFrom("GB", "US", "IN", "NP", "KI", "DE"), { nil: undefined }),
      timeZone: fc.option(fc.constantFrom(...TIME_ZONES), { nil: undefined }),
      locale: fc.option(fc.constantFrom(...LOCALES), { nil: undefined }),
    }),
  ) as fc.Arbitrary<LearnerProfile>;
}

type RequirementIdsByKind = { readonly exam: readonly string[]; readonly checkpoint: readonly string[]; readonly any: readonly string[] };

function requirementIdsOf(policy: CoursePolicy | CoursePolicyInput | undefined): RequirementIdsByKind {
  const reqs: readonly { readonly kind: string; readonly id: string }[] = policy?.requirements ?? [];
  const exam = reqs.filter((r) => r.kind === "proctored-exam").map((r) => r.id);
  const checkpoint = reqs.filter((r) => r.kind === "identity-reverification").map((r) => r.id);
  return { exam, checkpoint, any: reqs.map((r) => r.id) };
}

function idFrom(known: readonly string[]): fc.Arbitrary<string> {
  const other = fc.oneof(fc.constantFrom("final-exam", "midterm", "checkpoint-1", "unknown"), fc.string({ minLength: 1, maxLength: 16 }));
  return known.length === 0 ? other : fc.oneof({ arbitrary: fc.constantFrom(...known), weight: 6 }, { arbitrary: other, weight: 1 });
}

/**
 * Options of {@link arbitraryLearnerEventInput}.
 *
 * @example
 * ```ts
 * import type { LearnerEventArbitraryOptions } from "academic-credit/testing";
 * const options: LearnerEventArbitraryOptions = { around: new Date("2026-06-01T00:00:00Z") };
 * ```
 */
export interface LearnerEventArbitraryOptions extends InstantArbitraryOptions {
  /** Enrollment modes drawn first (default: the policy's eligible modes, `verified` and `audit`). */
  readonly modes?: readonly string[];
}

/**
 * Valid LMS events as JSON (docs/rules.md §4–§6), as an LMS webhook would deliver them. With a policy,
 * requirement ids are mostly the policy's own (exam ids for exam events, checkpoint ids for
 * reverifications), so random sequences make progress; grades and scores cluster around the usual
 * thresholds. Every value parses with `parseLearnerEvent`.
 *
 * @param policy - the course policy (parsed or as JSON), or none.
 * @param options - modes and instants (for `deadline-extended`).
 * @returns an arbitrary of event inputs.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { parseLearnerEvent } from "academic-credit";
 * import { arbitraryLearnerEventInput } from "academic-credit/testing";
 * fc.assert(fc.property(arbitraryLearnerEventInput(), (e) => parseLearnerEvent(e).ok));
 * ```
 */
export function arbitraryLearnerEventInput(
  policy?: CoursePolicy | CoursePolicyInput,
  options: LearnerEventArbitraryOptions = {},
): fc.Arbitrary<Record<string, unknown> & { readonly type: LearnerEvent["type"] }> {
  const ids = requirementIdsOf(policy);
  const modes = options.modes ?? [...new Set([...(policy?.eligibleModes ?? []), "verified", "audit"])];
  const mode = fc.oneof({ arbitrary: fc.constantFrom(...modes), weight: 5 }, { arbitrary: fc.string({ minLength: 1, maxLength: 64 }), weight: 1 });
  const grade = fc.oneof(
    { arbitrary: fc.constantFrom(0, 0.3, 0.6, 0.79, 0.8 - 1e-10, 0.8, 0.85, 0.95, 1), weight: 3 },
    { arbitrary: fc.double({ min: 0, max: 1, noNaN: true }), weight: 1 },
  );
  const exam = idFrom(ids.exam);
  // Few attempt ids, so resets archive attempts that later events name again.
  const attemptId = fc.constantFrom("attempt-1", "attempt-2", "attempt-3");
  return fc.oneof(
    { arbitrary: fc.record({ type: fc.constant("enrolled" as const), mode }), weight: 2 },
    { arbitrary: fc.record({ type: fc.constant("enrollment-mode-changed" as const), mode }), weight: 1 },
    { arbitrary: fc.record({ type: fc.constant("unenrolled" as const) }), weight: 1 },
    {
      arbitrary: fc.record({
        type: fc.constant("initial-verification" as const),
        result: fc.constantFrom("approved", "approved", "submitted", "denied", "expired") as fc.Arbitrary<"approved" | "submitted" | "denied" | "expired">,
      }),
      weight: 2,
    },
    { arbitrary: fc.record({ type: fc.constant("grade-updated" as const), grade }), weight: 3 },
    {
      arbitrary: fc.record({
        type: fc.constant("exam-attempt" as const),
        examId: exam,
        status: fc.constantFrom("started", "submitted", "submitted", "timed-out", "declined", "error", "reset") as fc.Arbitrary<"started" | "submitted" | "timed-out" | "declined" | "error" | "reset">,
        attemptId,
      }, { requiredKeys: ["type", "examId", "status"] }),
      weight: 3,
    },
    { arbitrary: fc.record({ type: fc.constant("exam-graded" as const), examId: exam, score: grade, attemptId }, { requiredKeys: ["type", "examId", "score"] }), weight: 3 },
    {
      arbitrary: fc.record({
        type: fc.constant("exam-reviewed" as const),
        examId: exam,
        result: fc.constantFrom<ReviewResult>("clean", "clean", "rules-violation", "suspicious", "not-reviewed"),
        reviewer: fc.constantFrom("automated" as const, "human" as const),
        attemptId,
      }, { requiredKeys: ["type", "examId", "result", "reviewer"] }),
      weight: 3,
    },
    {
      arbitrary: fc.record({
        type: fc.constant("reverification" as const),
        checkpointId: idFrom(ids.checkpoint),
        result: fc.constantFrom("submitted", "approved", "approved", "denied", "skipped", "system-error") as fc.Arbitrary<"submitted" | "approved" | "denied" | "skipped" | "system-error">,
      }),
      weight: 2,
    },
    {
      arbitrary: fc.record({
        type: fc.constant("requirement-recorded" as const),
        requirementId: idFrom(ids.any),
        status: fc.constantFrom("pending", "submitted", "satisfied", "satisfied", "failed", "declined") as fc.Arbitrary<"pending" | "submitted" | "satisfied" | "failed" | "declined">,
      }),
      weight: 2,
    },
    { arbitrary: fc.record({ type: fc.constant("deadline-extended" as const), until: arbitraryIsoInstant({ ...options, spreadDays: options.spreadDays ?? 800 }) }), weight: 1 },
  );
}

/**
 * Valid LMS events, parsed (`deadline-extended.until` as a `Date`): {@link arbitraryLearnerEventInput}
 * run through `parseLearnerEvent`.
 *
 * @param policy - the course policy, or none.
 * @param options - as for {@link arbitraryLearnerEventInput}.
 * @returns an arbitrary of {@link LearnerEvent}s.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbitraryLearnerEvent } from "academic-credit/testing";
 * fc.sample(arbitraryLearnerEvent(), 3).map((e) => e.type);
 * ```
 */
export function arbitraryLearnerEvent(policy?: CoursePolicy | CoursePolicyInput, options: LearnerEventArbitraryOptions = {}): fc.Arbitrary<LearnerEvent> {
  return arbitraryLearnerEventInput(policy, options).map((input) => {
    const parsed = parseLearnerEvent(input);
    if (!parsed.ok) throw new Error(`arbitraryLearnerEventInput drew an event parseLearnerEvent refuses: ${parsed.error.message}`);
    return parsed.value;
  });
}

/**
 * A purchase command as the service's methods take it (docs/rules.md §8), tagged by `type`. Run one
 * with `runPurchaseCommand`.
 *
 * @example
 * ```ts
 * import type { PurchaseCommandInput } from "academic-credit/testing";
 * const c: PurchaseCommandInput = { type: "start-checkout", providerId: "asu", method: "card", idempotencyKey: "k1" };
 * ```
 */
export type PurchaseCommandInput =
  | { readonly type: "start-checkout"; readonly providerId: string; readonly method: PaymentMethod; readonly idempotencyKey: string }
  | {
      readonly type: "payment-result";
      readonly checkoutId: string;
      readonly outcome: PaymentOutcome;
      readonly paymentId: string;
      readonly amount: number;
      readonly currency: string;
    }
  | { readonly type: "request-credit" }
  | { readonly type: "record-decision"; readonly status: CreditDecision }
  | { readonly type: "refund" };

/**
 * Options of {@link arbitraryPurchaseCommand}: the ids worth drawing from, so that random commands
 * refer to each other (the same checkout paid twice, a result for a replaced checkout, …).
 *
 * @example
 * ```ts
 * import type { PurchaseCommandArbitraryOptions } from "academic-credit/testing";
 * const options: PurchaseCommandArbitraryOptions = { providerIds: ["asu"], checkoutIds: ["co-1", "co-2"] };
 * ```
 */
export interface PurchaseCommandArbitraryOptions {
  /** Provider ids for `start-checkout` (default: `asu`, `hogwarts` and random ones). */
  readonly providerIds?: readonly string[];
  /** Checkout ids for `payment-result` (default: `co-1` … `co-4`). */
  readonly checkoutIds?: readonly string[];
  /** Prices a payment usually carries (default: 60000 and 45000 USD). */
  readonly prices?: readonly Money[];
}

/**
 * Valid purchase commands (docs/rules.md §8) over a small pool of ids, so sequences exercise repeated
 * keys, duplicate and reordered payment results, mismatched amounts and currencies.
 *
 * @param options - the ids and prices to draw from.
 * @returns an arbitrary of {@link PurchaseCommandInput}s.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbitraryPurchaseCommand } from "academic-credit/testing";
 * fc.sample(fc.array(arbitraryPurchaseCommand({ providerIds: ["asu"] }), { maxLength: 5 }), 1);
 * ```
 */
export function arbitraryPurchaseCommand(options: PurchaseCommandArbitraryOptions = {}): fc.Arbitrary<PurchaseCommandInput> {
  const providerIds = options.providerIds ?? ["asu", "hogwarts"];
  const checkoutIds = options.checkoutIds ?? ["co-1", "co-2", "co-3", "co-4"];
  const prices = options.prices ?? [
    { amount: 60000, currency: "USD" },
    { amount: 45000, currency: "USD" },
  ];
  const provider = providerIds.length > 0 ? fc.oneof({ arbitrary: fc.constantFrom(...providerIds), weight: 5 }, { arbitrary: arbitraryProviderId() as fc.Arbitrary<string>, weight: 1 }) : (arbitraryProviderId() as fc.Arbitrary<string>);
  const price = fc.oneof(
    { arbitrary: prices.length > 0 ? fc.constantFrom(...prices) : arbitraryMoney(), weight: 5 },
    { arbitrary: arbitraryMoney(), weight: 1 },
  );
  return fc.oneof(
    {
      arbitrary: fc.record({
        type: fc.constant("start-checkout" as const),
        providerId: provider,
        method: fc.constantFrom<PaymentMethod>("card", "paypal"),
        idempotencyKey: fc.constantFrom("k1", "k2", "k3"),
      }),
      weight: 3,
    },
    {
      arbitrary: fc
        .tuple(
          checkoutIds.length > 0 ? fc.constantFrom(...checkoutIds) : fc.constant("co-1"),
          fc.constantFrom<PaymentOutcome>("succeeded", "succeeded", "failed", "cancelled"),
          fc.option(fc.constantFrom("p1", "p2"), { nil: undefined }),
          price,
        )
        .map(([checkoutId, outcome, paymentId, money]) => ({
          type: "payment-result" as const,
          checkoutId,
          outcome,
          paymentId: paymentId ?? `pay-${checkoutId}`,
          amount: money.amount,
          currency: money.currency,
        })),
      weight: 4,
    },
    { arbitrary: fc.constant({ type: "request-credit" as const }), weight: 2 },
    { arbitrary: fc.record({ type: fc.constant("record-decision" as const), status: fc.constantFrom<CreditDecision>("approved", "rejected") }), weight: 1 },
    { arbitrary: fc.constant({ type: "refund" as const }), weight: 1 },
  );
}

/**
 * The JSON body of a provider callback (docs/rules.md §9), before or after signing.
 *
 * @example
 * ```ts
 * import type { ProviderCallbackInput } from "academic-credit/testing";
 * const body: ProviderCallbackInput = {
 *   request_uuid: "557168d0f7664fe59097106c67c3f847", status: "approved", timestamp: "1434631630", signature: "0".repeat(64),
 * };
 * ```
 */
export interface ProviderCallbackInput {
  readonly request_uuid: string;
  readonly status: "approved" | "rejected" | "pending";
  /** Epoch seconds, as a string of digits. */
  readonly timestamp: string;
  /** 64 hex characters. */
  readonly signature: string;
}

/**
 * Options of {@link arbitraryProviderCallback}.
 *
 * @example
 * ```ts
 * import type { ProviderCallbackArbitraryOptions } from "academic-credit/testing";
 * const options: ProviderCallbackArbitraryOptions = { now: new Date("2026-07-09T09:00:00Z"), requestIds: ["557168d0f7664fe59097106c67c3f847"] };
 * ```
 */
export interface ProviderCallbackArbitraryOptions {
  /** Request ids drawn first (default: random 32-hex ids). */
  readonly requestIds?: readonly string[];
  /** Timestamps cluster around this instant and the edges of the accepted window (default 2026-01-10T09:00:00Z). */
  readonly now?: Date;
}

/**
 * Well-formed provider callback bodies with a random (so almost always wrong) signature: the
 * timestamp sits inside, at the edge of, or outside the accepted window around `now`. Sign one with
 * `signProviderCallback` to make it authentic.
 *
 * @param options - request ids and `now`.
 * @returns an arbitrary of {@link ProviderCallbackInput}s.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbitraryProviderCallback } from "academic-credit/testing";
 * fc.sample(arbitraryProviderCallback({ now: new Date("2026-07-09T09:00:00Z") }), 1);
 * ```
 */
export function arbitraryProviderCallback(options: ProviderCallbackArbitraryOptions = {}): fc.Arbitrary<ProviderCallbackInput> {
  const now = Math.floor((options.now?.getTime() ?? DEFAULT_AROUND) / 1000);
  const fresh = fc.stringMatching(/^[0-9a-f]{32}$/);
  const requestId = options.requestIds !== undefined && options.requestIds.length > 0 ? fc.oneof({ arbitrary: fc.constantFrom(...options.requestIds), weight: 4 }, { arbitrary: fresh, weight: 1 }) : fresh;
  const skew = fc.oneof(
    { arbitrary: fc.constantFrom(0, -1, -899, -900, -901, 59, 60, 61), weight: 3 },
    { arbitrary: fc.integer({ min: -100_000, max: 100_000 }), weight: 1 },
  );
  return fc.record({
    request_uuid: requestId,
    status: fc.constantFrom("approved" as const, "rejected" as const, "pending" as const),
    timestamp: skew.map((s) => String(Math.max(0, now + s))),
    signature: fc.stringMatching(/^[0-9a-f]{64}$/),
  });
}

// ---------------------------------------------------------------------------------------------
// Adversarial inputs

const HOSTILE_STRINGS: readonly string[] = [
  "",
  " ",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "\u202Eevil\u202C",
  "\u0000",
  "\r\nBcc: attacker@example.com",
  "'; DROP TABLE credit_events; --",
  "${process.exit(1)}",
  "{{constructor.constructor('return 1')()}}",
  "__proto__",
  "constructor",
  "toString",
  "../../etc/passwd",
  "%s%n%x",
  "\uD800",
  "👩‍👩‍👧‍👦",
  "Z̴̡͔a̷l̸g̵o̶",
  "a".repeat(10_000),
  "NaN",
  "null",
  "2026-02-30T00:00:00Z",
  "-0",
];

/**
 * Strings that break careless code: markup and script injection, header injection, bidi
 * overrides, NUL, lone surrogates, prototype keys, template syntax, very long text, and random
 * UTF-16.
 *
 * @returns an arbitrary of hostile strings.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { renderEmail } from "academic-credit";
 * import { arbitraryHostileString } from "academic-credit/testing";
 * fc.assert(fc.property(arbitraryHostileString(), (name) => !renderEmail({
 *   template: "credit-decision", idempotencyKey: "k", to: "ada@example.org",
 *   data: { learnerName: name, courseTitle: "T", providerName: "P", status: "approved", statusUrl: "https://p.example/s", providerUrl: "https://p.example" },
 * }).html.includes("<script>")));
 * ```
 */
export function arbitraryHostileString(): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...HOSTILE_STRINGS), weight: 3 },
    { arbitrary: fc.string({ unit: "binary", maxLength: 40 }), weight: 2 },
    { arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }), weight: 1 },
  );
}

/** A proxy every trap of which throws, except the symbols fast-check asks about (so it can be printed). */
function throwingProxy(): object {
  const fail = (): never => {
    throw new Error("hostile proxy: every access throws");
  };
  const describe = (): string => "<proxy whose every trap throws>";
  return new Proxy(
    {},
    {
      get: (_t, p) => (p === fc.toStringMethod ? describe : typeof p === "symbol" ? undefined : fail()),
      has: (_t, p) => (p === fc.toStringMethod ? true : typeof p === "symbol" ? false : fail()),
      ownKeys: fail,
      getOwnPropertyDescriptor: (_t, p) => (typeof p === "symbol" ? undefined : fail()),
      getPrototypeOf: fail,
      set: fail,
      defineProperty: fail,
      deleteProperty: fail,
    },
  );
}

function exoticValues(): readonly unknown[] {
  const throwing = {
    get type(): never {
      throw new Error("getter throws");
    },
    toString(): never {
      throw new Error("toString throws");
    },
    [fc.toStringMethod]: () => "<object whose type getter and toString throw>",
  };
  const nullProto = Object.create(null) as Record<string, unknown>;
  nullProto["type"] = "enrolled";
  nullProto["mode"] = "verified";
  const cyclic: Record<string, unknown> = { type: "grade-updated" };
  cyclic["self"] = cyclic;
  return [
    undefined,
    null,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    Number.MAX_VALUE,
    2 ** 53 + 1,
    10n,
    Symbol("junk"),
    () => 1,
    new Date(Number.NaN),
    new Date("2026-01-10T09:00:00Z"),
    [],
    {},
    [[[[[]]]]],
    new Map([["type", "enrolled"]]),
    new Set([1]),
    new Uint8Array(4),
    /regex/,
    new Error("boom"),
    JSON.parse('{"__proto__":{"polluted":true},"type":"enrolled","mode":"verified"}') as unknown,
    nullProto,
    cyclic,
    throwingProxy(),
    throwing,
    Object.assign(["x"], { type: "enrolled" }),
  ];
}

/**
 * Malformed values of every JavaScript kind: random JSON, wrong primitive types, `NaN`, `-0`,
 * infinities, BigInt, symbols, functions, invalid dates, maps, sets, typed arrays, null-prototype
 * and `__proto__`-keyed objects, cycles, proxies whose traps throw, and objects whose getters throw.
 *
 * @returns an arbitrary of junk.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { parsePolicy } from "academic-credit";
 * import { arbitraryJunk } from "academic-credit/testing";
 * fc.assert(fc.property(arbitraryJunk(), (junk) => parsePolicy(junk).ok === false));
 * ```
 */
export function arbitraryJunk(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...exoticValues()), weight: 2 },
    { arbitrary: fc.jsonValue({ maxDepth: 4 }), weight: 2 },
    {
      arbitrary: fc.anything({
        maxDepth: 3,
        key: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom("type", "__proto__", "constructor", "id", "at")),
        withBigInt: true,
        withDate: true,
        withMap: true,
        withSet: true,
        withNullPrototype: true,
        withObjectString: true,
        withBoxedValues: true,
        withSparseArray: true,
        withTypedArray: true,
      }),
      weight: 2,
    },
    { arbitrary: arbitraryHostileString(), weight: 1 },
  );
}

type Path = readonly (string | number)[];

function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const key: string | number = Array.isArray(value) ? Number(k) : k;
      const path = [...prefix, key];
      out.push(path);
      pathsOf(v, path, out);
    }
  }
  return out;
}

function cloneJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneJson);
  if (value instanceof Date) return new Date(value.getTime());
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = cloneJson(v);
    return out;
  }
  return value;
}

type Corruption = "delete" | "replace" | "add-field" | "wrap-in-array" | "stringify";

function corrupt(valid: unknown, pick: number, how: Corruption, junk: unknown, extraKey: string): unknown {
  const paths = pathsOf(valid);
  if (how === "stringify") return JSON.stringify(valid);
  if (paths.length === 0) return how === "wrap-in-array" ? [valid] : junk;
  const copy = cloneJson(valid);
  const path = paths[pick % paths.length] as Path;
  let parent: unknown = copy;
  for (const p of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[p];
  const last = path[path.length - 1] as string | number;
  const holder = parent as Record<string | number, unknown>;
  switch (how) {
    case "delete":
      if (Array.isArray(holder)) holder.splice(Number(last), 1);
      else delete holder[last];
      break;
    case "replace":
      holder[last] = junk;
      break;
    case "add-field":
      if (Array.isArray(holder)) holder.push(junk);
      else holder[extraKey] = junk;
      break;
    case "wrap-in-array":
      holder[last] = [holder[last]];
      break;
  }
  return copy;
}

/**
 * Near-miss inputs: a valid value with exactly one thing wrong somewhere inside it (a field
 * removed, replaced with junk, an unknown field added, a value wrapped in an array), or the whole
 * value sent as a JSON string. These reach deeper into a parser than random junk does.
 *
 * @param valid - an arbitrary of valid inputs (e.g. {@link arbitraryPolicyInput}).
 * @returns an arbitrary of corrupted copies (the valid values are not changed).
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { parseLearnerEvent } from "academic-credit";
 * import { arbitraryCorruption, arbitraryLearnerEventInput } from "academic-credit/testing";
 * fc.assert(fc.property(arbitraryCorruption(arbitraryLearnerEventInput()), (e) => typeof parseLearnerEvent(e).ok === "boolean"));
 * ```
 */
export function arbitraryCorruption<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      valid,
      fc.nat(),
      fc.constantFrom<Corruption>("delete", "replace", "replace", "add-field", "wrap-in-array", "stringify"),
      arbitraryJunk(),
      fc.constantFrom("extra", "__proto__", "constructor", "type", "signature"),
    )
    .map(([v, pick, how, junk, key]) => corrupt(v, pick, how, junk, key));
}

/**
 * Malformed inputs built from a valid arbitrary: {@link arbitraryJunk} or a near miss from
 * {@link arbitraryCorruption}.
 *
 * @param valid - an arbitrary of valid inputs.
 * @returns an arbitrary of malformed inputs.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { parseProvider } from "academic-credit";
 * import { arbitraryMalformed, arbitraryProviderInput } from "academic-credit/testing";
 * fc.assert(fc.property(arbitraryMalformed(arbitraryProviderInput()), (p) => typeof parseProvider(p).ok === "boolean"));
 * ```
 */
export function arbitraryMalformed<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: arbitraryJunk(), weight: 1 }, { arbitrary: arbitraryCorruption(valid), weight: 2 });
}

/**
 * Malformed course policies: junk, or a valid policy input with one thing wrong.
 *
 * @returns an arbitrary of malformed policy inputs.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { parsePolicy } from "academic-credit";
 * import { arbitraryMalformedPolicyInput } from "academic-credit/testing";
 * fc.assert(fc.property(arbitraryMalformedPolicyInput(), (p) => typeof parsePolicy(p).ok === "boolean"));
 * ```
 */
export function arbitraryMalformedPolicyInput(): fc.Arbitrary<unknown> {
  return arbitraryMalformed(arbitraryPolicyInput());
}

/**
 * Malformed providers: junk, or a valid provider input with one thing wrong.
 *
 * @returns an arbitrary of malformed provider inputs.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { parseProviders } from "academic-credit";
 * import { arbitraryMalformedProviderInput } from "academic-credit/testing";
 * fc.assert(fc.property(fc.array(arbitraryMalformedProviderInput(), { maxLength: 3 }), (list) => typeof parseProviders(list).ok === "boolean"));
 * ```
 */
export function arbitraryMalformedProviderInput(): fc.Arbitrary<unknown> {
  return arbitraryMalformed(arbitraryProviderInput());
}

/**
 * Malformed LMS events: junk, or a valid event with one thing wrong.
 *
 * @param policy - the course policy, or none.
 * @returns an arbitrary of malformed event inputs.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { parseLearnerEvent } from "academic-credit";
 * import { arbitraryMalformedLearnerEvent } from "academic-credit/testing";
 * fc.assert(fc.property(arbitraryMalformedLearnerEvent(), (e) => typeof parseLearnerEvent(e).ok === "boolean"));
 * ```
 */
export function arbitraryMalformedLearnerEvent(policy?: CoursePolicy | CoursePolicyInput): fc.Arbitrary<unknown> {
  return arbitraryMalformed(arbitraryLearnerEventInput(policy));
}

/**
 * Malformed purchase commands: junk, or a valid command with one thing wrong.
 *
 * @param options - as for {@link arbitraryPurchaseCommand}.
 * @returns an arbitrary of malformed commands.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbitraryMalformedPurchaseCommand } from "academic-credit/testing";
 * fc.sample(arbitraryMalformedPurchaseCommand(), 3);
 * ```
 */
export function arbitraryMalformedPurchaseCommand(options: PurchaseCommandArbitraryOptions = {}): fc.Arbitrary<unknown> {
  return arbitraryMalformed(arbitraryPurchaseCommand(options));
}

/**
 * Malformed provider callback bodies: junk, or a well-formed body with one thing wrong.
 *
 * @param options - as for {@link arbitraryProviderCallback}.
 * @returns an arbitrary of malformed callback bodies.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbitraryMalformedProviderCallback } from "academic-credit/testing";
 * fc.sample(arbitraryMalformedProviderCallback(), 3);
 * ```
 */
export function arbitraryMalformedProviderCallback(options: ProviderCallbackArbitraryOptions = {}): fc.Arbitrary<unknown> {
  return arbitraryMalformed(arbitraryProviderCallback(options));
}

/** Internal: the zones the invariant checker replays under, and arbitraries draw from. */
export const INTERESTING_TIME_ZONES = TIME_ZONES;

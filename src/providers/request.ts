import type { RequestId } from "../ids/index.js";
import { err, ok, type Result } from "../result/index.js";
import { toEpochSeconds } from "../time/index.js";
import type { CourseKey } from "./course-key.js";
import { signEdxV1, usableKeys, type SignOptions } from "./signature.js";

/**
 * The parameters of a credit request, exactly as Open edX sends them to a provider (docs/rules.md §9):
 * all strings, without the `signature`.
 *
 * @example
 * ```ts
 * import type { CreditRequestParameters } from "academic-credit";
 * const country = (p: CreditRequestParameters): string => p.user_country;
 * ```
 */
export type CreditRequestParameters = {
  /** The request id: 32 lowercase hex. */
  readonly request_uuid: string;
  /** When the request was issued, in epoch seconds. */
  readonly timestamp: string;
  readonly course_org: string;
  readonly course_num: string;
  readonly course_run: string;
  /** Epoch seconds of the enrollment, or "". */
  readonly enrollment_timestamp: string;
  /** Epoch seconds of the moment eligibility was granted, or "". */
  readonly course_completion_timestamp: string;
  /** The satisfied grade as Open edX writes it (see {@link buildCreditRequestParameters}), or "". */
  readonly final_grade: string;
  readonly user_username: string;
  readonly user_email: string;
  readonly user_full_name: string;
  /** Always "". */
  readonly user_mailing_address: string;
  /** ISO 3166 country code, or "". */
  readonly user_country: string;
};

/**
 * Credit request parameters with their `edx-v1` signature: the form a learner's browser POSTs to
 * the provider.
 *
 * @example
 * ```ts
 * import type { SignedCreditRequestParameters } from "academic-credit";
 * const signatureOf = (p: SignedCreditRequestParameters): string => p.signature;
 * ```
 */
export type SignedCreditRequestParameters = CreditRequestParameters & {
  /** 64 lowercase hex characters. */
  readonly signature: string;
};

/**
 * The learner as a credit request describes them.
 *
 * @example
 * ```ts
 * import type { CreditRequestLearner } from "academic-credit";
 * const ada: CreditRequestLearner = { username: "ada", email: "ada@example.org", fullName: "Ada Lovelace", country: "GB" };
 * ```
 */
export interface CreditRequestLearner {
  readonly username: string;
  readonly email: string;
  readonly fullName: string;
  /** ISO 3166 country code; "" when unknown. */
  readonly country?: string | undefined;
}

/**
 * What {@link buildCreditRequestParameters} needs.
 *
 * @example
 * ```ts
 * import { toRequestId, type CreditRequestInput } from "academic-credit";
 * const input: CreditRequestInput = {
 *   requestId: toRequestId("557168d0f7664fe59097106c67c3f847"),
 *   now: new Date("2015-06-18T12:47:10Z"),
 *   course: { org: "HogwartsX", number: "Potions101", run: "1T2015" },
 *   finalGrade: 0.95,
 *   learner: { username: "bob", email: "bob@example.com", fullName: "Bob", country: "US" },
 * };
 * ```
 */
export interface CreditRequestInput {
  /** The request id (`request_uuid`): 32 lowercase hex, from the host's id generator. */
  readonly requestId: RequestId;
  /** When the request is issued (`timestamp`). */
  readonly now: Date;
  /** The course key parts, from `parseCourseKey`. */
  readonly course: CourseKey;
  /** When the learner enrolled (`enrollment_timestamp`); "" when absent. */
  readonly enrolledAt?: Date | undefined;
  /** When eligibility was granted (`course_completion_timestamp`); "" when absent. */
  readonly eligibleAt?: Date | undefined;
  /** The satisfied grade in [0, 1] (`final_grade`); "" when the course has no grade requirement. */
  readonly finalGrade?: number | undefined;
  readonly learner: CreditRequestLearner;
}

/** Python's `str(float)`: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
function pythonFloatStr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  const [mantissa = "0", exponent = "0"] = Math.abs(x).toExponential().split("e");
  const digits = mantissa.replace(".", "");
  const decimalPoint = Number(exponent) + 1;
  if (decimalPoint <= -4 || decimalPoint > 16) {
    const e = decimalPoint - 1;
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : "";
    return `${sign}${digits[0] ?? "0"}${fraction}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  if (decimalPoint <= 0) return `${sign}0.${"0".repeat(-decimalPoint)}${digits}`;
  if (decimalPoint >= digits.length) return `${sign}${digits}${"0".repeat(decimalPoint - digits.length)}.0`;
  return `${sign}${digits.slice(0, decimalPoint)}.${digits.slice(decimalPoint)}`;
}

/**
 * Python's `"{:.5f}".format(x)`: the exact binary value rounded to 5 decimals, ties to even.
 * `toFixed` is exact too but breaks ties away from zero; the only doubles exactly halfway between
 * two 5-decimal numbers are the odd multiples of 1/64, which are rounded here.
 */
function pythonFixed5(x: number): string {
  const magnitude = Math.abs(x);
  const sixtyFourths = magnitude * 64;
  if (magnitude >= 2 ** 20 || !Number.isInteger(sixtyFourths) || sixtyFourths % 2 === 0) return x.toFixed(5);
  const below = magnitude * 1e5 - 0.5;
  const digits = String(below % 2 === 0 ? below : below + 1).padStart(6, "0");
  return `${x < 0 ? "-" : ""}${digits.slice(0, -5)}.${digits.slice(-5)}`;
}

/**
 * Writes a grade the way Open edX puts it in `final_grade`: Python's `str()` of the float grade,
 * or `"{:.5f}"` when that text is longer than 7 characters. Open edX grades are floats, so a
 * grade of 1 is written "1.0" and 0.95 "0.95". Internal.
 */
export function formatFinalGrade(grade: number): string {
  const text = pythonFloatStr(grade);
  return text.length > 7 ? pythonFixed5(grade) : text;
}

/**
 * Builds the parameters of a credit request exactly as Open edX sends them (docs/rules.md §9), ready
 * to sign. Timestamps are epoch seconds; absent values are "". `final_grade` is written as Open
 * edX writes its float grades: Python's `str(grade)` ("0.95", "0.8", and "1.0" for a grade of 1),
 * or 5 decimals rounded half to even when that text is longer than 7 characters (0.123456789 →
 * "0.12346").
 *
 * @param input - request id, issue instant, course key parts, dates, grade and learner.
 * @returns the unsigned parameters.
 * @example
 * ```ts
 * import { buildCreditRequestParameters, toRequestId } from "academic-credit";
 * const params = buildCreditRequestParameters({
 *   requestId: toRequestId("557168d0f7664fe59097106c67c3f847"),
 *   now: new Date("2015-06-18T12:47:10Z"),
 *   course: { org: "HogwartsX", number: "Potions101", run: "1T2015" },
 *   finalGrade: 0.95,
 *   learner: { username: "bob", email: "bob@example.com", fullName: "Bob", country: "US" },
 * });
 * params.timestamp; // "1434631630"
 * ```
 */
export function buildCreditRequestParameters(input: CreditRequestInput): CreditRequestParameters {
  return {
    request_uuid: input.requestId,
    timestamp: toEpochSeconds(input.now),
    course_org: input.course.org,
    course_num: input.course.number,
    course_run: input.course.run,
    enrollment_timestamp: input.enrolledAt === undefined ? "" : toEpochSeconds(input.enrolledAt),
    course_completion_timestamp: input.eligibleAt === undefined ? "" : toEpochSeconds(input.eligibleAt),
    final_grade: input.finalGrade === undefined ? "" : formatFinalGrade(input.finalGrade),
    user_username: input.learner.username,
    user_email: input.learner.email,
    user_full_name: input.learner.fullName,
    user_mailing_address: "",
    user_country: input.learner.country ?? "",
  };
}

/**
 * Signs credit request parameters with a provider's keys: the first non-empty key signs (key
 * rotation: put the new key first, keep the old ones after it for callbacks).
 *
 * @param parameters - from {@link buildCreditRequestParameters}.
 * @param keys - the provider's keys, newest first (the `ProviderKeys` port).
 * @param options - `hmac` forces an HMAC implementation.
 * @returns the parameters with `signature`, or `unknown-provider` when no key is usable.
 * @example
 * ```ts
 * import { buildCreditRequestParameters, signCreditRequest, toRequestId } from "academic-credit";
 * const params = buildCreditRequestParameters({
 *   requestId: toRequestId("557168d0f7664fe59097106c67c3f847"),
 *   now: new Date("2015-06-18T12:47:10Z"),
 *   course: { org: "HogwartsX", number: "Potions101", run: "1T2015" },
 *   learner: { username: "bob", email: "bob@example.com", fullName: "Bob" },
 * });
 * const signed = await signCreditRequest(params, ["", "new-secret", "old-secret"]); // signed with "new-secret"
 * ```
 */
export async function signCreditRequest(
  parameters: CreditRequestParameters,
  keys: readonly string[],
  options: SignOptions = {},
): Promise<Result<SignedCreditRequestParameters>> {
  const [key] = usableKeys(keys);
  if (key === undefined) return err("unknown-provider", "The credit provider has no shared key to sign requests with");
  const { signature: _ignored, ...unsigned } = parameters as CreditRequestParameters & { readonly signature?: string };
  return ok({ ...unsigned, signature: await signEdxV1(unsigned, key, options) });
}

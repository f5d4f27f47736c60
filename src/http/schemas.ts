import * as z from "zod/mini";
import { learnerEventSchema } from "../journey/schema.js";
import { callbackBodySchema } from "../providers/callback.js";
import { paymentResultSchema, startCheckoutSchema } from "../service/schemas.js";

/**
 * One route of `createCreditHandler`, documented: where, who may call it, and the JSON Schemas
 * (draft 2020-12) of its body and of its successful answer, generated from zod schemas.
 *
 * @example
 * ```ts
 * import type { CreditHttpRoute } from "academic-credit/http";
 * const route: CreditHttpRoute = { name: "dashboard", method: "GET", path: "/learner/dashboard/", auth: "session", summary: "", response: {} };
 * ```
 */
export interface CreditHttpRoute {
  readonly name: string;
  readonly method: "GET" | "POST";
  /** Under the handler's base path; `{…}` are path parameters, percent-encoded. */
  readonly path: string;
  /** `session`: the `authenticate` hook; `signature`: the provider's edx-v1 signature; `webhook`: the `authorizeWebhook` hook. */
  readonly auth: "session" | "signature" | "webhook";
  readonly summary: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly request?: Record<string, unknown>;
  readonly response: Record<string, unknown>;
  /** The status of a successful answer when it is not 200. */
  readonly created?: number;
}

const str = () => z.string();
const id = () => z.string().check(z.minLength(1), z.maxLength(255));
const instant = () => z.string().check(z.iso.datetime({ offset: true }));

const openEdxProvider = () =>
  z.object({
    id: str(),
    display_name: str(),
    url: str(),
    status_url: str(),
    description: str(),
    enable_integration: z.boolean(),
    fulfillment_instructions: z.nullable(str()),
    thumbnail_url: str(),
  });

const problem = () =>
  z.object({
    type: z.literal("about:blank"),
    title: str(),
    status: z.number().check(z.int()),
    code: str(),
    detail: str(),
    issues: z.optional(z.array(z.object({ path: z.array(z.union([str(), z.number()])), message: str() }))),
  });

/** A pipe whose first stage is a custom check (the callback body) is documented by the shape it ends in. */
const documented = (schema: z.ZodMiniType): z.ZodMiniType => {
  const def = schema._zod.def as { type: string; out?: z.ZodMiniType };
  return def.type === "pipe" && def.out !== undefined ? def.out : schema;
};

const toSchema = (schema: z.ZodMiniType, io: "input" | "output"): Record<string, unknown> =>
  z.toJSONSchema(documented(schema), { io, target: "draft-2020-12", unrepresentable: "any" }) as Record<string, unknown>;

/**
 * The JSON Schema of the problem document every refusal answers (`application/problem+json`).
 *
 * @returns the schema.
 * @example
 * ```ts
 * import { creditProblemJsonSchema } from "academic-credit/http";
 * creditProblemJsonSchema().required; // ["type", "title", "status", "code", "detail"]
 * ```
 */
export function creditProblemJsonSchema(): Record<string, unknown> {
  return toSchema(problem(), "output");
}

/**
 * Every route of `createCreditHandler` with its request and response JSON Schemas, generated from
 * the zod schemas the service parses with (LMS events, checkout and payment commands, provider
 * callbacks) and from the answers' shapes.
 *
 * @returns the routes, in the handler's order.
 * @example
 * ```ts
 * import { creditHttpRoutes } from "academic-credit/http";
 * const callback = creditHttpRoutes().find((r) => r.name === "provider-callback");
 * callback?.path; // "/providers/{provider_id}/callback/"
 * ```
 */
export function creditHttpRoutes(): readonly CreditHttpRoute[] {
  const tile = z.looseObject({ status: str(), courseId: str() });
  const action = z.union([
    z.object({ kind: z.literal("form"), reissued: z.boolean(), providerId: str(), requestId: str(), url: str(), parameters: z.record(str(), str()) }),
    z.object({ kind: z.literal("link"), reissued: z.boolean(), providerId: str(), requestId: str(), url: str() }),
  ]);
  const checkoutOption = z.looseObject({
    providerId: str(),
    displayName: str(),
    creditHours: z.number(),
    price: z.object({ amount: z.number(), currency: str() }),
    priceText: str(),
    deadline: instant(),
    availableUntil: str(),
  });
  const purchaseOutput = z.looseObject({ kind: str() });
  const routes: (Omit<CreditHttpRoute, "request" | "response"> & { request?: z.ZodMiniType; requestIo?: "input"; response: z.ZodMiniType })[] = [
    { name: "providers", method: "GET", path: "/providers/", auth: "session", summary: "Open edX: every credit provider, optionally only those named (comma-separated).", query: { provider_ids: "optional, comma-separated provider ids" }, response: z.array(openEdxProvider()) },
    { name: "provider", method: "GET", path: "/providers/{provider_id}/", auth: "session", summary: "Open edX: one provider (404 unknown-provider).", response: openEdxProvider() },
    {
      name: "provider-request",
      method: "POST",
      path: "/providers/{provider_id}/request/",
      auth: "session",
      summary: "Open edX: \"Complete Credit\" for a learner and course: the parameters to POST, signed edx-v1 (or the provider's link, method GET). Only the learner themself or staff.",
      request: z.object({ username: id(), course_key: id() }),
      response: z.object({ url: str(), method: z.enum(["POST", "GET"]), parameters: z.record(str(), str()) }),
    },
    {
      name: "provider-callback",
      method: "POST",
      path: "/providers/{provider_id}/callback/",
      auth: "signature",
      summary: "Open edX: the provider's signed decision; fields beyond the four must be strings and are signed too. 200 recorded, duplicate or acknowledged.",
      request: callbackBodySchema,
      response: z.object({ requestId: str(), providerId: str(), result: z.enum(["recorded", "duplicate", "acknowledged"]), status: z.enum(["pending", "approved", "rejected"]) }),
    },
    {
      name: "eligibility",
      method: "GET",
      path: "/eligibility/",
      auth: "session",
      summary: "Open edX: the learner's eligibility in a course while its deadline is open ([] otherwise). Only the learner themself or staff.",
      query: { username: "required", course_key: "required" },
      response: z.array(z.object({ username: str(), course_key: str(), deadline: instant() })),
    },
    { name: "dashboard", method: "GET", path: "/learner/dashboard/", auth: "session", summary: "The signed-in learner's dashboard tiles.", response: z.array(tile) },
    {
      name: "progress",
      method: "GET",
      path: "/learner/courses/{course_id}/progress/",
      auth: "session",
      summary: "\"Requirements for Course Credit\" of the signed-in learner.",
      response: z.looseObject({ title: z.literal("Requirements for Course Credit"), status: str(), headline: str(), deadline: z.optional(str()), requirements: z.array(z.looseObject({ status: str() })), message: str() }),
    },
    { name: "checkout-options", method: "GET", path: "/learner/courses/{course_id}/checkout/", auth: "session", summary: "The providers the signed-in learner may buy credit from.", response: z.array(checkoutOption) },
    {
      name: "start-checkout",
      method: "POST",
      path: "/learner/courses/{course_id}/checkout/",
      auth: "session",
      summary: "\"Purchase Credit\": starts a checkout (201), or answers the one of the same idempotency key (200).",
      created: 201,
      request: startCheckoutSchema,
      requestIo: "input",
      response: z.object({ checkoutId: str(), result: z.enum(["started", "existing"]), redirectUrl: z.optional(str()) }),
    },
    {
      name: "request-credit",
      method: "POST",
      path: "/learner/courses/{course_id}/request/",
      auth: "session",
      summary: "\"Complete Credit\" for the signed-in learner: the signed form or the link; with Accept: text/html, the auto-submitting form page.",
      response: action,
    },
    {
      name: "lms-webhook",
      method: "POST",
      path: "/webhooks/lms/",
      auth: "webhook",
      summary: "An LMS fact about a learner in a course; a repeated eventId is answered from the first result.",
      request: z.object({ learnerId: id(), courseId: id(), eventId: z.optional(id()), event: learnerEventSchema }),
      requestIo: "input",
      response: z.object({ events: z.array(z.looseObject({ type: str() })), eligibility: z.object({ status: str() }) }),
    },
    {
      name: "payment-webhook",
      method: "POST",
      path: "/webhooks/payments/",
      auth: "webhook",
      summary: "The payment gateway's result for a checkout; a repeat is a no-op, a second success is refused (409 duplicate-payment) and refunded.",
      request: z.extend(paymentResultSchema, { learnerId: id(), courseId: id() }),
      requestIo: "input",
      response: purchaseOutput,
    },
  ];
  return routes.map(({ request, requestIo, response, ...route }) => ({
    ...route,
    ...(request === undefined ? {} : { request: toSchema(request, requestIo ?? "input") }),
    response: toSchema(response, "output"),
  }));
}
